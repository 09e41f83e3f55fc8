"""HoTT as code: higher inductive types as presented cell complexes.

A HIT's paths form the groupoid presented by its cells; from it come homology, the fundamental
group, maps (the recursion principle), families and transport (path induction) and winding
numbers. Importing ``hott`` never imports TensorFlow.
"""

from hott.complex import CellComplex, Path, simplex_name
from hott.families import Family, PathOver, Section, path_induction, universal_cover, winding_number
from hott.fibers import (
    AffineMap,
    FiniteSet,
    FreeGroupElements,
    Lattice,
    Permutation,
    Translation,
)
from hott.hit import HIT
from hott.homology import AbelianGroup, HomologyBasis
from hott.maps import HITMap
from hott.word_problem import Decision, UndecidedError
from hottbridge.errors import HottError

__all__ = [
    "HIT", "AbelianGroup", "AffineMap", "CellComplex", "Decision", "Family", "FiniteSet",
    "FreeGroupElements", "HITMap", "HomologyBasis", "HottError", "Lattice", "Path", "PathOver",
    "Permutation", "Section", "Translation", "UndecidedError", "path_induction", "simplex_name",
    "universal_cover", "winding_number",
]

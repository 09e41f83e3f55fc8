"""HoTT as code: higher inductive types as presented cell complexes.

A HIT's paths form the groupoid presented by its cells; from it come homology, the fundamental
group, maps (the recursion principle), families and transport (path induction) and winding
numbers. Importing ``hott`` never imports TensorFlow, nor the type theory: :func:`load_hit`
(a HIT declared in a ``.hott`` file) loads ``hott.lang`` on first use.
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
    "Permutation", "Section", "Translation", "UndecidedError", "load_hit", "path_induction",
    "simplex_name", "universal_cover", "winding_number",
]


def __getattr__(name: str) -> object:
    """``hott.load_hit`` (:func:`hott.lang.model.hit_files.load_hit`), imported on first use so
    that ``import hott`` stays free of the type checker."""
    if name == "load_hit":
        from hott.lang.model.hit_files import load_hit

        return load_hit
    raise AttributeError(f"module 'hott' has no attribute {name!r}")

"""Higher inductive types: a presented cell complex together with its invariants.

A :class:`HIT` is a :class:`~hott.complex.CellComplex` (building and reading cells, words as
:class:`~hott.complex.Path`) whose methods also answer the questions asked of a type: homotopy
of paths, homology, the fundamental group. Each of those is a layer below this module
(:mod:`hott.homology`, :mod:`hott.presentation`, :mod:`hott.word_problem`) that works on the
complex; the methods here only call them, and results are cached on the (immutable) complex.
The same class serves the library's HITs, the values of type-checked terms and the complexes
built from latent data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hott.complex import CellComplex, PathLike, mismatched_keys
from hott.homology import AbelianGroup, HomologyBasis, homology, reduce_degree_zero
from hott.presentation import ComponentPresentation, component_presentation
from hott.word_problem import Decision, decide_homotopic
from hott.words import REFL

if TYPE_CHECKING:
    from sympy.combinatorics.fp_groups import FpGroup

# PathLike and mismatched_keys are re-exported: bridge imports them from here.
__all__ = ["HIT", "PathLike", "mismatched_keys"]


class HIT(CellComplex):
    """A higher inductive type presented as a cell complex, with its invariants.

    Build it as a :class:`~hott.complex.CellComplex` (``point``, ``path``, ``cell``,
    ``from_cells``, ``from_simplices``); ask it ``homotopic``, ``homology``,
    ``fundamental_group`` and the rest below.
    """

    def homotopic(self, first: PathLike, second: PathLike, *, start: str | None = None) -> Decision:
        """Decide whether two paths with the same endpoints are equal in the groupoid.

        Returns a :class:`~hott.word_problem.Decision`: proved equal, proved different, or
        undecided with its reason. ``bool()`` of an undecided result raises.
        """
        first_path = self.word(first, start)
        refl_text = isinstance(second, str) and not second.replace(REFL, "").strip()
        second_path = self.word(second, first_path.start if refl_text else start)
        return decide_homotopic(self, first_path, second_path)

    def euler_characteristic(self) -> int:
        """The alternating sum of the cell counts."""
        return sum((-1) ** dim * count for dim, count in enumerate(self.cell_counts()))

    def homology(self) -> list[AbelianGroup]:
        """Integral homology H_0 .. H_dimension as (rank, torsion coefficients)."""
        return self.memo("homology", lambda: homology(self))

    def reduced_homology(self) -> list[AbelianGroup]:
        """Homology with H_0 reduced by one free summand (empty complexes stay empty)."""
        return reduce_degree_zero(self.homology())

    def betti_numbers(self) -> tuple[int, ...]:
        """The ranks of H_0 .. H_dimension."""
        return tuple(group.rank for group in self.homology())

    def homology_basis(self, dim: int) -> HomologyBasis:
        """Generators of H_dim as cycles, and coordinates of any cycle in them."""
        return self.memo(("basis", dim), lambda: HomologyBasis(self, dim))

    def presentation(self, base: str | None = None) -> ComponentPresentation:
        """The reduced presentation of the fundamental group at ``base`` (our own words)."""
        return component_presentation(self, base)

    def fundamental_group(self, base: str | None = None, *, simplify: bool = True) -> FpGroup:
        """π1 at ``base`` as a sympy ``FpGroup``, generators the 1-cells off a spanning tree."""
        return self.presentation(base).fp_group(simplify=simplify)

    def abelianization(self, base: str | None = None) -> AbelianGroup:
        """π1 at ``base`` made abelian (H_1 of its component)."""
        return self.presentation(base).abelianization()

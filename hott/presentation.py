"""The fundamental group of a component of a cell complex, as a reduced presentation.

Generators are the 1-cells off a spanning tree (networkx) of the component's 1-skeleton;
relators are the attaching words of the 2-cells with tree edges deleted. The presentation is
then simplified by our own Tietze moves (:mod:`hott.tietze`: eliminations and relator-shortening
substitutions), with no sympy object built on the way; on SageMath's catalogue the result is as
small as GAP's and Regina's (the Poincaré sphere: 2 generators, total relator length 13). A
sympy ``FpGroup`` is made only when asked (:meth:`ComponentPresentation.fp_group`), on the
simplified presentation, and its rewriting system only when sympy needs it.
"""

from __future__ import annotations

from functools import cached_property

import networkx as nx
from sympy import Symbol
from sympy.combinatorics.fp_groups import FpGroup, FpGroupElement
from sympy.combinatorics.free_groups import FreeGroupElement, free_group
from sympy.combinatorics.rewritingsystem import RewritingSystem

from hott.complex import CellComplex, Path
from hott.homology import AbelianGroup
from hott.snf import SmithForm, Sparse, invariant_factors, smith_form
from hott.tietze import simplify, tietze_reduce
from hott.words import (
    Letter,
    Word,
    expand,
    exponent_sums,
    free_reduce,
    invert,
    power,
    reduce_runs,
)

__all__ = ["ComponentPresentation", "component_presentation", "simplify", "tietze_reduce"]


def component_presentation(hit: CellComplex, base: str | None = None) -> ComponentPresentation:
    """The presentation of π1(hit, base) (default base: the first point), built once per
    component — rooted at the component's first point — and kept on the complex."""
    base = hit.base_point(base)
    component = next(c for c in hit.components() if base in c)
    root = next(x for x in hit.points if x in component)
    return hit.memo(("pi1", root), lambda: ComponentPresentation(hit, root))


class ComponentPresentation:
    """π1 of the component of ``root``: spanning tree, generators, reduced relators."""

    def __init__(self, hit: CellComplex, root: str) -> None:
        self.hit, self.root = hit, root
        graph = hit.one_skeleton()
        self.points = nx.node_connected_component(graph, root)
        self.parent: dict[str, tuple[str, str, int]] = {}  # point -> (previous, edge, sign)
        for previous, point in nx.bfs_edges(graph, root):
            name = min(graph[previous][point])
            sign = 1 if hit.paths[name][0] == previous else -1
            self.parent[point] = (previous, name, sign)
        self.tree_edges = frozenset(edge for _, edge, _ in self.parent.values())
        self.edge_generators = [
            name for name, (s, _) in hit.paths.items()
            if s in self.points and name not in self.tree_edges
        ]
        words = (hit.attaching_word(cell) for cell in hit.cells(2))
        relators = [self._drop_tree(word.letters) for word in words if word.start in self.points]
        self.generators, self.relators, eliminations = simplify(self.edge_generators, relators)
        self._definitions = dict(eliminations)
        self._survivors = frozenset(self.generators)
        self._expanded: dict[str, Word] = {}
        #: what deciders computed once for this group (coset table, rewriting system)
        self.decision_cache: dict[str, object] = {}

    # ----------------------------------------------------------- rewriting
    def _drop_tree(self, letters: Word) -> Word:
        return free_reduce(letter for letter in letters if letter[0] not in self.tree_edges)

    def rewrite(self, path: Path) -> Word:
        """A loop of the component as a word in the reduced generators, in single letters (a
        :class:`HottError` past :data:`hott.words.EXPAND_LIMIT` letters; see
        :meth:`rewrite_runs`). For a loop at x this is ``tree(x) · path · tree(x)^-1``."""
        return expand(self.rewrite_runs(path), what=f"loop of {self.hit.name} rewritten")

    def rewrite_runs(self, path: Path) -> Word:
        """:meth:`rewrite` as runs, read from ``path.runs``: each run ``(g, n)`` becomes the
        n-th power (by squaring, :func:`hott.words.power`) of g's expansion, so
        ``loop^(10**20)`` stays one run."""
        out: list[Letter] = []
        for g, e in path.runs:
            if g not in self.tree_edges:
                out.extend(power(self._expand(g), e))
        return reduce_runs(out)

    def abelian_sums(self, path: Path) -> dict[str, int]:
        """The exponent sums of :meth:`rewrite_runs` without writing the word: e times the
        sums of g's expansion, run by run (defined for any power)."""
        sums: dict[str, int] = {}
        for g, e in path.runs:
            if g not in self.tree_edges:
                for h, x in exponent_sums(self._expand(g)).items():
                    sums[h] = sums.get(h, 0) + e * x
        return {h: x for h, x in sums.items() if x}

    def _expand(self, generator: str) -> Word:
        """A generator as a word in the survivors (memoised, without recursion)."""
        if generator in self._survivors:
            return ((generator, 1),)
        stack = [generator]
        while stack:
            top = stack[-1]
            if top in self._expanded:
                stack.pop()
                continue
            pending = [
                h for h, _ in self._definitions[top]
                if h not in self._survivors and h not in self._expanded
            ]
            if pending:
                stack.extend(pending)
                continue
            out: list[Letter] = []
            for h, e in self._definitions[top]:
                piece = ((h, 1),) if h in self._survivors else self._expanded[h]
                out.extend(piece if e == 1 else invert(piece))
            self._expanded[top] = free_reduce(out)
            stack.pop()
        return self._expanded[generator]

    def tree_path(self, point: str) -> Path:
        """The spanning-tree path from the root to ``point``."""
        letters: list[Letter] = []
        end = point
        while point != self.root:
            previous, edge, sign = self.parent[point]
            letters.append((edge, sign))
            point = previous
        return Path(self.hit, self.root, end, tuple(reversed(letters)))

    def generator_loop(self, edge: str) -> Path:
        """The loop ``tree(s) · edge · tree(t)^-1`` at the root that an edge generator names."""
        source, target = self.hit.paths[edge]
        path = self.hit.word(edge)
        return self.tree_path(source).concat(path).concat(self.tree_path(target).inv())

    # -------------------------------------------------------------- algebra
    @property
    def is_free(self) -> bool:
        """Whether no relators are left (π1 is free on the generators)."""
        return not self.relators

    @cached_property
    def is_abelian_presentation(self) -> bool:
        """Syntactically abelian: at most one generator, or every commutator is a relator."""
        if len(self.generators) <= 1:
            return True
        found = set()
        for relator in self.relators:
            if len(relator) == 4 and all(e for _, e in relator):
                (a, e1), (b, e2), (c, e3), (d, e4) = relator
                if a == c and b == d and a != b and e1 == -e3 and e2 == -e4:
                    found.add(frozenset((a, b)))
        n = len(self.generators)
        return len(found) == n * (n - 1) // 2

    @cached_property
    def _relator_matrix(self) -> Sparse:
        """The relators' exponent sums as a sparse matrix, a row per relator."""
        column = {g: j for j, g in enumerate(self.generators)}
        rows = (exponent_sums(r) for r in self.relators)
        return {i: {column[g]: v for g, v in row.items()} for i, row in enumerate(rows) if row}

    @cached_property
    def _smith(self) -> SmithForm:
        """U R V = D for the relator matrix R (our iterative Smith form, block by block)."""
        return smith_form(self._relator_matrix, len(self.relators), len(self.generators))

    def abelianization(self) -> AbelianGroup:
        """π1 made abelian: the invariant factors of the relator matrix (FLINT, per block)."""
        factors = invariant_factors(self._relator_matrix)
        return AbelianGroup(
            len(self.generators) - len(factors), tuple(d for d in factors if d > 1)
        )

    def _smith_image(self, sums: dict[str, int]) -> list[int]:
        """The exponent vector ``sums`` times V (U R V = D): coordinates in which the relator
        lattice is spanned by d_i e_i."""
        right = self._smith.right
        image = [0] * len(self.generators)
        for j, g in enumerate(self.generators):
            if sums.get(g):
                for p, x in right.get(j, {}).items():
                    image[p] += sums[g] * x
        return image

    def abelian_image_is_zero(self, word: Word) -> bool:
        """Whether ``word`` (letters or runs) is zero in the abelianization: its exponent
        vector lies in the row lattice of the relator matrix, i.e. the i-th Smith coordinate
        is divisible by d_i."""
        return self.abelian_sums_are_zero(exponent_sums(word))

    def abelian_sums_are_zero(self, sums: dict[str, int]) -> bool:
        """:meth:`abelian_image_is_zero` for an exponent vector ``{generator: sum}``."""
        factors = self._smith.diagonal
        for i, value in enumerate(self._smith_image(sums)):
            modulus = factors[i] if i < len(factors) else 0
            if (value % modulus if modulus else value) != 0:
                return False
        return True

    def free_coordinates(self, word: Word) -> tuple[int, ...]:
        """The image of ``word`` in the free part Z^rank of the abelianization."""
        return tuple(self._smith_image(exponent_sums(word))[len(self._smith.diagonal):])

    # ---------------------------------------------------------------- sympy
    @cached_property
    def free_group(self):
        """sympy's free group on the generators (None when there are none)."""
        return free_group([Symbol(g) for g in self.generators])[0] if self.generators else None

    def to_sympy(self, word: Word) -> FreeGroupElement:
        """A word in the generators as an element of :attr:`free_group`."""
        group = self.free_group
        if group is None:
            raise ValueError("no generators")
        gens = dict(zip(self.generators, group.generators))
        element = group.identity
        for g, e in word:
            element = element * gens[g] ** e
        return element

    def fp_group(self, simplify: bool = True) -> FpGroup:
        """π1 as a sympy ``FpGroup`` on our simplified presentation. Its Knuth–Bendix rewriting
        system (which sympy builds eagerly, seconds for a genus-12 surface) is built the first
        time sympy uses it. ``simplify`` is kept for callers of the old API: our presentation is
        already simplified, so both values give the same group."""
        if not self.generators:
            return _LazyFpGroup(free_group("")[0], [])
        return _LazyFpGroup(self.free_group, [self.to_sympy(r) for r in self.relators])


class _LazyFpGroup(FpGroup):
    """sympy's ``FpGroup`` with the rewriting system made on first use, not in ``__init__``
    (sympy 1.14's ``__init__`` builds it eagerly; this sets the same attributes without it)."""

    def __init__(self, free, relators) -> None:
        self.free_group = free
        self.relators = list(relators)
        self.generators = self._generators()
        self.dtype = type("FpGroupElement", (FpGroupElement,), {"group": self})
        self._coset_table = None
        self._is_standardized = False
        self._order = None
        self._center = None
        self._perm_isomorphism = None
        self._lazy_system: RewritingSystem | None = None

    @property
    def _rewriting_system(self) -> RewritingSystem:
        if self._lazy_system is None:
            self._lazy_system = RewritingSystem(self)
        return self._lazy_system

"""The fundamental group of a component of a cell complex, as a reduced presentation.

Generators are the 1-cells off a spanning tree (networkx) of the component's 1-skeleton;
relators are the attaching words of the 2-cells with tree edges deleted. Before sympy sees it,
the presentation is reduced with our own Tietze moves: a relator in which some generator occurs
exactly once defines that generator, which is then substituted away — shortest relators first,
so that relators grow slowly. sympy's ``FpGroup`` (and ``simplify_presentation`` with
``change_gens=True``) gets only the small remainder.
"""

from __future__ import annotations

import heapq
from collections import Counter
from functools import cached_property

import networkx as nx
from sympy import ZZ, Symbol
from sympy.combinatorics.fp_groups import FpGroup, simplify_presentation
from sympy.combinatorics.free_groups import FreeGroupElement, free_group
from sympy.polys.matrices import DomainMatrix
from sympy.polys.matrices.normalforms import smith_normal_decomp

from hott.complex import CellComplex, Path
from hott.homology import AbelianGroup
from hott.words import Letter, Word, cyclic_reduce, exponent_sums, free_reduce, invert


def tietze_reduce(
    generators: list[str], relators: list[Word]
) -> tuple[list[str], list[Word], list[tuple[str, Word]]]:
    """Eliminate generators that occur exactly once in some relator.

    Returns the surviving generators, the relators over them, and the eliminations in order:
    ``(g, w)`` means g = w, where w uses generators that were still there at that time.
    """
    alive = set(generators)
    words: dict[int, Word] = {}
    occurs: dict[str, set[int]] = {g: set() for g in generators}
    for i, relator in enumerate(relators):
        word = cyclic_reduce(relator)
        if word:
            words[i] = word
            for g, _ in word:
                occurs[g].add(i)
    heap = [(len(w), i) for i, w in words.items()]
    heapq.heapify(heap)
    eliminated: list[tuple[str, Word]] = []
    while heap:
        size, i = heapq.heappop(heap)
        word = words.get(i)
        if word is None or len(word) != size:
            continue
        counts = Counter(g for g, _ in word)
        once = [g for g, n in counts.items() if n == 1]
        if not once:
            continue
        g = min(once, key=lambda h: len(occurs[h]))
        position = next(p for p, (h, _) in enumerate(word) if h == g)
        sign = word[position][1]
        rest = word[position + 1 :] + word[:position]  # g^sign · rest = 1
        value = invert(rest) if sign == 1 else free_reduce(rest)
        eliminated.append((g, value))
        del words[i]
        for h in counts:
            occurs[h].discard(i)
        alive.discard(g)
        for j in list(occurs.pop(g)):
            old = words[j]
            new = cyclic_reduce(_substitute(old, g, value))
            for h, _ in old:
                if h != g:
                    occurs[h].discard(j)
            if new:
                words[j] = new
                for h, _ in new:
                    occurs[h].add(j)
                heapq.heappush(heap, (len(new), j))
            else:
                del words[j]
    survivors = [g for g in generators if g in alive]
    return survivors, [words[i] for i in sorted(words)], eliminated


def _substitute(word: Word, generator: str, value: Word) -> list[Letter]:
    inverse = invert(value)
    out: list[Letter] = []
    for letter in word:
        if letter[0] == generator:
            out.extend(value if letter[1] == 1 else inverse)
        else:
            out.append(letter)
    return out


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
        relators = [
            self._drop_tree(hit.attaching_word(cell).letters)
            for cell in hit.cells(2)
            if hit.attaching_word(cell).start in self.points
        ]
        self.generators, self.relators, eliminations = tietze_reduce(
            self.edge_generators, relators
        )
        self._definitions = dict(eliminations)
        self._survivors = frozenset(self.generators)
        self._expanded: dict[str, Word] = {}
        #: what deciders computed once for this group (coset table, rewriting system)
        self.decision_cache: dict[str, object] = {}

    # ----------------------------------------------------------- rewriting
    def _drop_tree(self, letters: Word) -> Word:
        return free_reduce(letter for letter in letters if letter[0] not in self.tree_edges)

    def rewrite(self, path: Path) -> Word:
        """A loop of the component as a word in the reduced generators.

        For a loop at x this is the element ``tree(x) · path · tree(x)^-1`` of π1(root).
        """
        out: list[Letter] = []
        for g, e in self._drop_tree(path.letters):
            expansion = self._expand(g)
            out.extend(expansion if e == 1 else invert(expansion))
        return free_reduce(out)

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
    def _smith(self) -> tuple[list[int], DomainMatrix]:
        """Non-zero invariant factors of the relator matrix, and V with S = U R V."""
        n = len(self.generators)
        rows = [exponent_sums(r) for r in self.relators]
        column = {g: j for j, g in enumerate(self.generators)}
        matrix = DomainMatrix.from_dod(
            {i: {column[g]: ZZ(v) for g, v in row.items()} for i, row in enumerate(rows) if row},
            (len(rows), n),
            ZZ,
        )
        if not min(matrix.shape):
            return [], DomainMatrix.eye(n, ZZ)
        smith, _, v = smith_normal_decomp(matrix)
        diagonal = [abs(int(smith[i, i].element)) for i in range(min(smith.shape))]
        return [d for d in diagonal if d], v

    def abelianization(self) -> AbelianGroup:
        """π1 made abelian: the relator matrix's Smith normal form."""
        factors, _ = self._smith
        return AbelianGroup(
            len(self.generators) - len(factors), tuple(d for d in factors if d > 1)
        )

    def _smith_image(self, word: Word) -> list[int]:
        """The exponent vector of ``word`` times V (S = U R V): coordinates in which the
        relator lattice is spanned by d_i e_i."""
        _, v = self._smith
        sums = exponent_sums(word)
        row = DomainMatrix(
            [[ZZ(sums.get(g, 0)) for g in self.generators]], (1, len(self.generators)), ZZ
        )
        return [int(x) for x in (row * v).to_list()[0]] if self.generators else []

    def abelian_image_is_zero(self, word: Word) -> bool:
        """Whether ``word`` is zero in the abelianization: its exponent vector lies in the row
        lattice of the relator matrix, i.e. the i-th Smith coordinate is divisible by d_i."""
        factors, _ = self._smith
        for i, value in enumerate(self._smith_image(word)):
            modulus = factors[i] if i < len(factors) else 0
            if (value % modulus if modulus else value) != 0:
                return False
        return True

    def free_coordinates(self, word: Word) -> tuple[int, ...]:
        """The image of ``word`` in the free part Z^rank of the abelianization."""
        factors, _ = self._smith
        return tuple(self._smith_image(word)[len(factors):])

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
        """π1 as a sympy ``FpGroup`` on our reduced presentation (then sympy-simplified)."""
        if not self.generators:
            group = free_group("")[0]
            return FpGroup(group, [])
        group = FpGroup(self.free_group, [self.to_sympy(r) for r in self.relators])
        return simplify_presentation(group, change_gens=True) if simplify else group


"""Integer chains: their arithmetic, and the reduction of a chain complex by unit pivots.

A chain is a dict ``{cell: coefficient}`` without zeros. :func:`chain_sum` is the one place a
linear combination of chains is formed (boundaries, chain maps, abelianised words, homology
coordinates); :func:`add_to` is its in-place form, which the reduction needs.


Homology of a large complex must not go to Smith normal form directly. We first remove pairs
(a, b) of a (k+1)-cell and a k-face with coefficient ±1 — the algebraic form of elementary
collapses: a spanning forest of the 1-skeleton contracts first, in one pass (every tree edge
takes a vertex with it), then in each higher dimension the pairs that cause no fill-in
(coreductions, as in Mrozek–Batko, and collapses) are taken from a work list, and the rest
greedily, smallest boundary first. A simplicial complex given as integer face arrays
(:func:`reduce_simplicial`) takes the first two steps on arrays, in vectorised rounds, and only
its remainder goes to the dict-based reduction. The result is a chain-homotopy-equivalent complex, usually
tiny, whose Smith normal form :mod:`hott.snf` computes. With ``track=True`` the reduction keeps
what is needed to carry cycles across: the projection ``π`` to the reduced complex and the
inclusion ``ι`` back.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

#: A chain on integer-numbered cells (the reduction's cells).
Chain = dict[int, int]
Cell = TypeVar("Cell", bound=Hashable)


def chain_sum(terms: Iterable[tuple[Cell, int]]) -> dict[Cell, int]:
    """The chain ``Σ value·cell`` over ``(cell, value)`` terms (a cell may recur), zeros
    dropped; cells keep the order of their first term."""
    total: dict[Cell, int] = {}
    for cell, value in terms:
        total[cell] = total.get(cell, 0) + value
    return {cell: value for cell, value in total.items() if value}


def add_to(chain: dict[Cell, int], cell: Cell, value: int) -> None:
    """``chain += value·cell`` in place, dropping the cell when its coefficient becomes 0."""
    total = chain.get(cell, 0) + value
    if total:
        chain[cell] = total
    else:
        chain.pop(cell, None)


@dataclass(frozen=True)
class Pivot:
    """One removed pair: ``upper`` (dim k) with ``lower`` (dim k-1) in its boundary, coefficient
    ``unit``; ``boundary`` is upper's boundary then, and ``cofaces`` the coefficient of lower in
    the boundaries of the other k-cells that had it (both kept only when tracking)."""

    dim: int
    upper: int
    lower: int
    unit: int
    boundary: Chain | None
    cofaces: Chain | None


class ChainComplex:
    """Integer chain complex on cells ``0..n_k-1`` in each dimension, reduced in place.

    ``boundary[k][cell]`` is the chain of (k-1)-cells; ``alive[k]`` the cells not yet removed.
    """

    def __init__(self, counts: list[int], boundary: list[dict[int, Chain]], track: bool = False):
        self.counts = counts
        self.boundary = boundary  # boundary[0] is empty
        self.cofaces: list[list[set[int]]] = [[set() for _ in range(n)] for n in counts]
        for k in range(1, len(counts)):
            below = self.cofaces[k - 1]
            for cell, chain in boundary[k].items():
                for face in chain:
                    below[face].add(cell)
        self.alive = [set(range(n)) for n in counts]
        self.track = track
        self.pivots: list[Pivot] = []

    # ------------------------------------------------------------ reduction
    def reduce(self) -> ChainComplex:
        """Contract a spanning forest, then remove unit pivots in every dimension: first the
        pairs that need no fill-in (coreductions, a cell with one face left, and collapses, a
        face with one coface left), then greedily the others, smallest boundary first."""
        if len(self.counts) > 1:
            self._contract_forest()
        for k in range(2, len(self.counts)):
            self._coreduce(k)
            self._reduce_dimension(k)
        return self

    def _contract_forest(self) -> None:
        """Pair each tree edge with the vertex it reaches, breadth first from a root, in one
        pass: a merged vertex stands for its root, so at the end every edge left is a loop
        (boundary 0) and the 2-cells just lose their tree edges."""
        edges, cofaces, track = self.boundary[1], self.cofaces[0], self.track
        merged = [False] * self.counts[0]
        tree: list[int] = []
        roots: list[int] = []
        for root in range(self.counts[0]):
            if merged[root]:
                continue
            merged[root] = True
            roots.append(root)
            queue = deque(cofaces[root])
            while queue:
                edge = queue.popleft()
                chain = edges[edge]
                other = next((v for v in chain if not merged[v]), None)
                if other is None:
                    continue
                merged[other] = True
                tree.append(edge)
                others = [e for e in cofaces[other] if e != edge]
                if track:
                    unit = chain[other]
                    # the edge's other end is merged: it stands for the root
                    self.pivots.append(Pivot(1, edge, other, unit, {other: unit, root: -unit},
                                             {e: edges[e][other] for e in others}))
                queue.extend(others)
        upper = self.boundary[2] if len(self.counts) > 2 else None
        for edge in tree:
            del edges[edge]
            if upper is not None:
                for cell in self.cofaces[1][edge]:
                    del upper[cell][edge]
            self.cofaces[1][edge] = set()
        self.alive[1].difference_update(tree)
        for edge in self.alive[1]:
            edges[edge] = {}
        self.alive[0] = set(roots)
        for vertex in range(self.counts[0]):
            cofaces[vertex] = set()

    def _coreduce(self, k: int) -> None:
        """Remove, in dimension k, the unit pairs that cause no fill-in: a k-cell with one
        face left (coreduction) or a (k-1)-cell with one coface left (collapse); each removal
        only deletes entries, and the cells whose count dropped to one are looked at next."""
        boundary, cofaces = self.boundary[k], self.cofaces[k - 1]
        cells = [c for c in self.alive[k] if len(boundary[c]) == 1]
        faces = [f for f in self.alive[k - 1] if len(cofaces[f]) == 1]
        while cells or faces:
            while cells:
                cell = cells.pop()
                chain = boundary.get(cell)
                if chain is None or len(chain) != 1:
                    continue
                ((face, unit),) = chain.items()
                if unit in (1, -1):
                    cells.extend(c for c in self._eliminate(k, cell, face)
                                 if len(boundary[c]) == 1)
            while faces:
                face = faces.pop()
                if face not in self.alive[k - 1] or len(cofaces[face]) != 1:
                    continue
                (cell,) = cofaces[face]
                chain = boundary[cell]
                if chain[face] in (1, -1):
                    rest = [f for f in chain if f != face]
                    self._eliminate(k, cell, face)
                    faces.extend(f for f in rest if len(cofaces[f]) == 1)

    def _reduce_dimension(self, k: int) -> None:
        """Greedy unit pivots between k-cells and (k-1)-cells, smallest boundary first."""
        heap = [(len(self.boundary[k][c]), c) for c in self.alive[k]]
        heapq.heapify(heap)
        while heap:
            size, cell = heapq.heappop(heap)
            if cell not in self.alive[k] or size != len(self.boundary[k][cell]):
                continue
            faces = [f for f, c in self.boundary[k][cell].items() if c in (1, -1)]
            if not faces:
                continue
            face = min(faces, key=lambda f: len(self.cofaces[k - 1][f]))
            touched = self._eliminate(k, cell, face)
            for other in touched:
                heapq.heappush(heap, (len(self.boundary[k][other]), other))

    def _eliminate(self, k: int, upper: int, lower: int) -> list[int]:
        """Remove the pair (upper in dim k, lower in dim k-1); returns the k-cells changed."""
        boundary, below = self.boundary[k], self.cofaces[k - 1]
        pivot_chain = boundary[upper]
        unit = pivot_chain[lower]
        others = [c for c in below[lower] if c != upper]
        recorded = {c: boundary[c][lower] for c in others} if self.track else None
        for other in others:
            chain = boundary[other]
            factor = chain[lower] * unit
            for face, value in pivot_chain.items():
                total = chain.get(face, 0) - factor * value
                if total:
                    if face not in chain:
                        below[face].add(other)
                    chain[face] = total
                elif face in chain:
                    del chain[face]
                    below[face].discard(other)
        if self.track:
            self.pivots.append(Pivot(k, upper, lower, unit, dict(pivot_chain), recorded))
        # remove upper: from its faces' cofaces, and from the boundaries of (k+1)-cells
        for face in pivot_chain:
            below[face].discard(upper)
        if k + 1 < len(self.counts):
            above = self.boundary[k + 1]
            for coface in self.cofaces[k][upper]:
                del above[coface][upper]
        del boundary[upper]
        self.cofaces[k][upper] = set()
        self.alive[k].discard(upper)
        # remove lower (its cofaces are all gone now)
        if k - 1 >= 1:
            for face in self.boundary[k - 1][lower]:
                self.cofaces[k - 2][face].discard(lower)
            del self.boundary[k - 1][lower]
        below[lower] = set()
        self.alive[k - 1].discard(lower)
        return others

    # ------------------------------------------------------- moving chains
    def project(self, dim: int, chain: Chain) -> Chain:
        """π: a chain of the original complex to the reduced one (a chain map)."""
        chain = dict(chain)
        for pivot in self.pivots:
            if pivot.dim - 1 == dim and pivot.lower in chain:
                factor = chain[pivot.lower] * pivot.unit
                for face, value in pivot.boundary.items():
                    add_to(chain, face, -factor * value)
            elif pivot.dim == dim:
                chain.pop(pivot.upper, None)
        return chain

    def lift(self, dim: int, chain: Chain) -> Chain:
        """ι: a chain of the reduced complex back to the original (a chain map)."""
        return self.lift_many(dim, [chain])[0]

    def lift_many(self, dim: int, chains: list[Chain]) -> list[Chain]:
        """:meth:`lift` of several chains in one pass over the pivots: each pivot looks only
        at the chains that have a cell among its recorded cofaces."""
        chains = [dict(chain) for chain in chains]
        support: dict[int, set[int]] = {}
        for i, chain in enumerate(chains):
            for cell in chain:
                support.setdefault(cell, set()).add(i)
        for pivot in reversed(self.pivots):
            if pivot.dim != dim:
                continue
            touched = set().union(*(support.get(c, ()) for c in pivot.cofaces))
            for i in touched:
                chain = chains[i]
                hit = sum(chain.get(c, 0) * v for c, v in pivot.cofaces.items())
                if hit:
                    add_to(chain, pivot.upper, -pivot.unit * hit)
                    support.setdefault(pivot.upper, set()).add(i)
        return chains


def reduce_simplicial(faces: list[np.ndarray], rounds: int = 64) -> ChainComplex:
    """The reduced chain complex of a simplicial complex given by ``faces[k]``, the
    ``(n_k, k+1)`` indices of each k-simplex's faces (column i with sign ``(-1)^i``), for
    homology groups (cells renumbered, nothing tracked).

    On arrays: a spanning forest of the 1-skeleton (:func:`spanning_forest`) is contracted, then
    in each dimension k >= 2 rounds of collapses (a (k-1)-cell with one coface left) and of
    coreductions (a k-cell with one face left) are taken together, each round one pair per
    cell; these only delete entries, so every coefficient stays ±1. Once a round removes few
    pairs, a spanning forest of the dual graph is contracted (:func:`_dual_forest`), and the
    rest goes to :meth:`ChainComplex.reduce`."""
    counts = [len(level) for level in faces]
    alive = [np.ones(n, dtype=bool) for n in counts]
    if len(counts) > 1:
        tree = spanning_forest(counts[0], faces[1][:, 1], faces[1][:, 0])[0]
        alive[1][tree] = False
        alive[0][:] = False
        alive[0][:counts[0] - len(tree)] = True  # the components (edges left are loops)
    entries: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = [(np.empty(0, np.int64),) * 3] * 2
    for k in range(2, len(counts)):
        cell = np.repeat(np.arange(counts[k]), k + 1)
        face = faces[k].reshape(-1)
        sign = np.tile((-1) ** np.arange(k + 1), counts[k])
        for _ in range(rounds):
            live = alive[k][cell] & alive[k - 1][face]
            cell, face, sign = cell[live], face[live], sign[live]
            removed = _pair_round(face, alive[k - 1], cell, alive[k])  # collapses
            live = alive[k][cell] & alive[k - 1][face]
            cell, face, sign = cell[live], face[live], sign[live]
            removed += _pair_round(cell, alive[k], face, alive[k - 1])  # coreductions
            if removed * 16 < len(cell) or not removed:
                break
        live = alive[k][cell] & alive[k - 1][face]
        entries.append(_dual_forest(alive[k], alive[k - 1], cell[live], face[live], sign[live]))
    # the remainder, renumbered 0..m-1 in each dimension, to the dict-based reduction
    number = [np.cumsum(mask) - 1 for mask in alive]
    boundary: list[dict[int, Chain]] = [{} for _ in counts[:1]]
    boundary += [{i: {} for i in range(int(alive[1].sum()))} for _ in counts[1:2]]
    for k in range(2, len(counts)):
        cell, face, sign = entries[k]
        live = alive[k][cell] & alive[k - 1][face]
        level: dict[int, Chain] = {i: {} for i in range(int(alive[k].sum()))}
        for c, f, v in zip(number[k][cell[live]].tolist(), number[k - 1][face[live]].tolist(),
                           sign[live].tolist()):
            level[c][f] = v
        boundary.append(level)
    return ChainComplex([int(mask.sum()) for mask in alive], boundary).reduce()


def _pair_round(by: np.ndarray, by_alive: np.ndarray, other: np.ndarray,
                other_alive: np.ndarray) -> int:
    """Remove, at once, the pairs of live entries (``by[i]``, ``other[i]``) whose ``by`` side
    occurs in one entry only (one pair per ``other`` cell); returns how many. With ``by`` the
    faces it is a round of collapses (a face with one coface left); with ``by`` the cells, a
    round of coreductions (a cell with one face left)."""
    once = np.bincount(by, minlength=len(by_alive)) == 1
    hit = once[by]
    others, first = np.unique(other[hit], return_index=True)
    other_alive[others] = False
    by_alive[by[hit][first]] = False
    return len(others)


def _dual_forest(upper: np.ndarray, lower: np.ndarray, cell: np.ndarray, face: np.ndarray,
                 sign: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Contract a spanning forest of the dual graph in dimension k: its nodes are the live
    k-cells and an outside node, its edges the (k-1)-cells with two cofaces (joining them) or
    one (joining it to the outside). Eliminating each tree edge with the cell below it, leaves
    first, is a sequence of unit pivots (a tree edge has no other coface); the fill-in goes up
    the tree, so a component's root keeps ``Σ S_c·∂c`` with signs ``S`` that cancel the tree
    edges, and a component reaching the outside vanishes. Returns the entries left, summed."""
    n = len(upper)
    cofaces = np.bincount(face, minlength=len(lower))
    two = np.flatnonzero(cofaces[face] == 2)
    two = two[np.argsort(face[two], kind="stable")]
    one = np.flatnonzero(cofaces[face] == 1)
    first, second = two[0::2], two[1::2]
    source = np.concatenate([cell[first] + 1, np.zeros(len(one), dtype=np.int64)])
    target = np.concatenate([cell[second] + 1, cell[one] + 1])
    relation = np.concatenate([-sign[first] * sign[second], np.ones(len(one), dtype=np.int64)])
    edge_face = np.concatenate([face[first], face[one]])
    tree, label, orient = spanning_forest(n + 1, source, target, relation)
    lower[edge_face[tree]] = False
    root = label[1:] - 1  # -1: the outside
    upper[(root != np.arange(n)) & upper] = False
    keep = (root[cell] >= 0) & lower[face]
    new_cell, new_face = root[cell[keep]], face[keep]
    value = sign[keep] * orient[cell[keep] + 1]
    keys, inverse = np.unique(new_cell * len(lower) + new_face, return_inverse=True)
    total = np.bincount(inverse, weights=value, minlength=len(keys)).round().astype(np.int64)
    nonzero = total != 0
    keys = keys[nonzero]
    return keys // len(lower), keys % len(lower), total[nonzero]


def spanning_forest(n: int, source: np.ndarray, target: np.ndarray,
                    relation: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A spanning forest of the graph on vertices ``0..n-1`` with edges ``source[i] --
    target[i]``: the indices of its edges, each vertex's root (the smallest vertex of its
    component) and, given ``relation[i] = ±1`` (the sign ``S_source / S_target``), each
    vertex's sign ``S_v / S_root`` along the forest (all 1 without). By rounds of hooking on
    arrays: every component's root hooks to the smallest root one of its edges reaches, if
    smaller (so hooks never make a cycle), through that edge; every component with an edge
    out merges each round."""
    label, orient = np.arange(n), np.ones(n, dtype=np.int64)
    if relation is None:
        relation = np.ones(len(source), dtype=np.int64)
    tree: list[np.ndarray] = []
    edges = np.arange(len(source))
    while True:
        a, b = label[source], label[target]
        out = a != b
        if not out.any():
            break
        edges, source, target, relation = edges[out], source[out], target[out], relation[out]
        high, low = np.maximum(a[out], b[out]), np.minimum(a[out], b[out])
        order = np.lexsort((low, high))
        roots, first = np.unique(high[order], return_index=True)
        chosen = order[first]
        tree.append(edges[chosen])
        parent, step = np.arange(n), np.ones(n, dtype=np.int64)
        parent[roots] = low[chosen]
        step[roots] = orient[source[chosen]] * orient[target[chosen]] * relation[chosen]
        while True:  # point every vertex at its new root, multiplying the signs on the way
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            step, parent = step * step[parent], jumped
        orient = orient * step[label]
        label = parent[label]
    found = np.concatenate(tree) if tree else np.empty(0, dtype=np.int64)
    return found, label, orient

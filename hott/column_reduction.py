"""Integral homology of a small simplicial complex straight from its simplices: the column
algorithm with clearing (as in persistent homology), over Z.

A simplex is a bit mask of its vertices (at most :data:`MASK_VERTICES` of them, so masks stay
machine words), its boundary a dict ``{face mask: ±1}``, and the closure is taken on the way
down from the top dimension. Each boundary matrix ∂_k is reduced column by column: while a
column's lowest entry (its largest face mask) sits on a row that already has a unit pivot, that
pivot column is subtracted (exact, since the pivot is ±1); a column left with a unit lowest
entry becomes that row's pivot. Columns with a unit low are, on their low rows, a triangular
block with unit diagonal, so they add only 1s to the Smith normal form. A column whose low
is not a unit (torsion, as in RP²) is set aside; at the end it is cleared on every pivot row,
and what remains of the set-aside columns on the other rows — the Schur complement — goes to
FLINT's Smith normal form (:func:`hott.snf.invariant_factors`).

Clearing: a k-simplex that is the low of a unit pivot of ∂_{k+1} spans, with that column, a
unimodular change of basis in which its own column of ∂_k is zero, so it is skipped. ∂_1 is
ranked by a spanning forest (breadth first on neighbour masks). The matrices are reduced from
the top down; the columns left that reduce to zero cost the most, and there are β_k of them in
∂_k, k >= 2. A 2-dimensional complex with β2 > β1 (read off its Euler characteristic) has
∂_2's transpose reduced instead — the coboundaries of the edges, same invariant factors — with
the forest's edges cleared (the cut cochain of a tree edge is a coboundary with ±1 there and 0
on the other tree edges), which leaves β1 zero columns. (A breadth-first forest measured 1.4x
faster than a depth-first one there, on the matching complex of K7.)

No cell is named and nothing is built but the masks: this is the route
:func:`hott.homology.homology` takes for small complexes from
:meth:`hott.complex.CellComplex.from_simplices`; larger ones go through face arrays
(:func:`hott.chains.reduce_simplicial`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np

from hott.snf import invariant_factors

#: At most this many vertices (masks stay one or two machine words); complexes on more, like
#: surfaces with hundreds of vertices, are far faster through the face arrays.
MASK_VERTICES = 62


def boundary_ranks(by_size: Mapping[int, np.ndarray]
                   ) -> tuple[list[int], list[int], list[list[int]]] | None:
    """For the closure of the given simplices (sorted rows of distinct vertices, grouped by
    size): the number of k-simplices (k = 0 .. dimension), and the rank and the invariant
    factors > 1 of ∂_k (k = 0 .. dimension + 1; ∂_0 and the last are zero). None when there are
    more than :data:`MASK_VERTICES` vertices."""
    given = {size: rows.tolist() for size, rows in by_size.items()}
    vertices = sorted({v for rows in given.values() for row in rows for v in row})
    if len(vertices) > MASK_VERTICES:
        return None
    if not vertices:  # the empty complex
        return [], [0], [[]]
    bit = {v: 1 << i for i, v in enumerate(vertices)}.__getitem__
    top = max(given, default=0) - 1
    levels: list[set[int]] = [set() for _ in range(top + 1)]
    for size, rows in given.items():
        levels[size - 1].update(sum(map(bit, row)) for row in rows)
    levels[0].update(1 << i for i in range(len(vertices)))
    columns: list[dict[int, dict[int, int]]] = [{} for _ in range(top + 1)]  # k-simplex: ∂
    for k in range(top, 1, -1):  # ∂_1 is ranked by a forest: edges need no boundary
        below, level = levels[k - 1], columns[k]
        for simplex in levels[k]:
            chain, rest, sign = {}, simplex, 1
            while rest:  # faces without each vertex, smallest first: signs +, -, +, ...
                low = rest & -rest
                chain[simplex ^ low] = sign
                sign, rest = -sign, rest ^ low
            level[simplex] = chain
            below.update(chain)
    counts = [len(level) for level in levels]
    ranks, torsion = [0] * (top + 2), [[] for _ in range(top + 2)]
    tree = _spanning_forest(levels[0], levels[1]) if top >= 1 else set()
    ranks[1] = len(tree)
    if top == 2 and counts[0] - counts[1] + counts[2] > counts[0] - len(tree):  # χ - β0
        coboundary: dict[int, dict[int, int]] = {edge: {} for edge in levels[1]}
        for triangle, chain in columns[2].items():
            for edge, sign in chain.items():
                coboundary[edge][triangle] = sign
        _, ranks[2], torsion[2] = _reduce(coboundary, tree, lowest=min)
        return counts, ranks, torsion
    cleared: set[int] = set()
    for k in range(top, 1, -1):
        pivots, ranks[k], torsion[k] = _reduce(columns[k], cleared)
        cleared = set(pivots)
    return counts, ranks, torsion


def _reduce(columns: dict[int, dict[int, int]], cleared: set[int],
            lowest: Callable[[Iterable[int]], int] = max
            ) -> tuple[dict[int, dict[int, int]], int, list[int]]:
    """Reduce the columns not cleared: the unit pivots by their low row, the matrix's rank and
    its invariant factors > 1 (those of the set-aside columns' Schur complement). The rows are
    ordered by ``lowest``: the largest mask is the low (``max``), or the smallest (``min``,
    measured faster on coboundaries, as Ripser orders them)."""
    pivots: dict[int, dict[int, int]] = {}
    aside: list[dict[int, int]] = []
    for simplex, boundary in columns.items():
        if simplex in cleared:
            continue
        column = dict(boundary)
        while column:
            low = lowest(column)
            pivot = pivots.get(low)
            if pivot is None:
                break
            _subtract(column, pivot, low)
        if not column:
            continue
        if column[low] in (1, -1):
            pivots[low] = column
        else:
            aside.append(column)
    if not aside:
        return pivots, len(pivots), []
    rest: dict[int, dict[int, int]] = {}
    for i, column in enumerate(aside):
        while rows := [row for row in column if row in pivots]:  # the outermost first:
            # its pivot adds entries only on rows nearer the other end
            low = lowest(rows)
            _subtract(column, pivots[low], low)
        if column:
            rest[i] = column
    factors = invariant_factors(rest)  # of the transpose: the same
    return pivots, len(pivots) + len(factors), [d for d in factors if d > 1]


def _subtract(column: dict[int, int], pivot: dict[int, int], row: int) -> None:
    """``column -= c · pivot`` with c chosen to clear ``row`` (the pivot's entry there is ±1)."""
    factor = column[row] * pivot[row]
    for face, value in pivot.items():
        total = column.get(face, 0) - factor * value
        if total:
            column[face] = total
        else:
            del column[face]


def _spanning_forest(points: Iterable[int], edges: Iterable[int]) -> set[int]:
    """The edges of a spanning forest (as many as the rank of ∂_1), by breadth-first search on
    masks: each vertex's neighbours are one mask, the unseen ones one ``&`` away."""
    neighbours: dict[int, int] = dict.fromkeys(points, 0)
    for edge in edges:
        low = edge & -edge
        neighbours[low] |= edge ^ low
        neighbours[edge ^ low] |= low
    seen, forest = 0, set()
    for root in neighbours:
        if seen & root:
            continue
        seen |= root
        queue = [root]
        for vertex in queue:  # breadth first: the queue grows while it is read
            new = neighbours[vertex] & ~seen
            seen |= new
            while new:
                low = new & -new
                new ^= low
                forest.add(vertex | low)
                queue.append(low)
    return forest

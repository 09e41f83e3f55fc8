"""Invariant factors of sparse integer matrices, without recursion.

The matrices come from the unit-pivot reduction of a chain complex (:mod:`hott.chains`): what is
left is sparse and usually splits into many small independent blocks (a wedge of 1 000
projective planes leaves 1 000 blocks (2)). So the matrix is cut into its connected blocks
(rows and columns that share no entry are independent), each block's Smith normal form is
computed by FLINT (``python-flint``'s ``fmpz_mat.snf``, exact and iterative: measured against
sympy's recursive one in ``benchmarks/hott_groups.py``), and the blocks' diagonals are merged
into one divisibility chain by gcd/lcm exchanges.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from math import gcd

import flint


def _blocks(entries: Mapping[int, Mapping[int, int]]) -> list[list[int]]:
    """The rows of each connected block (rows linked by a shared column)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    owner: dict[int, int] = {}
    for row, columns in entries.items():
        if not columns:
            continue
        parent.setdefault(row, row)
        for column in columns:
            if column in owner:
                a, b = find(owner[column]), find(row)
                if a != b:
                    parent[b] = a
            else:
                owner[column] = row
    groups: dict[int, list[int]] = {}
    for row in parent:
        groups.setdefault(find(row), []).append(row)
    return list(groups.values())


def _block_diagonal(entries: Mapping[int, Mapping[int, int]], rows: list[int]) -> list[int]:
    """The non-zero Smith diagonal of one block."""
    if len(rows) == 1 and len(entries[rows[0]]) == 1:
        return [abs(next(iter(entries[rows[0]].values())))]
    columns = sorted({c for r in rows for c in entries[r]})
    position = {c: j for j, c in enumerate(columns)}
    matrix = flint.fmpz_mat(len(rows), len(columns))
    for i, row in enumerate(rows):
        for column, value in entries[row].items():
            matrix[i, position[column]] = value
    smith = matrix.snf()
    return [abs(int(smith[i, i])) for i in range(min(len(rows), len(columns))) if smith[i, i]]


def merge_diagonal(values: Iterable[int]) -> list[int]:
    """The invariant factors d1 | d2 | ... of a diagonal matrix with these non-zero entries."""
    d = sorted(abs(v) for v in values if v)
    if all(b % a == 0 for a, b in pairwise(d)):
        return d
    for i in range(len(d)):
        for j in range(i + 1, len(d)):
            g = gcd(d[i], d[j])
            if g != d[i]:
                d[i], d[j] = g, d[i] // g * d[j]
    return d


def invariant_factors(entries: Mapping[int, Mapping[int, int]]) -> list[int]:
    """The non-zero invariant factors of the sparse matrix ``{row: {column: value}}`` (their
    number is its rank), smallest first."""
    diagonal: list[int] = []
    for rows in _blocks(entries):
        diagonal.extend(_block_diagonal(entries, rows))
    return merge_diagonal(diagonal)


#: A sparse integer matrix ``{row: {column: value}}``.
Sparse = dict[int, dict[int, int]]


@dataclass(frozen=True)
class SmithForm:
    """``U A V = D`` for an integer matrix A: D's non-zero entries ``diagonal`` stand at
    (i, i) for i < len(diagonal); U, V are unimodular, given with their inverses, all sparse.
    Each independent block is in Smith normal form; the blocks' entries are not merged into one
    divisibility chain (``merge_diagonal`` gives the invariant factors)."""

    diagonal: tuple[int, ...]
    left: Sparse
    left_inverse: Sparse
    right: Sparse
    right_inverse: Sparse


def smith_form(entries: Mapping[int, Mapping[int, int]], rows: int, columns: int) -> SmithForm:
    """The :class:`SmithForm` of the ``rows`` × ``columns`` sparse matrix ``entries``, block by
    block (each block dense, eliminated by an iterative loop: no recursion at any size)."""
    matrix = {r: {c: int(v) for c, v in row.items() if v} for r, row in entries.items()}
    matrix = {r: row for r, row in matrix.items() if row}
    diagonal: list[int] = []
    # per new row position: (U's row {old row: x}, U^-1's column {old row: x}); pivots first
    pivot_rows, other_rows = [], []
    # per new column position: (V's column {old column: x}, V^-1's row {old column: x})
    pivot_columns, other_columns = [], []
    for block_rows in sorted(_blocks(matrix), key=min):
        block_rows.sort()
        block_columns = sorted({c for r in block_rows for c in matrix[r]})
        d, u, u_inv, v, v_inv = _dense_smith(
            [[matrix[r].get(c, 0) for c in block_columns] for r in block_rows])
        diagonal.extend(d)
        for i in range(len(block_rows)):
            pair = ({block_rows[j]: x for j, x in enumerate(u[i]) if x},
                    {block_rows[j]: u_inv[j][i] for j in range(len(block_rows)) if u_inv[j][i]})
            (pivot_rows if i < len(d) else other_rows).append(pair)
        for i in range(len(block_columns)):
            pair = ({block_columns[j]: v[j][i] for j in range(len(block_columns)) if v[j][i]},
                    {block_columns[j]: x for j, x in enumerate(v_inv[i]) if x})
            (pivot_columns if i < len(d) else other_columns).append(pair)
    seen_columns = {c for row in matrix.values() for c in row}
    other_rows += [({r: 1}, {r: 1}) for r in range(rows) if r not in matrix]
    other_columns += [({c: 1}, {c: 1}) for c in range(columns) if c not in seen_columns]
    left, left_inverse = _place(pivot_rows + other_rows)
    right_transposed, right_inverse = _place(pivot_columns + other_columns)
    return SmithForm(tuple(diagonal), left, _transpose(left_inverse),
                     _transpose(right_transposed), right_inverse)


def _place(pairs: list[tuple[dict[int, int], dict[int, int]]]) -> tuple[Sparse, Sparse]:
    """Position p gets the p-th pair: two matrices whose row p is the pair's first/second."""
    return ({p: first for p, (first, _) in enumerate(pairs)},
            {p: second for p, (_, second) in enumerate(pairs)})


def _transpose(matrix: Sparse) -> Sparse:
    out: Sparse = {}
    for r, row in matrix.items():
        for c, x in row.items():
            out.setdefault(c, {})[r] = x
    return out


def _dense_smith(a: list[list[int]]) -> tuple[list[int], list[list[int]], list[list[int]],
                                               list[list[int]], list[list[int]]]:
    """Smith normal form of a dense block with U, U^-1, V, V^-1 (U a V = diag, pivots first,
    each dividing the next), by iterated gcd steps in a loop."""
    n, m = len(a), len(a[0]) if a else 0
    u = [[int(i == j) for j in range(n)] for i in range(n)]
    u_inv = [row[:] for row in u]
    v = [[int(i == j) for j in range(m)] for i in range(m)]
    v_inv = [row[:] for row in v]

    def add_row(i: int, j: int, c: int) -> None:  # row i += c row j
        for mat in (a, u):
            mat[i] = [x + c * y for x, y in zip(mat[i], mat[j])]
        for row in u_inv:  # U^-1 column j -= c column i
            row[j] -= c * row[i]

    def swap_rows(i: int, j: int) -> None:
        for mat in (a, u):
            mat[i], mat[j] = mat[j], mat[i]
        for row in u_inv:
            row[i], row[j] = row[j], row[i]

    def add_column(i: int, j: int, c: int) -> None:  # column i += c column j
        for mat in (a, v):
            for row in mat:
                row[i] += c * row[j]
        v_inv[j] = [x - c * y for x, y in zip(v_inv[j], v_inv[i])]

    def swap_columns(i: int, j: int) -> None:
        for mat in (a, v):
            for row in mat:
                row[i], row[j] = row[j], row[i]
        v_inv[i], v_inv[j] = v_inv[j], v_inv[i]

    diagonal: list[int] = []
    for t in range(min(n, m)):
        found = [(abs(a[i][j]), i, j) for i in range(t, n) for j in range(t, m) if a[i][j]]
        if not found:
            break
        _, i, j = min(found)
        swap_rows(t, i)
        swap_columns(t, j)
        while True:
            for i in range(t + 1, n):
                if a[i][t]:
                    add_row(i, t, -(a[i][t] // a[t][t]))
            for j in range(t + 1, m):
                if a[t][j]:
                    add_column(j, t, -(a[t][j] // a[t][t]))
            rest = [(abs(a[i][t]), i, -1) for i in range(t + 1, n) if a[i][t]] + [
                (abs(a[t][j]), -1, j) for j in range(t + 1, m) if a[t][j]]
            if rest:  # a remainder smaller than the pivot: it becomes the pivot
                _, i, j = min(rest)
                if i >= 0:
                    swap_rows(t, i)
                else:
                    swap_columns(t, j)
                continue
            bad = next((i for i in range(t + 1, n) for j in range(t + 1, m)
                        if a[i][j] % a[t][t]), None)
            if bad is None:
                break
            add_row(t, bad, 1)  # bring an entry the pivot does not divide into row t
        if a[t][t] < 0:
            a[t] = [-x for x in a[t]]
            u[t] = [-x for x in u[t]]
            for row in u_inv:
                row[t] = -row[t]
        diagonal.append(a[t][t])
    return diagonal, u, u_inv, v, v_inv

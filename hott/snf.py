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

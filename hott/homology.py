"""Integral homology of a cell complex: groups by Smith normal form of the reduced chain
complex, and homology bases (generating cycles, coordinates of any cycle) for induced maps.

The groups use FLINT's exact, iterative Smith normal form on the reduced complex's blocks
(:mod:`hott.snf`); bases need the transforming matrices and use our own iterative Smith form
with transforms, block by block (:func:`hott.snf.smith_form`): nothing recurses, at any size."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hott.chains import Chain, ChainComplex, chain_sum, reduce_simplicial
from hott.column_reduction import boundary_ranks
from hott.complex import CellComplex, chain_boundary, closure_estimate
from hott.snf import Sparse, invariant_factors, smith_form
from hottbridge.errors import HottError


@dataclass(frozen=True)
class AbelianGroup:
    """A finitely generated abelian group Z^rank ⊕ Z/t1 ⊕ ... (t1 | t2 | ..., each > 1)."""

    rank: int
    torsion: tuple[int, ...] = ()

    @property
    def is_trivial(self) -> bool:
        """Whether the group is 0."""
        return self.rank == 0 and not self.torsion

    def __str__(self) -> str:
        parts = ["Z" if self.rank == 1 else f"Z^{self.rank}"] if self.rank else []
        parts += [f"Z/{t}" for t in self.torsion]
        return " ⊕ ".join(parts) or "0"


#: Up to this closure estimate (:func:`hott.complex.closure_estimate`), and on at most
#: :data:`hott.column_reduction.MASK_VERTICES` vertices, a complex from ``from_simplices`` takes
#: the column algorithm on vertex masks; larger ones the face arrays. Measured on the SageMath
#: catalogue (``benchmarks/hott_build.py``): masks 1.5-3x faster up to RP⁴ (4 800), even at K3
#: (9 216), arrays far faster on surfaces with hundreds of vertices.
MASK_CLOSURE = 8192


def chain_complex(hit: CellComplex, track: bool = False) -> tuple[ChainComplex, list[list[str]]]:
    """The cellular chain complex of ``hit`` on integer-numbered cells, and the names (read
    from the complex's store in one pass per dimension)."""
    store = hit._cells
    names = [list(hit.cells(k)) for k in range(min(hit.dimension + 1, 3))]
    names += [[] for _ in range(3, hit.dimension + 1)]
    for cell in store.higher:  # one pass, in the order given (as hit.cells(k))
        names[store.dim[cell]].append(cell)
    index = [{name: i for i, name in enumerate(level)} for level in names]
    boundary: list[dict[int, Chain]] = [{}]
    for k in range(1, len(names)):
        faces = index[k - 1]
        if k == 1:
            ends = map(store.paths.__getitem__, names[1])
            level = {i: {} if s == t else {faces[t]: 1, faces[s]: -1}
                     for i, (s, t) in enumerate(ends)}
        elif k == 2:
            level = {i: chain_sum((faces[f], e) for f, e in store.loops[cell][1])
                     for i, cell in enumerate(names[2])}
        else:
            level = {i: {faces[f]: c for f, c in store.higher[cell].items()}
                     for i, cell in enumerate(names[k])}
        boundary.append(level)
    return ChainComplex([len(level) for level in names], boundary, track), names


def _matrix(complex_: ChainComplex, k: int, rows: list[int], columns: list[int]) -> Sparse:
    """∂_k of the reduced complex, rows the surviving (k-1)-cells, columns the k-cells."""
    entries: Sparse = {}
    if k <= 0 or k >= len(complex_.counts):
        return entries
    position = {cell: i for i, cell in enumerate(rows)}
    for j, cell in enumerate(columns):
        for face, value in complex_.boundary[k][cell].items():
            if value:
                entries.setdefault(position[face], {})[j] = int(value)
    return entries


def _surviving(complex_: ChainComplex, k: int) -> list[int]:
    return sorted(complex_.alive[k]) if 0 <= k < len(complex_.counts) else []


def homology(hit: CellComplex) -> list[AbelianGroup]:
    """H_0 .. H_dim of ``hit``: reduce by unit pivots, then invariant factors (FLINT). A
    complex from :meth:`CellComplex.from_simplices` is reduced without naming its cells: a
    small one by the column algorithm on vertex masks (:mod:`hott.column_reduction`), a larger
    one from its integer face arrays (:func:`hott.chains.reduce_simplicial`)."""
    rows = hit._simplicial_rows()
    found = None
    if rows is not None and closure_estimate(rows) <= MASK_CLOSURE:
        found = boundary_ranks(rows)
    counts, ranks, torsion = found or _reduced_ranks(hit)
    return [AbelianGroup(n - ranks[k] - ranks[k + 1], tuple(torsion[k + 1]))
            for k, n in enumerate(counts)]


def _reduced_ranks(hit: CellComplex) -> tuple[list[int], list[int], list[list[int]]]:
    """What :func:`hott.column_reduction.boundary_ranks` gives, from the chain complex reduced
    by unit pivots: cells left per dimension, rank and invariant factors > 1 of each ∂_k."""
    faces = hit._simplicial_faces()
    if faces is not None:
        complex_ = reduce_simplicial(faces)
    else:
        complex_, _ = chain_complex(hit)
        complex_.reduce()
    dims = len(complex_.counts)
    factors = [[]] + [_nonzero_factors(complex_, k) for k in range(1, dims)] + [[]]
    return ([len(cells) for cells in complex_.alive], [len(f) for f in factors],
            [[d for d in f if d > 1] for f in factors])


def _nonzero_factors(complex_: ChainComplex, k: int) -> list[int]:
    """The non-zero invariant factors of the reduced ∂_k (their number is its rank): FLINT's
    exact Smith normal form on each independent block (:mod:`hott.snf`)."""
    if k <= 0 or k >= len(complex_.counts):
        return []
    return invariant_factors({cell: complex_.boundary[k][cell] for cell in complex_.alive[k]})


def reduce_degree_zero(groups: list[AbelianGroup]) -> list[AbelianGroup]:
    """Reduced homology: one free summand less in degree 0 (empty stays empty)."""
    if not groups or groups[0].rank == 0:
        return list(groups)
    return [AbelianGroup(groups[0].rank - 1, groups[0].torsion), *groups[1:]]


class HomologyBasis:
    """A basis of H_dim(hit): generating cycles and the coordinates of any cycle.

    ``orders[i]`` is 0 for a free generator and t for a generator of order t; coordinates of
    torsion generators are taken modulo their order. Free generators come first. The orders
    are those of a decomposition into cyclic groups, block by block of the reduced boundary
    (Z/2 ⊕ Z/3 may stand where the invariant factors say Z/6).
    """

    def __init__(self, hit: CellComplex, dim: int) -> None:
        if not isinstance(dim, int) or dim < 0:
            raise HottError(f"homology degree must be a non-negative integer, got {dim!r}")
        self.hit, self.dim = hit, dim
        self._complex, names = chain_complex(hit, track=True)
        self._complex.reduce()
        self._names = names[dim] if dim < len(names) else []
        self._index = {name: i for i, name in enumerate(self._names)}
        self._cells = _surviving(self._complex, dim)
        n = len(self._cells)
        rows = _surviving(self._complex, dim - 1)
        outgoing = smith_form(_matrix(self._complex, dim, rows, self._cells), len(rows), n)
        rank = len(outgoing.diagonal) if dim else 0
        self._rank, self._right_inverse = rank, outgoing.right_inverse
        upper = _surviving(self._complex, dim + 1)
        incoming = _matrix(self._complex, dim + 1, self._cells, upper)
        relations = {i - rank: row for i, row in _product(outgoing.right_inverse, incoming).items()
                     if i >= rank}
        k = n - rank
        smith = smith_form(relations, k, len(upper))
        self._left = smith.left
        # generators: the kernel columns rank.. of V, times L^-1
        kernel = {r: {p - rank: x for p, x in row.items() if p >= rank}
                  for r, row in outgoing.right.items()}
        generators = _product(kernel, smith.left_inverse)
        order_of = list(smith.diagonal) + [0] * (k - len(smith.diagonal))
        keep = [i for i in range(k) if order_of[i] != 1]
        keep.sort(key=lambda i: (order_of[i] != 0, i))  # free generators first
        self._keep = keep
        self.orders: tuple[int, ...] = tuple(order_of[i] for i in keep)
        columns: dict[int, dict[int, int]] = {}
        for r, row in generators.items():
            for i, x in row.items():
                columns.setdefault(i, {})[self._cells[r]] = x
        lifted = self._complex.lift_many(dim, [columns.get(i, {}) for i in keep])
        self.generators: list[dict[str, int]] = [
            {self._names[c]: v for c, v in sorted(chain.items()) if v} for chain in lifted]

    @property
    def rank(self) -> int:
        """The number of free generators (the Betti number)."""
        return sum(1 for order in self.orders if order == 0)

    def coordinates(self, chain: Mapping[str, int]) -> tuple[int, ...]:
        """The class of a cycle in this basis (torsion coordinates reduced mod their order)."""
        for name in chain:
            if name not in self._index:
                raise HottError(
                    f"{self.hit.name}: {name!r} is not a {self.dim}-cell, so the chain is not a "
                    f"{self.dim}-chain"
                )
        if chain_boundary(self.hit, chain):
            raise HottError(f"{self.hit.name}: the chain {dict(chain)!r} is not a cycle")
        indexed = chain_sum((self._index[name], int(value)) for name, value in chain.items())
        reduced = self._complex.project(self.dim, indexed)
        if not self._cells:
            return ()
        vector = {i: {0: reduced[c]} for i, c in enumerate(self._cells) if reduced.get(c)}
        in_kernel = {p - self._rank: row for p, row in
                     _product(self._right_inverse, vector).items() if p >= self._rank}
        y = _product(self._left, in_kernel)
        coordinates = []
        for i, order in zip(self._keep, self.orders):
            value = y.get(i, {}).get(0, 0)
            coordinates.append(value % order if order else value)
        return tuple(coordinates)


def _product(a: Sparse, b: Sparse) -> Sparse:
    """The product of two sparse integer matrices ``{row: {column: value}}``."""
    out: Sparse = {}
    for r, row in a.items():
        acc: dict[int, int] = {}
        for k, x in row.items():
            for c, y in b.get(k, {}).items():
                acc[c] = acc.get(c, 0) + x * y
        acc = {c: v for c, v in acc.items() if v}
        if acc:
            out[r] = acc
    return out

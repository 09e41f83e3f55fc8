"""Integral homology of a cell complex: groups by Smith normal form of the reduced chain
complex, and homology bases (generating cycles, coordinates of any cycle) for induced maps.

The groups use FLINT's exact, iterative Smith normal form on the reduced complex's blocks
(:mod:`hott.snf`); bases need the transforming matrices and use sympy's on the (small)
reduced complex."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sympy import QQ, ZZ
from sympy.polys.matrices import DomainMatrix
from sympy.polys.matrices.normalforms import smith_normal_decomp

from hott.chains import Chain, ChainComplex, chain_sum
from hott.complex import CellComplex, chain_boundary
from hott.snf import invariant_factors
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


def chain_complex(hit: CellComplex, track: bool = False) -> tuple[ChainComplex, list[list[str]]]:
    """The cellular chain complex of ``hit`` on integer-numbered cells, and the names."""
    names = [list(hit.cells(k)) for k in range(hit.dimension + 1)]
    index = [{name: i for i, name in enumerate(level)} for level in names]
    boundary: list[dict[int, Chain]] = [{}]
    for k in range(1, len(names)):
        faces = index[k - 1]
        boundary.append(
            {
                i: {faces[f]: c for f, c in hit.boundary_chain(cell).items()}
                for i, cell in enumerate(names[k])
            }
        )
    return ChainComplex([len(level) for level in names], boundary, track), names


def _matrix(complex_: ChainComplex, k: int, rows: list[int], columns: list[int]) -> DomainMatrix:
    """∂_k of the reduced complex, rows the surviving (k-1)-cells, columns the k-cells."""
    if k <= 0 or k >= len(complex_.counts):
        return DomainMatrix.zeros((len(rows), len(columns)), ZZ)
    position = {cell: i for i, cell in enumerate(rows)}
    entries: dict[int, dict[int, ZZ]] = {}
    for j, cell in enumerate(columns):
        for face, value in complex_.boundary[k][cell].items():
            entries.setdefault(position[face], {})[j] = ZZ(value)
    return DomainMatrix.from_dod(entries, (len(rows), len(columns)), ZZ)


def _surviving(complex_: ChainComplex, k: int) -> list[int]:
    return sorted(complex_.alive[k]) if 0 <= k < len(complex_.counts) else []


def homology(hit: CellComplex) -> list[AbelianGroup]:
    """H_0 .. H_dim of ``hit``: reduce by unit pivots, then invariant factors (FLINT)."""
    complex_, _ = chain_complex(hit)
    complex_.reduce()
    dims = len(complex_.counts)
    factors = [[]] + [_nonzero_factors(complex_, k) for k in range(1, dims)] + [[]]
    groups = []
    for k in range(dims):
        rank = len(complex_.alive[k]) - len(factors[k]) - len(factors[k + 1])
        groups.append(AbelianGroup(rank, tuple(d for d in factors[k + 1] if d > 1)))
    return groups


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
    torsion generators are taken modulo their order. Free generators come first.
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
        rows = _surviving(self._complex, dim - 1)
        outgoing = _matrix(self._complex, dim, rows, self._cells)
        incoming = _matrix(self._complex, dim + 1, self._cells, _surviving(self._complex, dim + 1))
        n = len(self._cells)
        _, _, v = smith_normal_decomp(outgoing) if outgoing.shape[1] else (None, None, _eye(n))
        rank = len(_nonzero_factors(self._complex, dim)) if dim else 0
        v_inverse = v.convert_to(QQ).inv().convert_to(ZZ) if n else v
        kernel = v[:, rank:] if n else v
        self._cycle_rows = (v_inverse, rank)
        relations = (v_inverse * incoming)[rank:, :] if n else incoming
        k = kernel.shape[1]
        if relations.shape[1] and k:
            smith, left, _ = smith_normal_decomp(relations)
        else:
            smith, left = relations, _eye(k)
        diagonal = [int(smith[i, i].element) for i in range(min(smith.shape))]
        diagonal = [d for d in diagonal if d]
        self._left = left
        left_inverse = left.convert_to(QQ).inv().convert_to(ZZ) if k else left
        generators = kernel * left_inverse if k else kernel
        order_of = [abs(d) for d in diagonal] + [0] * (k - len(diagonal))
        keep = [i for i in range(k) if order_of[i] != 1]
        keep.sort(key=lambda i: (order_of[i] != 0, i))  # free generators first
        self._keep = keep
        self.orders: tuple[int, ...] = tuple(order_of[i] for i in keep)
        self.generators: list[dict[str, int]] = []
        for i in keep:
            reduced = {
                self._cells[r]: int(generators[r, i].element)
                for r in range(n)
                if generators[r, i].element
            }
            lifted = self._complex.lift(dim, reduced)
            self.generators.append({self._names[c]: v for c, v in sorted(lifted.items()) if v})

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
        n = len(self._cells)
        if not n:
            return ()
        vector = DomainMatrix([[ZZ(reduced.get(c, 0))] for c in self._cells], (n, 1), ZZ)
        v_inverse, rank = self._cycle_rows
        in_kernel = (v_inverse * vector)[rank:, :]
        if not in_kernel.shape[0]:
            return ()
        y = self._left * in_kernel
        coordinates = []
        for i, order in zip(self._keep, self.orders):
            value = int(y[i, 0].element)
            coordinates.append(value % order if order else value)
        return tuple(coordinates)


def _eye(n: int) -> DomainMatrix:
    return DomainMatrix.eye(n, ZZ)

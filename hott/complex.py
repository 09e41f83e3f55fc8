"""The cell complex: the ground floor of ``hott``, on which every invariant is built.

A :class:`CellComplex` has point constructors (0-cells), path constructors (1-cells with a
source and a target), 2-cells attached along a closed word of 1-cells, and cells of dimension 3
and up whose boundary is an integer chain of cells one dimension down. A :class:`Path` is a word
in the 1-cells with a start and an end point: an element of the free groupoid, where ``==`` is
equality after free reduction (decidable and exact); equality up to the 2-cells is decided a
floor up (:meth:`hott.HIT.homotopic`).

This module builds and reads complexes, their words, boundaries and 1-skeleton, and imports no
other part of ``hott`` but words and chain arithmetic: homology, presentations, the word
problem, maps and families are layers above that import it. A complex is immutable — ``point``,
``path`` and ``cell`` return a new one — so layers may cache what they compute on it
(:meth:`CellComplex.memo`). Large complexes are built in one step with
:meth:`CellComplex.from_cells` or :meth:`CellComplex.from_simplices`.
"""

from __future__ import annotations

import gc
import operator
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations, islice, repeat
from types import MappingProxyType
from typing import Self, TypeVar, cast

import networkx as nx
import numpy as np

from hott.chains import chain_sum
from hott.words import (
    REFL,
    Token,
    Word,
    check_name,
    expand,
    exponent_sums,
    format_word,
    invert,
    power,
    reduce_runs,
    tokenize,
)
from hottbridge.errors import HottError

_KINDS = {0: "point", 1: "path"}
T = TypeVar("T")


def _kind(dim: int) -> str:
    return _KINDS.get(dim, f"{dim}-cell")


@dataclass(frozen=True, eq=False)
class Path:
    """A path ``start ~> end`` of ``hit``: its word as given, in runs ``(generator, n)``
    (single letters are runs too), and its free reduction; powers are never written out."""

    hit: CellComplex
    start: str
    end: str
    runs: Word

    @cached_property
    def reduced(self) -> Word:
        """The freely reduced word, as runs: the normal form ``==`` compares."""
        return reduce_runs(self.runs)

    @cached_property
    def letters(self) -> Word:
        """The word as given, written out in single letters (exponents ±1); a
        :class:`HottError` when that is more than :data:`hott.words.EXPAND_LIMIT` letters."""
        return expand(self.runs, what=f"path of {self.hit.name}")

    @property
    def is_loop(self) -> bool:
        """True when the path starts and ends at the same point."""
        return self.start == self.end

    @property
    def is_refl(self) -> bool:
        """True when the word freely reduces to the empty word (equal to refl in the groupoid)."""
        return not self.reduced

    def concat(self, other: Path) -> Path:
        """``self · other`` (first self, then other); the end of self must be other's start."""
        self._same_hit(other)
        if self.end != other.start:
            raise HottError(
                f"cannot compose {self} ({self.start} ~> {self.end}) with {other} "
                f"({other.start} ~> {other.end}): {self.end} is not {other.start}"
            )
        return Path(self.hit, self.start, other.end, tuple(self.runs) + tuple(other.runs))

    __mul__ = concat

    def inv(self) -> Path:
        """The inverse path ``end ~> start``."""
        return Path(self.hit, self.end, self.start, invert(self.runs))

    __invert__ = inv

    def __pow__(self, n: int) -> Path:
        if not self.is_loop:
            raise HottError(f"only a loop has powers; {self} goes {self.start} ~> {self.end}")
        if not isinstance(n, int) or isinstance(n, bool):
            raise HottError(f"a path power must be an integer, got {n!r}")
        return Path(self.hit, self.start, self.end, power(self.runs, n))

    def _same_hit(self, other: Path) -> None:
        if not isinstance(other, Path) or other.hit != self.hit:
            raise HottError(f"{other!r} is not a path of {self.hit.name}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Path):
            return NotImplemented
        return (self.hit, self.start, self.end, self.reduced) == (
            other.hit,
            other.start,
            other.end,
            other.reduced,
        )

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.reduced))

    def __str__(self) -> str:
        return format_word(self.runs) if self.runs else f"refl_{self.start}"

    def __repr__(self) -> str:
        return f"Path({self.hit.name}: {self.start} ~> {self.end}, {str(self)!r})"


#: What a cell's boundary may be given as: a closed word (text or Path) for a 2-cell, or an
#: integer chain {cell name: coefficient} of cells one dimension down for a higher cell.
Boundary = str | Path | Mapping[str, int]
#: A path given as text (parsed against the complex) or as a :class:`Path`.
PathLike = str | Path


class CellComplex:
    """A presented cell complex: named cells of every dimension, built immutably, read by
    dimension, with words of 1-cells as :class:`Path`. See the module docstring."""

    def __init__(self, name: str = "X") -> None:
        if not isinstance(name, str) or not name:
            raise HottError(f"a HIT needs a non-empty name, got {name!r}")
        self.name = name
        self._store = _Cells()
        self._size = 0  # this complex is the first _size cells of _store
        self._cache: dict[Hashable, object] = {}
        # set by from_simplices only (and dropped when a cell is added): the given simplices
        # as sorted rows by size; the cells are named when first read (``_unnamed``), and the
        # closure as face arrays is made when first needed (see ``_simplicial_faces``)
        self._simplices: dict[int, np.ndarray] | None = None
        self._unnamed = False
        self._closure: tuple[list[np.ndarray], list[np.ndarray]] | None = None

    # Builder calls share one append-only store along a chain (X.point(..).path(..)...): a new
    # complex takes over its parent's store and appends to it, and a complex whose store has
    # grown past its own cells copies its prefix the next time it is read. A chain of n calls
    # is O(n) in all; branching from an older complex costs one copy.
    @property
    def _cells(self) -> _Cells:
        if self._unnamed:
            self._name_simplices()
        if len(self._store.dim) != self._size:
            self._store = self._store.prefix(self._size)
        return self._store

    @property
    def _points(self) -> list[str]:
        return self._cells.points

    @property
    def _paths(self) -> dict[str, tuple[str, str]]:
        return self._cells.paths

    @property
    def _loops(self) -> dict[str, tuple[str, Word]]:
        """2-cells: name -> (base point, word as runs)."""
        return self._cells.loops

    @property
    def _higher(self) -> dict[str, dict[str, int]]:
        """Cells of dimension >= 3: name -> chain one dimension down."""
        return self._cells.higher

    @property
    def _dim(self) -> dict[str, int]:
        return self._cells.dim

    # ----------------------------------------------------------------- building
    def point(self, name: str) -> Self:
        """A new HIT with one more point constructor."""
        new = self._copy()
        new._add_point(name)
        return new

    def path(self, name: str, source: str, target: str) -> Self:
        """A new HIT with one more path constructor ``name : source ~> target``."""
        new = self._copy()
        new._add_path(name, source, target)
        return new

    def cell(
        self, name: str, boundary: Boundary, at: str | None = None, dim: int | None = None
    ) -> Self:
        """A new HIT with one more cell.

        A closed word (``"p q p^-1 q^-1"``, or ``"refl"`` with ``at=``) gives a 2-cell; a chain
        ``{"surf": 1, ...}`` of k-cells gives a (k+1)-cell, whose boundary must be a cycle. A
        cell with the zero chain as boundary needs its dimension: ``cell("c", {}, dim=3)``.
        """
        new = self._copy()
        new._add_cell(name, boundary, at, dim)
        return new

    @classmethod
    def from_cells(
        cls,
        name: str,
        points: Iterable[str],
        paths: Mapping[str, tuple[str, str]] = {},
        cells: Mapping[str, Boundary | tuple[str, Boundary]] = {},
    ) -> Self:
        """Build a whole complex at once; a cell value may be a boundary, ``(at, word)`` for a
        2-cell, or ``(dim, chain)`` for a higher cell."""
        hit = cls(name)
        require_iterable(points, "from_cells: points")
        for what, value in (("paths", paths), ("cells", cells)):
            if not isinstance(value, Mapping):
                raise HottError(f"from_cells: {what} must be a mapping from name to "
                                f"{'(source, target)' if what == 'paths' else 'boundary'}, got "
                                f"{type(value).__name__}")
        for point in points:
            hit._add_point(point)
        for path_name, ends in paths.items():
            if not (isinstance(ends, tuple) and len(ends) == 2):
                raise HottError(f"path {path_name!r}: give its ends as (source, target)")
            hit._add_path(path_name, *ends)
        for cell_name, spec in cells.items():
            where, boundary = spec if isinstance(spec, tuple) else (None, spec)
            if isinstance(where, int):
                hit._add_cell(cell_name, boundary, None, where)
            else:
                hit._add_cell(cell_name, boundary, where)
        return hit

    @classmethod
    def from_simplices(cls, simplices: Iterable[Sequence[int]], name: str = "K") -> Self:
        """The cell complex of a simplicial complex (its closure under faces is taken).

        Vertex ``i`` is the point ``v{i}``; the simplex ``(a, b, ...)`` (sorted) is the cell
        ``s{a}_{b}_...``; edges point from the smaller vertex to the larger; a triangle is
        attached along ``ab · bc · (ac)^-1`` and higher simplices by the alternating sum of
        their faces.

        The simplices are checked here; the closure is named when a cell is first read, so
        :func:`hott.homology.homology`, which needs no names, never pays for them. A closure
        that may exceed :data:`CLOSURE_BUDGET` cells is refused before any work.
        """
        require_iterable(simplices, "from_simplices: simplices")
        by_size = _simplex_rows(simplices)
        estimate = closure_estimate(by_size)
        if estimate > CLOSURE_BUDGET:
            raise HottError(
                f"from_simplices: the closure of these simplices may have up to {estimate} "
                f"cells (a simplex on n vertices has 2^n - 1 faces; the largest given has "
                f"{max(by_size)} vertices), over the bound of {CLOSURE_BUDGET} cells")
        hit = cls(name)
        hit._simplices, hit._unnamed = by_size, True
        return hit

    def _name_simplices(self) -> None:
        """Name the cells of the closure of ``_simplices`` and put them in the store."""
        self._unnamed = False
        by_size = self._simplices
        assert by_size is not None
        # the store gets one tuple or dict per cell and none of them can be in a cycle, so the
        # cycle collector would only re-scan the growing store (about half the time when on)
        collecting = gc.isenabled()
        gc.disable()
        try:
            if self._closure is None and closure_estimate(by_size) <= SMALL_CLOSURE:
                vertices, plan = _small_plan(by_size)
            else:
                vertices, plan = _array_plan(*self._face_arrays())
            self._insert_simplices(vertices, plan)
        finally:
            if collecting:
                gc.enable()

    def _insert_simplices(self, vertices: list[int], plan: list[Plan]) -> None:
        """Put a closed simplicial complex into an empty complex's store in one pass: the
        vertices (sorted), then per dimension k >= 1 the :data:`Plan` of its k-simplices
        (in lexicographic order); names are made once per simplex and faces are taken by
        index, so no name is parsed or checked twice."""
        store = self._cells
        digits = [str(v) for v in vertices]
        level = ["v" + d for d in digits]
        names: list[list[str]] = [level]
        store.dim.update(dict.fromkeys(level, 0))
        store.points.extend(level)
        for k, (columns, first, last) in enumerate(plan, start=1):
            # s{a}_{b}_..._{z}: the name of the face without z, then _z
            start = ["s" + d for d in digits] if k == 1 else names[k - 1]
            level = [start[f] + "_" + digits[z] for f, z in zip(columns[-1], last)]
            names.append(level)
            store.dim.update(dict.fromkeys(level, k))
            below = names[k - 1]
            faces = [list(map(below.__getitem__, column)) for column in columns]
            if k == 1:  # the edge ab: face 0 is b, face 1 is a; it points a -> b
                store.paths.update(zip(level, zip(faces[1], faces[0])))
            elif k == 2:  # faces bc, ac, ab: the triangle is ab · bc · (ac)^-1 at a
                bc, ac, ab = faces  # zips only: no Python frame per triangle
                letters = zip(zip(ab, repeat(1)), zip(bc, repeat(1)), zip(ac, repeat(-1)))
                store.loops.update(zip(level, zip(map(names[0].__getitem__, first), letters)))
            else:
                signs = [(-1) ** i for i in range(k + 1)]
                store.higher.update(zip(level, map(dict, map(zip, zip(*faces), repeat(signs)))))
        self._size = len(store.dim)

    def _simplicial_rows(self) -> dict[int, np.ndarray] | None:
        """The simplices :meth:`from_simplices` was given (sorted rows by size), or None when
        this complex was built otherwise or has cells added since."""
        return self._simplices

    def _simplicial_faces(self) -> list[np.ndarray] | None:
        """The integer boundary of a complex from :meth:`from_simplices`: ``faces[k]`` the
        ``(n_k, k+1)`` indices of each k-simplex's faces (column i: the face without vertex i,
        sign ``(-1)^i``), in the order the cells are named; None as for
        :meth:`_simplicial_rows`."""
        if self._simplices is None:
            return None
        return self._face_arrays()[1]

    def _face_arrays(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The closure of ``_simplices``: its levels and face indices, made once (naming and
        homology share them)."""
        if self._closure is None:
            assert self._simplices is not None
            levels = _face_closure(self._simplices)
            faces = [np.empty((len(levels[0]), 0), dtype=np.int64)] if levels else []
            faces += [_face_rows(levels[k - 1], levels[k]) for k in range(1, len(levels))]
            self._closure = (levels, faces)
        return self._closure

    def _copy(self) -> Self:
        new = type(self)(self.name)
        new._store = self._cells
        new._size = self._size
        return new

    def _claim(self, name: str, dim: int) -> None:
        check_name(name, _kind(dim))
        if name in self._dim:
            raise HottError(
                f"{self.name}: the name {name!r} is already used by a "
                f"{_kind(self._dim[name])} constructor"
            )
        self._dim[name] = dim
        self._size += 1
        self._simplices = self._closure = None  # no longer the complex of those simplices

    def _add_point(self, name: str) -> None:
        self._claim(name, 0)
        self._points.append(name)

    def _add_path(self, name: str, source: str, target: str) -> None:
        for end, what in ((source, "source"), (target, "target")):
            if not self._is_point(end):
                raise HottError(
                    f"{self.name}: path {name!r} has {what} {end!r}, which is not a point "
                    f"constructor; points are: {_listing(self._points)}"
                )
        self._claim(name, 1)
        self._paths[name] = (source, target)

    def _add_cell(
        self, name: str, boundary: Boundary, at: str | None, dim: int | None = None
    ) -> None:
        if isinstance(boundary, Mapping):
            if at is not None:
                raise HottError(f"cell {name!r}: 'at' is only for 2-cells given by a word")
            self._add_higher(name, dict(boundary), dim)
            return
        if dim not in (None, 2):
            raise HottError(f"cell {name!r}: a word gives a 2-cell, not a {dim}-cell")
        try:
            word = self.word(boundary, start=at)
        except HottError as error:
            raise HottError(f"2-cell {name!r}: {error.message}", error.span) from None
        if not word.is_loop:
            raise HottError(
                f"{self.name}: 2-cell {name!r} is attached along an open word "
                f"'{word}' from {word.start} to {word.end}; a 2-cell needs a closed word"
            )
        self._add_loop(name, word.start, word.runs)

    def _add_loop(self, name: str, base: str, runs: Word) -> None:
        self._claim(name, 2)
        self._loops[name] = (base, runs)

    def _add_higher(self, name: str, chain: dict[str, int], dim: int | None = None) -> None:
        if dim is not None and (not isinstance(dim, int) or dim < 3):
            raise HottError(f"cell {name!r}: a cell given by a chain has dimension >= 3, "
                            f"not {dim!r}")
        dims = {dim - 1} if dim is not None else set()
        for face, coefficient in chain.items():
            if self._dim.get(face, 0) < 2 or not isinstance(coefficient, int):
                raise HottError(
                    f"{self.name}: cell {name!r}: the boundary chain needs cells of dimension "
                    f">= 2 with integer coefficients; {face!r}: {coefficient!r} is not one"
                )
            dims.add(self._dim[face])
        if len(dims) != 1:
            raise HottError(
                f"{self.name}: cell {name!r}: the boundary must be a non-empty chain of cells "
                f"of one dimension, got {chain!r}"
            )
        leftover = chain_boundary(self, {f: c for f, c in chain.items() if c})
        if leftover:
            raise HottError(
                f"{self.name}: cell {name!r}: its boundary {chain!r} is not a cycle "
                f"(its own boundary is {leftover!r}, not 0)"
            )
        self._claim(name, dims.pop() + 1)
        self._higher[name] = {f: c for f, c in chain.items() if c}

    # ------------------------------------------------------------------ reading
    @property
    def points(self) -> tuple[str, ...]:
        """The point constructors, in the order they were given."""
        return tuple(self._points)

    @property
    def paths(self) -> Mapping[str, tuple[str, str]]:
        """Path constructor -> (source, target), read only."""
        return MappingProxyType(self._paths)

    @property
    def dimension(self) -> int:
        """The largest dimension of a cell (-1 for the empty complex)."""
        return max(self._dim.values(), default=-1)

    def cells(self, dim: int) -> tuple[str, ...]:
        """The constructor names of dimension ``dim``, in the order they were given."""
        if not isinstance(dim, int) or isinstance(dim, bool) or dim < 0:
            raise HottError(f"{self.name}: a cell dimension is an integer >= 0, got {dim!r}")
        if dim == 0:
            return tuple(self._points)
        if dim == 1:
            return tuple(self._paths)
        if dim == 2:
            return tuple(self._loops)
        return tuple(n for n in self._higher if self._dim[n] == dim)

    def attaching_word(self, cell: str) -> Path:
        """The closed word a 2-cell is attached along."""
        if cell not in self._loops:
            raise HottError(f"{self.name}: {cell!r} is not a 2-cell; 2-cells: "
                            f"{_listing(self._loops)}")
        base, letters = self._loops[cell]
        return Path(self, base, base, letters)

    def boundary_chain(self, cell: str) -> dict[str, int]:
        """The cellular boundary of a cell as an integer chain one dimension down."""
        dim = self.dim_of(cell)
        if dim == 0:
            return {}
        if dim == 1:
            source, target = self._paths[cell]
            return {} if source == target else {target: 1, source: -1}
        if dim == 2:
            return exponent_sums(self._loops[cell][1])
        return dict(self._higher[cell])

    def _is_point(self, name: object) -> bool:
        return isinstance(name, str) and self._dim.get(name) == 0

    def has_cell(self, name: str, dim: int | None = None) -> bool:
        """Whether ``name`` is a constructor (of dimension ``dim``, if given)."""
        return isinstance(name, str) and name in self._dim and (
            dim is None or self._dim[name] == dim)

    def dim_of(self, name: str) -> int:
        """The dimension of a constructor."""
        if not isinstance(name, str) or name not in self._dim:
            raise HottError(f"{self.name} has no constructor {name!r}")
        return self._dim[name]

    def cell_counts(self) -> tuple[int, ...]:
        """The number of cells in each dimension 0..dimension."""
        counts = [0] * (self.dimension + 1)
        for dim in self._dim.values():
            counts[dim] += 1
        return tuple(counts)

    # ---------------------------------------------------------------- groupoid
    def refl(self, point: str) -> Path:
        """The constant path at a point."""
        if not self._is_point(point):
            raise HottError(f"{self.name}: refl needs a point; {point!r} is not one "
                            f"(points: {_listing(self._points)})")
        return Path(self, point, point, ())

    def word(self, text: PathLike, start: str | None = None) -> Path:
        """Parse a word of this HIT (or check a given :class:`Path`) into a :class:`Path`.

        ``start`` fixes the start point; it is needed for ``refl`` when there are several
        points. A word whose consecutive endpoints do not match is rejected with the position
        of the first mismatch.
        """
        if isinstance(text, Path):
            if text.hit != self:
                raise HottError(f"{text!r} is a path of {text.hit.name}, not of {self.name}")
            if start is not None and text.start != start:
                raise HottError(f"{text} starts at {text.start}, not at {start}")
            return text
        if start is not None and not self._is_point(start):
            raise HottError(f"{self.name}: {start!r} is not a point "
                            f"(points: {_listing(self._points)})")
        first, current, runs = start, start, []
        for token in tokenize(text):
            if token.name == REFL:
                continue
            source, target = self._ends(token.name, token)
            if not token.runs:  # name^0
                continue
            generator, exponent = token.runs[0]
            if exponent < 0:
                source, target = target, source
            if current is not None and current != source or (
                    abs(exponent) > 1 and source != target):
                ends = current if current is not None and current != source else target
                raise HottError(
                    f"{self.name}: the word does not compose at {token.name!r}: the path "
                    f"so far ends at {ends}, but {token.name}"
                    f"{'^-1' if exponent < 0 else ''} starts at {source}",
                    token.span,
                )
            first = source if first is None else first
            current = target
            runs.append((generator, exponent))
        if current is None:
            if len(self._points) != 1:
                raise HottError(
                    f"{self.name}: 'refl' needs its point: pass start=... "
                    f"(points: {_listing(self._points)})"
                )
            first = current = self._points[0]
        return Path(self, first, current, tuple(runs))

    def _ends(self, generator: str, token: Token) -> tuple[str, str]:
        if generator in self._paths:
            return self._paths[generator]
        span = token.span
        if generator in self._dim:
            raise HottError(
                f"{self.name}: {generator!r} is a {_kind(self._dim[generator])} constructor, "
                "not a path; words are made of path constructors",
                span,
            )
        raise HottError(
            f"{self.name} has no path constructor {generator!r}; paths are: "
            f"{_listing(self._paths)}",
            span,
        )

    # ---------------------------------------------------------------- 1-skeleton
    def to_networkx(self, directed: bool = True) -> nx.MultiDiGraph | nx.MultiGraph:
        """The 1-skeleton: a node per point, an edge ``source -> target`` keyed by path name
        (an undirected multigraph with ``directed=False``)."""
        graph = (nx.MultiDiGraph if directed else nx.MultiGraph)(name=self.name)
        graph.add_nodes_from(self._points)
        graph.add_edges_from((s, t, name) for name, (s, t) in self._paths.items())
        return graph

    def one_skeleton(self) -> nx.MultiGraph:
        """The undirected 1-skeleton, built once and frozen: components, spanning trees and
        walks all read this one graph."""
        return self.memo("one_skeleton", lambda: nx.freeze(self.to_networkx(directed=False)))

    def components(self) -> list[frozenset[str]]:
        """The path components (of the 1-skeleton), each a set of points."""
        return self.memo(
            "components",
            lambda: [frozenset(c) for c in nx.connected_components(self.one_skeleton())],
        )

    def base_point(self, base: str | None = None) -> str:
        """``base`` checked to be a point, or the first point when it is None."""
        if base is None:
            if not self._points:
                raise HottError(f"{self.name} has no points, so no base point")
            return self._points[0]
        if not self._is_point(base):
            raise HottError(f"{self.name}: base point {base!r} is not a point "
                            f"(points: {_listing(self._points)})")
        return base

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value stored under ``key``, computed by ``compute()`` the first time. A complex
        never changes, so the layers above keep what they derive from it here."""
        if key not in self._cache:
            self._cache[key] = compute()
        return cast(T, self._cache[key])

    # ---------------------------------------------------------------- rendering
    def table(self, limit: int = 12) -> str:
        """A readable constructor table (at most ``limit`` rows per kind)."""
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
            raise HottError(f"table: limit is an integer >= 0, got {limit!r}")
        counts = ", ".join(
            f"{n} {_kind(d)}{'s' if n != 1 else ''}" for d, n in enumerate(self.cell_counts())
        )
        rows = [f"{type(self).__name__} {self.name}: {counts or 'empty'}"]
        for dim in range(self.dimension + 1):
            names = self.cells(dim)
            for cell in names[:limit]:
                rows.append(f"  {_kind(dim):<7} {cell} {self._describe(cell)}".rstrip())
            if len(names) > limit:
                rows.append(f"  ... and {len(names) - limit} more {_kind(dim)}s")
        return "\n".join(rows)

    def _describe(self, cell: str) -> str:
        dim = self._dim[cell]
        if dim == 1:
            return "{} ~> {}".format(*self._paths[cell])
        if dim == 2:
            base, letters = self._loops[cell]
            return f"along {format_word(letters) if letters else REFL} at {base}"
        if dim >= 3:
            chain = self._higher[cell]
            return "boundary " + (" ".join(f"{c:+d}·{f}" for f, c in chain.items()) or "0")
        return ""

    def __str__(self) -> str:
        return self.table()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, cells={self.cell_counts()})"

    def _key(self) -> tuple[object, ...]:
        return self.memo(
            "key",
            lambda: (
                self.name,
                tuple(self._points),
                tuple(self._paths.items()),
                tuple(self._loops.items()),
                tuple((n, tuple(c.items())) for n, c in self._higher.items()),
            ),
        )

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        return isinstance(other, CellComplex) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())



class _Cells:
    """The cells of a complex in the order they were added (append-only; see ``_cells``)."""

    __slots__ = ("dim", "higher", "loops", "paths", "points")

    def __init__(self) -> None:
        self.points: list[str] = []
        self.paths: dict[str, tuple[str, str]] = {}
        self.loops: dict[str, tuple[str, Word]] = {}
        self.higher: dict[str, dict[str, int]] = {}
        self.dim: dict[str, int] = {}

    def prefix(self, size: int) -> _Cells:
        """A copy of the first ``size`` cells."""
        new = _Cells()
        for name, dim in islice(self.dim.items(), size):
            new.dim[name] = dim
            if dim == 0:
                new.points.append(name)
            elif dim == 1:
                new.paths[name] = self.paths[name]
            elif dim == 2:
                new.loops[name] = self.loops[name]
            else:
                new.higher[name] = self.higher[name]
        return new


def require_iterable(value: object, what: str) -> None:
    """A :class:`HottError` naming ``what`` unless ``value`` is a (non-text) iterable."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise HottError(f"{what}: expected a collection, got {type(value).__name__}")


def require_complex(value: object, what: str) -> None:
    """A :class:`HottError` naming ``what`` unless ``value`` is a cell complex (a HIT)."""
    if not isinstance(value, CellComplex):
        raise HottError(f"{what} needs a HIT, got {type(value).__name__}")


def _vertex(value: object) -> int:
    """An integer vertex; 1.5 or "a" is an error, never silently truncated."""
    number = operator.index(value) if not isinstance(value, float) else value
    if isinstance(number, float):
        if not number.is_integer():
            raise ValueError(value)
        number = int(number)
    return number


#: Per dimension k >= 1: ``columns[i][r]``, the index of the face of k-simplex r without its
#: vertex i, and ``first[r]``/``last[r]``, the indices of its first and last vertex.
Plan = tuple[list[list[int]], list[int], list[int]]

#: Up to this estimate of the closure (Σ 2^size over the given simplices) from_simplices takes
#: the closure in Python: numpy's per-call overhead is larger there (measured on the sage
#: catalogue: Python 1.3-2.8x faster up to 208, even at ~300, numpy faster from ~430 on
#: surfaces and 3-manifolds, Python still faster for S5 at 448).
SMALL_CLOSURE = 320

#: The most cells :meth:`CellComplex.from_simplices` takes a closure to have (by
#: :func:`closure_estimate`): one simplex on 23 vertices already has 8 388 607 faces.
CLOSURE_BUDGET = 2**22


def closure_estimate(by_size: Mapping[int, np.ndarray]) -> int:
    """An upper bound on the cells of the closure of the given simplices (rows by size):
    Σ 2^size, counting shared faces once per simplex."""
    return sum(len(rows) << size for size, rows in by_size.items())


def _array_plan(levels: list[np.ndarray], faces: list[np.ndarray]
                ) -> tuple[list[int], list[Plan]]:
    """The vertices and :data:`Plan` of a closure given as sorted rows (``levels[k]``, from
    :func:`_face_closure`) with its face indices (``faces[k]``, from :func:`_face_rows`)."""
    if not levels:
        return [], []
    points = levels[0][:, 0]
    plan = [(faces[k].T.tolist(), np.searchsorted(points, levels[k][:, 0]).tolist(),
             np.searchsorted(points, levels[k][:, -1]).tolist()) for k in range(1, len(levels))]
    return points.tolist(), plan


def _small_plan(by_size: Mapping[int, np.ndarray]) -> tuple[list[int], list[Plan]]:
    """:func:`_array_plan` for a small complex, in Python: the closure by
    ``itertools.combinations``, faces found in dicts."""
    closure: set[tuple[int, ...]] = set()
    for rows in by_size.values():
        for simplex in rows.tolist():
            for size in range(1, len(simplex) + 1):
                closure.update(combinations(simplex, size))
    levels: list[list[tuple[int, ...]]] = [[] for _ in range(max(by_size, default=0))]
    for simplex in sorted(closure):
        levels[len(simplex) - 1].append(simplex)
    position = [{simplex: i for i, simplex in enumerate(level)} for level in levels]
    plan: list[Plan] = []
    for k in range(1, len(levels)):
        below, ends = position[k - 1], position[0]
        plan.append(([[below[s[:i] + s[i + 1:]] for s in levels[k]] for i in range(k + 1)],
                     [ends[s[:1]] for s in levels[k]], [ends[s[-1:]] for s in levels[k]]))
    return [s[0] for s in levels[0]] if levels else [], plan


def _simplex_vertices(simplex: object) -> tuple[int, ...]:
    """A simplex's distinct vertices, sorted; a :class:`HottError` unless they are integers
    >= 0 (vertex i is the point ``v{i}``)."""
    try:
        vertices = tuple(sorted({_vertex(v) for v in simplex}))  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        raise HottError(f"a simplex is a sequence of integers, got {simplex!r}") from None
    if not vertices:
        raise HottError("a simplex needs at least one vertex")
    if vertices[0] < 0 or vertices[-1] >= 2**62:
        raise HottError(f"simplex {simplex!r}: vertices are integers from 0 to 2^62, got "
                        f"{vertices[0] if vertices[0] < 0 else vertices[-1]}")
    return vertices


def _simplex_rows(simplices: Iterable[object]) -> dict[int, np.ndarray]:
    """The given simplices as sorted rows of distinct vertices, grouped by size: arrays of
    integers are checked and sorted by numpy; anything else goes simplex by simplex."""
    groups: dict[int, list[object]] = {}
    for simplex in simplices:
        try:
            size = len(simplex)  # type: ignore[arg-type]
        except TypeError:
            size = -1  # no length (a generator, a number): read it one by one
        groups.setdefault(size, []).append(simplex)
    rows: dict[int, list[tuple[int, ...]] | np.ndarray] = {}
    for size, group in groups.items():
        try:
            array = np.array(group) if size > 0 else None
        except (TypeError, ValueError):  # ragged or odd entries: checked one by one below
            array = None
        if array is not None and array.ndim == 2 and array.dtype.kind in "iu" and (
                array.dtype.itemsize <= 8 and array.max() < 2**62):
            array = np.sort(array.astype(np.int64), axis=1)
            if array[:, 0].min() < 0:
                bad = group[int(np.argmin(array[:, 0]))]
                raise HottError(f"simplex {bad!r}: vertices are integers >= 0, got "
                                f"{int(array[:, 0].min())}")
            equal = array[:, 1:] == array[:, :-1]  # a vertex given twice
            if not equal.any():
                rows.setdefault(size, []).append(array)
                continue
            repeated = equal.any(axis=1)
            group = [group[i] for i in np.flatnonzero(repeated)]
            if not repeated.all():
                rows.setdefault(size, []).append(array[~repeated])
        for simplex in group:
            vertices = _simplex_vertices(simplex)
            rows.setdefault(len(vertices), []).append(np.array([vertices], dtype=np.int64))
    return {size: parts[0] if len(parts) == 1 else np.concatenate(parts)
            for size, parts in rows.items()}


def _row_keys(rows: np.ndarray, base: int) -> np.ndarray:
    """One sortable key per row (the row's digits in base ``base``): lexicographic order of
    rows is the order of keys. int64 when it fits, Python integers otherwise."""
    width = rows.shape[1]
    if base ** width < 2**62:
        return rows @ (base ** np.arange(width - 1, -1, -1, dtype=np.int64))
    weights = np.array([base**e for e in range(width - 1, -1, -1)], dtype=object)
    return rows.astype(object) @ weights


def _unique_rows(rows: np.ndarray, base: int) -> np.ndarray:
    """The distinct rows, in lexicographic order."""
    _, first = np.unique(_row_keys(rows, base), return_index=True)
    return rows[first]


def _faces(rows: np.ndarray) -> np.ndarray:
    """Every facet of every row: row r without vertex i at position i·len(rows) + r."""
    k = rows.shape[1]
    return np.concatenate([np.delete(rows, i, axis=1) for i in range(k)])


def _face_closure(by_size: Mapping[int, np.ndarray]) -> list[np.ndarray]:
    """The closure under faces of the given simplices: ``levels[k]`` holds the k-simplices as
    sorted rows of vertices, in lexicographic order (the order cells are named in)."""
    if not by_size:
        return []
    base = int(max(level.max() for level in by_size.values())) + 1
    levels: list[np.ndarray] = []
    above: np.ndarray | None = None
    for size in range(max(by_size), 0, -1):
        parts = [by_size[size]] if size in by_size else []
        if above is not None:
            parts.append(_faces(above))
        above = _unique_rows(np.concatenate(parts), base)
        levels.append(above)
    levels.reverse()
    return levels


def _face_rows(lower: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each row, the positions in ``lower`` (sorted, one size down) of its faces: column i
    is the face without vertex i."""
    base = int(max(lower.max(), rows.max())) + 1
    keys = _row_keys(lower, base)
    found = np.searchsorted(keys, _row_keys(_faces(rows), base))
    return found.reshape(rows.shape[1], len(rows)).T


def simplex_name(simplex: Sequence[int]) -> str:
    """The cell name ``HIT.from_simplices`` gives a sorted simplex: ``v3`` for a vertex,
    ``s1_4`` for an edge, ``s0_2_5`` for a triangle (public, so callers never spell it)."""
    if len(simplex) == 1:
        return f"v{simplex[0]}"
    return "s" + "_".join(map(str, simplex))


def chain_boundary(hit: CellComplex, chain: Mapping[str, int]) -> dict[str, int]:
    """The boundary of a chain of cells of ``hit``, zeros dropped."""
    return chain_sum(
        (face, coefficient * c)
        for cell, coefficient in chain.items()
        for face, c in hit.boundary_chain(cell).items()
    )


def mismatched_keys(expected: Iterable[str], given: Iterable[object]
                    ) -> tuple[list[str], list[object]]:
    """The constructors ``given`` lacks, and the keys it has that are not among ``expected``
    (for every "one image per constructor" argument)."""
    expected, given = list(expected), list(given)
    wanted, present = set(expected), set(given)
    return [x for x in expected if x not in present], [x for x in given if x not in wanted]


def _listing(names: Iterable[str], limit: int = 8) -> str:
    names = list(names)
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += f", ... ({len(names)} in all)"
    return shown or "none"

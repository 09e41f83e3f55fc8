"""Fibers of type families in the model, and the bijections between them.

Three kinds, each with exact equality so coherence can be proved, not sampled:

* :class:`FiniteSet` fibers with :class:`Permutation` transports (dicts);
* :class:`Lattice` fibers Z^n with :class:`AffineMap` transports x ↦ Ax + b, A unimodular
  (elements of Z^1 are plain ints, of Z^n tuples);
* :class:`FreeGroupElements` fibers (reduced words) with :class:`Translation` transports
  (right multiplication), the fibers of the universal cover of a graph.
"""

from __future__ import annotations

import operator
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from hott.words import Word, as_word, expand, format_word, free_reduce, power
from hottbridge.errors import HottError


class Fiber:
    """A set in the model."""

    def contains(self, x: object) -> bool:
        """Whether ``x`` is an element of this set."""
        raise NotImplementedError


@dataclass(frozen=True)
class FiniteSet(Fiber):
    """A finite set of hashable elements; its transports are :class:`Permutation` bijections."""
    elements: frozenset

    def __init__(self, elements: Iterable[Hashable]) -> None:
        if isinstance(elements, (str, bytes)) or not isinstance(elements, Iterable):
            raise HottError(f"a finite fiber is a collection of elements, got "
                            f"{type(elements).__name__}")
        try:
            object.__setattr__(self, "elements", frozenset(elements))
        except TypeError:
            raise HottError("a finite fiber's elements must be hashable") from None

    def contains(self, x: object) -> bool:
        """Whether ``x`` is one of the elements (an unhashable ``x`` is not)."""
        try:
            return x in self.elements
        except TypeError:
            return False

    def __str__(self) -> str:
        return "{" + ", ".join(sorted(map(repr, self.elements))) + "}"


@dataclass(frozen=True)
class Lattice(Fiber):
    """Z^rank: ints for rank 1, tuples of ints otherwise."""

    rank: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.rank, int) or isinstance(self.rank, bool) or self.rank < 0:
            raise HottError(f"Lattice: rank is an integer >= 0, got {self.rank!r}")

    def contains(self, x: object) -> bool:
        """Whether ``x`` is an int (rank 1) or a tuple of ``rank`` ints; bools are not."""
        if self.rank == 1:
            return isinstance(x, int) and not isinstance(x, bool)
        return isinstance(x, tuple) and len(x) == self.rank and all(
            isinstance(v, int) and not isinstance(v, bool) for v in x)

    def __str__(self) -> str:
        return "Z" if self.rank == 1 else f"Z^{self.rank}"


@dataclass(frozen=True)
class FreeGroupElements(Fiber):
    """The free group on ``generators``; elements are reduced words (tuples of letters)."""

    generators: tuple[str, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.generators, tuple) or not all(
                isinstance(g, str) for g in self.generators):
            raise HottError(f"FreeGroupElements: generators is a tuple of names, got "
                            f"{self.generators!r}")

    def contains(self, x: object) -> bool:
        """Whether ``x`` is a freely reduced tuple of letters over the generators."""
        return isinstance(x, tuple) and all(
            isinstance(l, tuple) and len(l) == 2 and l[0] in self.generators and l[1] in (1, -1)
            for l in x) and free_reduce(x) == x

    def __str__(self) -> str:
        return f"F({', '.join(self.generators)})"


class Bijection:
    """An exact bijection between two fibers."""

    fiber_kind: type[Fiber]

    def apply(self, x: Any) -> Any:
        """The image of ``x``."""
        raise NotImplementedError

    def inverse(self) -> Bijection:
        """The inverse bijection."""
        raise NotImplementedError

    def then(self, other: Bijection) -> Bijection:
        """First self, then other."""
        raise NotImplementedError

    def is_identity(self) -> bool:
        """Whether this is the identity (decided exactly)."""
        raise NotImplementedError

    def power(self, n: int) -> Bijection:
        """This bijection applied ``n`` times (``n < 0``: its inverse), by repeated squaring:
        O(log |n|) compositions."""
        base = self if n >= 0 else self.inverse()
        n, result = abs(n), None
        while n:
            if n & 1:
                result = base if result is None else result.then(base)
            n >>= 1
            if n:
                base = base.then(base)
        return result if result is not None else self.then(self.inverse())

    def validate(self, source: Fiber, target: Fiber, where: str) -> None:
        """Raise :class:`HottError` unless this is a bijection ``source -> target``."""
        if not (isinstance(source, self.fiber_kind) and isinstance(target, self.fiber_kind)):
            raise HottError(f"{where}: {type(self).__name__} transports go between "
                            f"{self.fiber_kind.__name__} fibers, not {source} -> {target}")


@dataclass(frozen=True)
class Permutation(Bijection):
    """A bijection between finite fibers, given by its table ``{x: image}``."""
    mapping: tuple[tuple[Hashable, Hashable], ...]
    fiber_kind = FiniteSet

    def __init__(self, mapping: Mapping[Hashable, Hashable]) -> None:
        if not isinstance(mapping, Mapping):
            raise HottError(f"Permutation needs a table {{x: image}}, got "
                            f"{type(mapping).__name__}")
        object.__setattr__(self, "mapping", tuple(dict(mapping).items()))

    @property
    def table(self) -> dict:
        """The table ``{x: image}``."""
        return dict(self.mapping)

    def apply(self, x: Any) -> Any:
        """The image of ``x`` in the table."""
        return self.table[x]

    def inverse(self) -> Permutation:
        """The table read backwards."""
        return Permutation({y: x for x, y in self.mapping})

    def then(self, other: Bijection) -> Permutation:
        """First this permutation, then ``other``."""
        assert isinstance(other, Permutation)
        second = other.table
        return Permutation({x: second[y] for x, y in self.mapping})

    def is_identity(self) -> bool:
        """Whether every element goes to itself."""
        return all(x == y for x, y in self.mapping)

    def validate(self, source: Fiber, target: Fiber, where: str) -> None:
        """Also require the table to be defined on exactly the source and onto the target."""
        super().validate(source, target, where)
        table = self.table
        if set(table) != source.elements:
            raise HottError(f"{where}: the map is defined on {sorted(map(repr, table))}, but the "
                            f"fiber is {source}")
        images = list(table.values())
        if set(images) != target.elements or len(set(images)) != len(images):
            raise HottError(f"{where}: the map is not a bijection onto {target}: its values are "
                            f"{sorted(map(repr, images))}")


@dataclass(frozen=True)
class AffineMap(Bijection):
    """x ↦ A x + b on Z^n with A an integer matrix of determinant ±1 (plain Python integers:
    composing two maps costs O(n^3) integer operations, nothing symbolic)."""

    matrix: tuple[tuple[int, ...], ...]
    shift_vector: tuple[int, ...]
    fiber_kind = Lattice

    def __init__(self, matrix: Sequence[Sequence[int]], shift: Sequence[int]) -> None:
        try:
            rows = tuple(tuple(_integer(v) for v in row) for row in matrix)
            offsets = tuple(_integer(v) for v in shift)
        except TypeError:
            raise HottError(f"an affine map needs integer entries, got {matrix!r} and "
                            f"{shift!r}") from None
        n = len(rows)
        if any(len(row) != n for row in rows) or len(offsets) != n:
            raise HottError(f"an affine map needs a square n×n matrix and n shifts, got "
                            f"{rows} and {offsets}")
        det = _determinant(rows)
        if n and abs(det) != 1:
            raise HottError(f"the affine map's matrix {rows} has determinant {det}, so it is "
                            f"not a bijection of Z^{n}")
        object.__setattr__(self, "matrix", rows)
        object.__setattr__(self, "shift_vector", offsets)

    @classmethod
    def _trusted(cls, matrix: tuple[tuple[int, ...], ...], shift: tuple[int, ...]) -> AffineMap:
        """A map known to be unimodular (a product, power or inverse of checked maps)."""
        new = object.__new__(cls)
        object.__setattr__(new, "matrix", matrix)
        object.__setattr__(new, "shift_vector", shift)
        return new

    @classmethod
    def shift(cls, *offsets: int) -> AffineMap:
        """The translation ``x ↦ x + offsets`` (identity matrix)."""
        n = len(offsets)
        return cls([[int(i == j) for j in range(n)] for i in range(n)], offsets)

    @property
    def is_translation(self) -> bool:
        """Whether A is the identity matrix (so the map is ``x ↦ x + b``)."""
        return all(v == (i == j) for i, row in enumerate(self.matrix) for j, v in enumerate(row))

    def _vector(self, x: int | Sequence[int]) -> tuple[int, ...]:
        return (x,) if isinstance(x, int) else tuple(x)

    def apply(self, x: Any) -> Any:
        """``A x + b`` (an int for rank 1, a tuple otherwise)."""
        v = self._vector(x)
        out = tuple(sum(a * b for a, b in zip(row, v)) + s
                    for row, s in zip(self.matrix, self.shift_vector))
        return out[0] if isinstance(x, int) else out

    def inverse(self) -> AffineMap:
        """``x ↦ A⁻¹ (x − b)``."""
        inv = _unimodular_inverse(self.matrix)
        shift = tuple(-sum(a * b for a, b in zip(row, self.shift_vector)) for row in inv)
        return AffineMap._trusted(inv, shift)

    def then(self, other: Bijection) -> AffineMap:
        """First this map, then ``other``: ``x ↦ A'(A x + b) + b'``."""
        assert isinstance(other, AffineMap)
        a, b = other.matrix, self.matrix
        columns = tuple(zip(*b))
        product = tuple(tuple(sum(x * y for x, y in zip(row, col)) for col in columns)
                        for row in a)
        shift = tuple(sum(x * y for x, y in zip(row, self.shift_vector)) + s
                      for row, s in zip(a, other.shift_vector))
        return AffineMap._trusted(product, shift)

    def power(self, n: int) -> AffineMap:
        """This map applied ``n`` times: ``x ↦ x + n b`` for a translation, otherwise by
        repeated squaring (O(n^3 log |n|) integer operations for rank n)."""
        if self.is_translation:
            return AffineMap._trusted(self.matrix, tuple(n * s for s in self.shift_vector))
        return super().power(n)

    def is_identity(self) -> bool:
        """Whether A is the identity matrix and b is 0."""
        return self.is_translation and not any(self.shift_vector)

    def validate(self, source: Fiber, target: Fiber, where: str) -> None:
        """Also require both lattices to have the matrix's rank."""
        super().validate(source, target, where)
        if source.rank != len(self.matrix) or target.rank != len(self.matrix):
            raise HottError(f"{where}: an affine map of Z^{len(self.matrix)} between {source} "
                            f"and {target}")


def _integer(value: object) -> int:
    """An integer entry (Python or numpy ints; bools, floats and text are refused)."""
    if isinstance(value, bool):
        raise TypeError(value)
    return operator.index(value)


def _determinant(rows: tuple[tuple[int, ...], ...]) -> int:
    """The determinant of an integer matrix, by fraction-free (Bareiss) elimination."""
    m = [list(row) for row in rows]
    n, sign, previous = len(m), 1, 1
    for k in range(n - 1):
        if m[k][k] == 0:
            swap = next((i for i in range(k + 1, n) if m[i][k]), None)
            if swap is None:
                return 0
            m[k], m[swap], sign = m[swap], m[k], -sign
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                m[i][j] = (m[i][j] * m[k][k] - m[i][k] * m[k][j]) // previous
        previous = m[k][k]
    return sign * m[-1][-1] if n else 1


def _unimodular_inverse(rows: tuple[tuple[int, ...], ...]) -> tuple[tuple[int, ...], ...]:
    """The inverse of an integer matrix of determinant ±1 (exact, by Gauss–Jordan over Q)."""
    n = len(rows)
    m = [[Fraction(v) for v in row] + [Fraction(int(i == j)) for j in range(n)]
         for i, row in enumerate(rows)]
    for k in range(n):
        pivot = next(i for i in range(k, n) if m[i][k])
        m[k], m[pivot] = m[pivot], m[k]
        m[k] = [v / m[k][k] for v in m[k]]
        for i in range(n):
            if i != k and m[i][k]:
                factor = m[i][k]
                m[i] = [a - factor * b for a, b in zip(m[i], m[k])]
    return tuple(tuple(int(v) for v in row[n:]) for row in m)


@dataclass(frozen=True)
class Translation(Bijection):
    """Right multiplication by a word in a free group."""

    word: Word
    fiber_kind = FreeGroupElements

    def __init__(self, word: Sequence[tuple[str, int]]) -> None:
        object.__setattr__(self, "word", free_reduce(expand(as_word(word, "translation word"))))

    def apply(self, x: Any) -> Any:
        """``x · word``, freely reduced."""
        return free_reduce(tuple(x) + self.word)

    def inverse(self) -> Translation:
        """Right multiplication by the inverse word."""
        return Translation(tuple((g, -e) for g, e in reversed(self.word)))

    def then(self, other: Bijection) -> Translation:
        """First this translation, then ``other``: multiply by both words."""
        assert isinstance(other, Translation)
        return Translation(self.word + other.word)

    def power(self, n: int) -> Translation:
        """Right multiplication by the word's ``n``-th power (refused past the expansion
        limit of :func:`hott.words.expand`)."""
        return Translation(power(self.word, n))

    def is_identity(self) -> bool:
        """Whether the word is empty."""
        return not self.word

    def validate(self, source: Fiber, target: Fiber, where: str) -> None:
        """Also require both fibers to be the same free group, containing the word."""
        super().validate(source, target, where)
        if source.generators != target.generators or not source.contains(self.word):
            raise HottError(f"{where}: translation by {format_word(self.word)} is not an "
                            f"element of {source}")


def as_fiber(value: object, where: str) -> Fiber:
    """A given fiber, or a :class:`FiniteSet` of an iterable of elements (``where`` names the
    argument in errors)."""
    if isinstance(value, Fiber):
        return value
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise HottError(f"{where}: a fiber is a FiniteSet, a Lattice, FreeGroupElements or an "
                        f"iterable of elements, got {value!r}")
    return FiniteSet(value)


def as_bijection(value: object, where: str) -> Bijection:
    """A given bijection, or a :class:`Permutation` of a dict (``where`` names the argument in
    errors)."""
    if isinstance(value, Bijection):
        return value
    if isinstance(value, Mapping):
        return Permutation(value)
    raise HottError(f"{where}: a transport is a Permutation (or dict), an AffineMap or a "
                    f"Translation, got {value!r}")

"""The values of the model: what a closed, checked term of hott.lang denotes.

Elements of sets are plain Python data (``Nat`` and ``Int`` are ``int``, ``Bool`` is ``bool``,
other ``data`` values are :class:`Con`); functions are :class:`Fn` closures; types are the
``T*`` classes. Points of a HIT are :class:`Point`; its paths are :class:`Word` (run-length,
freely reduced); paths in the universe are :class:`Equiv` (a bijection and its inverse);
paths in a set, and paths between paths, are the one value :data:`TRIV` (the model is the
1-truncation: every such type has at most one element). A :class:`Moving` value is an element
that varies along a path (``f (Moving p)`` is how ``ap f p`` and ``transport`` are computed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

HitModel = Any
"""A :class:`hott.lang.model.hits.HitModel` (not imported: hits imports this module)."""


@dataclass(frozen=True, slots=True)
class Con:
    """A constructor of an ordinary ``data`` type applied to its arguments (parameters
    dropped)."""

    name: str
    args: tuple[Any, ...] = ()

    def __str__(self) -> str:
        if not self.args:
            return self.name
        return f"({self.name} {' '.join(map(show, self.args))})"


class Fn:
    """A closure: compiled body, captured environment; ``const`` if the body ignores its
    argument."""

    __slots__ = ("body", "const", "env", "origin")

    def __init__(self, body: Callable[[tuple], Any], env: tuple, const: bool = False,
                 origin: str = "") -> None:
        self.body, self.env, self.const, self.origin = body, env, const, origin

    def __call__(self, arg: Any) -> Any:
        return self.body((*self.env, arg))


class Prim:
    """A primitive function of ``arity`` arguments, curried (arguments collected one by one)."""

    __slots__ = ("args", "arity", "name", "run")

    def __init__(self, name: str, arity: int, run: Callable[[tuple], Any],
                 args: tuple = ()) -> None:
        self.name, self.arity, self.run, self.args = name, arity, run, args

    def __call__(self, arg: Any) -> Any:
        args = (*self.args, arg)
        if len(args) == self.arity:
            return self.run(args)
        return Prim(self.name, self.arity, self.run, args)


@dataclass(frozen=True, slots=True)
class Pair:
    """An element of a Σ-type."""

    first: Any
    second: Any


@dataclass(frozen=True, slots=True)
class Opaque:
    """An axiom the model does not interpret; using it is ``NOT_IN_MODEL``."""

    name: str


# --- types -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class TData:
    """An ordinary inductive type applied to its parameters."""

    name: str
    params: tuple[Any, ...] = ()

    def __str__(self) -> str:
        return " ".join([self.name, *map(show, self.params)])


@dataclass(frozen=True, slots=True, eq=False)
class THit:
    """A higher inductive type (one instance of its parameters)."""

    model: HitModel


@dataclass(frozen=True, slots=True, eq=False)
class TPi:
    """``(x : domain) -> codomain x``."""

    domain: Any
    codomain: Fn


@dataclass(frozen=True, slots=True, eq=False)
class TSigma:
    """``(x : first) * second x``."""

    first: Any
    second: Fn


@dataclass(frozen=True, slots=True, eq=False)
class TId:
    """``left = right`` in ``type``."""

    type: Any
    left: Any
    right: Any


@dataclass(frozen=True, slots=True)
class TUniv:
    """``Type level``."""

    level: int


# --- points and paths ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True, eq=False)
class Point:
    """A point (0-cell) of a HIT."""

    model: HitModel
    cell: str

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Point) and other.model is self.model and other.cell == self.cell

    def __hash__(self) -> int:
        return hash(self.cell)

    def __str__(self) -> str:
        return self.cell


class Triv:
    """The path in a set (or between paths): unique in the model, printed ``refl``."""

    def __repr__(self) -> str:
        return "refl"


TRIV = Triv()


@dataclass(frozen=True, slots=True, eq=False)
class Equiv:
    """A path in the universe: a bijection ``forward`` with inverse ``backward``."""

    forward: Callable[[Any], Any]
    backward: Callable[[Any], Any]

    def inv(self) -> Equiv:
        """The inverse path."""
        return Equiv(self.backward, self.forward)

    def then(self, other: Equiv) -> Equiv:
        """First this equivalence, then ``other`` (path concatenation)."""
        f1, f2, b1, b2 = self.forward, other.forward, self.backward, other.backward
        return Equiv(lambda x: f2(f1(x)), lambda y: b1(b2(y)))

    def power(self, n: int) -> Equiv:
        """``self`` composed ``n`` times (``inv`` for negative ``n``), applied in a loop."""
        f, b = (self.forward, self.backward) if n >= 0 else (self.backward, self.forward)
        count = abs(n)

        def fwd(x: Any) -> Any:
            for _ in range(count):
                x = f(x)
            return x

        def bwd(x: Any) -> Any:
            for _ in range(count):
                x = b(x)
            return x

        return Equiv(fwd, bwd)


IDENTITY = Equiv(lambda x: x, lambda x: x)


@dataclass(frozen=True, slots=True)
class Moving:
    """A value varying along ``path`` from ``start`` to ``end`` (a path in its type)."""

    path: Any
    start: Any
    end: Any


@dataclass(frozen=True, slots=True)
class Word:
    """A path of a HIT: ``runs`` of (generator, exponent), freely reduced, adjacent runs of
    different generators. Composition touches only the runs where the words meet, so a power
    ``loop^n`` is one run whatever ``n``."""

    model: HitModel = field(compare=False)
    start: str
    end: str
    runs: tuple[tuple[str, int], ...] = ()

    def then(self, other: Word) -> Word:
        """``self · other``."""
        runs = list(self.runs)
        for gen, exp in other.runs:
            if runs and runs[-1][0] == gen:
                total = runs[-1][1] + exp
                runs.pop()
                if total:
                    runs.append((gen, total))
            else:
                runs.append((gen, exp))
        return Word(self.model, self.start, other.end, tuple(runs))

    def inv(self) -> Word:
        """``self⁻¹``."""
        return Word(self.model, self.end, self.start,
                    tuple((g, -e) for g, e in reversed(self.runs)))

    def power(self, n: int) -> Word:
        """``self`` composed ``n`` times, by repeated squaring of the runs."""
        base = self if n >= 0 else self.inv()
        if len(base.runs) == 1:
            gen, exp = base.runs[0]
            return Word(self.model, self.start, self.end, ((gen, exp * abs(n)),))
        result = Word(self.model, self.start, self.start)
        for _ in range(abs(n)):
            result = result.then(base)
        return result

    def letters(self) -> tuple[tuple[str, int], ...]:
        """The word letter by letter (exponents ±1)."""
        return tuple((g, 1 if e > 0 else -1) for g, e in self.runs for _ in range(abs(e)))

    def __str__(self) -> str:
        if not self.runs:
            return f"refl_{self.start}"
        return " ".join(g if e == 1 else f"{g}^{e}" for g, e in self.runs)


def show(value: Any) -> str:
    """A value as text (ints, bools as ``true``/``false``, constructors, pairs, paths)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Pair):
        return f"({show(value.first)}, {show(value.second)})"
    return str(value)

"""Values: the semantic domain of normalisation by evaluation.

Bound variables are de Bruijn *levels* (0 = the outermost binder), so values can be moved under
binders without shifting. Binders hold closures (an environment and a core term). A neutral is a
head (a variable, an unsolved metavariable or a constant) with a spine of eliminations; a
``VTop`` is a definition applied to a spine, kept folded (so types print with the user's
names) and unfolded on demand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from hott.lang.presyntax import Icit
from hott.lang.syntax import Tm
from hottbridge.errors import SourceSpan


@dataclass(frozen=True, slots=True)
class Closure:
    """A term under one binder, with the environment of its free variables (innermost last)."""

    env: tuple[Value, ...]
    term: Tm


@dataclass(frozen=True, slots=True)
class HVar:
    """A bound variable, by de Bruijn level."""

    level: int


@dataclass(frozen=True, slots=True)
class HMeta:
    """An unsolved metavariable."""

    id: int


@dataclass(frozen=True, slots=True)
class HConst:
    """A constant that does not unfold: axiom, type former, constructor, stuck eliminator."""

    name: str


Head = HVar | HMeta | HConst


@dataclass(frozen=True, slots=True)
class EApp:
    """Application to an argument."""

    argument: Value
    icit: Icit


@dataclass(frozen=True, slots=True)
class EProj:
    """First (1) or second (2) projection."""

    index: int


Elim = EApp | EProj


@dataclass(frozen=True, slots=True, eq=False)
class VNe:
    """A neutral value: a head with a spine of eliminations (outermost first)."""

    head: Head
    spine: tuple[Elim, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)
class VTop:
    """A definition applied to a spine, unfolded only when needed."""

    entry: GlobalEntry
    spine: tuple[Elim, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)
class VLam:
    """``fun name => body``."""

    name: str
    icit: Icit
    body: Closure


@dataclass(frozen=True, slots=True, eq=False)
class VPi:
    """``(name : domain) -> codomain``."""

    name: str
    icit: Icit
    domain: Value
    codomain: Closure


@dataclass(frozen=True, slots=True, eq=False)
class VSigma:
    """``(name : first) * second``."""

    name: str
    first: Value
    second: Closure


@dataclass(frozen=True, slots=True, eq=False)
class VPair:
    """``(first, second)``."""

    first: Value
    second: Value


@dataclass(frozen=True, slots=True, eq=False)
class VU:
    """``Type level``."""

    level: int


@dataclass(frozen=True, slots=True, eq=False)
class VId:
    """``Id type left right``."""

    type: Value
    left: Value
    right: Value


@dataclass(frozen=True, slots=True)
class VLit:
    """A ``Nat`` numeral (``value ≥ 0``): the canonical value of ``zero`` and ``suc`` applied
    to a numeral, seen as ``zero`` or ``suc (VLit (value - 1))`` where constructors are matched."""

    value: int


Value = VNe | VTop | VLam | VPi | VSigma | VPair | VU | VId | VLit

NAT_ZERO, NAT_SUC = "zero", "suc"
"""Nat's constructors (declared by the core, hott/lang/builtins.py), which numerals stand for."""


def nat_view(value: VLit) -> tuple[str, tuple[VLit, ...]]:
    """A numeral as a constructor and its arguments: ``zero`` or ``suc`` of the predecessor."""
    if value.value == 0:
        return NAT_ZERO, ()
    return NAT_SUC, (VLit(value.value - 1),)


def var(level: int) -> Value:
    """The bound variable with de Bruijn level ``level``."""
    return VNe(HVar(level))


Reducer = Callable[[object, Sequence[Value]], "Value | None"]
"""An eliminator's computation rule: (the signature, its first ``arity`` arguments) to a result,
or None if stuck."""


@dataclass(eq=False)
class GlobalEntry:
    """A checked global: its kind, type, and (definitions) body; (eliminators) computation rule.

    ``kind`` is one of def, axiom, data, hit, constructor, eliminator, rule (a generated
    computation rule of a HIT), primitive (``J``). ``axioms`` are the axioms it depends on.
    """

    name: str
    kind: str
    type: Value
    type_tm: Tm
    term: Tm | None = None
    value: Value | None = None
    arity: int = 0
    reduce: Reducer | None = None
    axioms: frozenset[str] = frozenset()
    span: SourceSpan | None = None
    extra: dict[str, object] = field(default_factory=dict)

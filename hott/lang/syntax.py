"""Core terms: what elaboration produces and evaluation reads.

Local variables are de Bruijn *indices* (0 = the innermost binder); globals and metavariables
are referred to by name and number. Binder names are kept only to print terms back with the
user's names; they never take part in comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

from hott.lang.presyntax import Icit


@dataclass(frozen=True, slots=True)
class Var:
    """A bound variable, by de Bruijn index."""

    index: int


@dataclass(frozen=True, slots=True)
class Glob:
    """A global: a definition, axiom, type former, constructor or eliminator."""

    name: str


@dataclass(frozen=True, slots=True)
class U:
    """The universe ``Type level``."""

    level: int


@dataclass(frozen=True, slots=True)
class Pi:
    """``(name : domain) -> codomain`` (codomain under one binder)."""

    name: str
    icit: Icit
    domain: Tm
    codomain: Tm


@dataclass(frozen=True, slots=True)
class Lam:
    """``fun name => body`` (body under one binder)."""

    name: str
    icit: Icit
    body: Tm


@dataclass(frozen=True, slots=True)
class App:
    """Application, explicit or implicit."""

    function: Tm
    argument: Tm
    icit: Icit


@dataclass(frozen=True, slots=True)
class Sigma:
    """``(name : first) * second`` (second under one binder)."""

    name: str
    first: Tm
    second: Tm


@dataclass(frozen=True, slots=True)
class Pair:
    """``(first, second)``."""

    first: Tm
    second: Tm


@dataclass(frozen=True, slots=True)
class Proj:
    """``term.1`` or ``term.2``."""

    term: Tm
    index: int


@dataclass(frozen=True, slots=True)
class Let:
    """``let name : type := value in body`` (body under one binder)."""

    name: str
    type: Tm
    value: Tm
    body: Tm


@dataclass(frozen=True, slots=True)
class Id:
    """The identity type ``Id type left right``."""

    type: Tm
    left: Tm
    right: Tm


@dataclass(frozen=True, slots=True)
class Lit:
    """A ``Nat`` numeral, ``value ≥ 0`` (``zero`` is ``Lit(0)``, ``suc (Lit n)`` is ``Lit(n+1)``)."""

    value: int


@dataclass(frozen=True, slots=True)
class Meta:
    """A metavariable, by number."""

    id: int


@dataclass(frozen=True, slots=True)
class InsertedMeta:
    """A metavariable applied to the bound variables of its context (``bound[k]`` for level k)."""

    id: int
    bound: tuple[bool, ...]


Tm = (Var | Glob | U | Pi | Lam | App | Sigma | Pair | Proj | Let | Id | Lit | Meta
      | InsertedMeta)

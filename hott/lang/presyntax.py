"""The surface syntax of ``.hott`` files, as the parser produces it and the elaborator reads it.

Names are strings here; every node keeps the ``SourceSpan`` it was read from, so errors found
later (in elaboration) point back at the user's text. Notation is already desugared by the
parser: ``p · q`` is ``App(App(Var("concat"), p), q)`` (likewise ``p ⁻¹`` → ``inv``), numerals are
``Num`` (negative ones only where an ``Int`` is expected), ``A -> B`` is a ``Pi`` binding ``_``
and ``A * B`` a ``Sigma`` binding ``_``. Builtins (``Unit``, ``Bool``, ``J``, ``refl``, ...)
are ordinary ``Var`` nodes that the elaborator resolves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from hottbridge.errors import SourceSpan


class Icit(Enum):
    """Whether an argument is given explicitly ``(x : A)`` or left implicit ``{x : A}``."""

    EXPL = "explicit"
    IMPL = "implicit"


@dataclass(frozen=True)
class Node:
    """Every surface node has a span (``None`` only for nodes made by a program, not read)."""

    span: SourceSpan | None = field(default=None, compare=False, kw_only=True)


# --- terms ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Var(Node):
    """A name: a local variable, a definition, a constructor or a builtin."""

    name: str


OMEGA = 1_000_000
"""The level of ``Type ω``: the universe of all small types, written only by the checker itself
(the types of ``J``, ``refl`` and the generated eliminators); print it as ``Type ω``."""


@dataclass(frozen=True)
class Universe(Node):
    """``Type i``; ``Type`` alone is ``Type 0`` (``level == OMEGA`` is ``Type ω``, never parsed)."""

    level: int = 0


@dataclass(frozen=True)
class Pi(Node):
    """``(x : A) -> B``, ``{x : A} -> B``; ``A -> B`` binds the name ``_``."""

    name: str
    icit: Icit
    domain: Term
    codomain: Term


@dataclass(frozen=True)
class Lam(Node):
    """``fun x => t``, ``fun (x : A) => t``, ``fun {x} => t``; ``annotation`` may be None."""

    name: str
    icit: Icit
    annotation: Term | None
    body: Term


@dataclass(frozen=True)
class App(Node):
    """``f a`` (explicit) or ``f {a}`` (an implicit argument given explicitly)."""

    function: Term
    argument: Term
    icit: Icit = Icit.EXPL


@dataclass(frozen=True)
class Sigma(Node):
    """``(x : A) * B``; ``A * B`` binds the name ``_``."""

    name: str
    first: Term
    second: Term


@dataclass(frozen=True)
class Pair(Node):
    """``(a, b)``."""

    first: Term
    second: Term


@dataclass(frozen=True)
class Proj(Node):
    """``p.1`` (``index`` 1) or ``p.2`` (``index`` 2)."""

    term: Term
    index: int


@dataclass(frozen=True)
class Let(Node):
    """``let x : A := t in u`` (``type`` may be None: ``let x := t in u``)."""

    name: str
    type: Term | None
    value: Term
    body: Term


@dataclass(frozen=True)
class Eq(Node):
    """``a = b``: the identity type, its type argument left to the elaborator."""

    left: Term
    right: Term


@dataclass(frozen=True)
class Num(Node):
    """A numeral: a ``Nat`` (``zero``, ``suc``) or an ``Int`` (``pos``, ``negsuc``) by its type."""

    value: int


@dataclass(frozen=True)
class Hole(Node):
    """``_``: a term for the elaborator to find (an error if it cannot)."""


@dataclass(frozen=True)
class Ann(Node):
    """``(t : A)``: a term checked against a type, then used at that type."""

    term: Term
    type: Term


Term = Var | Universe | Pi | Lam | App | Sigma | Pair | Proj | Let | Eq | Num | Hole | Ann


# --- declarations --------------------------------------------------------------------------


@dataclass(frozen=True)
class Binder(Node):
    """One name bound by a declaration's telescope: ``(x : A)`` or ``{x : A}``.

    ``(x y : A)`` is read as two binders sharing the type.
    """

    name: str
    icit: Icit
    type: Term


@dataclass(frozen=True)
class Constructor(Node):
    """``NAME : TYPE`` inside a ``hit`` or ``data`` block (the type may be a path type)."""

    name: str
    type: Term


@dataclass(frozen=True)
class Def(Node):
    """``def NAME BINDERS : TYPE := TERM``."""

    name: str
    binders: tuple[Binder, ...]
    type: Term
    body: Term


@dataclass(frozen=True)
class Axiom(Node):
    """``axiom NAME BINDERS : TYPE``."""

    name: str
    binders: tuple[Binder, ...]
    type: Term


@dataclass(frozen=True)
class Data(Node):
    """``data NAME BINDERS where`` followed by its constructors (strictly positive)."""

    name: str
    binders: tuple[Binder, ...]
    constructors: tuple[Constructor, ...]


@dataclass(frozen=True)
class Hit(Node):
    """``hit NAME BINDERS where`` followed by point, path and 2-path constructors."""

    name: str
    binders: tuple[Binder, ...]
    constructors: tuple[Constructor, ...]


Decl = Def | Axiom | Data | Hit


@dataclass(frozen=True)
class Program(Node):
    """A parsed ``.hott`` file: its declarations in order, and the text they came from."""

    decls: tuple[Decl, ...]
    source: str = field(default="", compare=False)
    path: str | None = field(default=None, compare=False)

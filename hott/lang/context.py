"""The elaboration context: the local variables in scope, their types, values and names."""

from __future__ import annotations

from dataclasses import dataclass

from hott.lang import syntax as S
from hott.lang.evaluation import quote
from hott.lang.names import to_presyntax
from hott.lang.presyntax import Icit
from hott.lang.printer import render
from hott.lang.signature import Signature
from hott.lang.values import Value, var


@dataclass(frozen=True)
class Cxt:
    """Locals by de Bruijn level: value, type, name, bound (λ/Π) or defined (let), visible.

    Binders inserted by the elaborator (implicit λs) are not visible to name lookup.
    """

    env: tuple[Value, ...] = ()
    types: tuple[Value, ...] = ()
    names: tuple[str, ...] = ()
    bound: tuple[bool, ...] = ()
    visible: tuple[bool, ...] = ()

    @property
    def level(self) -> int:
        """The number of locals."""
        return len(self.env)

    def bind(self, name: str, type_: Value, *, visible: bool = True) -> Cxt:
        """The context with a new bound variable."""
        return Cxt((*self.env, var(self.level)), (*self.types, type_), (*self.names, name),
                   (*self.bound, True), (*self.visible, visible and name != "_"))

    def define(self, name: str, value: Value, type_: Value) -> Cxt:
        """The context with a new let-defined variable."""
        return Cxt((*self.env, value), (*self.types, type_), (*self.names, name),
                   (*self.bound, False), (*self.visible, name != "_"))

    def lookup(self, name: str) -> tuple[int, Value] | None:
        """The de Bruijn index and type of the innermost visible local called ``name``."""
        for lvl in range(self.level - 1, -1, -1):
            if self.visible[lvl] and self.names[lvl] == name:
                return self.level - lvl - 1, self.types[lvl]
        return None

    def closed_type(self, sig: Signature, type_: Value) -> S.Tm:
        """``type_`` closed over the context: Π over bound locals, let over defined ones."""
        tm = quote(sig, self.level, type_)
        for lvl in range(self.level - 1, -1, -1):
            ty = quote(sig, lvl, self.types[lvl])
            tm = (S.Pi(self.names[lvl], Icit.EXPL, ty, tm) if self.bound[lvl]
                  else S.Let(self.names[lvl], ty, quote(sig, lvl, self.env[lvl]), tm))
        return tm

    def show(self, sig: Signature, value: Value) -> str:
        """``value`` printed with the user's names."""
        return render(to_presyntax(quote(sig, self.level, value), self.names))

    def show_context(self, sig: Signature) -> list[tuple[str, str]]:
        """The visible locals as ``(name, type)`` strings, innermost last."""
        shown = []
        for lvl in range(self.level):
            if self.visible[lvl]:
                ty = render(to_presyntax(quote(sig, lvl, self.types[lvl]), self.names[:lvl]))
                shown.append((self.names[lvl], ty))
        return shown

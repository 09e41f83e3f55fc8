"""Finite types of the model enumerated: ``Bool``, non-recursive ``data`` over finite
arguments, and finite Σ-types (HIT cells and fibers are enumerated through these). Mixed into
:class:`~hott.lang.model.interpret.Interpreter`.
"""

from __future__ import annotations

from typing import Any

from hott.lang import syntax as S
from hott.lang.declarations import globals_in
from hott.lang.model.values import Con, Pair, TData, TSigma

__all__ = ["FINITE_LIMIT", "FiniteTypes"]

FINITE_LIMIT = 4096
"""At most this many elements are enumerated for a finite type (HIT cells, fibers)."""


class FiniteTypes:
    """The elements of a finite type, in constructor order."""

    def elements(self, type_: Any, what: str, origin: str) -> list[Any]:
        """The elements of a finite type, in constructor order; NOT_IN_MODEL otherwise."""
        if isinstance(type_, TData):
            if type_.name == "Bool":
                return [True, False]
            if type_.name in ("Nat", "Int"):
                self.fail(origin, f"{what} ranges over the infinite type {type_.name}")
            found: list[Any] = []
            nparams = len(type_.params)
            for ctor in self.constructors(type_.name):
                tm = self.sig.globals[ctor].type_tm
                for _ in range(nparams):
                    tm = tm.codomain
                choices: list[tuple] = [()]
                while isinstance(tm, S.Pi):
                    if type_.name in globals_in(tm.domain):
                        self.fail(origin, f"{what} ranges over the recursive (infinite) type "
                                          f"{type_.name}")
                    grown = []
                    for args in choices:
                        dom = self.run(tm.domain, (*type_.params, *args), origin)
                        grown += [(*args, v) for v in self.elements(dom, what, origin)]
                    choices, tm = grown, tm.codomain
                found += [Con(ctor, args) for args in choices]
                if len(found) > FINITE_LIMIT:
                    self.fail(origin, f"{what} has more than {FINITE_LIMIT} elements")
            return found
        if isinstance(type_, TSigma) and type_.second.const:
            rest = self.elements(type_.second(None), what, origin)
            return [Pair(a, b) for a in self.elements(type_.first, what, origin) for b in rest]
        self._plain(type_, origin, what)
        self.fail(origin, f"{what} ranges over a type the model cannot enumerate")

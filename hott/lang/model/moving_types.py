"""Type formers over moving values: Π, Σ and path types whose parts vary along a path are
moving types, whose path in the universe is the bijection transport applies (book 2.9.4 for
arrows, 2.6/2.7 for pairs, 2.11.2 for paths). Mixed into
:class:`~hott.lang.model.interpret.Interpreter`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hott.lang.model.moving import at_side, captures_moving, constant, ends
from hott.lang.model.values import IDENTITY, Equiv, Fn, Moving, Pair, TId, TPi, TSigma

__all__ = ["MovingTypes"]


class MovingTypes:
    """``(x : A) -> B``, ``(x : A) * B`` and ``a = b`` built from values that may move."""

    def pi(self, dom: Any, cod: Fn, origin: str) -> Any:
        """``(x : dom) -> cod x``; a moving type when a part moves (non-dependent arrows)."""
        if not (isinstance(dom, Moving) or captures_moving(cod)):
            return TPi(dom, cod)
        if not cod.const:
            self.fail(origin, "a dependent function type over a path (transport in it is "
                              "not computed by the model)")
        target = cod(None)
        d0, d1, c0, c1 = (*ends(dom), *ends(target))

        def forward(f: Any) -> Callable[[Any], Any]:
            return lambda v: self.coerce(target, self.apply(f, self._back(dom, v, origin),
                                                            origin), origin)

        def backward(g: Any) -> Callable[[Any], Any]:
            return lambda v: self._back(target, self.apply(g, self.coerce(dom, v, origin),
                                                           origin), origin)

        return Moving(Equiv(forward, backward), TPi(d0, constant(c0)), TPi(d1, constant(c1)))

    def sigma(self, first: Any, second: Fn, origin: str) -> Any:
        """``(x : first) * second x``; a moving type when a part moves (non-dependent pairs)."""
        if not (isinstance(first, Moving) or captures_moving(second)):
            return TSigma(first, second)
        if not second.const:
            self.fail(origin, "a dependent pair type over a path (transport in it is not "
                              "computed by the model)")
        other = second(None)
        a0, a1, b0, b1 = (*ends(first), *ends(other))
        forward = lambda v: Pair(self.coerce(first, v.first, origin),
                                 self.coerce(other, v.second, origin))
        backward = lambda v: Pair(self._back(first, v.first, origin),
                                  self._back(other, v.second, origin))
        return Moving(Equiv(forward, backward), TSigma(a0, constant(b0)), TSigma(a1, constant(b1)))

    def _back(self, type_: Any, u: Any, origin: str) -> Any:
        if isinstance(type_, Moving) and isinstance(type_.path, Equiv):
            return type_.path.backward(u)
        return u

    def identity_type(self, type_: Any, left: Any, right: Any, origin: str) -> Any:
        """``left = right``; a moving type when an end moves (book 2.11.2: q ↦ l⁻¹ · q · r)."""
        if isinstance(type_, Moving):
            if not (self.is_set(type_.start) and self.is_set(type_.end)):
                self.fail(origin, "a path type in a type varying along a path, whose ends "
                                  "are not sets")
            return Moving(IDENTITY, TId(type_.start, at_side(left, 0), at_side(right, 0)),
                          TId(type_.end, at_side(left, 1), at_side(right, 1)))
        if not (isinstance(left, Moving) or isinstance(right, Moving)):
            return TId(type_, left, right)
        kind = self.kind(type_)
        l0, l1, r0, r1 = (*ends(left), *ends(right))
        types = (TId(type_, l0, r0), TId(type_, l1, r1))
        if kind == "set":
            return Moving(IDENTITY, *types)
        lp = left.path if isinstance(left, Moving) else self.refl_in(type_, left, origin)
        rp = right.path if isinstance(right, Moving) else self.refl_in(type_, right, origin)
        if kind not in ("hit", "universe"):
            self.fail(origin, "a path type in a type that is neither a set, a HIT nor a "
                              "universe, over a path")
        conc, inv = self.concat, self.inv
        forward = lambda q: conc(type_, conc(type_, inv(type_, lp, origin), q, origin), rp,
                                 origin)
        backward = lambda q: conc(type_, conc(type_, lp, q, origin), inv(type_, rp, origin),
                                  origin)
        return Moving(Equiv(forward, backward), *types)

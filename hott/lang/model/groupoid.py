"""The groupoid operations of the model, by the kind of type: words of a HIT, bijections of
the universe (``ua``), the unique path of a set; ``ap``, ``transport``, ``apd`` and ``J``
computed by running functions on a point moving along a path. Mixed into
:class:`~hott.lang.model.interpret.Interpreter`.
"""

from __future__ import annotations

from typing import Any

from hott.lang.model.moving import captures_moving
from hott.lang.model.values import (
    IDENTITY,
    TRIV,
    Equiv,
    Moving,
    Point,
    TData,
    THit,
    TId,
    TPi,
    TSigma,
    TUniv,
    Word,
)

__all__ = ["Groupoid"]


class Groupoid:
    """Paths and what acts on them: refl, concatenation, inverses, powers, ap, transport, J."""

    def kind(self, type_: Any) -> str | None:
        """``hit``, ``universe``, ``set`` (paths are unique), or None (outside the model)."""
        if isinstance(type_, THit):
            return "hit"
        if isinstance(type_, TUniv):
            return "universe"
        return "set" if self.is_set(type_) else None

    def is_set(self, type_: Any) -> bool:
        """Whether the model knows ``type_`` to be a set (paths in HITs count, by truncation)."""
        if isinstance(type_, TData):
            return all(self.is_set(p) for p in type_.params if is_type(p))
        if isinstance(type_, TId):
            return True
        if isinstance(type_, (TPi, TSigma)):
            body = type_.codomain if isinstance(type_, TPi) else type_.second
            first_ok = isinstance(type_, TPi) or self.is_set(type_.first)
            return first_ok and body.const and self.is_set(body(None))
        return False

    def refl_in(self, type_: Any, point: Any, origin: str) -> Any:
        """``refl`` at ``point`` in ``type_``."""
        kind = self.kind(type_)
        if kind == "hit":
            if not isinstance(point, Point):
                self._plain(point, origin, "refl")
                self.fail(origin, "refl at a value that is not a point of the HIT")
            return Word(point.model, point.cell, point.cell)
        if kind == "universe":
            return IDENTITY
        if kind == "set":
            return TRIV
        self._plain(type_, origin, "a path type")
        self.fail(origin, "a path in a type that is neither a set, a HIT nor a universe")

    def concat(self, type_: Any, p: Any, q: Any, origin: str) -> Any:
        """``p · q`` in ``type_``."""
        kind = self.kind(type_)
        if kind == "hit":
            return self._word(p, origin).then(self._word(q, origin))
        if kind == "universe":
            return self._equiv(p, origin).then(self._equiv(q, origin))
        if kind == "set":
            return TRIV
        return self.refl_in(type_, None, origin)

    def inv(self, type_: Any, p: Any, origin: str) -> Any:
        """``p⁻¹`` in ``type_``."""
        kind = self.kind(type_)
        if kind == "hit":
            return self._word(p, origin).inv()
        if kind == "universe":
            return self._equiv(p, origin).inv()
        if kind == "set":
            return TRIV
        return self.refl_in(type_, None, origin)

    def power(self, type_: Any, p: Any, n: int, origin: str) -> Any:
        """``p`` composed ``n`` times."""
        kind = self.kind(type_)
        if kind == "hit":
            return self._word(p, origin).power(n)
        if kind == "universe":
            return self._equiv(p, origin).power(n)
        return TRIV

    def _word(self, p: Any, origin: str) -> Word:
        if isinstance(p, Word):
            return p
        self._plain(p, origin, "a path of a HIT")
        self.fail(origin, f"{type(p).__name__} used as a path of a HIT")

    def _equiv(self, p: Any, origin: str) -> Equiv:
        if isinstance(p, Equiv):
            return p
        self._plain(p, origin, "a path between types")
        self.fail(origin, f"{type(p).__name__} used as a path between types")

    def univalence(self, e: Any) -> Equiv:
        """``ua e``: the bijection of the equivalence ``e = (f, ((g, _), (h, _)))``."""
        forward = self.project(e, 1, "ua")
        backward = self.project(self.project(self.project(e, 2, "ua"), 1, "ua"), 1, "ua")
        return Equiv(lambda x: self.apply(forward, x, "ua"),
                     lambda y: self.apply(backward, y, "ua"))

    def _along(self, p: Any, origin: str) -> bool:
        """Whether ``p`` is a path something can move along (else it is ``refl`` of a set)."""
        if isinstance(p, (Word, Equiv)):
            return True
        self._plain(p, origin, "a path")
        return False

    def ap(self, a: Any, b: Any, f: Any, x: Any, y: Any, p: Any) -> Any:
        """``ap f p``: ``f`` run on the point moving along ``p``."""
        if not self._along(p, "ap"):
            return self.refl_in(b, self.apply(f, x, "ap"), "ap")
        return self.path_of(b, self.apply(f, Moving(p, x, y), "ap"), "ap")

    def path_of(self, type_: Any, value: Any, origin: str) -> Any:
        """The path a value computed on a moving point traces in ``type_``."""
        if isinstance(value, Moving):
            return value.path
        if captures_moving(value):
            self.fail(origin, "the action on paths of a function whose result is a function "
                              "(a path in a function type)")
        return self.refl_in(type_, value, origin)

    def transport(self, a: Any, family: Any, x: Any, y: Any, p: Any, u: Any) -> Any:
        """``transport P p u``: the bijection of the moving type ``P (moving p)``."""
        if not self._along(p, "transport"):
            return u
        return self.coerce(self.apply(family, Moving(p, x, y), "transport"), u, "transport")

    def coerce(self, type_: Any, u: Any, origin: str) -> Any:
        """Carry ``u`` along a moving type (unchanged along a constant one)."""
        if isinstance(type_, Moving):
            if isinstance(type_.path, Equiv):
                return type_.path.forward(u)
            return u
        if captures_moving(type_):
            self.fail(origin, "transport in a family of dependent function or pair types over "
                              "a path")
        return u

    def apd(self, a: Any, family: Any, f: Any, x: Any, y: Any, p: Any) -> Any:
        """``apd f p``, a path in the fiber over the end of ``p``."""
        fiber = self.apply(family, y, "apd")
        if self.is_set(fiber):
            return TRIV
        if not self._along(p, "apd"):
            return self.refl_in(fiber, self.apply(f, y, "apd"), "apd")
        if isinstance(self.apply(family, Moving(p, x, y), "apd"), Moving):
            self.fail("apd", "apd into a family that is not constant and not a family of sets")
        return self.path_of(fiber, self.apply(f, Moving(p, x, y), "apd"), "apd")

    def path_induction(self, a: Any, base: Any, motive: Any, d: Any, x: Any, p: Any) -> Any:
        """``J C d p``: ``d`` carried along the path ``(a, refl) ~> (x, p)`` of the based path
        space, through the moving type ``C (moving x) (moving q)``."""
        if not self._along(p, "J"):
            return d
        moving_q = Moving(TRIV, self.refl_in(a, base, "J"), p)
        fiber = self.apply(self.apply(motive, Moving(p, base, x), "J"), moving_q, "J")
        return self.coerce(fiber, d, "J")


def is_type(value: Any) -> bool:
    return isinstance(value, (TData, THit, TPi, TSigma, TId, TUniv))

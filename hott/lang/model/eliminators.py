"""Eliminators in the model: on points by their computation rules, on paths by composing
the images of the path constructors (the recursion principle's action on paths).

``Nat``, ``Int`` and ``Bool`` eliminators run on plain ints and bools; iterating a step that
only composes a path is one power of a word. Mixed into
:class:`~hott.lang.model.interpret.Interpreter`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hott.lang import syntax as S
from hott.lang.declarations import globals_in
from hott.lang.errors import LangError
from hott.lang.model.terms import pi_count
from hott.lang.model.values import TRIV, Con, Fn, Moving, Opaque, Point, Prim, Word

__all__ = ["Eliminators"]

FORMAL = "#X"
"""The formal letter of :meth:`Interpreter._right_factor` (no constructor has this name)."""


class _FormalLetter(Exception):
    """A formal letter met an operation other than composition."""


class Eliminators:
    """``D-rec`` / ``D-ind`` applied to all their arguments."""

    def _fast_eliminator(self, name: str) -> Callable[[tuple], Any] | None:
        """``Nat``, ``Int`` and ``Bool`` eliminators on their plain values (ints and bools),
        without the generic dispatch; anything else goes to :meth:`eliminate`."""
        family = name.rsplit("-", 1)[0]
        slow = self.eliminate

        def nat(a: tuple) -> Any:
            if type(a[3]) is not int:
                return slow(name, a)
            acc, step = a[1], a[2]
            if type(acc) is Word and type(step) is Fn and step.const and a[3] > 1:
                factor = self._right_factor(step, acc)
                if factor is not None:
                    return acc.then(factor.power(a[3]))
            for k in range(a[3]):
                acc = step(k)(acc)
            return acc

        def integer(a: tuple) -> Any:
            n = a[3]
            if type(n) is not int:
                return slow(name, a)
            return a[1](n) if n >= 0 else a[2](-n - 1)

        def boolean(a: tuple) -> Any:
            if type(a[3]) is not bool:
                return slow(name, a)
            return a[1] if a[3] else a[2]

        return {"Nat": nat, "Int": integer, "Bool": boolean}.get(family)

    def _right_factor(self, step: Fn, acc: Word) -> Word | None:
        """``W`` if ``step k q = q · W`` for every path ``q`` (then iterating the step is a
        power of ``W``, computed as one run): ``step`` is run on a formal letter ``X``; a step
        that does anything to ``q`` but compose it fails on ``X`` and is iterated instead."""
        formal = Word(acc.model, acc.start, acc.end, ((FORMAL, 1),))
        try:
            result = step(0)(formal)
        except (_FormalLetter, LangError):
            return None
        if not (type(result) is Word and result.runs[:1] == ((FORMAL, 1),)
                and all(g != FORMAL for g, _ in result.runs[1:])):
            return None
        return Word(acc.model, acc.end, result.end, result.runs[1:])

    def eliminate(self, name: str, args: tuple) -> Any:
        """An eliminator ``D-rec`` / ``D-ind`` applied to all its arguments."""
        family = name.rsplit("-", 1)[0]
        nparams = pi_count(self.sig.globals[family].type_tm)
        major, cases = args[-1], args[nparams + 1:-1]
        self._plain_major(major, name)
        if isinstance(major, (Point, Moving)):
            return self._eliminate_hit(name, family, args[nparams], cases, major,
                                       dependent=name.endswith("-ind"))
        if family == "Nat":
            acc = cases[0]
            step = cases[1]
            for k in range(self._int(major, name)):
                acc = step(k)(acc)
            return acc
        if family == "Int":
            n = self._int(major, name)
            return cases[0](n) if n >= 0 else cases[1](-n - 1)
        if family == "Bool":
            return cases[0] if major else cases[1]
        if not isinstance(major, Con):
            self.fail(name, f"{name} applied to {type(major).__name__}")
        ctors = self.constructors(family)
        index = ctors.index(major.name)
        result = cases[index]
        for a in major.args:
            result = result(a)
        for a, k in zip(major.args, self._recursive(major.name, family, nparams), strict=True):
            if k is None:
                continue
            prefix = args[:-1]
            if k == 0:
                result = result(self.eliminate(name, (*prefix, a)))
            else:
                result = result(Prim(f"{name}-ih", k, lambda ys, a=a, prefix=prefix:
                                     self.eliminate(name, (*prefix, apply_all(a, ys)))))
        return result

    def _plain_major(self, major: Any, name: str) -> None:
        if isinstance(major, Opaque):
            self.fail(name, f"{name} applied to the axiom '{major.name}', which the model does "
                            "not interpret")
        if isinstance(major, Moving) and not isinstance(major.path, Word):
            self.fail(name, f"{name} applied to a value varying along a path that is not a "
                            "path of a HIT")

    def _recursive(self, ctor: str, family: str, nparams: int) -> list[int | None]:
        tm = self.sig.globals[ctor].type_tm
        for _ in range(nparams):
            tm = tm.codomain
        found: list[int | None] = []
        while isinstance(tm, S.Pi):
            dom, k = tm.domain, 0
            if family in globals_in(dom):
                while isinstance(dom, S.Pi):
                    dom, k = dom.codomain, k + 1
                found.append(k)
            else:
                found.append(None)
            tm = tm.codomain
        return found

    def _eliminate_hit(self, name: str, family: str, motive: Any, cases: tuple, major: Any, *,
                       dependent: bool) -> Any:
        ctors = [c for c in self.constructors(family) if not (
            dependent and self.sig.globals[c].extra.get("ctor_kind") == "path2")]
        case_of = dict(zip(ctors, cases, strict=False))

        def at(point: Point) -> Any:
            ctor, cargs = point.model.points[point.cell]
            return apply_all(case_of[ctor], cargs)

        if isinstance(major, Point):
            return at(major)
        word: Word = major.path
        model = word.model
        start, end = at(Point(model, word.start)), at(Point(model, word.end))
        if dependent:
            fiber = self.apply(motive, Point(model, word.start), name)
            if not self.is_set(fiber):
                self.fail(name, f"{name} along a path into a family whose fibers are not sets "
                                "(the model is exact for families of sets only)")
            return Moving(TRIV, start, end)
        kind = self.kind(motive)
        if kind == "set":
            return start
        if kind is None:
            self.fail(name, f"{name} into a type that is neither a set, a HIT nor a universe")
        image = self.refl_in(motive, start, name)
        for gen, exp in word.runs:
            if gen not in model.paths:
                raise _FormalLetter(gen)
            ctor, cargs = model.paths[gen]
            step = apply_all(case_of[ctor], cargs)
            image = self.concat(motive, image, self.power(motive, step, exp, name), name)
        return Moving(image, start, end)


def apply_all(fn: Any, args: tuple) -> Any:
    for a in args:
        fn = fn(a)
    return fn

"""A HIT declared in hott.lang, read as a :class:`hott.HIT` (a presented cell complex).

Point constructors give 0-cells, path constructors 1-cells, 2-path constructors ``c : p = q``
2-cells attached along ``p · q⁻¹``. Constructor arguments must range over finite sets (so a
parameterised HIT such as ``Susp Bool`` has finitely many cells, named ``merid_true``, …);
``Susp Nat`` has infinitely many and is outside the model.
"""

from __future__ import annotations

import re
from typing import Any

from hott.hit import HIT
from hott.lang import syntax as S
from hott.lang.model.values import Point, Word, show

Interpreter = Any
"""A :class:`hott.lang.model.interpret.Interpreter` (not imported: it imports this module)."""


class HitModel:
    """One instance of a declared HIT: its cells, the constructors behind them, its ``HIT``."""

    def __init__(self, interp: Interpreter, name: str, params: tuple[Any, ...]) -> None:
        self.interp, self.family, self.params = interp, name, params
        self.name = name if not params else f"{name}({', '.join(map(show, params))})"
        self.points: dict[str, tuple[str, tuple]] = {}
        self.paths: dict[str, tuple[str, tuple]] = {}
        self.ends: dict[str, tuple[str, str]] = {}
        self.cells: dict[str, tuple[str, str]] = {}
        self.cell_of: dict[tuple[str, tuple], str] = {}
        self.hit: HIT | None = None

    def build(self) -> None:
        """Enumerate every constructor instance and build the cell complex."""
        ctors = self.interp.constructors(self.family)
        for kind in ("point", "path", "path2"):
            for ctor in ctors:
                if self.interp.sig.globals[ctor].extra.get("ctor_kind") == kind:
                    self._add(ctor, kind)
        self.hit = HIT.from_cells(self.name, list(self.points), self.ends, self.cells)

    def _add(self, ctor: str, kind: str) -> None:
        for env, args in self._instances(ctor):
            cell = _cell_name(ctor, args)
            self.cell_of[(ctor, args)] = cell
            if kind == "point":
                self.points[cell] = (ctor, args)
                continue
            result = self._result(ctor)
            assert isinstance(result, S.Id)
            left, right = (self.interp.run(side, env, ctor) for side in (result.left,
                                                                            result.right))
            if kind == "path":
                self.paths[cell] = (ctor, args)
                self.ends[cell] = (self._point(left, ctor).cell, self._point(right, ctor).cell)
            else:
                loop = self._word(left, ctor).then(self._word(right, ctor).inv())
                self.cells[cell] = (loop.start, " ".join(
                    f"{g}^{e}" for g, e in loop.runs) or "refl")

    def _instances(self, ctor: str) -> list[tuple[tuple, tuple]]:
        """Every (environment, argument tuple) of the constructor, arguments enumerated."""
        tm = self._skip_params(ctor)
        found = [(tuple(self.params), ())]
        while isinstance(tm, S.Pi):
            grown = []
            for env, args in found:
                domain = self.interp.run(tm.domain, env, ctor)
                grown += [((*env, a), (*args, a))
                          for a in self.interp.elements(domain, f"an argument of {ctor}", ctor)]
            found, tm = grown, tm.codomain
        return found

    def _skip_params(self, ctor: str) -> S.Tm:
        tm = self.interp.sig.globals[ctor].type_tm
        for _ in self.params:
            assert isinstance(tm, S.Pi)
            tm = tm.codomain
        return tm

    def _result(self, ctor: str) -> S.Tm:
        tm = self._skip_params(ctor)
        while isinstance(tm, S.Pi):
            tm = tm.codomain
        return tm

    def _point(self, value: Any, ctor: str) -> Point:
        if not (isinstance(value, Point) and value.model is self):
            self.interp.fail(ctor, f"the ends of path constructor {ctor} are not points of "
                                   f"{self.name}")
        return value

    def _word(self, value: Any, ctor: str) -> Word:
        if not (isinstance(value, Word) and value.model is self):
            self.interp.fail(ctor, f"the sides of 2-path constructor {ctor} are not paths of "
                                   f"{self.name}")
        return value

    def point(self, ctor: str, args: tuple) -> Point:
        """The point a point constructor makes from its arguments."""
        return Point(self, self.cell_of[(ctor, args)])

    def generator(self, ctor: str, args: tuple) -> Word:
        """The one-letter path a path constructor makes from its arguments."""
        cell = self.cell_of[(ctor, args)]
        source, target = self.ends[cell]
        return Word(self, source, target, ((cell, 1),))


def _cell_name(ctor: str, args: tuple) -> str:
    """``merid_true`` for ``merid true``: the constructor and its arguments, as a cell name."""
    if not args:
        return ctor
    return re.sub(r"[^A-Za-z0-9_'.]", "_", "_".join([ctor, *map(show, args)]))


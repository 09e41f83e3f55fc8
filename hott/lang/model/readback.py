"""Model values read back as Python data or the objects of ``hott``.

``Int``/``Nat`` as ``int``, ``Bool`` as ``bool``, a point of a HIT as its name, a path of a HIT
as a :class:`hott.Path`, a family ``H -> Type`` with finite fibers as a checked
:class:`hott.Family`, a map ``H -> H'`` between HITs as a checked :class:`hott.HITMap`, pairs
as tuples, a path in a set as ``refl``, other functions as a callable :class:`Function`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hott.complex import Path
from hott.families import Family
from hott.lang.model.interpret import Interpreter
from hott.lang.model.values import (
    TRIV,
    Equiv,
    Moving,
    Pair,
    Point,
    TData,
    THit,
    TId,
    TPi,
    TSigma,
    TUniv,
    Word,
)
from hott.maps import HITMap

__all__ = ["Function", "as_path", "readback", "to_family", "to_map"]


@dataclass(frozen=True)
class Function:
    """A function value the model does not turn into a ``hott`` object; call it on model
    values (ints, bools, …) and its results are read back when its codomain is fixed."""

    interp: Interpreter
    fn: Any
    type: TPi
    name: str

    def __call__(self, arg: Any) -> Any:
        result = self.interp.apply(self.fn, arg, self.name)
        if self.type.codomain.const:
            return readback(self.interp, result, self.type.codomain(None), self.name)
        return result

    def __str__(self) -> str:
        return f"<function {self.name}>"


def readback(interp: Interpreter, value: Any, type_: Any, origin: str) -> Any:
    """``value`` (of model type ``type_``) as Python data or a ``hott`` object."""
    fail = interp.fail
    if isinstance(type_, TUniv):
        fail(origin, "a type as a result (universes are not values of the model)")
    if isinstance(type_, TData):
        interp._plain(value, origin, "the result")
        return value
    if isinstance(type_, THit):
        interp._plain(value, origin, "the result")
        return value.cell
    if isinstance(type_, TSigma):
        first = readback(interp, value.first, type_.first, origin)
        return (first, readback(interp, value.second, type_.second(value.first), origin))
    if isinstance(type_, TId):
        kind = interp.kind(type_.type)
        if kind == "hit":
            return as_path(interp._word(value, origin))
        if kind == "universe":
            return _permutation(interp, interp._equiv(value, origin), type_, origin)
        return TRIV
    if isinstance(type_, TPi):
        return _function(interp, value, type_, origin)
    fail(origin, f"a result of type {type(type_).__name__}")


def as_path(word: Word) -> Path:
    """A model path as a :class:`hott.Path` of its HIT (freely reduced)."""
    hit = word.model.hit
    assert hit is not None
    return Path(hit, word.start, word.end, word.letters())


def _permutation(interp: Interpreter, e: Equiv, type_: TId, origin: str) -> dict:
    """A path between finite types as its table ``{x: image}``."""
    return {x: e.forward(x) for x in interp.elements(type_.left, "a path between types",
                                                     origin)}


def _function(interp: Interpreter, value: Any, type_: TPi, origin: str) -> Any:
    dom = type_.domain
    if isinstance(dom, THit) and type_.codomain.const:
        target = type_.codomain(None)
        if isinstance(target, TUniv):
            return to_family(interp, value, dom, origin)
        if isinstance(target, THit):
            return to_map(interp, value, dom, target, origin)
    return Function(interp, value, type_, origin)


def to_family(interp: Interpreter, family: Any, base: THit, origin: str) -> Family:
    """A type family ``H -> Type`` with finite fibers as a checked :class:`hott.Family`."""
    model = base.model
    fibers = {cell: [_key(v) for v in interp.elements(
        interp.apply(family, Point(model, cell), origin), f"the fiber over {cell}", origin)]
        for cell in model.points}
    transports = {}
    for cell in model.paths:
        source, target = model.ends[cell]
        moving = interp.apply(family, Moving(Word(model, source, target, ((cell, 1),)),
                                             Point(model, source), Point(model, target)), origin)
        fiber = interp.elements(interp.apply(family, Point(model, source), origin),
                                f"the fiber over {source}", origin)
        transports[cell] = {_key(x): _key(interp.coerce(moving, x, origin)) for x in fiber}
    assert model.hit is not None
    return Family(model.hit, fibers, transports).check()


def to_map(interp: Interpreter, fn: Any, source: THit, target: THit, origin: str) -> HITMap:
    """A map between HITs as a checked :class:`hott.HITMap` (points and paths from ``ap``)."""
    model = source.model
    points = {cell: interp.apply(fn, Point(model, cell), origin).cell for cell in model.points}
    paths = {}
    for cell in model.paths:
        s, t = model.ends[cell]
        word = Word(model, s, t, ((cell, 1),))
        image = interp.path_of(target, interp.apply(fn, Moving(word, Point(model, s),
                                                               Point(model, t)), origin), origin)
        paths[cell] = as_path(interp._word(image, origin))
    assert model.hit is not None and target.model.hit is not None
    return HITMap(model.hit, target.model.hit, points, paths, name=origin).check()


def _key(value: Any) -> Any:
    """A model value as hashable Python data (pairs as tuples)."""
    if isinstance(value, Pair):
        return (_key(value.first), _key(value.second))
    return value

"""Closed, checked hott.lang terms evaluated in the groupoid model of presented cell complexes.

Core terms are compiled once into Python closures over an environment tuple (de Bruijn index
``i`` is ``env[-1 - i]``), so a definition is translated once and run many times. Globals are
interpreted by kind: definitions by their bodies; ``concat``, ``inv``, ``ap``, ``transport``,
``apd`` and ``J`` by the groupoid operations of the model (not by unfolding their ``J``
proofs); eliminators by their computation rules, on points *and* on paths; the axioms ``ua``
(by the bijection of its equivalence), ``funext`` and ``transport_ua`` (by the unique path of a
set). Anything else — an axiom the model does not interpret, a type as a result, a family that
is not a family of sets, a HIT with infinitely many cells — is a ``LangError`` of kind
``NOT_IN_MODEL`` naming the construct and the declaration it occurs in, never a wrong value.

Paths are computed by evaluating a function on a :class:`~hott.lang.model.values.Moving`
value: ``ap f p`` is ``f`` run on "the point moving along ``p``"; an eliminator meeting a moving
point returns the image of the path (its path cases composed); a type built from moving parts
is a moving type, whose path in the universe is the bijection ``transport`` applies (by the
structure of the type: book 2.9.4 for arrows, 2.11.2 for paths, 2.6/2.7 for pairs).

The interpreter is assembled from one module per concern: :mod:`~hott.lang.model.compile`
(terms to closures), :mod:`~hott.lang.model.eliminators`, :mod:`~hott.lang.model.groupoid`
(paths and what acts on them), :mod:`~hott.lang.model.moving_types` (type formers over moving
values) and :mod:`~hott.lang.model.finite` (enumerating finite types); this module holds the
globals, application and the errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

from hott.lang.errors import ErrorKind, LangError
from hott.lang.model.compile import Compiler
from hott.lang.model.eliminators import Eliminators
from hott.lang.model.finite import FiniteTypes
from hott.lang.model.groupoid import Groupoid
from hott.lang.model.hits import HitModel
from hott.lang.model.moving import at_side, captures_moving
from hott.lang.model.moving_types import MovingTypes
from hott.lang.model.terms import pi_count
from hott.lang.model.values import TRIV, Con, Fn, Moving, Opaque, Pair, Prim, TData, THit

__all__ = ["Interpreter"]

_MISSING = object()


class Interpreter(Compiler, Eliminators, Groupoid, MovingTypes, FiniteTypes):
    """Evaluates the globals of one checked module (and the prelude and core below it)."""

    def __init__(self, sig: Any, path: str | None = None,
                 own: frozenset[str] = frozenset()) -> None:
        self.sig, self.path, self.own = sig, path, own
        self.values: dict[str, Any] = {}
        self.models: dict[tuple, HitModel] = {}
        self.builtins: dict[str, Callable[[], Any]] = {
            "concat": self._pointwise("concat", 6, lambda a: self.concat(a[0], a[4], a[5],
                                                                          "concat")),
            "inv": self._pointwise("inv", 4, lambda a: self.inv(a[0], a[3], "inv")),
            "ap": self._pointwise("ap", 6, lambda a: self.ap(*a)),
            "transport": self._pointwise("transport", 6, lambda a: self.transport(*a),
                                         fiber=lambda a: self.apply(a[1], a[3], "transport")),
            "apd": self._pointwise("apd", 6, lambda a: self.apd(*a)),
            "J": lambda: Prim("J", 6, lambda a: self.path_induction(*a)),
            "refl": self._pointwise("refl", 2, lambda a: self.refl_in(a[0], a[1], "refl")),
            "ua": lambda: Prim("ua", 3, lambda a: self.univalence(a[2])),
            "funext": lambda: Prim("funext", 5, lambda a: TRIV),
            "transport_ua": lambda: Prim("transport_ua", 4, lambda a: TRIV),
        }

    def _pointwise(self, name: str, arity: int, op: Callable[[tuple], Any],
                   fiber: Callable[[tuple], Any] | None = None) -> Callable[[], Prim]:
        """A groupoid operation that, given arguments varying along a path, is computed at
        both ends: its result is a path (or, for ``transport``, an element of the fiber
        ``fiber(args)``), so it lies in a set of the model and varies along the unique path."""
        def run(args: tuple) -> Any:
            if not any(map(captures_moving, args)):
                return op(args)
            start, end = (tuple(at_side(a, side) for a in args) for side in (0, 1))
            if fiber is not None and not self.is_set(fiber(start)):
                self.fail(name, f"{name} along a path varying along a path, into a fiber "
                                "that is not a set")
            return Moving(TRIV, op(start), op(end))

        return lambda: Prim(name, arity, run)

    # --- errors ------------------------------------------------------------------------------

    def fail(self, origin: str, message: str) -> NoReturn:
        """Raise NOT_IN_MODEL; placed at ``origin`` if it is a definition, else at the
        definition whose code was running (see :meth:`placed`)."""
        error = LangError(ErrorKind.NOT_IN_MODEL, message)
        error.unplaced = True  # type: ignore[attr-defined]
        entry = self.sig.globals.get(origin)
        if entry is not None and entry.kind == "def" and entry.span is not None and (
                origin not in self.builtins):
            error = self.placed(error, origin)
        raise error

    def placed(self, error: LangError, origin: str) -> LangError:
        """``error`` located at the declaration ``origin`` (its file, line and column)."""
        entry = self.sig.globals.get(origin)
        span = None if entry is None else entry.span
        where = self.path if origin in self.own or origin == "<term>" else "prelude.hott"
        return LangError(error.kind, f"{error.detail} (in '{origin}')", span, path=where)

    # --- globals -----------------------------------------------------------------------------

    def value(self, name: str) -> Any:
        """The model value of the global ``name`` (computed once)."""
        found = self.values.get(name, _MISSING)
        if found is _MISSING:
            found = self.values[name] = self._make(name)
        return found

    def _make(self, name: str) -> Any:
        entry = self.sig.globals[name]
        if name in self.builtins and (entry.kind != "def" or name not in self.own):
            return self.builtins[name]()
        kind = entry.kind
        if kind == "def":
            return self.compile(entry.term, name)(())
        if kind == "axiom":
            return Opaque(name)
        if kind in ("data", "hit"):
            return self._type_former(name, kind, pi_count(entry.type_tm))
        if kind == "constructor":
            return self._constructor(name, entry.extra)
        if kind == "eliminator":
            fast = self._fast_eliminator(name)
            return Prim(name, entry.arity, fast or (lambda a: self.eliminate(name, a)))
        if kind == "rule":
            return Prim(name, pi_count(entry.type_tm), lambda a: TRIV)
        self.fail(name, f"the {kind} '{name}' has no interpretation")

    def _type_former(self, name: str, kind: str, arity: int) -> Any:
        def make(params: tuple) -> Any:
            for p in params:
                self._plain(p, name, f"the parameter of {name}")
            if kind == "data":
                return TData(name, params)
            return THit(self.model(name, params))

        return make(()) if arity == 0 else Prim(name, arity, make)

    def _constructor(self, name: str, extra: dict) -> Any:
        special = {"zero": 0, "true": True, "false": False}
        if name in special:
            return special[name]
        if name in ("suc", "pos", "negsuc"):
            step = {"suc": lambda n: n + 1, "pos": lambda n: n, "negsuc": lambda n: -n - 1}[name]
            return Prim(name, 1, lambda a: step(self._int(a[0], name)))
        family = str(extra["family"])
        nparams = pi_count(self.sig.globals[family].type_tm)
        total = pi_count(self.sig.globals[name].type_tm)
        kind = extra.get("ctor_kind", "point")
        is_hit = self.sig.globals[family].kind == "hit"

        def make(args: tuple) -> Any:
            if not is_hit:
                return Con(name, args[nparams:])
            if kind == "path2":
                return TRIV
            model = self.model(family, args[:nparams])
            cargs = args[nparams:]
            return model.point(name, cargs) if kind == "point" else model.generator(name, cargs)

        return make(()) if total == 0 else Prim(name, total, make)

    def constructors(self, family: str) -> list[str]:
        """The constructors of ``family``, in declaration order."""
        return [n for n, e in self.sig.globals.items()
                if e.kind == "constructor" and e.extra.get("family") == family]

    def model(self, family: str, params: tuple) -> HitModel:
        """The cell complex of the HIT ``family`` at ``params`` (built once)."""
        key = (family, params)
        found = self.models.get(key)
        if found is None:
            found = self.models[key] = HitModel(self, family, params)
            try:
                found.build()
            except BaseException:
                del self.models[key]
                raise
        return found

    # --- application and projection -----------------------------------------------------------

    def apply(self, fn: Any, arg: Any, origin: str) -> Any:
        """``fn arg``."""
        if type(fn) is Fn:
            return fn.body((*fn.env, arg))
        if callable(fn):
            return fn(arg)
        if isinstance(fn, Opaque):
            return fn  # an uninterpreted axiom applied stays inert until it is used
        if isinstance(fn, Moving):
            self.fail(origin, "a function varying along a path is applied (a path in a "
                              "function type)")
        self.fail(origin, f"{type(fn).__name__} applied as a function")

    def project(self, value: Any, index: int, origin: str) -> Any:
        """``value.1`` / ``value.2``."""
        if isinstance(value, Pair):
            return value.first if index == 1 else value.second
        self._plain(value, origin, f"projection .{index}")
        self.fail(origin, f"projection .{index} of {type(value).__name__}")

    def _plain(self, value: Any, origin: str, what: str) -> None:
        """Fail unless ``value`` is an ordinary value (not an uninterpreted axiom, not moving)."""
        if isinstance(value, Opaque):
            self.fail(origin, f"{what}: the axiom '{value.name}' is not interpreted by the model")
        if isinstance(value, Moving):
            self.fail(origin, f"{what} of a value varying along a path (only eliminators, "
                              "type formers and functions follow paths in the model)")

    def _int(self, value: Any, what: str, origin: str = "") -> int:
        if type(value) is int:
            return value
        self._plain(value, origin or what, what)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(origin or what, f"{what} expects a number, got {type(value).__name__}")
        return value

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
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

from hott.lang import syntax as S
from hott.lang.declarations import globals_in
from hott.lang.errors import ErrorKind, LangError
from hott.lang.model.hits import HitModel
from hott.lang.model.values import (
    IDENTITY,
    TRIV,
    Con,
    Equiv,
    Fn,
    Moving,
    Opaque,
    Pair,
    Point,
    Prim,
    TData,
    THit,
    TId,
    TPi,
    TSigma,
    TUniv,
    Word,
)

Code = Callable[[tuple], Any]
_MISSING = object()
FINITE_LIMIT = 4096
"""At most this many elements are enumerated for a finite type (HIT cells, fibers)."""


class Interpreter:
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
            if not any(map(_captures_moving, args)):
                return op(args)
            start, end = (tuple(_at(a, side) for a in args) for side in (0, 1))
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
            return self._type_former(name, kind, _pis(entry.type_tm))
        if kind == "constructor":
            return self._constructor(name, entry.extra)
        if kind == "eliminator":
            fast = self._fast_eliminator(name)
            return Prim(name, entry.arity, fast or (lambda a: self.eliminate(name, a)))
        if kind == "rule":
            return Prim(name, _pis(entry.type_tm), lambda a: TRIV)
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
        nparams = _pis(self.sig.globals[family].type_tm)
        total = _pis(self.sig.globals[name].type_tm)
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

    # --- compilation -------------------------------------------------------------------------

    def run(self, tm: S.Tm, env: tuple, origin: str) -> Any:
        """Evaluate ``tm`` in ``env`` (uncached compilation)."""
        return self.compile(tm, origin)(env)

    def compile(self, tm: S.Tm, origin: str) -> Code:
        """``tm`` as a Python function of its environment."""
        return self._compile(tm, origin)[0]

    def _compile(self, tm: S.Tm, origin: str) -> tuple[Code, int]:
        """The code of ``tm`` and how many innermost variables it needs; a closed compound
        term is evaluated once, when first needed, and shared."""
        code, needs = self._compile_node(tm, origin)
        if needs == 0 and isinstance(tm, (S.App, S.Id, S.Pi, S.Sigma, S.Proj, S.Let, S.Pair)):
            return _shared(code), 0
        return code, needs

    def _compile_node(self, tm: S.Tm, origin: str) -> tuple[Code, int]:
        match tm:
            case S.Var(ix):
                k = -1 - ix
                return (lambda env: env[k]), ix + 1
            case S.Glob(name):
                value = self.value
                return _shared(lambda env: value(name)), 0
            case S.U(level):
                universe = TUniv(level)
                return (lambda env: universe), 0
            case S.App():
                return self._compile_app(tm, origin)
            case S.Lam(_, _, body):
                code, needs = self._compile(body, origin)
                const = not _uses(body)
                return (lambda env: Fn(code, env, const, origin)), max(needs - 1, 0)
            case S.Pi(_, _, dom, cod) | S.Sigma(_, dom, cod):
                (d, n1), (c, n2) = self._compile(dom, origin), self._compile(cod, origin)
                const = not _uses(cod)
                former = self.pi if isinstance(tm, S.Pi) else self.sigma
                return (lambda env: former(d(env), Fn(c, env, const, origin), origin)), max(
                    n1, n2 - 1, 0)
            case S.Pair(first, second):
                (f, n1), (s, n2) = self._compile(first, origin), self._compile(second, origin)
                return (lambda env: Pair(f(env), s(env))), max(n1, n2)
            case S.Proj(term, index):
                t, n = self._compile(term, origin)
                return (lambda env: self.project(t(env), index, origin)), n
            case S.Let(_, _, value, body):
                (v, n1), (b, n2) = self._compile(value, origin), self._compile(body, origin)
                return (lambda env: b((*env, v(env)))), max(n1, n2 - 1, 0)
            case S.Id(type_, left, right):
                (a, n1), (lft, n2), (rgt, n3) = (self._compile(t, origin)
                                                 for t in (type_, left, right))
                return (lambda env: self.identity_type(a(env), lft(env), rgt(env), origin)
                        ), max(n1, n2, n3)
        self.fail(origin, f"the term {type(tm).__name__} has no interpretation")

    def _compile_app(self, tm: S.App, origin: str) -> tuple[Code, int]:
        count, inner = 0, tm
        while isinstance(inner, S.App) and inner.function == S.Glob("suc"):
            count, inner = count + 1, inner.argument
        if count:
            base, needs = self._compile(inner, origin)
            return (lambda env: self._int(base(env), "suc", origin) + count), needs
        spine: list[S.Tm] = []
        head: S.Tm = tm
        while isinstance(head, S.App):
            spine.append(head.argument)
            head = head.function
        spine.reverse()
        fn, needs = self._compile(head, origin)
        args = [self._compile(a, origin) for a in spine]
        codes = tuple(code for code, _ in args)
        needs = max([needs, *(n for _, n in args)])
        apply, n = self.apply, len(codes)

        def run(env: tuple) -> Any:
            try:
                f = fn(env)
                if type(f) is Prim and not f.args and f.arity == n:
                    return f.run(tuple([code(env) for code in codes]))
                if type(f) is Fn and n == 1:
                    return f.body((*f.env, codes[0](env)))
                for code in codes:
                    f = apply(f, code(env), origin)
                return f
            except LangError as error:
                if getattr(error, "unplaced", False):
                    raise self.placed(error, origin) from None
                raise

        return run, needs

    # --- elimination forms -------------------------------------------------------------------

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
        nparams = _pis(self.sig.globals[family].type_tm)
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
                                     self.eliminate(name, (*prefix, _apply_all(a, ys)))))
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
            return _apply_all(case_of[ctor], cargs)

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
            step = _apply_all(case_of[ctor], cargs)
            image = self.concat(motive, image, self.power(motive, step, exp, name), name)
        return Moving(image, start, end)

    # --- the groupoid operations, by the kind of type ----------------------------------------

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
            return all(self.is_set(p) for p in type_.params if _is_type(p))
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
        if _captures_moving(value):
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
        if _captures_moving(type_):
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

    # --- type formers over moving values -----------------------------------------------------

    def pi(self, dom: Any, cod: Fn, origin: str) -> Any:
        """``(x : dom) -> cod x``; a moving type when a part moves (non-dependent arrows)."""
        if not (isinstance(dom, Moving) or _captures_moving(cod)):
            return TPi(dom, cod)
        if not cod.const:
            self.fail(origin, "a dependent function type over a path (transport in it is "
                              "not computed by the model)")
        target = cod(None)
        d0, d1, c0, c1 = (*_ends(dom), *_ends(target))

        def forward(f: Any) -> Callable[[Any], Any]:
            return lambda v: self.coerce(target, self.apply(f, self._back(dom, v, origin),
                                                            origin), origin)

        def backward(g: Any) -> Callable[[Any], Any]:
            return lambda v: self._back(target, self.apply(g, self.coerce(dom, v, origin),
                                                           origin), origin)

        return Moving(Equiv(forward, backward), TPi(d0, _const(c0)), TPi(d1, _const(c1)))

    def sigma(self, first: Any, second: Fn, origin: str) -> Any:
        """``(x : first) * second x``; a moving type when a part moves (non-dependent pairs)."""
        if not (isinstance(first, Moving) or _captures_moving(second)):
            return TSigma(first, second)
        if not second.const:
            self.fail(origin, "a dependent pair type over a path (transport in it is not "
                              "computed by the model)")
        other = second(None)
        a0, a1, b0, b1 = (*_ends(first), *_ends(other))
        forward = lambda v: Pair(self.coerce(first, v.first, origin),
                                 self.coerce(other, v.second, origin))
        backward = lambda v: Pair(self._back(first, v.first, origin),
                                  self._back(other, v.second, origin))
        return Moving(Equiv(forward, backward), TSigma(a0, _const(b0)), TSigma(a1, _const(b1)))

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
            return Moving(IDENTITY, TId(type_.start, _at(left, 0), _at(right, 0)),
                          TId(type_.end, _at(left, 1), _at(right, 1)))
        if not (isinstance(left, Moving) or isinstance(right, Moving)):
            return TId(type_, left, right)
        kind = self.kind(type_)
        l0, l1, r0, r1 = (*_ends(left), *_ends(right))
        ends = (TId(type_, l0, r0), TId(type_, l1, r1))
        if kind == "set":
            return Moving(IDENTITY, *ends)
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
        return Moving(Equiv(forward, backward), *ends)

    # --- finite types ------------------------------------------------------------------------

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


FORMAL = "#X"
"""The formal letter of :meth:`Interpreter._right_factor` (no constructor has this name)."""


class _FormalLetter(Exception):
    """A formal letter met an operation other than composition."""


def _pis(tm: S.Tm) -> int:
    count = 0
    while isinstance(tm, S.Pi):
        tm, count = tm.codomain, count + 1
    return count


def _uses(body: S.Tm) -> bool:
    """Whether ``body`` (under one binder) mentions that binder's variable."""
    stack: list[tuple[S.Tm, int]] = [(body, 0)]
    while stack:
        tm, depth = stack.pop()
        match tm:
            case S.Var(ix):
                if ix == depth:
                    return True
            case S.App(f, a, _) | S.Pair(f, a):
                stack += [(f, depth), (a, depth)]
            case S.Pi(_, _, a, b) | S.Sigma(_, a, b):
                stack += [(a, depth), (b, depth + 1)]
            case S.Lam(_, _, b):
                stack.append((b, depth + 1))
            case S.Proj(t, _):
                stack.append((t, depth))
            case S.Let(_, t, v, b):
                stack += [(t, depth), (v, depth), (b, depth + 1)]
            case S.Id(a, lft, rgt):
                stack += [(a, depth), (lft, depth), (rgt, depth)]
    return False


def _is_type(value: Any) -> bool:
    return isinstance(value, (TData, THit, TPi, TSigma, TId, TUniv))


def _apply_all(fn: Any, args: tuple) -> Any:
    for a in args:
        fn = fn(a)
    return fn


def _ends(value: Any) -> tuple[Any, Any]:
    return (value.start, value.end) if isinstance(value, Moving) else (value, value)


def _shared(code: Code) -> Code:
    """``code`` of a closed term, run once (on first use) and its value kept."""
    memo: list[Any] = []

    def run(env: tuple) -> Any:
        if not memo:
            memo.append(code(()))
        return memo[0]

    return run


def _at(value: Any, side: int) -> Any:
    """``value`` at the start (0) or end (1) of the paths it varies along."""
    if isinstance(value, Moving):
        return value.start if side == 0 else value.end
    if not _captures_moving(value):
        return value
    if isinstance(value, Fn):
        return Fn(value.body, tuple(_at(v, side) for v in value.env), value.const, value.origin)
    if isinstance(value, Prim):
        return Prim(value.name, value.arity, value.run, tuple(_at(v, side) for v in value.args))
    if isinstance(value, Pair):
        return Pair(_at(value.first, side), _at(value.second, side))
    if isinstance(value, TPi):
        return TPi(_at(value.domain, side), _at(value.codomain, side))
    if isinstance(value, TSigma):
        return TSigma(_at(value.first, side), _at(value.second, side))
    return value


def _const(value: Any) -> Fn:
    return Fn(lambda env: value, (), True)


def _captures_moving(value: Any) -> bool:
    """Whether a closure (or a type holding closures) has a moving value in its environment."""
    if isinstance(value, Moving):
        return True
    if isinstance(value, Fn):
        return any(_captures_moving(v) for v in value.env)
    if isinstance(value, Prim):
        return any(_captures_moving(v) for v in value.args)
    if isinstance(value, (TPi, TSigma)):
        parts = (value.domain, value.codomain) if isinstance(value, TPi) else (
            value.first, value.second)
        return any(_captures_moving(v) for v in parts)
    if isinstance(value, Pair):
        return _captures_moving(value.first) or _captures_moving(value.second)
    return False

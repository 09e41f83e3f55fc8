"""Bidirectional elaboration: surface terms checked or inferred into core terms.

Implicit arguments are inserted as metavariables (and implicit λs around terms checked against
implicit Π-types), as in elaboration-zoo; metavariables are solved by pattern unification.
Universes are cumulative (``Type i ≤ Type j`` for ``i ≤ j``); ``Type i : Type (i+1)``.
"""

from __future__ import annotations

from hott.lang import presyntax as P
from hott.lang import syntax as S
from hott.lang.context import Cxt
from hott.lang.conversion import subtype
from hott.lang.errors import ErrorKind, LangError
from hott.lang.evaluation import evaluate, force, instantiate, quote, whnf
from hott.lang.levels import LevelUnknown, level_of, may_hold_types
from hott.lang.presyntax import OMEGA, Icit
from hott.lang.signature import Signature
from hott.lang.unification import UnifyError, unify
from hott.lang.values import VU, Closure, HConst, HMeta, Value, VNe, VPi, VSigma, VTop, var


class Elaborator:
    """Elaborates the terms of one declaration against a signature.

    ``forbidden`` is the name being declared (a definition may not mention itself);
    ``internal`` allows ``Type ω``, which only the checker's own declarations write.
    """

    def __init__(self, sig: Signature, *, path: str | None = None, forbidden: str | None = None,
                 internal: bool = False) -> None:
        self.sig, self.path, self.forbidden, self.internal = sig, path, forbidden, internal

    # --- errors -------------------------------------------------------------------------

    def error(self, kind: ErrorKind, message: str, node: P.Node, cxt: Cxt, *,
              expected: Value | None = None, inferred: Value | None = None) -> LangError:
        """A LangError at ``node`` with the types and the context printed."""
        return LangError(kind, message, node.span,
                         expected=None if expected is None else cxt.show(self.sig, expected),
                         inferred=None if inferred is None else cxt.show(self.sig, inferred),
                         context=cxt.show_context(self.sig), path=self.path)

    # --- metavariables ------------------------------------------------------------------

    def fresh_meta(self, cxt: Cxt, type_: Value, node: P.Node, *, hole: bool = False) -> S.Tm:
        """A new metavariable of type ``type_`` applied to the bound locals."""
        meta = self.sig.metas.fresh(
            lambda: evaluate(self.sig, (), cxt.closed_type(self.sig, type_)), node.span,
            hole=hole, report=(cxt, type_), opened=(cxt, type_),
            universe=lambda: may_hold_types(self.sig, cxt.level, type_))
        return S.InsertedMeta(meta, cxt.bound)

    def eval(self, cxt: Cxt, tm: S.Tm) -> Value:
        """The value of ``tm`` in ``cxt``."""
        return evaluate(self.sig, cxt.env, tm)

    def insert(self, cxt: Cxt, tm: S.Tm, ty: Value, node: P.Node) -> tuple[S.Tm, Value]:
        """Apply ``tm`` to fresh metavariables for its leading implicit arguments."""
        ty = whnf(self.sig, ty)
        while isinstance(ty, VPi) and ty.icit is Icit.IMPL:
            meta = self.fresh_meta(cxt, ty.domain, node)
            tm = S.App(tm, meta, Icit.IMPL)
            ty = whnf(self.sig, instantiate(self.sig, ty.codomain, self.eval(cxt, meta)))
        return tm, ty

    def unify_at(self, cxt: Cxt, node: P.Node, expected: Value, inferred: Value, *,
                 sub: bool = True) -> None:
        """``inferred ≤ expected`` (or ``=`` when not ``sub``), or a MISMATCH error."""
        try:
            if sub:
                subtype(self.sig, cxt.level, inferred, expected)
            else:
                unify(self.sig, cxt.level, inferred, expected)
        except UnifyError as exc:
            kind = ErrorKind.UNIVERSE if "universe" in exc.reason or "Type" in exc.reason \
                else ErrorKind.MISMATCH
            raise self.error(kind, exc.reason, node, cxt, expected=expected,
                             inferred=inferred) from None

    def level(self, cxt: Cxt, ty: Value, node: P.Node) -> int:
        """The universe level of the type ``ty``."""
        try:
            return level_of(self.sig, dict(enumerate(cxt.types)), cxt.level, ty)
        except LevelUnknown:
            raise self.error(ErrorKind.NOT_A_TYPE, "cannot determine the universe of this type",
                             node, cxt, inferred=ty) from None

    # --- checking -----------------------------------------------------------------------

    def check(self, cxt: Cxt, t: P.Term, expected: Value) -> S.Tm:
        """Elaborate ``t`` against the type ``expected``."""
        self.sig.tick()
        ty = force(self.sig, expected)
        if isinstance(ty, VTop):
            ty = whnf(self.sig, ty)
        match t, ty:
            case P.Lam(name, icit, ann, body), VPi(_, icit2, dom, cod) if icit == icit2:
                if ann is not None:
                    ann_tm, _ = self.check_type(cxt, ann)
                    self.unify_at(cxt, ann, dom, self.eval(cxt, ann_tm), sub=False)
                inner = cxt.bind(name, dom)
                body_tm = self.check(inner, body, instantiate(self.sig, cod, var(cxt.level)))
                return S.Lam(name, icit, body_tm)
            case _, VPi(name, Icit.IMPL, dom, cod):
                inner = cxt.bind(name, dom, visible=False)
                body_tm = self.check(inner, t, instantiate(self.sig, cod, var(cxt.level)))
                return S.Lam(name, Icit.IMPL, body_tm)
            case P.Pair(first, second), VSigma(_, dom, cod):
                first_tm = self.check(cxt, first, dom)
                second_ty = instantiate(self.sig, cod, self.eval(cxt, first_tm))
                return S.Pair(first_tm, self.check(cxt, second, second_ty))
            case P.Let(name, type_, value, body), _:
                type_tm, type_v, value_tm = self.let_head(cxt, name, type_, value, t)
                inner = cxt.define(name, self.eval(cxt, value_tm), type_v)
                return S.Let(name, type_tm, value_tm, self.check(inner, body, expected))
            case P.Hole(), _:
                return self.fresh_meta(cxt, expected, t, hole=True)
            case P.Num(value), _:
                return self.numeral(cxt, t, value, expected)
            case P.Universe(level), VU(bound):
                self.universe_ok(cxt, t)
                if level + 1 > bound:
                    raise self.error(ErrorKind.UNIVERSE, f"Type {level} is not in Type {bound}",
                                     t, cxt, expected=expected, inferred=VU(level + 1))
                return S.U(level)
            case P.Pi(name, icit, dom, cod), VU(_):
                dom_tm = self.check(cxt, dom, ty)
                inner = cxt.bind(name, self.eval(cxt, dom_tm))
                return S.Pi(name, icit, dom_tm, self.check(inner, cod, ty))
            case P.Sigma(name, dom, cod), VU(_):
                dom_tm = self.check(cxt, dom, ty)
                inner = cxt.bind(name, self.eval(cxt, dom_tm))
                return S.Sigma(name, dom_tm, self.check(inner, cod, ty))
        if isinstance(t, P.Lam) and t.icit is Icit.IMPL:
            if isinstance(ty, VPi):
                raise self.error(ErrorKind.ICITNESS, "an implicit λ where an explicit one is "
                                 "expected", t, cxt, expected=expected)
            tm, inferred = self.infer(cxt, t)
        else:
            tm, inferred = self.insert(cxt, *self.infer(cxt, t), t)
        try:
            self.unify_at(cxt, t, expected, inferred)
        except LangError as exc:
            missing = self.missing_case(cxt, t) if exc.kind is ErrorKind.MISMATCH else None
            if missing is None:
                raise
            raise missing from None
        return tm

    def missing_case(self, cxt: Cxt, t: P.Term) -> LangError | None:
        """MISSING_CASE if ``t`` is an eliminator given its motive but not all its cases."""
        given, head = 0, t
        while isinstance(head, P.App):
            given += head.icit is Icit.EXPL
            head = head.function
        if not isinstance(head, P.Var) or cxt.lookup(head.name) is not None:
            return None
        entry = self.sig.globals.get(head.name)
        if entry is None or entry.kind != "eliminator":
            return None
        explicit, ty = [], entry.type_tm
        while isinstance(ty, S.Pi):
            if ty.icit is Icit.EXPL:
                explicit.append(ty.name)
            ty = ty.codomain
        cases = explicit[1:-1]
        if not 1 <= given <= len(cases):
            return None
        return self.error(ErrorKind.MISSING_CASE, f"{head.name} is missing "
                          f"{', '.join(cases[given - 1:])}", t, cxt)

    def check_type(self, cxt: Cxt, t: P.Term) -> tuple[S.Tm, int]:
        """Elaborate ``t`` as a type; also return its universe level."""
        tm, ty = self.infer(cxt, t)
        ty = whnf(self.sig, ty)
        if isinstance(ty, VNe) and not isinstance(ty.head, HConst):
            try:
                unify(self.sig, cxt.level, ty, VU(0))
            except UnifyError:
                pass
            ty = whnf(self.sig, ty)
        if not isinstance(ty, VU):
            raise self.error(ErrorKind.NOT_A_TYPE, "expected a type", t, cxt, inferred=ty)
        return tm, ty.level

    def universe_ok(self, cxt: Cxt, t: P.Universe) -> None:
        """``Type ω`` (and levels near it) are not for users."""
        if t.level < 0 or (t.level >= OMEGA and not self.internal) or t.level > OMEGA:
            raise self.error(ErrorKind.UNIVERSE, f"universe level {t.level} out of range", t,
                             cxt)

    def let_head(self, cxt: Cxt, name: str, type_: P.Term | None, value: P.Term,
                 node: P.Node) -> tuple[S.Tm, Value, S.Tm]:
        """The type (core and value) and the value of a ``let``."""
        if type_ is None:
            value_tm, type_v = self.insert(cxt, *self.infer(cxt, value), value)
            return quote(self.sig, cxt.level, type_v), type_v, value_tm
        type_tm, _ = self.check_type(cxt, type_)
        type_v = self.eval(cxt, type_tm)
        return type_tm, type_v, self.check(cxt, value, type_v)

    def numeral(self, cxt: Cxt, t: P.Num, value: int, expected: Value) -> S.Tm:
        """``value`` as a ``Nat`` literal or an ``Int`` (``pos``/``negsuc`` of one), whichever
        ``expected`` is."""
        ty = whnf(self.sig, expected)
        is_int = isinstance(ty, VNe) and ty.head == HConst("Int")
        if not is_int and value >= 0:
            self.unify_at(cxt, t, expected, self.eval(cxt, S.Glob("Nat")))
            return S.Lit(value)
        if not is_int:
            self.unify_at(cxt, t, expected, self.eval(cxt, S.Glob("Int")))
        if value >= 0:
            return S.App(S.Glob("pos"), S.Lit(value), Icit.EXPL)
        return S.App(S.Glob("negsuc"), S.Lit(-value - 1), Icit.EXPL)

    # --- inference ----------------------------------------------------------------------

    def infer(self, cxt: Cxt, t: P.Term) -> tuple[S.Tm, Value]:
        """Elaborate ``t`` and find its type."""
        self.sig.tick()
        match t:
            case P.Var(name):
                return self.infer_var(cxt, t, name)
            case P.Universe(level):
                self.universe_ok(cxt, t)
                return S.U(level), VU(level + 1)
            case P.Pi(name, icit, dom, cod):
                dom_tm, dom_level = self.check_type(cxt, dom)
                inner = cxt.bind(name, self.eval(cxt, dom_tm))
                cod_tm, cod_level = self.check_type(inner, cod)
                return S.Pi(name, icit, dom_tm, cod_tm), VU(max(dom_level, cod_level))
            case P.Sigma(name, dom, cod):
                dom_tm, dom_level = self.check_type(cxt, dom)
                inner = cxt.bind(name, self.eval(cxt, dom_tm))
                cod_tm, cod_level = self.check_type(inner, cod)
                return S.Sigma(name, dom_tm, cod_tm), VU(max(dom_level, cod_level))
            case P.Lam(name, icit, ann, body):
                if ann is None:
                    dom_tm = self.fresh_meta(cxt, VU(OMEGA), t)
                else:
                    dom_tm, _ = self.check_type(cxt, ann)
                dom = self.eval(cxt, dom_tm)
                inner = cxt.bind(name, dom)
                body_tm, body_ty = self.insert(inner, *self.infer(inner, body), body)
                cod = Closure(cxt.env, quote(self.sig, cxt.level + 1, body_ty))
                return S.Lam(name, icit, body_tm), VPi(name, icit, dom, cod)
            case P.App():
                return self.infer_app(cxt, t)
            case P.Pair(first, second):
                first_tm, first_ty = self.insert(cxt, *self.infer(cxt, first), first)
                second_tm, second_ty = self.insert(cxt, *self.infer(cxt, second), second)
                cod = Closure(cxt.env, quote(self.sig, cxt.level + 1, second_ty))
                return S.Pair(first_tm, second_tm), VSigma("_", first_ty, cod)
            case P.Proj(term, index):
                return self.infer_proj(cxt, t, term, index)
            case P.Let(name, type_, value, body):
                type_tm, type_v, value_tm = self.let_head(cxt, name, type_, value, t)
                inner = cxt.define(name, self.eval(cxt, value_tm), type_v)
                body_tm, body_ty = self.infer(inner, body)
                body_ty_tm = quote(self.sig, inner.level, body_ty)
                return (S.Let(name, type_tm, value_tm, body_tm),
                        evaluate(self.sig, inner.env, body_ty_tm))
            case P.Eq(left, right):
                left_tm, ty = self.insert(cxt, *self.infer(cxt, left), left)
                return self.identity(cxt, t, ty, left_tm, right)
            case P.Num(value):
                ty = self.eval(cxt, S.Glob("Nat" if value >= 0 else "Int"))
                return self.numeral(cxt, t, value, ty), ty
            case P.Hole():
                ty = self.eval(cxt, self.fresh_meta(cxt, VU(OMEGA), t))
                return self.fresh_meta(cxt, ty, t, hole=True), ty
            case P.Ann(term, type_):
                type_tm, _ = self.check_type(cxt, type_)
                type_v = self.eval(cxt, type_tm)
                return self.check(cxt, term, type_v), type_v
        raise self.error(ErrorKind.PARSE, f"not a term: {type(t).__name__}", t, cxt)

    def identity(self, cxt: Cxt, t: P.Node, ty: Value, left: S.Tm,
                 right: P.Term) -> tuple[S.Tm, Value]:
        """``left = right`` at type ``ty``: an identity type in the universe of ``ty``."""
        right_tm = self.check(cxt, right, ty)
        level = self.level(cxt, ty, t)
        return S.Id(quote(self.sig, cxt.level, ty), left, right_tm), VU(level)

    def infer_var(self, cxt: Cxt, t: P.Node, name: str) -> tuple[S.Tm, Value]:
        """A local, then a global; never the name being defined."""
        found = cxt.lookup(name)
        if found is not None:
            return S.Var(found[0]), found[1]
        if name == self.forbidden:
            raise self.error(ErrorKind.SELF_REFERENCE,
                             f"'{name}' may not mention itself (recurse through an eliminator)",
                             t, cxt)
        entry = self.sig.globals.get(name)
        if entry is None:
            hint = " (write Id A a b with all three arguments)" if name == "Id" else ""
            raise self.error(ErrorKind.SCOPE, f"unknown name '{name}'{hint}", t, cxt)
        return S.Glob(name), entry.type

    def infer_app(self, cxt: Cxt, t: P.App) -> tuple[S.Tm, Value]:
        """``f a`` or ``f {a}``; ``Id A a b`` is the identity type."""
        spine: list[P.App] = []
        head: P.Term = t
        while isinstance(head, P.App):
            spine.append(head)
            head = head.function
        if isinstance(head, P.Var) and head.name == "Id" and cxt.lookup("Id") is None \
                and "Id" not in self.sig.globals and len(spine) == 3 \
                and all(a.icit is Icit.EXPL for a in spine):
            type_tm, _ = self.check_type(cxt, spine[2].argument)
            ty = self.eval(cxt, type_tm)
            left_tm = self.check(cxt, spine[1].argument, ty)
            return self.identity(cxt, t, ty, left_tm, spine[0].argument)
        if t.icit is Icit.IMPL:
            fn_tm, fn_ty = self.infer(cxt, t.function)
        else:
            fn_tm, fn_ty = self.insert(cxt, *self.infer(cxt, t.function), t.function)
        fn_ty = whnf(self.sig, fn_ty)
        if isinstance(fn_ty, VPi):
            if fn_ty.icit is not t.icit:
                raise self.error(ErrorKind.ICITNESS,
                                 "an implicit argument given where an explicit one is expected"
                                 if t.icit is Icit.IMPL else "expected an implicit argument",
                                 t.argument, cxt, inferred=fn_ty)
            dom, cod = fn_ty.domain, fn_ty.codomain
        elif isinstance(fn_ty, VNe) and isinstance(fn_ty.head, HMeta):
            dom = self.eval(cxt, self.fresh_meta(cxt, VU(OMEGA), t))
            inner = cxt.bind("x", dom)
            cod_tm = self.fresh_meta(inner, VU(OMEGA), t)
            cod = Closure(cxt.env, cod_tm)
            self.unify_at(cxt, t.function, VPi("x", t.icit, dom, cod), fn_ty, sub=False)
        else:
            raise self.error(ErrorKind.NOT_A_FUNCTION, "applied to an argument but not a function",
                             t.function, cxt, inferred=fn_ty)
        arg_tm = self.check(cxt, t.argument, dom)
        return (S.App(fn_tm, arg_tm, t.icit),
                instantiate(self.sig, cod, self.eval(cxt, arg_tm)))

    def infer_proj(self, cxt: Cxt, t: P.Node, term: P.Term, index: int) -> tuple[S.Tm, Value]:
        """``term.1`` / ``term.2``."""
        tm, ty = self.insert(cxt, *self.infer(cxt, term), term)
        ty = whnf(self.sig, ty)
        if not isinstance(ty, VSigma):
            raise self.error(ErrorKind.NOT_A_PAIR, "projected but not a pair", term, cxt,
                             inferred=ty)
        if index == 1:
            return S.Proj(tm, 1), ty.first
        first = self.eval(cxt, S.Proj(tm, 1))
        return S.Proj(tm, 2), instantiate(self.sig, ty.second, first)


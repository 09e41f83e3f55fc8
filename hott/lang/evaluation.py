"""Evaluation, forcing and quotation: normalisation by evaluation.

``evaluate`` turns a core term into a value in an environment; ``quote`` reads a value back as a
core term at a given number of bound variables (levels become indices). ``force`` unfolds solved
metavariables and reruns stuck eliminators; ``whnf`` also unfolds definitions.
"""

from __future__ import annotations

from hott.lang import syntax as S
from hott.lang.presyntax import Icit
from hott.lang.signature import Signature
from hott.lang.values import (
    NAT_SUC,
    NAT_ZERO,
    VU,
    Closure,
    EApp,
    Elim,
    EProj,
    HConst,
    HMeta,
    HVar,
    Value,
    VId,
    VLam,
    VLit,
    VNe,
    VPair,
    VPi,
    VSigma,
    VTop,
    var,
)


def evaluate(sig: Signature, env: tuple[Value, ...], tm: S.Tm) -> Value:
    """The value of ``tm`` where variable index i is ``env[-1 - i]``."""
    sig.tick()
    match tm:
        case S.Var(ix):
            return env[-1 - ix]
        case S.Glob(name):
            entry = sig.globals[name]
            if entry.kind == "def":
                return VTop(entry)
            return apply_const(sig, name, ())
        case S.U(level):
            return VU(level)
        case S.Pi(name, icit, dom, cod):
            return VPi(name, icit, evaluate(sig, env, dom), Closure(env, cod))
        case S.Lam(name, icit, body):
            return VLam(name, icit, Closure(env, body))
        case S.App(fn, arg, icit):
            return apply(sig, evaluate(sig, env, fn), evaluate(sig, env, arg), icit)
        case S.Sigma(name, first, second):
            return VSigma(name, evaluate(sig, env, first), Closure(env, second))
        case S.Pair(first, second):
            return VPair(evaluate(sig, env, first), evaluate(sig, env, second))
        case S.Proj(term, index):
            return project(sig, evaluate(sig, env, term), index)
        case S.Let(_, _, value, body):
            return evaluate(sig, (*env, evaluate(sig, env, value)), body)
        case S.Id(type_, left, right):
            return VId(evaluate(sig, env, type_), evaluate(sig, env, left),
                       evaluate(sig, env, right))
        case S.Lit(value):
            return VLit(value)
        case S.Meta(meta):
            return meta_value(sig, meta)
        case S.InsertedMeta(meta, bound):
            body = sig.metas.entries[meta].body
            if body is not None:  # the solution's body, evaluated with the bound locals
                args = tuple(env[lvl] for lvl, is_bound in enumerate(bound) if is_bound)
                if len(args) == body[0]:
                    return evaluate(sig, args, body[1])  # type: ignore[arg-type]
            value = meta_value(sig, meta)
            for level, is_bound in enumerate(bound):
                if is_bound:
                    value = apply(sig, value, env[level], Icit.EXPL)
            return value
    raise TypeError(f"not a core term: {tm!r}")


def meta_value(sig: Signature, meta: int) -> Value:
    """The solution of ``meta``, or the neutral standing for it."""
    solution = sig.metas.solution(meta)
    return VNe(HMeta(meta)) if solution is None else solution


def instantiate(sig: Signature, closure: Closure, value: Value) -> Value:
    """The body of ``closure`` with its bound variable set to ``value``."""
    return evaluate(sig, (*closure.env, value), closure.term)


def apply(sig: Signature, fn: Value, arg: Value, icit: Icit) -> Value:
    """``fn arg``."""
    match fn:
        case VLam(_, _, body):
            return instantiate(sig, body, arg)
        case VNe(HConst(name), spine):
            return apply_const(sig, name, (*spine, EApp(arg, icit)))
        case VNe(head, spine):
            return VNe(head, (*spine, EApp(arg, icit)))
        case VTop(entry, spine):
            return VTop(entry, (*spine, EApp(arg, icit)))
    raise TypeError(f"cannot apply {type(fn).__name__}")


def apply_spine(sig: Signature, value: Value, spine: tuple[Elim, ...]) -> Value:
    """``value`` eliminated by each entry of ``spine`` in turn."""
    for elim in spine:
        value = (apply(sig, value, elim.argument, elim.icit) if isinstance(elim, EApp)
                 else project(sig, value, elim.index))
    return value


def project(sig: Signature, value: Value, index: int) -> Value:
    """``value.1`` or ``value.2``."""
    match value:
        case VPair(first, second):
            return first if index == 1 else second
        case VNe(head, spine):
            return VNe(head, (*spine, EProj(index)))
        case VTop(entry, spine):
            return VTop(entry, (*spine, EProj(index)))
    raise TypeError(f"cannot project {type(value).__name__}")


def apply_const(sig: Signature, name: str, spine: tuple[Elim, ...]) -> Value:
    """The constant ``name`` applied to ``spine``, computed if it is an eliminator that can;
    ``zero`` and ``suc`` of a numeral are numerals."""
    if name == NAT_ZERO and not spine:
        return VLit(0)
    if name == NAT_SUC and len(spine) == 1 and isinstance(spine[0], EApp):
        pred = force(sig, spine[0].argument)
        if isinstance(pred, VLit):
            return VLit(pred.value + 1)
    entry = sig.globals[name]
    if entry.reduce is not None and len(spine) >= entry.arity:
        args = [e.argument for e in spine[:entry.arity] if isinstance(e, EApp)]
        if len(args) == entry.arity:
            result = entry.reduce(sig, args)
            if result is not None:
                return apply_spine(sig, result, spine[entry.arity:])
    return VNe(HConst(name), spine)


def unfold(sig: Signature, value: Value) -> Value:
    """``value`` with its outermost definition unfolded (unchanged if it is not a ``VTop``)."""
    if isinstance(value, VTop):
        return apply_spine(sig, definition_value(sig, value.entry.name), value.spine)
    return value


def definition_value(sig: Signature, name: str) -> Value:
    """The value of the definition ``name`` (evaluated once, then shared)."""
    entry = sig.globals[name]
    if entry.value is None:
        assert entry.term is not None
        entry.value = evaluate(sig, (), entry.term)
    return entry.value


def force(sig: Signature, value: Value) -> Value:
    """``value`` with solved metavariables at its head replaced and stuck eliminators retried."""
    while isinstance(value, VNe):
        head = value.head
        if isinstance(head, HMeta):
            solution = sig.metas.solution(head.id)
            if solution is None:
                return value
            body = sig.metas.entries[head.id].body
            if body is not None and body[0] == len(value.spine) \
                    and all(isinstance(e, EApp) for e in value.spine):
                value = evaluate(sig, tuple(e.argument for e in value.spine),  # type: ignore
                                 body[1])
            else:
                value = apply_spine(sig, solution, value.spine)
        elif isinstance(head, HConst) and sig.globals[head.name].reduce is not None:
            again = apply_const(sig, head.name, value.spine)
            if isinstance(again, VNe) and isinstance(again.head, HConst) \
                    and again.head.name == head.name:
                return again
            value = again
        else:
            return value
    return value


def whnf(sig: Signature, value: Value) -> Value:
    """``value`` forced, with definitions at its head unfolded."""
    value = force(sig, value)
    while isinstance(value, VTop):
        value = force(sig, unfold(sig, value))
    return value


def quote(sig: Signature, level: int, value: Value, *, unfold_defs: bool = False) -> S.Tm:
    """The core term of ``value`` under ``level`` bound variables.

    Definitions stay folded unless ``unfold_defs`` (then the result is the normal form).
    """
    sig.tick()
    value = whnf(sig, value) if unfold_defs else force(sig, value)

    def q(v: Value, lvl: int = level) -> S.Tm:
        return quote(sig, lvl, v, unfold_defs=unfold_defs)

    match value:
        case VNe(head, spine):
            match head:
                case HVar(lvl):
                    tm: S.Tm = S.Var(level - lvl - 1)
                case HMeta(meta):
                    tm = S.Meta(meta)
                case HConst(name):
                    tm = S.Glob(name)
            return quote_spine(sig, level, tm, spine, unfold_defs)
        case VTop(entry, spine):
            return quote_spine(sig, level, S.Glob(entry.name), spine, unfold_defs)
        case VLam(name, icit, body):
            return S.Lam(name, icit, q(instantiate(sig, body, var(level)), level + 1))
        case VPi(name, icit, dom, cod):
            return S.Pi(name, icit, q(dom), q(instantiate(sig, cod, var(level)), level + 1))
        case VSigma(name, first, second):
            return S.Sigma(name, q(first), q(instantiate(sig, second, var(level)), level + 1))
        case VPair(first, second):
            return S.Pair(q(first), q(second))
        case VU(lvl):
            return S.U(lvl)
        case VId(type_, left, right):
            return S.Id(q(type_), q(left), q(right))
        case VLit(n):
            return S.Lit(n)
    raise TypeError(f"not a value: {value!r}")


def quote_spine(sig: Signature, level: int, tm: S.Tm, spine: tuple[Elim, ...],
                unfold_defs: bool) -> S.Tm:
    """``tm`` applied to the quoted entries of ``spine`` (``suc`` of a numeral, whose hole
    was solved after it was applied, is the next numeral)."""
    for elim in spine:
        if isinstance(elim, EApp):
            arg = quote(sig, level, elim.argument, unfold_defs=unfold_defs)
            if tm == S.Glob(NAT_SUC) and isinstance(arg, S.Lit):
                tm = S.Lit(arg.value + 1)
            else:
                tm = S.App(tm, arg, elim.icit)
        else:
            tm = S.Proj(tm, elim.index)
    return tm


def normalise(sig: Signature, env: tuple[Value, ...], tm: S.Tm) -> S.Tm:
    """The normal form of ``tm`` (definitions unfolded, β, η-short) under ``len(env)`` binders."""
    return quote(sig, len(env), evaluate(sig, env, tm), unfold_defs=True)

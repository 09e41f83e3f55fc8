"""Conversion and cumulativity: definitional equality as a yes/no question, and ``A ≤ B``.

Conversion is unification that may not solve metavariables. Subtyping adds cumulativity:
``Type i ≤ Type j`` for ``i ≤ j``, covariant in Π codomains and in both Σ components.
"""

from __future__ import annotations

from hott.lang import syntax as S
from hott.lang.evaluation import evaluate, force, instantiate, quote, whnf
from hott.lang.signature import Signature
from hott.lang.unification import UnifyError, unify
from hott.lang.values import VU, Value, VPi, VSigma, var


def convertible(sig: Signature, level: int, a: Value, b: Value) -> bool:
    """Whether ``a`` and ``b`` are definitionally equal (no metavariable is solved)."""
    try:
        unify(sig, level, a, b, solve=False)
    except UnifyError:
        return False
    return True


def subtype(sig: Signature, level: int, sub: Value, sup: Value) -> None:
    """Make ``sub ≤ sup`` hold (solving metavariables as needed), or raise UnifyError."""
    if sig.naive_conversion:
        sub, sup = _normal(sig, level, sub, sup)
    sub_f, sup_f = force(sig, sub), force(sig, sup)
    if isinstance(sub_f, VU | VPi | VSigma) or isinstance(sup_f, VU | VPi | VSigma):
        sub_f, sup_f = whnf(sig, sub_f), whnf(sig, sup_f)
    match sub_f, sup_f:
        case VU(i), VU(j):
            if i > j:
                raise UnifyError(f"Type {i} is not contained in Type {j}")
        case VPi(_, i1, d1, c1), VPi(_, i2, d2, c2) if i1 == i2:
            unify(sig, level, d1, d2)
            subtype(sig, level + 1, instantiate(sig, c1, var(level)),
                    instantiate(sig, c2, var(level)))
        case VSigma(_, d1, c1), VSigma(_, d2, c2):
            subtype(sig, level, d1, d2)
            subtype(sig, level + 1, instantiate(sig, c1, var(level)),
                    instantiate(sig, c2, var(level)))
        case _:
            unify(sig, level, sub, sup)


def _normal(sig: Signature, level: int, *values: Value) -> tuple[Value, ...]:
    """``values`` read back in full normal form (definitions unfolded) and evaluated again;
    unchanged if any of them mentions an unsolved hole (unification needs them folded)."""
    env = tuple(var(k) for k in range(level))
    normal = [quote(sig, level, value, unfold_defs=True) for value in values]
    if any(_has_meta(tm) for tm in normal):
        return values
    return tuple(evaluate(sig, env, tm) for tm in normal)


def _has_meta(tm: S.Tm) -> bool:
    """Whether the core term ``tm`` mentions a metavariable."""
    stack = [tm]
    while stack:
        t = stack.pop()
        if isinstance(t, S.Meta | S.InsertedMeta):
            return True
        children = (getattr(t, name) for name in t.__slots__)
        stack.extend(c for c in children if isinstance(c, S.Tm))
    return False

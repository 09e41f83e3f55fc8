"""Universe levels of type values: ``level_of(T) = i`` for the least ``i`` with ``T : Type i``.

Used to keep ``Type i : Type (i+1)`` strict where the elaborator does not see a typing judgement:
the solutions of metavariables whose type is a universe, identity types, data declarations.
``Type ω`` (level ``OMEGA``) is the universe of all small types: it has no type of its own.
"""

from __future__ import annotations

from collections.abc import Mapping

from hott.lang.evaluation import apply, instantiate, project, whnf
from hott.lang.signature import Signature
from hott.lang.values import VU, EApp, HConst, HMeta, HVar, Value, VId, VNe, VPi, VSigma, var


class LevelUnknown(Exception):
    """The level of a type could not be determined (a variable whose type is not known)."""


def level_of(sig: Signature, types: Mapping[int, Value], level: int, ty: Value) -> int:
    """The universe level of the type value ``ty`` under ``level`` bound variables.

    ``types`` gives the type of each bound variable (by de Bruijn level) that ``ty`` mentions.
    """
    ty = whnf(sig, ty)
    match ty:
        case VU(lvl):
            return lvl + 1
        case VPi(_, _, dom, cod) | VSigma(_, dom, cod):
            inner = {**types, level: dom}
            return max(level_of(sig, types, level, dom),
                       level_of(sig, inner, level + 1, instantiate(sig, cod, var(level))))
        case VId(type_, _, _):
            return level_of(sig, types, level, type_)
        case VNe():
            universe = whnf(sig, neutral_type(sig, types, ty))
            if isinstance(universe, VU):
                return universe.level
    raise LevelUnknown("not a type")


def neutral_type(sig: Signature, types: Mapping[int, Value], ne: VNe) -> Value:
    """The type of a neutral value, from the type of its head and its spine."""
    match ne.head:
        case HVar(lvl):
            if lvl not in types:
                raise LevelUnknown(f"type of variable {lvl} unknown")
            ty = types[lvl]
        case HMeta(meta):
            ty = sig.metas.entries[meta].type
        case HConst(name):
            ty = sig.globals[name].type
    value: Value = VNe(ne.head)
    for elim in ne.spine:
        ty = whnf(sig, ty)
        if isinstance(elim, EApp) and isinstance(ty, VPi):
            ty = instantiate(sig, ty.codomain, elim.argument)
            value = apply(sig, value, elim.argument, elim.icit)
        elif not isinstance(elim, EApp) and isinstance(ty, VSigma):
            ty = ty.first if elim.index == 1 else instantiate(sig, ty.second,
                                                                project(sig, value, 1))
            value = project(sig, value, elim.index)
        else:
            raise LevelUnknown("ill-typed spine")
    return ty



def may_hold_types(sig: Signature, level: int, ty: Value) -> bool:
    """Whether an element of ``ty`` may be (a family of) types, so that a hole of this type
    needs a universe check when solved: False only when ``ty`` is known to be something else."""
    ty = whnf(sig, ty)
    match ty:
        case VPi(_, _, _, cod):
            return may_hold_types(sig, level + 1, instantiate(sig, cod, var(level)))
        case VSigma(_, dom, cod):
            return may_hold_types(sig, level, dom) or may_hold_types(
                sig, level + 1, instantiate(sig, cod, var(level)))
        case VId():
            return False
        case VNe(HVar()):
            return False
        case VNe(HConst(name)):
            return sig.globals[name].kind not in ("data", "hit")
    return True

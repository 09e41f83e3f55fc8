"""Unification up to definitional equality, solving metavariables by higher-order patterns.

``unify`` compares two values (β, η for functions and pairs, definitions unfolded on demand);
a metavariable applied to distinct bound variables, ``?m x1 … xn =?= t``, is solved by
``?m := fun x1 … xn => t`` after checking that ``t`` mentions only those variables (scope) and
not ``?m`` itself (occurs). A solution whose type is a universe ``Type i`` must be a type of
level at most ``i`` (so cumulativity never turns into ``Type : Type``). With ``solve=False`` it
is plain conversion checking. Failure raises :class:`UnifyError`.
"""

from __future__ import annotations

from dataclasses import dataclass

from hott.lang import syntax as S
from hott.lang.evaluation import apply, evaluate, force, instantiate, project, quote, unfold
from hott.lang.levels import LevelUnknown, level_of
from hott.lang.presyntax import Icit
from hott.lang.signature import Signature
from hott.lang.values import (
    VU,
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
    nat_view,
    var,
)


class UnifyError(Exception):
    """Two values are not equal (``reason`` says why, e.g. occurs check or scope escape)."""

    def __init__(self, reason: str = "not equal") -> None:
        super().__init__(reason)
        self.reason = reason


def unify(sig: Signature, level: int, a: Value, b: Value, *, solve: bool = True) -> None:
    """Make ``a`` and ``b`` definitionally equal under ``level`` bound variables, or raise."""
    sig.tick()
    a, b = force(sig, a), force(sig, b)
    match a, b:
        case VLit(m), VLit(n):
            if m != n:
                raise UnifyError(f"the numerals {m} and {n} differ")
        case (VLit(), VLam() | VPair()) | (VLam() | VPair(), VLit()):
            raise UnifyError()
        case VLam(_, _, body), VLam(_, _, body2):
            unify(sig, level + 1, instantiate(sig, body, var(level)),
                  instantiate(sig, body2, var(level)), solve=solve)
        case VLam(_, icit, body), other:
            unify(sig, level + 1, instantiate(sig, body, var(level)),
                  apply(sig, other, var(level), icit), solve=solve)
        case other, VLam(_, icit, body):
            unify(sig, level + 1, apply(sig, other, var(level), icit),
                  instantiate(sig, body, var(level)), solve=solve)
        case VPair(f1, s1), VPair(f2, s2):
            unify(sig, level, f1, f2, solve=solve)
            unify(sig, level, s1, s2, solve=solve)
        case VPair(f1, s1), other if not _flex(other):
            unify(sig, level, f1, project(sig, other, 1), solve=solve)
            unify(sig, level, s1, project(sig, other, 2), solve=solve)
        case other, VPair(f2, s2) if not _flex(other):
            unify(sig, level, project(sig, other, 1), f2, solve=solve)
            unify(sig, level, project(sig, other, 2), s2, solve=solve)
        case VU(i), VU(j):
            if i != j:
                raise UnifyError(f"universe levels {i} and {j} differ")
        case VPi(_, i1, d1, c1), VPi(_, i2, d2, c2) if i1 == i2:
            unify(sig, level, d1, d2, solve=solve)
            unify(sig, level + 1, instantiate(sig, c1, var(level)),
                  instantiate(sig, c2, var(level)), solve=solve)
        case VSigma(_, d1, c1), VSigma(_, d2, c2):
            unify(sig, level, d1, d2, solve=solve)
            unify(sig, level + 1, instantiate(sig, c1, var(level)),
                  instantiate(sig, c2, var(level)), solve=solve)
        case VId(t1, l1, r1), VId(t2, l2, r2):
            unify(sig, level, t1, t2, solve=solve)
            unify(sig, level, l1, l2, solve=solve)
            unify(sig, level, r1, r2, solve=solve)
        case VNe(HMeta(m1), sp1), VNe(HMeta(m2), sp2) if m1 == m2:
            unify_spines(sig, level, sp1, sp2, solve=solve)
        case VNe(HMeta(m1), sp1), VNe(HMeta(m2), sp2) if solve:
            try:
                solve_meta(sig, level, m1, sp1, b)
            except UnifyError:
                try:
                    solve_meta(sig, level, m2, sp2, a)
                except UnifyError:
                    if not _lower_universe(sig, m2, m1):
                        raise
                    solve_meta(sig, level, m1, sp1, b)
        case VNe(HMeta(meta), spine), other if solve:
            try:
                solve_meta(sig, level, meta, spine, other)
            except UnifyError:
                if not isinstance(other, VTop):  # e.g. ?m =?= idmap ?m: unfold, then retry
                    raise
                unify(sig, level, a, unfold(sig, other), solve=solve)
        case other, VNe(HMeta(meta), spine) if solve:
            try:
                solve_meta(sig, level, meta, spine, other)
            except UnifyError:
                if not isinstance(other, VTop):
                    raise
                unify(sig, level, unfold(sig, other), b, solve=solve)
        case VTop(e1, sp1), VTop(e2, sp2) if e1 is e2:
            mark = sig.metas.mark()  # the same definition: try its arguments, else unfold
            try:
                unify_spines(sig, level, sp1, sp2, solve=solve)
            except UnifyError:
                sig.metas.undo(mark)
                unify(sig, level, unfold(sig, a), unfold(sig, b), solve=solve)
        case VTop(), _:
            unify(sig, level, unfold(sig, a), b, solve=solve)
        case _, VTop():
            unify(sig, level, a, unfold(sig, b), solve=solve)
        case VNe(HVar(x1), sp1), VNe(HVar(x2), sp2) if x1 == x2:
            unify_spines(sig, level, sp1, sp2, solve=solve)
        case VNe(HConst(c1), sp1), VNe(HConst(c2), sp2) if c1 == c2:
            unify_spines(sig, level, sp1, sp2, solve=solve)
        case VLit() as lit, VNe(HConst(), _) as other:
            unify_numeral(sig, level, lit, other, solve=solve)
        case VNe(HConst(), _) as other, VLit() as lit:
            unify_numeral(sig, level, lit, other, solve=solve)
        case _:
            raise UnifyError()


def unify_numeral(sig: Signature, level: int, lit: VLit, other: VNe, *, solve: bool) -> None:
    """``lit =?= c args`` for a constructor application: numeral n is ``suc`` of numeral n-1
    (peeled in a loop, not by recursion, down a long ``suc`` chain)."""
    while True:
        ctor, args = nat_view(lit)
        if other.head != HConst(ctor) or len(other.spine) != len(args) \
                or not all(isinstance(e, EApp) for e in other.spine):
            raise UnifyError(f"the numeral {lit.value} is not a {ctor}")
        if not args:
            return
        sig.tick()
        lit, rest = args[0], force(sig, other.spine[0].argument)  # type: ignore[union-attr]
        if not (isinstance(rest, VNe) and isinstance(rest.head, HConst)):
            unify(sig, level, lit, rest, solve=solve)
            return
        other = rest


def _flex(value: Value) -> bool:
    """A hole applied to arguments: solved directly rather than by η for pairs."""
    return isinstance(value, VNe) and isinstance(value.head, HMeta)


def unify_spines(sig: Signature, level: int, sp1: tuple[Elim, ...], sp2: tuple[Elim, ...], *,
                 solve: bool) -> None:
    """Unify two spines entry by entry."""
    if len(sp1) != len(sp2):
        raise UnifyError()
    for e1, e2 in zip(sp1, sp2, strict=True):
        match e1, e2:
            case EApp(a1, _), EApp(a2, _):
                unify(sig, level, a1, a2, solve=solve)
            case EProj(i1), EProj(i2) if i1 == i2:
                pass
            case _:
                raise UnifyError()


@dataclass(frozen=True)
class _Renaming:
    """A partial map from the context's levels (cod) to the solution's levels (dom)."""

    dom: int
    cod: int
    ren: dict[int, int]

    def lift(self) -> _Renaming:
        return _Renaming(self.dom + 1, self.cod + 1, {**self.ren, self.cod: self.dom})


def solve_meta(sig: Signature, level: int, meta: int, spine: tuple[Elim, ...],
               rhs: Value) -> None:
    """Solve ``?meta spine =?= rhs`` if the spine is a pattern; else raise."""
    ren: dict[int, int] = {}
    icits: list[Icit] = []
    for elim in spine:
        arg = force(sig, elim.argument) if isinstance(elim, EApp) else None
        if not (isinstance(arg, VNe) and isinstance(arg.head, HVar) and not arg.spine) \
                or arg.head.level in ren:
            raise UnifyError("not a pattern: the hole is applied to something other than "
                             "distinct variables")
        ren[arg.head.level] = len(ren)
        icits.append(elim.icit)  # type: ignore[union-attr]
    inner = body = _rename(sig, meta, _Renaming(len(ren), level, ren), rhs)
    for position, icit in reversed(list(enumerate(icits))):
        body = S.Lam(f"x{position}", icit, body)
    solution = evaluate(sig, (), body)
    _check_level(sig, meta, solution, len(icits))
    sig.metas.solve(meta, solution, (len(icits), inner))


def _universe_telescope(sig: Signature, meta: int) -> tuple[list[S.Pi], int] | None:
    """The Π-telescope of ``meta``'s closed type and the level of the universe it ends in."""
    tm = quote(sig, 0, sig.metas.entries[meta].type)
    binders: list[S.Pi] = []
    while isinstance(tm, S.Pi):
        binders.append(tm)
        tm = tm.codomain
    return (binders, tm.level) if isinstance(tm, S.U) else None


def _lower_universe(sig: Signature, big: int, small: int) -> bool:
    """Solve ``?big := fun xs => ?new xs`` with ``?new`` in the universe of ``?small``.

    Both holes stand for types and are being made equal, so ``?big`` (say J's type argument, in
    ``Type ω``) may as well live in the lower universe of ``?small`` (say a user lemma's
    ``{A : Type}``): a sound refinement by cumulativity. False if they are not both holes for
    types with ``?big`` in the higher universe.
    """
    big_tel, small_tel = _universe_telescope(sig, big), _universe_telescope(sig, small)
    if big_tel is None or small_tel is None or small_tel[1] >= big_tel[1]:
        return False
    binders, _ = big_tel
    type_: S.Tm = S.U(small_tel[1])
    for pi in reversed(binders):
        type_ = S.Pi(pi.name, pi.icit, pi.domain, type_)
    new = sig.metas.fresh(evaluate(sig, (), type_), sig.metas.entries[big].span, hole=False,
                          report=sig.metas.entries[big].report)
    body: S.Tm = S.Meta(new)
    for index, pi in enumerate(binders):
        body = S.App(body, S.Var(len(binders) - 1 - index), pi.icit)
    for pi in reversed(binders):
        body = S.Lam(pi.name, pi.icit, body)
    sig.metas.solve(big, evaluate(sig, (), body))
    return True


def _check_level(sig: Signature, meta: int, solution: Value, arity: int) -> None:
    """A solution whose type ends in ``Type i`` must be a type of level at most ``i``."""
    entry = sig.metas.entries[meta]
    if not entry.may_hold_types():
        return
    if entry.opened is not None:  # made by the elaborator: check in the context it was made in
        cxt, open_type = entry.opened  # type: ignore[misc]
        value = solution
        for lvl, bound in enumerate(cxt.bound):
            if bound:
                value = apply(sig, value, cxt.env[lvl], Icit.EXPL)
        _check_fits(sig, dict(enumerate(cxt.types)), cxt.level, open_type, value)
        return
    ty, value, types = sig.metas.entries[meta].type, solution, {}
    for lvl in range(arity):
        ty = force(sig, ty)
        if not isinstance(ty, VPi):
            return
        types[lvl] = ty.domain
        value = apply(sig, value, var(lvl), ty.icit)
        ty = instantiate(sig, ty.codomain, var(lvl))
    _check_fits(sig, types, arity, ty, value)


def _check_fits(sig: Signature, types: dict[int, Value], level: int, ty: Value,
                value: Value) -> None:
    ty = force(sig, unfold(sig, force(sig, ty)))
    match ty:
        case VU(bound):
            try:
                found = level_of(sig, types, level, value)
            except LevelUnknown as exc:
                raise UnifyError("cannot determine the universe level of the solution") from exc
            if found > bound:
                raise UnifyError(f"the solution lives in a higher universe than Type {bound}")
        case VPi(_, icit, dom, cod):
            _check_fits(sig, {**types, level: dom}, level + 1, instantiate(sig, cod, var(level)),
                        apply(sig, value, var(level), icit))
        case VSigma(_, dom, cod):
            first = project(sig, value, 1)
            _check_fits(sig, types, level, dom, first)
            _check_fits(sig, types, level, instantiate(sig, cod, first), project(sig, value, 2))


def _rename(sig: Signature, meta: int, pren: _Renaming, value: Value) -> S.Tm:
    """Quote ``value`` through the renaming, checking occurs and scope."""
    value = force(sig, value)

    def go(v: Value, p: _Renaming = pren) -> S.Tm:
        return _rename(sig, meta, p, v)

    def spine(tm: S.Tm, sp: tuple[Elim, ...]) -> S.Tm:
        for elim in sp:
            tm = S.App(tm, go(elim.argument), elim.icit) if isinstance(elim, EApp) \
                else S.Proj(tm, elim.index)
        return tm

    match value:
        case VNe(HMeta(other), sp):
            if other == meta:
                raise UnifyError("occurs check: the hole would contain itself")
            keep = _prunable(sig, pren, sp)
            if keep is not None:
                _prune(sig, other, keep)
                return go(value)
            return spine(S.Meta(other), sp)
        case VNe(HVar(lvl), sp):
            if lvl not in pren.ren:
                raise UnifyError("scope: the solution would mention a variable out of scope")
            return spine(S.Var(pren.dom - pren.ren[lvl] - 1), sp)
        case VNe(HConst(name), sp):
            return spine(S.Glob(name), sp)
        case VTop(entry, sp):
            try:
                return spine(S.Glob(entry.name), sp)
            except UnifyError:
                return go(unfold(sig, value))
        case VLam(name, icit, body):
            return S.Lam(name, icit, go(instantiate(sig, body, var(pren.cod)), pren.lift()))
        case VPi(name, icit, dom, cod):
            return S.Pi(name, icit, go(dom),
                        go(instantiate(sig, cod, var(pren.cod)), pren.lift()))
        case VSigma(name, dom, cod):
            return S.Sigma(name, go(dom), go(instantiate(sig, cod, var(pren.cod)), pren.lift()))
        case VPair(first, second):
            return S.Pair(go(first), go(second))
        case VU(lvl):
            return S.U(lvl)
        case VId(type_, left, right):
            return S.Id(go(type_), go(left), go(right))
        case VLit(n):
            return S.Lit(n)
    raise UnifyError()


def _prunable(sig: Signature, pren: _Renaming, sp: tuple[Elim, ...]) -> list[bool] | None:
    """For a hole applied to distinct variables some of which are out of scope, which
    arguments to keep; None if the spine is not such a pattern."""
    levels = []
    for elim in sp:
        arg = force(sig, elim.argument) if isinstance(elim, EApp) else None
        if not (isinstance(arg, VNe) and isinstance(arg.head, HVar) and not arg.spine):
            return None
        levels.append(arg.head.level)
    if len(set(levels)) != len(levels) or all(lvl in pren.ren for lvl in levels):
        return None
    return [lvl in pren.ren for lvl in levels]


def _prune(sig: Signature, meta: int, keep: list[bool]) -> None:
    """Solve ``?meta := fun xs => ?new (the kept xs)`` (pruning, as in elaboration-zoo).

    A hole created under binders that a solution may not mention cannot depend on them; raises
    UnifyError if its type does.
    """
    entry = sig.metas.entries[meta]
    ty, ren = entry.type, _Renaming(0, 0, {})
    binders: list[tuple[str, Icit, S.Tm]] = []
    icits: list[Icit] = []
    for position, kept in enumerate(keep):
        ty = force(sig, ty)
        if not isinstance(ty, VPi):
            raise UnifyError("cannot prune: the hole's type is not a function type")
        icits.append(ty.icit)
        if kept:
            binders.append((ty.name, ty.icit, _rename(sig, -1, ren, ty.domain)))
            ren = ren.lift()
        else:
            ren = _Renaming(ren.dom, ren.cod + 1, ren.ren)
        ty = instantiate(sig, ty.codomain, var(position))
    type_ = _rename(sig, -1, ren, ty)
    for name, icit, domain in reversed(binders):
        type_ = S.Pi(name, icit, domain, type_)
    new = sig.metas.fresh(evaluate(sig, (), type_), entry.span, hole=entry.hole,
                          report=entry.report)
    body: S.Tm = S.Meta(new)
    for position, kept in enumerate(keep):
        if kept:
            body = S.App(body, S.Var(len(keep) - 1 - position), icits[position])
    for position in reversed(range(len(keep))):
        body = S.Lam(f"x{position}", icits[position], body)
    sig.metas.solve(meta, evaluate(sig, (), body))

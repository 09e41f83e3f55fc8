"""Inductive declarations: constructors analysed, positivity checked, eliminators generated.

Shared by ``data`` (strictly positive, point constructors only) and ``hit`` (see hits.py).
For a type ``D`` the generated eliminators are ``D-ind`` (dependent: motive ``P : D params ->
Type ω``, one case per constructor, then the major argument) and ``D-rec`` (non-dependent,
``B : Type ω``); parameters are implicit. Cases are named ``case-c``; a recursive argument's
induction hypothesis follows all the constructor's arguments. Both compute definitionally on
point constructors.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from hott.lang import presyntax as P
from hott.lang import syntax as S
from hott.lang.context import Cxt
from hott.lang.declarations import (
    Param,
    close_holes,
    constant,
    globals_in,
    pi_over,
    telescope,
    zonk,
)
from hott.lang.elaboration import Elaborator
from hott.lang.errors import ErrorKind, LangError
from hott.lang.evaluation import apply, apply_const, evaluate, whnf
from hott.lang.levels import LevelUnknown, level_of
from hott.lang.names import to_presyntax
from hott.lang.presyntax import OMEGA, Icit
from hott.lang.signature import Signature
from hott.lang.values import NAT_SUC, NAT_ZERO, EApp, HConst, Value, VLit, VNe


@dataclass
class ConInfo:
    """One constructor: its arguments (surface names and types), kind, and path sides."""

    name: str
    args: list[tuple[str, P.Term]]
    recursive: list[int | None]
    kind: str = "point"
    sides: tuple[P.Term, P.Term] | None = None
    core: S.Tm | None = None


@dataclass
class Family:
    """The declared type: its name, parameters (core and surface), and constructors."""

    name: str
    params: list[Param]
    names: list[str]
    surface: list[P.Term]
    ctors: list[ConInfo] = field(default_factory=list)

    def applied(self, names: list[str] | None = None) -> P.Term:
        """``D p1 … pn`` in surface syntax, the parameters called ``names`` (by default the
        generated names of the eliminators, which never capture a global)."""
        term: P.Term = P.Var(self.name)
        for name, (_, icit, _) in zip(names or self.names, self.params, strict=True):
            term = P.App(term, P.Var(name), icit)
        return term


def v(name: str) -> P.Var:
    """A surface variable."""
    return P.Var(name)


def app(fn: P.Term, *args: P.Term) -> P.Term:
    """Explicit application in surface syntax."""
    for arg in args:
        fn = P.App(fn, arg)
    return fn


def pis(binders: list[tuple[str, P.Term]], body: P.Term, icit: Icit = Icit.EXPL) -> P.Term:
    """``(x1 : A1) … -> body`` in surface syntax."""
    for name, type_ in reversed(binders):
        body = P.Pi(name, icit, type_, body)
    return body


def rename(term: P.Term, mapping: dict[str, str]) -> P.Term:
    """``term`` with free variables renamed by ``mapping`` (bound names shadow)."""
    match term:
        case P.Var(name):
            return P.Var(mapping.get(name, name))
        case P.Pi(name, _, dom, cod) | P.Sigma(name, dom, cod):
            inner = {k: w for k, w in mapping.items() if k != name}
            return dataclasses.replace(term, **{
                "domain" if isinstance(term, P.Pi) else "first": rename(dom, mapping),
                "codomain" if isinstance(term, P.Pi) else "second": rename(cod, inner)})
        case P.Lam(name, _, ann, body):
            inner = {k: w for k, w in mapping.items() if k != name}
            return dataclasses.replace(term, annotation=None if ann is None
                                       else rename(ann, mapping), body=rename(body, inner))
        case P.Let(name, type_, value, body):
            inner = {k: w for k, w in mapping.items() if k != name}
            return dataclasses.replace(term, type=None if type_ is None
                                       else rename(type_, mapping),
                                       value=rename(value, mapping), body=rename(body, inner))
    changes = {f.name: rename(getattr(term, f.name), mapping)
               for f in dataclasses.fields(term) if isinstance(getattr(term, f.name), P.Node)}
    return dataclasses.replace(term, **changes)


def fresh(base: str, used: set[str], sig: Signature) -> str:
    """``base`` (or ``base'``, …) not in ``used`` nor a global; added to ``used``."""
    name = "x" if base == "_" else base
    while name in used or name in sig.globals:
        name += "'"
    used.add(name)
    return name


def is_applied(tm: S.Tm, name: str, depth: int, nparams: int) -> bool:
    """Whether ``tm`` (under ``depth`` binders) is ``name`` applied to exactly the parameters."""
    args: list[S.Tm] = []
    while isinstance(tm, S.App):
        args.append(tm.argument)
        tm = tm.function
    args.reverse()
    return tm == S.Glob(name) and args == [S.Var(depth - 1 - i) for i in range(nparams)]


def declare_family(el: Elaborator, decl: P.Data | P.Hit, kind: str) -> tuple[Family, Cxt]:
    """Elaborate the parameters and add the type former (at level 0 until the constructors
    are known)."""
    cxt, params = telescope(el, decl.binders)
    used: set[str] = {decl.name}
    names = [fresh(name, used, el.sig) for name, _, _ in params]
    surface = [to_presyntax(tm, names[:i]) for i, (_, _, tm) in enumerate(params)]
    constant(el.sig, decl.name, kind, pi_over(params, S.U(0)), decl, el.path)
    return Family(decl.name, params, names, surface), cxt


def analyse(el: Elaborator, fam: Family, cxt: Cxt, ctor: P.Constructor, *, hit: bool) -> ConInfo:
    """Elaborate a constructor's type, classify it and check its arguments' positivity."""
    tm = _constructor_type(el, fam, cxt, ctor, hit=hit)
    np = len(fam.params)
    used = set(fam.names) | {c.name for c in fam.ctors} | {ctor.name}
    args: list[tuple[str, P.Term]] = []
    recursive: list[int | None] = []
    names = list(fam.names)
    body = tm
    while isinstance(body, S.Pi):
        if body.icit is not Icit.EXPL:
            raise _error(ErrorKind.CONSTRUCTOR, "constructor arguments must be explicit", ctor, el)
        recursive.append(_positive(el, fam, body.domain, len(names), ctor, hit=hit))
        name = fresh(body.name, used, el.sig)
        args.append((name, to_presyntax(body.domain, names)))
        names.append(name)
        body = body.codomain
    depth = len(names)
    info = ConInfo(ctor.name, args, recursive, core=tm)
    if is_applied(body, fam.name, depth, np):
        return info
    if hit and isinstance(body, S.Id):
        inner = body.type
        info.kind = "path"
        if isinstance(inner, S.Id) and is_applied(inner.type, fam.name, depth, np):
            info.kind = "path2"
        elif not is_applied(inner, fam.name, depth, np):
            raise _error(ErrorKind.CONSTRUCTOR, f"a path constructor must be a path in "
                         f"{fam.name}", ctor, el)
        info.sides = (to_presyntax(body.left, names), to_presyntax(body.right, names))
        if info.kind == "path2":  # sides at their type, so `refl = refl` keeps its point
            at = to_presyntax(inner, names)
            info.sides = (P.Ann(info.sides[0], at), P.Ann(info.sides[1], at))
        return info
    raise _error(ErrorKind.CONSTRUCTOR, f"a constructor of {fam.name} must end in "
                 f"{fam.name} applied to its parameters" + (" or be a path" if hit else ""),
                 ctor, el)


def _constructor_type(el: Elaborator, fam: Family, cxt: Cxt, ctor: P.Constructor, *,
                      hit: bool) -> S.Tm:
    """The constructor's type; a HIT path ``a = b`` whose points leave the parameters open
    (``north = south``) is read at ``H params``."""
    start = len(el.sig.metas.entries)
    try:
        tm, _ = el.check_type(cxt, ctor.type)
        close_holes(el, start)
    except LangError as exc:
        if not hit or exc.kind is not ErrorKind.UNSOLVED:
            raise
        type_ = ctor.type
        binders = []
        while isinstance(type_, P.Pi):
            binders.append(type_)
            type_ = type_.codomain
        if not isinstance(type_, P.Eq):
            raise
        declared = fam.applied([name for name, _, _ in fam.params])
        type_ = dataclasses.replace(type_, left=P.Ann(type_.left, declared,
                                                      span=type_.left.span))
        for pi in reversed(binders):
            type_ = dataclasses.replace(pi, codomain=type_)
        start = len(el.sig.metas.entries)
        tm, _ = el.check_type(cxt, type_)
        close_holes(el, start)
    return zonk(el.sig, cxt.level, tm)


def _positive(el: Elaborator, fam: Family, tm: S.Tm, depth: int, ctor: P.Constructor, *,
              hit: bool) -> int | None:
    """None for an argument not mentioning the type; k for ``(y1 … yk) -> D params``."""
    if fam.name not in globals_in(tm):
        return None
    if hit:
        raise _error(ErrorKind.POSITIVITY, f"arguments of HIT constructors may not mention "
                     f"{fam.name} (recursive HITs are not supported)", ctor, el)
    k = 0
    while isinstance(tm, S.Pi):
        if fam.name in globals_in(tm.domain):
            raise _error(ErrorKind.POSITIVITY, f"{fam.name} occurs to the left of an arrow in "
                         f"an argument of {ctor.name}", ctor, el)
        tm, k, depth = tm.codomain, k + 1, depth + 1
    if not is_applied(tm, fam.name, depth, len(fam.params)):
        raise _error(ErrorKind.POSITIVITY, f"{fam.name} occurs in an argument of {ctor.name} "
                     f"other than as its result", ctor, el)
    return k


def _error(kind: ErrorKind, message: str, node: P.Node, el: Elaborator) -> LangError:
    return LangError(kind, message, node.span, path=el.path)


def finish_family(el: Elaborator, fam: Family, cxt: Cxt, node: P.Node) -> None:
    """Fix the type former's universe from its constructors' arguments."""
    level = 0
    for ctor in fam.ctors:
        c = cxt
        tm = ctor.core
        while isinstance(tm, S.Pi):
            dom = evaluate(el.sig, c.env, tm.domain)
            if fam.name not in globals_in(tm.domain):
                try:
                    level = max(level, level_of(el.sig, dict(enumerate(c.types)), c.level, dom))
                except LevelUnknown:
                    raise _error(ErrorKind.UNIVERSE, "cannot find the universe of an argument",
                                 node, el) from None
            c = c.bind(tm.name, dom)
            tm = tm.codomain
    if level >= OMEGA:
        raise _error(ErrorKind.UNIVERSE, f"{fam.name} would be too large", node, el)
    entry = el.sig.globals[fam.name]
    entry.type_tm = pi_over(fam.params, S.U(level))
    entry.type = evaluate(el.sig, (), entry.type_tm)


def add_constructor(el: Elaborator, fam: Family, ctor: ConInfo, node: P.Node) -> None:
    """Add a constructor as a constant, its parameters implicit; record it in the family."""
    implicit = [(n, Icit.IMPL, t) for n, _, t in fam.params]
    assert ctor.core is not None
    constant(el.sig, ctor.name, "constructor", pi_over(implicit, ctor.core), node, el.path,
             extra={"family": fam.name, "ctor_kind": ctor.kind})
    fam.ctors.append(ctor)


def generated(el: Elaborator, name: str, kind: str, type_: P.Term, node: P.Node,
              **fields: object) -> None:
    """Elaborate a generated closed type and add the constant ``name`` of that type."""
    start = len(el.sig.metas.entries)
    internal = Elaborator(el.sig, path=el.path, internal=True)
    tm, _ = internal.check_type(Cxt(), type_)
    close_holes(internal, start)
    constant(el.sig, name, kind, zonk(el.sig, 0, tm), node, el.path, **fields)


def eliminator_type(fam: Family, cases: list[tuple[str, P.Term]], *,
                    motive: tuple[str, P.Term], major: str) -> tuple[P.Term, int]:
    """``{params} (motive) (cases) (x : D params) -> result`` and its arity."""
    result = app(v(motive[0]), v(major)) if isinstance(motive[1], P.Pi) else v(motive[0])
    body = P.Pi(major, Icit.EXPL, fam.applied(), result)
    body = pis(cases, body)
    body = P.Pi(motive[0], Icit.EXPL, motive[1], body)
    body = pis(list(zip(fam.names, fam.surface, strict=True)), body, Icit.IMPL)
    return body, len(fam.params) + 1 + len(cases) + 1


def ih_type(arg: str, type_: P.Term, k: int, result: P.Term | None, motive: str,
            used: set[str], sig: Signature) -> P.Term:
    """The induction hypothesis for ``arg : (y1 … yk) -> D``: ``(ys) -> P (arg ys)`` (or B)."""
    binders: list[tuple[str, P.Term]] = []
    for _ in range(k):
        assert isinstance(type_, P.Pi)
        name = fresh(type_.name if type_.name != "_" else "y", used, sig)
        binders.append((name, type_.domain))
        type_ = rename(type_.codomain, {type_.name: name})
    end = result if result is not None else app(v(motive), app(v(arg), *(v(n) for n, _ in
                                                                          binders)))
    return pis(binders, end)


def make_reducer(elim: str, nparams: int, ctors: list[ConInfo],
                 first_case: int) -> Callable[[Signature, Sequence[Value]], Value | None]:
    """The computation rule of an eliminator on point constructors (with their hypotheses)."""
    table = {c.name: (i, c) for i, c in enumerate(ctors) if c.kind == "point"}
    numerals = nparams == 0 and NAT_ZERO in table and NAT_SUC in table \
        and table[NAT_SUC][1].recursive == [0]

    def ih(sig: Signature, base: list[Value], arg: Value, k: int) -> Value:
        icits = [Icit.IMPL] * nparams + [Icit.EXPL] * (len(base) - nparams)
        if k == 0:
            spine = tuple(EApp(a, i) for a, i in zip(base, icits, strict=True))
            return apply_const(sig, elim, (*spine, EApp(arg, Icit.EXPL)))
        m = len(base)
        tm: S.Tm = S.Glob(elim)
        for j, icit in enumerate(icits):
            tm = S.App(tm, S.Var(m + k - j), icit)
        major: S.Tm = S.Var(k)
        for i in range(k):
            major = S.App(major, S.Var(k - 1 - i), Icit.EXPL)
        tm = S.App(tm, major, Icit.EXPL)
        for _ in range(k):
            tm = S.Lam("y", Icit.EXPL, tm)
        return evaluate(sig, (*base, arg), tm)

    def numeral(sig: Signature, args: Sequence[Value], n: int) -> Value:
        """The eliminator on the numeral ``n``: the ``zero`` case, then the ``suc`` case
        applied n times, bottom up (a loop, so a large numeral spends the step budget
        rather than Python's stack); each result is brought to weak head normal form, so that
        n folded steps do not pile up into a term n deep."""
        result = args[first_case + table[NAT_ZERO][0]]
        step = args[first_case + table[NAT_SUC][0]]
        for k in range(n):
            sig.tick()
            result = apply(sig, apply(sig, step, VLit(k), Icit.EXPL), result, Icit.EXPL)
            if k + 1 < n:
                result = whnf(sig, result)
        return result

    def reduce(sig: Signature, args: Sequence[Value]) -> Value | None:
        major = whnf(sig, args[-1])
        if isinstance(major, VLit):
            return numeral(sig, args, major.value) if numerals else None
        if not (isinstance(major, VNe) and isinstance(major.head, HConst)):
            return None
        found = table.get(major.head.name)
        if found is None:
            return None
        position, info = found
        cargs = [e.argument for e in major.spine[nparams:] if isinstance(e, EApp)]
        if len(cargs) != len(info.args) or len(major.spine) != nparams + len(info.args):
            return None
        result = args[first_case + position]
        for a in cargs:
            result = apply(sig, result, a, Icit.EXPL)
        base = list(args[:-1])
        for a, k in zip(cargs, info.recursive, strict=True):
            if k is not None:
                result = apply(sig, result, ih(sig, base, a, k), Icit.EXPL)
        return result

    return reduce


def data_eliminators(el: Elaborator, fam: Family, node: P.Node) -> None:
    """``D-ind`` and ``D-rec`` for an ordinary inductive type."""
    for suffix, dependent in (("ind", True), ("rec", False)):
        used = set(fam.names) | {c.name for c in fam.ctors}
        motive = fresh("P" if dependent else "B", used, el.sig)
        motive_type = (P.Pi("_", Icit.EXPL, fam.applied(), P.Universe(OMEGA)) if dependent
                       else P.Universe(OMEGA))
        cases = []
        for ctor in fam.ctors:
            local = set(used) | {n for n, _ in ctor.args}
            hyps = [(fresh(f"{a}-ih", local, el.sig),
                     ih_type(a, t, k, None if dependent else v(motive), motive, local, el.sig))
                    for (a, t), k in zip(ctor.args, ctor.recursive, strict=True) if k is not None]
            target = app(v(motive), app(v(ctor.name), *(v(a) for a, _ in ctor.args))) \
                if dependent else v(motive)
            cases.append((fresh(f"case-{ctor.name}", used, el.sig),
                          pis(ctor.args + hyps, target)))
        major = fresh("x", used, el.sig)
        type_, arity = eliminator_type(fam, cases, motive=(motive, motive_type),
                                       major=major)
        name = f"{fam.name}-{suffix}"
        generated(el, name, "eliminator", type_, node, arity=arity,
                  reduce=make_reducer(name, len(fam.params), fam.ctors,
                                      len(fam.params) + 1))


def check_data(el: Elaborator, decl: P.Data) -> None:
    """Declare an inductive type: type former, constructors, ``D-ind`` and ``D-rec``."""
    fam, cxt = declare_family(el, decl, "data")
    for ctor in decl.constructors:
        add_constructor(el, fam, analyse(el, fam, cxt, ctor, hit=False), ctor)
    finish_family(el, fam, cxt, decl)
    data_eliminators(el, fam, decl)


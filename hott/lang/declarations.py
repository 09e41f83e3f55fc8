"""What every kind of declaration shares: telescopes, closing over holes, dependencies, adding."""

from __future__ import annotations

from collections.abc import Sequence

from hott.lang import presyntax as P
from hott.lang import syntax as S
from hott.lang.context import Cxt
from hott.lang.elaboration import Elaborator
from hott.lang.errors import ErrorKind, LangError
from hott.lang.evaluation import evaluate, quote
from hott.lang.presyntax import Icit
from hott.lang.signature import Signature
from hott.lang.values import GlobalEntry, Value, var

Param = tuple[str, Icit, S.Tm]
"""A telescope entry: name, implicitness, type (in the context of the entries before it)."""


def telescope(el: Elaborator, binders: Sequence[P.Binder]) -> tuple[Cxt, list[Param]]:
    """Elaborate ``(x : A) {y : B} …`` into a context and its entries."""
    cxt = Cxt()
    params: list[Param] = []
    for binder in binders:
        type_tm, _ = el.check_type(cxt, binder.type)
        params.append((binder.name, binder.icit, type_tm))
        cxt = cxt.bind(binder.name, el.eval(cxt, type_tm))
    return cxt, params


def pi_over(params: Sequence[Param], tm: S.Tm) -> S.Tm:
    """``(params) -> tm``."""
    for name, icit, type_tm in reversed(params):
        tm = S.Pi(name, icit, type_tm, tm)
    return tm


def lam_over(params: Sequence[Param], tm: S.Tm) -> S.Tm:
    """``fun params => tm``."""
    for name, icit, _ in reversed(params):
        tm = S.Lam(name, icit, tm)
    return tm


def zonk(sig: Signature, level: int, tm: S.Tm) -> S.Tm:
    """``tm`` with every solved metavariable replaced by its solution."""
    def go(t: S.Tm, lvl: int) -> S.Tm:
        match t:
            case S.Meta() | S.InsertedMeta():
                return quote(sig, lvl, evaluate(sig, tuple(var(k) for k in range(lvl)), t))
            case S.App(fn, arg, icit):
                return S.App(go(fn, lvl), go(arg, lvl), icit)
            case S.Pi(name, icit, dom, cod):
                return S.Pi(name, icit, go(dom, lvl), go(cod, lvl + 1))
            case S.Lam(name, icit, body):
                return S.Lam(name, icit, go(body, lvl + 1))
            case S.Sigma(name, dom, cod):
                return S.Sigma(name, go(dom, lvl), go(cod, lvl + 1))
            case S.Pair(first, second):
                return S.Pair(go(first, lvl), go(second, lvl))
            case S.Proj(term, index):
                return S.Proj(go(term, lvl), index)
            case S.Let(name, type_, value, body):
                return S.Let(name, go(type_, lvl), go(value, lvl), go(body, lvl + 1))
            case S.Id(type_, left, right):
                return S.Id(go(type_, lvl), go(left, lvl), go(right, lvl))
        return t

    return go(tm, level)


def globals_in(tm: S.Tm) -> set[str]:
    """The names of the globals a (zonked) core term mentions."""
    found: set[str] = set()
    stack = [tm]
    while stack:
        t = stack.pop()
        match t:
            case S.Glob(name):
                found.add(name)
            case S.App(a, b, _) | S.Pi(_, _, a, b) | S.Sigma(_, a, b) | S.Pair(a, b):
                stack += [a, b]
            case S.Lam(_, _, a) | S.Proj(a, _):
                stack.append(a)
            case S.Let(_, a, b, c) | S.Id(a, b, c):
                stack += [a, b, c]
    return found


def axioms_of(sig: Signature, *tms: S.Tm) -> frozenset[str]:
    """The axioms the given terms depend on, through the globals they mention."""
    found: set[str] = set()
    for tm in tms:
        for name in globals_in(tm):
            entry = sig.globals[name]
            found |= entry.axioms
            if entry.kind == "axiom":
                found.add(name)
    return frozenset(found)


def close_holes(el: Elaborator, start: int) -> None:
    """Every metavariable made since ``start`` must be solved; else UNSOLVED with its goal."""
    unsolved = el.sig.metas.unsolved(start)
    if not unsolved:
        return
    entries = el.sig.metas.entries
    meta = next((m for m in unsolved if entries[m].hole), unsolved[0])
    cxt, goal = entries[meta].report  # type: ignore[misc]
    what = "this hole" if entries[meta].hole else "an implicit argument here"
    raise LangError(ErrorKind.UNSOLVED, f"cannot find {what}", entries[meta].span,
                    expected=cxt.show(el.sig, goal), context=cxt.show_context(el.sig),
                    path=el.path)


def add_global(sig: Signature, entry: GlobalEntry, path: str | None) -> GlobalEntry:
    """Add ``entry`` to the signature; its name must be new."""
    if entry.name in sig.globals:
        raise LangError(ErrorKind.DUPLICATE, f"'{entry.name}' is already declared", entry.span,
                        path=path)
    sig.globals[entry.name] = entry
    return entry


def constant(sig: Signature, name: str, kind: str, type_tm: S.Tm, node: P.Node | None,
             path: str | None, **extra: object) -> GlobalEntry:
    """Add a constant (no body) of the closed type ``type_tm``."""
    type_v: Value = evaluate(sig, (), type_tm)
    return add_global(sig, GlobalEntry(name, kind, type_v, type_tm,
                                       span=None if node is None else node.span,
                                       axioms=axioms_of(sig, type_tm), **extra), path)

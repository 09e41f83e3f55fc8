"""Core terms back to surface syntax, with the user's names (never de Bruijn indices).

Bound names are freshened (``x``, ``x'``, ``x''``) only where they would capture; implicit
arguments are hidden, as the user usually left them out; ``Id A a b`` prints as ``a = b``;
unsolved metavariables print as ``?n``.
"""

from __future__ import annotations

from collections.abc import Sequence

from hott.lang import presyntax as P
from hott.lang import syntax as S
from hott.lang.presyntax import Icit


def to_presyntax(tm: S.Tm, names: Sequence[str] = ()) -> P.Term:
    """The surface term of the core term ``tm`` whose free variable index i is named
    ``names[-1 - i]``."""
    scope = list(names)

    def fresh(name: str, body: S.Tm) -> str:
        if name == "_":
            if not mentions(body, 0):
                return "_"
            name = "x"
        while name in scope:
            name += "'"
        return name

    def go(t: S.Tm) -> P.Term:
        match t:
            case S.Var(ix):
                return P.Var(scope[-1 - ix])
            case S.Glob(name):
                return P.Var(name)
            case S.U(level):
                return P.Universe(level)
            case S.Lit(value):
                return P.Num(value)
            case S.Meta(meta) | S.InsertedMeta(meta, _):
                return P.Var(f"?{meta}")
            case S.App(fn, arg, icit):
                if icit is Icit.IMPL:
                    return go(fn)
                return P.App(go(fn), go(arg))
            case S.Pair(first, second):
                return P.Pair(go(first), go(second))
            case S.Proj(term, index):
                return P.Proj(go(term), index)
            case S.Id(_, left, right):
                return P.Eq(go(left), go(right))
        return binder(t)

    def binder(t: S.Tm) -> P.Term:
        match t:
            case S.Pi(name, icit, dom, cod):
                shown = fresh(name, cod) if icit is Icit.EXPL else fresh(name or "x", S.Var(0))
                return P.Pi(shown, icit, go(dom), under(shown, cod))
            case S.Lam(name, icit, body):
                shown = fresh(name, body)
                return P.Lam(shown, icit, None, under(shown, body))
            case S.Sigma(name, first, second):
                shown = fresh(name, second)
                return P.Sigma(shown, go(first), under(shown, second))
            case S.Let(name, type_, value, body):
                shown = fresh(name, body)
                return P.Let(shown, go(type_), go(value), under(shown, body))
        raise TypeError(f"not a core term: {t!r}")

    def under(name: str, body: S.Tm) -> P.Term:
        scope.append(name)
        try:
            return go(body)
        finally:
            scope.pop()

    return go(tm)


def mentions(tm: S.Tm, ix: int) -> bool:
    """Whether the core term ``tm`` mentions the variable of index ``ix``."""
    match tm:
        case S.Var(i):
            return i == ix
        case S.Glob() | S.U() | S.Lit() | S.Meta():
            return False
        case S.InsertedMeta():
            return True
        case S.App(fn, arg, _):
            return mentions(fn, ix) or mentions(arg, ix)
        case S.Pair(first, second):
            return mentions(first, ix) or mentions(second, ix)
        case S.Proj(term, _):
            return mentions(term, ix)
        case S.Id(type_, left, right):
            return mentions(type_, ix) or mentions(left, ix) or mentions(right, ix)
        case S.Pi(_, _, dom, cod) | S.Sigma(_, dom, cod):
            return mentions(dom, ix) or mentions(cod, ix + 1)
        case S.Lam(_, _, body):
            return mentions(body, ix + 1)
        case S.Let(_, type_, value, body):
            return mentions(type_, ix) or mentions(value, ix) or mentions(body, ix + 1)
    raise TypeError(f"not a core term: {tm!r}")

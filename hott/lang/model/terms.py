"""Facts about core terms the model's compiler and eliminators need."""

from __future__ import annotations

from hott.lang import syntax as S

__all__ = ["mentions_binder", "pi_count"]


def pi_count(tm: S.Tm) -> int:
    """How many Π-binders ``tm`` starts with."""
    count = 0
    while isinstance(tm, S.Pi):
        tm, count = tm.codomain, count + 1
    return count


def mentions_binder(body: S.Tm) -> bool:
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

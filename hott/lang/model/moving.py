"""Values varying along a path: their ends, and whether a closure or type captures one.

A :class:`~hott.lang.model.values.Moving` value is how the model computes ``ap``, ``transport``
and ``J``; these helpers find the moving parts inside closures, primitives, pairs and types and
evaluate them at either end of their path.
"""

from __future__ import annotations

from typing import Any

from hott.lang.model.values import Fn, Moving, Pair, Prim, TPi, TSigma

__all__ = ["at_side", "captures_moving", "constant", "ends"]


def ends(value: Any) -> tuple[Any, Any]:
    """``value`` at the start and at the end of its path (twice itself if it does not move)."""
    return (value.start, value.end) if isinstance(value, Moving) else (value, value)


def at_side(value: Any, side: int) -> Any:
    """``value`` at the start (0) or end (1) of the paths it varies along."""
    if isinstance(value, Moving):
        return value.start if side == 0 else value.end
    if not captures_moving(value):
        return value
    if isinstance(value, Fn):
        return Fn(value.body, tuple(at_side(v, side) for v in value.env), value.const,
                  value.origin)
    if isinstance(value, Prim):
        return Prim(value.name, value.arity, value.run,
                    tuple(at_side(v, side) for v in value.args))
    if isinstance(value, Pair):
        return Pair(at_side(value.first, side), at_side(value.second, side))
    if isinstance(value, TPi):
        return TPi(at_side(value.domain, side), at_side(value.codomain, side))
    if isinstance(value, TSigma):
        return TSigma(at_side(value.first, side), at_side(value.second, side))
    return value


def captures_moving(value: Any) -> bool:
    """Whether a closure (or a type holding closures) has a moving value in its environment."""
    if isinstance(value, Moving):
        return True
    if isinstance(value, Fn):
        return any(captures_moving(v) for v in value.env)
    if isinstance(value, Prim):
        return any(captures_moving(v) for v in value.args)
    if isinstance(value, (TPi, TSigma)):
        parts = (value.domain, value.codomain) if isinstance(value, TPi) else (
            value.first, value.second)
        return any(captures_moving(v) for v in parts)
    if isinstance(value, Pair):
        return captures_moving(value.first) or captures_moving(value.second)
    return False


def constant(value: Any) -> Fn:
    """The constant family ``fun _ => value``."""
    return Fn(lambda env: value, (), True)

"""Argument checks shared by the data-set generators: bad sizes and rates become a LearnError."""

from __future__ import annotations

import numbers

from hottbridge.errors import LearnError


def positive_int(value: object, name: str, minimum: int = 1) -> int:
    """``value`` as an int of at least ``minimum``, or a :class:`LearnError` saying why not."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise LearnError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise LearnError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def non_negative(value: object, name: str) -> float:
    """``value`` as a finite float >= 0, or a :class:`LearnError` saying why not."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise LearnError(f"{name} must be a number, got {value!r}")
    if not 0 <= float(value) < float("inf"):
        raise LearnError(f"{name} must be finite and >= 0, got {value}")
    return float(value)

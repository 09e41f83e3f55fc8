"""Input validation at the boundary of ``learn``: bad arrays become a :class:`LearnError`."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from hottbridge.errors import LearnError


def as_float_array(
    data: Any,
    name: str = "data",
    *,
    min_rank: int = 1,
    max_rank: int | None = None,
    dtype: Any = np.float32,
) -> np.ndarray:
    """``data`` as a finite, non-empty float array of rank in [min_rank, max_rank].

    Raises :class:`LearnError` saying which check failed, on which input, and where.
    """
    try:
        array = np.asarray(data, dtype=dtype)
    except (TypeError, ValueError) as error:
        raise LearnError(f"{name} must be numeric: {error}") from None
    if array.ndim < min_rank or (max_rank is not None and array.ndim > max_rank):
        wanted = f"{min_rank}" if max_rank == min_rank else f"{min_rank} to {max_rank or 'any'}"
        raise LearnError(f"{name} must have rank {wanted}, got shape {array.shape}")
    if array.shape[0] == 0:
        raise LearnError(f"{name} is empty (shape {array.shape}): give at least one sample")
    bad = ~np.isfinite(array)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise LearnError(
            f"{name} has {int(bad.sum())} non-finite value(s) (NaN or inf); first at index {first}"
        )
    return array


def check_sample_shape(array: np.ndarray, expected: tuple[int, ...], name: str = "data") -> None:
    """Raise :class:`LearnError` unless every sample of ``array`` has shape ``expected``."""
    if tuple(array.shape[1:]) != tuple(expected):
        raise LearnError(
            f"{name} samples have shape {tuple(array.shape[1:])}, but the model expects "
            f"{tuple(expected)}"
        )


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

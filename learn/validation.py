"""Argument and input checks at the boundary of ``learn``: bad values become a :class:`LearnError`
naming the parameter, what was expected and what was given.

Every model, metric and helper of ``learn`` checks its arguments here, so a rule (``True`` is not
a count, NaN is not a weight) holds everywhere at once.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from hottbridge.errors import LearnError

#: the largest seed: ``keras.utils.set_random_seed`` and NumPy take seeds below 2**32, and
#: models derive a few more seeds by adding small offsets (``seed + 100``)
MAX_SEED = 2**32 - 1 - 1000
#: the largest magnitude of an input value: squared distances of such values, summed over
#: thousands of dimensions, stay far inside float32 (whose largest value is about 3.4e38)
MAX_MAGNITUDE = 1e15


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
        array = np.asarray(data)
        if array.dtype.kind not in "biuf":
            array = array.astype(np.float64)
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
    large = np.abs(array) > MAX_MAGNITUDE
    if large.any():
        first = tuple(int(i) for i in np.argwhere(large)[0])
        raise LearnError(
            f"{name} has values up to {float(np.abs(array).max()):.3g} in magnitude (first at "
            f"index {first}); the limit is {MAX_MAGNITUDE:g}, beyond which squared distances "
            "overflow: rescale the data"
        )
    return array.astype(dtype, copy=False)


def check_sample_shape(array: np.ndarray, expected: tuple[int, ...], name: str = "data") -> None:
    """Raise :class:`LearnError` unless every sample of ``array`` has shape ``expected``."""
    if tuple(array.shape[1:]) != tuple(expected):
        raise LearnError(
            f"{name} samples have shape {tuple(array.shape[1:])}, but the model expects "
            f"{tuple(expected)}"
        )


def check_unit_interval(array: np.ndarray, name: str, remedy: str) -> np.ndarray:
    """``array`` if its values lie in [0, 1], else :class:`LearnError` ending with ``remedy``."""
    if array.min() < 0.0 or array.max() > 1.0:
        raise LearnError(f"{name} has values in [{array.min():g}, {array.max():g}]; {remedy}")
    return array


def is_integer(value: object) -> bool:
    """True for a Python or NumPy integer; False for a bool (``True`` is not a count)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def positive_int(value: object, name: str, minimum: int = 1, maximum: int | None = None) -> int:
    """``value`` as an int in [minimum, maximum] (no upper bound by default), or a
    :class:`LearnError` saying why not. Bools and floats are refused, even ``True`` and ``2.0``."""
    if maximum is not None and not (is_integer(value) and minimum <= value <= maximum):
        raise LearnError(f"{name} must be an integer from {minimum} to {maximum}, got {value!r}")
    if not is_integer(value):
        raise LearnError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise LearnError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def positive_ints(values: Sequence[object], name: str) -> tuple[int, ...]:
    """Every entry of ``values`` as a positive int (see :func:`positive_int`), as a tuple."""
    return tuple(positive_int(value, name) for value in values)


def _real(value: object) -> float | None:
    """``value`` as a float if it is a real number (bools excluded), else None."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return float(value)


def positive_number(value: object, name: str) -> float:
    """``value`` as a finite float > 0, or a :class:`LearnError` naming ``name``."""
    number = _real(value)
    if number is None or not 0.0 < number < math.inf:
        raise LearnError(f"{name} must be a positive number, got {value!r}")
    return number


def non_negative(value: object, name: str) -> float:
    """``value`` as a finite float >= 0, or a :class:`LearnError` saying why not."""
    number = _real(value)
    if number is None:
        raise LearnError(f"{name} must be a number, got {value!r}")
    if not 0.0 <= number < math.inf:
        raise LearnError(f"{name} must be finite and >= 0, got {value}")
    return number


def in_interval(value: object, name: str, low: float, high: float) -> float:
    """``value`` as a float in [low, high], or a :class:`LearnError` naming ``name``."""
    number = _real(value)
    if number is None or not low <= number <= high:
        raise LearnError(f"{name} must be in [{low:g}, {high:g}], got {value!r}")
    return number


def check_choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    """``value`` if it is one of ``choices``, else :class:`LearnError` listing them."""
    if not isinstance(value, str) or value not in choices:
        raise LearnError(f"{name} must be one of {choices}, got {value!r}")
    return value


def check_labels(labels: Any, count: int, name: str = "labels") -> np.ndarray:
    """``labels`` as a 1-D array with one finite entry per sample, else :class:`LearnError`."""
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise LearnError(f"{name} must be a 1-D array of class labels, got shape {labels.shape}")
    if len(labels) != count:
        raise LearnError(
            f"{name} has {len(labels)} entries but there are {count} samples: "
            "give exactly one label per sample"
        )
    if labels.dtype.kind == "f" and not np.isfinite(labels).all():
        raise LearnError(f"{name} contains NaN or inf; labels must be class identifiers")
    return labels


def class_indices(labels: Any, n_classes: int, count: int, name: str = "labels") -> np.ndarray:
    """``labels`` as int64 class indices in [0, n_classes), one per sample (see
    :func:`check_labels`); integral floats such as ``1.0`` are accepted."""
    labels = check_labels(labels, count, name)
    numeric = labels.dtype.kind in "iub" or (
        labels.dtype.kind == "f" and np.array_equal(labels, np.round(labels))
    )
    if not numeric or labels.min() < 0 or labels.max() >= n_classes:
        raise LearnError(
            f"{name} must be integer class indices in [0, {n_classes}); "
            f"map class names to indices first (got e.g. {labels[:3].tolist()})"
        )
    return labels.astype(np.int64)

"""Input validation at the boundary of ``bridge``: bad arrays become a :class:`BridgeError`."""

from __future__ import annotations

from typing import Any

import numpy as np

from hottbridge.errors import BridgeError


def as_codes(data: Any, name: str = "codes", *, rank: int = 2, dim: int | None = None,
             min_rows: int = 1) -> np.ndarray:
    """``data`` as a finite float64 array of the given rank (last axis: the latent dimension).

    Raises :class:`BridgeError` naming the input and the first offending index.
    """
    try:
        array = np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise BridgeError(f"{name} must be numeric: {error}") from None
    if array.ndim != rank:
        raise BridgeError(f"{name} must have rank {rank}, got shape {array.shape}")
    if array.shape[-2] < min_rows or array.shape[-1] == 0:
        raise BridgeError(f"{name} needs at least {min_rows} row(s) of non-zero width, got "
                          f"shape {array.shape}")
    if dim is not None and array.shape[-1] != dim:
        raise BridgeError(f"{name} has latent dimension {array.shape[-1]}, but {dim} was "
                          "expected (do the model and the codes match?)")
    bad = ~np.isfinite(array)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise BridgeError(f"{name} has {int(bad.sum())} non-finite value(s) (NaN or inf); "
                          f"first at index {first}")
    return array

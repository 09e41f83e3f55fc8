"""Straight-line homotopies between two lists of samples, taken in a model's latent space."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from hottbridge.errors import LearnError
from learn.validation import as_float_array, check_sample_shape, positive_int


def latent_homotopy(model: Any, A: Any, B: Any, steps: int = 10, scaler: Any = None) -> np.ndarray:
    """Decoded pairwise interpolations from the samples ``A`` to the samples ``B``.

    Sample i of ``A`` and sample i of ``B`` are encoded (a VAE gives its posterior means), the
    segment between the two codes is cut at ``steps`` evenly spaced points t = 0, ..., 1, and all
    ``steps * n`` points are decoded in one decoder call.

    ``model`` is any :mod:`learn` autoencoder (``encode``, ``decode``, ``sample_shape``).
    ``scaler`` is an optional fitted scikit-learn transformer (e.g. ``MinMaxScaler``) the model's
    training data went through: ``A`` and ``B`` are then given in the original units, are
    transformed before encoding, and the result is mapped back with ``inverse_transform``
    (scalers see each sample flattened to one row).

    Returns an array of shape (steps, n, *sample_shape): the homotopy at step s is ``[s]``.
    Row 0 is the reconstruction of ``A`` and row -1 that of ``B``, not ``A`` and ``B`` themselves.
    """
    methods = (getattr(model, name, None) for name in ("encode", "decode"))
    if not all(map(callable, methods)) or not hasattr(model, "sample_shape"):
        raise LearnError(
            "model must be a learn autoencoder with encode, decode and sample_shape "
            f"(e.g. learn.VAE), got {type(model).__name__}"
        )
    steps = positive_int(steps, "steps", minimum=2)  # both ends included
    shape = tuple(model.sample_shape)
    start, end = (_model_input(data, name, shape, scaler) for data, name in ((A, "A"), (B, "B")))
    if len(start) != len(end):
        raise LearnError(
            f"A and B must hold the same number of samples (they are paired), got {len(start)} "
            f"and {len(end)}"
        )
    code_a, code_b = model.encode(start), model.encode(end)
    t = np.linspace(0.0, 1.0, steps, dtype="float32")[:, None, None]
    codes = (1.0 - t) * code_a[None] + t * code_b[None]  # (steps, n, k)
    flat_codes = codes.reshape(-1, codes.shape[-1])
    decoded = model.decode(flat_codes, batch_size=len(flat_codes))  # one decoder call
    if scaler is not None:
        decoded = _call_scaler(scaler, "inverse_transform", decoded.reshape(len(decoded), -1))
    return np.asarray(decoded, dtype="float32").reshape(steps, len(start), *shape)


def _model_input(data: Any, name: str, shape: tuple[int, ...], scaler: Any) -> np.ndarray:
    """``data`` as a batch of samples of ``shape`` in the model's units (scaled if asked)."""
    array = as_float_array(data, name, min_rank=len(shape) + 1, max_rank=len(shape) + 1)
    check_sample_shape(array, shape, name)
    if scaler is None:
        return array
    scaled = _call_scaler(scaler, "transform", array.reshape(len(array), math.prod(shape)))
    return as_float_array(scaled, f"scaler.transform({name})").reshape(array.shape)


def _call_scaler(scaler: Any, method: str, rows: np.ndarray) -> np.ndarray:
    """``scaler.<method>(rows)``, reporting an unusable scaler as a LearnError."""
    if not callable(getattr(scaler, method, None)):
        raise LearnError(f"scaler must have a {method} method (a fitted sklearn scaler)")
    try:
        return np.asarray(getattr(scaler, method)(rows))
    except (ValueError, TypeError, AttributeError) as error:  # incl. sklearn's NotFittedError
        raise LearnError(
            f"scaler.{method} failed on rows of {rows.shape[1]} values: {error} (fit the scaler "
            "on the model's training data, flattened one sample per row)"
        ) from None

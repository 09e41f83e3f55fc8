"""Paths that follow the data: through the data complex, or by the decoder's pull-back metric.

* :func:`data_geodesic` — the shortest path through the 1-skeleton of a :class:`DataComplex`
  between the landmarks nearest the two ends, smoothed and resampled; it stays in the data
  region by construction.
* :func:`riemannian_geodesic` — minimises the discrete energy of the *decoded* curve,
  Σ ‖D(z_{i+1}) − D(z_i)‖² · steps, over the interior points (TensorFlow autodiff, Adam),
  starting from the straight line: a discrete geodesic of the pull-back metric J_Dᵀ J_D
  ("Latent Space Oddity", Arvanitidis et al. 2018). Returns the iterate of lowest energy and
  reports the line's, the best and the last energies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from bridge.complex import DataComplex
from bridge.paths import LatentPath, endpoints, linear
from hottbridge.errors import BridgeError


def data_geodesic(complex_: DataComplex, a: Any, b: Any, steps: int = 32,
                  smoothing: int = 1) -> LatentPath:
    """Shortest path through the data complex from ``a`` to ``b``, smoothed, resampled."""
    start, end = endpoints(a, b, steps)
    route = complex_.geodesic(start, end)
    points = np.vstack([start, complex_.landmarks_[route], end])
    for _ in range(max(0, int(smoothing))):  # moving average of interior points, ends fixed
        points[1:-1] = (points[:-2] + points[1:-1] + points[2:]) / 3
    return LatentPath(points).resample(steps)


@dataclass(frozen=True)
class GeodesicResult:
    """A discrete Riemannian geodesic: the iterate of lowest energy (``path``, its energy
    ``energy_after``, reached at ``best_iteration``), the straight line's energy
    ``energy_before``, and the last iterate's energy ``energy_last`` (above ``energy_after`` when
    the optimiser overshot)."""

    path: LatentPath
    energy_before: float
    energy_after: float
    iterations: int
    energy_last: float
    best_iteration: int


def curve_energy(decoder: Any, points: Any) -> Any:
    """Discrete energy of the decoded curve: steps · Σ ‖D(z_{i+1}) − D(z_i)‖² (a tensor)."""
    from keras import ops

    decoded = decoder(points, training=False)
    if isinstance(decoded, (list, tuple)):
        decoded = decoded[0]
    flat = ops.reshape(decoded, (ops.shape(decoded)[0], -1))
    steps = ops.shape(flat)[0] - 1
    return ops.sum(ops.square(flat[1:] - flat[:-1])) * ops.cast(steps, flat.dtype)


def _decoder_of(model: Any) -> Any:
    """The decoder network of a :class:`~bridge.model.Codec`, of a model with ``.decoder``, or
    a decoder itself (a callable Keras model)."""
    from bridge.model import Codec

    if isinstance(model, Codec):
        return model.decoder
    if getattr(model, "decoder", None) is not None:
        return Codec(model).decoder
    if callable(model):
        return model
    raise BridgeError(f"riemannian_geodesic needs a Codec, a model with .encoder and .decoder, "
                      f"or a decoder; got {type(model).__name__}")


def riemannian_geodesic(model: Any, a: Any, b: Any, steps: int = 16, iterations: int = 200,
                        learning_rate: float = 0.01) -> GeodesicResult:
    """A discrete geodesic of the decoder's pull-back metric, from the straight line, for a
    :class:`~bridge.model.Codec`, a model with an encoder and a decoder, or a decoder. Returns
    the iterate of lowest energy (Adam can raise the energy at a large learning rate) with the
    line's, the best and the last energies."""
    import keras
    import tensorflow as tf  # GradientTape: the autodiff this needs

    decoder = _decoder_of(model)
    if not isinstance(iterations, int) or isinstance(iterations, bool) or iterations < 0:
        raise BridgeError(f"iterations must be a non-negative integer, got {iterations!r}")
    line = linear(a, b, steps).points.astype(np.float32)
    if steps < 2:
        energy = float(curve_energy(decoder, line))
        return GeodesicResult(LatentPath(line), energy, energy, 0, energy, 0)
    ends = tf.constant(line[[0, -1]])
    interior = tf.Variable(line[1:-1])
    optimizer = keras.optimizers.Adam(learning_rate=learning_rate)

    def energy() -> Any:
        return curve_energy(decoder, tf.concat([ends[:1], interior, ends[1:]], axis=0))

    before = float(energy())
    best, best_at, best_interior = before, 0, line[1:-1].copy()
    for iteration in range(iterations):
        with tf.GradientTape() as tape:
            value = energy()  # the energy of iterate `iteration`, before its update
        if float(value) < best:
            best, best_at, best_interior = float(value), iteration, interior.numpy().copy()
        optimizer.apply_gradients([(tape.gradient(value, interior), interior)])
    last = float(energy())
    if last < best:
        best, best_at, best_interior = last, iterations, interior.numpy().copy()
    points = np.vstack([line[:1], best_interior, line[-1:]])
    return GeodesicResult(LatentPath(points), before, best, iterations, last, best_at)

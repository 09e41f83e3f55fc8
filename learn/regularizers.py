"""Homotopy-inspired regularisers of a decoder, usable by every model of ``learn.autoencoder``.

Each regulariser builds latent paths between points of the current batch, decodes every point
of every path in ONE decoder call, and returns a scalar penalty; the model adds
``weight * term`` to its loss and reports ``term`` under the regulariser's ``name``.

Partners come from the batch itself: point i is paired with points i+1 and i+2 (cyclically).
``fit`` shuffles the data every epoch, so the pairs are random without another generator.
Paths start at the first ``paths`` points of the batch only, which bounds the extra decoding
per step at ``paths * steps`` (or twice that, or three times) points whatever the batch size.

- :class:`InterpolationSmoothness` ("smoothness_loss"): straight segments z_i -> z_{i+1}
  should decode to straight curves; the term is the mean squared second difference
  ||x_{s+1} - 2 x_s + x_{s-1}||^2 over the interior points (zero for an affine decoder).
- :class:`PathConsistency` ("path_consistency_loss"): two latent paths with the same ends,
  the straight segment and a detour through the midpoint pushed ``spread`` of the way towards
  z_{i+2}, are homotopic; their decodings should agree. The term is the mean squared distance
  between the decoded paths at equal parameter t.
- :class:`LoopConsistency` ("loop_consistency_loss"): the triangle z_i -> z_{i+1} -> z_{i+2}
  -> z_i is a closed latent loop; its decoding is a closed curve that should turn little. The
  term is the mean squared cyclic second difference around the loop (wrapping at the start).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import keras
import numpy as np
from keras import ops

from hottbridge.errors import LearnError
from learn.layers import SERIALIZATION_PACKAGE

Decoder = Callable[[Any], Any]


class HomotopyRegularizer:
    """Base class: a ``weight`` for the loss, ``steps`` points per latent path (>= 3) and at
    most ``paths`` paths per batch."""

    name: ClassVar[str] = "homotopy_loss"

    def __init__(self, weight: float = 1.0, steps: int = 8, paths: int = 16) -> None:
        kind = type(self).__name__
        if not isinstance(steps, int | np.integer) or steps < 3:
            raise LearnError(
                f"{kind}: steps must be an int >= 3 (a path needs interior points), got {steps!r}"
            )
        if not isinstance(paths, int | np.integer) or paths < 1:
            raise LearnError(f"{kind}: paths must be a positive int, got {paths!r}")
        if not np.isfinite(weight) or weight < 0:
            raise LearnError(f"{kind}: weight must be finite and >= 0, got {weight}")
        self.weight = float(weight)
        self.steps = int(steps)
        self.paths = int(paths)

    def term(self, z: Any, decoder: Decoder) -> Any:
        """The scalar penalty for the batch of latent codes ``z`` of shape (batch, k)."""
        raise NotImplementedError

    def get_config(self) -> dict[str, Any]:
        return {"weight": self.weight, "steps": self.steps, "paths": self.paths}

    def anchors(self, z: Any, m: int) -> Any:
        """(paths, m, k): the first ``paths`` batch points, each followed by its next m - 1
        batch neighbours (cyclically)."""
        return ops.stack([ops.roll(z, -shift, axis=0) for shift in range(m)], axis=1)[: self.paths]

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> HomotopyRegularizer:
        return cls(**config)

    def __repr__(self) -> str:
        args = ", ".join(f"{key}={value!r}" for key, value in self.get_config().items())
        return f"{type(self).__name__}({args})"


@keras.saving.register_keras_serializable(package=SERIALIZATION_PACKAGE)
class InterpolationSmoothness(HomotopyRegularizer):
    """Decoded straight latent segments between batch points should be straight too."""

    name = "smoothness_loss"

    def term(self, z: Any, decoder: Decoder) -> Any:
        t = _grid(self.steps)
        curves = decode_paths(decoder, self.anchors(z, 2), np.stack([1.0 - t, t], axis=1))
        return second_difference_energy(curves, cyclic=False)


@keras.saving.register_keras_serializable(package=SERIALIZATION_PACKAGE)
class PathConsistency(HomotopyRegularizer):
    """The straight path and a detour between the same two batch points should decode alike.

    ``spread`` in [0, 1] says how far the detour's midpoint moves towards a third batch point.
    """

    name = "path_consistency_loss"

    def __init__(
        self, weight: float = 1.0, steps: int = 8, paths: int = 16, spread: float = 0.5
    ) -> None:
        super().__init__(weight, steps, paths)
        if not 0.0 <= spread <= 1.0:
            raise LearnError(f"PathConsistency: spread must be in [0, 1], got {spread}")
        self.spread = float(spread)

    def term(self, z: Any, decoder: Decoder) -> Any:
        t = _grid(self.steps)
        straight = np.stack([1.0 - t, t, 0.0 * t], axis=1)  # anchors a, b, c
        to_a, to_b = np.maximum(0.0, 1.0 - 2.0 * t), np.maximum(0.0, 2.0 * t - 1.0)
        to_mid = 1.0 - to_a - to_b  # the midpoint (a + b) / 2 + spread * (c - (a + b) / 2)
        mid = to_mid * (1.0 - self.spread) / 2.0
        detour = np.stack([to_a + mid, to_b + mid, to_mid * self.spread], axis=1)
        curves = decode_paths(decoder, self.anchors(z, 3), np.concatenate([straight, detour]))
        gap = curves[:, : self.steps] - curves[:, self.steps :]
        return ops.mean(ops.sum(ops.square(gap), axis=-1))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "spread": self.spread}


@keras.saving.register_keras_serializable(package=SERIALIZATION_PACKAGE)
class LoopConsistency(HomotopyRegularizer):
    """A latent triangle through three batch points should decode to a gently turning loop."""

    name = "loop_consistency_loss"

    def term(self, z: Any, decoder: Decoder) -> Any:
        t = _grid(self.steps)[:-1]  # each edge without its end, which starts the next edge
        zero = 0.0 * t
        edges = [
            np.stack([1.0 - t, t, zero], axis=1),
            np.stack([zero, 1.0 - t, t], axis=1),
            np.stack([t, zero, 1.0 - t], axis=1),
        ]
        curves = decode_paths(decoder, self.anchors(z, 3), np.concatenate(edges))
        return second_difference_energy(curves, cyclic=True)


def decode_paths(decoder: Decoder, anchors: Any, weights: np.ndarray) -> Any:
    """Decode the paths sum_j weights[s, j] * anchors[:, j] in ONE decoder call.

    ``anchors`` has shape (paths, m, k) and ``weights`` (points, m); the result has shape
    (paths, points, D), each decoded sample flattened to D values.
    """
    points = ops.einsum("sj,pjk->psk", ops.cast(weights, anchors.dtype), anchors)
    decoded = decoder(ops.reshape(points, (-1, anchors.shape[-1])))
    flat = int(np.prod(decoded.shape[1:]))
    return ops.reshape(decoded, (-1, weights.shape[0], flat))


def second_difference_energy(curves: Any, cyclic: bool) -> Any:
    """Mean over curves and points of ||x_{s+1} - 2 x_s + x_{s-1}||^2 for curves (n, S, D).

    Open curves use the S - 2 interior points; cyclic ones all S points, wrapping around.
    """
    if cyclic:
        second = ops.roll(curves, -1, axis=1) - 2.0 * curves + ops.roll(curves, 1, axis=1)
    else:
        second = curves[:, 2:] - 2.0 * curves[:, 1:-1] + curves[:, :-2]
    return ops.mean(ops.sum(ops.square(second), axis=-1))


def _grid(steps: int) -> np.ndarray:
    return np.linspace(0.0, 1.0, steps, dtype="float32")

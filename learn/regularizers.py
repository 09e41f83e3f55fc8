"""Homotopy-inspired regularisers of a decoder, usable by every model of ``learn.autoencoder``.

Each regulariser builds latent paths between points of the current batch, decodes every point
of every path in ONE decoder call, and returns a scalar penalty; the model adds
``weight * term`` to its loss and reports ``term`` under the regulariser's ``name``.

Partners come from the batch itself: point i is paired with points i+1 and i+2 (cyclically).
``fit`` shuffles the data every epoch, so the pairs are random without another generator.
Paths start at the first ``paths`` points of the batch (cyclically, if the batch is smaller),
which fixes the extra decoding per step whatever the batch size: ``paths * steps`` points for the smoothness,
``2 * paths * (steps - 2)`` for path consistency and ``3 * paths * (steps - 1)`` for the loop.

- :class:`InterpolationSmoothness` ("smoothness_loss"): straight segments z_i -> z_{i+1}
  should decode to straight curves; the term is the mean squared second difference
  ||x_{s+1} - 2 x_s + x_{s-1}||^2 over the interior points (zero for an affine decoder).
- :class:`PathConsistency` ("path_consistency_loss"): two latent paths with the same ends,
  the straight segment and a detour through the midpoint pushed ``spread`` of the way towards
  z_{i+2}, are homotopic; their decodings should agree. The term is the mean squared distance
  between the decoded paths at equal parameter t, over the interior points (the ends agree).
- :class:`LoopConsistency` ("loop_consistency_loss"): the triangle z_i -> z_{i+1} -> z_{i+2}
  -> z_i is a closed latent loop; its decoding is a closed curve that should turn little. The
  term is the mean squared cyclic second difference around the loop (wrapping at the start).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
from keras import ops

from learn.base import serializable
from learn.validation import in_interval, non_negative, positive_int

Decoder = Callable[[Any], Any]


class HomotopyRegularizer:
    """Base class: a ``weight`` for the loss, ``steps`` points per latent path (>= 3) and at
    most ``paths`` paths per batch.

    A subclass says which latent points to decode, as fixed mixtures of m batch points
    (:meth:`path_weights`), and which fixed linear map of the decoded points should vanish
    (:meth:`operator`); the term is the mean squared norm of that map's output.
    """

    name: ClassVar[str] = "homotopy_loss"

    def __init__(self, weight: float = 1.0, steps: int = 6, paths: int = 8) -> None:
        kind = type(self).__name__
        self.weight = non_negative(weight, f"{kind}: weight")
        self.steps = positive_int(steps, f"{kind}: steps", minimum=3)  # interior points
        self.paths = positive_int(paths, f"{kind}: paths")

    def path_weights(self) -> np.ndarray:
        """(points, m): point s of path i is sum_j weights[s, j] * z[i + j]."""
        raise NotImplementedError

    def operator(self) -> np.ndarray:
        """(rows, points): the linear map of a decoded path whose output should be zero."""
        raise NotImplementedError

    def term(self, z: Any, decoder: Decoder) -> Any:
        """The scalar penalty for the batch of latent codes ``z`` of shape (batch, k)."""
        decoded = decode_paths(decoder, self.path_points(z))
        operator = np.kron(np.eye(self.paths, dtype="float32"), self.operator())  # per path
        residual = ops.matmul(ops.cast(operator, decoded.dtype), decoded)
        return ops.mean(ops.sum(ops.square(residual), axis=-1))

    def path_points(self, z: Any) -> Any:
        """(paths * points, k): the latent points of every path, path after path.

        Path i mixes batch points i, i+1, ..., i+m-1 (indices modulo the batch size, so a batch
        smaller than ``paths`` repeats its paths) with :meth:`path_weights`.
        """
        weights = self.path_weights()
        points, m = weights.shape
        mixing = np.zeros((self.paths * points, self.paths + m - 1), dtype="float32")
        for i in range(self.paths):
            mixing[i * points : (i + 1) * points, i : i + m] = weights
        cyclic = ops.tile(z, (mixing.shape[1], 1))[: mixing.shape[1]]  # row j is z[j % batch]
        return ops.matmul(ops.cast(mixing, z.dtype), cyclic)

    def get_config(self) -> dict[str, Any]:
        """The constructor arguments, for saving."""
        return {"weight": self.weight, "steps": self.steps, "paths": self.paths}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> HomotopyRegularizer:
        """The regulariser of ``config`` (see :meth:`get_config`)."""
        return cls(**config)

    def __repr__(self) -> str:
        """The class name and constructor arguments."""
        args = ", ".join(f"{key}={value!r}" for key, value in self.get_config().items())
        return f"{type(self).__name__}({args})"


@serializable
class InterpolationSmoothness(HomotopyRegularizer):
    """Decoded straight latent segments between batch points should be straight too."""

    name = "smoothness_loss"

    def path_weights(self) -> np.ndarray:
        """Points of the segment z_i -> z_{i+1}."""
        t = _grid(self.steps)
        return np.stack([1.0 - t, t], axis=1)  # the segment z_i -> z_{i+1}

    def operator(self) -> np.ndarray:
        """Second differences along the segment."""
        return second_difference_matrix(self.steps, cyclic=False)


@serializable
class PathConsistency(HomotopyRegularizer):
    """The straight path and a detour between the same two batch points should decode alike.

    ``spread`` in [0, 1] says how far the detour's midpoint moves towards a third batch point.
    """

    name = "path_consistency_loss"

    def __init__(
        self, weight: float = 1.0, steps: int = 6, paths: int = 8, spread: float = 0.5
    ) -> None:
        super().__init__(weight, steps, paths)
        self.spread = in_interval(spread, "PathConsistency: spread", 0.0, 1.0)

    def path_weights(self) -> np.ndarray:
        """Straight-path points, then detour points, at the interior parameters."""
        t = _grid(self.steps)[1:-1]  # the ends are shared, their gap is zero
        straight = np.stack([1.0 - t, t, 0.0 * t], axis=1)  # weights of a, b, c
        to_a, to_b = np.maximum(0.0, 1.0 - 2.0 * t), np.maximum(0.0, 2.0 * t - 1.0)
        to_mid = 1.0 - to_a - to_b  # the midpoint (a + b) / 2 + spread * (c - (a + b) / 2)
        mid = to_mid * (1.0 - self.spread) / 2.0
        detour = np.stack([to_a + mid, to_b + mid, to_mid * self.spread], axis=1)
        return np.concatenate([straight, detour])

    def operator(self) -> np.ndarray:
        """Straight path minus detour at equal parameter."""
        eye = np.eye(self.steps - 2, dtype="float32")
        return np.concatenate([eye, -eye], axis=1)  # straight(t) - detour(t)

    def get_config(self) -> dict[str, Any]:
        """The base config plus ``spread``."""
        return {**super().get_config(), "spread": self.spread}


@serializable
class LoopConsistency(HomotopyRegularizer):
    """A latent triangle through three batch points should decode to a gently turning loop."""

    name = "loop_consistency_loss"

    def path_weights(self) -> np.ndarray:
        """Points of the three edges of the triangle, each without its end."""
        t = _grid(self.steps)[:-1]  # each edge without its end, which starts the next edge
        zero = 0.0 * t
        edges = [
            np.stack([1.0 - t, t, zero], axis=1),
            np.stack([zero, 1.0 - t, t], axis=1),
            np.stack([t, zero, 1.0 - t], axis=1),
        ]
        return np.concatenate(edges)

    def operator(self) -> np.ndarray:
        """Cyclic second differences around the loop."""
        return second_difference_matrix(3 * (self.steps - 1), cyclic=True)


def decode_paths(decoder: Decoder, points: Any) -> Any:
    """All ``points`` (n, k) through the decoder in ONE call, each decoding flattened: (n, D)."""
    decoded = decoder(points)
    return ops.reshape(decoded, (-1, int(np.prod(decoded.shape[1:]))))


def second_difference_matrix(points: int, cyclic: bool) -> np.ndarray:
    """The matrix taking x_0..x_{S-1} to the second differences x_{s+1} - 2 x_s + x_{s-1}.

    Open curves give the S - 2 interior rows; cyclic ones all S rows, wrapping around.
    """
    rows = range(points) if cyclic else range(1, points - 1)
    matrix = np.zeros((len(rows), points), dtype="float32")
    for row, s in enumerate(rows):
        for offset, value in ((-1, 1.0), (0, -2.0), (1, 1.0)):
            matrix[row, (s + offset) % points] += value
    return matrix


def _grid(steps: int) -> np.ndarray:
    return np.linspace(0.0, 1.0, steps, dtype="float32")

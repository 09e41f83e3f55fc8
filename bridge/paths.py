"""Latent paths and the interpolators that make them.

A :class:`LatentPath` is an array of shape (steps + 1, d): finite floats, at least two points.
Batches of paths are one array (n_paths, steps + 1, d), decoded in one call
(:func:`decode_batch`): never one ``predict`` per path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bridge.validation import as_codes
from hottbridge.errors import BridgeError
from learn.batching import apply_in_batches

Decoder = Callable[[np.ndarray], Any]


class LatentPath:
    """A discrete path in latent space: ``points[0]`` is the start, ``points[-1]`` the end."""

    def __init__(self, points: Any) -> None:
        self.points = as_codes(points, "a latent path", min_rows=2).copy()  # never the caller's
        self.points.setflags(write=False)

    @property
    def start(self) -> np.ndarray:
        """The first point."""
        return self.points[0]

    @property
    def end(self) -> np.ndarray:
        """The last point."""
        return self.points[-1]

    @property
    def steps(self) -> int:
        """The number of steps (points − 1)."""
        return len(self.points) - 1

    @property
    def dim(self) -> int:
        """The latent dimension."""
        return self.points.shape[1]

    @classmethod
    def refl(cls, z: Any, steps: int = 1) -> LatentPath:
        """The constant path at ``z`` with ``steps`` steps."""
        point = as_codes(np.atleast_2d(z), "refl's point")[0]
        if steps < 1:
            raise BridgeError(f"a path has at least one step, got steps={steps}")
        return cls(np.repeat(point[None, :], steps + 1, axis=0))

    def gap(self, other: LatentPath) -> float:
        """Distance from this path's end to the other's start."""
        self._same_dim(other)
        return float(gaps(self.points[None], other.points[None])[0])

    def concat(self, other: LatentPath, tol: float = 1e-6) -> LatentPath:
        """``self · other``, defined when self's end meets other's start within ``tol``."""
        self._same_dim(other)
        composite, gap = concat_batch(self.points[None], other.points[None], tol)
        if gap[0] > tol:
            raise BridgeError(f"endpoint mismatch: the first path ends {gap[0]:.6g} away from "
                              f"where the second starts (tolerance {tol:.6g})")
        return LatentPath(composite[0])

    def inverse(self) -> LatentPath:
        """The same points in reverse order."""
        return LatentPath(self.points[::-1])

    def resample(self, n: int) -> LatentPath:
        """``n`` + 1 points equally spaced in arc length along the polyline."""
        if n < 1:
            raise BridgeError(f"resample needs at least one step, got {n}")
        cumulative = np.concatenate([[0.0], np.cumsum(self.step_lengths())])
        if cumulative[-1] == 0:
            return LatentPath.refl(self.start, n)
        targets = np.linspace(0.0, cumulative[-1], n + 1)
        points = np.stack(
            [np.interp(targets, cumulative, self.points[:, j]) for j in range(self.dim)], axis=1)
        points[0], points[-1] = self.start, self.end  # exact ends, not ends up to rounding
        return LatentPath(points)

    def step_lengths(self) -> np.ndarray:
        """The Euclidean length of each step."""
        return np.linalg.norm(np.diff(self.points, axis=0), axis=1)

    def length(self) -> float:
        """The total length of the polyline."""
        return float(self.step_lengths().sum())

    def decoded_length(self, decoder: Decoder) -> float:
        """Length of the decoded curve (decoded in one call, flattened per point)."""
        decoded = decode_batch(decoder, self.points[None])[0]
        return float(np.linalg.norm(np.diff(decoded, axis=0), axis=1).sum())

    def _same_dim(self, other: LatentPath) -> None:
        if not isinstance(other, LatentPath):
            raise BridgeError(f"expected a LatentPath, got {type(other).__name__}")
        if other.dim != self.dim:
            raise BridgeError(f"latent dimensions differ: {self.dim} and {other.dim}")

    def __len__(self) -> int:
        return len(self.points)

    def __repr__(self) -> str:
        return f"LatentPath(steps={self.steps}, dim={self.dim}, length={self.length():.4g})"


@dataclass(frozen=True)
class DataPath:
    """A latent path from the code of data point ``start_index`` to that of ``end_index``, and
    the name of the interpolator that made it: one drawn case of a path law."""

    path: LatentPath
    start_index: int
    end_index: int
    interpolator: str

    def __repr__(self) -> str:
        return (f"DataPath({self.interpolator}: data[{self.start_index}] -> "
                f"data[{self.end_index}], {self.path.steps} steps)")


def stack(paths: Sequence[LatentPath]) -> np.ndarray:
    """Paths with the same number of points and dimension as one (n, steps + 1, d) array."""
    if not paths:
        raise BridgeError("no paths to stack")
    points = [p.points for p in paths]
    shapes = {a.shape for a in points}
    if len(shapes) != 1:
        raise BridgeError(f"paths to batch must share (steps + 1, d); got shapes {sorted(shapes)}")
    return np.concatenate(points).reshape(len(points), *points[0].shape)  # np.stack, sooner


def gaps(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The distance from each path's end to the next one's start, for (n, m, d) batches (the
    root of the sum of squares, row by row: the same number for a pair alone or in a batch)."""
    return np.sqrt(np.sum(np.square(first[:, -1] - second[:, 0]), axis=1))


def concat_batch(first: np.ndarray, second: np.ndarray, tol: float
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of (n, m1, d) and (n, m2, d) batches of paths joined: the (n, m1 + m2 − 1, d)
    composites (each first path, then its second without its start) and the gaps; a composite
    is defined only where its gap is within ``tol``."""
    return np.concatenate([first, second[:, 1:]], axis=1), gaps(first, second)


def decode_batch(decoder: Decoder, batch: np.ndarray, batch_size: int = 4096) -> np.ndarray:
    """Decode an (n, steps + 1, d) batch of paths in as few calls as memory allows; returns
    (n, steps + 1, D) with the decoded samples flattened to D features."""
    batch = as_codes(batch, "a batch of latent paths", rank=3)
    n, m, d = batch.shape
    flat = batch.reshape(n * m, d).astype(np.float32)
    return apply_in_batches(decoder, flat, batch_size).reshape(n, m, -1).astype(np.float64)


# ------------------------------------------------------------------ interpolators
def endpoints(a: Any, b: Any, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Two latent codes of the same dimension, checked, and a positive step count."""
    if not isinstance(steps, int) or isinstance(steps, bool) or steps < 1:
        raise BridgeError(f"steps must be a positive integer, got {steps!r}")
    start = as_codes(np.atleast_2d(a), "the start code")[0]
    end = as_codes(np.atleast_2d(b), "the end code", dim=start.shape[0])[0]
    return start, end


def linear(a: Any, b: Any, steps: int = 32) -> LatentPath:
    """The straight segment from a to b."""
    start, end = endpoints(a, b, steps)
    t = np.linspace(0.0, 1.0, steps + 1)[:, None]
    return LatentPath((1 - t) * start + t * end)


def slerp(a: Any, b: Any, steps: int = 32) -> LatentPath:
    """Spherical interpolation (angle and norm interpolated), the usual choice for Gaussian
    latents; equal to :func:`linear` for parallel endpoints."""
    start, end = endpoints(a, b, steps)
    na, nb = np.linalg.norm(start), np.linalg.norm(end)
    if na == 0 or nb == 0:
        return linear(start, end, steps)
    cos = float(np.clip(start @ end / (na * nb), -1.0, 1.0))
    omega = np.arccos(cos)
    t = np.linspace(0.0, 1.0, steps + 1)[:, None]
    if omega < 1e-8:
        return linear(start, end, steps)
    if np.pi - omega < 1e-8:
        raise BridgeError("slerp is undefined between antipodal codes: the great circle is "
                          "not unique; use linear or data_geodesic")
    directions = (np.sin((1 - t) * omega) * start / na
                  + np.sin(t * omega) * end / nb) / np.sin(omega)
    norms = (1 - t) * na + t * nb
    points = directions * norms
    points[0], points[-1] = start, end  # exact ends, not ends up to rounding
    return LatentPath(points)

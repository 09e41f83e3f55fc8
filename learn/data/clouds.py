"""Point clouds of known topology, embedded isometrically into R^dim.

Each generator samples ``n`` points of a space (circle, torus, sphere, wedge of two circles,
two disjoint circles, filled disk) in its natural coordinates R^k, maps them into R^dim by a
random linear map with orthonormal columns, and adds isotropic Gaussian noise of standard
deviation ``noise`` in R^dim. The seed fixes all three draws; they are independent streams, so
the same seed gives the same embedding whatever ``n``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from hottbridge.errors import LearnError
from learn.data._truth import GroundTruth
from learn.validation import non_negative, positive_int

TAU = 2.0 * np.pi

#: ``sample(rng, n) -> (clean points (n, k), parameters (n, p))``
Sampler = Callable[[np.random.Generator, int], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class CloudData(GroundTruth):
    """Sampled points with the parameters that generated them.

    ``points = clean @ embedding.T + noise``, where ``clean`` are the points in the space's
    natural coordinates R^k and ``embedding`` is a (dim, k) matrix with orthonormal columns.
    """

    name: str
    points: np.ndarray
    embedding: np.ndarray


def _orthonormal(rng: np.random.Generator, dim: int, k: int) -> np.ndarray:
    """A random (dim, k) matrix with orthonormal columns (Haar distributed)."""
    q, r = np.linalg.qr(rng.standard_normal((dim, k)))
    return q * np.sign(np.diag(r))


def _cloud(
    name: str,
    sample: Sampler,
    param_names: tuple[str, ...],
    betti: tuple[int, ...],
    n: int,
    dim: int | None,
    noise: float,
    seed: int,
) -> CloudData:
    """Draw ``n`` samples with ``sample`` and embed them in R^dim with noise."""
    n = positive_int(n, "n")
    noise = non_negative(noise, "noise")
    seed = positive_int(seed, "seed", minimum=0)
    param_rng, embed_rng, noise_rng = np.random.default_rng(seed).spawn(3)
    clean, params = sample(param_rng, n)
    k = clean.shape[1]
    dim = positive_int(k if dim is None else dim, f"dim of {name}_cloud", minimum=k)
    embedding = _orthonormal(embed_rng, dim, k)
    points = clean @ embedding.T + noise * noise_rng.standard_normal((n, dim))
    return CloudData(
        params=params,
        param_names=param_names,
        betti=betti,
        name=name,
        points=points,
        embedding=embedding,
    )


def _unit_circle(angle: np.ndarray) -> np.ndarray:
    return np.stack([np.cos(angle), np.sin(angle)], axis=1)


def _two_circles(rng: np.random.Generator, n: int, centers: np.ndarray, mirror: bool):
    """Points on unit circles around ``centers[0]`` and ``centers[1]``; ``which`` picks one.

    With ``mirror`` the second circle runs with x reflected, so that angle 0 of both circles is
    the point between them when they touch.
    """
    which = rng.integers(0, 2, n)
    angle = rng.uniform(0.0, TAU, n)
    offsets = _unit_circle(angle)
    if mirror:
        offsets[which == 1, 0] *= -1.0
    return centers[which] + offsets, np.stack([which, angle], axis=1).astype(float)


def circle_cloud(n: int, dim: int | None = None, noise: float = 0.0, seed: int = 0) -> CloudData:
    """``n`` points on the unit circle S1 (Betti 1, 1); parameter ``angle`` in [0, 2π)."""

    def sample(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
        angle = rng.uniform(0.0, TAU, n)
        return _unit_circle(angle), angle[:, None]

    return _cloud("circle", sample, ("angle",), (1, 1), n, dim, noise, seed)


def torus_cloud(
    n: int,
    dim: int | None = None,
    noise: float = 0.0,
    seed: int = 0,
    major: float = 2.0,
    minor: float = 1.0,
) -> CloudData:
    """``n`` points on a torus of tube radius ``minor`` around a circle of radius ``major``.

    Betti numbers (1, 2, 1). Parameters ``angle1`` (around the axis) and ``angle2`` (around the
    tube), uniform in [0, 2π): uniform in the angles, not in area.
    """
    if not 0 < minor < major:
        raise LearnError(f"torus_cloud needs 0 < minor < major, got minor={minor}, major={major}")

    def sample(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
        angles = rng.uniform(0.0, TAU, (n, 2))
        ring = major + minor * np.cos(angles[:, 1])
        tube = minor * np.sin(angles[:, 1])
        return np.stack([ring * np.cos(angles[:, 0]), ring * np.sin(angles[:, 0]), tube], 1), angles

    return _cloud("torus", sample, ("angle1", "angle2"), (1, 2, 1), n, dim, noise, seed)


def sphere_cloud(n: int, dim: int | None = None, noise: float = 0.0, seed: int = 0) -> CloudData:
    """``n`` points uniform on the unit sphere S2 in R^3 (Betti 1, 0, 1).

    Parameters ``polar`` in [0, π] (from the north pole) and ``azimuth`` in (-π, π].
    """

    def sample(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
        clean = rng.standard_normal((n, 3))
        clean /= np.linalg.norm(clean, axis=1, keepdims=True)
        polar = np.arccos(np.clip(clean[:, 2], -1.0, 1.0))
        azimuth = np.arctan2(clean[:, 1], clean[:, 0])
        return clean, np.stack([polar, azimuth], axis=1)

    return _cloud("sphere", sample, ("polar", "azimuth"), (1, 0, 1), n, dim, noise, seed)


def wedge_cloud(n: int, dim: int | None = None, noise: float = 0.0, seed: int = 0) -> CloudData:
    """``n`` points on a figure eight: two unit circles touching at the origin (Betti 1, 2).

    Parameters ``loop`` (0 = left circle, 1 = right circle) and ``angle`` in [0, 2π), with
    angle 0 the shared point (the origin) on both loops.
    """

    def sample(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
        return _two_circles(rng, n, np.array([[-1.0, 0.0], [1.0, 0.0]]), mirror=True)

    return _cloud("wedge", sample, ("loop", "angle"), (1, 2), n, dim, noise, seed)


def two_circles_cloud(
    n: int, dim: int | None = None, noise: float = 0.0, seed: int = 0
) -> CloudData:
    """``n`` points on two disjoint unit circles, centres 3 apart (Betti 2, 2).

    Parameters ``circle`` (0 or 1) and ``angle`` in [0, 2π).
    """

    def sample(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
        return _two_circles(rng, n, np.array([[-1.5, 0.0], [1.5, 0.0]]), mirror=False)

    return _cloud("two_circles", sample, ("circle", "angle"), (2, 2), n, dim, noise, seed)


def disk_cloud(n: int, dim: int | None = None, noise: float = 0.0, seed: int = 0) -> CloudData:
    """``n`` points uniform (in area) on the filled unit disk (Betti 1, 0).

    Parameters ``radius`` in [0, 1] and ``angle`` in [0, 2π).
    """

    def sample(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
        radius = np.sqrt(rng.uniform(0.0, 1.0, n))
        angle = rng.uniform(0.0, TAU, n)
        return radius[:, None] * _unit_circle(angle), np.stack([radius, angle], axis=1)

    return _cloud("disk", sample, ("radius", "angle"), (1, 0), n, dim, noise, seed)

"""Circular coordinates: maps from the data to the circle, one per free class of H1.

The method is that of de Silva, Morozov and Vejdemo-Johansson, "Persistent cohomology and
circular coordinates" (Discrete Comput. Geom. 45, 2011): take an integer cocycle α on the
landmarks' Rips complex at a scale where the class persists, find its harmonic representative
θ = α − δf by least squares (``scipy.sparse.linalg.lsqr``), read −f mod 1 on the landmarks,
and extend to every sample through a partition of unity over the landmarks within the scale.

Where the cocycle comes from: gudhi's Python API exposes persistence pairs but no cocycles, so
the integer cocycles here are the duals of the free part of H1 of the data complex at its
chosen scale — a scale :class:`~bridge.complex.DataComplex` picks inside the regime where
exactly the persistent classes are alive. They are read off the complex's presentation of π1
(each edge's class in the abelianization), so they are integer from the start and no lift from
Z/p is needed; and they are the same basis the discovered loops are measured in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bridge.complex import DataComplex
from hott import simplex_name
from hottbridge.errors import BridgeError


@dataclass(frozen=True)
class Cocycles:
    """Integer 1-cocycles on the complex's edges: ``values[i, j]`` is the j-th cocycle on the
    edge ``edges[i]`` (landmark a to landmark b, a < b)."""

    edges: np.ndarray  # (m, 2) landmark indices
    values: np.ndarray  # (m, r) integers

    @property
    def rank(self) -> int:
        """The number of cocycles."""
        return int(self.values.shape[1])


def free_cocycles(complex_: DataComplex, component: frozenset[str] | None = None) -> Cocycles:
    """The integer cocycles dual to the free part of H1 of one component of the data complex
    (default: the first landmark's): an edge's value is its class in the abelianization of
    π1, free coordinates only. Edges of other components get 0."""
    complex_._fitted()
    hit = complex_.hit_
    base = None if component is None else min(component, key=hit.points.index)
    presentation = hit.presentation(base)
    edges = np.array(sorted((min(a, b), max(a, b)) for a, b in complex_.graph_.edges()),
                     dtype=np.int64).reshape(-1, 2)
    rank = presentation.abelianization().rank
    values = np.zeros((len(edges), rank), dtype=np.int64)
    for i, (a, b) in enumerate(edges):
        name = simplex_name((int(a), int(b)))
        if name in presentation.tree_edges or hit.paths[name][0] not in presentation.points:
            continue
        word = presentation.rewrite(presentation.generator_loop(name))
        values[i] = presentation.free_coordinates(word)
    return Cocycles(edges, values)


@dataclass(frozen=True)
class CircularCoordinates:
    """Circle-valued coordinates (in turns, [0, 1)) of every sample, one column per cocycle,
    the harmonic cocycles θ on the edges, and each column's harmonic residual (how far the
    least-squares solve left θ from harmonic: near 0 when it converged)."""

    values: np.ndarray  # (n, r) in [0, 1)
    landmark_values: np.ndarray  # (L, r)
    harmonic: np.ndarray  # (m, r) θ on the cocycles' edges
    residuals: tuple[float, ...]

    def winding(self, samples: list[int] | np.ndarray) -> np.ndarray:
        """How many turns each coordinate makes along a closed sequence of samples (the sum
        of the steps, each wrapped into [−½, ½))."""
        values = self.values[np.asarray(samples, dtype=np.int64)]
        return np.round(wrapped_steps(values).sum(axis=0), 6)


def wrapped_steps(values: np.ndarray) -> np.ndarray:
    """Consecutive differences of circle values (turns), each wrapped into [−½, ½)."""
    steps = np.diff(values, axis=0)
    return (steps + 0.5) % 1.0 - 0.5


def circular_coordinates(complex_: DataComplex, cocycles: Cocycles,
                         codes: np.ndarray | None = None) -> CircularCoordinates:
    """The harmonic circular coordinates of ``cocycles`` on the landmarks, extended to
    ``codes`` (default: the codes the complex was fitted on) by a partition of unity.

    A sample x with nearest landmark j gets c(j) + Σ_k φ_k(x) θ(j→k), the sum over j and the
    landmarks k adjacent to j within the scale of x, with weights φ_k ∝ scale − |x − l_k|
    (de Silva, Morozov, Vejdemo-Johansson 2011). A sample farther than the scale from every
    landmark keeps its nearest landmark's value.
    """
    from scipy.sparse import coo_matrix, csr_matrix
    from scipy.sparse.linalg import lsqr

    complex_._fitted()
    n_landmarks = len(complex_.landmarks_)
    m = len(cocycles.edges)
    codes = complex_.codes_ if codes is None else codes
    rows = np.repeat(np.arange(m), 2)
    columns = cocycles.edges.ravel()
    signs = np.tile([-1.0, 1.0], m)
    coboundary = coo_matrix((signs, (rows, columns)), shape=(m, n_landmarks)).tocsr()
    landmark_values = np.zeros((n_landmarks, cocycles.rank))
    harmonic = np.zeros((m, cocycles.rank))
    residuals = []
    for j in range(cocycles.rank):
        alpha = cocycles.values[:, j].astype(np.float64)
        f = lsqr(coboundary, alpha, atol=1e-10, btol=1e-10)[0]
        harmonic[:, j] = alpha - coboundary @ f
        landmark_values[:, j] = np.mod(-f, 1.0)
        residuals.append(float(np.linalg.norm(coboundary.T @ harmonic[:, j])))
    if not len(codes):
        raise BridgeError("circular coordinates need at least one sample")
    # θ(a→b) for both orientations, as a sparse landmark × landmark matrix per cocycle
    both = np.r_[cocycles.edges, cocycles.edges[:, ::-1]]
    values = np.zeros((len(codes), cocycles.rank))
    _, nearest = complex_.nearest(codes)
    neighbours, distances = _within(complex_, codes)
    owner = np.repeat(np.arange(len(codes)), [len(k) for k in neighbours])
    flat_k = np.concatenate(neighbours).astype(np.int64) if len(owner) else np.zeros(0, np.int64)
    weight = complex_.scale_ - (np.concatenate(distances) if len(owner) else np.zeros(0))
    for j in range(cocycles.rank):
        theta = csr_matrix((np.r_[harmonic[:, j], -harmonic[:, j]], (both[:, 0], both[:, 1])),
                           shape=(n_landmarks, n_landmarks))
        adjacent = csr_matrix((np.ones(len(both)), (both[:, 0], both[:, 1])),
                              shape=(n_landmarks, n_landmarks))
        from_j = nearest[owner]
        usable = (np.asarray(adjacent[from_j, flat_k]).ravel() > 0) | (from_j == flat_k)
        step = np.asarray(theta[from_j, flat_k]).ravel() * usable
        w = weight * usable
        total = np.bincount(owner, weights=w, minlength=len(codes))
        shift = np.bincount(owner, weights=w * step, minlength=len(codes))
        shift = np.divide(shift, total, out=np.zeros_like(shift), where=total > 0)
        values[:, j] = np.mod(landmark_values[nearest, j] + shift, 1.0)
    return CircularCoordinates(values, landmark_values, harmonic, tuple(residuals))


def _within(complex_: DataComplex, codes: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """For each code, the landmarks within the complex's scale and their distances."""
    from sklearn.neighbors import NearestNeighbors

    index = NearestNeighbors().fit(complex_.landmarks_)
    distances, neighbours = index.radius_neighbors(codes, radius=complex_.scale_)
    return list(neighbours), list(distances)


def circular_agreement(turns: np.ndarray, angles: np.ndarray) -> float:
    """How well a circle-valued coordinate (turns) follows a true angle (radians) up to
    rotation and reflection: the larger over s = ±1 of |mean exp(i(2π·turns − s·angle))|,
    1 for a coordinate that is the angle rotated or reflected, near 0 for an unrelated one."""
    turns, angles = np.asarray(turns, dtype=float), np.asarray(angles, dtype=float)
    if turns.shape != angles.shape or turns.ndim != 1 or not len(turns):
        raise BridgeError(f"circular_agreement needs two equal 1-D arrays, got shapes "
                          f"{turns.shape} and {angles.shape}")
    phase = 2 * np.pi * turns
    return float(max(abs(np.mean(np.exp(1j * (phase - s * angles)))) for s in (1, -1)))

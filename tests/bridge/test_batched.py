"""The batched laws agree exactly with simple per-path implementations kept here (not in the
library): random batches (hypothesis) of paths that stay near the data, leave the region, take
a single step, or start and end at the same code. The codec is exact and elementwise, so a
row's output never depends on the rows decoded beside it."""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bridge.complex import DataComplex
from bridge.laws import FAILED, HELD, PathLaws, _rms, allowed_exceedances
from bridge.model import Codec
from bridge.paths import LatentPath
from hottbridge.errors import BridgeError


def norm(vector: np.ndarray) -> float:
    """The Euclidean length as a sum of squares (``numpy.linalg.norm`` of one vector is a dot
    product, which may round differently)."""
    return float(np.sqrt(np.sum(np.square(vector))))


def _decode(z: np.ndarray) -> np.ndarray:
    return np.concatenate([z, np.sin(3 * z)], axis=1)


@pytest.fixture(scope="module")
def laws() -> PathLaws:
    angle = np.linspace(0, 2 * np.pi, 120, endpoint=False)
    codes = np.stack([np.cos(angle), np.sin(angle)], axis=1).astype(np.float32)
    codec = Codec.from_functions(lambda x: x[:, :2], _decode, sample_shape=(4,), latent_dim=2)
    complex_ = DataComplex(n_landmarks=40, seed=0).fit(codes.astype(np.float64))
    return PathLaws(codec, _decode(codes), complex_)


@st.composite
def batches(draw) -> np.ndarray:
    """(n, m, 2) paths: points near the circle, far from it (outside the region), with a step
    count of one allowed, and some paths closed (the last point is the first)."""
    n = draw(st.integers(1, 5))
    m = draw(st.integers(2, 6))
    angles = np.array(draw(st.lists(st.floats(0, 2 * np.pi), min_size=n * m, max_size=n * m)))
    radii = np.array(draw(st.lists(st.sampled_from([1.0, 0.97, 1.05, 0.0, 1.6, 3.0]),
                                   min_size=n * m, max_size=n * m)))
    batch = (radii * np.stack([np.cos(angles), np.sin(angles)])).T.reshape(n, m, 2)
    closed = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    batch[np.array(closed), -1] = batch[np.array(closed), 0]
    return batch


# ------------------------------------------------------------------ per-path references
def densified(complex_: DataComplex, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One path's points with n equal pieces on each step of length > half the scale (the
    path's own points kept exactly), and each point's position in steps."""
    dense, positions = [points[:1]], [np.zeros(1)]
    for i in range(len(points) - 1):
        a, b = points[i], points[i + 1]
        n = max(1, int(np.ceil(norm(b - a) / (0.5 * complex_.scale_))))
        for k in range(1, n + 1):
            t = k / n
            dense.append((b if t == 1 else a + t * (b - a))[None])
            positions.append(np.array([i + t]))
    return np.concatenate(dense), np.concatenate(positions)


def region_of(complex_: DataComplex, points: np.ndarray) -> tuple[list[tuple[int, float]], float]:
    """(step, worst distance) where the path is farther than the scale, and its worst distance
    over its points and its departing points."""
    dense, positions = densified(complex_, points)
    distance = np.array([complex_.nearest(p[None])[0][0] for p in dense])
    worst: dict[int, float] = {}
    for position, d in zip(positions, distance, strict=True):
        if d > complex_.scale_:
            worst[int(position)] = max(worst.get(int(position), 0.0), float(d))
    on_path = positions == np.floor(positions)
    top = max([float(distance[on_path].max()), *worst.values()])
    return sorted(worst.items()), top


def continuity_of(laws: PathLaws, points: np.ndarray) -> tuple[float, int]:
    decoded = laws.codec.decode(points)
    latent = np.array([norm(b - a) for a, b in pairwise(points)])
    image = np.array([norm(b - a) for a, b in pairwise(decoded)])
    ratio = np.array([i / l if l > 0 else 0.0 for i, l in zip(image, latent, strict=True)])
    moving = ratio[latent > 0]
    middle = np.sort(moving)[[(len(moving) - 1) // 2, len(moving) // 2]] if len(moving) else []
    median = float((middle[0] + middle[1]) / 2) if len(moving) else math.nan
    median = median if math.isfinite(median) and median > 0 else 1.0
    return float(ratio.max() / median), int(ratio.argmax())


# ------------------------------------------------------------------ agreement
@settings(max_examples=40, deadline=None)
@given(batches())
def test_region_batched_equals_per_path(laws, batch) -> None:
    result = laws.region([LatentPath(p) for p in batch])
    worst = -math.inf
    for case, points in zip(result.cases, batch, strict=True):
        bad, top = region_of(laws.complex, points)
        worst = max(worst, top)
        assert case.outcome == (FAILED if bad else HELD)
        if bad:
            _, distance = max(bad, key=lambda item: item[1])
            assert case.value == distance and case.reason.startswith(
                f"leaves the data region at step {bad[0][0]} ")
    assert result.value == worst
    assert laws.complex.departures(batch) == [region_of(laws.complex, p)[0] for p in batch]


@settings(max_examples=40, deadline=None)
@given(batches())
def test_projection_reports_what_the_region_check_reports(laws, batch) -> None:
    for points in batch:
        projection = laws.complex.project(LatentPath(points))
        bad, _ = region_of(laws.complex, points)
        merged: dict[int, float] = {}
        for step, distance in projection.departures + projection.jumps:
            merged[step] = max(merged.get(step, 0.0), distance)
        assert sorted(merged.items()) == bad


@settings(max_examples=40, deadline=None)
@given(batches())
def test_continuity_batched_equals_per_path(laws, batch) -> None:
    result = laws.continuity([LatentPath(p) for p in batch])
    for case, points in zip(result.cases, batch, strict=True):
        value, step = continuity_of(laws, points)
        assert case.value == value
        assert case.outcome == (FAILED if value > laws.jump_factor else HELD)
        if case.outcome == FAILED:
            assert case.reason.startswith(f"jumps at step {step} ")


@settings(max_examples=40, deadline=None)
@given(batches())
def test_cycle_consistency_batched_equals_per_path(laws, batch) -> None:
    result = laws.cycle_consistency([LatentPath(p) for p in batch])
    allowed = allowed_exceedances(batch.shape[1] - 1 + 1, laws.exceedance, laws.alpha / len(batch))
    for case, points in zip(result.cases, batch, strict=True):
        again = laws.codec.encode(laws.codec.decode(points).reshape(-1, 4))
        errors = np.array([norm(e - p) for e, p in zip(again, points, strict=True)])
        over = int((errors > laws.cycle_tolerance).sum())
        assert case.value == over
        assert case.outcome == (FAILED if over > allowed else HELD)


@settings(max_examples=40, deadline=None)
@given(batches(), st.integers(0, 10**6))
def test_endpoints_batched_equals_per_path(laws, batch, seed) -> None:
    rng = np.random.default_rng(seed)
    starts = laws.samples[rng.integers(len(laws.samples), size=len(batch))]
    ends = laws.samples[rng.integers(len(laws.samples), size=len(batch))]
    result = laws.endpoints([LatentPath(p) for p in batch], starts, ends)
    for case, points, a, b in zip(result.cases, batch, starts, ends, strict=True):
        decoded = laws.codec.decode(np.stack([points[0], points[-1]]))
        own = laws.codec.decode(laws.codec.encode(np.stack([a, b])))
        excess = max(_rms(decoded[0] - a) - _rms(own[0] - a), _rms(decoded[1] - b) - _rms(own[1] - b))
        assert case.value == excess
        assert case.outcome == (HELD if excess <= laws.rounding else FAILED)


@settings(max_examples=40, deadline=None)
@given(batches())
def test_composition_batched_equals_per_pair(laws, batch) -> None:
    paths = [LatentPath(p) for p in batch]
    result = laws.composition(list(pairwise(paths)))
    for case, (first, second) in zip(result.cases, pairwise(paths), strict=True):
        gap = norm(first.end - second.start)
        try:
            first.concat(second, tol=laws.latent_tolerance)
            defined = True
        except BridgeError:
            defined = False
        assert defined == (gap <= laws.latent_tolerance)
        assert case.outcome == HELD and case.value == gap


@settings(max_examples=20, deadline=None)
@given(batches())
def test_decided_laws_reuse_projections_without_changing_them(laws, batch) -> None:
    paths = [LatentPath(p) for p in batch]
    first = laws.units(paths).to_dict()
    laws.forget()
    assert laws.units(paths).to_dict() == first


def test_composition_of_pairs_of_different_lengths(laws) -> None:
    near = LatentPath([[1.0, 0.0], [0.0, 1.0]])
    pairs = [(near, LatentPath([[0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])),
             (near, LatentPath([[0.5, 1.0], [-1.0, 0.0]]))]
    result = laws.composition(pairs)
    assert [case.outcome for case in result.cases] == [HELD, HELD]
    assert [case.value for case in result.cases] == [0.0, 0.5]
    assert result.value == 0.5 and result.passed


@settings(max_examples=20, deadline=None)
@given(batches())
def test_a_law_on_windows_equals_the_law_on_listed_cases(laws, batch) -> None:
    """A chain's windows (runs made when read, columns taken from the chain) and the same runs
    as a list of tuples give the same result, law by law; the stacked chain a law remembers
    is never another chain's (a second chain of equal shape is checked afresh)."""
    from bridge.laws import PATH_LAWS
    from bridge.paths import DataPath

    batch = batch.copy()
    batch[1:, 0] = batch[:-1, -1]  # composable: each path starts where the previous one ends
    for points in (batch, batch * 0.5):
        chain = [DataPath(LatentPath(p), 0, 0, "drawn") for p in points]
        for law in PATH_LAWS.values():
            windows = law.windows(chain)
            listed = [tuple(chain[i:i + law.arity]) for i in range(len(chain) - law.arity + 1)]
            if not listed:
                continue
            reused = law.check(laws, windows).to_dict()
            laws.forget()
            assert reused == law.check(laws, listed).to_dict()


@given(st.integers(1, 9), st.integers(2, 5), st.integers(1, 4), st.integers(0, 10**6))
def test_step_lengths_of_float32_curves_are_numpys_norms_in_float64(n, m, block, seed) -> None:
    from bridge.laws import _step_lengths

    curves = np.random.default_rng(seed).normal(size=(n, m, 7)).astype(np.float32) * 1e3
    expected = np.linalg.norm(np.diff(curves.astype(np.float64), axis=1), axis=2)
    assert np.array_equal(_step_lengths(curves, block), expected)

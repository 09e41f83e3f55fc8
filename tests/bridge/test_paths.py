"""LatentPath and the interpolators: invariants, the groupoid operations on discrete paths,
arc-length resampling, exact endpoints, batching and decoding shapes, and every error path."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bridge.paths import LatentPath, decode_batch, endpoints, linear, slerp, stack
from hottbridge.errors import BridgeError

PROPERTY = settings(max_examples=60, deadline=None)

#: coordinates on a 1e-3 grid in [-10, 10]: no subnormal or 1e-300-sized values, whose squared
#: differences underflow and make a path of distinct points "length 0"
coordinates = st.integers(-10_000, 10_000).map(lambda i: i / 1000)


@st.composite
def point_arrays(draw, min_points: int = 2, max_points: int = 12) -> np.ndarray:
    dim = draw(st.integers(1, 5))
    rows = draw(st.integers(min_points, max_points))
    return draw(hnp.arrays(np.float64, (rows, dim), elements=coordinates))


@st.composite
def code_pairs(draw, min_norm: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    dim = draw(st.integers(1, 6))
    a = draw(hnp.arrays(np.float64, dim, elements=coordinates))
    b = draw(hnp.arrays(np.float64, dim, elements=coordinates))
    return a, b


@st.composite
def equal_step_paths(draw) -> LatentPath:
    """A polyline whose steps all have the same length h (directions drawn at random)."""
    dim = draw(st.integers(1, 4))
    steps = draw(st.integers(1, 8))
    raw = draw(hnp.arrays(np.float64, (steps, dim), elements=coordinates))
    norms = np.linalg.norm(raw, axis=1, keepdims=True)
    assume(np.all(norms > 1e-2))  # every direction well defined
    h = draw(st.floats(0.01, 2.0))
    start = draw(hnp.arrays(np.float64, dim, elements=coordinates))
    return LatentPath(np.vstack([start, start + np.cumsum(h * raw / norms, axis=0)]))


# --------------------------------------------------------------------------- invariants
@given(point_arrays())
@settings(PROPERTY)
def test_a_path_is_a_finite_read_only_array_of_at_least_two_points(points) -> None:
    path = LatentPath(points)
    assert path.points.shape == points.shape and path.points.dtype == np.float64
    assert np.isfinite(path.points).all() and not path.points.flags.writeable
    assert path.steps == len(points) - 1 == len(path) - 1 and path.dim == points.shape[1]
    assert np.array_equal(path.start, points[0]) and np.array_equal(path.end, points[-1])
    # the path owns its points: the caller's array is neither frozen nor shared
    assert points.flags.writeable
    points[0] += 1.0
    assert not np.array_equal(path.start, points[0])


def test_length_and_step_lengths_against_hand_computed_values() -> None:
    path = LatentPath([[0.0, 0.0], [3.0, 4.0], [3.0, 5.0], [3.0, 5.0]])
    np.testing.assert_allclose(path.step_lengths(), [5.0, 1.0, 0.0])
    assert path.length() == pytest.approx(6.0)
    assert "steps=3" in repr(path) and "dim=2" in repr(path)


@pytest.mark.parametrize(
    ("points", "match"),
    [
        ([[1.0, 2.0]], "at least 2 row"),
        ([1.0, 2.0, 3.0], "rank 2"),
        (np.zeros((3, 0)), "non-zero width"),
        ([[0.0, 1.0], [np.nan, 0.0]], r"non-finite.*\(1, 0\)"),
        ([[0.0, 1.0], [0.0, np.inf]], r"non-finite.*\(1, 1\)"),
        ([["a", "b"], ["c", "d"]], "numeric"),
    ],
    ids=["one point", "rank 1", "zero width", "nan", "inf", "strings"],
)
def test_bad_points_raise_bridge_error(points, match) -> None:
    with pytest.raises(BridgeError, match=match):
        LatentPath(points)


# ------------------------------------------------------------------------- refl, concat
@given(hnp.arrays(np.float64, st.integers(1, 5), elements=coordinates), st.integers(1, 9))
@settings(PROPERTY)
def test_refl_is_constant_with_zero_length(z, steps) -> None:
    path = LatentPath.refl(z, steps)
    assert path.steps == steps and path.length() == 0.0
    assert np.all(path.points == z)


def test_refl_rejects_zero_steps_and_non_finite_points() -> None:
    with pytest.raises(BridgeError, match="at least one step"):
        LatentPath.refl([0.0, 1.0], steps=0)
    with pytest.raises(BridgeError, match="non-finite"):
        LatentPath.refl([np.nan, 1.0])


@given(point_arrays(), point_arrays())
@settings(PROPERTY)
def test_concat_of_meeting_paths_adds_steps_and_lengths(first, second) -> None:
    if first.shape[1] != second.shape[1]:
        second = np.resize(second, (len(second), first.shape[1]))
    second = second - second[0] + first[-1]  # make the second start where the first ends
    p, q = LatentPath(first), LatentPath(second)
    joined = p.concat(q)
    assert joined.steps == p.steps + q.steps
    assert np.array_equal(joined.start, p.start) and np.array_equal(joined.end, q.end)
    assert joined.length() == pytest.approx(p.length() + q.length(), rel=1e-9, abs=1e-9)


def test_concat_raises_with_the_measured_gap() -> None:
    p = linear([0.0, 0.0], [1.0, 0.0], 4)
    q = linear([1.0, 0.5], [2.0, 0.5], 4)
    assert p.gap(q) == pytest.approx(0.5)
    with pytest.raises(BridgeError, match=r"ends 0\.5 away.*tolerance 1e-06"):
        p.concat(q)
    assert p.concat(q, tol=0.6).steps == 8  # within a looser tolerance it is defined


def test_concat_rejects_other_dimensions_and_non_paths() -> None:
    p = linear([0.0, 0.0], [1.0, 0.0], 2)
    with pytest.raises(BridgeError, match="latent dimensions differ: 2 and 3"):
        p.concat(linear([1.0, 0.0, 0.0], [2.0, 0.0, 0.0], 2))
    with pytest.raises(BridgeError, match="expected a LatentPath"):
        p.concat(np.zeros((3, 2)))


# ------------------------------------------------------------------------------ inverse
@given(point_arrays())
@settings(PROPERTY)
def test_inverse_is_an_involution_that_swaps_the_ends(points) -> None:
    path = LatentPath(points)
    back = path.inverse()
    assert np.array_equal(back.inverse().points, path.points)
    assert np.array_equal(back.start, path.end) and np.array_equal(back.end, path.start)
    assert back.length() == pytest.approx(path.length())


# ----------------------------------------------------------------------------- resample
@given(point_arrays(), st.integers(1, 40))
@settings(PROPERTY)
def test_resample_keeps_the_ends_exactly_and_never_lengthens(points, n) -> None:
    path = LatentPath(points)
    again = path.resample(n)
    assert again.steps == n and again.dim == path.dim
    assert np.array_equal(again.start, path.start) and np.array_equal(again.end, path.end)
    # chords of the polyline: never longer than the polyline itself
    assert again.length() <= path.length() * (1 + 1e-9) + 1e-9


@given(equal_step_paths(), st.integers(1, 5))
@settings(PROPERTY)
def test_resample_on_a_refinement_preserves_the_total_length(path, factor) -> None:
    # steps * factor equally spaced points include every vertex: no corner is cut
    again = path.resample(path.steps * factor)
    assert again.length() == pytest.approx(path.length(), rel=1e-7)
    np.testing.assert_allclose(again.step_lengths(), path.length() / again.steps, rtol=1e-6)
    np.testing.assert_allclose(again.points[::factor], path.points, atol=1e-9)


def test_resample_of_a_constant_path_and_bad_counts() -> None:
    constant = LatentPath.refl([1.0, 2.0], 3)
    assert np.all(constant.resample(7).points == [1.0, 2.0]) and constant.resample(7).steps == 7
    with pytest.raises(BridgeError, match="at least one step"):
        constant.resample(0)


# -------------------------------------------------------------------------- interpolators
@given(code_pairs(), st.integers(1, 40))
@settings(PROPERTY)
def test_linear_has_exact_endpoints_and_equal_steps(pair, steps) -> None:
    a, b = pair
    path = linear(a, b, steps)
    assert path.steps == steps
    assert np.array_equal(path.start, a) and np.array_equal(path.end, b)
    np.testing.assert_allclose(path.step_lengths(), np.linalg.norm(b - a) / steps, atol=1e-9)


def _far_from_antipodal(a: np.ndarray, b: np.ndarray) -> bool:
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    return na > 1e-3 and nb > 1e-3 and a @ b / (na * nb) > -0.99


@given(code_pairs(), st.integers(1, 40))
@settings(PROPERTY)
def test_slerp_has_exact_endpoints(pair, steps) -> None:
    a, b = pair
    if not _far_from_antipodal(a, b):
        return
    path = slerp(a, b, steps)
    assert np.array_equal(path.start, a) and np.array_equal(path.end, b)


@given(code_pairs(), st.integers(2, 40))
@settings(PROPERTY)
def test_slerp_interpolates_the_norm_and_turns_at_a_constant_rate(pair, steps) -> None:
    a, b = pair
    if not _far_from_antipodal(a, b):
        return
    path = slerp(a, b, steps)
    t = np.linspace(0.0, 1.0, steps + 1)
    norms = np.linalg.norm(path.points, axis=1)
    np.testing.assert_allclose(norms, (1 - t) * np.linalg.norm(a) + t * np.linalg.norm(b),
                               rtol=1e-9)
    units = path.points / norms[:, None]
    turns = np.arccos(np.clip(np.sum(units[1:] * units[:-1], axis=1), -1.0, 1.0))
    total = np.arccos(np.clip(units[0] @ units[-1], -1.0, 1.0))
    np.testing.assert_allclose(turns, total / steps, atol=1e-6)


def test_slerp_on_the_unit_sphere_stays_on_it() -> None:
    path = slerp([1.0, 0.0, 0.0], [0.0, 0.0, 1.0], 8)
    np.testing.assert_allclose(np.linalg.norm(path.points, axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(path.points[4], [np.sqrt(0.5), 0.0, np.sqrt(0.5)], atol=1e-12)


def test_slerp_falls_back_to_linear_for_parallel_and_zero_codes() -> None:
    for a, b in [([1.0, 1.0], [3.0, 3.0]), ([0.0, 0.0], [2.0, -1.0])]:
        np.testing.assert_allclose(slerp(a, b, 5).points, linear(a, b, 5).points)


def test_slerp_refuses_antipodal_codes() -> None:
    with pytest.raises(BridgeError, match="antipodal"):
        slerp([1.0, 0.0], [-2.0, 0.0], 4)


@pytest.mark.parametrize("interpolate", [linear, slerp])
@pytest.mark.parametrize(
    ("a", "b", "steps", "match"),
    [
        ([0.0, 1.0], [1.0, 0.0, 2.0], 4, "latent dimension 3, but 2"),
        ([np.nan, 1.0], [1.0, 0.0], 4, "start code has 1 non-finite"),
        ([0.0, 1.0], [np.inf, 0.0], 4, "end code has 1 non-finite"),
        ([0.0, 1.0], [1.0, 0.0], 0, "positive integer"),
        ([0.0, 1.0], [1.0, 0.0], 2.5, "positive integer"),
        ([0.0, 1.0], [1.0, 0.0], True, "positive integer"),
    ],
    ids=["dimensions", "nan start", "inf end", "zero steps", "float steps", "bool steps"],
)
def test_interpolators_reject_bad_input(interpolate, a, b, steps, match) -> None:
    with pytest.raises(BridgeError, match=match):
        interpolate(a, b, steps)


def test_endpoints_returns_checked_flat_codes() -> None:
    start, end = endpoints([[1.0, 2.0]], (3, 4), 1)
    assert start.shape == end.shape == (2,) and start.dtype == np.float64


# ------------------------------------------------------------------ stacking and decoding
def test_stack_makes_one_batch_and_rejects_ragged_or_empty_input() -> None:
    paths = [linear([0.0, 0.0], [1.0, i], 6) for i in range(3)]
    batch = stack(paths)
    assert batch.shape == (3, 7, 2)
    np.testing.assert_array_equal(batch[2], paths[2].points)
    np.testing.assert_array_equal(batch, np.stack([p.points for p in paths]))
    with pytest.raises(BridgeError, match="share"):
        stack([paths[0], linear([0.0, 0.0], [1.0, 0.0], 5)])
    with pytest.raises(BridgeError, match="share"):
        stack([paths[0], linear([0.0, 0.0, 0.0], [1.0, 0.0, 0.0], 6)])
    with pytest.raises(BridgeError, match="no paths"):
        stack([])


class ImageDecoder:
    """A NumPy 'decoder' from R^2 to 3x4 images, counting its calls."""

    def __init__(self, as_list: bool = False) -> None:
        self.calls, self.as_list = 0, as_list

    def __call__(self, z: np.ndarray):
        self.calls += 1
        assert z.dtype == np.float32 and z.ndim == 2
        images = np.einsum("nd,hwd->nhw", z, np.arange(24.0).reshape(3, 4, 2))
        return [images, "ignored"] if self.as_list else images


@pytest.mark.parametrize("as_list", [False, True])
def test_decode_batch_flattens_samples_in_one_call(as_list) -> None:
    decoder = ImageDecoder(as_list)
    batch = stack([linear([0.0, 0.0], [1.0, -1.0], 4), linear([2.0, 1.0], [0.0, 3.0], 4)])
    decoded = decode_batch(decoder, batch)
    assert decoded.shape == (2, 5, 12) and decoded.dtype == np.float64 and decoder.calls == 1
    expected = np.einsum("nmd,hwd->nmhw", batch, np.arange(24.0).reshape(3, 4, 2))
    np.testing.assert_allclose(decoded, expected.reshape(2, 5, 12), rtol=1e-6)


def test_decode_batch_splits_large_batches_without_changing_the_result() -> None:
    batch = np.random.default_rng(0).normal(size=(7, 3, 2))
    decoder = ImageDecoder()
    small = decode_batch(decoder, batch, batch_size=4)
    assert decoder.calls == 6  # 21 points in chunks of 4
    np.testing.assert_array_equal(small, decode_batch(ImageDecoder(), batch))


def test_decoded_length_of_a_scaling_decoder() -> None:
    path = LatentPath([[0.0, 0.0], [3.0, 4.0], [3.0, 5.0]])
    assert path.decoded_length(lambda z: 2.0 * z) == pytest.approx(12.0, rel=1e-6)


@pytest.mark.parametrize(
    ("batch", "match"),
    [(np.zeros((3, 2)), "rank 3"), (np.full((1, 2, 2), np.nan), "non-finite")],
    ids=["rank 2", "nan"],
)
def test_decode_batch_rejects_bad_batches(batch, match) -> None:
    with pytest.raises(BridgeError, match=match):
        decode_batch(ImageDecoder(), batch)

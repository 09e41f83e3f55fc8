"""Geodesics: the data geodesic follows the data where the straight line cuts across the hole
(checked on a circle cloud, whose ground truth is known), and the Riemannian geodesic lowers
the decoded curve energy with its ends fixed."""

from __future__ import annotations

import os

import numpy as np
import pytest

from bridge.complex import DataComplex
from bridge.geodesics import GeodesicResult, curve_energy, data_geodesic, riemannian_geodesic
from bridge.paths import linear
from hottbridge.errors import BridgeError
from learn.data import circle_cloud, two_circles_cloud

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

STEPS = 32


@pytest.fixture(scope="module")
def circle():
    cloud = circle_cloud(300, noise=0.02, seed=0)
    return cloud, DataComplex(n_landmarks=80, seed=0).fit(cloud.points)


def point_at(cloud, angle: float) -> np.ndarray:
    """The sample whose ground-truth angle is closest to ``angle``."""
    distance = np.abs(np.angle(np.exp(1j * (cloud.param("angle") - angle))))
    return cloud.points[np.argmin(distance)]


@pytest.mark.parametrize("angle", [0.1, 1.3, 2.9, 4.4])
def test_data_geodesic_stays_in_the_region_where_the_straight_line_leaves_it(circle, angle):
    cloud, complex_ = circle
    a, b = point_at(cloud, angle), point_at(cloud, angle + np.pi)
    geodesic, line = data_geodesic(complex_, a, b, STEPS), linear(a, b, STEPS)

    along, across = complex_.project(geodesic), complex_.project(line)
    assert along.in_region and not along.departures and not along.jumps
    assert not across.in_region and across.departures
    # the straight line crosses the hole: its middle point is about a radius from the data
    steps = [step for step, _ in across.departures]
    assert STEPS // 2 in steps and 0 not in steps and STEPS not in steps
    middle = dict(across.departures)[STEPS // 2]
    assert middle > complex_.scale_ and middle == pytest.approx(1.0, abs=0.2)


def test_data_geodesic_has_the_requested_ends_steps_and_half_circle_length(circle) -> None:
    cloud, complex_ = circle
    a, b = point_at(cloud, 0.5), point_at(cloud, 0.5 + np.pi)
    path = data_geodesic(complex_, a, b, STEPS)
    assert path.steps == STEPS
    assert np.array_equal(path.start, a) and np.array_equal(path.end, b)
    # ground truth: half of the unit circle has length pi; the chord has length 2
    assert path.length() == pytest.approx(np.pi, rel=0.08)
    assert linear(a, b, STEPS).length() == pytest.approx(2.0, rel=0.05)


def test_data_geodesic_between_components_raises() -> None:
    cloud = two_circles_cloud(300, noise=0.02, seed=0)
    complex_ = DataComplex(n_landmarks=80, seed=0).fit(cloud.points)
    which = cloud.param("circle")
    a, b = cloud.points[which == 0][0], cloud.points[which == 1][0]
    with pytest.raises(BridgeError, match="different components"):
        data_geodesic(complex_, a, b)


def test_data_geodesic_rejects_bad_codes(circle) -> None:
    _, complex_ = circle
    with pytest.raises(BridgeError, match="non-finite"):
        data_geodesic(complex_, [np.nan, 0.0], [1.0, 0.0])
    with pytest.raises(BridgeError, match="latent dimension"):
        data_geodesic(complex_, [1.0, 0.0], [1.0, 0.0, 0.0])


# ----------------------------------------------------------------------- Riemannian geodesic
@pytest.fixture(scope="module")
def warped_decoder():
    """A fixed non-linear map R^2 -> R^6 (tanh features), seeded: no training."""
    import keras

    init = keras.initializers.RandomNormal(stddev=1.5, seed=3)
    return keras.Sequential([
        keras.Input((2,)),
        keras.layers.Dense(16, activation="tanh", kernel_initializer=init,
                           bias_initializer=keras.initializers.RandomNormal(seed=4)),
        keras.layers.Dense(6, kernel_initializer=keras.initializers.RandomNormal(seed=5)),
    ])


def identity(z, training: bool = False):
    return z


def test_curve_energy_of_a_straight_line_under_the_identity_is_its_squared_length() -> None:
    # steps * sum |b - a|^2 / steps^2 = |b - a|^2, whatever the number of steps
    for steps in (1, 4, 10):
        points = linear([0.0, 1.0], [3.0, -3.0], steps).points.astype(np.float32)
        assert float(curve_energy(identity, points)) == pytest.approx(25.0, rel=1e-5)


def test_riemannian_geodesic_lowers_the_energy_and_keeps_the_ends(warped_decoder) -> None:
    a, b = np.array([-1.5, 0.5]), np.array([1.25, -0.75])  # exact in float32
    result = riemannian_geodesic(warped_decoder, a, b, steps=12, iterations=60,
                                 learning_rate=0.02)
    assert isinstance(result, GeodesicResult) and result.iterations == 60
    assert result.path.steps == 12
    assert np.array_equal(result.path.start, a) and np.array_equal(result.path.end, b)
    assert result.energy_after <= result.energy_before
    assert result.energy_after < 0.99 * result.energy_before  # the line is not a geodesic here
    recomputed = float(curve_energy(warped_decoder, result.path.points.astype(np.float32)))
    assert recomputed == pytest.approx(result.energy_after, rel=1e-4)
    before = float(curve_energy(warped_decoder, linear(a, b, 12).points.astype(np.float32)))
    assert before == pytest.approx(result.energy_before, rel=1e-5)


def test_riemannian_geodesic_is_deterministic(warped_decoder) -> None:
    runs = [riemannian_geodesic(warped_decoder, [0.0, 1.0], [1.0, -1.0], steps=6,
                                iterations=20) for _ in range(2)]
    np.testing.assert_array_equal(runs[0].path.points, runs[1].path.points)
    assert runs[0].energy_after == runs[1].energy_after


def test_under_an_isometry_the_straight_line_is_already_a_geodesic() -> None:
    result = riemannian_geodesic(identity, [0.0, 0.0], [2.0, 1.0], steps=8, iterations=30)
    assert result.energy_before == pytest.approx(5.0, rel=1e-5)
    assert result.energy_after == pytest.approx(result.energy_before, rel=1e-4)


def test_riemannian_geodesic_with_one_step_or_no_iterations(warped_decoder) -> None:
    single = riemannian_geodesic(warped_decoder, [0.0, 0.0], [1.0, 1.0], steps=1)
    assert single.iterations == 0 and single.path.steps == 1
    assert single.energy_before == single.energy_after
    idle = riemannian_geodesic(warped_decoder, [0.0, 0.0], [1.0, 1.0], steps=5, iterations=0)
    assert idle.energy_before == idle.energy_after
    np.testing.assert_allclose(idle.path.points, linear([0.0, 0.0], [1.0, 1.0], 5).points,
                               atol=1e-7)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"iterations": -1}, "iterations"), ({"iterations": 2.5}, "iterations"),
     ({"steps": 0}, "steps"), ({"b": [1.0, 0.0, 0.0]}, "latent dimension")],
    ids=["negative iterations", "float iterations", "zero steps", "dimensions"],
)
def test_riemannian_geodesic_rejects_bad_arguments(warped_decoder, kwargs, match) -> None:
    arguments = {"a": [0.0, 0.0], "b": [1.0, 0.0], **kwargs}
    with pytest.raises(BridgeError, match=match):
        riemannian_geodesic(warped_decoder, **arguments)


def test_riemannian_geodesic_returns_the_best_iterate_when_the_energy_rises(warped_decoder
                                                                           ) -> None:
    # a learning rate far too large: Adam overshoots and the last iterate is worse than the line
    result = riemannian_geodesic(warped_decoder, [-1.5, 0.5], [1.25, -0.75], steps=12,
                                 iterations=30, learning_rate=5.0)
    assert result.energy_last > result.energy_before  # the optimiser made things worse
    assert result.energy_after <= result.energy_before  # what is returned is never worse
    assert result.energy_after <= result.energy_last
    recomputed = float(curve_energy(warped_decoder, result.path.points.astype(np.float32)))
    assert recomputed == pytest.approx(result.energy_after, rel=1e-4)
    assert 0 <= result.best_iteration <= result.iterations == 30


def test_riemannian_geodesic_takes_a_codec_or_a_model(warped_decoder) -> None:
    from types import SimpleNamespace

    import keras

    from bridge.model import Codec

    encoder = keras.Sequential([keras.Input((6,)), keras.layers.Dense(2)])
    model = SimpleNamespace(encoder=encoder, decoder=warped_decoder)
    direct = riemannian_geodesic(warped_decoder, [0.0, 1.0], [1.0, -1.0], steps=6,
                                 iterations=10)
    for given in (model, Codec(model)):
        same = riemannian_geodesic(given, [0.0, 1.0], [1.0, -1.0], steps=6, iterations=10)
        assert same.energy_after == direct.energy_after
        np.testing.assert_array_equal(same.path.points, direct.path.points)
    with pytest.raises(BridgeError, match="needs a Codec"):
        riemannian_geodesic(42, [0.0, 1.0], [1.0, -1.0])

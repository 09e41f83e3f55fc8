"""The pull-back metric against closed forms: a linear decoder's metric is AᵀA exactly, a
decoder with a variance adds J_σᵀJ_σ, a circle of radius r has length 2πr, a flat decoder's
geodesic distance is the Euclidean one; the batched Jacobian agrees with reverse-mode
autodiff point by point; every bad input is refused."""

from __future__ import annotations

import os
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bridge.geometry import (
    curve_energy,
    curve_length,
    geodesic_distance,
    pullback_metric,
    volume_element,
)
from bridge.model import Codec
from bridge.paths import LatentPath
from hottbridge.errors import BridgeError

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
PROPERTY = settings(max_examples=20, deadline=None)


def codec_of(latent: int, features: int, *layers) -> Codec:
    """A codec whose decoder is ``layers`` on a latent input (the encoder is a stand-in)."""
    import keras

    x = keras.Input((features,))
    z = keras.Input((latent,))
    out = z
    for layer in layers:
        out = layer(out)
    return Codec(SimpleNamespace(encoder=keras.Model(x, keras.layers.Dense(latent)(x)),
                                 decoder=keras.Model(z, out)))


def lambda_codec(latent: int, features: int, fn) -> Codec:
    import keras

    return codec_of(latent, features, keras.layers.Lambda(fn, output_shape=(features,)))


@pytest.fixture(scope="module")
def linear():
    """A bias-free dense decoder R^3 -> R^5 whose matrix the tests set."""
    import keras

    layer = keras.layers.Dense(5, use_bias=False)
    return codec_of(3, 5, layer), layer


def circle_codec(radius: float) -> Codec:
    from keras import ops

    return lambda_codec(1, 2, lambda z: radius * ops.concatenate([ops.cos(z), ops.sin(z)], 1))


# ----------------------------------------------------------------------------- the metric
@PROPERTY
@given(matrix=arrays(np.int64, (5, 3), elements=st.integers(-4, 4)),
       codes=arrays(np.float64, (4, 3), elements=st.floats(-3, 3)))
def test_the_metric_of_a_linear_decoder_is_a_transpose_a_exactly(linear, matrix, codes) -> None:
    codec, layer = linear
    layer.set_weights([matrix.T.astype(np.float32)])
    metric = pullback_metric(codec, codes)
    assert metric.shape == (4, 3, 3)
    # small integers: every product and sum is exact in float32, so equality is exact
    assert np.array_equal(metric, np.broadcast_to(matrix.T @ matrix, (4, 3, 3)))
    expected = np.sqrt(max(np.linalg.det(matrix.T @ matrix), 0.0))
    assert np.allclose(volume_element(codec, codes), expected, rtol=1e-6, atol=1e-6)


def test_a_model_is_taken_as_well_as_a_codec(linear) -> None:
    codec, layer = linear
    layer.set_weights([np.eye(3, 5, dtype=np.float32)])
    assert np.array_equal(pullback_metric(codec.model, np.zeros((1, 3)))[0], np.eye(3))


def test_the_variance_term_adds_j_sigma_transpose_j_sigma() -> None:
    """mean A z, log-variance 2 B z, so σ = exp(B z) and J_σ = diag(σ) B."""
    import keras
    from keras import ops

    a = np.array([[1.0, 2.0], [0.0, 1.0], [3.0, -1.0]])
    b = np.array([[0.5, 0.0], [0.2, -0.3], [0.0, 0.1]])
    z = keras.Input((2,))
    mean = ops.matmul(z, ops.convert_to_tensor(a.T, "float32"))
    log_var = 2 * ops.matmul(z, ops.convert_to_tensor(b.T, "float32"))
    x = keras.Input((3,))
    model = SimpleNamespace(encoder=keras.Model(x, keras.layers.Dense(2)(x)),
                            decoder=keras.Model(z, [mean, log_var]))
    codes = np.array([[0.3, -0.7], [1.0, 2.0], [0.0, 0.0]])
    metric = pullback_metric(model, codes)
    for point, found in zip(codes, metric, strict=True):
        j_sigma = np.exp(b @ point)[:, None] * b
        assert np.allclose(found, a.T @ a + j_sigma.T @ j_sigma, rtol=1e-5)
    # the same variance given as a callable σ(z) on a one-output decoder
    plain = codec_of(2, 3, keras.layers.Dense(3, use_bias=False))
    plain.decoder.layers[-1].set_weights([a.T.astype(np.float32)])
    given_std = pullback_metric(plain, codes, std=lambda t: ops.exp(
        ops.matmul(t, ops.convert_to_tensor(b.T, "float32"))))
    assert np.allclose(given_std, metric, rtol=1e-5)


def test_the_batched_metric_matches_reverse_mode_autodiff_point_by_point() -> None:
    """An independent computation (GradientTape.jacobian, one point at a time) of a nonlinear
    decoder's metric: catches rows or directions mixed up in the batched forward pass."""
    import tensorflow as tf

    from learn.vae import VAE

    model = VAE((6,), latent_dim=3, hidden=(16,), likelihood="gaussian", seed=0)
    codes = np.random.default_rng(0).normal(size=(7, 3))
    batched = pullback_metric(model, codes)
    for point, found in zip(codes, batched, strict=True):
        z = tf.constant(point[None].astype(np.float32))
        with tf.GradientTape() as tape:
            tape.watch(z)
            out = model.decoder(z, training=False)
        jacobian = tape.jacobian(out, z).numpy().reshape(6, 3)
        assert np.allclose(found, jacobian.T @ jacobian, rtol=1e-4, atol=1e-6)
    assert not np.allclose(batched[0], batched[1])  # really position-dependent


# ------------------------------------------------------------------------ lengths, energy
@pytest.mark.parametrize("radius", [0.5, 2.0, 7.0])
def test_the_loop_of_a_circle_of_radius_r_has_length_two_pi_r(radius) -> None:
    codec = circle_codec(radius)
    loop = np.linspace(0.0, 2 * np.pi, 17)[:, None]
    assert curve_length(codec, loop) == pytest.approx(2 * np.pi * radius, rel=0.01)
    # constant speed: the energy is the squared length
    assert curve_energy(codec, LatentPath(loop)) == pytest.approx((2 * np.pi * radius) ** 2,
                                                                  rel=0.01)
    # half a turn, there and back, is twice the half-circle, not the chord
    back = np.concatenate([loop[:9], loop[7::-1]])
    assert curve_length(codec, back) == pytest.approx(2 * np.pi * radius, rel=0.01)


def test_energy_exceeds_squared_length_off_constant_speed() -> None:
    codec = circle_codec(1.0)
    uneven = (np.linspace(0.0, 1.0, 33) ** 2 * 2 * np.pi)[:, None]
    length, energy = curve_length(codec, uneven), curve_energy(codec, uneven)
    assert length == pytest.approx(2 * np.pi, rel=0.01)
    assert energy > 1.2 * length**2  # Cauchy–Schwarz, strict off constant speed


# ------------------------------------------------------------------------ geodesic distance
@pytest.mark.parametrize(("a", "b"), [([0.0, 0.0], [3.0, 4.0]), ([-1.0, 2.0], [0.5, -0.5])])
def test_geodesic_distance_under_a_flat_decoder_is_euclidean(a, b) -> None:
    import keras

    angle = 0.7  # a rotation into R^3: an isometry onto its image
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)],
                         [0.0, 0.0]])
    layer = keras.layers.Dense(3, use_bias=False)
    codec = codec_of(2, 3, layer)
    layer.set_weights([rotation.T.astype(np.float32)])
    result = geodesic_distance(codec, a, b, iterations=50)
    assert result.distance == pytest.approx(np.linalg.norm(np.subtract(b, a)), rel=1e-5)
    assert result.straight == pytest.approx(result.distance, rel=1e-6)
    assert result.converged and result.stationarity <= 0.05


@pytest.fixture(scope="module")
def bump():
    """The graph of a Gaussian bump over the plane: geodesics go round it."""
    from keras import ops

    return lambda_codec(2, 3, lambda z: ops.concatenate(
        [z, 3 * ops.exp(-ops.sum(z**2, axis=1, keepdims=True))], axis=1))


def test_geodesic_distance_goes_round_a_bump_and_reports_convergence(bump) -> None:
    a, b = [-1.5, 0.1], [1.5, 0.1]
    result = geodesic_distance(bump, a, b, iterations=300)
    assert result.distance < 0.7 * result.straight
    assert result.distance >= 3.0  # never shorter than the latent (flat part of the) distance
    assert result.energy_after < result.energy_before
    assert result.converged and result.stationarity < 0.05
    assert np.allclose(result.path.start, a) and np.allclose(result.path.end, b)
    early = geodesic_distance(bump, a, b, iterations=5)
    assert not early.converged and early.stationarity > 0.5
    assert early.distance > result.distance


# --------------------------------------------------------------------------------- errors
def test_bad_inputs_are_refused(linear, bump) -> None:
    codec, _ = linear
    with pytest.raises(BridgeError, match="latent dimension 2, but 3"):
        pullback_metric(codec, np.zeros((2, 2)))
    with pytest.raises(BridgeError, match="non-finite"):
        pullback_metric(codec, np.array([[0.0, np.nan, 0.0]]))
    with pytest.raises(BridgeError, match="has no encoder"):
        pullback_metric(object(), np.zeros((1, 3)))
    with pytest.raises(BridgeError, match="curve has dimension 2, the decoder 3"):
        curve_length(codec, LatentPath(np.zeros((3, 2))))
    with pytest.raises(BridgeError, match="at least 2 row"):
        curve_length(codec, np.zeros((1, 3)))
    with pytest.raises(BridgeError, match="tol must be a positive number"):
        geodesic_distance(bump, [0, 0], [1, 1], tol=0)
    with pytest.raises(BridgeError, match="ends.*latent dimension 3"):
        geodesic_distance(bump, [0, 0, 0], [1, 1, 1])


def test_a_decoder_with_three_outputs_is_refused() -> None:
    import keras

    z, x = keras.Input((2,)), keras.Input((3,))
    model = SimpleNamespace(encoder=keras.Model(x, keras.layers.Dense(2)(x)),
                            decoder=keras.Model(z, [z, z, z]))
    with pytest.raises(BridgeError, match="3 outputs"):
        pullback_metric(model, np.zeros((1, 2)))

"""The homotopy regularisers: closed-form values on simple decoders, one decoder call each,
serialization, validation, and use inside the models' train steps."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from keras import ops

from hottbridge.errors import LearnError
from learn.autoencoder import Autoencoder
from learn.regularizers import (
    InterpolationSmoothness,
    LoopConsistency,
    PathConsistency,
)
from learn.vae import VAE

TF_SETTINGS = settings(deadline=None, max_examples=20)
latent_batches = st.integers(1, 3).flatmap(
    lambda k: arrays("float64", st.tuples(st.integers(1, 5), st.just(k)), elements=st.floats(-2, 2))
)


def value(regularizer, z, decoder) -> float:
    return float(ops.convert_to_numpy(regularizer.term(ops.convert_to_tensor(z), decoder)))


def identity(points):
    return points


def square(points):
    return points * points


# ------------------------------------------------- independent NumPy references


def reference_detour(a, b, c, spread, t):
    """The path a -> m -> b, m = (a + b) / 2 + spread (c - (a + b) / 2), at parameter t."""
    m = (a + b) / 2 + spread * (c - (a + b) / 2)
    return a + 2 * t * (m - a) if t <= 0.5 else m + (2 * t - 1) * (b - m)


def reference_path_consistency(z, decoder, steps, spread, paths):
    gaps = []
    for i in range(paths):  # a batch smaller than paths repeats its paths
        a, b, c = z[i % len(z)], z[(i + 1) % len(z)], z[(i + 2) % len(z)]
        for t in np.linspace(0, 1, steps)[1:-1]:
            straight, detour = (
                decoder(a + t * (b - a)),
                decoder(reference_detour(a, b, c, spread, t)),
            )
            gaps.append(np.sum((straight - detour) ** 2))
    return np.mean(gaps)


def reference_loop(z, decoder, steps, paths):
    energies = []
    for i in range(paths):
        corners = [z[i % len(z)], z[(i + 1) % len(z)], z[(i + 2) % len(z)]]
        points = [
            corners[e] + t * (corners[(e + 1) % 3] - corners[e])
            for e in range(3)
            for t in np.linspace(0, 1, steps)[:-1]
        ]
        x = np.array([decoder(p) for p in points])
        second = np.roll(x, -1, axis=0) - 2 * x + np.roll(x, 1, axis=0)
        energies.extend(np.sum(second**2, axis=1))
    return np.mean(energies)


# ----------------------------------------------------------------- laws


@TF_SETTINGS
@given(latent_batches, st.integers(3, 7))
def test_smoothness_vanishes_for_an_affine_decoder(z, steps) -> None:
    matrix = np.arange(z.shape[1] * 4, dtype="float64").reshape(z.shape[1], 4) - 3.0

    def affine(points):
        return ops.matmul(points, matrix) + 1.5

    assert value(InterpolationSmoothness(steps=steps), z, affine) == pytest.approx(0, abs=1e-9)


def test_only_the_first_paths_batch_points_start_paths() -> None:
    z = np.array([[0.0], [1.0], [3.0], [3.0]])  # pairs 0->1, 1->3, 3->3, 3->0
    one = value(InterpolationSmoothness(steps=3, paths=1), z, square)
    assert one == pytest.approx(4 * 0.5**4 * 1.0**4)  # the pair 0 -> 1 alone
    two = value(InterpolationSmoothness(steps=3, paths=2), z, square)
    assert two == pytest.approx((4 * 0.5**4 * 1.0**4 + 4 * 0.5**4 * 2.0**4) / 2)


@pytest.mark.parametrize("steps", [3, 5, 9])
def test_smoothness_of_the_square_map_is_four_h_to_the_fourth(steps: int) -> None:
    # x = p^2 along p = a + t (b - a): every second difference is 2 h^2 (b - a)^2.
    h = 1.0 / (steps - 1)
    z = np.array([[0.0], [1.0]])
    assert value(InterpolationSmoothness(steps=steps), z, square) == pytest.approx(4 * h**4)


@TF_SETTINGS
@given(latent_batches, st.integers(3, 6), st.integers(1, 6), st.floats(0.0, 1.0))
def test_path_consistency_matches_the_reference(z, steps, paths, spread) -> None:
    expected = reference_path_consistency(z, np.tanh, steps, spread, paths)
    got = value(PathConsistency(steps=steps, paths=paths, spread=spread), z, ops.tanh)
    assert got == pytest.approx(expected, rel=1e-6, abs=1e-9)


@TF_SETTINGS
@given(latent_batches, st.integers(3, 6))
def test_path_consistency_vanishes_without_detour_for_an_affine_decoder(z, steps) -> None:
    assert value(PathConsistency(steps=steps, spread=0.0), z, identity) == pytest.approx(
        0, abs=1e-9
    )


@TF_SETTINGS
@given(latent_batches, st.integers(3, 6), st.integers(1, 6))
def test_loop_consistency_matches_the_reference(z, steps, paths) -> None:
    expected = reference_loop(z, np.sin, steps, paths)
    assert value(LoopConsistency(steps=steps, paths=paths), z, ops.sin) == pytest.approx(
        expected, rel=1e-6, abs=1e-9
    )


@pytest.mark.parametrize("kind", [InterpolationSmoothness, PathConsistency, LoopConsistency])
def test_every_term_vanishes_for_a_constant_decoder(kind) -> None:
    z = np.random.default_rng(0).normal(size=(6, 2))
    assert value(kind(), z, lambda points: ops.zeros_like(points) + 2.0) == 0.0


@pytest.mark.parametrize("kind", [InterpolationSmoothness, PathConsistency, LoopConsistency])
def test_every_term_decodes_all_path_points_in_one_call(kind) -> None:
    calls = []

    def counting(points):
        calls.append(tuple(points.shape))
        return ops.tanh(points)

    value(kind(steps=5), np.ones((4, 3)), counting)
    assert len(calls) == 1 and calls[0][0] > 4


# ------------------------------------------------------ serialization, errors


@pytest.mark.parametrize(
    "regularizer",
    [
        InterpolationSmoothness(0.3, 4),
        PathConsistency(0.1, 6, paths=3, spread=0.25),
        LoopConsistency(2, 3, 20),
    ],
)
def test_serialization_round_trip(regularizer) -> None:
    again = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(regularizer))
    assert type(again) is type(regularizer)
    assert again.get_config() == regularizer.get_config()


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: InterpolationSmoothness(steps=2), "steps must be at least 3"),
        (lambda: InterpolationSmoothness(steps=True), "steps must be an integer"),
        (lambda: LoopConsistency(steps=4.0), "steps must be an integer"),
        (lambda: PathConsistency(weight=-1.0), "weight must be finite and >= 0"),
        (lambda: LoopConsistency(paths=0), "paths must be at least 1"),
        (lambda: LoopConsistency(paths=True), "paths must be an integer"),
        (lambda: InterpolationSmoothness(weight=float("nan")), "weight must be finite"),
        (lambda: PathConsistency(spread=1.5), "spread must be in"),
        (lambda: VAE((4,), regularizers=["smooth"]), "regularizers must be learn.regularizers"),
        (
            lambda: VAE((4,), regularizers=[LoopConsistency(), LoopConsistency(0.5)]),
            "distinct kinds",
        ),
    ],
)
def test_bad_regularizers_raise_learn_error(make, match: str) -> None:
    with pytest.raises(LearnError, match=match):
        make()


# ------------------------------------------------------------- in training


@pytest.mark.parametrize("model_class", [VAE, Autoencoder])
def test_models_report_each_regularizer_and_add_its_weighted_term(model_class) -> None:
    regularizers = [InterpolationSmoothness(0.5, 4), PathConsistency(2.0, 4), LoopConsistency(1, 4)]
    model = model_class((6,), latent_dim=2, hidden=(8,), regularizers=regularizers, seed=0)
    model.compile(optimizer="adam")
    x = np.random.default_rng(0).random((32, 6)).astype("float32")
    history = model.fit(x, epochs=1, batch_size=16, verbose=0).history
    logs = model.evaluate(x, batch_size=32, verbose=0, return_dict=True)
    for regularizer in regularizers:
        assert regularizer.name in history and history[regularizer.name][0] > 0
    expected = logs["reconstruction_loss"] + logs.get("kl_loss", 0.0)
    expected += sum(r.weight * logs[r.name] for r in regularizers)
    assert logs["loss"] == pytest.approx(expected, rel=1e-5)

"""The deterministic Autoencoder: trains, reports its loss, saves and loads exactly, validates."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
import numpy as np
import pytest
from keras import ops

from hottbridge.errors import LearnError
from learn.autoencoder import Autoencoder


@pytest.fixture(scope="module")
def blobs() -> np.ndarray:
    """96 noisy copies of three 6x6 patterns, values in [0, 1]."""
    rng = np.random.default_rng(0)
    patterns = rng.random((3, 6, 6))
    return np.clip(patterns[rng.integers(0, 3, 96)] + 0.05 * rng.normal(size=(96, 6, 6)), 0, 1)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("architecture", "likelihood"), [("dense", "bernoulli"), ("conv", "gaussian")]
)
def test_autoencoder_trains_and_survives_save_load(architecture, likelihood, blobs, tmp_path):
    model = Autoencoder(
        (6, 6), 2, architecture, hidden=(16,), filters=(4,), likelihood=likelihood, seed=0
    )
    model.compile(optimizer=keras.optimizers.Adam(1e-2))
    history = model.fit(blobs, epochs=2, batch_size=16, verbose=0).history
    assert set(history) == {"loss", "reconstruction_loss"}
    assert history["loss"][1] < history["loss"][0]
    model.save(tmp_path / "ae.keras")
    loaded = keras.saving.load_model(tmp_path / "ae.keras")
    assert type(loaded) is Autoencoder and loaded.architecture == architecture
    for a, b in zip(model.weights, loaded.weights, strict=True):
        np.testing.assert_array_equal(ops.convert_to_numpy(a), ops.convert_to_numpy(b))
    np.testing.assert_array_equal(loaded.encode(blobs), model.encode(blobs))
    np.testing.assert_array_equal(loaded.reconstruct(blobs), model.reconstruct(blobs))


def test_encode_decode_reconstruct_shapes_and_batching(blobs) -> None:
    model = Autoencoder((6, 6), latent_dim=3, hidden=(8,), filters=(4,), seed=1)
    codes = model.encode(blobs, batch_size=7)
    assert codes.shape == (96, 3) and codes.dtype == np.float32
    np.testing.assert_allclose(codes, model.encode(blobs, batch_size=96), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.reconstruct(blobs), model.decode(codes), rtol=1e-5, atol=1e-6)
    assert model.decode(codes[:4]).shape == (4, 6, 6)


def test_gaussian_loss_is_half_the_squared_error_plus_the_constant(blobs) -> None:
    model = Autoencoder((6, 6), hidden=(8,), filters=(4,), likelihood="gaussian", seed=0)
    model.compile(optimizer="adam")
    logs = model.evaluate(blobs, batch_size=96, verbose=0, return_dict=True)
    squared = ((blobs - model.reconstruct(blobs)) ** 2).sum(axis=(1, 2)).mean()
    expected = 0.5 * squared + 0.5 * 36 * np.log(2 * np.pi)
    assert logs["loss"] == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (np.zeros((0, 6, 6)), "x is empty"),
        (np.zeros((4, 36)), "x must have rank 3"),
        (np.zeros((4, 6, 5)), r"x samples have shape \(6, 5\)"),
        (np.full((2, 6, 6), np.inf), "non-finite"),
    ],
)
def test_bad_data_raises_learn_error(data, match: str) -> None:
    model = Autoencoder((6, 6), hidden=(8,), filters=(4,))
    model.compile(optimizer="adam")
    for entry in (model.fit, model.evaluate, model.encode, model.reconstruct):
        with pytest.raises(LearnError, match=match):
            entry(data)


def test_bernoulli_data_must_lie_in_the_unit_interval() -> None:
    model = Autoencoder((3,), hidden=(4,))
    model.compile(optimizer="adam")
    with pytest.raises(LearnError, match=r"values in \[-1, 0.5\]"):
        model.fit(np.array([[-1.0, 0.5, 0.0]]))

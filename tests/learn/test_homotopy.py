"""latent_homotopy: exact on an identity model, undoes the scaling, one decode call, validates."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from hottbridge.errors import LearnError
from learn.homotopy import latent_homotopy
from learn.vae import VAE


class IdentityModel:
    """encode = decode = identity on samples of ``sample_shape``; counts decode calls."""

    def __init__(self, sample_shape: tuple[int, ...]) -> None:
        self.sample_shape = sample_shape
        self.decode_calls = 0

    def encode(self, x: np.ndarray) -> np.ndarray:
        return x.reshape(len(x), -1)

    def decode(self, z: np.ndarray, batch_size: int = 256) -> np.ndarray:
        assert batch_size >= len(z)
        self.decode_calls += 1
        return z.reshape(len(z), *self.sample_shape)


pairs = st.integers(1, 4).flatmap(
    lambda n: st.tuples(
        arrays("float64", (n, 3), elements=st.floats(-5, 5)),
        arrays("float64", (n, 3), elements=st.floats(-5, 5)),
    )
)


@settings(deadline=None, max_examples=30)
@given(pairs, st.integers(2, 6))
def test_identity_model_gives_the_straight_line_homotopy(pair, steps) -> None:
    a, b = pair
    model = IdentityModel((3,))
    path = latent_homotopy(model, a, b, steps)
    t = np.linspace(0, 1, steps)[:, None, None]
    assert path.shape == (steps, len(a), 3)
    np.testing.assert_allclose(path, (1 - t) * a + t * b, rtol=1e-5, atol=1e-5)
    assert model.decode_calls == 1


@pytest.mark.parametrize("scaler_class", [StandardScaler, MinMaxScaler])
def test_the_scaling_is_undone(scaler_class) -> None:
    rng = np.random.default_rng(0)
    data = rng.normal(50.0, 10.0, size=(40, 2, 2))
    scaler = scaler_class().fit(data.reshape(40, 4))
    a, b = data[:3], data[3:6]
    path = latent_homotopy(IdentityModel((2, 2)), a, b, steps=5, scaler=scaler)
    t = np.linspace(0, 1, 5)[:, None, None, None]
    np.testing.assert_allclose(path, (1 - t) * a + t * b, rtol=1e-4)


def test_with_a_vae_the_ends_are_the_reconstructions() -> None:
    rng = np.random.default_rng(0)
    x = rng.random((6, 4, 4)).astype("float32")
    vae = VAE((4, 4), latent_dim=2, filters=(4,), seed=0)
    path = latent_homotopy(vae, x[:3], x[3:], steps=4)
    assert path.shape == (4, 3, 4, 4)
    np.testing.assert_allclose(path[0], vae.reconstruct(x[:3]), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(path[-1], vae.reconstruct(x[3:]), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((np.zeros((2, 3)), np.zeros((3, 3))), {}, "same number of samples"),
        ((np.zeros((2, 4)), np.zeros((2, 4))), {}, r"A samples have shape \(4,\)"),
        ((np.zeros((2, 3)), np.zeros(3)), {}, "B must have rank 2"),
        ((np.zeros((2, 3)), [[np.nan, 0, 0]] * 2), {}, "B has 2 non-finite"),
        ((np.zeros((2, 3)), np.zeros((2, 3))), {"steps": 1}, "steps must be at least 2"),
        ((np.zeros((2, 3)), np.zeros((2, 3))), {"steps": True}, "steps must be an integer"),
        ((np.zeros((2, 3)), np.zeros((2, 3))), {"scaler": object()}, "must have a transform"),
        (
            (np.zeros((2, 3)), np.zeros((2, 3))),
            {"scaler": StandardScaler()},
            "scaler.transform failed",
        ),
    ],
)
def test_bad_input_raises_learn_error(args, kwargs, match: str) -> None:
    with pytest.raises(LearnError, match=match):
        latent_homotopy(IdentityModel((3,)), *args, **kwargs)


def test_model_must_be_an_autoencoder() -> None:
    with pytest.raises(LearnError, match="model must be a learn autoencoder"):
        latent_homotopy(object(), np.zeros((1, 3)), np.zeros((1, 3)))

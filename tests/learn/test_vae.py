"""The VAE: every latent family and both architectures train, save and load exactly; the
ELBO terms, sampling, KL warm-up and input validation behave as documented."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
import numpy as np
import pytest
from keras import ops
from sklearn.datasets import load_digits

from hottbridge.errors import LearnError
from learn.losses import gaussian_nll, kl_diagonal_normal
from learn.vae import VAE, KLWarmup

FAMILIES = ["diagonal", "full", "mixture"]
SMALL = {"latent_dim": 2, "hidden": (16,), "filters": (4, 8)}


@pytest.fixture(scope="module")
def digits() -> np.ndarray:
    """128 sklearn digits (8x8, bundled with scikit-learn), scaled to [0, 1]."""
    return (load_digits().data[:128] / 16.0).astype("float32")


def compiled(model: VAE, learning_rate: float = 3e-3) -> VAE:
    model.compile(optimizer=keras.optimizers.Adam(learning_rate))
    return model


def assert_same_model(model: VAE, loaded: VAE, x: np.ndarray) -> None:
    assert type(loaded) is type(model)
    assert len(loaded.weights) == len(model.weights)
    for a, b in zip(model.weights, loaded.weights, strict=True):
        np.testing.assert_array_equal(ops.convert_to_numpy(a), ops.convert_to_numpy(b))
    np.testing.assert_array_equal(loaded.encode(x), model.encode(x))
    z = np.linspace(-2, 2, 2 * 5, dtype="float32").reshape(5, 2)
    np.testing.assert_array_equal(loaded.decode(z), model.decode(z))


# ------------------------------------------------------- training, save, load


@pytest.mark.slow
@pytest.mark.parametrize("latent", FAMILIES)
def test_dense_vae_loss_goes_down_and_survives_save_load(latent, digits, tmp_path) -> None:
    model = compiled(VAE((64,), latent=latent, seed=1, **SMALL), 1e-2)
    history = model.fit(digits, epochs=2, batch_size=32, verbose=0).history
    assert history["loss"][1] < history["loss"][0]
    assert {"loss", "reconstruction_loss", "kl_loss"} <= set(history)
    model.save(tmp_path / "vae.keras")
    loaded = keras.saving.load_model(tmp_path / "vae.keras")
    assert loaded.latent == latent and loaded.architecture == "dense"
    assert_same_model(model, loaded, digits[:20])
    loaded.fit(digits[:32], epochs=1, verbose=0)  # the reloaded model trains on


@pytest.mark.slow
@pytest.mark.parametrize("latent", FAMILIES)
def test_conv_vae_trains_and_survives_save_load(latent, digits, tmp_path) -> None:
    images = digits.reshape(-1, 8, 8)
    model = compiled(VAE((8, 8), latent=latent, seed=2, **SMALL), 1e-2)
    history = model.fit(images, epochs=2, batch_size=32, verbose=0).history
    assert model.architecture == "conv"
    assert history["loss"][1] < history["loss"][0]
    model.save(tmp_path / "conv.keras")
    assert_same_model(model, keras.saving.load_model(tmp_path / "conv.keras"), images[:20])


def test_images_with_a_channel_axis_and_dense_on_images(digits) -> None:
    images = digits[:8].reshape(-1, 8, 8, 1)
    conv = VAE((8, 8, 1), **SMALL)
    dense = VAE((8, 8, 1), architecture="dense", **SMALL)
    assert (conv.architecture, dense.architecture) == ("conv", "dense")
    for model in (conv, dense):
        assert model.reconstruct(images).shape == (8, 8, 8, 1)
        assert model(images).shape == (8, 8, 8, 1)


@pytest.mark.slow
def test_learned_gaussian_variance_trains_and_is_saved(digits, tmp_path) -> None:
    model = compiled(
        VAE(
            (64,), likelihood="gaussian", decoder_variance="learned", variance=0.5, seed=0, **SMALL
        ),
        3e-2,
    )
    assert float(model.decoder_log_var) == pytest.approx(np.log(0.5))
    model.fit(digits, epochs=2, batch_size=32, verbose=0)
    learned = float(model.decoder_log_var)
    assert learned != pytest.approx(np.log(0.5))
    model.save(tmp_path / "g.keras")
    assert float(keras.saving.load_model(tmp_path / "g.keras").decoder_log_var) == learned
    x_mean = model.decode(model.encode(digits[:4]))
    np.testing.assert_allclose(
        ops.convert_to_numpy(model.reconstruction_nll(digits[:4], x_mean)),
        ops.convert_to_numpy(gaussian_nll(digits[:4], x_mean, learned)),
        rtol=1e-6,
    )


def test_fixed_variance_is_not_trained() -> None:
    model = VAE((4,), likelihood="gaussian", variance=2.0, **SMALL)
    assert not model.decoder_log_var.trainable
    assert float(model.decoder_log_var) == pytest.approx(np.log(2.0))


def test_same_seed_same_training(digits) -> None:
    runs = []
    for _ in range(2):
        model = compiled(VAE((64,), seed=7, **SMALL))
        model.fit(digits[:64], epochs=1, batch_size=16, verbose=0)
        runs.append([ops.convert_to_numpy(w) for w in model.weights])
    for a, b in zip(*runs, strict=True):
        np.testing.assert_array_equal(a, b)


# ------------------------------------------------------------ latent families


def test_encoder_outputs_per_family(digits) -> None:
    x = digits[:5]
    z_mean, z_log_var, z = VAE((64,), latent="diagonal", **SMALL).encoder(x)
    assert z_mean.shape == z_log_var.shape == z.shape == (5, 2)
    z_mean, cholesky, z = VAE((64,), latent="full", latent_dim=3, hidden=(8,)).encoder(x)
    cholesky = ops.convert_to_numpy(cholesky)
    assert z_mean.shape == z.shape == (5, 3) and cholesky.shape == (5, 3, 3)
    assert (np.triu(cholesky, 1) == 0).all() and (np.diagonal(cholesky, 0, 1, 2) > 0).all()


def test_mixture_kl_estimate_is_unbiased_for_a_standard_normal_prior() -> None:
    model = VAE((4,), latent="mixture", n_components=3, **SMALL)
    model.prior.means.assign(np.zeros((3, 2)))  # every component N(0, I): the prior is N(0, I)
    rng = np.random.default_rng(0)
    mean = np.tile([[0.5, -1.0]], (20000, 1)).astype("float32")
    log_var = np.tile([[0.3, -0.5]], (20000, 1)).astype("float32")
    z = (mean + np.exp(0.5 * log_var) * rng.standard_normal(mean.shape)).astype("float32")
    estimate = ops.convert_to_numpy(model.kl_divergence(mean, log_var, z)).mean()
    exact = ops.convert_to_numpy(kl_diagonal_normal(mean[:1], log_var[:1]))[0]
    assert estimate == pytest.approx(exact, abs=0.03)


def test_elbo_terms(digits) -> None:
    for latent in FAMILIES:
        model = VAE((64,), latent=latent, seed=3, **SMALL)
        terms = model.elbo_terms(digits[:10], seed=5, batch_size=4)
        assert set(terms) == {"reconstruction", "kl", "elbo"}
        assert all(v.shape == (10,) and np.isfinite(v).all() for v in terms.values())
        np.testing.assert_allclose(terms["elbo"], -(terms["reconstruction"] + terms["kl"]))
        again = model.elbo_terms(digits[:10], seed=5)
        np.testing.assert_allclose(again["elbo"], terms["elbo"], rtol=1e-5)
        if latent != "mixture":  # closed-form KL: non-negative, independent of the noise
            assert (terms["kl"] >= 0).all()
            np.testing.assert_allclose(model.elbo_terms(digits[:10], seed=6)["kl"], terms["kl"])


def test_sample_is_seeded_and_uses_the_prior() -> None:
    for latent in FAMILIES:
        model = VAE((8, 8), latent=latent, **SMALL)
        first = model.sample(6, seed=1)
        assert first.shape == (6, 8, 8) and ((first >= 0) & (first <= 1)).all()
        np.testing.assert_array_equal(first, model.sample(6, seed=1))
        assert not np.array_equal(first, model.sample(6, seed=2))
    mixture = VAE((4,), latent="mixture", n_components=2, **SMALL)
    mixture.prior.means.assign([[50.0, 50.0], [50.0, 50.0]])
    mixture.prior.log_vars.assign(np.full((2, 2), -10.0))
    codes = mixture.prior.sample(100, np.random.default_rng(0))
    np.testing.assert_allclose(codes, 50.0, atol=0.1)


# ------------------------------------------------------------- KL weighting


class RecordKLWeight(keras.callbacks.Callback):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[float] = []

    def on_epoch_end(self, epoch, logs=None) -> None:
        self.seen.append(float(self.model.kl_weight))


@pytest.mark.slow
def test_kl_warmup_ramps_linearly_to_beta_without_a_user_callback(digits) -> None:
    model = compiled(VAE((64,), beta=2.0, kl_warmup_epochs=2, seed=0, **SMALL))
    assert float(model.kl_weight) == 0.0
    record = RecordKLWeight()
    model.fit(digits[:32], epochs=4, batch_size=32, verbose=0, callbacks=[record])
    assert record.seen == pytest.approx([0.0, 1.0, 2.0, 2.0])
    callback = KLWarmup(beta=1.0, epochs=4)
    callback.set_model(model)
    callback.on_epoch_begin(1)
    assert float(model.kl_weight) == pytest.approx(0.25)


def test_beta_weights_the_kl_in_the_loss(digits) -> None:
    model = compiled(VAE((64,), beta=0.25, seed=0, **SMALL))
    logs = model.evaluate(digits[:40], batch_size=40, verbose=0, return_dict=True)
    expected = logs["reconstruction_loss"] + 0.25 * logs["kl_loss"]
    assert logs["loss"] == pytest.approx(expected, rel=1e-6)


# ------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"latent": "student"}, "latent must be one of"),
        ({"likelihood": "poisson"}, "likelihood must be one of"),
        ({"decoder_variance": "free"}, "decoder_variance must be one of"),
        ({"architecture": "conv"}, "architecture='conv' needs image samples"),
        ({"architecture": "rnn"}, "architecture must be one of"),
        ({"latent_dim": 0}, "latent_dim must be at least 1"),
        ({"latent_dim": True}, "latent_dim must be an integer"),
        ({"beta": -1.0}, "beta must be"),
        ({"variance": 0.0}, "variance must be a positive number"),
        ({"variance": "big"}, "variance must be a positive number"),
        ({"beta": None}, "beta must be"),
        ({"decoder_variance": "learned"}, "needs likelihood='gaussian'"),
        ({"n_components": 0}, "n_components must be at least 1"),
        ({"n_components": True}, "n_components must be an integer"),
        ({"kl_warmup_epochs": -2}, "kl_warmup_epochs must be at least 0"),
        ({"kl_warmup_epochs": False}, "kl_warmup_epochs must be an integer"),
        ({"variance": True}, "variance must be a positive number"),
        ({"hidden": (8, True)}, "hidden must be an integer"),
        ({"input_shape": (2, 3, 4, 5)}, "input_shape must be"),
        ({"input_shape": "abc"}, "input_shape must be a tuple of ints"),
    ],
)
def test_bad_parameters_raise_learn_error(kwargs, match: str) -> None:
    arguments = {"input_shape": (4,), **kwargs}
    with pytest.raises(LearnError, match=match):
        VAE(**arguments)


def test_prebuilt_networks_must_fit_the_shapes() -> None:
    model = VAE((4,), **SMALL)
    with pytest.raises(LearnError, match=r"the encoder takes samples of shape \(4,\)"):
        VAE((5,), encoder=model.encoder, decoder=model.decoder, **SMALL)


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (np.zeros((0, 4)), "x is empty"),
        (np.zeros(4), "x must have rank 2"),
        (np.zeros((3, 5)), r"x samples have shape \(5,\), but the model expects \(4,\)"),
        (np.array([[0.0, np.nan, 0.0, 0.0]]), "non-finite"),
        ([["a", "b", "c", "d"]], "x must be numeric"),
    ],
)
def test_bad_data_raises_learn_error_everywhere(data, match: str) -> None:
    model = compiled(VAE((4,), **SMALL))
    for entry in (model.fit, model.evaluate, model.encode, model.reconstruct, model.elbo_terms):
        with pytest.raises(LearnError, match=match):
            entry(data)


def test_fit_specific_errors() -> None:
    model = VAE((4,), **SMALL)
    x = np.full((8, 4), 0.5, dtype="float32")
    with pytest.raises(LearnError, match="compile the VAE before fit"):
        model.fit(x)
    compiled(model)
    with pytest.raises(LearnError, match="unsupervised"):
        model.fit(x, x)
    with pytest.raises(LearnError, match=r"Bernoulli likelihood needs \[0, 1\]"):
        model.fit(x * 4)
    with pytest.raises(LearnError, match="validation_data samples have shape"):
        model.fit(x, validation_data=np.zeros((2, 3)))


def test_decode_and_sample_errors() -> None:
    model = VAE((4,), **SMALL)
    with pytest.raises(LearnError, match=r"z samples have shape \(3,\)"):
        model.decode(np.zeros((2, 3)))
    with pytest.raises(LearnError, match="n must be at least 1"):
        model.sample(0)
    with pytest.raises(LearnError, match="batch_size must be at least 1"):
        model.encode(np.zeros((2, 4)), batch_size=0)

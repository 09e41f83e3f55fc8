"""Codec: the bridge's view of a model — shapes, batching, saving and loading, and every
error path (no encoder, wrong code dimension, empty or non-finite data, unloadable files)."""

from __future__ import annotations

import os
import zipfile
from types import SimpleNamespace

import numpy as np
import pytest

from bridge.model import Codec
from hottbridge.errors import BridgeError

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(scope="module")
def vae():
    from learn.vae import VAE

    return VAE((8,), latent_dim=2, hidden=(16,), seed=0)


@pytest.fixture(scope="module")
def codec(vae) -> Codec:
    return Codec(vae)


@pytest.fixture(scope="module")
def data() -> np.ndarray:
    return np.random.default_rng(0).uniform(size=(40, 8)).astype(np.float32)


def test_a_codec_reads_shapes_from_the_model(codec, vae) -> None:
    assert codec.sample_shape == (8,) and codec.latent_dim == 2
    assert codec.encoder is vae.encoder and codec.decoder is vae.decoder and codec.model is vae


def test_encode_takes_the_mean_code_and_decode_flattens(codec, vae, data) -> None:
    codes = codec.encode(data)
    assert codes.shape == (40, 2) and codes.dtype == np.float64
    np.testing.assert_array_equal(codes, codec.encode(data))  # the mean: no sampling
    np.testing.assert_allclose(codes, vae.encode(data), rtol=1e-5, atol=1e-6)
    decoded = codec.decode(codes)
    assert decoded.shape == (40, 8) and decoded.dtype == np.float64
    np.testing.assert_allclose(decoded, vae.decode(codes), rtol=1e-5, atol=1e-6)
    paths = np.stack([codes[:5], codes[5:10], codes[10:15]])
    batch = codec.decode_paths(paths)
    assert batch.shape == (3, 5, 8)
    np.testing.assert_allclose(batch[1], decoded[5:10], rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(codec.flatten(data), data.astype(np.float64))


def test_large_inputs_are_batched_without_changing_the_result(codec) -> None:
    z = np.random.default_rng(1).normal(size=(5000, 2))  # more than one batch of 4096
    whole = codec.decode(z)
    np.testing.assert_allclose(whole[4090:4100], codec.decode(z[4090:4100]), rtol=1e-5,
                               atol=1e-6)


def test_image_models_are_flattened(tmp_path) -> None:
    from learn.autoencoder import Autoencoder

    model = Autoencoder((8, 8, 1), latent_dim=3, architecture="conv", filters=(4,), seed=0)
    codec = Codec(model)
    images = np.random.default_rng(0).uniform(size=(6, 8, 8, 1))
    assert codec.sample_shape == (8, 8, 1) and codec.latent_dim == 3
    assert codec.encode(images).shape == (6, 3)
    assert codec.decode(codec.encode(images)).shape == (6, 64)
    assert codec.flatten(images).shape == (6, 64)
    with pytest.raises(BridgeError, match=r"samples have shape \(64,\).*\(8, 8, 1\)"):
        codec.encode(images.reshape(6, 64))


def test_any_keras_model_with_encoder_and_decoder_is_a_codec() -> None:
    import keras

    x = keras.Input((4,))
    encoder = keras.Model(x, keras.layers.Dense(2)(x))
    z = keras.Input((2,))
    decoder = keras.Model(z, keras.layers.Dense(4)(z))
    codec = Codec(SimpleNamespace(encoder=encoder, decoder=decoder))
    assert codec.sample_shape == (4,) and codec.latent_dim == 2
    assert codec.decode(np.zeros((3, 2))).shape == (3, 4)


# --------------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("model", "match"),
    [
        (object(), r"this model \(object\) has no encoder"),
        (SimpleNamespace(encoder=None, decoder=None), "no encoder"),
        (SimpleNamespace(encoder=lambda x: x), "no decoder"),
        (SimpleNamespace(encoder=lambda x: x, decoder=lambda z: z), "cannot read the input"),
    ],
    ids=["object", "none", "no decoder", "not keras"],
)
def test_models_without_encoder_and_decoder_are_refused(model, match) -> None:
    with pytest.raises(BridgeError, match=match):
        Codec(model)


def test_a_plain_keras_model_is_refused() -> None:
    import keras

    x = keras.Input((4,))
    with pytest.raises(BridgeError, match=r"this model \(Functional\) has no encoder"):
        Codec(keras.Model(x, keras.layers.Dense(2)(x)))


@pytest.mark.parametrize(
    ("codes", "match"),
    [
        (np.zeros((3, 3)), "latent dimension 3, but 2 was expected"),
        (np.zeros((3, 1)), "latent dimension 1, but 2 was expected"),
        (np.array([[0.0, np.nan]]), "non-finite"),
        (np.zeros(2), "rank 2"),
        (np.zeros((0, 2)), "at least 1 row"),
    ],
    ids=["3 dims", "1 dim", "nan", "rank 1", "empty"],
)
def test_decode_rejects_bad_codes(codec, codes, match) -> None:
    with pytest.raises(BridgeError, match=match):
        codec.decode(codes)


def test_decode_paths_rejects_bad_batches(codec) -> None:
    with pytest.raises(BridgeError, match="rank 3"):
        codec.decode_paths(np.zeros((4, 2)))
    with pytest.raises(BridgeError, match="latent dimension 3"):
        codec.decode_paths(np.zeros((2, 4, 3)))


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (np.zeros((0, 8)), "empty"),
        ([], "empty"),
        (np.full((4, 8), np.nan), "non-finite"),
        (np.array([[np.inf] * 8]), "non-finite"),
        (np.zeros((4, 7)), r"samples have shape \(7,\), but the model expects \(8,\)"),
        (np.zeros((4, 8, 1)), r"samples have shape \(8, 1\)"),
    ],
    ids=["empty", "empty list", "nan", "inf", "width", "rank"],
)
def test_encode_and_flatten_reject_bad_data(codec, data, match) -> None:
    with pytest.raises(BridgeError, match=match):
        codec.encode(data)
    with pytest.raises(BridgeError, match=match):
        codec.flatten(data)


# ---------------------------------------------------------------------------------- files
def test_save_and_load_give_the_same_codec(vae, codec, data, tmp_path) -> None:
    path = tmp_path / "model.keras"
    vae.save(path)
    loaded = Codec.load(path)
    assert loaded.sample_shape == codec.sample_shape and loaded.latent_dim == codec.latent_dim
    np.testing.assert_allclose(loaded.encode(data), codec.encode(data), rtol=1e-6, atol=1e-7)
    z = codec.encode(data)
    np.testing.assert_allclose(loaded.decode(z), codec.decode(z), rtol=1e-6, atol=1e-7)
    assert isinstance(Codec.load(str(path)), Codec)  # a string path works too


def test_load_of_a_missing_file(tmp_path) -> None:
    with pytest.raises(BridgeError, match="no model file at .*missing.keras"):
        Codec.load(tmp_path / "missing.keras")
    with pytest.raises(BridgeError, match="is a folder, not a .keras model file"):
        Codec.load(tmp_path)


@pytest.mark.parametrize(
    ("name", "match"),
    [("notes.keras", "exists but is not a Keras model file"),
     ("notes.txt", r"is not a \.keras file"),
     ("archive.keras", "cannot load the model")],
)
def test_load_of_a_file_that_is_not_a_model(tmp_path, name, match) -> None:
    path = tmp_path / name
    if name == "archive.keras":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "not a keras archive")
    else:
        path.write_text("this is not a model")
    with pytest.raises(BridgeError, match=f"{name}.*{match}|{match}.*{name}"):
        Codec.load(path)


def test_load_of_a_keras_model_without_encoder(tmp_path) -> None:
    import keras

    x = keras.Input((4,))
    path = tmp_path / "plain.keras"
    keras.Model(x, keras.layers.Dense(2)(x)).save(path)
    with pytest.raises(BridgeError, match="no encoder"):
        Codec.load(path)

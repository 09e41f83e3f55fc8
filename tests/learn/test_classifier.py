"""CNNClassifier, FeatureExtractor (arrays and folders) and the features -> VAE pipeline."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
import numpy as np
import pytest
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from hottbridge.errors import LearnError
from learn.classifier import CNNClassifier, FeatureExtractor, features_to_vae
from learn.data.digits import digits
from learn.data.folders import save_image_folder
from learn.vae import VAE

N_IMAGES = 128


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    x, y = digits()
    return x[:N_IMAGES], y[:N_IMAGES]


@pytest.fixture(scope="module")
def trained(data) -> tuple[CNNClassifier, float, float]:
    """A classifier trained 2 epochs, with its loss before and after."""
    x, y = data
    model = CNNClassifier((8, 8, 1), 10, width=32, seed=0)
    model.compile(optimizer=keras.optimizers.Adam(3e-3))
    before, _ = model.evaluate(x, y, verbose=0)
    model.fit(x, y, epochs=2, batch_size=32, verbose=0)
    after, _ = model.evaluate(x, y, verbose=0)
    return model, before, after


@pytest.mark.slow
def test_training_lowers_the_loss(trained) -> None:
    _, before, after = trained
    assert after < before


def test_history_tracks_loss_and_accuracy(data) -> None:
    x, y = data
    model = CNNClassifier((8, 8, 1), 10, width=8, filters=(4,), seed=0)
    model.compile(optimizer="adam")
    history = model.fit(x[:32], y[:32], epochs=1, verbose=0)
    assert set(history.history) == {"loss", "accuracy"}
    assert 0.0 <= history.history["accuracy"][0] <= 1.0


def test_batch_losses_are_cross_entropy_and_accuracy_of_the_logits(trained, data) -> None:
    model, _, _ = trained
    x, y = data[0][:20], data[1][:20]
    logits = np.asarray(model(x), dtype=np.float64)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    values = model.batch_losses((x, y), training=False)
    assert float(values["loss"]) == pytest.approx(-log_probs[np.arange(20), y].mean(), rel=1e-5)
    assert float(values["accuracy"]) == pytest.approx(np.mean(logits.argmax(axis=1) == y))


def test_probabilities_and_classes(trained, data) -> None:
    model, _, _ = trained
    x = data[0]
    proba = model.predict_proba(x, batch_size=50)
    assert proba.shape == (N_IMAGES, 10)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
    assert (proba >= 0).all()
    assert np.array_equal(model.predict_classes(x), proba.argmax(axis=1))


@pytest.mark.slow
def test_save_and_load_give_identical_weights_and_outputs(trained, data, tmp_path) -> None:
    model, _, _ = trained
    x, y = data
    model.save(tmp_path / "classifier.keras")
    loaded = keras.saving.load_model(tmp_path / "classifier.keras")
    assert type(loaded) is CNNClassifier and loaded.n_classes == 10
    for saved, restored in zip(model.get_weights(), loaded.get_weights(), strict=True):
        np.testing.assert_array_equal(saved, restored)
    np.testing.assert_array_equal(loaded.predict_proba(x), model.predict_proba(x))
    assert loaded.evaluate(x, y, verbose=0) == pytest.approx(model.evaluate(x, y, verbose=0))


def test_same_seed_same_weights() -> None:
    first, again = (CNNClassifier((8, 8), 3, width=4, filters=(4,), seed=2) for _ in range(2))
    for a, b in zip(first.get_weights(), again.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


# --- features ---------------------------------------------------------------------------


def test_features_are_the_penultimate_layer(trained, data) -> None:
    model, _, _ = trained
    x = data[0]
    features = FeatureExtractor(model).transform(x)
    assert features.shape == (N_IMAGES, 32) and (features >= 0).all()  # ReLU features
    logits = np.asarray(model.head(features))
    np.testing.assert_allclose(logits, np.asarray(model(x)), rtol=1e-5, atol=1e-5)
    assert FeatureExtractor(model).n_features == 32


def test_features_of_a_folder_match_those_of_the_array(trained, data, tmp_path) -> None:
    model, _, _ = trained
    x = data[0][:12]
    folder = save_image_folder(x, None, tmp_path / "flat")  # files in input order
    as_png = np.round(x * 255) / 255  # what 8-bit PNG files hold
    extractor = FeatureExtractor(model)
    np.testing.assert_allclose(
        extractor.transform(folder), extractor.transform(as_png), rtol=1e-5, atol=1e-5
    )
    assert extractor.transform(str(folder)).shape == (12, 32)


def test_grayscale_classifier_reads_a_labelled_folder(data, tmp_path) -> None:
    x, y = data[0][:6], data[1][:6]
    folder = save_image_folder(x, y, tmp_path / "labelled")
    model = CNNClassifier((8, 8), 10, width=4, filters=(4,), seed=0)
    assert FeatureExtractor(model).transform(folder).shape == (6, 4)


def test_a_missing_folder_is_a_learn_error(trained, tmp_path) -> None:
    with pytest.raises(LearnError, match="does not exist"):
        FeatureExtractor(trained[0]).transform(tmp_path / "nowhere")


def test_feature_extractor_needs_a_classifier() -> None:
    with pytest.raises(LearnError, match="needs a CNNClassifier"):
        FeatureExtractor(object())


# --- features -> VAE --------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("likelihood", "scaler_type"), [("bernoulli", MinMaxScaler), ("gaussian", StandardScaler)]
)
def test_features_to_vae(trained, data, likelihood, scaler_type) -> None:
    model, _, _ = trained
    x = data[0]
    run = [
        features_to_vae(model, x, latent_dim=2, likelihood=likelihood, epochs=1, seed=3)
        for _ in range(2)
    ]
    result = run[0]
    np.testing.assert_array_equal(result.features, FeatureExtractor(model).transform(x))
    assert isinstance(result.vae, VAE) and isinstance(result.scaler, scaler_type)
    scaled = result.scaler.transform(result.features)
    if likelihood == "bernoulli":
        assert scaled.min() >= 0.0 and scaled.max() <= 1.0
    else:
        np.testing.assert_allclose(scaled.mean(axis=0), 0.0, atol=1e-4)
    codes = result.vae.encode(scaled.astype(np.float32))
    assert codes.shape == (N_IMAGES, 2) and np.isfinite(codes).all()
    again = run[1].vae.encode(run[1].scaler.transform(run[1].features).astype(np.float32))
    np.testing.assert_array_equal(codes, again)  # same seed, same VAE


def test_features_to_vae_refuses_an_unknown_likelihood(trained, data) -> None:
    with pytest.raises(LearnError, match="likelihood must be"):
        features_to_vae(trained[0], data[0], likelihood="poisson")


# --- errors -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> CNNClassifier:
    model = CNNClassifier((8, 8, 1), 3, width=4, filters=(4,), seed=0)
    model.compile(optimizer="adam")
    return model


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        (np.ones((4, 8, 8, 1)), [0, 1, 2], "3 entries but there are 4 samples"),
        (np.ones((4, 8, 8, 1)), [0, 1, 2, 3], r"integer class indices in \[0, 3\)"),
        (np.ones((4, 8, 8, 1)), [0, 1, -1, 2], r"integer class indices in \[0, 3\)"),
        (np.ones((4, 8, 8, 1)), [0.5, 1, 1, 2], "integer class indices"),
        (np.ones((4, 8, 8, 1)), ["a", "b", "a", "b"], "map class names to indices"),
        (np.ones((4, 8, 8, 1)), [[0, 1], [1, 2]], "1-D array"),
        (np.ones((4, 8, 8, 1)), [0, 1, np.nan, 2], "NaN or inf"),
        (np.ones((4, 8, 8)), [0, 1, 1, 2], "images must have rank 4"),
        (np.ones((4, 6, 6, 1)), [0, 1, 1, 2], r"samples have shape \(6, 6, 1\)"),
        (np.full((4, 8, 8, 1), np.nan), [0, 1, 1, 2], "256 non-finite"),
        (np.ones((0, 8, 8, 1)), [], "images is empty"),
    ],
)
def test_fit_refuses_bad_data(small, x, y, message) -> None:
    with pytest.raises(LearnError, match=message):
        small.fit(x, y, verbose=0)


def test_predictions_refuse_bad_images(small) -> None:
    with pytest.raises(LearnError, match="must have rank 4"):
        small.predict_proba(np.ones((8, 8, 1)))
    with pytest.raises(LearnError, match="non-finite"):
        small.predict_classes(np.full((1, 8, 8, 1), np.inf))


@pytest.mark.parametrize(
    ("shape", "n_classes", "message"),
    [
        ((8, 8, 1), 1, "n_classes must be at least 2"),
        ((8, 8, 1), 2.5, "n_classes must be an integer"),
        ((64,), 3, r"needs \(H, W\) or \(H, W, C\) samples"),
        ((8, 0), 3, "positive sizes"),
    ],
)
def test_bad_construction_is_a_learn_error(shape, n_classes, message) -> None:
    with pytest.raises(LearnError, match=message):
        CNNClassifier(shape, n_classes)

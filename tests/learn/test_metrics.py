"""learn.metrics: classification scores, VAE reports, interpolation smoothness."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hottbridge.errors import LearnError
from learn.metrics import (
    active_units,
    classification_scores,
    evaluate_classifier,
    interpolation_smoothness,
    predict_probabilities,
    vae_report,
)

# true classes 0 0 1 1 2; predicted 0 1 1 1 2
LABELS = np.array([0, 0, 1, 1, 2])
PROBS = np.array(
    [[0.8, 0.1, 0.1], [0.3, 0.6, 0.1], [0.1, 0.7, 0.2], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]]
)


def test_classification_scores_by_hand() -> None:
    scores = classification_scores(LABELS, PROBS)
    assert scores.accuracy == pytest.approx(4 / 5)
    assert scores.precision == pytest.approx((1 + 2 / 3 + 1) / 3)
    assert scores.recall == pytest.approx((1 / 2 + 1 + 1) / 3)
    assert scores.f1 == pytest.approx((2 / 3 + 0.8 + 1) / 3)
    np.testing.assert_array_equal(scores.confusion, [[1, 1, 0], [0, 2, 0], [0, 0, 1]])
    assert scores.to_dict()["confusion"] == [[1, 1, 0], [0, 2, 0], [0, 0, 1]]


def test_classes_absent_from_truth_and_predictions_are_not_scored() -> None:
    # ten classes, only 0 and 1 occur, every prediction right: every score is 1, not 2/10
    labels = np.array([0, 1, 1, 0])
    probs = np.zeros((4, 10))
    probs[np.arange(4), labels] = 1.0
    scores = classification_scores(labels, probs)
    assert scores.accuracy == scores.precision == scores.recall == scores.f1 == 1.0
    assert scores.confusion.shape == (10, 10)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 6).flatmap(lambda k: st.tuples(
    st.just(k), st.lists(st.integers(0, k - 1), min_size=1, max_size=20),
    st.randoms(use_true_random=False))),
    st.sampled_from(["macro", "micro", "weighted"]))
def test_averaged_scores_match_scikit_learn_default_labels(drawn, average: str) -> None:
    from sklearn import metrics as sk

    k, truth, rng = drawn
    predicted = [rng.randrange(k) for _ in truth]
    probs = np.eye(k)[predicted]
    scores = classification_scores(np.array(truth), probs, average=average)
    for name, ours in (("precision", scores.precision), ("recall", scores.recall),
                       ("f1", scores.f1)):
        theirs = getattr(sk, f"{name}_score")(truth, predicted, average=average,
                                              zero_division=0)
        assert ours == pytest.approx(theirs), name


def test_binary_roc_auc_by_hand() -> None:
    # of the 4 (positive, negative) pairs, 3 rank the positive higher
    probs = np.array([0.1, 0.4, 0.35, 0.8])
    scores = classification_scores([0, 0, 1, 1], np.stack([1 - probs, probs], axis=1))
    assert scores.roc_auc == pytest.approx(0.75)


def test_roc_auc_is_none_when_a_class_is_missing() -> None:
    assert classification_scores([0, 0, 1, 1], PROBS[:4]).roc_auc is None


@settings(deadline=None, max_examples=30)
@given(
    hnp.arrays(np.float64, (12, 3), elements=st.floats(0.01, 1.0)),
    hnp.arrays(np.int64, 12, elements=st.integers(0, 2)),
)
def test_score_laws(raw: np.ndarray, labels: np.ndarray) -> None:
    scores = classification_scores(labels, raw / raw.sum(axis=1, keepdims=True))
    assert scores.confusion.sum() == 12
    assert scores.accuracy == pytest.approx(np.trace(scores.confusion) / 12)
    np.testing.assert_array_equal(scores.confusion.sum(axis=1), np.bincount(labels, minlength=3))
    for value in (scores.accuracy, scores.precision, scores.recall, scores.f1):
        assert 0.0 <= value <= 1.0
    assert (scores.roc_auc is None) == (len(set(labels.tolist())) < 3)
    micro = classification_scores(labels, raw / raw.sum(axis=1, keepdims=True), "micro")
    assert micro.precision == pytest.approx(scores.accuracy)


class Proba:
    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        return PROBS[: len(x)]


def test_probabilities_from_each_kind_of_model() -> None:
    x = np.zeros((5, 2))
    np.testing.assert_allclose(predict_probabilities(Proba(), x), PROBS)
    np.testing.assert_allclose(predict_probabilities(lambda x: np.log(PROBS), x, True), PROBS)
    sigmoid = predict_probabilities(lambda x: np.array([[0.0], [np.log(3)]]), x, from_logits=True)
    np.testing.assert_allclose(sigmoid, [[0.5, 0.5], [0.25, 0.75]])
    assert evaluate_classifier(Proba(), x, LABELS).to_dict() == classification_scores(
        LABELS, PROBS
    ).to_dict()


def test_probabilities_of_a_keras_model() -> None:
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    x = np.random.default_rng(0).normal(size=(6, 4)).astype("float32")
    np.testing.assert_allclose(predict_probabilities(model, x), model(x), rtol=1e-5)


def test_scores_of_a_cnn_classifier() -> None:
    from learn.classifier import CNNClassifier

    classifier = CNNClassifier((8, 8, 1), 3, width=4, filters=(2,), seed=0)
    x = np.random.default_rng(1).uniform(size=(9, 8, 8, 1)).astype("float32")
    y = np.arange(9) % 3
    expected = classification_scores(y, classifier.predict_proba(x))
    assert evaluate_classifier(classifier, x, y).to_dict() == expected.to_dict()


@pytest.mark.parametrize(
    ("act", "message"),
    [
        (lambda: predict_probabilities(object(), [[0.0]]), "gives no probabilities"),
        (lambda: predict_probabilities(lambda x: np.array([[2.0, -1.0]]), [0]), "from_logits"),
        (lambda: predict_probabilities(lambda x: np.zeros((1, 2, 2)), [0]), r"\(n, n_classes\)"),
        (lambda: classification_scores([0, 1], PROBS), "labels has 2 entries but there are 5 samples"),
        (lambda: classification_scores([0, 1, 1, 3, 0], PROBS), r"integer class indices in \[0, 3\)"),
        (lambda: classification_scores([0, 1, 1, 0.5, 0], PROBS), r"integer class indices in \[0, 3\)"),
        (lambda: classification_scores(LABELS, PROBS, "samples"), "average must be"),
        (lambda: classification_scores(LABELS, PROBS[:, 0]), "rank 2"),
    ],
)
def test_bad_classification_input_raises_learn_errors(act, message: str) -> None:
    with pytest.raises(LearnError, match=message):
        act()


# --- VAE reports -------------------------------------------------------------------------------


def test_active_units_by_hand() -> None:
    # unit variances over the data: 1.0, 0.0009, 0.0225
    means = np.array([[-1.0, 0.0, 0.0], [1.0, 0.06, 0.3], [-1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    np.testing.assert_allclose(means.var(axis=0), [1.0, 0.000675, 0.016875])
    assert active_units(means) == 2
    assert active_units(means, threshold=0.02) == 1
    assert active_units(means, threshold=0.0) == 3


class FakeVAE:
    """Per-sample terms and posterior means chosen by hand."""

    def elbo_terms(self, x: np.ndarray) -> dict[str, np.ndarray]:
        return {
            "reconstruction": np.array([1.0, 3.0]),
            "kl": np.array([0.5, 1.5]),
            "elbo": np.array([-1.5, -4.5]),
        }

    def encode(self, x: np.ndarray) -> np.ndarray:
        return np.array([[0.0, 1.0, 5.0], [0.0, -1.0, 5.0]])


def test_vae_report_averages_the_terms() -> None:
    report = vae_report(FakeVAE(), np.zeros((2, 4)))
    assert report.to_dict() == {
        "reconstruction": 2.0,
        "kl": 1.0,
        "elbo": -3.0,
        "active_units": 1,
        "latent_dim": 3,
    }


def test_vae_report_of_a_real_vae() -> None:
    from learn.vae import VAE

    x = np.random.default_rng(0).uniform(size=(32, 6)).astype("float32")
    vae = VAE((6,), latent_dim=3, hidden=(8,), seed=0)
    report = vae_report(vae, x)
    terms = vae.elbo_terms(x)
    assert report.elbo == pytest.approx(float(np.mean(terms["elbo"])), rel=1e-5)
    assert report.elbo == pytest.approx(-(report.reconstruction + report.kl), rel=1e-5)
    assert report.latent_dim == 3 and 0 <= report.active_units <= 3


def test_vae_report_rejects_a_model_without_elbo_terms() -> None:
    class NotAVAE(FakeVAE):
        def elbo_terms(self, x: np.ndarray) -> dict[str, np.ndarray]:
            return {"loss": np.zeros(2)}

    with pytest.raises(LearnError, match="lacks"):
        vae_report(NotAVAE(), np.zeros((2, 4)))


# --- interpolation smoothness -----------------------------------------------------------------


@settings(deadline=None, max_examples=30)
@given(
    hnp.arrays(np.float64, (3, 2), elements=st.floats(-3, 3)),
    hnp.arrays(np.float64, (3, 2), elements=st.floats(-3, 3)),
    st.integers(3, 12),
)
def test_smoothness_of_affine_and_quadratic_decoders(start, end, steps: int) -> None:
    matrix = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, 1.0]])
    affine = interpolation_smoothness(lambda z: z @ matrix + 1.0, start, end, steps)
    assert affine == pytest.approx(0.0, abs=1e-9)
    # z -> z**2 along z_a + t (z_b - z_a): second difference 2 h^2 (z_b - z_a)^2, h = 1/(steps-1)
    h = 1.0 / (steps - 1)
    expected = np.mean((2 * h**2 * (end - start) ** 2) ** 2)
    quadratic = interpolation_smoothness(lambda z: z**2, start, end, steps)
    assert quadratic == pytest.approx(expected, rel=1e-3, abs=1e-9)


def test_smoothness_decodes_once_with_a_vae_or_a_keras_decoder() -> None:
    calls = []

    class Decodes:
        def decode(self, z: np.ndarray) -> np.ndarray:
            calls.append(z.shape)
            return np.sin(z)

    value = interpolation_smoothness(Decodes(), [0.0, 0.0], [np.pi, 0.0], steps=5)
    assert calls == [(5, 2)] and value > 0
    keras.utils.set_random_seed(0)
    decoder = keras.Sequential([keras.Input((2,)), keras.layers.Dense(4)])
    affine = interpolation_smoothness(decoder, [[0.0, 1.0]], [[2.0, -1.0]], steps=6)
    assert affine == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((np.sin, [0.0, 1.0], [1.0]), "same shape"),
        ((np.sin, [0.0], [1.0], 2), "steps must be at least 3"),
        ((object(), [0.0], [1.0]), "cannot decode"),
        ((np.sin, [[[0.0]]], [[[1.0]]]), "rank 1 to 2"),
    ],
)
def test_bad_smoothness_input_raises_learn_errors(args, message: str) -> None:
    with pytest.raises(LearnError, match=message):
        interpolation_smoothness(*args)

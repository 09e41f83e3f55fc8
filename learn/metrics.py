"""Model evaluation: classification scores, VAE reports, and latent-interpolation smoothness.

Classification wraps scikit-learn's metrics around any model that gives class probabilities:
an object with ``predict_proba`` (scikit-learn style), a Keras model, or a plain callable.
This module does not import Keras itself: an object can only be a Keras model once Keras is
loaded, so models are recognised through ``sys.modules`` and importing stays cheap.
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from sklearn import metrics as sk

from hottbridge.errors import LearnError
from learn.validation import (
    as_float_array,
    check_choice,
    class_indices,
    non_negative,
    positive_int,
)

#: posterior-mean variance above which a latent unit counts as active (Burda et al., 2016)
ACTIVE_UNIT_THRESHOLD = 0.01
#: how far from 1 a row of probabilities may sum before it is rejected
PROBABILITY_TOLERANCE = 1e-3
#: how ``classification_scores`` may average precision, recall and F1 over classes
AVERAGES = ("macro", "micro", "weighted")


def _numpy(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)


def _is_keras(obj: Any, kind: str) -> bool:
    """Whether ``obj`` is a ``keras.<kind>`` ("Model", "Layer"), without importing Keras."""
    keras = sys.modules.get("keras")
    return keras is not None and isinstance(obj, getattr(keras, kind))


@dataclass(frozen=True)
class ClassificationScores:
    """Accuracy; precision, recall and F1 averaged (``average``) over the classes present in the
    truth or the predictions (scikit-learn's default labels); one-vs-rest
    ROC-AUC (None when some class is missing from the labels); the confusion matrix (rows: true
    class, columns: predicted)."""

    accuracy: float
    precision: float
    recall: float
    f1: float
    roc_auc: float | None
    confusion: np.ndarray

    def to_dict(self) -> dict[str, Any]:
        """The scores as JSON-ready Python values."""
        return {**asdict(self), "confusion": self.confusion.tolist()}


def predict_probabilities(model: Any, x: Any, from_logits: bool = False) -> np.ndarray:
    """Class probabilities (n, n_classes) of ``model`` on ``x``.

    Uses ``model.predict_proba(x)`` if it exists, ``model.predict(x)`` for a Keras model, else
    ``model(x)``. A single output column (or a vector) is the probability of class 1 of two.
    ``from_logits`` applies a sigmoid (one column) or softmax (several) first.
    """
    if hasattr(model, "predict_proba"):
        output = model.predict_proba(x)
    elif _is_keras(model, "Model"):
        output = model.predict(x, verbose=0)
    elif callable(model):
        output = model(x)
    else:
        raise LearnError(
            f"{type(model).__name__} gives no probabilities: pass a Keras model, an object with "
            "predict_proba, or a function of x"
        )
    scores = _numpy(output)
    if scores.ndim == 1 or (scores.ndim == 2 and scores.shape[1] == 1):
        positive = scores.reshape(-1)
        positive = 1.0 / (1.0 + np.exp(-positive)) if from_logits else positive
        scores = np.stack([1.0 - positive, positive], axis=1)
    elif scores.ndim != 2:
        raise LearnError(f"model output must be (n, n_classes), got shape {scores.shape}")
    elif from_logits:
        shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
        scores = shifted / shifted.sum(axis=1, keepdims=True)
    if np.any(scores < 0) or np.any(np.abs(scores.sum(axis=1) - 1.0) > PROBABILITY_TOLERANCE):
        raise LearnError(
            "model outputs are not probabilities (rows must be >= 0 and sum to 1): "
            "pass from_logits=True if the model returns logits"
        )
    return scores / scores.sum(axis=1, keepdims=True)


def _roc_auc(labels: np.ndarray, probabilities: np.ndarray) -> float | None:
    n_classes = probabilities.shape[1]
    if len(np.unique(labels)) < n_classes:
        return None
    if n_classes == 2:
        return float(sk.roc_auc_score(labels, probabilities[:, 1]))
    return float(
        sk.roc_auc_score(labels, probabilities, multi_class="ovr", labels=np.arange(n_classes))
    )


def classification_scores(
    labels: Any, probabilities: Any, average: str = "macro"
) -> ClassificationScores:
    """Scores of class ``probabilities`` (n, n_classes) against integer ``labels`` (n,);
    the predicted class is the most probable one."""
    probs = as_float_array(probabilities, "probabilities", min_rank=2, max_rank=2, dtype=float)
    n_classes = probs.shape[1]
    truth = class_indices(labels, n_classes, len(probs))
    check_choice("average", average, AVERAGES)
    predicted = probs.argmax(axis=1)
    classes = np.arange(n_classes)
    # averaged over the classes present in the truth or the predictions, as scikit-learn's
    # default labels: a class absent from both is neither right nor wrong, not a zero score
    precision, recall, f1, _ = sk.precision_recall_fscore_support(
        truth, predicted, labels=np.union1d(truth, predicted), average=average, zero_division=0
    )
    return ClassificationScores(
        accuracy=float(sk.accuracy_score(truth, predicted)),
        precision=float(precision),
        recall=float(recall),
        f1=float(f1),
        roc_auc=_roc_auc(truth, probs),
        confusion=sk.confusion_matrix(truth, predicted, labels=classes),
    )


def evaluate_classifier(
    model: Any, x: Any, labels: Any, from_logits: bool = False, average: str = "macro"
) -> ClassificationScores:
    """:func:`classification_scores` of ``model``'s probabilities on ``x``."""
    return classification_scores(labels, predict_probabilities(model, x, from_logits), average)


@dataclass(frozen=True)
class VAEReport:
    """Means over the data of the per-sample reconstruction term, KL term and ELBO (as the
    VAE's ``elbo_terms`` defines them), and how many of the latent units are active."""

    reconstruction: float
    kl: float
    elbo: float
    active_units: int
    latent_dim: int

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready Python values."""
        return asdict(self)


def active_units(posterior_means: Any, threshold: float = ACTIVE_UNIT_THRESHOLD) -> int:
    """How many latent units have a posterior mean whose variance over the data exceeds
    ``threshold`` (Burda et al., 2016): units the encoder actually uses."""
    means = as_float_array(posterior_means, "posterior_means", min_rank=2, max_rank=2, dtype=float)
    return int(np.sum(means.var(axis=0) > non_negative(threshold, "threshold")))


def vae_report(vae: Any, x: Any, threshold: float = ACTIVE_UNIT_THRESHOLD) -> VAEReport:
    """Evaluate ``vae`` on ``x`` with ``vae.elbo_terms(x)`` (per-sample "reconstruction", "kl",
    "elbo") and ``vae.encode(x)`` (the posterior means, (n, latent_dim))."""
    terms = vae.elbo_terms(x)
    missing = {"reconstruction", "kl", "elbo"} - set(terms)
    if missing:
        raise LearnError(f"vae.elbo_terms(x) lacks {sorted(missing)}: it is not a hottbridge VAE")
    means = _numpy(vae.encode(x))
    return VAEReport(
        reconstruction=float(np.mean(_numpy(terms["reconstruction"]))),
        kl=float(np.mean(_numpy(terms["kl"]))),
        elbo=float(np.mean(_numpy(terms["elbo"]))),
        active_units=active_units(means, threshold),
        latent_dim=int(means.shape[1]),
    )


def _decode(decoder_or_vae: Any, z: np.ndarray) -> np.ndarray:
    if hasattr(decoder_or_vae, "decode"):
        return _numpy(decoder_or_vae.decode(z))
    if _is_keras(decoder_or_vae, "Layer"):
        return _numpy(decoder_or_vae(z, training=False))
    if callable(decoder_or_vae):
        return _numpy(decoder_or_vae(z))
    raise LearnError(f"cannot decode with a {type(decoder_or_vae).__name__}: pass a VAE or decoder")


def interpolation_smoothness(
    decoder_or_vae: Any, z_a: Any, z_b: Any, steps: int = 16
) -> float:
    """Mean squared second difference of decodings along straight latent lines from ``z_a`` to
    ``z_b`` (each (d,) or (m, d) for m lines), at ``steps`` evenly spaced points.

    0 for a decoder that is affine along the lines; larger means bumpier paths. All points are
    decoded in one call (``vae.decode``, or the decoder with ``training=False``).
    """
    start = as_float_array(z_a, "z_a", min_rank=1, max_rank=2)
    end = as_float_array(z_b, "z_b", min_rank=1, max_rank=2)
    if start.shape != end.shape:
        raise LearnError(f"z_a and z_b must have the same shape, got {start.shape} and {end.shape}")
    steps = positive_int(steps, "steps", minimum=3)
    start, end = np.atleast_2d(start), np.atleast_2d(end)
    t = np.linspace(0.0, 1.0, steps, dtype=np.float32)[None, :, None]
    path = (1.0 - t) * start[:, None, :] + t * end[:, None, :]
    decoded = _decode(decoder_or_vae, path.reshape(-1, start.shape[1]))
    decoded = decoded.reshape(len(start), steps, -1)
    second = decoded[:, 2:] - 2.0 * decoded[:, 1:-1] + decoded[:, :-2]
    return float(np.mean(second**2))

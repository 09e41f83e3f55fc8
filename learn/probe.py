"""The linear probe: how well a frozen embedding separates classes with a linear model."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from hottbridge.errors import LearnError
from learn.validation import check_labels


def linear_probe(
    model: Any, x_train: Any, y_train: Any, x_test: Any, y_test: Any, *, max_iter: int = 1000
) -> float:
    """Test accuracy of a logistic regression fitted on the frozen ``model.embed`` features.

    The standard way to score self-supervised features: the better the embedding separates the
    classes linearly, the higher the accuracy. Features are standardised first. ``model`` is
    any object with ``embed(x) -> (n, d)`` (a :class:`learn.embedding.EmbeddingModel`, say).
    """
    if not callable(getattr(model, "embed", None)):
        raise LearnError(f"linear_probe needs a model with an embed(x) method, got {model!r}")
    train, test = model.embed(x_train), model.embed(x_test)
    y_train = check_labels(y_train, len(train), "y_train")
    y_test = check_labels(y_test, len(test), "y_test")
    if len(np.unique(y_train)) < 2:
        raise LearnError("y_train holds a single class; a linear probe needs at least two")
    probe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=max_iter))
    return float(probe.fit(train, y_train).score(test, y_test))

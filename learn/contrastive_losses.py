"""Metric-learning losses: contrastive (pairs), triplet, and NT-Xent (SimCLR).

Every loss returns one value per example (no reduction), like a Keras loss with
``reduction=None``; the models take the mean. All are written with ``keras.ops`` so they run
inside a compiled ``train_step`` on any backend.
"""

from __future__ import annotations

from typing import Any

import keras
from keras import ops

from learn.validation import positive_number

#: Floor under squared distances before the square root: keeps the gradient finite at d = 0.
DISTANCE_EPSILON = 1e-12
#: Subtracted from an anchor's similarity with itself, so it is never its own candidate.
SELF_SIMILARITY_PENALTY = 1e9


def pair_distance(left: Any, right: Any) -> Any:
    """Euclidean distance between corresponding rows of ``left`` and ``right``, shape (batch,)."""
    squared = ops.sum(ops.square(left - right), axis=-1)
    return ops.sqrt(ops.maximum(squared, DISTANCE_EPSILON))


def contrastive_loss(same: Any, left: Any, right: Any, margin: float = 1.0) -> Any:
    """Hadsell et al. (2006): ``y d^2 + (1 - y) max(0, margin - d)^2`` per pair.

    ``same`` is 1 for a pair of the same class (pulled together) and 0 otherwise (pushed at
    least ``margin`` apart); ``d`` is the Euclidean distance of the two embeddings.
    """
    margin = positive_number(margin, "margin")
    same = ops.cast(ops.reshape(same, (-1,)), left.dtype)
    distance = pair_distance(left, right)
    return same * ops.square(distance) + (1.0 - same) * ops.square(ops.relu(margin - distance))


def triplet_loss(anchor: Any, positive: Any, negative: Any, margin: float = 1.0) -> Any:
    """``max(0, d(a, p) - d(a, n) + margin)`` per triplet (Schroff et al., 2015).

    Zero once every negative is at least ``margin`` farther from its anchor than the positive.
    """
    margin = positive_number(margin, "margin")
    return ops.relu(pair_distance(anchor, positive) - pair_distance(anchor, negative) + margin)


def nt_xent_logits(first: Any, second: Any, temperature: float = 0.5) -> tuple[Any, Any]:
    """Scaled cosine similarities of the 2N views and the index of each view's positive.

    Row ``i`` of the (2N, 2N) logits holds ``cos(z_i, z_j) / temperature`` for every view
    ``j`` (``z`` is ``first`` stacked on ``second``), with ``j = i`` pushed to -inf; the positive
    of view ``i`` is the other view of the same image, ``(i + N) mod 2N``.
    """
    temperature = positive_number(temperature, "temperature")
    views = ops.normalize(ops.concatenate([first, second], axis=0), axis=1)
    logits = ops.matmul(views, ops.transpose(views)) / temperature
    count = ops.shape(views)[0]
    logits = logits - SELF_SIMILARITY_PENALTY * ops.eye(count, dtype=logits.dtype)
    positives = (ops.arange(count) + ops.shape(first)[0]) % count
    return logits, positives


def nt_xent(first: Any, second: Any, temperature: float = 0.5) -> Any:
    """NT-Xent (Chen et al., 2020) of each of the 2N views, shape (2N,).

    For view ``i`` with positive ``p``: ``-log(exp(s_ip) / sum_{j != i} exp(s_ij))`` where
    ``s`` are the logits of :func:`nt_xent_logits`; the other 2N - 2 views are the negatives.
    """
    return nt_xent_and_accuracy(first, second, temperature)[0]


def nt_xent_and_accuracy(first: Any, second: Any, temperature: float = 0.5) -> tuple[Any, Any]:
    """:func:`nt_xent` per view and the :func:`contrastive_accuracy` of the same logits."""
    logits, positives = nt_xent_logits(first, second, temperature)
    losses = keras.losses.sparse_categorical_crossentropy(positives, logits, from_logits=True)
    return losses, contrastive_accuracy(logits, positives)


def contrastive_accuracy(logits: Any, positives: Any) -> Any:
    """Fraction of views whose most similar other view is their positive."""
    hits = ops.equal(ops.argmax(logits, axis=1), ops.cast(positives, "int64"))
    return ops.mean(ops.cast(hits, "float32"))

"""Training tuples for metric learning: pairs (:class:`learn.metric_nets.SiameseNet`) and
triplets (:class:`learn.metric_nets.TripletNet`) drawn from labelled samples with a seed."""

from __future__ import annotations

from typing import Any

import numpy as np

from hottbridge.errors import LearnError
from learn.validation import as_float_array, check_labels, positive_int


def _labelled(x: Any, labels: Any, min_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """Checked samples and labels holding at least ``min_classes`` classes."""
    samples = as_float_array(x, "x", min_rank=2)
    labels = check_labels(labels, len(samples))
    if len(np.unique(labels)) < min_classes:
        raise LearnError(
            f"labels hold {len(np.unique(labels))} class(es); at least {min_classes} are needed "
            "to form different-class partners"
        )
    return samples, labels


def _partners(
    labels: np.ndarray, anchors: np.ndarray, rng: np.random.Generator, *, same: bool
) -> np.ndarray:
    """One random partner index per anchor: of its class (never itself, unless it is alone in
    its class) when ``same``, of another class otherwise."""
    partners = np.empty_like(anchors)
    for value in np.unique(labels):
        rows = np.flatnonzero(labels[anchors] == value)
        pool = np.flatnonzero(labels == value) if same else np.flatnonzero(labels != value)
        if same and len(pool) > 1:
            draw = rng.integers(0, len(pool) - 1, size=len(rows))
            draw += draw >= np.searchsorted(pool, anchors[rows])  # skip the anchor itself
        else:
            draw = rng.integers(0, len(pool), size=len(rows))
        partners[rows] = pool[draw]
    return partners


def make_pairs(
    x: Any, labels: Any, *, per_sample: int = 1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Training pairs for :class:`learn.metric_nets.SiameseNet`: ``(left, right, same)``.

    Every sample is the left side of ``per_sample`` same-class pairs (``same = 1``) and as
    many different-class pairs (``same = 0``), partners drawn at random; the pairs come in a
    random order. The same ``seed`` gives the same pairs.
    """
    samples, labels = _labelled(x, labels, min_classes=2)
    rng = np.random.default_rng(seed)
    anchors = np.tile(np.arange(len(samples)), positive_int(per_sample, "per_sample"))
    positives = _partners(labels, anchors, rng, same=True)
    negatives = _partners(labels, anchors, rng, same=False)
    left = np.concatenate([anchors, anchors])
    right = np.concatenate([positives, negatives])
    same = np.repeat(np.array([1.0, 0.0], dtype=np.float32), len(anchors))
    order = rng.permutation(len(left))
    return samples[left[order]], samples[right[order]], same[order]


def make_triplets(
    x: Any, labels: Any, *, per_sample: int = 1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Training triplets for :class:`learn.metric_nets.TripletNet`: ``(anchor, positive,
    negative)``.

    Every sample anchors ``per_sample`` triplets with a random positive of its class and a
    random negative of another class, in a random order. The same ``seed`` gives the same
    triplets.
    """
    samples, labels = _labelled(x, labels, min_classes=2)
    rng = np.random.default_rng(seed)
    anchors = np.tile(np.arange(len(samples)), positive_int(per_sample, "per_sample"))
    anchors = rng.permutation(anchors)
    positives = _partners(labels, anchors, rng, same=True)
    negatives = _partners(labels, anchors, rng, same=False)
    return samples[anchors], samples[positives], samples[negatives]

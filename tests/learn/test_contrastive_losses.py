"""Contrastive, triplet and NT-Xent losses against hand-computed values, laws and NumPy."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from hottbridge.errors import LearnError
from learn.contrastive_losses import (
    contrastive_accuracy,
    contrastive_loss,
    nt_xent,
    nt_xent_logits,
    pair_distance,
    triplet_loss,
)

FAST = settings(deadline=None, max_examples=25)


def f32(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


def embeddings(rows: int, dim: int):
    return arrays(np.float32, (rows, dim), elements=st.floats(-5, 5, width=32))


@st.composite
def embedding_pairs(draw, max_rows: int = 6, max_dim: int = 4):
    rows = draw(st.integers(1, max_rows))
    dim = draw(st.integers(1, max_dim))
    return draw(embeddings(rows, dim)), draw(embeddings(rows, dim))


# --- hand-computed values ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("same", "left", "right", "margin", "expected"),
    [
        (1, [0, 0], [3, 4], 1.0, 25.0),  # similar pair, d = 5: d^2
        (0, [0, 0], [0.6, 0.8], 2.0, 1.0),  # dissimilar, d = 1 < margin 2: (2 - 1)^2
        (0, [0, 0], [3, 4], 2.0, 0.0),  # dissimilar beyond the margin: no loss
        (1, [1, 2], [1, 2], 1.0, 0.0),  # identical similar pair
        (0, [1, 2], [1, 2], 1.5, 2.25),  # identical dissimilar pair: margin^2
    ],
)
def test_contrastive_loss_hand_values(same, left, right, margin, expected) -> None:
    loss = contrastive_loss(f32([same]), f32([left]), f32([right]), margin=margin)
    np.testing.assert_allclose(np.asarray(loss), [expected], atol=1e-5)


@pytest.mark.parametrize(
    ("anchor", "positive", "negative", "margin", "expected"),
    [
        ([0, 0], [1, 0], [0, 2], 0.5, 0.0),  # 1 - 2 + 0.5 < 0
        ([0, 0], [1, 0], [0, 2], 1.5, 0.5),  # 1 - 2 + 1.5
        ([0, 0], [3, 4], [0, 1], 1.0, 5.0),  # 5 - 1 + 1
        ([1, 1], [1, 1], [1, 1], 0.25, 0.25),  # collapsed embeddings cost exactly the margin
    ],
)
def test_triplet_loss_hand_values(anchor, positive, negative, margin, expected) -> None:
    loss = triplet_loss(f32([anchor]), f32([positive]), f32([negative]), margin=margin)
    np.testing.assert_allclose(np.asarray(loss), [expected], atol=1e-5)


def test_losses_are_per_example() -> None:
    left, right = f32([[0, 0], [0, 0], [0, 0]]), f32([[3, 4], [0, 1], [6, 8]])
    np.testing.assert_allclose(np.asarray(pair_distance(left, right)), [5, 1, 10], rtol=1e-6)
    loss = contrastive_loss(f32([1, 0, 0]), left, right, margin=2.0)
    np.testing.assert_allclose(np.asarray(loss), [25, 1, 0], atol=1e-5)


def test_nt_xent_of_one_image_is_zero() -> None:
    """With N = 1 the positive is the only candidate, so its softmax probability is 1."""
    loss = nt_xent(f32([[1.0, 2.0]]), f32([[-3.0, 0.5]]), temperature=0.1)
    np.testing.assert_allclose(np.asarray(loss), [0.0, 0.0], atol=1e-6)


@pytest.mark.parametrize("temperature", [0.1, 0.5, 1.0])
def test_nt_xent_closed_form_for_orthogonal_images(temperature: float) -> None:
    """Two orthogonal images, each seen twice identically: s_pos = 1/T, the 2 negatives s = 0."""
    views = f32([[1, 0], [0, 1]])
    expected = math.log(1 + 2 * math.exp(-1 / temperature))
    loss = nt_xent(views, views, temperature=temperature)
    np.testing.assert_allclose(np.asarray(loss), [expected] * 4, rtol=1e-5, atol=1e-6)


def test_nt_xent_positive_indices_pair_the_two_views() -> None:
    _, positives = nt_xent_logits(np.eye(3, dtype=np.float32), np.eye(3, dtype=np.float32))
    assert np.asarray(positives).tolist() == [3, 4, 5, 0, 1, 2]


# --- laws ---------------------------------------------------------------------------------


@FAST
@given(embedding_pairs(), st.integers(0, 2**31 - 1), st.floats(0.1, 5))
def test_contrastive_loss_non_negative_and_zero_beyond_margin(pair, seed, margin) -> None:
    left, right = pair
    same = np.random.default_rng(seed).integers(0, 2, size=len(left)).astype(np.float32)
    loss = np.asarray(contrastive_loss(same, left, right, margin=margin))
    distance = np.linalg.norm(left - right, axis=1)
    assert (loss >= 0).all()
    far_dissimilar = (same == 0) & (distance >= margin)
    assert (loss[far_dissimilar] == 0).all()
    np.testing.assert_allclose(loss[same == 1], distance[same == 1] ** 2, rtol=1e-4, atol=1e-5)


@FAST
@given(embedding_pairs(), st.floats(0.1, 5))
def test_triplet_loss_non_negative_and_zero_when_margin_met(pair, margin) -> None:
    anchor, positive = pair
    direction = np.ones_like(anchor) / np.sqrt(anchor.shape[1])
    # a negative placed farther than the positive by more than the margin costs nothing
    reach = np.linalg.norm(anchor - positive, axis=1, keepdims=True) + margin + 0.01
    negative = (anchor + reach * direction).astype(np.float32)
    assert (np.asarray(triplet_loss(anchor, positive, negative, margin=margin)) == 0).all()
    shuffled = positive[::-1]
    assert (np.asarray(triplet_loss(anchor, positive, shuffled, margin=margin)) >= 0).all()


def numpy_nt_xent(first: np.ndarray, second: np.ndarray, temperature: float):
    """Direct transcription of Chen et al. (2020), eq. 1, one anchor at a time.

    Returns the per-view losses, the per-view hits (is the nearest other view the positive?)
    and the smallest gap between a view's two largest similarities (argmax is unstable at ties).
    """
    views = np.concatenate([first, second]).astype(np.float64)
    views /= np.linalg.norm(views, axis=1, keepdims=True)
    count, half = len(views), len(first)
    losses, hits, gaps = [], [], [np.inf]
    for i in range(count):
        positive = (i + half) % count
        similarity = {j: views[i] @ views[j] / temperature for j in range(count) if j != i}
        denominator = sum(math.exp(s) for s in similarity.values())
        losses.append(-math.log(math.exp(similarity[positive]) / denominator))
        hits.append(max(similarity, key=similarity.get) == positive)
        ranked = sorted(similarity.values(), reverse=True)
        if len(ranked) > 1:
            gaps.append(ranked[0] - ranked[1])
    return np.array(losses), float(np.mean(hits)), min(gaps)


@FAST
@given(embedding_pairs(), st.floats(0.1, 2.0))
def test_nt_xent_matches_numpy(pair, temperature) -> None:
    first, second = pair
    assume((np.linalg.norm(np.concatenate([first, second]), axis=1) > 1e-2).all())
    expected_loss, expected_accuracy, gap = numpy_nt_xent(first, second, temperature)
    np.testing.assert_allclose(
        np.asarray(nt_xent(first, second, temperature)), expected_loss, rtol=1e-4, atol=1e-4
    )
    if gap > 1e-3:
        logits, positives = nt_xent_logits(first, second, temperature)
        assert float(contrastive_accuracy(logits, positives)) == pytest.approx(expected_accuracy)


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize("margin", [0.0, -1.0, float("nan")])
def test_non_positive_margin_is_refused(margin: float) -> None:
    with pytest.raises(LearnError, match="margin must be a positive number"):
        contrastive_loss(f32([1]), f32([[0, 0]]), f32([[1, 1]]), margin=margin)
    with pytest.raises(LearnError, match="margin must be a positive number"):
        triplet_loss(f32([[0, 0]]), f32([[1, 1]]), f32([[2, 2]]), margin=margin)


@pytest.mark.parametrize("temperature", [0.0, -0.5])
def test_non_positive_temperature_is_refused(temperature: float) -> None:
    with pytest.raises(LearnError, match="temperature must be a positive number"):
        nt_xent(f32([[1, 0]]), f32([[0, 1]]), temperature=temperature)

"""Retrieval metrics against hand-computed cases, scikit-learn, and their laws."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import average_precision_score, ndcg_score

from hottbridge.errors import LearnError
from learn.retrieval import (
    average_precision,
    mean_average_precision,
    mean_over_queries,
    mean_reciprocal_rank,
    ndcg_at_k,
    precision_at_k,
    recall_at_k,
    reciprocal_rank,
    retrieval_scores,
)

# query 0: items 1, 3, 4 relevant, retrieved as 1 0 3 2 5 4 (hits at ranks 1, 3, 6)
# query 1: only item 5 relevant, retrieved last
# query 2: nothing relevant
RELEVANCE = np.array(
    [[0, 1, 0, 1, 1, 0], [0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0]], dtype=float
)
RANKING = np.array([[1, 0, 3, 2, 5, 4], [0, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 0]])
NAN = np.nan


@pytest.mark.parametrize(
    ("metric", "k", "expected"),
    [
        (precision_at_k, 1, [1, 0, 0]),
        (precision_at_k, 3, [2 / 3, 0, 0]),
        (precision_at_k, 6, [1 / 2, 1 / 6, 0]),
        (recall_at_k, 2, [1 / 3, 0, NAN]),
        (recall_at_k, 3, [2 / 3, 0, NAN]),
        (recall_at_k, 6, [1, 1, NAN]),
        (average_precision, None, [(1 + 2 / 3 + 3 / 6) / 3, 1 / 6, NAN]),
        (average_precision, 3, [(1 + 2 / 3) / 3, 0, NAN]),
        (average_precision, 1, [1, 0, NAN]),
        (reciprocal_rank, None, [1, 1 / 6, NAN]),
        (reciprocal_rank, 3, [1, 0, NAN]),
        (ndcg_at_k, 3, [(1 + 1 / 2) / (1 + 1 / np.log2(3) + 1 / 2), 0, NAN]),
    ],
)
def test_hand_computed_binary_cases(metric, k, expected) -> None:
    np.testing.assert_allclose(metric(RELEVANCE, RANKING, k), expected)


def test_graded_ndcg_by_hand() -> None:
    relevance = np.array([[3, 2, 0, 1]])
    ranking = np.array([[3, 0, 1, 2]])
    dcg = 1 + 3 / np.log2(3) + 2 / np.log2(4)
    ideal = 3 + 2 / np.log2(3) + 1 / np.log2(4)  # the top 3 of 3, 2, 1, 0
    np.testing.assert_allclose(ndcg_at_k(relevance, ranking, 3), [dcg / ideal])


def test_a_truncated_ranking_is_scored_like_the_top_of_the_full_one() -> None:
    for metric in (precision_at_k, recall_at_k, average_precision, ndcg_at_k, reciprocal_rank):
        np.testing.assert_allclose(
            metric(RELEVANCE, RANKING[:, :3], 3), metric(RELEVANCE, RANKING, 3)
        )


def test_means_skip_queries_with_nothing_relevant() -> None:
    assert mean_average_precision(RELEVANCE, RANKING) == pytest.approx(
        ((1 + 2 / 3 + 3 / 6) / 3 + 1 / 6) / 2
    )
    assert mean_reciprocal_rank(RELEVANCE, RANKING) == pytest.approx((1 + 1 / 6) / 2)
    assert np.isnan(mean_over_queries(np.array([NAN, NAN])))
    scores = retrieval_scores(RELEVANCE, RANKING, 3)
    assert sorted(scores) == sorted(
        ["precision_at_k", "recall_at_k", "average_precision", "ndcg_at_k", "reciprocal_rank"]
    )


@st.composite
def ranked_queries(draw, min_relevant: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Graded relevance (every query with >= ``min_relevant`` relevant items) and full rankings
    without ties."""
    n_queries = draw(st.integers(1, 4))
    n_items = draw(st.integers(max(2, min_relevant), 9))
    relevance = draw(hnp.arrays(np.int64, (n_queries, n_items), elements=st.integers(0, 3)))
    for row in relevance:
        if (row > 0).sum() < min_relevant:
            row[:min_relevant] = 1
    ranking = np.array([draw(st.permutations(range(n_items))) for _ in range(n_queries)])
    return relevance, ranking


def _scores_from(ranking: np.ndarray) -> np.ndarray:
    """Scores that order items as ``ranking`` does, without ties."""
    scores = np.empty(ranking.shape, dtype=float)
    np.put_along_axis(scores, ranking, np.arange(ranking.shape[1], 0, -1, dtype=float), axis=1)
    return scores


@settings(max_examples=100)
@given(ranked_queries(), st.integers(1, 9))
def test_ndcg_agrees_with_scikit_learn(queries, k: int) -> None:
    relevance, ranking = queries
    k = min(k, relevance.shape[1])
    scores = _scores_from(ranking)
    expected = [ndcg_score(relevance[i : i + 1], scores[i : i + 1], k=k) for i in range(len(scores))]
    np.testing.assert_allclose(ndcg_at_k(relevance, ranking, k), expected, atol=1e-12)


@settings(max_examples=100)
@given(ranked_queries())
def test_average_precision_agrees_with_scikit_learn(queries) -> None:
    relevance, ranking = queries
    scores = _scores_from(ranking)
    expected = [average_precision_score(relevance[i] > 0, scores[i]) for i in range(len(scores))]
    np.testing.assert_allclose(average_precision(relevance, ranking), expected, atol=1e-12)


@settings(max_examples=100)
@given(ranked_queries(), st.integers(1, 9))
def test_laws_linking_the_metrics(queries, k: int) -> None:
    relevance, ranking = queries
    n_items = relevance.shape[1]
    k = min(k, n_items)
    n_relevant = (relevance > 0).sum(axis=1)
    precision = precision_at_k(relevance, ranking, k)
    recall = recall_at_k(relevance, ranking, k)
    np.testing.assert_allclose(precision * k, recall * n_relevant)
    np.testing.assert_allclose(recall_at_k(relevance, ranking, n_items), 1.0)
    np.testing.assert_allclose(precision_at_k(relevance, ranking, n_items), n_relevant / n_items)
    first_hit = np.argmax(np.take_along_axis(relevance, ranking, axis=1) > 0, axis=1) + 1
    np.testing.assert_allclose(reciprocal_rank(relevance, ranking), 1 / first_hit)
    for metric in (average_precision, ndcg_at_k, reciprocal_rank):
        values = metric(relevance, ranking, k)
        assert np.all((0 <= values) & (values <= 1 + 1e-12))
    if k < n_items:
        assert np.all(recall_at_k(relevance, ranking, k + 1) >= recall)


@settings(max_examples=50)
@given(ranked_queries())
def test_the_ideal_ranking_scores_one(queries) -> None:
    relevance, _ = queries
    ideal = np.argsort(-relevance, axis=1, kind="stable")
    n_items = relevance.shape[1]
    np.testing.assert_allclose(ndcg_at_k(relevance, ideal, n_items), 1.0)
    np.testing.assert_allclose(average_precision(relevance, ideal), 1.0)
    np.testing.assert_allclose(reciprocal_rank(relevance, ideal), 1.0)


@pytest.mark.parametrize(
    ("relevance", "ranking", "k", "message"),
    [
        ([[0, -1]], [[0, 1]], 1, "relevance must be >= 0"),
        ([0, 1], [[0, 1]], 1, "relevance must have rank 2"),
        ([[0, 1]], [0, 1], 1, r"ranking must be \(n_queries, m\)"),
        ([[0, 1]], [[0.0, 1.0]], 1, "integer item indices"),
        ([[0, 1]], [[0, 1], [1, 0]], 1, "ranking has 2 queries but relevance has 1"),
        ([[0, 1]], [[0, 2]], 1, r"indices must be in 0..1"),
        ([[0, 1, 1]], [[2, 2]], 1, r"repeats an item in query row\(s\) \[0\]"),
        ([[0, 1]], [[0, 1]], 0, "k must be an integer from 1 to 2"),
        ([[0, 1]], [[0, 1]], 3, "k must be an integer from 1 to 2"),
        ([[0, 1]], [[0, 1]], True, "k must be an integer"),
        ([[0, np.nan]], [[0, 1]], 1, "non-finite"),
    ],
)
def test_bad_input_raises_learn_errors(relevance, ranking, k, message) -> None:
    with pytest.raises(LearnError, match=message):
        precision_at_k(relevance, ranking, k)


def test_importing_retrieval_loads_no_tensorflow() -> None:
    root = Path(__file__).resolve().parents[2]
    code = "import sys, learn.retrieval; print('tensorflow' in sys.modules or 'keras' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "False"

"""EmbeddingIndex: exact nearest neighbours and their retrieval scores."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hottbridge.errors import LearnError
from learn.search import EmbeddingIndex

LINE = np.array([[0.0], [1.0], [2.5], [10.0], [11.0]])
LINE_LABELS = np.array(["a", "a", "b", "b", "b"])

points = hnp.arrays(
    np.float64,
    st.tuples(st.integers(3, 12), st.integers(1, 4)),
    elements=st.floats(-10, 10, allow_nan=False).map(lambda v: round(v, 3)),
)


def test_fit_returns_the_fitted_index() -> None:
    index = EmbeddingIndex(metric="euclidean", n_neighbors=2)
    assert index.fit(LINE, LINE_LABELS) is index
    assert index.embeddings_.shape == (5, 1) and list(index.labels_) == list(LINE_LABELS)
    distances, indices = index.query([[2.4]])
    np.testing.assert_allclose(distances, [[0.1, 1.4]], rtol=1e-5)  # float32
    np.testing.assert_array_equal(indices, [[2, 1]])


@settings(deadline=None, max_examples=30)
@given(points, st.integers(1, 3))
def test_euclidean_query_is_exact(embeddings: np.ndarray, k: int) -> None:
    index = EmbeddingIndex(metric="euclidean").fit(embeddings)
    queries = embeddings[:2] + 0.5
    distances, indices = index.query(queries, k=k)
    brute = np.linalg.norm(queries[:, None] - embeddings[None].astype(np.float32), axis=-1)
    np.testing.assert_allclose(distances, np.sort(brute, axis=1)[:, :k], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(
        np.take_along_axis(brute, indices, axis=1), distances, rtol=1e-4, atol=1e-4
    )


def test_cosine_ignores_scale() -> None:
    rng = np.random.default_rng(0)
    embeddings = rng.normal(size=(30, 4))
    queries = rng.normal(size=(5, 4))
    scales = rng.uniform(0.1, 10.0, size=(30, 1))
    plain = EmbeddingIndex("cosine").fit(embeddings).query(queries, k=5)
    scaled = EmbeddingIndex("cosine").fit(embeddings * scales).query(queries * 3.0, k=5)
    np.testing.assert_array_equal(plain[1], scaled[1])
    np.testing.assert_allclose(plain[0], scaled[0], atol=1e-5)


def test_evaluate_leaving_each_point_out_by_hand() -> None:
    index = EmbeddingIndex(metric="euclidean").fit(LINE, LINE_LABELS)
    scores = index.evaluate(LINE, LINE_LABELS, k=2, exclude_self=True)
    # per query (precision, recall, AP, NDCG, RR): 0 and 1 find one "a" then a "b" (only one
    # other "a" exists); 2.5 finds only "a"s; 10 and 11 find each other then 2.5, all "b"
    assert scores == pytest.approx(
        {
            "precision_at_k": (0.5 + 0.5 + 0 + 1 + 1) / 5,
            "recall_at_k": 0.8,
            "average_precision": 0.8,
            "ndcg_at_k": 0.8,
            "reciprocal_rank": 0.8,
            "k": 2,
        }
    )


def test_evaluate_new_queries() -> None:
    index = EmbeddingIndex(metric="euclidean", n_neighbors=2).fit(LINE, LINE_LABELS)
    scores = index.evaluate([[0.4], [10.4]], ["a", "b"])
    # both neighbours share the label; that is 2 of the 2 "a"s and 2 of the 3 "b"s
    assert scores["precision_at_k"] == 1.0
    assert scores["recall_at_k"] == pytest.approx((1 + 2 / 3) / 2)
    assert scores["k"] == 2


def test_exclude_self_drops_the_query_even_among_duplicates() -> None:
    embeddings = np.array([[0.0], [0.0], [0.0], [5.0]])
    labels = np.array([0, 1, 0, 1])
    index = EmbeddingIndex(metric="euclidean").fit(embeddings, labels)
    ranking = index._ranking_without_self(embeddings, 0, 2)
    assert all(i not in row for i, row in enumerate(ranking))
    scores = index.evaluate(embeddings, labels, k=3, exclude_self=True)
    assert 0.0 <= scores["precision_at_k"] <= 1.0


@settings(deadline=None, max_examples=20)
@given(st.integers(0, 1000))
def test_separated_clusters_retrieve_perfectly(seed: int) -> None:
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(3), 6)
    embeddings = 100.0 * np.eye(3)[labels] + rng.normal(size=(18, 3))
    index = EmbeddingIndex(metric="cosine", n_neighbors=5).fit(embeddings, labels)
    scores = index.evaluate(embeddings, labels, exclude_self=True)
    assert scores == pytest.approx({**dict.fromkeys(scores, 1.0), "k": 5})


def test_evaluate_splits_large_query_sets_into_chunks(monkeypatch) -> None:
    rng = np.random.default_rng(1)
    embeddings, labels = rng.normal(size=(40, 3)), rng.integers(0, 3, 40)
    index = EmbeddingIndex(n_neighbors=4).fit(embeddings, labels)
    whole = index.evaluate(embeddings, labels, exclude_self=True)
    monkeypatch.setattr("learn.search.CHUNK", 7)
    assert index.evaluate(embeddings, labels, exclude_self=True) == pytest.approx(whole)


@pytest.mark.parametrize(
    ("act", "message"),
    [
        (lambda: EmbeddingIndex().query(LINE), "not fitted yet"),
        (lambda: EmbeddingIndex(metric="manhattan").fit(LINE), "metric must be one of"),
        (lambda: EmbeddingIndex().fit(LINE, ["a"]), "one entry per embedding"),
        (lambda: EmbeddingIndex().fit(LINE[:, 0]), "must have rank 2"),
        (lambda: EmbeddingIndex().fit(LINE).query(LINE, k=6), "from 1 to 5"),
        (lambda: EmbeddingIndex().fit(LINE).query([[1.0, 2.0]], k=1), "the model expects"),
        (lambda: EmbeddingIndex().fit(LINE).evaluate(LINE, LINE_LABELS, k=1), "needs labels"),
        (
            lambda: EmbeddingIndex().fit(LINE, LINE_LABELS).evaluate(LINE, ["a"], k=1),
            "one entry per query",
        ),
        (
            lambda: EmbeddingIndex().fit(LINE, LINE_LABELS).evaluate(
                LINE[:2], LINE_LABELS[:2], k=1, exclude_self=True
            ),
            "needs the indexed points",
        ),
        (
            lambda: EmbeddingIndex().fit(LINE, LINE_LABELS).evaluate(
                LINE, LINE_LABELS, k=5, exclude_self=True
            ),
            "from 1 to 4",
        ),
    ],
)
def test_bad_use_raises_learn_errors(act, message: str) -> None:
    with pytest.raises(LearnError, match=message):
        act()

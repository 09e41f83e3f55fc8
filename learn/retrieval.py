"""Retrieval metrics, per query, in pure numpy: precision@k, recall@k, average precision, NDCG@k
and reciprocal rank, with their means over queries.

Every function takes the same two arrays:

- ``relevance`` (n_queries, n_items): how relevant each item is to each query, >= 0. Graded
  values are used as gains by NDCG; every other metric counts an item as relevant when its
  relevance is > 0.
- ``ranking`` (n_queries, m): for each query, the indices of the retrieved items, best first,
  without repeats (m <= n_items; the full ranking or only its top).

A query with no relevant item has no recall, average precision, NDCG or reciprocal rank: those
values are NaN and the means skip them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from hottbridge.errors import LearnError
from learn.validation import as_float_array, positive_int


def _arrays(relevance: Any, ranking: Any) -> tuple[np.ndarray, np.ndarray]:
    """Checked float relevance and int ranking of matching query counts."""
    gains = as_float_array(relevance, "relevance", min_rank=2, max_rank=2, dtype=np.float64)
    if np.any(gains < 0):
        raise LearnError("relevance must be >= 0 (0 = not relevant)")
    order = np.asarray(ranking)
    if order.ndim != 2 or order.shape[1] == 0:
        raise LearnError(f"ranking must be (n_queries, m) with m >= 1, got shape {order.shape}")
    if not np.issubdtype(order.dtype, np.integer):
        raise LearnError(f"ranking must hold integer item indices, got dtype {order.dtype}")
    if order.shape[0] != gains.shape[0]:
        raise LearnError(
            f"ranking has {order.shape[0]} queries but relevance has {gains.shape[0]}"
        )
    if order.min() < 0 or order.max() >= gains.shape[1]:
        raise LearnError(
            f"ranking indices must be in 0..{gains.shape[1] - 1} (the items of relevance), "
            f"got {order.min()}..{order.max()}"
        )
    ordered = np.sort(order, axis=1)
    repeats = np.flatnonzero((ordered[:, 1:] == ordered[:, :-1]).any(axis=1))
    if repeats.size:
        raise LearnError(f"ranking repeats an item in query row(s) {repeats[:10].tolist()}")
    return gains, order


def _depth(k: Any, order: np.ndarray) -> int:
    """``k`` checked to be an int in 1..m; None means the whole ranking."""
    m = order.shape[1]
    if k is None:
        return m
    return positive_int(k, "k", maximum=m)  # at most the ranking's length


def _hits(gains: np.ndarray, order: np.ndarray, k: int) -> np.ndarray:
    """(n_queries, k) booleans: is the item at each rank relevant."""
    return np.take_along_axis(gains, order[:, :k], axis=1) > 0


def _over_relevant(values: np.ndarray, n_relevant: np.ndarray) -> np.ndarray:
    """``values / n_relevant``, NaN where a query has nothing relevant."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n_relevant > 0, values / n_relevant, np.nan)


def precision_at_k(relevance: Any, ranking: Any, k: int) -> np.ndarray:
    """Per query: the fraction of the top ``k`` retrieved items that are relevant."""
    gains, order = _arrays(relevance, ranking)
    k = _depth(k, order)
    return _hits(gains, order, k).sum(axis=1) / k


def recall_at_k(relevance: Any, ranking: Any, k: int) -> np.ndarray:
    """Per query: the fraction of all relevant items that are in the top ``k``."""
    gains, order = _arrays(relevance, ranking)
    k = _depth(k, order)
    return _over_relevant(_hits(gains, order, k).sum(axis=1), (gains > 0).sum(axis=1))


def average_precision(relevance: Any, ranking: Any, k: int | None = None) -> np.ndarray:
    """Per query: sum of precision@i over the ranks i <= k holding a relevant item, divided by
    min(number of relevant items, k).

    With the full ranking (k = n_items) this is the usual (TREC, scikit-learn) average precision.
    """
    gains, order = _arrays(relevance, ranking)
    k = _depth(k, order)
    hits = _hits(gains, order, k)
    precision_at_rank = np.cumsum(hits, axis=1) / np.arange(1, k + 1)
    n_relevant = np.minimum((gains > 0).sum(axis=1), k)
    return _over_relevant((precision_at_rank * hits).sum(axis=1), n_relevant)


def ndcg_at_k(relevance: Any, ranking: Any, k: int) -> np.ndarray:
    """Per query: discounted cumulative gain of the top ``k`` over that of the ideal ranking.

    Gains are the graded relevances, discounted by 1 / log2(rank + 1), as scikit-learn's
    ``ndcg_score``.
    """
    gains, order = _arrays(relevance, ranking)
    k = _depth(k, order)
    discount = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = np.take_along_axis(gains, order[:, :k], axis=1) @ discount
    ideal = -np.sort(-gains, axis=1)[:, :k]
    idcg = ideal @ discount
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(idcg > 0, dcg / idcg, np.nan)


def reciprocal_rank(relevance: Any, ranking: Any, k: int | None = None) -> np.ndarray:
    """Per query: 1 / rank of the first relevant item in the top ``k``, 0 if none is there."""
    gains, order = _arrays(relevance, ranking)
    k = _depth(k, order)
    hits = _hits(gains, order, k)
    first = np.where(hits.any(axis=1), 1.0 / (hits.argmax(axis=1) + 1), 0.0)
    return np.where((gains > 0).any(axis=1), first, np.nan)


def mean_over_queries(values: np.ndarray) -> float:
    """The mean of per-query values, skipping NaN (undefined) queries; NaN if all are."""
    defined = np.asarray(values, dtype=np.float64)
    defined = defined[~np.isnan(defined)]
    return float(defined.mean()) if defined.size else float("nan")


def mean_average_precision(relevance: Any, ranking: Any, k: int | None = None) -> float:
    """The mean over queries of :func:`average_precision`."""
    return mean_over_queries(average_precision(relevance, ranking, k))


def mean_reciprocal_rank(relevance: Any, ranking: Any, k: int | None = None) -> float:
    """The mean over queries of :func:`reciprocal_rank`."""
    return mean_over_queries(reciprocal_rank(relevance, ranking, k))


#: name -> per-query metric at depth k, as reported by :func:`retrieval_scores`
METRICS = {
    "precision_at_k": precision_at_k,
    "recall_at_k": recall_at_k,
    "average_precision": average_precision,
    "ndcg_at_k": ndcg_at_k,
    "reciprocal_rank": reciprocal_rank,
}


def retrieval_scores(relevance: Any, ranking: Any, k: int) -> dict[str, np.ndarray]:
    """Every metric of :data:`METRICS` at depth ``k``, per query."""
    return {name: metric(relevance, ranking, k) for name, metric in METRICS.items()}

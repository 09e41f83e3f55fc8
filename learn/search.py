"""Similarity search over embeddings: a nearest-neighbour index with retrieval evaluation.

:class:`EmbeddingIndex` wraps scikit-learn's ``NearestNeighbors`` (exact search) and scores
how well neighbours share a label with :mod:`learn.retrieval`'s metrics.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.neighbors import NearestNeighbors

from hottbridge.errors import LearnError
from learn.retrieval import mean_over_queries, retrieval_scores
from learn.validation import as_float_array, check_choice, check_sample_shape, positive_int

METRICS = ("cosine", "euclidean")
#: queries scored at once by ``evaluate``; bounds its (chunk, n_indexed) relevance matrix
CHUNK = 1024


class EmbeddingIndex:
    """Exact k-nearest-neighbour search over fitted embeddings (scikit-learn conventions).

    Parameters: ``metric`` ("cosine" or "euclidean") and ``n_neighbors``, the default ``k``.
    Fitted attributes: ``embeddings_`` (n, d), ``labels_`` (n,) or None, ``neighbors_`` (the
    scikit-learn ``NearestNeighbors``).
    """

    def __init__(self, metric: str = "cosine", n_neighbors: int = 10) -> None:
        self.metric = metric
        self.n_neighbors = n_neighbors

    def fit(self, embeddings: Any, labels: Any = None) -> EmbeddingIndex:
        """Index ``embeddings`` (n, d), with optional ``labels`` (n,) for :meth:`evaluate`."""
        check_choice("metric", self.metric, METRICS)
        points = as_float_array(embeddings, "embeddings", min_rank=2, max_rank=2)
        if labels is not None:
            labels = np.asarray(labels)
            if labels.shape != (len(points),):
                raise LearnError(
                    f"labels must have one entry per embedding ({len(points)}), "
                    f"got shape {labels.shape}"
                )
        self.embeddings_ = points
        self.labels_ = labels
        self.neighbors_ = NearestNeighbors(metric=self.metric, algorithm="brute").fit(points)
        return self

    def _fitted(self) -> None:
        if not hasattr(self, "neighbors_"):
            raise LearnError("this EmbeddingIndex is not fitted yet: call fit(embeddings) first")

    def _k(self, k: int | None, extra: int = 0) -> int:
        """``k`` (default ``n_neighbors``), checked against the ``n - extra`` indexed points."""
        k = self.n_neighbors if k is None else k
        return positive_int(k, "k", maximum=len(self.embeddings_) - extra)

    def query(self, x: Any, k: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` nearest indexed points to each row of ``x``: (distances, indices), each
        (n_queries, k), nearest first."""
        self._fitted()
        queries = as_float_array(x, "queries", min_rank=2, max_rank=2)
        check_sample_shape(queries, self.embeddings_.shape[1:], "queries")
        distances, indices = self.neighbors_.kneighbors(queries, n_neighbors=self._k(k))
        return distances, indices

    def _ranking_without_self(self, queries: np.ndarray, start: int, k: int) -> np.ndarray:
        """The top ``k`` of indexed points ``start..`` as queries, each with itself removed."""
        _, indices = self.neighbors_.kneighbors(queries, n_neighbors=k + 1)
        own = np.arange(start, start + len(queries))[:, None]
        keep = indices != own
        keep[keep.all(axis=1), -1] = False  # a query tied out of its own top k+1: drop the last
        return indices[keep].reshape(len(queries), k)

    def evaluate(
        self, queries: Any, query_labels: Any, k: int | None = None, exclude_self: bool = False
    ) -> dict[str, float]:
        """Retrieval quality of the top ``k`` neighbours, relevance = same label.

        Returns the means over queries of precision@k, recall@k, average precision (at k),
        NDCG@k and reciprocal rank (see :mod:`learn.retrieval`), plus ``k``.

        ``exclude_self=True`` is for querying the index with its own points: ``queries`` must be
        the fitted embeddings in order (query i is point i), and each query's own point is left
        out of its ranking and of its relevant set.
        """
        self._fitted()
        if self.labels_ is None:
            raise LearnError("evaluate needs labels: fit the index with fit(embeddings, labels)")
        points = as_float_array(queries, "queries", min_rank=2, max_rank=2)
        check_sample_shape(points, self.embeddings_.shape[1:], "queries")
        wanted = np.asarray(query_labels)
        if wanted.shape != (len(points),):
            raise LearnError(
                f"query_labels must have one entry per query ({len(points)}), got {wanted.shape}"
            )
        if exclude_self and len(points) != len(self.embeddings_):
            raise LearnError(
                f"exclude_self=True needs the indexed points as queries: {len(points)} queries "
                f"but {len(self.embeddings_)} indexed points"
            )
        k = self._k(k, extra=int(exclude_self))
        per_query: dict[str, list[np.ndarray]] = {}
        for start in range(0, len(points), CHUNK):
            chunk = points[start : start + CHUNK]
            relevance = (wanted[start : start + CHUNK, None] == self.labels_[None, :]).astype(float)
            if exclude_self:
                ranking = self._ranking_without_self(chunk, start, k)
                relevance[np.arange(len(chunk)), np.arange(start, start + len(chunk))] = 0.0
            else:
                ranking = self.neighbors_.kneighbors(chunk, n_neighbors=k)[1]
            for name, values in retrieval_scores(relevance, ranking, k).items():
                per_query.setdefault(name, []).append(values)
        means = {name: mean_over_queries(np.concatenate(v)) for name, v in per_query.items()}
        return {**means, "k": k}

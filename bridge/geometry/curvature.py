"""Curvature of the edges of a weighted graph — the data complex's 1-skeleton, its weights
edge lengths (latent distance, or length in the decoder's pull-back metric).

* :func:`ollivier_ricci` — κ(x, y) = 1 − W₁(m_x, m_y) / d(x, y) (Ollivier 2009): m_x keeps
  mass ``alpha`` at x and spreads 1 − alpha evenly over x's neighbours, W₁ is the optimal
  transport cost under the graph's shortest-path distance d — solved exactly by POT's
  ``ot.emd2`` (network simplex), one small problem per edge.
* :func:`forman_curvature` — the cheap, local alternative (Forman 2003, in the weighted graph
  form of Sreejith et al. 2016, vertex weights 1): no transport, only the edge's neighbours.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import networkx as nx
import numpy as np

from hottbridge.errors import BridgeError

Edge = tuple[Any, Any]


def _checked_weights(graph: nx.Graph, weight: str | None) -> dict[Edge, float]:
    if not isinstance(graph, nx.Graph) or graph.is_directed() or graph.is_multigraph():
        raise BridgeError(f"curvature needs an undirected networkx.Graph, got "
                          f"{type(graph).__name__}")
    weights = {(u, v): 1.0 if weight is None else float(data.get(weight, 1.0))
               for u, v, data in graph.edges(data=True)}
    bad = [(edge, w) for edge, w in weights.items() if not (np.isfinite(w) and w > 0)]
    if bad:
        raise BridgeError(f"edge weights must be positive and finite: edge {bad[0][0]} has "
                          f"{weight!r} = {bad[0][1]!r}")
    if any(u == v for u, v in weights):
        raise BridgeError("the graph has a self-loop: curvature is defined on edges between "
                          "distinct vertices")
    return weights


def ollivier_ricci(graph: nx.Graph, alpha: float = 0.5, weight: str | None = "weight"
                   ) -> dict[Edge, float]:
    """Ollivier–Ricci curvature of every edge, keyed as in ``graph.edges()``.

    ``weight`` names the edge attribute holding lengths (None: all 1). d(x, y) in the
    denominator is the shortest-path distance (the edge's length unless a shorter path
    exists). Positive: the neighbourhoods of x and y overlap (a clique, a sphere-like
    region); 0: they are translates (a long cycle, a flat grid); negative: they diverge (a
    tree, a bridge between clusters).
    """
    from scipy.sparse.csgraph import dijkstra

    ot = _pot()
    if not (isinstance(alpha, (int, float)) and 0 <= alpha < 1):
        raise BridgeError(f"alpha must be a number in [0, 1), got {alpha!r}")
    weights = _checked_weights(graph, weight)
    if not weights:
        return {}
    nodes = list(graph)
    index = {v: i for i, v in enumerate(nodes)}
    sparse = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=weight, format="csr")
    # any cost the transport needs is at most neighbour-edge-neighbour: 3 × the longest edge
    reach = 3 * max(weights.values()) * (1 + 1e-9)
    distance = dijkstra(sparse, directed=False, limit=reach)
    measures = {}
    for v in nodes:
        around = [index[u] for u in graph.neighbors(v)]
        mass = np.full(len(around), (1 - alpha) / len(around)) if around else np.empty(0)
        measures[v] = (np.array([index[v], *around]), np.concatenate([[alpha], mass]))
    curvature = {}
    for u, v in weights:
        (source, mu), (target, nu) = measures[u], measures[v]
        cost = distance[np.ix_(source, target)]
        curvature[(u, v)] = 1.0 - float(ot.emd2(mu, nu, cost)) / distance[index[u], index[v]]
    return curvature


def _pot() -> Any:
    """POT's ``ot``. Its first import loads every array backend it finds; TensorFlow costs
    seconds, and these problems are NumPy arrays, so unless TensorFlow is loaded already POT
    is told to skip it (its documented switch; it holds for this process)."""
    if "ot" not in sys.modules and "tensorflow" not in sys.modules:
        os.environ.setdefault("POT_BACKEND_DISABLE_TENSORFLOW", "1")
    import ot

    return ot


def forman_curvature(graph: nx.Graph, weight: str | None = "weight", triangles: bool = False
                     ) -> dict[Edge, float]:
    """Forman–Ricci curvature of every edge, keyed as in ``graph.edges()``.

    F(x, y) = w_e · (2 / w_e − Σ_{e' ∋ x, e' ≠ e} 1/√(w_e w_e') − Σ_{e' ∋ y, e' ≠ e}
    1/√(w_e w_e')) with w the ``weight`` attribute (None: all 1, and F = 4 − deg x − deg y).
    ``triangles=True`` adds 3 per triangle on the edge: the augmented Forman curvature of the
    flag 2-complex (Samal et al. 2018, stated there for unit weights).
    """
    weights = _checked_weights(graph, weight)

    def w(a: Any, b: Any) -> float:
        return weights[(a, b)] if (a, b) in weights else weights[(b, a)]

    curvature = {}
    for (u, v), here in weights.items():
        others = [w(u, x) for x in graph.neighbors(u) if x != v]
        others += [w(v, y) for y in graph.neighbors(v) if y != u]
        value = 2.0 - sum(np.sqrt(here / there) for there in others)
        if triangles:
            value += 3 * len(set(graph.neighbors(u)) & set(graph.neighbors(v)))
        curvature[(u, v)] = float(value)
    return curvature


def edge_lengths(complex_: Any, codec: Any = None, samples: int = 8) -> nx.Graph:
    """The 1-skeleton of a fitted :class:`~bridge.complex.DataComplex` with ``weight`` the
    length of each edge: the latent distance between its landmarks, or — given a ``codec`` —
    the length of the straight segment in the decoder's pull-back metric (``samples`` steps
    per edge; every edge's midpoints go through one batched metric call)."""
    from bridge.geometry.metric import segment_speeds

    complex_._fitted()
    graph = nx.Graph()
    graph.add_nodes_from(complex_.graph_.nodes())
    edges = list(complex_.graph_.edges())
    if codec is None or not edges:
        graph.add_edges_from((a, b, {"weight": float(np.linalg.norm(
            complex_.landmarks_[a] - complex_.landmarks_[b]))}) for a, b in edges)
        return graph
    if not isinstance(samples, int) or samples < 1:
        raise BridgeError(f"samples must be a positive integer, got {samples!r}")
    ends = complex_.landmarks_[np.array(edges)]  # (m, 2, d)
    step = (ends[:, 1] - ends[:, 0]) / samples
    t = (np.arange(samples) + 0.5) / samples
    middles = ends[:, :1] + t[None, :, None] * step[:, None] * samples  # (m, samples, d)
    d = ends.shape[-1]
    speed = np.sqrt(segment_speeds(codec, middles.reshape(-1, d),
                                   np.repeat(step, samples, axis=0))).reshape(len(edges), samples)
    for (a, b), length in zip(edges, speed.sum(axis=1), strict=True):
        if not length > 0:
            raise BridgeError(f"the decoder maps edge ({a}, {b}) to a single point: its "
                              "pull-back length is 0")
        graph.add_edge(a, b, weight=float(length))
    return graph

"""Discrete Ricci flow on a weighted graph (Ollivier's proposal, in the form of Ni et al. 2019).

Each step moves every edge length against its curvature, w ← w − ε·κ(w)·w: positively curved
edges (inside clusters) shrink, negatively curved ones (bridges between clusters) grow. Then
the lengths are rescaled so their sum is the initial sum of the edges still present (the
flow changes shape, not size), and — with a surgery threshold — edges longer than
``surgery`` × the initial median length are cut. Surgery is where the flow can change the
topology; :mod:`bridge.geometry.preservation` checks, step by step, whether it did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from bridge.geometry.curvature import Edge, forman_curvature, ollivier_ricci
from hottbridge.errors import BridgeError

CURVATURES = ("ollivier", "forman")


@dataclass(frozen=True)
class RicciFlow:
    """The flow's history. ``weights[t]`` are the edge lengths after step t (row 0: the
    initial ones; NaN once an edge is cut), ``curvature[t]`` the curvature that drove step
    t + 1, ``cuts`` the (step, edge) of every surgery."""

    nodes: tuple[Any, ...]
    edges: tuple[Edge, ...]
    weights: np.ndarray
    curvature: np.ndarray
    cuts: tuple[tuple[int, Edge], ...]

    @property
    def steps(self) -> int:
        return len(self.weights) - 1

    def graph(self, step: int) -> nx.Graph:
        """The weighted graph after ``step`` steps (cut edges gone, every node kept)."""
        if not (isinstance(step, int) and 0 <= step <= self.steps):
            raise BridgeError(f"step must be an integer in [0, {self.steps}], got {step!r}")
        graph = nx.Graph()
        graph.add_nodes_from(self.nodes)
        graph.add_edges_from((u, v, {"weight": float(w)})
                             for (u, v), w in zip(self.edges, self.weights[step], strict=True)
                             if np.isfinite(w))
        return graph


def ricci_flow(graph: nx.Graph, steps: int = 20, step_size: float = 0.5,
               curvature: str = "ollivier", alpha: float = 0.5,
               surgery: float | None = None, weight: str = "weight") -> RicciFlow:
    """Run ``steps`` steps of the discrete Ricci flow on the lengths ``weight`` of ``graph``.

    ``curvature``: "ollivier" (κ ≤ 1, so any ``step_size`` < 1 keeps lengths positive) or
    "forman", augmented by triangles — the flag 2-complex's, which sees clusters where the
    plain graph form does not (unbounded, of the order of the degrees: take a small
    ``step_size``; a step that would make a length non-positive raises). ``surgery``:
    cut edges longer than this multiple of the initial median length (None: never cut).
    """
    if curvature not in CURVATURES:
        raise BridgeError(f"curvature must be one of {CURVATURES}, got {curvature!r}")
    if not (isinstance(steps, int) and steps >= 0):
        raise BridgeError(f"steps must be a non-negative integer, got {steps!r}")
    if not (isinstance(step_size, (int, float)) and 0 < step_size < 1):
        raise BridgeError(f"step_size must be a number in (0, 1), got {step_size!r}")
    if surgery is not None and not (isinstance(surgery, (int, float)) and surgery > 1):
        raise BridgeError(f"surgery must be a number > 1 (a multiple of the median edge "
                          f"length) or None, got {surgery!r}")
    current = nx.Graph()
    current.add_nodes_from(graph)
    current.add_edges_from((u, v, {"weight": d.get(weight, 1.0)})
                           for u, v, d in graph.edges(data=True))
    edges = tuple(current.edges())
    if not edges:
        raise BridgeError("the graph has no edges: there is nothing to flow")
    position = {edge: i for i, edge in enumerate(edges)}
    start = np.array([current.edges[e]["weight"] for e in edges], dtype=float)
    history, curvatures, cuts = [start], [], []
    threshold = None if surgery is None else surgery * float(np.median(start))
    for t in range(1, steps + 1):
        if curvature == "ollivier":
            kappa = ollivier_ricci(current, alpha=alpha)
        else:
            kappa = forman_curvature(current, triangles=True)
        row = np.full(len(edges), np.nan)
        for edge, value in kappa.items():
            row[position[_key(edge, position)]] = value
        weights = history[-1] * (1 - step_size * row)
        alive = np.isfinite(weights)
        if np.any(weights[alive] <= 0):
            worst = edges[int(np.nanargmin(np.where(alive, weights, np.nan)))]
            raise BridgeError(f"step {t}: edge {worst} would get a non-positive length "
                              f"(curvature {row[position[worst]]:.3g}); lower step_size")
        weights[alive] *= start[alive].sum() / weights[alive].sum()
        if threshold is not None:
            for i in np.flatnonzero(alive & (weights > threshold)):
                cuts.append((t, edges[i]))
                current.remove_edge(*edges[i])
                weights[i] = np.nan
        for i in np.flatnonzero(np.isfinite(weights)):
            current.edges[edges[i]]["weight"] = float(weights[i])
        history.append(weights)
        curvatures.append(row)
    return RicciFlow(tuple(graph), edges, np.array(history),
                     np.array(curvatures).reshape(steps, len(edges)), tuple(cuts))


def _key(edge: Edge, position: dict[Edge, int]) -> Edge:
    return edge if edge in position else (edge[1], edge[0])

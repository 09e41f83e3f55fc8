"""The law that joins the flow to the rest of the project: a Ricci flow deforms the metric, and a
deformation of the metric should not change the homotopy type.

At each step of a :class:`~bridge.geometry.flow.RicciFlow` the data complex is rebuilt from the
flowed metric — the Rips complex (gudhi, from a distance matrix) of the shortest-path distances
of the flowed graph — and compared with the original: same Betti numbers, and, given a
:class:`~bridge.realization.Realization` of a circle, the same degree up to sign (the sign
is relative to each complex's own H1 basis, whose orientation is arbitrary). The scale is chosen per
step from the flowed metric itself, the way :class:`~bridge.complex.DataComplex` chooses its
own: the H0/H1 barcode of the flowed distances (noise-short H1 classes ignored) cuts the scale
axis into regimes of constant Betti numbers; the longest on a log scale is taken, and in it
the smallest scale of a log grid at which no noise class is alive (a small complex with the
regime's Betti numbers). A fixed ``scale`` can be given instead. Surgery that cuts the loop, or a flow that crushes a
hole, breaks the law, and then it fails.
"""

from __future__ import annotations

import copy
import math
from itertools import pairwise
from typing import Any

import networkx as nx
import numpy as np

from bridge.complex import SEARCH_SPAN, Bar, DataComplex, _betti, _signal
from bridge.geometry.flow import RicciFlow
from bridge.laws import LawResult
from bridge.realization import Realization
from hott import HIT
from hottbridge.errors import BridgeError

LAW = "homotopy type preserved"


def rebuild(complex_: DataComplex, graph: nx.Graph, scale: float | None = None) -> DataComplex:
    """A copy of ``complex_`` (same landmarks, so latent paths still project onto it) whose
    complex is the Rips complex of ``graph``'s shortest-path distances, at ``scale`` (None:
    :func:`flowed_scale` of those distances); ``scale_`` is set to the scale used."""
    import gudhi
    from scipy.sparse.csgraph import dijkstra

    nodes = list(range(len(complex_.landmarks_)))
    if set(graph) != set(nodes):
        raise BridgeError("the graph's vertices are not the complex's landmarks 0..n-1")
    distance = dijkstra(nx.to_scipy_sparse_array(graph, nodelist=nodes, format="csr"),
                        directed=False)
    if scale is None:
        scale = flowed_scale(distance)
    distance[~np.isfinite(distance)] = 2 * scale + 1  # farther than the scale: no simplex
    tree = gudhi.RipsComplex(distance_matrix=distance, max_edge_length=scale
                             ).create_simplex_tree(max_dimension=complex_.max_dimension)
    rebuilt = copy.copy(complex_)
    rebuilt.scale_ = float(scale)
    rebuilt.hit_ = HIT.from_simplices([tuple(s) for s, _ in tree.get_skeleton(
        complex_.max_dimension)], name="flowed")
    rebuilt.graph_ = nx.Graph()
    rebuilt.graph_.add_nodes_from(nodes)
    rebuilt.graph_.add_edges_from((a, b, {"weight": float(distance[a, b])})
                                  for s, _ in tree.get_skeleton(1) if len(s) == 2
                                  for a, b in [s])
    return rebuilt


def flowed_scale(distance: np.ndarray) -> float:
    """A scale inside the most stable regime of the H0/H1 barcode of a distance matrix."""
    import gudhi

    finite = distance[np.isfinite(distance)]
    top = float(finite.max()) * 1.01 + 1e-12
    graph = gudhi.RipsComplex(distance_matrix=np.where(np.isfinite(distance), distance, 2 * top),
                              max_edge_length=top).create_simplex_tree(max_dimension=1)
    size = graph.num_simplices() + 1
    while graph.num_simplices() < size:  # edge collapse keeps the persistence, shrinks it
        size = graph.num_simplices()
        graph.collapse_edges()
    graph.expansion(2)
    bars = tuple(Bar(dim, float(birth), float(death))
                 for dim, (birth, death) in graph.persistence() if dim <= 1)
    events = sorted({v for bar in _signal(bars) for v in (bar.birth, bar.death)
                     if 0 < v < math.inf})
    if not events:
        return top
    bounds = [*pairwise(events), (events[-1], 2 * events[-1])]
    low, high = max(bounds, key=lambda ab: math.log(ab[1] / ab[0]))
    regime = _betti(_signal(bars), low)
    top = min(high, SEARCH_SPAN * low)
    grid = [low * (top / low) ** (k / 24) for k in range(1, 24)]
    clean = [scale for scale in grid if _betti(bars, scale) == regime]  # no noise class alive
    return clean[0] if clean else math.sqrt(low * top)


def _degree(realization: Realization, complex_: DataComplex) -> int | str:
    """The realization's degree in ``complex_``, or why it has none there."""
    try:
        moved = Realization(realization.hit, complex_, realization.points, realization.paths,
                            tol=realization.tol)
        return moved.degree()
    except BridgeError as error:
        return str(error)


def homotopy_type_preserved(complex_: DataComplex, flow: RicciFlow,
                            realization: Realization | None = None,
                            scale: float | None = None) -> list[LawResult]:
    """One law result per step of ``flow`` (step 0 included): the complex rebuilt from the
    flowed metric (at ``scale``, or one chosen per step) has the original's Betti numbers and,
    with ``realization``, its degree.

    Without a realization, or when the original has no degree (H1 not ≅ Z), the degree is
    not applicable and the result says so; only the Betti numbers are then compared."""
    complex_._fitted()
    if realization is not None and realization.complex is not complex_:
        raise BridgeError("the realization is of another data complex")
    if scale is not None and not (isinstance(scale, (int, float)) and scale > 0):
        raise BridgeError(f"scale must be a positive number, got {scale!r}")
    betti = complex_.betti_numbers()
    degree = _degree(realization, complex_) if realization is not None else "no realization"
    results = []
    for step in range(flow.steps + 1):
        rebuilt = rebuild(complex_, flow.graph(step), scale)
        found = rebuilt.betti_numbers()
        found += (0,) * (len(betti) - len(found))  # a complex without top cells
        problems = [] if found == betti else [f"Betti numbers {found}, originally {betti}"]
        details: dict[str, Any] = {"step": step, "betti": found, "scale": rebuilt.scale_}
        checked = 1
        if isinstance(degree, int):
            checked = 2
            moved = _degree(realization, rebuilt)
            details["degree"] = moved
            if not isinstance(moved, int) or abs(moved) != abs(degree):
                problems.append(f"degree {moved}, originally {degree}" if isinstance(moved, int)
                                else f"no degree ({moved}), originally {degree}")
        else:
            details["degree"] = f"not applicable: {degree}"
        cut = [edge for when, edge in flow.cuts if when <= step]
        if cut:
            details["cut edges"] = len(cut)
        results.append(LawResult(LAW, not problems, float(len(problems)), 0.0, checked,
                                 len(problems), where=f"step {step}: " + "; ".join(problems)
                                 if problems else "", details=details,
                                 measure="invariants that changed"))
    return results

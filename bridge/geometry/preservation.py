"""The law that joins the flow to the rest of the project: a Ricci flow deforms the metric, and a
deformation of the metric should not change the homotopy type.

At each step of a :class:`~bridge.geometry.flow.RicciFlow` the data complex is rebuilt from the
flowed metric — the Rips complex (gudhi, from a distance matrix) of the shortest-path distances
of the flowed graph, at a fixed scale — and compared with the original: same Betti numbers,
and, given a :class:`~bridge.realization.Realization` of a circle, the same degree. The flow
keeps the total length, so one scale serves every step: by default the longest initial edge,
at which step 0 rebuilds exactly the original 1-skeleton when the lengths are latent distances
(every pair closer than that in the graph is then an edge already). Surgery, or a length pushed
past the scale, can break the law, and then it fails.
"""

from __future__ import annotations

import copy
from typing import Any

import networkx as nx
import numpy as np

from bridge.complex import DataComplex
from bridge.geometry.flow import RicciFlow
from bridge.laws import LawResult
from bridge.realization import Realization
from hott import HIT
from hottbridge.errors import BridgeError

LAW = "homotopy type preserved"


def rebuild(complex_: DataComplex, graph: nx.Graph, scale: float) -> DataComplex:
    """A copy of ``complex_`` (same landmarks, so latent paths still project onto it) whose
    complex is the Rips complex, up to ``scale``, of ``graph``'s shortest-path distances."""
    import gudhi
    from scipy.sparse.csgraph import dijkstra

    nodes = range(len(complex_.landmarks_))
    if set(graph) != set(nodes):
        raise BridgeError("the graph's vertices are not the complex's landmarks 0..n-1")
    distance = dijkstra(nx.to_scipy_sparse_array(graph, nodelist=list(nodes), format="csr"),
                        directed=False, limit=scale * (1 + 1e-9))
    distance[~np.isfinite(distance)] = 2 * scale + 1  # farther than the scale: no simplex
    tree = gudhi.RipsComplex(distance_matrix=distance, max_edge_length=scale
                             ).create_simplex_tree(max_dimension=complex_.max_dimension)
    simplices = [tuple(s) for s, _ in tree.get_skeleton(complex_.max_dimension)]
    rebuilt = copy.copy(complex_)
    rebuilt.hit_ = HIT.from_simplices(simplices, name="flowed")
    rebuilt.graph_ = nx.Graph()
    rebuilt.graph_.add_nodes_from(nodes)
    rebuilt.graph_.add_edges_from((a, b, {"weight": float(distance[a, b])})
                                  for s, _ in tree.get_skeleton(1) if len(s) == 2
                                  for a, b in [s])
    return rebuilt


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
    flowed metric has the original's Betti numbers and, with ``realization``, its degree.

    Without a realization, or when the original has no degree (H1 not ≅ Z), the degree is
    not applicable and the result says so; only the Betti numbers are then compared."""
    complex_._fitted()
    if realization is not None and realization.complex is not complex_:
        raise BridgeError("the realization is of another data complex")
    if scale is None:
        scale = float(np.nanmax(flow.weights[0]))
    if not (isinstance(scale, (int, float)) and scale > 0):
        raise BridgeError(f"scale must be a positive number, got {scale!r}")
    betti = complex_.betti_numbers()
    degree = _degree(realization, complex_) if realization is not None else "no realization"
    results = []
    for step in range(flow.steps + 1):
        rebuilt = rebuild(complex_, flow.graph(step), scale)
        found = rebuilt.betti_numbers()
        problems = [] if found == betti else [f"Betti numbers {found}, originally {betti}"]
        details: dict[str, Any] = {"step": step, "betti": found, "scale": scale}
        checked = 1
        if isinstance(degree, int):
            checked = 2
            moved = _degree(realization, rebuilt)
            details["degree"] = moved
            if moved != degree:
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

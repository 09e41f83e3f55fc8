"""Edge curvature against hand-computed and published values, the Ricci flow on a two-cluster
graph, edge lengths from the data complex, and every bad input refused.

Ollivier–Ricci values: m_x keeps ``alpha`` at x and spreads 1 − alpha evenly over the
neighbours; κ = 1 − W₁(m_x, m_y) / d(x, y).
* complete graph K_n: m_x and m_y differ only at x and y, by |alpha − (1 − alpha)/(n − 1)|,
  moved over distance 1 — hand computation.
* cycle C_n, n ≥ 6: m_y is m_x shifted by one along the cycle; the shift costs 1 and no
  coupling costs less (mean position moves by 1) — κ = 0 for every alpha, by hand. C_5 at
  alpha = ½: the surplus ¼ at x goes to y (cost 1), ¼ at x−1 to x+2 (cost 2): W₁ = ¾, κ = ¼.
* trees at alpha = 0: κ(x, y) = −2 (1 − 1/deg x − 1/deg y)₊ (Jost & Liu 2014, "Ollivier's
  Ricci curvature, local clustering and curvature-dimension inequalities on graphs",
  Theorem 4, published). Star K_{1,3}, centre–leaf, alpha = ½: the ⅙ at each of the two other
  leaves goes to the leaf y at distance 2: W₁ = ⅔, κ = ⅓ — by hand.
Forman: unweighted F = 4 − deg x − deg y, plus 3 per triangle when augmented (Samal et al.
2018): K_n gives 6 − 2n and n.
"""

from __future__ import annotations

from types import SimpleNamespace

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bridge.complex import DataComplex
from bridge.geometry import edge_lengths, forman_curvature, ollivier_ricci, ricci_flow
from hottbridge.errors import BridgeError
from learn.data import circle_cloud

PROPERTY = settings(max_examples=25, deadline=None)


def values(curvature: dict) -> set[float]:
    return {round(v, 9) for v in curvature.values()}


# -------------------------------------------------------------------- Ollivier–Ricci tables
@pytest.mark.parametrize("n", [3, 4, 5, 8])
@pytest.mark.parametrize("alpha", [0.0, 0.25, 0.5, 0.9])
def test_ollivier_ricci_of_a_complete_graph(n, alpha) -> None:
    expected = 1 - abs(alpha - (1 - alpha) / (n - 1))
    assert values(ollivier_ricci(nx.complete_graph(n), alpha=alpha)) == {round(expected, 9)}


@pytest.mark.parametrize("n", [6, 7, 12])
@pytest.mark.parametrize("alpha", [0.0, 0.5])
def test_ollivier_ricci_of_a_long_cycle_is_zero(n, alpha) -> None:
    assert values(ollivier_ricci(nx.cycle_graph(n), alpha=alpha)) == {0.0}


def test_ollivier_ricci_of_a_five_cycle_sees_the_short_way_round() -> None:
    assert values(ollivier_ricci(nx.cycle_graph(5), alpha=0.5)) == {0.25}


@pytest.mark.parametrize("tree", [nx.balanced_tree(2, 3), nx.balanced_tree(3, 2), nx.star_graph(4),
                                  nx.path_graph(5), nx.random_labeled_tree(20, seed=1)],
                         ids=["binary", "ternary", "star", "path", "random"])
def test_ollivier_ricci_of_trees_matches_jost_and_liu(tree) -> None:
    curvature = ollivier_ricci(tree, alpha=0)
    for (x, y), kappa in curvature.items():
        expected = -2 * max(0.0, 1 - 1 / tree.degree(x) - 1 / tree.degree(y))
        assert kappa == pytest.approx(expected, abs=1e-9), (x, y)
    assert len(curvature) == tree.number_of_edges()


def test_ollivier_ricci_of_a_star_at_alpha_one_half() -> None:
    assert values(ollivier_ricci(nx.star_graph(3), alpha=0.5)) == {round(1 / 3, 9)}


@PROPERTY
@given(seed=st.integers(0, 10_000), factor=st.floats(0.01, 100))
def test_curvature_does_not_change_when_every_length_is_scaled(seed, factor) -> None:
    graph = nx.gnp_random_graph(12, 0.4, seed=seed)
    rng = np.random.default_rng(seed)
    for u, v in graph.edges():
        graph.edges[u, v]["weight"] = float(rng.uniform(0.5, 2.0))
    scaled = graph.copy()
    for u, v in scaled.edges():
        scaled.edges[u, v]["weight"] *= factor
    for method in (ollivier_ricci, forman_curvature):
        before, after = method(graph), method(scaled)
        assert before.keys() == after.keys()
        assert np.allclose([before[e] for e in before], [after[e] for e in before], atol=1e-9)


@pytest.mark.parametrize("c", [1.0, 3.0, 0.5])
def test_lengths_are_transport_costs(c) -> None:
    """Path 0 –1– 1 –c– 2, edge (0, 1), alpha 0: all of m_0 sits at 1; m_1 puts ½ at 0 and ½
    at 2, so W₁ = ½ · 1 + ½ · c and κ = (1 − c) / 2 (by hand)."""
    graph = nx.Graph([(0, 1, {"weight": 1.0}), (1, 2, {"weight": c})])
    assert ollivier_ricci(graph, alpha=0)[(0, 1)] == pytest.approx((1 - c) / 2)
    assert ollivier_ricci(graph, alpha=0, weight=None)[(0, 1)] == pytest.approx(0.0)


# ----------------------------------------------------------------------------- Forman
@pytest.mark.parametrize("n", [3, 5, 8])
def test_forman_curvature_of_a_complete_graph(n) -> None:
    graph = nx.complete_graph(n)
    assert values(forman_curvature(graph)) == {6 - 2 * n}
    assert values(forman_curvature(graph, triangles=True)) == {n}


def test_forman_curvature_of_cycles_stars_and_a_weighted_path() -> None:
    assert values(forman_curvature(nx.cycle_graph(9))) == {0.0}
    assert values(forman_curvature(nx.star_graph(5))) == {-2.0}  # 4 - 5 - 1
    path = nx.Graph([(0, 1, {"weight": 1.0}), (1, 2, {"weight": 4.0})])
    # 2 - sqrt(w_e / w_e') for the one neighbouring edge (Sreejith et al. 2016)
    assert forman_curvature(path) == {(0, 1): pytest.approx(1.5), (1, 2): pytest.approx(0.0)}
    assert forman_curvature(path, weight=None) == {(0, 1): 1.0, (1, 2): 1.0}


# -------------------------------------------------------------------------------- flow
def two_clusters() -> tuple[nx.Graph, set]:
    graph = nx.disjoint_union(nx.complete_graph(8), nx.complete_graph(8))
    bridges = {(0, 8), (1, 9)}
    graph.add_edges_from(bridges)
    nx.set_edge_attributes(graph, 1.0, "weight")
    return graph, bridges


@pytest.mark.parametrize(("curvature", "step_size"), [("ollivier", 0.5), ("forman", 0.02)])
def test_ricci_flow_separates_two_clusters(curvature, step_size) -> None:
    graph, bridges = two_clusters()
    flow = ricci_flow(graph, steps=15, step_size=step_size, curvature=curvature)
    final = flow.weights[-1]
    bridge = [i for i, e in enumerate(flow.edges) if e in bridges]
    inside = [i for i in range(len(flow.edges)) if i not in bridge]
    assert final[bridge].min() > 3 * final[inside].max()
    assert flow.curvature[0][bridge].max() < 0 < flow.curvature[0][inside].min()
    # normalised: the total length stays that of the start
    assert np.allclose(flow.weights.sum(axis=1), graph.number_of_edges())
    assert flow.cuts == () and flow.steps == 15


def test_surgery_cuts_exactly_the_bridges() -> None:
    graph, bridges = two_clusters()
    flow = ricci_flow(graph, steps=15, step_size=0.5, surgery=3.0)
    assert {edge for _, edge in flow.cuts} == bridges
    after = flow.graph(flow.steps)
    assert nx.number_connected_components(after) == 2
    assert after.number_of_nodes() == 16 and after.number_of_edges() == 2 * 28
    assert np.isnan(flow.weights[-1][[flow.edges.index(e) for e in bridges]]).all()
    assert nx.number_connected_components(flow.graph(0)) == 1


def test_flow_without_steps_is_the_start() -> None:
    graph, _ = two_clusters()
    flow = ricci_flow(graph, steps=0)
    assert flow.weights.shape == (1, 58) and flow.curvature.shape == (0, 58)
    assert nx.utils.graphs_equal(flow.graph(0), graph)


# -------------------------------------------------------------- edge lengths of a complex
@pytest.fixture(scope="module")
def circle_complex() -> DataComplex:
    return DataComplex(n_landmarks=60, seed=0).fit(circle_cloud(300, noise=0.02, seed=0).points)


def test_edge_lengths_are_latent_distances_or_lengths_in_the_pullback_metric(circle_complex
                                                                              ) -> None:
    import keras

    z, x = keras.Input((2,)), keras.Input((2,))
    layer = keras.layers.Dense(2, use_bias=False)
    times_three = SimpleNamespace(encoder=keras.Model(x, x), decoder=keras.Model(z, layer(z)))
    layer.set_weights([3 * np.eye(2, dtype=np.float32)])
    latent = edge_lengths(circle_complex)
    assert set(latent.edges()) == set(circle_complex.graph_.edges())
    for a, b in latent.edges():
        assert latent.edges[a, b]["weight"] == pytest.approx(
            circle_complex.graph_.edges[a, b]["weight"])
    scaled = edge_lengths(circle_complex, times_three, samples=2)
    for a, b in latent.edges():
        assert scaled.edges[a, b]["weight"] == pytest.approx(3 * latent.edges[a, b]["weight"],
                                                             rel=1e-5)
    curvature = ollivier_ricci(latent)
    assert curvature == pytest.approx(ollivier_ricci(scaled), abs=1e-5)


# --------------------------------------------------------------------------------- errors
def test_bad_graphs_and_parameters_are_refused(circle_complex) -> None:
    with pytest.raises(BridgeError, match="undirected networkx.Graph"):
        ollivier_ricci(nx.DiGraph([(0, 1)]))
    with pytest.raises(BridgeError, match="undirected networkx.Graph"):
        forman_curvature([(0, 1)])
    with pytest.raises(BridgeError, match=r"edge \(0, 1\) has 'weight' = -1.0"):
        ollivier_ricci(nx.Graph([(0, 1, {"weight": -1.0})]))
    with pytest.raises(BridgeError, match="self-loop"):
        forman_curvature(nx.Graph([(0, 0)]))
    with pytest.raises(BridgeError, match="alpha must be"):
        ollivier_ricci(nx.path_graph(3), alpha=1.0)
    graph, _ = two_clusters()
    for kwargs, match in [({"curvature": "gauss"}, "curvature must be one of"),
                          ({"steps": -1}, "steps must be"),
                          ({"step_size": 1.5}, "step_size must be"),
                          ({"surgery": 0.5}, "surgery must be")]:
        with pytest.raises(BridgeError, match=match):
            ricci_flow(graph, **kwargs)
    with pytest.raises(BridgeError, match="no edges"):
        ricci_flow(nx.empty_graph(3))
    with pytest.raises(BridgeError, match="non-positive length.*lower step_size"):
        ricci_flow(graph, curvature="forman", step_size=0.5)
    with pytest.raises(BridgeError, match=r"step must be an integer in \[0, 2\]"):
        ricci_flow(graph, steps=2).graph(3)
    with pytest.raises(BridgeError, match="samples must be"):
        edge_lengths(circle_complex, object(), samples=0)
    with pytest.raises(BridgeError, match="not fitted"):
        edge_lengths(DataComplex())
    assert ollivier_ricci(nx.empty_graph(2)) == {}

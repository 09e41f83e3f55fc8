"""The data complex against ground truth, with no training: Betti numbers of point clouds of
known topology, homotopy of loops built from the clouds' generating parameters, the scale
choice, projection reports, determinism and errors."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from bridge.complex import DataComplex, Projection
from bridge.paths import LatentPath, linear
from hott import simplex_name
from hottbridge.errors import BridgeError
from learn.data import (
    circle_cloud,
    disk_cloud,
    sphere_cloud,
    torus_cloud,
    two_circles_cloud,
    wedge_cloud,
)

#: name -> (cloud generator, n points, noise, landmarks, expected Betti numbers b0, b1, b2).
#: Tori of major radius 2 and tube radius 1 need about 250 landmarks (the tube must be covered
#: finely enough to fill it); circles, disks and wedges are right with about 100.
CLOUDS = {
    "circle": (circle_cloud, 300, 0.02, 80, (1, 1, 0)),
    "disk": (disk_cloud, 400, 0.0, 100, (1, 0, 0)),
    "wedge": (wedge_cloud, 400, 0.02, 100, (1, 2, 0)),
    "two circles": (two_circles_cloud, 400, 0.02, 100, (2, 2, 0)),
    "sphere": (sphere_cloud, 600, 0.0, 150, (1, 0, 1)),
    "torus": (torus_cloud, 5000, 0.0, 250, (1, 2, 1)),
}


def fitted(name: str, seed: int = 0):
    make, n, noise, landmarks, _ = CLOUDS[name]
    cloud = make(n, noise=noise, seed=seed)
    return cloud, DataComplex(n_landmarks=landmarks, seed=0).fit(cloud.points)


def wrapped(angle: np.ndarray) -> np.ndarray:
    """Angles folded into (-pi, pi]."""
    return np.angle(np.exp(1j * angle))


def closed_loop(base: np.ndarray, points: np.ndarray, order: np.ndarray) -> LatentPath:
    """The loop from ``base`` through ``points`` in ``order`` and back to ``base``."""
    return LatentPath(np.vstack([base, points[order], base]))


def null(complex_: DataComplex, projection: Projection):
    return complex_.homotopic(projection, complex_.hit_.refl(projection.path.start))


# ------------------------------------------------------------------------- Betti numbers
@pytest.mark.parametrize("name", list(CLOUDS))
def test_betti_numbers_of_clouds_with_known_topology(name) -> None:
    cloud, complex_ = fitted(name)
    expected = CLOUDS[name][-1]
    assert tuple(cloud.betti) == expected[: len(cloud.betti)]  # the table is the ground truth
    assert complex_.betti_numbers() == expected


@pytest.mark.parametrize("name", list(CLOUDS))
def test_chosen_scale_lies_in_its_regime_and_predicts_b0_b1(name) -> None:
    _, complex_ = fitted(name)
    choice = complex_.scale_choice_
    low, high = choice.regime
    assert choice.scale == complex_.scale_
    assert 0 < low < complex_.scale_ < high
    assert tuple(choice.betti[:2]) == complex_.betti_numbers()[:2]
    assert all(bar.dim in (0, 1, 2) and bar.birth <= bar.death for bar in choice.barcode)
    # exactly one H0 class per component lives for ever
    assert sum(1 for bar in choice.barcode if bar.dim == 0 and math.isinf(bar.death)) == 1


def test_a_torus_at_a_scale_inside_its_regime_has_betti_1_2_1() -> None:
    # the complex itself, independent of the scale choice: 1.2 is well inside the torus regime
    # (holes of the sampling are filled by 1.0, the tube fills at about sqrt(3))
    cloud = torus_cloud(5000, seed=0)
    complex_ = DataComplex(n_landmarks=250, scale=1.2).fit(cloud.points)
    assert complex_.scale_ == 1.2 and complex_.betti_numbers() == (1, 2, 1)


def test_structure_of_a_fitted_complex() -> None:
    cloud, complex_ = fitted("circle")
    assert complex_.landmarks_.shape == (80, 2)
    np.testing.assert_array_equal(complex_.landmarks_, cloud.points[complex_.landmark_indices_])
    assert len(set(complex_.landmark_indices_.tolist())) == 80  # distinct data points
    graph = complex_.graph_
    assert sorted(graph.nodes) == list(range(80))
    for a, b, weight in graph.edges(data="weight"):
        assert weight == pytest.approx(np.linalg.norm(complex_.landmarks_[a] -
                                                      complex_.landmarks_[b]))
        assert weight <= complex_.scale_
        assert complex_.hit_.has_cell(simplex_name(sorted((a, b))), 1)
    assert complex_.hit_.cell_counts()[:2] == (80, graph.number_of_edges())
    group = complex_.fundamental_group()
    assert len(group.generators) == 1 and not group.relators


def test_fewer_points_than_landmarks_uses_every_point() -> None:
    points = circle_cloud(30, seed=2).points
    complex_ = DataComplex(n_landmarks=100).fit(points)
    assert sorted(complex_.landmark_indices_.tolist()) == list(range(30))


# ------------------------------------------------------------------------------ homotopy
def test_a_loop_around_the_circle_is_not_null_homotopic() -> None:
    cloud, complex_ = fitted("circle")
    order = np.argsort(cloud.param("angle"))
    loop = closed_loop(cloud.points[order[0]], cloud.points, order[1:])
    projection = complex_.project(loop)
    assert projection.in_region and projection.path.is_loop
    decision = null(complex_, projection)
    assert decision.value is False and decision.proved_different
    twice = complex_.project(loop.concat(loop))
    assert complex_.homotopic(twice, projection).value is False  # twice round is not once


def test_a_loop_inside_the_disk_is_null_homotopic() -> None:
    _, complex_ = fitted("disk")
    theta = np.linspace(0.0, 2 * np.pi, 65)
    loop = LatentPath(0.6 * np.stack([np.cos(theta), np.sin(theta)], axis=1))
    projection = complex_.project(loop)
    assert projection.in_region and projection.path.is_loop and len(projection.landmarks) > 4
    assert null(complex_, projection).value is True


@pytest.fixture(scope="module")
def torus_loops(torus_generators):
    """The torus complex and its two generating loops (see conftest)."""
    complex_, _, p, q = torus_generators
    return complex_, p, q


def test_the_torus_loops_commute_up_to_homotopy(torus_loops) -> None:
    complex_, p, q = torus_loops
    pq, qp = complex_.project(p.concat(q)), complex_.project(q.concat(p))
    assert pq.in_region and qp.in_region
    assert complex_.homotopic(pq, qp).value is True


def test_the_torus_loops_are_different_and_not_null(torus_loops) -> None:
    complex_, p, q = torus_loops
    first, second = complex_.project(p), complex_.project(q)
    assert first.in_region and second.in_region
    assert complex_.homotopic(first, second).value is False
    assert null(complex_, first).value is False and null(complex_, second).value is False
    inverse = complex_.project(p.inverse())
    assert complex_.homotopic(first, inverse).value is False


def test_homotopic_accepts_hott_paths_and_rejects_broken_projections() -> None:
    cloud, complex_ = fitted("two circles")
    projection = complex_.project(LatentPath(cloud.points[:2]))
    assert complex_.homotopic(projection.path, projection).value is True
    which = cloud.param("circle")
    across = LatentPath(np.stack([cloud.points[which == 0][0], cloud.points[which == 1][0]]))
    broken = complex_.project(across)
    assert broken.path is None and broken.broken == [1] and not broken.in_region
    with pytest.raises(BridgeError, match="between components"):
        complex_.homotopic(broken, projection)


# ----------------------------------------------------------------------------- projection
def test_project_reports_departures_with_their_step_and_distance() -> None:
    cloud, complex_ = fitted("circle")
    a, b = cloud.points[0], -cloud.points[0]
    steps = 2 * int(np.ceil(np.linalg.norm(b - a) / (0.4 * complex_.scale_)))
    path = linear(a, b, steps)  # steps shorter than half the scale: no point is added
    projection = complex_.project(path)
    distance, _ = complex_.nearest(path.points)
    expected = [(i, float(d)) for i, d in enumerate(distance) if d > complex_.scale_]
    assert projection.departures == expected and expected
    assert 0 not in dict(expected) and steps not in dict(expected)  # the ends are data
    # the middle of the chord is the centre of the circle, a radius away from the data
    assert dict(projection.departures)[steps // 2] == pytest.approx(1.0, abs=0.15)
    assert not projection.jumps and not projection.in_region


def test_project_reports_jumps_with_their_step_and_distance() -> None:
    cloud, complex_ = fitted("circle")
    order = np.argsort(cloud.param("angle"))
    arc = cloud.points[order[:40]]
    far = cloud.points[order[150]]  # half way round: the last step crosses the hole
    projection = complex_.project(LatentPath(np.vstack([arc, far])))
    assert not projection.departures and not projection.in_region
    assert [step for step, _ in projection.jumps] == [39]
    # the reported distance is the worst of points sampled every half scale along the step;
    # distance to the landmarks is 1-Lipschitz, so it is within a quarter scale of the true worst
    chord = arc[-1] + np.linspace(0.0, 1.0, 2001)[:, None] * (far - arc[-1])
    worst = float(complex_.nearest(chord)[0].max())
    reported = projection.jumps[0][1]
    assert complex_.scale_ < reported <= worst + 1e-9
    assert reported >= worst - 0.25 * complex_.scale_
    # the jump is bridged through the complex, so the edge path still exists
    assert any(step == 40 for step, _ in projection.bridged) and projection.path is not None


def test_projection_of_a_route_through_landmarks_is_homotopic_to_the_route() -> None:
    _, complex_ = fitted("circle")
    graph = complex_.graph_
    lengths = nx.single_source_shortest_path_length(graph, 0)
    route = nx.shortest_path(graph, 0, sorted(lengths, key=lengths.get)[len(lengths) // 4])
    projection = complex_.project(LatentPath(complex_.landmarks_[route]))
    assert projection.in_region and not projection.broken
    assert projection.landmarks[0] == route[0] and projection.landmarks[-1] == route[-1]
    assert all(graph.has_edge(a, b) for a, b in zip(projection.landmarks,
                                                    projection.landmarks[1:], strict=False))
    assert complex_.homotopic(projection, complex_.edge_path(route)).value is True
    assert len(complex_.edge_path(route).letters) == len(route) - 1


def test_edge_path_spells_edges_with_orientation() -> None:
    _, complex_ = fitted("circle")
    a, b = next(iter(complex_.graph_.edges))
    low, high = min(a, b), max(a, b)
    path = complex_.edge_path([low, high, low])
    edge = simplex_name((low, high))
    assert edge == f"s{low}_{high}"  # the name HIT.from_simplices gives the edge
    assert path.letters == ((edge, 1), (edge, -1))
    assert path.start == path.end == simplex_name((low,)) == complex_.vertex_name(low)
    far = next(v for v in complex_.graph_.nodes
               if v != low and not complex_.graph_.has_edge(low, v))
    with pytest.raises(BridgeError, match="not adjacent"):
        complex_.edge_path([low, far])


# ---------------------------------------------------------------------------- determinism
def test_same_seed_same_landmarks_scale_and_complex() -> None:
    points = wedge_cloud(400, noise=0.02, seed=5).points
    first = DataComplex(n_landmarks=100, seed=7).fit(points)
    again = DataComplex.from_points(points, n_landmarks=100, seed=7)
    np.testing.assert_array_equal(first.landmark_indices_, again.landmark_indices_)
    assert first.scale_ == again.scale_ and first.scale_choice_ == again.scale_choice_
    assert first.hit_ == again.hit_
    assert nx.utils.graphs_equal(first.graph_, again.graph_)
    other = DataComplex(n_landmarks=100, seed=8).fit(points)
    assert not np.array_equal(first.landmark_indices_, other.landmark_indices_)


def test_a_given_scale_is_used_as_is() -> None:
    points = circle_cloud(300, noise=0.02, seed=0).points
    complex_ = DataComplex(n_landmarks=80, scale=0.05).fit(points)
    assert complex_.scale_ == 0.05
    # far below the landmark spacing: isolated landmarks, b0 = 80
    assert complex_.betti_numbers()[0] == 80 and complex_.graph_.number_of_edges() == 0


# --------------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("params", "codes", "match"),
    [
        ({}, np.zeros((1, 2)), "at least 2 row"),
        ({}, np.array([[0.0, np.nan], [1.0, 1.0]]), "non-finite"),
        ({}, np.zeros(5), "rank 2"),
        ({}, [], "rank 2"),
        ({"n_landmarks": 1}, np.eye(3), "n_landmarks"),
        ({"n_landmarks": 2.5}, np.eye(3), "n_landmarks"),
        ({"max_dimension": 1}, np.eye(3), "max_dimension"),
        ({"scale": -1.0}, np.eye(3), "scale"),
        ({"scale": "big"}, np.eye(3), "scale"),
    ],
    ids=["one row", "nan", "rank 1", "empty", "one landmark", "float landmarks",
         "max dimension", "negative scale", "string scale"],
)
def test_fit_rejects_bad_input(params, codes, match) -> None:
    with pytest.raises(BridgeError, match=match):
        DataComplex(**params).fit(codes)


def test_an_unfitted_complex_says_so() -> None:
    complex_ = DataComplex()
    for call in (complex_.betti_numbers, complex_.fundamental_group,
                 lambda: complex_.project(linear([0.0], [1.0], 2)),
                 lambda: complex_.nearest([[0.0]])):
        with pytest.raises(BridgeError, match="not fitted"):
            call()


def test_project_and_nearest_reject_bad_input() -> None:
    _, complex_ = fitted("circle")
    with pytest.raises(BridgeError, match="LatentPath"):
        complex_.project(np.zeros((3, 2)))
    with pytest.raises(BridgeError, match="latent dimension 3, but 2"):
        complex_.project(linear([0.0, 0.0, 0.0], [1.0, 0.0, 0.0], 2))
    with pytest.raises(BridgeError, match="non-finite"):
        complex_.nearest([[np.nan, 0.0]])
    distance, index = complex_.nearest([[0.0, 1.0], [1.0, 0.0]])
    assert distance.shape == index.shape == (2,)


def test_the_complex_reports_its_own_summary() -> None:
    _, complex_ = fitted("circle")
    summary = complex_.summary()
    assert summary["landmarks"] == len(complex_.landmarks_) and summary["scale"] == complex_.scale_
    assert summary["betti"] == [1, 1, 0] and summary["cells"] == list(complex_.hit_.cell_counts())
    assert len(summary["barcode"]) == len(complex_.scale_choice_.barcode)
    assert complex_.describe() == (f"{summary['landmarks']} landmarks, scale "
                                   f"{complex_.scale_:.4g}, Betti (1, 1, 0)")
    a, b = next(iter(complex_.graph_.edges))
    assert complex_.route(a, b) == [a, b]
    assert complex_.vertex(complex_.landmarks_[a]) == a

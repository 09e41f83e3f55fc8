"""bridge.strategies: drawn paths join drawn data points, chains compose, failures shrink to
small indices, data geodesics stay in one component, words of a realized HIT compose."""

from __future__ import annotations

import os
from itertools import pairwise

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from bridge.complex import DataComplex
from bridge.paths import LatentPath
from bridge.realization import Realization
from bridge.strategies import (
    DEFAULT_INTERPOLATORS,
    INTERPOLATORS,
    composable_path_pairs,
    composable_path_triples,
    data_indices,
    data_paths,
    latent_codes,
    make_interpolator,
    path_chains,
    realization_loops,
    realization_word_pairs,
    realization_words,
)
from hott.library import circle, figure_eight
from hottbridge.errors import BridgeError
from learn.data import circle_cloud, two_circles_cloud

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

STEPS = 24
FIXTURES = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def ring() -> tuple[np.ndarray, DataComplex]:
    """Codes on a noisy circle, sorted by angle, and their data complex."""
    points = circle_cloud(160, noise=0.03, seed=2).points
    points = points[np.argsort(np.arctan2(points[:, 1], points[:, 0]))]
    return points, DataComplex(n_landmarks=60, seed=0).fit(points)


@pytest.fixture(scope="module")
def two_rings() -> tuple[np.ndarray, DataComplex]:
    points = two_circles_cloud(160, noise=0.02, seed=3).points
    return points, DataComplex(n_landmarks=60, seed=0).fit(points)


def components(complex_: DataComplex, codes: np.ndarray, indices: list[int]) -> set[int]:
    """The components of the data complex the given codes fall in."""
    label = {v: k for k, part in enumerate(nx.connected_components(complex_.graph_))
             for v in part}
    return {label[int(v)] for v in complex_.nearest(codes[indices])[1]}


@pytest.mark.parametrize("interpolator", DEFAULT_INTERPOLATORS)
@FIXTURES
@given(data=st.data())
def test_a_drawn_path_joins_the_codes_of_its_data_points(ring, interpolator, data) -> None:
    codes, complex_ = ring
    drawn = data.draw(data_paths(codes, interpolator, steps=STEPS, complex_=complex_))
    assert drawn.interpolator == interpolator and drawn.path.steps == STEPS
    np.testing.assert_allclose(drawn.path.start, codes[drawn.start_index], atol=1e-12)
    np.testing.assert_allclose(drawn.path.end, codes[drawn.end_index], atol=1e-12)
    assert repr(drawn) == (f"DataPath({interpolator}: data[{drawn.start_index}] -> "
                           f"data[{drawn.end_index}], {STEPS} steps)")


@FIXTURES
@given(data=st.data())
def test_data_geodesics_stay_in_the_data_region(ring, data) -> None:
    codes, complex_ = ring
    drawn = data.draw(data_paths(codes, "data_geodesic", steps=STEPS, complex_=complex_))
    assert complex_.project(drawn.path).in_region


@pytest.mark.parametrize("interpolator", DEFAULT_INTERPOLATORS)
@FIXTURES
@given(data=st.data())
def test_pairs_and_triples_are_composable(ring, interpolator, data) -> None:
    codes, complex_ = ring
    options = {"steps": STEPS, "complex_": complex_}
    pair = data.draw(composable_path_pairs(codes, interpolator, **options))
    triple = data.draw(composable_path_triples(codes, interpolator, **options))
    for chain in (pair, triple):
        for first, second in pairwise(chain):
            assert first.end_index == second.start_index
            # drawn from the same code, so the gap is float rounding at most
            assert first.path.gap(second.path) < 1e-12
            first.path.concat(second.path)  # composes without an endpoint mismatch
    assert len(pair) == 2 and len(triple) == 3


@FIXTURES
@given(data=st.data())
def test_data_geodesic_chains_stay_in_one_component(two_rings, data) -> None:
    codes, complex_ = two_rings
    assert complex_.betti_numbers()[0] == 2
    chain = data.draw(path_chains(codes, 3, "data_geodesic", steps=STEPS, complex_=complex_))
    indices = [p.start_index for p in chain] + [chain[-1].end_index]
    assert len(components(complex_, codes, indices)) == 1


def test_linear_chains_may_cross_components(two_rings) -> None:
    """Only the data geodesic is confined: a straight path may join the two circles."""
    codes, complex_ = two_rings
    crossing = find(data_paths(codes, "linear", steps=STEPS),
                    lambda p: len(components(complex_, codes, [p.start_index, p.end_index])) == 2)
    assert not complex_.project(crossing.path).in_region


def test_counterexamples_shrink_to_the_smallest_indices(ring) -> None:
    codes, _ = ring
    found = find(data_paths(codes, steps=STEPS), lambda p: p.end_index >= 7)
    assert (found.start_index, found.end_index) == (0, 7)
    triple = find(composable_path_triples(codes, steps=STEPS),
                  lambda chain: chain[-1].end_index > 0)
    assert [p.start_index for p in triple] + [triple[-1].end_index] == [0, 0, 0, 1]
    allowed = find(data_paths(codes, indices=[12, 5, 9]), lambda p: True)
    assert (allowed.start_index, allowed.end_index) == (5, 5)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_indices_and_codes_come_from_the_data(data) -> None:
    codes = np.arange(12.0).reshape(6, 2)
    i = data.draw(data_indices(codes, indices=[1, 4]))
    code = data.draw(latent_codes(codes))
    assert i in (1, 4)
    assert any(np.array_equal(code, row) for row in codes)


def test_riemannian_geodesic_only_when_asked_and_with_a_decoder(ring) -> None:
    import keras

    assert "riemannian_geodesic" in INTERPOLATORS
    assert "riemannian_geodesic" not in DEFAULT_INTERPOLATORS
    codes, _ = ring
    with pytest.raises(BridgeError, match="needs the decoder"):
        make_interpolator("riemannian_geodesic")
    z = keras.Input((2,))
    decoder = keras.Model(z, keras.layers.Dense(3, kernel_initializer="ones")(z))
    drawn = find(data_paths(codes, "riemannian_geodesic", steps=4, decoder=decoder,
                            iterations=3), lambda p: p.start_index != p.end_index)
    assert drawn.path.steps == 4 and drawn.interpolator == "riemannian_geodesic"
    np.testing.assert_allclose(drawn.path.start, codes[drawn.start_index], atol=1e-6)
    np.testing.assert_allclose(drawn.path.end, codes[drawn.end_index], atol=1e-6)


def test_a_callable_interpolator_is_used_as_given(ring) -> None:
    codes, _ = ring

    def hop(a: np.ndarray, b: np.ndarray) -> LatentPath:
        return LatentPath(np.stack([a, (a + b) / 2, b]))

    drawn = find(data_paths(codes, hop), lambda p: True)
    assert drawn.interpolator == "hop" and drawn.path.steps == 2


@pytest.mark.parametrize(("call", "message"), [
    (lambda c: make_interpolator("cubic"), "unknown interpolator 'cubic'"),
    (lambda c: make_interpolator("data_geodesic"), "needs the data complex"),
    (lambda c: data_paths(c, "data_geodesic"), "needs the data complex"),
    (lambda c: data_indices(c, indices=[]), "no data indices"),
    (lambda c: data_indices(c, indices=[0, 500]), "data index 500 is out of range"),
    (lambda c: path_chains(c, 0), "at least one path"),
    (lambda c: data_paths(np.full((3, 2), np.nan)), "non-finite"),
    (lambda c: latent_codes(c[0]), "rank 2"),
    (lambda c: realization_words(circle()), "expected a bridge.realization.Realization"),
])
def test_bad_input_raises_bridge_error(ring, call, message) -> None:
    codes, _ = ring
    with pytest.raises(BridgeError, match=message):
        call(codes)


@pytest.fixture(scope="module")
def realized_circle(ring) -> Realization:
    """The circle realized by the loop through the codes in angle order."""
    codes, complex_ = ring
    loop = LatentPath(np.vstack([codes, codes[:1]]))
    return Realization(circle(), complex_, {"base": codes[0]}, {"loop": loop})


@FIXTURES
@given(data=st.data())
def test_words_of_a_realization_are_words_of_its_hit(realized_circle, data) -> None:
    word = data.draw(realization_words(realized_circle))
    p, q = data.draw(realization_word_pairs(realized_circle))
    loop = data.draw(realization_loops(realized_circle))
    assert word.hit == realized_circle.hit and p.end == q.start and loop.is_loop
    latent = realized_circle.latent(p.concat(q))
    np.testing.assert_allclose(latent.start, realized_circle.points[p.start])


@FIXTURES
@given(data=st.data())
def test_word_pairs_compose_in_a_hit_with_several_loops(ring, data) -> None:
    codes, complex_ = ring
    half = len(codes) // 2
    there = LatentPath(np.vstack([codes[: half + 1], codes[half::-1]]))  # out and back
    realization = Realization(figure_eight(), complex_, {"base": codes[0]},
                              {"a": LatentPath(np.vstack([codes, codes[:1]])), "b": there})
    p, q = data.draw(realization_word_pairs(realization, max_length=3))
    assert p.end == q.start
    np.testing.assert_allclose(realization.latent(p).end, realization.latent(q).start)

"""HITs realized on point clouds of known topology, with loops built from the clouds'
ground-truth parameters: endpoints, 2-cells, functoriality, the induced map on H1, the degree,
and honest failures (a Klein bottle or a projective plane does not fit where a torus or a
circle does)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from sympy import Matrix

from bridge.complex import DataComplex
from bridge.paths import LatentPath, linear
from bridge.realization import Realization
from hott import library
from hott.strategies import closed_words, composable_pairs
from hott.words import exponent_sums
from hottbridge.errors import BridgeError, HottBridgeError
from learn.data import circle_cloud, wedge_cloud

PROPERTY = settings(max_examples=25, deadline=None)


def wrapped(angle: np.ndarray) -> np.ndarray:
    return np.angle(np.exp(1j * angle))


def closed_loop(base: np.ndarray, points: np.ndarray, order: np.ndarray) -> LatentPath:
    return LatentPath(np.vstack([base, points[order], base]))


# ------------------------------------------------------------------------------ fixtures
class Circle:
    """A circle cloud, its complex, the sample at angle ~0 and the loop through the samples
    in angle order (anticlockwise, once round)."""

    cloud = circle_cloud(300, noise=0.02, seed=0)
    complex_ = DataComplex(n_landmarks=80, seed=0).fit(cloud.points)
    order = np.argsort(cloud.param("angle"))
    base = cloud.points[order[0]]
    loop = closed_loop(base, cloud.points, order[1:])


@pytest.fixture(scope="module")
def circle() -> Realization:
    return Realization(library.circle(), Circle.complex_, {"base": Circle.base},
                       {"loop": Circle.loop})


@pytest.fixture(scope="module")
def torus_data(torus_generators):
    """The torus complex (Betti 1, 2, 1), the base sample and the two generating loops."""
    complex_ = torus_generators[0]
    assert complex_.betti_numbers() == (1, 2, 1)
    return torus_generators


@pytest.fixture(scope="module")
def figure_eight_data():
    """A wedge cloud, the shared point (angle 0) and the loop round each circle."""
    cloud = wedge_cloud(400, noise=0.02, seed=0)
    which, angle = cloud.param("loop"), cloud.param("angle")
    base = cloud.points[np.argmin(np.abs(wrapped(angle)))]
    loops = []
    for k in (0, 1):
        on = np.flatnonzero(which == k)
        loops.append(closed_loop(base, cloud.points, on[np.argsort(angle[on])]))
    return DataComplex(n_landmarks=100, seed=0).fit(cloud.points), base, *loops


# -------------------------------------------------------------------------------- circle
def test_the_realized_circle_is_a_generator(circle) -> None:
    ends = circle.endpoint_check()
    assert ends.passed is True and ends.value == 0.0 and ends.checked == 1
    cells = circle.cells_check()
    # the circle has no 2-cells: the check applies to nothing, so it neither passes nor fails
    assert cells.passed is None and cells.checked == 0 and cells.status == "not applicable"
    assert circle.validity() == (True, "")
    words = [("loop", "loop"), ("loop", "loop^-1"), ("loop^-1", "loop loop")]
    functor = circle.functoriality(words)
    assert functor.passed is True and functor.checked == 2 * len(words)
    assert functor.failures == functor.undecided == 0
    assert circle.induced_h1().shape == (1, 1)
    assert circle.degree() in (1, -1)


def test_degree_counts_the_winding() -> None:
    hit, complex_, base = library.circle(), Circle.complex_, Circle.base
    loop = Circle.loop

    def degree(path: LatentPath) -> int:
        return Realization(hit, complex_, {"base": base}, {"loop": path}).degree()

    once = degree(loop)
    assert once in (1, -1)
    assert degree(loop.concat(loop)) == 2 * once
    assert degree(loop.concat(loop).concat(loop)) == 3 * once
    assert degree(loop.inverse()) == -once
    assert degree(LatentPath.refl(base, 4)) == 0
    # there and back along half the circle winds zero times
    half = LatentPath(np.vstack([base, Circle.cloud.points[Circle.order[1:150]]]))
    assert degree(half.concat(half.inverse())) == 0


def test_latent_images_of_words(circle) -> None:
    loop = Circle.loop
    np.testing.assert_array_equal(circle.latent("loop^-1").points, loop.inverse().points)
    twice = circle.latent("loop loop")
    assert twice.steps == 2 * loop.steps
    np.testing.assert_array_equal(twice.points, loop.concat(loop).points)
    constant = circle.latent("refl")
    assert constant.length() == 0.0 and np.array_equal(constant.start, Circle.base)


@given(closed_words(library.circle()))
@PROPERTY
def test_every_word_goes_to_its_exponent_sum_times_the_loop(circle, word) -> None:
    n = sum(exponent_sums(word.letters).values())
    image = circle.edge_path(word)
    generator = circle.edge_path("loop")
    power = generator ** n if n else Circle.complex_.hit_.refl(generator.start)
    assert Circle.complex_.hit_.homotopic(image, power).value is True


@given(composable_pairs(library.circle(), max_length=4))
@PROPERTY
def test_functoriality_holds_on_drawn_word_pairs(circle, pair) -> None:
    result = circle.functoriality([pair])
    assert result.passed is True and result.checked == 2


# --------------------------------------------------------------------------------- torus
def test_the_realized_torus_fills_its_square_and_is_an_isomorphism_on_h1(torus_data) -> None:
    complex_, base, p, q = torus_data
    torus = Realization(library.torus(), complex_, {"b": base}, {"p": p, "q": q})
    assert torus.endpoint_check().passed is True
    cells = torus.cells_check()
    assert cells.passed is True and cells.checked == 1 and cells.undecided == 0
    h1 = torus.induced_h1()
    assert h1.shape == (2, 2) and abs(h1.det()) == 1  # unimodular: an isomorphism Z^2 -> Z^2
    assert torus.functoriality([("p", "q"), ("p q", "p^-1"), ("q^-1", "p")]).passed is True
    with pytest.raises(BridgeError, match="degree needs H1"):
        torus.degree()


def test_a_klein_bottle_does_not_fit_on_a_torus(torus_data) -> None:
    # the Klein bottle's 2-cell p q p^-1 q goes to 2 q, which is not null in the torus
    complex_, base, p, q = torus_data
    klein = Realization(library.klein_bottle(), complex_, {"b": base}, {"p": p, "q": q})
    assert klein.endpoint_check().passed is True
    cells = klein.cells_check()
    assert cells.passed is False and cells.failures == 1 and cells.where.startswith("2-cell")


# -------------------------------------------------------------------------- figure eight
def test_the_realized_figure_eight_is_injective_on_h1(figure_eight_data) -> None:
    complex_, base, a, b = figure_eight_data
    assert complex_.betti_numbers() == (1, 2, 0)
    eight = Realization(library.figure_eight(), complex_, {"base": base}, {"a": a, "b": b})
    assert eight.endpoint_check().passed is True
    assert eight.cells_check().status == "not applicable"  # no 2-cells
    h1 = eight.induced_h1()
    assert h1.shape == (2, 2) and h1.rank() == 2 and abs(h1.det()) == 1
    assert eight.functoriality([("a", "b"), ("a b", "a^-1"), ("b^-1", "b")]).passed is True


def test_one_loop_twice_is_not_injective_on_h1(figure_eight_data) -> None:
    complex_, base, a, _ = figure_eight_data
    eight = Realization(library.figure_eight(), complex_, {"base": base}, {"a": a, "b": a})
    h1 = eight.induced_h1()
    assert h1.rank() == 1 and h1[:, 0] == h1[:, 1]


# --------------------------------------------------------------- into a circle complex
def test_a_torus_in_a_circle_collapses_onto_one_loop() -> None:
    complex_, base, loop = Circle.complex_, Circle.base, Circle.loop
    constant = LatentPath.refl(base, 3)
    torus = Realization(library.torus(), complex_, {"b": base}, {"p": loop, "q": constant})
    assert torus.cells_check().passed is True  # p q p^-1 q^-1 is null in an abelian π1
    h1 = torus.induced_h1()
    assert h1.shape == (1, 2) and abs(h1[0, 0]) == 1 and h1[0, 1] == 0
    both = Realization(library.torus(), complex_, {"b": base}, {"p": loop, "q": loop})
    assert both.cells_check().passed is True
    assert both.induced_h1() == Matrix([[h1[0, 0], h1[0, 0]]])
    with pytest.raises(BridgeError, match=r"1×2"):
        both.degree()


def test_a_projective_plane_does_not_fit_on_a_circle() -> None:
    plane = Realization(library.projective_plane(), Circle.complex_, {"b": Circle.base},
                        {"e": Circle.loop})
    cells = plane.cells_check()  # e e goes to twice the generator: not null
    assert cells.passed is False and "twice" in cells.where
    # not a valid map: no induced map, no degree, and the H1 row does not apply
    valid, reason = plane.validity()
    assert valid is False and reason.startswith("realization 2-cells failed (2-cell")
    with pytest.raises(BridgeError, match="not a valid map: realization 2-cells failed"):
        plane.degree()
    h1 = plane.homology_check()
    assert h1.status == "not applicable" and h1.value is None
    assert h1.where.startswith("induced map: no induced map: realization 2-cells failed")


def test_the_rp2_realization_on_circle_data_gets_no_degree_in_the_report() -> None:
    from bridge.report import realization_facts

    plane = Realization(library.projective_plane(), Circle.complex_, {"b": Circle.base},
                        {"e": Circle.loop})
    facts = realization_facts(plane)
    assert facts["valid_map"] is False and "degree" not in facts
    assert "induced_h1" not in facts and "faithful" not in facts["statement"]
    assert facts["statement"].startswith("no verdict on RP2's realization: it is not a valid map")
    circle = Realization(library.circle(), Circle.complex_, {"base": Circle.base},
                         {"loop": Circle.loop})
    facts = realization_facts(circle)
    assert facts["valid_map"] is True and abs(facts["degree"]) == 1
    assert facts["h1_isomorphism"] is True and "isomorphism: induced map on H1" in facts[
        "statement"]
    row = circle.homology_check()
    assert row.status == "passed" and row.value is None and row.tolerance is None
    assert row.where.startswith("induced map: isomorphism: induced map on H1 [[")


# -------------------------------------------------------------------------------- errors
def test_endpoint_mismatch_is_reported_and_words_refuse_to_compose() -> None:
    half = LatentPath(np.vstack([Circle.base, Circle.cloud.points[Circle.order[1:150]]]))
    realization = Realization(library.circle(), Circle.complex_, {"base": Circle.base},
                              {"loop": half})  # half way round: the image is not closed
    ends = realization.endpoint_check()
    assert ends.passed is False and ends.failures == 1 and ends.checked == 1
    assert ends.value == pytest.approx(np.linalg.norm(half.end - Circle.base))
    assert ends.value > ends.tolerance and ends.where.startswith("path 'loop'")
    with pytest.raises(BridgeError, match="endpoint mismatch"):
        realization.latent("loop loop")


@pytest.mark.parametrize(
    ("points", "paths", "match"),
    [
        ({}, {"loop": Circle.loop}, "missing images for \\['base'\\]"),
        ({"base": Circle.base}, {}, "missing images for \\['loop'\\]"),
        ({"base": Circle.base, "apex": Circle.base}, {"loop": Circle.loop},
         "not constructors of S1: \\['apex'\\]"),
        ({"base": Circle.base}, {"loop": Circle.loop, "surf": Circle.loop},
         "not constructors of S1: \\['surf'\\]"),
        ({"base": [0.0, 0.0, 1.0]}, {"loop": Circle.loop}, "latent dimension 3, but 2"),
        ({"base": [np.nan, 0.0]}, {"loop": Circle.loop}, "non-finite"),
        ({"base": Circle.base}, {"loop": linear([0.0, 0.0, 0.0], [1.0, 0.0, 0.0], 3)},
         "dimension 3, the data complex 2"),
        ({"base": Circle.base}, {"loop": Circle.loop.points}, "must be a LatentPath"),
    ],
    ids=["missing point", "missing path", "unknown point", "unknown path",
         "point dimension", "nan point", "path dimension", "array path"],
)
def test_bad_realizations_raise_bridge_error(points, paths, match) -> None:
    with pytest.raises(BridgeError, match=match):
        Realization(library.circle(), Circle.complex_, points, paths)


def test_a_realization_needs_a_hit_and_a_fitted_complex() -> None:
    with pytest.raises(BridgeError, match="needs a hott.HIT"):
        Realization("S1", Circle.complex_, {"base": Circle.base}, {"loop": Circle.loop})
    with pytest.raises(BridgeError, match="not fitted"):
        Realization(library.circle(), DataComplex(), {"base": Circle.base},
                    {"loop": Circle.loop})


def test_words_that_are_not_of_the_hit_are_refused(circle) -> None:
    with pytest.raises(HottBridgeError, match="no path constructor 'p'"):
        circle.latent("p")
    with pytest.raises(HottBridgeError):
        circle.functoriality([("loop", "nope")])


# ------------------------------------------------------------------ the map of HITs
def test_a_realization_is_a_hitmap_into_the_data_complex(circle) -> None:
    from hott import HITMap, simplex_name

    assert isinstance(circle.map, HITMap) and circle.map.target == Circle.complex_.hit_
    base = Circle.complex_.vertex(Circle.base)
    assert circle.map("base") == simplex_name((base,))
    assert circle.map.ap("loop") == circle.edge_path("loop")
    assert circle.map.induced_homology(1) == circle.induced_h1()


def test_without_null_2_cells_there_is_no_induced_map(torus_data) -> None:
    complex_, base, p, q = torus_data
    klein = Realization(library.klein_bottle(), complex_, {"b": base}, {"p": p, "q": q})
    with pytest.raises(BridgeError, match="no induced map on H1"):
        klein.induced_h1()
    h1 = klein.homology_check()
    assert h1.status == "not applicable"
    assert h1.where.startswith("induced map: no induced map: realization 2-cells failed (2-cell")


def test_a_loop_spec_realizes_the_hit_through_its_samples() -> None:
    from bridge.realization import LoopSpec

    order = [int(i) for i in Circle.order]
    spec = LoopSpec({"base": order[0]}, {"loop": [*order, order[0]]})
    realized = spec.realize(library.circle(), Circle.cloud.points, Circle.complex_)
    np.testing.assert_array_equal(realized.points["base"], Circle.cloud.points[order[0]])
    assert realized.paths["loop"].steps == len(order)
    assert abs(realized.degree()) == 1
    with pytest.raises(BridgeError, match="at least two samples"):
        LoopSpec({"base": 0}, {"loop": [0]}).realize(library.circle(), Circle.cloud.points,
                                                      Circle.complex_)

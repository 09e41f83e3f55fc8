"""complex_stability: Betti numbers over landmark resamples and nearby scales."""

from __future__ import annotations

import pytest

from bridge.complex import DataComplex
from bridge.stability import Stability, complex_stability
from hottbridge.errors import BridgeError
from learn.data import circle_cloud, torus_cloud


@pytest.fixture(scope="module")
def circle_stability() -> Stability:
    return complex_stability(circle_cloud(300, dim=8, noise=0.02, seed=0).points, n_landmarks=80)


def test_a_well_sampled_circle_is_stable(circle_stability) -> None:
    s = circle_stability
    assert s.betti == (1, 1, 0) and s.agreement == s.total == 15 and s.stable
    assert s.supports((1, 1, 0)) and not s.supports((1, 0, 0))
    assert s.statement.endswith(": stable") and "15 of 15" in s.statement
    assert {r.seed for r in s.resamples} == set(range(5))
    assert {r.factor for r in s.resamples} == {1.0, 1.25, 1.5}
    # each seed's scales are its chosen scale times the factors
    for seed in range(5):
        scales = {r.factor: r.scale for r in s.resamples if r.seed == seed}
        assert scales[1.5] == pytest.approx(1.5 * scales[1.0])
    assert s.to_dict()["stable"] is True and len(s.to_dict()["resamples"]) == 15


def test_resamples_match_the_complex_a_seed_builds(circle_stability) -> None:
    points = circle_cloud(300, dim=8, noise=0.02, seed=0).points
    for seed in (0, 3):
        complex_ = DataComplex(n_landmarks=80, seed=seed).fit(points)
        [own] = [r for r in circle_stability.resamples if r.seed == seed and r.factor == 1.0]
        assert own.scale == complex_.scale_ and own.betti == complex_.betti_numbers()


def test_an_undersampled_torus_is_flagged_unstable() -> None:
    points = torus_cloud(2000, seed=0).points
    complex_ = DataComplex(n_landmarks=200).fit(points)
    s = complex_stability(points, n_landmarks=200)
    assert complex_.betti_numbers() == (1, 2, 0)  # a torus with no 2-cycle: wrong
    assert not s.stable and not s.supports(complex_.betti_numbers())
    assert s.agreement < 0.8 * s.total and "UNSTABLE" in s.statement
    assert len({r.betti for r in s.resamples}) > 1


def test_stricter_agreement_and_a_single_resample() -> None:
    points = circle_cloud(120, dim=3, noise=0.0, seed=1).points
    one = complex_stability(points, n_landmarks=40, seeds=[7], scale_factors=[1.0])
    assert one.total == 1 and one.agreement == 1 and one.stable
    again = complex_stability(points, n_landmarks=40, seeds=[7], scale_factors=[1.0])
    assert again == one  # seeded: the same answer


@pytest.mark.parametrize(("kwargs", "word"), [
    ({"seeds": []}, "seeds"), ({"seeds": [1.5]}, "seeds"), ({"scale_factors": [0.0]}, "scale"),
    ({"min_agreement": 0.0}, "min_agreement"), ({"min_agreement": 1.5}, "min_agreement"),
    ({"n_landmarks": 1}, "n_landmarks")])
def test_bad_arguments_are_named(kwargs, word) -> None:
    points = circle_cloud(50, dim=2, seed=0).points
    with pytest.raises(BridgeError, match=word):
        complex_stability(points, **{"n_landmarks": 20, **kwargs})


def test_decisions_in_an_unstable_complex_are_marked() -> None:
    from bridge.laws import PathLaws
    from bridge.model import Codec
    from bridge.paths import LatentPath
    from bridge.report import assemble

    points = torus_cloud(2000, seed=0).points
    exact = Codec.from_functions(lambda x: x, lambda z: z, sample_shape=(3,), latent_dim=3)
    laws = PathLaws(exact, points, n_landmarks=200)
    assert laws.complex.betti_numbers() == (1, 2, 0) and not laws.stability.stable
    path = LatentPath(points[laws.complex.landmark_indices_[:1]].repeat(2, axis=0))
    units = laws.units([path])
    assert units.caveat.startswith("decided in a complex whose Betti numbers (1, 2, 0) are not "
                                   "stable: Betti ")
    assert laws.region([path]).caveat == ""  # no homotopy decision, no mark
    report = assemble(laws, [units], seed=0)
    assert "marked *" in report.meta["summary"]["complex stability"]
    assert report.meta["complex"]["stable"] is False
    assert report.table().caption.startswith("* decided in a complex whose Betti numbers")

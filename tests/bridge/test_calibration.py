"""The laws as calibrated tests: false alarms at most α on models whose paths behave like their
data, and failures only where a path does measurably worse. NumPy codecs, tiny clouds, no Keras."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from bridge.check import INTERPOLATORS
from bridge.interpolators import make_interpolator
from bridge.laws import PATH_LAWS, PathLaws, allowed_exceedances, conformal_quantile
from bridge.model import Codec
from bridge.paths import DataPath, LatentPath
from learn.data import circle_cloud, disk_cloud

ALPHA, SEEDS, PATHS = 0.01, 50, 12


def codec(decode=lambda z: z) -> Codec:
    """Identity encoder on R^2 and the given decoder (identity by default: an exact codec)."""
    return Codec.from_functions(lambda x: x, decode, sample_shape=(2,), latent_dim=2)


def run_laws(laws: PathLaws, interpolator: str, seed: int, n_paths: int = PATHS) -> list:
    """Every registered law on one chain of ``n_paths`` paths between seeded data points, the
    statistical ones corrected for every case they test together (as a check run does)."""
    rng = np.random.default_rng(seed)
    chain = rng.choice(len(laws.codes), size=n_paths + 1, replace=False)
    make = make_interpolator(interpolator, steps=12, complex_=laws.complex)
    paths = [DataPath(make(laws.codes[a], laws.codes[b]), int(a), int(b), interpolator)
             for a, b in pairwise(chain)]
    family = n_paths * sum(law.statistical for law in PATH_LAWS.values())
    return [law.check(laws, law.windows(paths, 6 if law.decided else None),
                      family if law.statistical else None) for law in PATH_LAWS.values()]


def test_conformal_quantile_and_binomial_bound_by_hand() -> None:
    scores = np.arange(1.0, 20.0)  # 19 scores: the ceil(20 * 0.9) = 18th smallest is 18
    assert conformal_quantile(scores, 0.9) == (18.0, 2 / 20)
    assert conformal_quantile(scores, 0.999) == (19.0, 1 / 20)  # never beyond the largest
    # P(Binomial(10, 0.1) > 3) = 0.0128 > 0.01 >= P(... > 4) = 0.0016
    assert allowed_exceedances(10, 0.1, 0.01) == 4
    assert allowed_exceedances(10, 0.1, 0.5) == 1
    assert allowed_exceedances(3, 0.9, 1e-9) == 3  # never more than the steps


def test_exact_codecs_pass_every_applicable_law_across_seeds() -> None:
    """50 seeds, each a fresh noisy circle or disk, an exact codec and data-geodesic paths: a
    model whose paths behave like its data. No law may fail at more than the stated rate; the
    Bonferroni-corrected rules make a false alarm rarer still, so 3 of 50 is the most a
    correct calibration allows (P(Binomial(50, 0.01) >= 4) < 0.002)."""
    failed_runs = []
    for seed in range(SEEDS):
        make = circle_cloud if seed % 2 else disk_cloud
        cloud = make(120, dim=2, noise=0.03, seed=seed)
        laws = PathLaws(codec(), cloud.points, alpha=ALPHA, n_landmarks=40, seed=seed)
        results = run_laws(laws, "data_geodesic", seed)
        assert all(r.status in ("passed", "not applicable") for r in results
                   if r.failures == 0 and r.undecided == 0)
        if any(r.failures for r in results):
            failed_runs.append((seed, [(r.law, r.where) for r in results if r.failures]))
    assert len(failed_runs) <= 3, failed_runs


def test_cycle_consistency_false_alarms_at_most_alpha_on_paths_through_the_data() -> None:
    """A codec that is not exact (the decoder bends space, so E(D(z)) - z varies) and paths
    whose steps are data codes drawn at random: the steps are exchangeable with the data, the
    null the binomial rule assumes. Over 50 seeds the law fails at most a few times; paths
    through the data's worst codes fail."""
    def bend(z: np.ndarray) -> np.ndarray:
        return z + 0.05 * np.sin(3.0 * z[:, ::-1])

    alarms = 0
    for seed in range(SEEDS):
        cloud = disk_cloud(200, dim=2, noise=0.0, seed=seed)
        laws = PathLaws(codec(bend), cloud.points, alpha=ALPHA, n_landmarks=30, seed=seed)
        rng = np.random.default_rng(seed)
        paths = [LatentPath(laws.codes[rng.choice(len(laws.codes), 16)]) for _ in range(PATHS)]
        alarms += laws.cycle_consistency(paths).failures > 0
    assert alarms <= 3
    worst = np.argsort(laws.cycle_errors)[-8:]
    bad = laws.cycle_consistency([LatentPath(laws.codes[np.tile(worst, 2)])])
    assert bad.status == "failed" and bad.value == 16 > bad.tolerance


def test_a_decoder_torn_across_half_the_latent_space_fails_continuity_alone() -> None:
    """Exact on z0 < 0, shifted by 0.5 on z0 >= 0: paths that cross z0 = 0 jump, and only
    continuity can see it. The data sit on both sides, so the calibration absorbs the shift
    (cycle consistency and endpoints measure against the data), and the latent laws do not
    involve the decoder."""
    def torn(z: np.ndarray) -> np.ndarray:
        return z + 0.5 * (z[:, :1] >= 0)

    cloud = disk_cloud(200, dim=2, noise=0.0, seed=3)
    laws = PathLaws(codec(torn), cloud.points, n_landmarks=40, seed=3)
    for interpolator in INTERPOLATORS:
        results = {r.law: r for r in run_laws(laws, interpolator, seed=3, n_paths=16)}
        continuity = results.pop("continuity")
        assert continuity.status == "failed", interpolator
        crossing = [c for c in continuity.cases if c.outcome == "failed"]
        assert crossing and all("jumps at step" in c.reason for c in crossing)
        for name, result in results.items():
            assert result.failures == 0, (interpolator, name, result.where)


def test_the_tear_is_found_on_exactly_the_paths_that_cross_it() -> None:
    def torn(z: np.ndarray) -> np.ndarray:
        return z + 0.5 * (z[:, :1] >= 0)

    laws = PathLaws(codec(torn), disk_cloud(200, dim=2, seed=3).points, n_landmarks=40)
    left = LatentPath(np.linspace([-0.8, -0.2], [-0.1, 0.3], 25))
    right = LatentPath(np.linspace([0.1, -0.2], [0.8, 0.3], 25))
    across = LatentPath(np.linspace([-0.5, 0.0], [0.5, 0.1], 25))  # z0 = 0 at point 12
    result = laws.continuity([left, right, across])
    assert [c.outcome for c in result.cases] == ["held", "held", "failed"]
    # the step from point 11 to point 12 jumps by 0.5·√2 over a latent step of about 0.042
    assert result.value > result.tolerance and result.where.startswith("path 2: jumps at step 11")


@pytest.mark.parametrize("alpha", [0.2, 1e-6])
def test_a_stricter_alpha_allows_more_steps_over(alpha) -> None:
    laws = PathLaws(codec(lambda z: z + 0.05 * np.sin(3.0 * z[:, ::-1])),
                    disk_cloud(200, dim=2, seed=0).points, alpha=alpha, n_landmarks=30)
    path = LatentPath(laws.codes[:16])
    result = laws.cycle_consistency([path], family=10)
    assert result.tolerance == allowed_exceedances(16, laws.exceedance, alpha / 10)
    assert result.details["family"] == 10 and f"α = {alpha:g} / 10" in result.rule

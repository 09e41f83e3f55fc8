"""The path laws on codecs whose behaviour is known.

* ``exact``: a hand-made linear codec for a circle cloud in R^8 — the encoder projects onto the
  cloud's plane, the decoder embeds back — so E(D(z)) = z and decoding is an isometry.
* ``trained`` (slow): a small dense VAE trained on the same cloud, scaled to [0, 1].
* ``broken``: either codec with a decoder that adds a large high-frequency perturbation where
  z[0] is above the 98th percentile of the codes (only the extreme 2 % of the data is hit, so
  the calibration, a 95th percentile, is not).
"""

from __future__ import annotations

import json
import os
from types import SimpleNamespace

import numpy as np
import pytest

from bridge.complex import DataComplex
from bridge.geodesics import data_geodesic
from bridge.laws import FLOAT32_SLACK, LawResult, PathLaws
from bridge.model import Codec
from bridge.paths import LatentPath, linear
from hott.word_problem import Decision
from hottbridge.errors import BridgeError
from learn.data import circle_cloud

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

STEPS, LANDMARKS = 24, 80


def cloud_in_r8():
    return circle_cloud(300, dim=8, noise=0.02, seed=0)


def linear_codec(embedding: np.ndarray) -> SimpleNamespace:
    """Encoder x -> x E and decoder z -> z E^T for E with orthonormal columns: exact on the
    plane of E, so E(D(z)) = z, and D is an isometry."""
    import keras

    dim, k = embedding.shape
    x = keras.Input((dim,))
    project = keras.layers.Dense(k, use_bias=False)
    encoder = keras.Model(x, project(x), name="encoder")
    project.set_weights([embedding])
    z = keras.Input((k,))
    embed = keras.layers.Dense(dim, use_bias=False)
    decoder = keras.Model(z, embed(z), name="decoder")
    embed.set_weights([embedding.T])
    return SimpleNamespace(encoder=encoder, decoder=decoder)


def glitched(codec_like, threshold: float, amplitude: float = 3.0) -> SimpleNamespace:
    """The same encoder; a decoder that adds amplitude * sin(40 z0 + j) to feature j wherever
    z0 > threshold: a jump at the threshold and wild oscillation beyond it."""
    import keras
    from keras import ops

    class Glitch(keras.layers.Layer):
        def call(self, z, x):
            mask = ops.cast(z[:, :1] > threshold, x.dtype)
            phases = ops.arange(ops.shape(x)[1], dtype=x.dtype)
            return x + mask * amplitude * ops.sin(40.0 * z[:, :1] + phases)

    decoder = codec_like.decoder
    z = keras.Input(tuple(decoder.inputs[0].shape[1:]))
    return SimpleNamespace(encoder=codec_like.encoder,
                           decoder=keras.Model(z, Glitch()(z, decoder(z)), name="glitched"))


def trained_vae(x: np.ndarray):
    import keras

    from learn.vae import VAE

    model = VAE((x.shape[1],), latent_dim=2, hidden=(32, 16), likelihood="gaussian",
                variance=0.01, beta=0.1, seed=0)
    model.compile(optimizer=keras.optimizers.Adam(1e-2))
    model.fit(x, epochs=30, batch_size=32, verbose=0)
    return model


def scaled(points: np.ndarray) -> np.ndarray:
    low, high = points.min(axis=0), points.max(axis=0)
    return ((points - low) / (high - low)).astype(np.float32)


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def exact():
    cloud = cloud_in_r8()
    codec = linear_codec(cloud.embedding)
    return SimpleNamespace(cloud=cloud, data=cloud.points, codec=codec,
                           laws=PathLaws(codec, cloud.points, n_landmarks=LANDMARKS))


@pytest.fixture(scope="module")
def trained():
    cloud = cloud_in_r8()
    data = scaled(cloud.points)
    model = trained_vae(data)
    return SimpleNamespace(cloud=cloud, data=data, codec=model,
                           laws=PathLaws(model, data, n_landmarks=LANDMARKS))


@pytest.fixture(scope="module", params=["exact", pytest.param("trained", marks=pytest.mark.slow)])
def setup(request):
    return request.getfixturevalue(request.param)


def arcs(setup, length: float = 0.8, pieces: int = 8):
    """Data geodesics from ``pieces`` equally spaced angles to ``length`` further on (ground
    truth angles), with the indices of the samples they join."""
    angle = setup.cloud.param("angle")
    starts = np.arange(pieces) * 2 * np.pi / pieces

    def at(a: float) -> int:
        return int(np.argmin(np.abs(np.angle(np.exp(1j * (angle - a))))))

    pairs = [(at(a), at(a + length)) for a in starts]
    codes = setup.laws.codes
    paths = [data_geodesic(setup.laws.complex, codes[i], codes[j], STEPS) for i, j in pairs]
    return paths, [i for i, _ in pairs], [j for _, j in pairs]


def chord(setup) -> LatentPath:
    """The straight segment between two codes half way round the circle: it crosses the hole."""
    angle = setup.cloud.param("angle")
    i, j = int(np.argmin(np.abs(angle - 1.0))), int(np.argmin(np.abs(angle - 1.0 - np.pi)))
    return linear(setup.laws.codes[i], setup.laws.codes[j], STEPS)


def assert_json(result: LawResult) -> dict:
    out = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert out["status"] == result.status and out["law"] == result.law
    assert set(out) >= {"passed", "value", "tolerance", "checked", "failures", "undecided",
                        "where", "details"}
    return out


# ------------------------------------------------------------------------- calibration
def test_calibration_of_the_exact_codec_against_closed_form(exact) -> None:
    laws, cloud = exact.laws, exact.cloud
    # the encoder is the orthogonal projection onto the cloud's plane
    np.testing.assert_allclose(laws.codes, cloud.points @ cloud.embedding, atol=1e-5)
    residual = cloud.points - laws.codes @ cloud.embedding.T
    np.testing.assert_allclose(laws.reconstruction_errors,
                               np.sqrt(np.mean(residual ** 2, axis=1)), atol=1e-5)
    # the split-conformal quantile: the ceil(301 * 0.95) = 286th smallest of 300 errors, which
    # one more exchangeable error exceeds with probability at most 15 / 301
    assert laws.endpoint_tolerance == np.sort(laws.reconstruction_errors)[285]
    assert laws.exceedance == pytest.approx(15 / 301)
    # E(D(z)) = z up to float32 rounding, so the cycle tolerance is the rounding floor
    assert laws.cycle_errors.max() < 1e-5
    floor = FLOAT32_SLACK * np.finfo(np.float32).eps * np.abs(laws.codes).max()
    assert laws.cycle_tolerance == pytest.approx(max(np.sort(laws.cycle_errors)[285], floor))
    assert laws.latent_tolerance == pytest.approx(0.01 * laws.complex.scale_)
    assert laws.complex.betti_numbers() == (1, 1, 0)
    assert laws.codes.shape == (300, 2) and laws.data.shape == (300, 8)


def test_a_lower_percentile_gives_a_lower_tolerance(exact) -> None:
    strict = PathLaws(exact.codec, exact.data, exact.laws.complex, percentile=50)
    # the ceil(301 * 0.5) = 151st smallest error
    assert strict.endpoint_tolerance == np.sort(exact.laws.reconstruction_errors)[150]
    assert strict.endpoint_tolerance < exact.laws.endpoint_tolerance
    assert strict.complex is exact.laws.complex


# ---------------------------------------------------------------------- 1. endpoints
def test_endpoints_pass_for_paths_between_data_points(setup) -> None:
    paths, starts, ends = arcs(setup)
    result = setup.laws.endpoints(paths, setup.data[starts], setup.data[ends])
    assert result.passed is True and result.status == "passed"
    assert result.checked == result.held == len(paths) and result.failures == 0
    assert result.where == "" and result.tolerance == setup.laws.rounding
    # paths start and end at their samples' codes: no excess over their own reconstruction
    assert result.value <= result.tolerance
    assert [c.outcome for c in result.cases] == ["held"] * len(paths)
    assert_json(result)


def test_endpoints_fail_where_a_path_misses_its_sample(setup) -> None:
    paths, starts, ends = arcs(setup)
    wrong = list(ends)
    wrong[3] = starts[3]  # path 3 is checked against the sample it starts from, 0.8 rad away
    result = setup.laws.endpoints(paths, setup.data[starts], setup.data[wrong])
    assert result.passed is False and result.failures == 1
    assert result.where.startswith("path 3: a decoded end is ")
    assert result.value > 3 * result.tolerance and result.cases[3].value == result.value
    assert assert_json(result)["status"] == "failed"


def test_endpoints_need_one_sample_per_path(exact) -> None:
    paths, starts, ends = arcs(exact)
    with pytest.raises(BridgeError, match="need 8 start and end samples, got 7 and 8"):
        exact.laws.endpoints(paths, exact.data[starts[:7]], exact.data[ends])
    with pytest.raises(BridgeError, match="samples have shape"):
        exact.laws.endpoints(paths, exact.data[starts][:, :4], exact.data[ends])


# -------------------------------------------------------------------- 2. composition
def test_composition_passes_for_meeting_pairs_and_refuses_gaps(setup) -> None:
    paths, _, _ = arcs(setup, length=2 * np.pi / 16, pieces=16)
    pairs = list(zip(paths[::2], paths[1::2], strict=True))  # consecutive arcs meet exactly
    result = setup.laws.composition(pairs)
    assert result.passed is True and result.checked == 8 and result.failures == 0
    assert result.value == pytest.approx(max(p.gap(q) for p, q in pairs))
    assert result.value <= result.tolerance == setup.laws.latent_tolerance
    # pairs that do not meet: concatenation is (correctly) refused, so the law still holds
    apart = [(paths[0], paths[4]), (paths[1], paths[2])]
    refused = setup.laws.composition(apart)
    assert refused.passed is True and refused.value > refused.tolerance
    assert_json(result)


# ------------------------------------------------- 3. units, inverses, associativity
def test_groupoid_laws_are_decided_true_in_the_data_region(setup) -> None:
    laws = setup.laws
    paths, _, _ = arcs(setup, length=2 * np.pi / 12, pieces=12)
    assert laws.region(paths).passed is True
    triples = [tuple(paths[i:i + 3]) for i in (0, 3, 6)]
    for result, checked in [(laws.units(paths), 24), (laws.inverses(paths), 12),
                            (laws.associativity(triples), 3)]:
        assert result.passed is True, result.where
        assert result.checked == checked and result.failures == result.undecided == 0
        assert result.value == 0.0 and result.tolerance == 0.0 and result.where == ""
        assert_json(result)


def test_groupoid_laws_fail_for_a_path_that_leaves_the_region(setup) -> None:
    laws = setup.laws
    paths, _, _ = arcs(setup)
    across = chord(setup)
    batch = [paths[0], across, paths[1]]
    units, inverses = laws.units(batch), laws.inverses(batch)
    # the path that leaves the region makes its cases not applicable: the region law reports
    # the departure, once; the other paths' cases hold
    assert units.passed is True and units.failures == 0 and units.checked == 6
    assert units.not_applicable == 2 and units.held == 4 and units.status == "passed"
    [first, second] = [c for c in units.cases if c.outcome == "not applicable"]
    assert (first.label, second.label) == ("path 1, left unit", "path 1, right unit")
    assert first.reason.startswith("left side left the data region at step ")
    assert inverses.passed is True and inverses.not_applicable == 1
    assert inverses.cases[1].reason.startswith("left side left the data region at step ")
    # a law none of whose cases applies neither passes nor fails
    alone = laws.inverses([across])
    assert alone.passed is None and alone.status == "not applicable" and alone.held == 0
    # a triple whose middle leg crosses the hole
    start, end = across.start, across.end
    lead_in = data_geodesic(laws.complex, paths[0].start, start, STEPS)
    lead_out = data_geodesic(laws.complex, end, paths[2].end, STEPS)
    associativity = laws.associativity([(lead_in, across, lead_out)])
    assert associativity.status == "not applicable"
    assert associativity.cases[0].reason.startswith("left side left the data region at step ")
    out = assert_json(units)
    assert out["not_applicable"] == 2 and out["held"] == 4 and len(out["cases"]) == 6


# ------------------------------------------------------------------ 4. region, cycle
def test_region_reports_the_worst_departure(setup) -> None:
    laws = setup.laws
    paths, _, _ = arcs(setup)
    inside = laws.region(paths)
    assert inside.passed is True and inside.value <= inside.tolerance == laws.complex.scale_
    outside = laws.region([paths[0], chord(setup)])
    assert outside.passed is False and outside.failures == 1
    assert outside.where.startswith("path 1: leaves the data region at step ")
    assert outside.value > laws.complex.scale_ == outside.tolerance
    assert_json(outside)


def test_region_accepts_paths_of_different_lengths(setup) -> None:
    paths, _, _ = arcs(setup)
    mixed = [paths[0], paths[1].resample(2 * STEPS)]
    assert setup.laws.region(mixed).passed is True
    assert setup.laws.region([*mixed, chord(setup)]).passed is False


def test_an_exact_codec_is_cycle_consistent_on_any_path(exact) -> None:
    # E(D(z)) = z for every z: the only cycle error is float32 rounding, on the data as on
    # every path, so no path can do worse than the data
    paths, _, _ = arcs(exact)
    result = exact.laws.cycle_consistency([*paths, chord(exact)])
    assert result.value < 1e-5
    assert result.passed is True, (result.where, result.value, result.tolerance)


# ------------------------------------------------------------------------ 5. continuity
def test_continuity_of_an_isometric_decoder_is_exactly_one(exact) -> None:
    paths, _, _ = arcs(exact)
    result = exact.laws.continuity([*paths, chord(exact)])
    assert result.passed is True and result.tolerance == 10.0
    assert result.value == pytest.approx(1.0, abs=1e-3)


def test_continuity_passes_on_data_paths_of_a_smooth_decoder(setup) -> None:
    paths, _, _ = arcs(setup)
    result = setup.laws.continuity(paths)
    assert result.passed is True and result.checked == len(paths)
    assert 1.0 <= result.value < result.tolerance
    assert_json(result)


# ------------------------------------------------------------------- broken decoders
@pytest.fixture(scope="module")
def broken(setup):
    """The broken codec's laws, a batch of good paths with the bad one at index 2, and the
    first point of the bad path inside the perturbed region."""
    codes = setup.laws.codes
    threshold = float(np.quantile(codes[:, 0], 0.98))
    laws = PathLaws(glitched(setup.codec, threshold), setup.data, setup.laws.complex)
    paths, _, _ = arcs(setup)
    good = [p for p in paths if p.points[:, 0].max() < threshold - 0.05 * laws.complex.scale_]
    assert len(good) >= 4
    peak = int(np.argmax(codes[:, 0]))
    approach = int(np.argsort(np.linalg.norm(codes - codes[peak], axis=1))[40])
    bad = data_geodesic(laws.complex, codes[approach], codes[peak], STEPS)
    inside = np.flatnonzero(bad.points[:, 0] > threshold)
    assert len(inside) >= 2 and inside[0] > 0  # the bad path enters the region on the way
    return laws, [*good[:2], bad, *good[2:4]], int(inside[0])


def test_broken_decoder_calibration_is_not_thrown_off(broken, setup) -> None:
    laws, _, _ = broken
    assert laws.endpoint_tolerance == pytest.approx(setup.laws.endpoint_tolerance, rel=0.2)


def test_broken_decoder_fails_continuity_at_the_bad_path(broken) -> None:
    laws, batch, entry = broken
    result = laws.continuity(batch)
    assert result.passed is False and result.failures == 1 and result.checked == 5
    assert result.where.startswith("path 2: jumps at step ")
    step = int(result.where.split("step ")[1].split(" ")[0])
    assert step >= entry - 1  # the jump into the region or after
    assert result.value > 10 * result.tolerance
    assert_json(result)


def test_broken_decoder_fails_cycle_consistency_at_the_bad_path(broken) -> None:
    laws, batch, _ = broken
    result = laws.cycle_consistency(batch)
    assert result.passed is False and result.checked == 5
    # the value counts the worst path's steps over the data's quantile, the tolerance the
    # binomial bound: the status follows from the two
    assert result.value > result.tolerance and result.value == result.cases[2].value
    assert result.details["worst cycle error"] > 10 * laws.cycle_tolerance
    assert result.where.startswith("path 2: "), result.where
    assert result.failures == 1
    assert_json(result)


def test_broken_decoder_fails_on_the_bad_path_alone(broken) -> None:
    laws, batch, _ = broken
    bad_only = [batch[2]]
    assert laws.continuity(bad_only).passed is False
    assert laws.cycle_consistency(bad_only).passed is False
    good_only = batch[:2] + batch[3:]
    assert laws.continuity(good_only).passed is True


# --------------------------------------------------------------------------- 6. homotopy
def two_ways_round(setup) -> tuple[LatentPath, LatentPath]:
    """From the sample at angle ~0.5 to the one at ~0.5 + pi, through the samples in angle
    order: once anticlockwise, once clockwise. Same ends, different classes."""
    angle, codes = setup.cloud.param("angle"), setup.laws.codes
    a, b = int(np.argmin(np.abs(angle - 0.5))), int(np.argmin(np.abs(angle - 0.5 - np.pi)))
    up = np.flatnonzero((angle > angle[a]) & (angle < angle[b]))
    up = up[np.argsort(angle[up])]
    down = np.flatnonzero((angle < angle[a]) | (angle > angle[b]))
    down = down[np.argsort((angle[a] - angle[down]) % (2 * np.pi))]  # clockwise from a
    forward = LatentPath(np.vstack([codes[a], codes[up], codes[b]]))
    backward = LatentPath(np.vstack([codes[a], codes[down], codes[b]]))
    return forward.resample(4 * STEPS), backward.resample(4 * STEPS)


def test_homotopy_decides_true_and_false_on_the_circle(setup) -> None:
    laws = setup.laws
    forward, backward = two_ways_round(setup)
    assert laws.region([forward, backward]).passed is True
    different = laws.homotopy(forward, backward)
    assert different.passed is False and different.status == "failed"
    assert different.where.startswith("the two paths: ") and different.checked == 1
    assert laws.homotopy(backward, backward.resample(STEPS)).passed is True
    # the data geodesic goes one way round: homotopic to exactly one of the two
    geodesic = data_geodesic(laws.complex, forward.start, forward.end, STEPS)
    verdicts = [laws.homotopy(way, geodesic).passed for way in (forward, backward)]
    assert sorted(verdicts) == [False, True]
    assert_json(different)


def test_homotopy_fails_for_a_path_that_leaves_the_region(exact) -> None:
    forward, _ = two_ways_round(exact)
    result = exact.laws.homotopy(forward, linear(forward.start, forward.end, STEPS))
    assert result.status == "not applicable" and result.not_applicable == 1
    assert result.cases[0].reason.startswith("right side left the data region at step ")


def test_homotopy_needs_the_same_endpoints(exact) -> None:
    paths, _, _ = arcs(exact)
    with pytest.raises(BridgeError, match="same endpoints"):
        exact.laws.homotopy(paths[0], paths[1])


class UndecidingComplex(DataComplex):
    """A data complex whose word problem gives up: every homotopy question is undecided."""

    def homotopic(self, first, second):
        return Decision(None, "undecided", "the word problem gave up (test double)")


def test_undecided_cases_are_reported_as_undecided_never_as_passed(exact) -> None:
    complex_ = UndecidingComplex(n_landmarks=LANDMARKS).fit(exact.laws.codes)
    laws = PathLaws(exact.codec, exact.data, complex_)
    paths, _, _ = arcs(exact)
    result = laws.inverses(paths[:3])
    assert result.passed is None and result.status == "undecided"
    assert result.undecided == 3 and result.failures == 0 and result.checked == 3
    assert result.details["undecided reasons"][0].startswith("the word problem gave up")
    out = assert_json(result)
    assert out["passed"] is None and out["status"] == "undecided"
    # a case that leaves the region does not apply; the others stay undecided
    mixed = laws.inverses([paths[0], chord(exact)])
    assert mixed.passed is None and mixed.undecided == 1 and mixed.not_applicable == 1
    assert laws.homotopy(paths[0], paths[0].resample(12)).status == "undecided"


# ------------------------------------------------------------------------------ errors
def test_path_laws_reject_bad_input(exact) -> None:
    with pytest.raises(BridgeError, match="percentile"):
        PathLaws(exact.codec, exact.data, exact.laws.complex, percentile=0)
    with pytest.raises(BridgeError, match="percentile"):
        PathLaws(exact.codec, exact.data, exact.laws.complex, percentile=101)
    with pytest.raises(BridgeError, match="alpha"):
        PathLaws(exact.codec, exact.data, exact.laws.complex, alpha=0)
    with pytest.raises(BridgeError, match="no encoder"):
        PathLaws(SimpleNamespace(decoder=exact.codec.decoder), exact.data)
    with pytest.raises(BridgeError, match="samples have shape"):
        PathLaws(exact.codec, exact.data[:, :5])
    with pytest.raises(BridgeError, match="non-finite"):
        PathLaws(exact.codec, np.full((10, 8), np.nan))
    laws = exact.laws
    for law in (laws.continuity, laws.cycle_consistency):
        with pytest.raises(BridgeError, match="no paths"):
            law([])
    paths, _, _ = arcs(exact)
    with pytest.raises(BridgeError, match="share"):
        laws.continuity([paths[0], paths[0].resample(7)])
    with pytest.raises(BridgeError, match="latent dimension"):
        laws.continuity([linear([0.0, 0.0, 0.0], [1.0, 0.0, 0.0], 4)])
    assert isinstance(laws.codec, Codec)


# ------------------------------------------------------------------------ the registry
def test_the_registry_names_each_law_once_and_draws_its_cases(exact) -> None:
    from bridge.laws import PATH_LAWS, path_laws
    from bridge.paths import DataPath

    assert list(PATH_LAWS) == ["endpoints", "composition", "units", "inverses",
                               "associativity", "region", "cycle_consistency", "continuity"]
    assert {n for n, law in PATH_LAWS.items() if law.decided} == {"units", "inverses",
                                                                   "associativity"}
    paths, starts, ends = arcs(exact, pieces=4)
    drawn = [DataPath(p, i, j, "data_geodesic") for p, i, j in zip(paths, starts, ends)]
    triples = PATH_LAWS["associativity"].windows(drawn)
    assert [tuple(p.start_index for p in t) for t in triples] == [tuple(starts[:3]),
                                                                  tuple(starts[1:])]
    assert len(PATH_LAWS["units"].windows(drawn, 2)) == 2
    constant = DataPath(LatentPath.refl(exact.laws.codes[starts[0]], 4), starts[0], starts[0],
                        "refl")
    for law in PATH_LAWS.values():  # a result carries its law's name
        cases = law.windows(drawn, 1) if law.arity == 1 else [(constant,) * law.arity]
        assert law.check(exact.laws, cases).law == law.name
    with pytest.raises(BridgeError, match=r"unknown path law\(s\) \['cycle consistency'\]"):
        path_laws(["cycle consistency"])
    with pytest.raises(BridgeError, match="takes chains of 2"):
        PATH_LAWS["composition"].check(exact.laws, [(drawn[0],)])

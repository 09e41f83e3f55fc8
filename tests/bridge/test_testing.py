"""bridge.testing: the laws hold for an exact codec, fail with a real shrunk counterexample for a
torn decoder and for straight paths across a hole, undecided homotopy is never a pass."""

from __future__ import annotations

import os
import warnings

import numpy as np
import pytest

from bridge.laws import PathLaws
from bridge.paths import LatentPath, linear
from bridge.realization import Realization
from bridge.testing import (
    LAWS,
    UndecidedLawWarning,
    assert_path_laws,
    calibrate,
    check_path_laws,
)
from hott.library import circle
from hott.word_problem import Decision
from hottbridge.errors import BridgeError
from learn.data import circle_cloud, disk_cloud

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

LANDMARKS, EXAMPLES = 80, 15
PATH_LAW_NAMES = ["endpoints", "composition", "units", "inverses", "associativity",
                  "region", "cycle_consistency", "continuity"]


def identity_codec(torn: bool = False):
    """A model whose encoder and decoder are the identity of R^2; ``torn`` adds a fixed
    high-frequency sine to the decoder's output where z[0] > 0 (half the latent space decodes
    to deterministic noise)."""
    import keras
    from keras import layers, ops

    from learn.autoencoder import Autoencoder

    class Tear(layers.Layer):
        def call(self, z):
            return z + ops.sin(200.0 * z) * ops.cast(z[:, :1] > 0, z.dtype)

    x, z = keras.Input((2,)), keras.Input((2,))
    identity = {"use_bias": False, "kernel_initializer": "identity"}
    decoded = layers.Dense(2, **identity)(z)
    encoder = keras.Model(x, layers.Dense(2, **identity)(x))
    decoder = keras.Model(z, Tear()(decoded) if torn else decoded)
    return Autoencoder((2,), 2, likelihood="gaussian", encoder=encoder, decoder=decoder)


@pytest.fixture(scope="module")
def disk() -> np.ndarray:
    return disk_cloud(300, seed=0).points


@pytest.fixture(scope="module")
def ring() -> np.ndarray:
    points = circle_cloud(240, noise=0.03, seed=1).points
    return points[np.argsort(np.arctan2(points[:, 1], points[:, 0]))]


@pytest.fixture(scope="module")
def exact_disk(disk) -> PathLaws:
    return calibrate(identity_codec(), disk, n_landmarks=LANDMARKS)


@pytest.fixture(scope="module")
def exact_ring(ring) -> PathLaws:
    return calibrate(identity_codec(), ring, n_landmarks=LANDMARKS)


@pytest.mark.parametrize("interpolator", ["linear", "slerp", "data_geodesic"])
def test_an_exact_codec_obeys_every_law_on_a_disk(exact_disk, interpolator) -> None:
    results = assert_path_laws(exact_disk, interpolator=interpolator, max_examples=EXAMPLES)
    assert [r.law for r in results] == PATH_LAW_NAMES
    for result in results:
        assert result.passed is True and result.status == "passed"
        assert result.failures == 0 and result.undecided == 0
        assert 1 <= result.checked <= 2 * EXAMPLES  # units: two cases per example
        assert result.held == result.checked  # every case applies and holds
        assert result.details["interpolator"] == interpolator
    continuity = results[LAWS.index("continuity")]
    assert continuity.value == pytest.approx(1.0, abs=1e-4)  # an isometry stretches nothing


def test_calibration_floors_tolerances_at_float32_rounding(exact_disk) -> None:
    """The exact codec has zero error on its data: the tolerances are rounding, not zero."""
    assert np.all(exact_disk.reconstruction_errors == 0)
    assert 0 < exact_disk.cycle_tolerance < 1e-4
    assert 0 < exact_disk.endpoint_tolerance < 1e-4


def test_a_torn_decoder_fails_with_a_shrunk_readable_counterexample(disk) -> None:
    with pytest.raises(AssertionError) as failure:
        assert_path_laws(identity_codec(torn=True), disk, n_landmarks=LANDMARKS,
                         max_examples=EXAMPLES)
    message = str(failure.value)
    first = message.splitlines()[0]
    assert "path laws fail" in first and "continuity" in first
    assert "continuity FAILS (interpolator linear" in message
    assert "shrunk counterexample: linear path data[" in message
    assert "tolerance 10:" in message and "step" in message


def test_the_reported_counterexample_really_fails(disk) -> None:
    laws = calibrate(identity_codec(torn=True), disk, n_landmarks=LANDMARKS)
    (continuity,) = check_path_laws(laws, laws=["continuity"], max_examples=EXAMPLES)
    assert continuity.passed is False and continuity.failures >= 1
    counterexample = continuity.details["counterexample"]
    start, end = (int(part.split("]")[0]) for part in counterexample["case"].split("data[")[1:])
    path = linear(laws.codes[start], laws.codes[end], continuity.details["steps"])
    again = laws.continuity([path])
    assert again.passed is False and again.where == counterexample["where"]
    assert again.value == pytest.approx(counterexample["value"])
    # the aggregate reports the worst case seen, which is at least as bad
    assert continuity.value == pytest.approx(continuity.details["worst case"]["value"])
    assert continuity.value >= again.value
    # the torn half is z[0] > 0: a failing straight path must reach it
    assert max(laws.codes[start, 0], laws.codes[end, 0]) > 0


def test_straight_paths_across_a_hole_leave_the_data_region(exact_ring) -> None:
    with pytest.raises(AssertionError, match="\nregion FAILS") as failure:
        assert_path_laws(exact_ring, laws=["region", "continuity"], max_examples=EXAMPLES)
    assert "continuity" not in str(failure.value).splitlines()[0]
    geodesic = assert_path_laws(exact_ring, laws=["region", "continuity"],
                                interpolator="data_geodesic", max_examples=EXAMPLES)
    assert all(r.passed for r in geodesic)


def realized_circle(laws: PathLaws, *, close: bool = True) -> Realization:
    """The circle realized by the loop through the (angle-sorted) codes; ``close=False`` stops
    the loop half way, so its end misses the base point."""
    codes = laws.codes
    loop = np.vstack([codes, codes[:1]]) if close else codes[: len(codes) // 2]
    return Realization(circle(), laws.complex, {"base": codes[0]}, {"loop": LatentPath(loop)})


def test_a_realized_circle_is_checked_with_the_path_laws(exact_ring) -> None:
    results = assert_path_laws(exact_ring, hit=realized_circle(exact_ring),
                               laws=["composition", "inverses"], interpolator="data_geodesic",
                               max_examples=10)
    names = [r.law for r in results]
    assert names == ["composition", "inverses", "realization endpoints",
                     "realization 2-cells", "functoriality"]
    # the circle has no 2-cells: that check applies to nothing, so it neither passes nor fails
    assert [r.status for r in results] == ["passed"] * 3 + ["not applicable", "passed"]
    assert results[-1].checked >= 1 and results[-1].details["hit"] == "S1"


def test_a_realization_that_does_not_close_fails_by_name(exact_ring) -> None:
    with pytest.raises(AssertionError) as failure:
        assert_path_laws(exact_ring, hit=realized_circle(exact_ring, close=False),
                         laws=["composition"], max_examples=10)
    message = str(failure.value)
    assert "realization endpoints FAILS" in message and "path 'loop'" in message
    # its images do not compose: functoriality does not apply (one cause, reported once)
    assert "functoriality" not in message
    results = check_path_laws(exact_ring, hit=realized_circle(exact_ring, close=False),
                              laws=["composition"], max_examples=10)
    functoriality = results[-1]
    assert functoriality.failures == 0 and functoriality.not_applicable >= 1
    away = [c for c in functoriality.cases if c.outcome == "not applicable"]
    assert all(c.reason.startswith("cannot be read in the data complex: ") for c in away)


def test_undecided_homotopy_is_reported_and_never_passes(exact_disk, monkeypatch) -> None:
    def gives_up(first, second) -> Decision:
        return Decision(None, "test", "the word problem gave up")

    monkeypatch.setattr(exact_disk.complex, "homotopic", gives_up)
    with pytest.warns(UndecidedLawWarning, match="units: .* cases .*gave up") as caught:
        results = assert_path_laws(exact_disk, laws=["units", "region"], max_examples=5)
    assert caught[0].filename == __file__  # the warning points at the caller
    units, region = results
    assert units.passed is None and units.status == "undecided"
    assert units.undecided == units.checked and units.failures == 0
    assert units.details["undecided reasons"] == ["the word problem gave up"]
    assert region.passed is True


def test_no_warning_when_everything_is_decided(exact_disk) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", UndecidedLawWarning)
        assert_path_laws(exact_disk, laws=["inverses"], max_examples=5)


def test_the_same_seed_draws_the_same_cases(disk) -> None:
    model = identity_codec(torn=True)
    runs = [check_path_laws(model, disk, laws=["continuity"], n_landmarks=LANDMARKS,
                            max_examples=8, seed=3) for _ in range(2)]
    assert runs[0][0].to_dict() == runs[1][0].to_dict()


@pytest.mark.parametrize(("arguments", "message"), [
    ({"laws": ["units", "commutativity"]}, r"unknown path law\(s\) \['commutativity'\]"),
    ({"laws": []}, "none given"),
    ({"max_examples": 0}, "max_examples must be a positive integer"),
    ({"steps": 2.5}, "steps must be a positive integer"),
    ({"hit": circle()}, "hit must be a bridge.realization.Realization"),
    ({"data": np.zeros((3, 2))}, "already holds its data"),
    ({"percentile": 50}, "calibrated at percentile 95"),
    ({"interpolator": "cubic"}, "unknown interpolator"),
])
def test_bad_arguments_raise_bridge_error(exact_disk, arguments, message) -> None:
    with pytest.raises(BridgeError, match=message):
        check_path_laws(exact_disk, **arguments)


def test_no_well_handled_data_point_raises_bridge_error(exact_disk, monkeypatch) -> None:
    monkeypatch.setattr(exact_disk, "cycle_tolerance", -1.0)
    with pytest.raises(BridgeError, match="calibrate at a higher percentile"):
        check_path_laws(exact_disk, laws=["region"])


def test_a_model_without_data_raises_bridge_error(exact_disk) -> None:
    with pytest.raises(BridgeError, match="data is needed"):
        assert_path_laws(exact_disk.codec)

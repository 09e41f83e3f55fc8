"""Discovery on data of known topology through exact codecs (the identity on flattened images
or on points): the shape found, its loops against the true angles, the files, bad input."""

from __future__ import annotations

import os
from types import SimpleNamespace

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from bridge.circular import circular_agreement, wrapped_steps
from bridge.discover_files import read_loops
from bridge.discovery import discover, discover_codes, match_loops, trace_loops
from bridge.model import Codec
from hott import load_hit
from hott.library import circle, torus
from hottbridge.errors import BridgeError
from learn.data import (
    disk_cloud,
    figure_eight_images,
    load,
    rotating_glyph,
    save_image_folder,
    torus_cloud,
    torus_images,
    two_circles_cloud,
)

SIZE = 16


def flat_codec(shape: tuple[int, ...]) -> Codec:
    """An exact codec: the encoder flattens a sample, the decoder reshapes the code back."""
    import keras

    x, z = keras.Input(shape), keras.Input((int(np.prod(shape)),))
    encoder = keras.Model(x, keras.layers.Flatten()(x))
    decoder = keras.Model(z, keras.layers.Reshape(shape)(z))
    return Codec(SimpleNamespace(encoder=encoder, decoder=decoder))


def found_held(found) -> bool:
    """No realization law failed or was undecided, and the one on H1 held (a HIT without
    2-cells has its 2-cell law not applicable)."""
    status = {r.law: r.status for r in found.laws}
    return (status["realization on H1"] == "passed"
            and not {"failed", "undecided"} & set(status.values()))


def flat(images: np.ndarray) -> np.ndarray:
    return images.reshape(len(images), -1)


def turns(angles: np.ndarray) -> np.ndarray:
    """Signed full turns an angle makes along a closed sequence (steps wrapped)."""
    return wrapped_steps(np.asarray(angles) / (2 * np.pi)).sum()


@pytest.fixture(scope="module")
def shuffled_glyph(tmp_path_factory):
    """A rotating glyph saved under shuffled file names and read back in file-name order: the
    images, the true angle of each, and the discovery (with its files) on them."""
    glyph = rotating_glyph(120, size=SIZE)
    order = np.random.default_rng(7).permutation(120)
    folder = tmp_path_factory.mktemp("glyph") / "shuffled"
    save_image_folder(glyph.images[order], None, folder)
    images = load(str(folder), image_size=SIZE).images
    angle = glyph.param("angle")[order]
    out = tmp_path_factory.mktemp("discovered")
    found = discover(flat_codec((SIZE, SIZE, 1)), images, n_landmarks=80, stability_seeds=(),
                     out=out, truth={"angle": angle})
    return images, angle, found


def test_a_shuffled_rotating_glyph_is_recognised_as_the_circle_with_degree_one(
        shuffled_glyph) -> None:
    _, _, found = shuffled_glyph
    assert found.recognised == "circle"
    assert found.hit.name == "S1"
    assert abs(found.realization.degree()) == 1
    assert found_held(found)
    assert found.round_trip and found.winding.shape == (1, 1)
    assert "recognised as the circle" in found.statement
    assert "evidence, not a proof" in found.statement
    assert found.expect("circle").startswith("the data region is recognised as circle")


def test_the_circular_coordinate_follows_the_true_angle(shuffled_glyph) -> None:
    _, angle, found = shuffled_glyph
    coordinate = found.coordinates.values[:, 0]
    assert circular_agreement(coordinate, angle) >= 0.95
    by_angle = np.argsort(angle)
    assert abs(found.coordinates.winding([*by_angle, by_angle[0]])[0]) == 1  # monotone: one turn
    steps = wrapped_steps(coordinate[by_angle])
    assert (np.sign(steps) == np.sign(np.sum(steps))).mean() > 0.9


def test_the_discovered_loop_goes_once_round_through_data_samples(shuffled_glyph) -> None:
    _, angle, found = shuffled_glyph
    (loop,) = found.basis
    assert loop.samples[0] == loop.samples[-1] == found.loops.points["base"]
    assert found.loops.paths["loop"] in (list(loop.samples), list(loop.samples)[::-1])
    assert abs(turns(angle[list(loop.samples)])) == pytest.approx(1)


def test_the_files_rerun_the_same_realization(shuffled_glyph) -> None:
    images, _, found = shuffled_glyph
    hit = load_hit(found.files["hit"])
    assert (hit.points, hit.paths) == (circle().points, circle().paths)
    loops = read_loops(found.files["loops"], n_samples=len(images))
    assert loops == found.loops
    again = loops.realize(hit, found.complex.codes_, found.complex)
    assert again.homology_check().passed
    for name in ("complex", "strips", "coordinates", "discovery"):
        assert os.path.getsize(found.files[name]) > 0


def test_tracing_by_discovery_matches_the_circle_through_h1(shuffled_glyph) -> None:
    images, _, found = shuffled_glyph
    spec, note = trace_loops(circle(), flat(images), n_landmarks=80)
    realization = spec.realize(circle(), found.complex.codes_, found.complex)
    assert abs(realization.degree()) == 1
    assert "traced by discovery" in note and "induced map on H1" in note


def test_a_torus_gives_two_loops_each_turning_one_angle() -> None:
    """A torus cloud in R^8 through the identity (torus images in pixel space: see below)."""
    cloud = torus_cloud(3000, dim=8, seed=0)
    found = discover_codes(cloud.points, n_landmarks=250, stability_seeds=())
    assert found.recognised == "torus"
    assert len(found.basis) == 2 and found.round_trip
    swept = []
    for loop in found.basis:
        samples = list(loop.samples)
        sweeps = [abs(turns(cloud.param(name)[samples])) for name in ("angle1", "angle2")]
        spread = [np.ptp(np.unwrap(cloud.param(name)[samples])) for name in ("angle1", "angle2")]
        moving = int(np.argmax(sweeps))
        assert sweeps[moving] == pytest.approx(1) and sweeps[1 - moving] == pytest.approx(0)
        assert spread[1 - moving] < np.pi / 2  # the other angle stays within a quarter turn
        swept.append(moving)
    assert sorted(swept) == [0, 1]
    assert found_held(found)


@pytest.mark.slow
def test_torus_images_give_two_loops_each_sweeping_one_true_angle() -> None:
    """400 torus images (a 20 x 20 grid of the two angles) through an exact codec, every image
    a landmark: the torus, and along each loop one true angle turns once round (total
    variation 2 pi) while the other stays within a sixth of a turn (measured: fixed)."""
    data = torus_images(20, 20, size=SIZE, seed=0)
    codec = Codec.from_functions(flat, lambda z: z.reshape(-1, SIZE, SIZE, 1),
                                 sample_shape=(SIZE, SIZE, 1), latent_dim=SIZE * SIZE)
    found = discover(codec, data.images, n_landmarks=len(data.images), seed=0,
                     stability_seeds=())
    assert found.recognised == "torus" and found.complex.betti_numbers() == (1, 2, 1)
    assert len(found.basis) == 2 and found.round_trip
    swept = []
    for loop in found.basis:
        samples = list(loop.samples)
        angles = [data.param(name)[samples] for name in ("angle1", "angle2")]
        variation = [np.abs(wrapped_steps(a / (2 * np.pi))).sum() * 2 * np.pi for a in angles]
        moving = int(np.argmax(variation))
        assert variation[moving] >= 0.9 * 2 * np.pi
        assert abs(turns(angles[moving])) == pytest.approx(1)
        assert np.ptp(np.unwrap(angles[1 - moving])) <= np.pi / 3
        swept.append(moving)
    assert sorted(swept) == [0, 1]
    assert found_held(found)


def test_figure_eight_images_are_a_wedge_of_two_circles() -> None:
    data = figure_eight_images(90, size=SIZE)
    found = discover_codes(flat(data.images), n_landmarks=120, stability_seeds=())
    assert found.recognised == "figure-eight"
    assert len(found.basis) == 2 and found.round_trip
    assert found_held(found)


def test_a_filled_disk_is_contractible_with_no_loop() -> None:
    found = discover_codes(disk_cloud(800, seed=0).points, n_landmarks=100, stability_seeds=())
    assert found.recognised == "contractible"
    assert found.basis == [] and not found.hit.paths and found.winding.size == 0


def test_two_separate_circles_are_two_components() -> None:
    cloud = two_circles_cloud(800, seed=0)
    found = discover_codes(cloud.points, n_landmarks=120, stability_seeds=())
    assert len(found.components) == 2
    assert found.recognised == "circle ⊔ circle"
    assert len(found.hit.points) == 2 and len(found.hit.paths) == 2
    assert found.round_trip and found_held(found)
    for loop in found.basis:  # each loop stays on one circle
        assert len(set(cloud.param("circle")[list(loop.samples)])) == 1


def test_a_torn_two_dimensional_latent_is_said_not_to_be_a_circle() -> None:
    """A 2-D encoder that tears the circle: the codes of a full turn lie on an arc."""
    angle = np.random.default_rng(0).uniform(0, 2 * np.pi, 400)
    codes = np.c_[np.cos(0.85 * angle), np.sin(0.85 * angle)]
    found = discover(flat_codec((2,)), codes, n_landmarks=100, stability_seeds=())
    assert found.recognised != "circle"
    assert found.expect("circle").startswith("the data region is not circle")


@pytest.mark.slow
def test_an_undertrained_two_dimensional_vae_is_said_not_to_be_a_circle() -> None:
    """A real dense VAE with a 2-D latent, trained 3 epochs (seed 0) on a rotating glyph: its
    codes make no hole at the complex's scale (measured: contractible, Betti (1, 0, 0)), and
    the report says so instead of forcing the circle's realization onto them."""
    import keras

    from learn.vae import VAE

    data = rotating_glyph(200, size=SIZE)
    model = VAE(data.images.shape[1:], latent_dim=2, architecture="dense", hidden=(64, 32),
                seed=0)
    model.compile(optimizer=keras.optimizers.Adam(1e-3))
    model.fit(data.images, epochs=3, batch_size=32, verbose=0)
    found = discover(Codec(model), data.images, n_landmarks=100, seed=0, stability_seeds=())
    assert found.recognised != "circle" and found.hit.name != circle().name
    assert found.expect("circle").startswith("the data region is not circle")
    assert "recognised as the circle" not in found.statement


def test_bad_input_is_a_bridge_error() -> None:
    codes = disk_cloud(50, seed=0).points
    with pytest.raises(BridgeError, match="bridge.Codec"):
        discover(None, codes)
    with pytest.raises(BridgeError, match="at least as many samples as landmarks"):
        discover_codes(codes, n_landmarks=80)
    with pytest.raises(BridgeError, match="n_landmarks"):
        discover_codes(codes, n_landmarks=2)
    bad = codes.copy()
    bad[3, 1] = np.nan
    with pytest.raises(BridgeError, match="non-finite"):
        discover_codes(bad, n_landmarks=20)
    with pytest.raises(BridgeError, match="non-finite"):
        discover(flat_codec((2,)), bad, n_landmarks=20)


def test_loops_must_match_the_hit_they_realize() -> None:
    found = discover_codes(disk_cloud(200, seed=0).points, n_landmarks=40, stability_seeds=())
    with pytest.raises(BridgeError, match="cannot be matched"):
        match_loops(torus(), 0, [[0, 1, 0]], found.complex.codes_, found.complex)
    with pytest.raises(BridgeError, match="one-point HIT"):
        match_loops(found.hit.point("other"), 0, [], found.complex.codes_, found.complex)


def test_the_stability_resamples_are_reported_and_a_disagreement_warned() -> None:
    cloud = two_circles_cloud(600, seed=1)
    found = discover_codes(cloud.points, n_landmarks=60)  # default: two extra landmark seeds
    assert found.stability.total == 9 and found.stability.betti == (2, 2, 0)
    assert found.statement.startswith(found.stability.statement)
    assert "warning" not in found.statement
    found.stability = SimpleNamespace(statement="Betti (2, 1, 0) in 5 of 9 resamples: UNSTABLE",
                                      supports=lambda betti: False)
    assert "warning: the complex discovered here has Betti (2, 2, 0)" in found.statement

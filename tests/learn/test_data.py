"""Generated data sets of known topology: glyph images, point clouds, the digits, and the
registry that loads them (and folders) by name."""

from __future__ import annotations

import gudhi
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hottbridge.errors import LearnError
from learn.data import (
    DATA_SETS,
    circle_cloud,
    digits,
    disk_cloud,
    figure_eight_images,
    load,
    render_glyph,
    rotating_glyph,
    save_image_folder,
    sphere_cloud,
    torus_cloud,
    torus_images,
    two_circles_cloud,
    wedge_cloud,
)

TAU = 2 * np.pi
angles = st.floats(0.0, TAU, allow_nan=False)


# --- glyph images ------------------------------------------------------------------------------


def test_rotating_glyph_is_a_circle_of_images() -> None:
    data = rotating_glyph(12, size=16)
    assert data.images.shape == (12, 16, 16, 1) and data.images.dtype == np.float32
    assert 0.0 <= data.images.min() and data.images.max() <= 1.0
    np.testing.assert_allclose(data.param("angle"), TAU * np.arange(12) / 12)
    assert data.betti == (1, 1) and data.param_names == ("angle",)


def test_a_full_turn_gives_back_the_same_image() -> None:
    zero, full = render_glyph([0.0, TAU])
    assert np.array_equal(zero, full)
    assert zero.max() > 0.9  # there is a glyph to see


@settings(deadline=None, max_examples=30)
@given(angles)
def test_a_quarter_turn_of_the_angle_is_a_quarter_turn_of_the_image(angle: float) -> None:
    before, after = render_glyph([angle, angle + TAU / 4], size=12)
    np.testing.assert_allclose(np.rot90(before), after, atol=1e-6)


@settings(deadline=None, max_examples=30)
@given(angles, st.floats(-0.01, 0.01))
@example(0.0, -1e-30)  # wraps to 2π: the edge of the canvas must interpolate, not cut off
def test_images_vary_continuously_with_the_angle(angle: float, step: float) -> None:
    a, b = render_glyph([angle, angle + step], size=12)
    assert np.abs(a - b).max() <= 40 * abs(step) + 1e-9


@pytest.mark.parametrize("glyph", ["F", "L"])
def test_the_glyphs_have_no_rotational_symmetry(glyph: str) -> None:
    images = render_glyph(TAU * np.arange(4) / 4, size=16, glyph=glyph)
    for turned in images[1:]:
        assert np.abs(turned - images[0]).max() > 0.5


def test_noise_is_seeded_and_clipped() -> None:
    clean = rotating_glyph(4, size=8).images
    noisy = rotating_glyph(4, size=8, noise=0.2, seed=3).images
    assert np.array_equal(noisy, rotating_glyph(4, size=8, noise=0.2, seed=3).images)
    assert not np.array_equal(noisy, rotating_glyph(4, size=8, noise=0.2, seed=4).images)
    assert not np.array_equal(noisy, clean)
    assert 0.0 <= noisy.min() and noisy.max() <= 1.0
    assert np.array_equal(clean, rotating_glyph(4, size=8, seed=9).images)


def test_torus_images_vary_each_half_with_its_own_angle() -> None:
    data = torus_images(3, 4, size=16)
    assert data.images.shape == (12, 16, 16, 1) and data.betti == (1, 2, 1)
    a1, a2 = data.param("angle1"), data.param("angle2")
    np.testing.assert_allclose(a1, np.repeat(TAU * np.arange(3) / 3, 4))
    np.testing.assert_allclose(a2, np.tile(TAU * np.arange(4) / 4, 3))
    left, right = data.images[:, :, :8], data.images[:, :, 8:]
    for i in range(12):
        for j in range(12):
            assert np.array_equal(left[i], left[j]) == (a1[i] == a1[j])
            assert np.array_equal(right[i], right[j]) == (a2[i] == a2[j])


def test_figure_eight_is_two_loops_of_the_torus_through_one_base_image() -> None:
    data = figure_eight_images(5, size=16)
    assert data.images.shape == (9, 16, 16, 1) and data.betti == (1, 2)
    np.testing.assert_array_equal(data.param("loop"), [0, 0, 0, 0, 0, 1, 1, 1, 1])
    loop_f = torus_images(5, 1, size=16).images
    loop_l = torus_images(1, 5, size=16).images
    assert np.array_equal(data.images[:5], loop_f)
    assert np.array_equal(data.images[5:], loop_l[1:])
    assert np.array_equal(loop_f[0], loop_l[0])  # the shared base image


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: rotating_glyph(0), "n must be at least 1"),
        (lambda: rotating_glyph(2.5), "n must be an integer"),
        (lambda: rotating_glyph(3, size=4), "size must be at least 8"),
        (lambda: rotating_glyph(3, noise=-1), "noise must be finite and >= 0"),
        (lambda: rotating_glyph(3, glyph="Q"), "unknown glyph 'Q'"),
        (lambda: rotating_glyph(3, seed=-1), "seed must be at least 0"),
        (lambda: torus_images(2, 0), "n2 must be at least 1"),
        (lambda: figure_eight_images(True), "n_per_loop must be an integer"),
        (lambda: rotating_glyph(3).param("radius"), "no parameter 'radius'"),
    ],
)
def test_bad_glyph_arguments_raise_learn_errors(call, message: str) -> None:
    with pytest.raises(LearnError, match=message):
        call()


# --- point clouds ------------------------------------------------------------------------------


def _torus(params: np.ndarray) -> np.ndarray:
    ring = 2.0 + np.cos(params[:, 1])
    return np.stack(
        [ring * np.cos(params[:, 0]), ring * np.sin(params[:, 0]), np.sin(params[:, 1])], 1
    )


def _sphere(params: np.ndarray) -> np.ndarray:
    polar, azimuth = params[:, 0], params[:, 1]
    return np.stack(
        [np.sin(polar) * np.cos(azimuth), np.sin(polar) * np.sin(azimuth), np.cos(polar)], 1
    )


def _circles(params: np.ndarray, centre: float, mirror: bool) -> np.ndarray:
    side = np.where(params[:, 0] == 0, -1.0, 1.0)
    flip = -side if mirror else np.ones_like(side)
    return np.stack(
        [side * centre + flip * np.cos(params[:, 1]), np.sin(params[:, 1])], 1
    )


# generator, the clean point from its parameters, n for the persistence check, bar length
CLOUDS = {
    "circle": (circle_cloud, lambda p: np.stack([np.cos(p[:, 0]), np.sin(p[:, 0])], 1), 200, 0.2),
    "torus": (torus_cloud, _torus, 2000, 0.4),
    "sphere": (sphere_cloud, _sphere, 300, 0.2),
    "wedge": (wedge_cloud, lambda p: _circles(p, 1.0, mirror=True), 300, 0.2),
    "two_circles": (two_circles_cloud, lambda p: _circles(p, 1.5, mirror=False), 300, 0.2),
    "disk": (
        disk_cloud,
        lambda p: p[:, :1] * np.stack([np.cos(p[:, 1]), np.sin(p[:, 1])], 1),
        300,
        0.2,
    ),
}


@pytest.mark.parametrize("name", CLOUDS)
def test_clean_points_are_the_embedded_parametrisation(name: str) -> None:
    generate, from_params, _, _ = CLOUDS[name]
    cloud = generate(50, dim=6, seed=2)
    assert cloud.name == name and cloud.points.shape == (50, 6)
    k = cloud.embedding.shape[1]
    np.testing.assert_allclose(cloud.embedding.T @ cloud.embedding, np.eye(k), atol=1e-12)
    np.testing.assert_allclose(cloud.points, from_params(cloud.params) @ cloud.embedding.T, atol=1e-12)


@pytest.mark.parametrize("name", CLOUDS)
def test_the_true_betti_numbers_are_the_long_persistence_bars(name: str) -> None:
    generate, _, n, long_bar = CLOUDS[name]
    cloud = generate(n, dim=5, seed=1)
    tree = gudhi.AlphaComplex(points=cloud.points @ cloud.embedding).create_simplex_tree()
    long_bars = [0] * len(cloud.betti)
    for dimension, (birth, death) in tree.persistence():
        if death - birth > long_bar:
            long_bars[dimension] += 1
    assert tuple(long_bars) == cloud.betti


def test_cloud_betti_numbers() -> None:
    expected = {
        "circle": (1, 1),
        "torus": (1, 2, 1),
        "sphere": (1, 0, 1),
        "wedge": (1, 2),
        "two_circles": (2, 2),
        "disk": (1, 0),
    }
    assert {name: CLOUDS[name][0](5).betti for name in CLOUDS} == expected


@settings(deadline=None, max_examples=25)
@given(st.sampled_from(sorted(CLOUDS)), st.integers(0, 2**32 - 1), st.integers(0, 4))
def test_the_embedding_is_an_isometry_fixed_by_the_seed(name: str, seed: int, extra: int) -> None:
    generate, from_params, _, _ = CLOUDS[name]
    small, large = generate(5, seed=seed, dim=3 + extra), generate(9, seed=seed, dim=3 + extra)
    assert np.array_equal(small.embedding, large.embedding)
    clean = from_params(small.params)
    distances = np.linalg.norm(small.points[:, None] - small.points[None], axis=-1)
    np.testing.assert_allclose(
        distances, np.linalg.norm(clean[:, None] - clean[None], axis=-1), atol=1e-9
    )


def test_noise_has_the_requested_spread_and_is_seeded() -> None:
    cloud = circle_cloud(4000, dim=8, noise=0.05, seed=7)
    residual = cloud.points - circle_cloud(4000, dim=8, seed=7).points
    assert residual.std() == pytest.approx(0.05, rel=0.05)
    assert np.array_equal(cloud.points, circle_cloud(4000, dim=8, noise=0.05, seed=7).points)
    assert not np.array_equal(cloud.points, circle_cloud(4000, dim=8, noise=0.05, seed=8).points)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: circle_cloud(0), "n must be at least 1"),
        (lambda: sphere_cloud(10, dim=2), "dim of sphere_cloud must be at least 3"),
        (lambda: disk_cloud(10, noise=float("nan")), "noise must be finite"),
        (lambda: torus_cloud(10, major=1.0, minor=2.0), "0 < minor < major"),
        (lambda: wedge_cloud(10, seed=-3), "seed must be at least 0"),
        (lambda: two_circles_cloud("10"), "n must be an integer"),
    ],
)
def test_bad_cloud_arguments_raise_learn_errors(call, message: str) -> None:
    with pytest.raises(LearnError, match=message):
        call()


# --- digits ------------------------------------------------------------------------------------


def test_digits_are_images_in_the_unit_interval() -> None:
    images, labels = digits()
    assert images.shape == (1797, 8, 8, 1) and images.dtype == np.float32
    assert images.min() == 0.0 and images.max() == 1.0
    assert labels.shape == (1797,) and set(labels.tolist()) == set(range(10))


# --- the registry of named data sets -----------------------------------------------------------


def test_every_named_set_loads_as_images_in_the_unit_interval() -> None:
    assert list(DATA_SETS) == ["digits", "rotating-glyph", "torus", "figure-eight"]
    for name in DATA_SETS:
        data = load(name, image_size=8, n=16)
        assert data.name == name and data.images.dtype == np.float32
        assert data.images.shape[1:] == (8, 8, 1)
        assert 0.0 <= data.images.min() and data.images.max() <= 1.0
        assert (data.labels is None) == (data.truth is not None)


def test_named_sets_are_their_generators_output() -> None:
    glyph = load("rotating-glyph", image_size=8, n=12)
    np.testing.assert_array_equal(glyph.images, rotating_glyph(12, size=8).images)
    assert glyph.truth.betti == (1, 1) and glyph.description == (
        "rotating glyph, 12 images in a full turn")
    grid = load("torus", image_size=8, n=100)
    np.testing.assert_array_equal(grid.images, torus_images(10, 10, size=8).images)
    np.testing.assert_array_equal(grid.truth.params, torus_images(10, 10, size=8).params)
    assert grid.truth.betti == (1, 2, 1) and grid.description == "torus images, 10×10 angles"
    eight = load("figure-eight", image_size=8, n=10)
    np.testing.assert_array_equal(eight.images, figure_eight_images(5, size=8).images)
    assert eight.truth.param_names == ("loop", "angle")
    images, labels = digits()
    read = load("digits", image_size=28)
    np.testing.assert_array_equal(read.images, images)
    np.testing.assert_array_equal(read.labels, labels)
    assert read.class_names == tuple("0123456789") and read.truth is None


def test_n_sizes_generated_sets_with_their_defaults_and_minimum() -> None:
    assert len(load("rotating-glyph", image_size=8).images) == 360
    assert len(load("torus", image_size=8).images) == 24 * 24
    assert len(load("torus", image_size=8, n=10).images) == 8 * 8  # at least 8 angles a side
    assert len(load("figure-eight", image_size=8).images) == 2 * 180 - 1
    assert len(load("digits", n=5).images) == 1797  # a read set has the size it has


def test_noise_free_sets_do_not_depend_on_the_seed() -> None:
    np.testing.assert_array_equal(load("torus", image_size=8, n=64, seed=3).images,
                                  load("torus", image_size=8, n=64, seed=0).images)


def test_a_folder_loads_labelled_by_subfolder_or_flat(tmp_path) -> None:
    images, labels = digits()
    save_image_folder(images[:12], labels[:12] % 3, tmp_path / "labelled")
    save_image_folder(images[:12], None, tmp_path / "flat")
    labelled = load(str(tmp_path / "labelled"), image_size=8)
    assert labelled.class_names == ("0", "1", "2") and sorted(labelled.labels) == sorted(
        labels[:12] % 3)
    assert labelled.truth is None and labelled.name == str(tmp_path / "labelled")
    flat = load(str(tmp_path / "flat"), image_size=4)
    assert flat.images.shape == (12, 4, 4, 1) and flat.labels is None
    assert flat.description == f"folder {tmp_path / 'flat'} (12 images)"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "mnist"}, (r"^'mnist' is neither a data set \(digits, rotating-glyph, torus, "
                             r"figure-eight\) nor an existing folder of images$")),
        ({"name": "no/such/folder", "argument": "--data"}, r"^--data 'no/such/folder' is neither"),
        ({"name": "torus", "n": 0}, "n must be at least 1"),
        ({"name": "rotating-glyph", "n": "12"}, "n must be an integer"),
        ({"name": "rotating-glyph", "image_size": 4}, "size must be at least 8"),
        ({"name": "rotating-glyph", "seed": -1}, "seed must be at least 0"),
    ],
)
def test_bad_names_and_sizes_raise_learn_errors(kwargs, message: str) -> None:
    with pytest.raises(LearnError, match=message):
        load(**kwargs)

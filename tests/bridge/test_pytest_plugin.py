"""The hottbridge pytest plugin, in process via pytester: a user's ten-line test file passes on a
saved model and a folder of images, is skipped without the options, and fails clearly on a
missing model; image sizes are inferred from the model; importing the plugin stays cheap."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bridge.pytest_plugin import image_size, load_images
from hottbridge.errors import BridgeError, LearnError
from learn.data import circle_cloud, disk_cloud

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

pytest_plugins = ["pytester"]

SIDE, N_IMAGES = 4, 120

USER_TEST = """
from bridge.testing import assert_path_laws


def test_straight_paths_obey_the_laws(hottbridge_laws):
    assert_path_laws(hottbridge_laws, interpolator="linear", max_examples=8)


def test_data_geodesics_obey_the_laws(hottbridge_laws):
    assert_path_laws(hottbridge_laws, interpolator="data_geodesic", max_examples=8)
"""


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> tuple[Path, Path, Path]:
    """A saved model whose decoder is an affine plane of 4x4 images and whose encoder is its
    exact inverse on that plane, and two flat folders of its images: of a disk of codes, and of
    a circle of codes (a hole that straight paths cross)."""
    # pytester restores sys.modules after each in-process run, and gudhi's nanobind extensions
    # cannot be imported twice in one process: import them once, out here.
    import gudhi.subsampling  # noqa: F401
    import keras
    from keras import layers

    from learn.autoencoder import Autoencoder
    from learn.data import save_image_folder

    pixels = SIDE * SIDE
    basis, _ = np.linalg.qr(np.random.default_rng(0).standard_normal((pixels, 2)))
    plane, centre = 0.5 * basis.T, np.full(pixels, 0.5)  # x = centre + z @ plane
    x, z = keras.Input((SIDE, SIDE, 1)), keras.Input((2,))
    to_code, to_pixels = layers.Dense(2), layers.Dense(pixels)
    encoder = keras.Model(x, to_code(layers.Flatten()(x)))
    decoder = keras.Model(z, layers.Reshape((SIDE, SIDE, 1))(to_pixels(z)))
    to_code.set_weights([plane.T / 0.25, -centre @ plane.T / 0.25])
    to_pixels.set_weights([plane, centre])
    model = Autoencoder((SIDE, SIDE, 1), 2, likelihood="gaussian", encoder=encoder,
                        decoder=decoder)
    root = tmp_path_factory.mktemp("hottbridge")
    model.save(root / "m.keras")
    folders = []
    for name, cloud in (("disk", disk_cloud), ("ring", circle_cloud)):
        images = (centre + cloud(N_IMAGES, seed=0).points @ plane).reshape(-1, SIDE, SIDE, 1)
        folders.append(save_image_folder(images, None, root / name))
    return root / "m.keras", *folders


def test_a_users_test_file_passes_with_the_options(pytester, saved) -> None:
    model, folder, _ = saved
    pytester.makepyfile(test_user_model=USER_TEST)
    result = pytester.runpytest("--hottbridge-model", str(model), "--hottbridge-data",
                                str(folder), "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines([f"hottbridge: model {model}, data {folder}, percentile 95.0"])


def test_straight_paths_across_a_ring_fail_with_the_counterexample(pytester, saved) -> None:
    model, _, ring = saved
    pytester.makepyfile(test_user_model=USER_TEST)
    result = pytester.runpytest("--hottbridge-model", str(model), "--hottbridge-data",
                                str(ring), "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.re_match_lines([
        r"E\s+region FAILS \(interpolator linear",
        r".*shrunk counterexample: linear path data\[.*\] -> data\[.*\]",
        r".*FAILED test_user_model.py::test_straight_paths_obey_the_laws",
    ])


def test_without_the_options_the_tests_are_skipped_with_the_reason(pytester) -> None:
    pytester.makepyfile(test_user_model=USER_TEST)
    result = pytester.runpytest("-rs", "-p", "no:cacheprovider")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["*no --hottbridge-model given: pass --hottbridge-model*"])


def test_without_data_the_tests_are_skipped(pytester, saved) -> None:
    model, _, _ = saved
    pytester.makepyfile(test_user_model=USER_TEST)
    result = pytester.runpytest("-rs", "--hottbridge-model", str(model), "-p",
                                "no:cacheprovider")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["*no --hottbridge-data given*"])


def test_a_missing_model_file_is_an_error_that_says_so(pytester, saved, tmp_path) -> None:
    _, folder, _ = saved
    pytester.makepyfile(test_user_model=USER_TEST)
    missing = tmp_path / "nowhere.keras"
    result = pytester.runpytest("--hottbridge-model", str(missing), "--hottbridge-data",
                                str(folder), "-p", "no:cacheprovider")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines([f"*--hottbridge-model {missing}: no model file at {missing}*"])


def test_the_options_are_in_the_help(pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["*--hottbridge-model=PATH*", "*--hottbridge-data=NAME_OR_FOLDER*",
                                 "*--hottbridge-percentile=P*"])


@pytest.mark.parametrize(("shape", "side"), [((8, 8, 1), 8), ((28, 28), 28), ((64,), 8)])
def test_the_image_size_comes_from_the_models_input(shape, side) -> None:
    assert image_size(shape) == side


@pytest.mark.parametrize("shape", [(8, 6, 1), (8, 8, 3), (10,), (2, 2, 2, 1)])
def test_inputs_that_are_not_square_grayscale_images_are_refused(shape) -> None:
    with pytest.raises(BridgeError, match="not square grayscale images"):
        image_size(shape)


def test_data_that_does_not_fit_the_model_is_refused() -> None:
    assert load_images("digits", (64,)).shape == (1797, 64)
    with pytest.raises(BridgeError, match=r"samples have shape \(8, 8, 1\), the model reads"):
        load_images("digits", (4, 4, 1))
    glyphs = load_images("rotating-glyph", (16, 16))  # drawn at the model's side
    assert glyphs.shape == (360, 16, 16) and glyphs.dtype == np.float32
    with pytest.raises(LearnError, match="'mnist' is neither a data set"):
        load_images("mnist", (8, 8, 1))


def test_importing_the_plugin_loads_neither_tensorflow_nor_keras() -> None:
    code = ("import sys, bridge.pytest_plugin; "
            "print(sorted(m for m in ('tensorflow', 'keras', 'bridge.laws') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

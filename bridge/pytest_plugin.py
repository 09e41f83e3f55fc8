"""pytest plugin ``hottbridge``: check a saved model's path laws from the command line in CI.

Registered through the ``pytest11`` entry point, so it loads in every pytest run: importing it
must stay cheap, and Keras, TensorFlow and the bridge are imported only inside the fixtures.

Options: ``--hottbridge-model PATH`` (a ``.keras`` file with an encoder and a decoder),
``--hottbridge-data NAME_OR_FOLDER`` (a data set named in ``learn.data.DATA_SETS``, e.g.
rotating-glyph or digits, or a folder of images; read at the model's image size),
``--hottbridge-percentile P`` (calibration, default 95).
Session fixtures: ``hottbridge_codec``, ``hottbridge_data``, ``hottbridge_laws``; tests that use
them are skipped, with the reason, when the options are not given.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pytest

from hottbridge.errors import BridgeError, HottBridgeError

if TYPE_CHECKING:
    import numpy as np

    from bridge.laws import PathLaws
    from bridge.model import Codec

MODEL, DATA, PERCENTILE = "--hottbridge-model", "--hottbridge-data", "--hottbridge-percentile"
USAGE = (f"pass {MODEL} PATH.keras and {DATA} NAME_OR_FOLDER (a data set of learn.data.DATA_SETS, "
         "e.g. rotating-glyph, or a folder of images) to check a model's path laws")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("hottbridge", "hottbridge: path laws of a trained model")
    group.addoption(MODEL, metavar="PATH", default=None,
                    help="a saved .keras model with an encoder and a decoder")
    group.addoption(DATA, metavar="NAME_OR_FOLDER", default=None,
                    help="a data set of learn.data.DATA_SETS (e.g. rotating-glyph, digits) "
                         "or a folder of images (read at the model's input size)")
    group.addoption(PERCENTILE, metavar="P", type=float, default=95.0,
                    help="tolerances are this percentile of the model's own errors on the data "
                         "(default 95)")


def pytest_report_header(config: pytest.Config) -> str | None:
    model, data = config.getoption(MODEL), config.getoption(DATA)
    if model is None and data is None:
        return None
    return (f"hottbridge: model {model or '(none)'}, data {data or '(none)'}, percentile "
            f"{config.getoption(PERCENTILE)}")


def _option(config: pytest.Config, name: str) -> str:
    value = config.getoption(name)
    if value is None:
        pytest.skip(f"no {name} given: {USAGE}")
    return value


@pytest.fixture(scope="session")
def hottbridge_codec(pytestconfig: pytest.Config) -> Codec:
    """The model of ``--hottbridge-model`` as a :class:`~bridge.model.Codec`."""
    from bridge.model import Codec

    path = _option(pytestconfig, MODEL)
    try:
        return Codec.load(path)
    except HottBridgeError as error:
        pytest.fail(f"{MODEL} {path}: {error}", pytrace=False)


@pytest.fixture(scope="session")
def hottbridge_data(pytestconfig: pytest.Config, hottbridge_codec: Codec) -> np.ndarray:
    """The images of ``--hottbridge-data``, read at the model's image size and shaped as its
    samples."""
    name = _option(pytestconfig, DATA)
    try:
        return load_images(name, hottbridge_codec.sample_shape)
    except HottBridgeError as error:
        pytest.fail(f"{DATA} {name}: {error}", pytrace=False)


@pytest.fixture(scope="session")
def hottbridge_laws(pytestconfig: pytest.Config, hottbridge_codec: Codec,
                    hottbridge_data: np.ndarray) -> PathLaws:
    """:class:`~bridge.laws.PathLaws` calibrated once per session (see
    :func:`bridge.testing.calibrate`); pass it to :func:`bridge.testing.assert_path_laws`."""
    from bridge.testing import calibrate

    try:
        return calibrate(hottbridge_codec, hottbridge_data,
                         percentile=pytestconfig.getoption(PERCENTILE))
    except HottBridgeError as error:
        pytest.fail(f"calibrating the path laws: {error}", pytrace=False)


def image_size(sample_shape: tuple[int, ...]) -> int:
    """The side of the square grayscale images a model of ``sample_shape`` reads: (S, S, 1),
    (S, S) or (S·S,) samples; BridgeError for other shapes."""
    if (len(sample_shape) == 3 and sample_shape[2] == 1) or len(sample_shape) == 2:
        height, width = sample_shape[:2]
        if height == width:
            return int(height)
    if len(sample_shape) == 1 and math.isqrt(sample_shape[0]) ** 2 == sample_shape[0]:
        return math.isqrt(sample_shape[0])
    raise BridgeError(f"the model reads samples of shape {sample_shape}, not square grayscale "
                     "images (S, S, 1), (S, S) or (S*S,): the image data sets cannot feed it")


def load_images(name: str, sample_shape: tuple[int, ...]) -> np.ndarray:
    """The images of the data set or folder ``name`` (:func:`learn.data.load`) at the model's
    image size, reshaped to its samples; a LearnError or BridgeError says why when the data
    cannot be read or do not fit."""
    from learn.data.registry import load

    images = load(name, image_size=image_size(sample_shape)).images
    if math.prod(images.shape[1:]) != math.prod(sample_shape):
        raise BridgeError(f"its samples have shape {tuple(images.shape[1:])}, the model reads "
                         f"{sample_shape}")
    return images.reshape((len(images), *sample_shape))

"""Fixtures shared by the bridge tests."""

from __future__ import annotations

import numpy as np
import pytest

from bridge.complex import DataComplex
from bridge.paths import LatentPath
from learn.data import torus_cloud


@pytest.fixture(scope="session")
def torus_generators() -> tuple[DataComplex, np.ndarray, LatentPath, LatentPath]:
    """A torus cloud's complex at a scale inside its regime, the sample nearest angles (0, 0),
    and the two generating loops built from the ground-truth angles: p around the axis
    (through the samples with angle2 ~ 0, in the order of angle1) and q around the tube."""
    cloud = torus_cloud(5000, seed=0)
    around, tube = cloud.param("angle1"), cloud.param("angle2")

    def wrapped(angle: np.ndarray) -> np.ndarray:
        return np.angle(np.exp(1j * angle))

    base = cloud.points[np.argmin(wrapped(around) ** 2 + wrapped(tube) ** 2)]

    def loop(fixed: np.ndarray, moving: np.ndarray) -> LatentPath:
        band = np.flatnonzero(np.abs(wrapped(fixed)) < 0.1)
        order = band[np.argsort(moving[band])]
        return LatentPath(np.vstack([base, cloud.points[order], base]))

    complex_ = DataComplex(n_landmarks=250, scale=1.2).fit(cloud.points)
    return complex_, base, loop(tube, around), loop(around, tube)


#: The side of the images the exact flat model reads (8×8 glyphs in the CLI tests).
FLAT_SIZE = 8


@pytest.fixture(scope="module")
def flat_model(tmp_path_factory) -> str:
    """An exact model saved as .keras for FLAT_SIZE² images: the encoder flattens an image,
    the decoder reshapes (so codes are the images themselves)."""
    import keras

    from learn.autoencoder import Autoencoder

    x, z = keras.Input((FLAT_SIZE, FLAT_SIZE, 1)), keras.Input((FLAT_SIZE * FLAT_SIZE,))
    encoder = keras.Model(x, keras.layers.Flatten()(x))
    decoder = keras.Model(z, keras.layers.Reshape((FLAT_SIZE, FLAT_SIZE, 1))(z))
    path = tmp_path_factory.mktemp("flat") / "flat.keras"
    Autoencoder((FLAT_SIZE, FLAT_SIZE, 1), FLAT_SIZE * FLAT_SIZE, likelihood="gaussian",
                encoder=encoder, decoder=decoder).save(path)
    return str(path)

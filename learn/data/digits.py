"""scikit-learn's bundled 8x8 handwritten digits, as images ready for a Keras model (offline)."""

from __future__ import annotations

import numpy as np
from sklearn.datasets import load_digits

#: the digits' pixel values are integers 0..16
MAX_INTENSITY = 16.0


def digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1797 digits as images (1797, 8, 8, 1) float32 in [0, 1] and labels (1797,) int64."""
    bunch = load_digits()
    images = (bunch.images / MAX_INTENSITY).astype(np.float32)[..., None]
    return images, bunch.target.astype(np.int64)

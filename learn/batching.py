"""Applying a network to many samples batch by batch: one call per batch, never one per sample.

Pure NumPy (no Keras import), so ``bridge`` can use it on any callable, a Keras model or not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from learn.validation import positive_int

#: the batch size when the caller gives none: large, because inference keeps no gradients
BATCH_SIZE = 4096


def apply_in_batches(
    fn: Callable[[np.ndarray], Any], inputs: np.ndarray, batch_size: int = BATCH_SIZE
) -> np.ndarray:
    """``fn`` on consecutive batches of ``inputs``, the outputs concatenated as one NumPy array.

    ``fn`` is an encoder, a decoder or any function of a batch; when it returns several outputs
    (a list or tuple, such as a VAE encoder's ``[z_mean, z_log_var, z]``) the first is kept.
    """
    batch_size = positive_int(batch_size, "batch_size")
    pieces = []
    for start in range(0, len(inputs), batch_size):
        output = fn(inputs[start : start + batch_size])
        if isinstance(output, list | tuple):
            output = output[0]
        pieces.append(np.asarray(output.numpy() if hasattr(output, "numpy") else output))
    return np.concatenate(pieces)

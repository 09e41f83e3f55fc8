"""The base of every model that maps a sample to an embedding vector.

:class:`EmbeddingModel` is a :class:`learn.base.BaseModel` with an ``encoder``: ``embed(x)``
returns the encoder's output for every sample as a NumPy array, batch by batch (never
``predict``). :mod:`learn.metric_nets` (Siamese, triplet), :mod:`learn.simclr` and
:mod:`learn.classifier` derive from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from learn.base import BaseModel
from learn.batching import apply_in_batches


class EmbeddingModel(BaseModel):
    """An ``encoder`` trained by one batch loss; the skeleton of every embedding model.

    Subclasses set ``SUBMODELS`` (attributes that are Keras models, serialized in the config)
    and ``TRACKED`` (names of the values :meth:`batch_losses` returns), and define
    :meth:`batch_losses` and :meth:`check_data`.
    """

    TRACKED: ClassVar[tuple[str, ...]] = ("loss",)

    def __init__(self, input_shape: Sequence[int], seed: int = 0, **kwargs: Any) -> None:
        super().__init__(input_shape, seed, **kwargs)
        self.track(self.TRACKED)

    def call(self, inputs: Any, training: bool = False) -> Any:
        """The embedding of a batch of samples (see :meth:`embedding`)."""
        return self.embedding(inputs, training=training)

    def embedding(self, inputs: Any, training: bool = False) -> Any:
        """The embedding of a batch of samples: the encoder's output."""
        return self.encoder(inputs, training=training)

    def embed(self, x: Any, batch_size: int = 256) -> np.ndarray:
        """The embedding of every sample of ``x``, shape (n, embedding size)."""
        return apply_in_batches(self.embedding, self.samples(x), batch_size)

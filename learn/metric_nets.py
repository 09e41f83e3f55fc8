"""Metric learning on labels: Siamese networks (pairs, contrastive loss) and triplet networks.

Both share one ``encoder`` applied to every member of a tuple; ``fit`` takes the arrays of
:func:`learn.pairs.make_pairs` or :func:`learn.pairs.make_triplets`, and ``embed(x)`` returns
the embeddings as a NumPy array.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import keras
import numpy as np
from keras import ops

from hottbridge.errors import LearnError
from learn.base import serializable
from learn.contrastive_losses import contrastive_loss, triplet_loss
from learn.embedding import EmbeddingModel
from learn.networks import check_network, encoder_features, with_dense_head
from learn.validation import as_float_array, positive_int, positive_number


class MetricNet(EmbeddingModel):
    """What :class:`SiameseNet` and :class:`TripletNet` share: an encoder and a margin.

    The default encoder is the feature trunk of :func:`learn.networks.encoder_features`
    (dense for vectors, conv for images) followed by a linear ``Dense(embedding_dim)``.
    """

    def __init__(
        self,
        input_shape: Sequence[int],
        embedding_dim: int = 16,
        *,
        margin: float = 1.0,
        architecture: str = "auto",
        hidden: Sequence[int] = (64,),
        filters: Sequence[int] = (16, 32),
        encoder: keras.Model | None = None,
        seed: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(input_shape, seed, **kwargs)
        self.margin = positive_number(margin, "margin")
        if encoder is None:
            trunk = encoder_features(
                self.sample_shape, architecture, hidden=hidden, filters=filters, seed=seed
            )
            units = positive_int(embedding_dim, "embedding_dim")
            encoder = with_dense_head(
                trunk, units, activation=None, seed=seed + 100, name="encoder"
            )
        self.encoder = check_network(encoder, "encoder", self.sample_shape)
        self.built = True  # the encoder is a built functional model

    def get_config(self) -> dict[str, Any]:
        """The base config plus ``margin``."""
        return {**super().get_config(), "margin": self.margin}


@serializable
class SiameseNet(MetricNet):
    """Two copies of one encoder trained on pairs with the contrastive loss (Hadsell et al.).

    ``fit((left, right), same)`` with the arrays of :func:`learn.pairs.make_pairs`:
    same-class pairs are pulled together, different-class pairs pushed at least ``margin`` apart.
    """

    def batch_losses(self, data: Any, training: bool) -> dict[str, Any]:
        """The mean contrastive loss of a batch ``((left, right), same)``."""
        (left, right), same, _ = keras.utils.unpack_x_y_sample_weight(data)
        left = self.encoder(left, training=training)
        right = self.encoder(right, training=training)
        return {"loss": ops.mean(contrastive_loss(same, left, right, self.margin))}

    def check_data(self, x: Any, y: Any, name: str) -> tuple[Any, Any]:
        """``x = (left, right)`` samples and ``y = same`` flags (1 or 0), one per pair."""
        if not isinstance(x, tuple | list) or len(x) != 2:
            raise LearnError("SiameseNet takes x = (left, right) and y = same (see make_pairs)")
        left, right = self.samples(x[0], "left"), self.samples(x[1], "right")
        same = as_float_array(y, "same", min_rank=1, max_rank=1)
        if not len(left) == len(right) == len(same):
            raise LearnError(
                f"left, right and same have {len(left)}, {len(right)} and {len(same)} rows: "
                "give one flag per pair"
            )
        if not np.isin(same, (0.0, 1.0)).all():
            raise LearnError("same must hold 1 (same class) or 0 (different classes) per pair")
        return (left, right), same


_TRIPLET = ("anchor", "positive", "negative")


@serializable
class TripletNet(MetricNet):
    """Three copies of one encoder trained on triplets with the triplet loss.

    ``fit((anchor, positive, negative))`` with the arrays of :func:`learn.pairs.make_triplets`:
    each negative is pushed ``margin`` farther from its anchor than the positive.
    """

    def batch_losses(self, data: Any, training: bool) -> dict[str, Any]:
        """The mean triplet loss of a batch ``(anchor, positive, negative)``."""
        triplet, _, _ = keras.utils.unpack_x_y_sample_weight(data)
        anchor, positive, negative = (self.encoder(part, training=training) for part in triplet)
        return {"loss": ops.mean(triplet_loss(anchor, positive, negative, self.margin))}

    def check_data(self, x: Any, y: Any, name: str) -> tuple[Any, Any]:
        """``x = (anchor, positive, negative)`` samples with one row per triplet, no ``y``."""
        if not isinstance(x, tuple | list) or len(x) != 3 or y is not None:
            raise LearnError(
                "TripletNet takes x = (anchor, positive, negative) and no y (see make_triplets)"
            )
        parts = tuple(self.samples(part, role) for part, role in zip(x, _TRIPLET, strict=True))
        if len({len(part) for part in parts}) != 1:
            raise LearnError(
                f"anchor, positive and negative have {[len(p) for p in parts]} rows: "
                "give them one row per triplet"
            )
        return parts, None

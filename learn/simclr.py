"""SimCLR: self-supervised contrastive learning of image features (Chen et al., 2020)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import keras
import numpy as np
from keras import ops

from hottbridge.errors import LearnError
from learn.augment import augmenter as default_augmenter
from learn.base import serializable
from learn.contrastive_losses import nt_xent_and_accuracy
from learn.embedding import EmbeddingModel
from learn.networks import check_network, dense_stack, image_encoder, image_shape, with_dense_head
from learn.validation import check_unit_interval, positive_int, positive_number


@serializable
class SimCLR(EmbeddingModel):
    """Self-supervised contrastive learning of image features (Chen et al., 2020).

    Each step draws two random views of every image with ``augmenter`` (see
    :func:`learn.augment.augmenter`), encodes them with a CNN ``encoder``, projects them with a
    small MLP ``projection_head`` and minimises NT-Xent over the 2N views; ``c_acc`` is the
    fraction of views whose nearest other view is their partner. ``fit(images)`` takes images
    in [0, 1]; ``embed`` returns the encoder features of the unaugmented images (not the
    projections), which is what a linear probe or a downstream model should use.
    """

    SUBMODELS = ("encoder", "projection_head", "augmenter")
    TRACKED = ("loss", "c_acc")

    def __init__(
        self,
        input_shape: Sequence[int],
        *,
        width: int = 64,
        projection_dim: int = 32,
        filters: Sequence[int] = (16, 32),
        temperature: float = 0.5,
        encoder: keras.Model | None = None,
        projection_head: keras.Model | None = None,
        augmenter: keras.Model | None = None,
        seed: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(input_shape, seed, **kwargs)
        image_shape(self.sample_shape)  # images only: LearnError for vectors
        self.temperature = positive_number(temperature, "temperature")
        if augmenter is None:
            augmenter = default_augmenter(self.sample_shape, seed=seed)
        self.augmenter = check_network(augmenter, "augmenter", self.sample_shape)
        view_shape = tuple(self.augmenter.output_shape[1:])
        if encoder is None:
            encoder = image_encoder(view_shape, width, filters=filters, seed=seed, name="encoder")
        self.encoder = check_network(encoder, "encoder", view_shape)
        features = int(self.encoder.output_shape[-1])
        if projection_head is None:
            hidden = dense_stack(features, (features,), "projection_hidden", seed=seed + 100)
            projection_head = with_dense_head(
                hidden,
                positive_int(projection_dim, "projection_dim"),
                activation=None,
                seed=seed + 101,
                name="projection_head",
            )
        self.projection_head = check_network(projection_head, "projection_head", (features,))
        self.built = True  # every submodel is a built functional model

    def embedding(self, inputs: Any, training: bool = False) -> Any:
        """Encoder features of the images, unaugmented (the augmenter only adds channels)."""
        return self.encoder(self.augmenter(inputs, training=False), training=training)

    def batch_losses(self, data: Any, training: bool) -> dict[str, Any]:
        """NT-Xent and contrastive accuracy of two random views of the batch's images."""
        images, _, _ = keras.utils.unpack_x_y_sample_weight(data)
        first = self.augmenter(images, training=True)
        second = self.augmenter(images, training=True)
        first = self.projection_head(self.encoder(first, training=training), training=training)
        second = self.projection_head(self.encoder(second, training=training), training=training)
        losses, accuracy = nt_xent_and_accuracy(first, second, self.temperature)
        return {"loss": ops.mean(losses), "c_acc": accuracy}

    def check_data(self, x: Any, y: Any, name: str) -> tuple[Any, Any]:
        """Unlabelled images in [0, 1]: ``fit(images)`` with no ``y``."""
        if y is not None:
            raise LearnError("SimCLR.fit takes unlabelled images: call fit(images) with no y")
        return self.samples(x, "images"), None

    def samples(self, x: Any, name: str = "images") -> np.ndarray:
        """Validated images, which must lie in [0, 1] (the augmentation's value range)."""
        return check_unit_interval(
            super().samples(x, name),
            name,
            "scale them to [0, 1] first (e.g. divide 8-bit images by 255)",
        )

    def get_config(self) -> dict[str, Any]:
        """The base config plus ``temperature``."""
        return {**super().get_config(), "temperature": self.temperature}

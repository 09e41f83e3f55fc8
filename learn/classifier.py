"""A supervised CNN on labelled images, its penultimate-layer features, and features -> VAE.

:class:`CNNClassifier` learns class logits with sparse categorical cross-entropy;
:class:`FeatureExtractor` reads the ReLU features just before the logits layer (for an array of
images or a folder of image files); :func:`features_to_vae` fits a :class:`learn.vae.VAE` on
those features in one call, so the bridge can study the latent space of what a classifier saw.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, NamedTuple

import keras
import numpy as np
from keras import ops
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from hottbridge.errors import LearnError
from learn.autoencoder import LIKELIHOODS
from learn.base import serializable
from learn.batching import apply_in_batches
from learn.data.folders import image_folder
from learn.embedding import EmbeddingModel
from learn.networks import check_network, image_encoder, seeded_dense
from learn.vae import VAE
from learn.validation import check_choice, class_indices, positive_int

#: channels of a sample -> the colour mode image_folder reads it with
COLOR_MODES = {1: "grayscale", 3: "rgb", 4: "rgba"}


@serializable
class CNNClassifier(EmbeddingModel):
    """A convolutional classifier of images of ``input_shape`` into ``n_classes`` classes.

    ``encoder`` (the conv stack of :mod:`learn.networks`, then ``Dense(width, relu)``) gives
    the features; ``head`` (one ``Dense(n_classes)``) the logits. ``fit(images, labels)`` with
    images (n, H, W[, C]) and integer labels in [0, n_classes); tracks ``loss`` and
    ``accuracy``. ``embed`` returns the features, ``predict_proba`` the class probabilities.
    """

    SUBMODELS = ("encoder", "head")
    TRACKED = ("loss", "accuracy")

    def __init__(
        self,
        input_shape: Sequence[int],
        n_classes: int,
        *,
        width: int = 64,
        filters: Sequence[int] = (16, 32),
        encoder: keras.Model | None = None,
        head: keras.Model | None = None,
        seed: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(input_shape, seed, **kwargs)
        self.n_classes = positive_int(n_classes, "n_classes", minimum=2)
        if encoder is None:
            encoder = image_encoder(
                self.sample_shape, width, filters=filters, seed=seed, name="features"
            )
        self.encoder = check_network(encoder, "encoder", self.sample_shape)
        features = int(self.encoder.output_shape[-1])
        if head is None:
            logits = seeded_dense(n_classes, activation=None, seed=seed + 100, name="logits")
            head = keras.Sequential([keras.Input((features,)), logits], name="head")
        self.head = check_network(head, "head", (features,))
        self.built = True  # encoder and head are built models

    def call(self, inputs: Any, training: bool = False) -> Any:
        """Class logits of ``inputs``."""
        return self.head(self.encoder(inputs, training=training), training=training)

    def batch_losses(self, data: Any, training: bool) -> dict[str, Any]:
        """Mean sparse categorical cross-entropy and accuracy of a batch (images, labels)."""
        images, labels, _ = keras.utils.unpack_x_y_sample_weight(data)
        logits = self(images, training=training)
        return {
            "loss": ops.mean(
                keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)
            ),
            "accuracy": ops.mean(keras.metrics.sparse_categorical_accuracy(labels, logits)),
        }

    def check_data(self, x: Any, y: Any, name: str) -> tuple[Any, Any]:
        """Images and their integer class labels in [0, n_classes), one per image."""
        images = self.samples(x, "images")
        return images, class_indices(y, self.n_classes, len(images))

    def predict_proba(self, x: Any, batch_size: int = 256) -> np.ndarray:
        """Class probabilities of the images ``x``, shape (n, n_classes); rows sum to 1."""
        return apply_in_batches(
            lambda batch: ops.softmax(self(batch, training=False)), self.samples(x), batch_size
        )

    def predict_classes(self, x: Any, batch_size: int = 256) -> np.ndarray:
        """The most probable class index of each image of ``x``, shape (n,)."""
        return np.argmax(self.predict_proba(x, batch_size), axis=1)

    def get_config(self) -> dict[str, Any]:
        """The base config plus ``n_classes``."""
        return {**super().get_config(), "n_classes": self.n_classes}


class FeatureExtractor:
    """The penultimate-layer (ReLU) features of a trained :class:`CNNClassifier`.

    ``transform`` takes an array of images or the path of a folder of image files; a folder is
    read with :func:`learn.data.image_folder` (every image below it, in sorted path order,
    resized to the classifier's input size, in its colour mode).
    """

    def __init__(self, classifier: CNNClassifier, batch_size: int = 256) -> None:
        if not isinstance(classifier, CNNClassifier):
            raise LearnError(
                f"FeatureExtractor needs a CNNClassifier, got {type(classifier).__name__}"
            )
        self.classifier = classifier
        self.batch_size = batch_size

    @property
    def n_features(self) -> int:
        """Length of one feature vector."""
        return int(self.classifier.encoder.output_shape[-1])

    def transform(self, images: Any) -> np.ndarray:
        """Features (n, n_features) of an image array (n, H, W[, C]) or of a folder's images."""
        if isinstance(images, str | os.PathLike):
            images = self.read_folder(images)
        return self.classifier.embed(images, self.batch_size)

    def read_folder(self, path: str | os.PathLike[str]) -> np.ndarray:
        """The images below ``path`` as the classifier takes them: (n, *input_shape) in [0, 1]."""
        shape = self.classifier.sample_shape
        channels = shape[2] if len(shape) == 3 else 1
        if channels not in COLOR_MODES:
            raise LearnError(
                f"the classifier takes {channels}-channel images; a folder can only be read "
                f"as {sorted(COLOR_MODES)} channels"
            )
        images = image_folder(
            path, image_size=shape[:2], color_mode=COLOR_MODES[channels], labels=None
        ).images
        return images.reshape((len(images), *shape))


class FeatureVAE(NamedTuple):
    """What :func:`features_to_vae` returns: the raw features, the VAE, and the scaler that maps
    raw features to the VAE's input (``vae.encode(scaler.transform(features))``)."""

    features: np.ndarray
    vae: VAE
    scaler: MinMaxScaler | StandardScaler


def features_to_vae(
    classifier: CNNClassifier,
    images: Any,
    *,
    latent_dim: int = 2,
    likelihood: str = "bernoulli",
    hidden: Sequence[int] = (64, 32),
    epochs: int = 20,
    batch_size: int = 64,
    learning_rate: float = 1e-3,
    seed: int = 0,
) -> FeatureVAE:
    """Extract ``classifier`` features of ``images`` (array or folder) and fit a dense VAE on them.

    The features are scaled to [0, 1] (``MinMaxScaler``) for the Bernoulli likelihood, or
    standardised (``StandardScaler``) for the Gaussian one; the VAE is trained on the scaled
    features with Adam for ``epochs`` epochs. The same ``seed`` gives the same VAE.
    """
    check_choice("likelihood", likelihood, LIKELIHOODS)
    features = FeatureExtractor(classifier, batch_size).transform(images)
    scaler = MinMaxScaler(clip=True) if likelihood == "bernoulli" else StandardScaler()
    scaled = scaler.fit_transform(features).astype(np.float32)
    vae = VAE((features.shape[1],), latent_dim, hidden=hidden, likelihood=likelihood, seed=seed)
    vae.compile(optimizer=keras.optimizers.Adam(learning_rate))
    vae.fit(scaled, epochs=epochs, batch_size=batch_size, verbose=0)
    return FeatureVAE(features, vae, scaler)

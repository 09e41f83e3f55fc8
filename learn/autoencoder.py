"""Autoencoders: :class:`LatentModel`, the machinery every generative model shares, and the
deterministic :class:`Autoencoder`.

A ``LatentModel`` is a :class:`learn.base.BaseModel` (training loop, trackers, input checks,
saving) that owns an ``encoder`` and a ``decoder`` (functional Keras models; dense or
convolutional by the sample shape, see :mod:`learn.networks`), a likelihood for the
reconstruction loss, optional homotopy regularisers (:mod:`learn.regularizers`) and NumPy-facing
``encode``/``decode``/``reconstruct`` that call the networks batch by batch (never ``predict``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import keras
import numpy as np
from keras import layers, ops

from hottbridge.errors import LearnError
from learn.base import BaseModel, serializable
from learn.batching import apply_in_batches
from learn.losses import bernoulli_nll, gaussian_nll
from learn.networks import check_network, decoder_network, encoder_features, resolve_architecture
from learn.regularizers import HomotopyRegularizer
from learn.validation import (
    as_float_array,
    check_choice,
    check_sample_shape,
    check_unit_interval,
    positive_int,
    positive_ints,
    positive_number,
)

LIKELIHOODS = ("bernoulli", "gaussian")
DECODER_VARIANCES = ("fixed", "learned")


class LatentModel(BaseModel):
    """Shared base of :class:`Autoencoder` and :class:`learn.vae.VAE` (not used directly).

    Subclasses set their own attributes after ``super().__init__`` and then call
    :meth:`_build_networks`; they implement ``_encoder_head`` (features -> encoder model),
    ``_mean_code`` (x -> the latent code ``encode`` returns) and ``_loss_terms`` (x -> the
    dict of scalar losses, including "loss").
    """

    SUBMODELS = ("encoder", "decoder")
    extra_terms: tuple[str, ...] = ()

    def __init__(
        self,
        input_shape: Sequence[int],
        latent_dim: int = 2,
        architecture: str = "auto",
        hidden: Sequence[int] = (256, 128),
        filters: Sequence[int] = (32, 64),
        likelihood: str = "bernoulli",
        decoder_variance: str = "fixed",
        variance: float = 1.0,
        regularizers: Sequence[HomotopyRegularizer] = (),
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(input_shape, seed, **kwargs)
        self.architecture = resolve_architecture(self.sample_shape, architecture)
        self.latent_dim = positive_int(latent_dim, "latent_dim")
        self.likelihood = check_choice("likelihood", likelihood, LIKELIHOODS)
        self.decoder_variance = check_choice(
            "decoder_variance", decoder_variance, DECODER_VARIANCES
        )
        if decoder_variance == "learned" and likelihood != "gaussian":
            raise LearnError(
                "decoder_variance='learned' needs likelihood='gaussian' (a Bernoulli decoder has "
                "no variance to learn)"
            )
        self.variance = positive_number(variance, "variance")
        self.hidden = positive_ints(hidden, "hidden")
        self.filters = positive_ints(filters, "filters")
        self.regularizers = _check_regularizers(regularizers)
        self.decoder_log_var = self.add_weight(
            shape=(),
            initializer=keras.initializers.Constant(math.log(self.variance)),
            trainable=decoder_variance == "learned",
            name="decoder_log_var",
        )

    # ----------------------------------------------------------------- construction

    def _build_networks(self, encoder: keras.Model | None, decoder: keras.Model | None) -> None:
        """Use the given networks (loading) or build fresh ones (seeded by ``seed``)."""
        if encoder is None or decoder is None:
            features = encoder_features(
                self.sample_shape, self.architecture, hidden=self.hidden, filters=self.filters
            )
            encoder = self._encoder_head(features)
            decoder = decoder_network(
                self.latent_dim,
                self.sample_shape,
                self.architecture,
                hidden=self.hidden,
                filters=self.filters,
                output_activation="sigmoid" if self.likelihood == "bernoulli" else None,
            )
        self.encoder = check_network(encoder, "encoder", self.sample_shape)
        self.decoder = check_network(decoder, "decoder", (self.latent_dim,), self.sample_shape)
        names = ("loss", "reconstruction_loss", *self.extra_terms)
        self.track(names + tuple(regularizer.name for regularizer in self.regularizers))
        self.built = True

    def _encoder_head(self, features: keras.Model) -> keras.Model:
        raise NotImplementedError

    # ------------------------------------------------------------------- training

    def batch_losses(self, data: Any, training: bool) -> dict[str, Any]:
        """The loss terms of the batch's samples (the model is unsupervised: no y)."""
        return self._loss_terms(keras.utils.unpack_x_y_sample_weight(data)[0], training)

    def _loss_terms(self, x: Any, training: bool) -> dict[str, Any]:
        raise NotImplementedError

    def _with_regularizers(self, terms: dict[str, Any], loss: Any, z: Any) -> dict[str, Any]:
        """``terms`` plus each regulariser's term, and "loss": ``loss`` + their weighted sum."""
        for regularizer in self.regularizers:
            value = regularizer.term(z, self.decoder)
            terms[regularizer.name] = value
            loss = loss + regularizer.weight * value
        return {**terms, "loss": loss}

    def reconstruction_nll(self, x: Any, x_mean: Any) -> Any:
        """-log p(x | decoder mean) per sample, under the model's likelihood."""
        if self.likelihood == "bernoulli":
            return bernoulli_nll(x, x_mean)
        return gaussian_nll(x, x_mean, self.decoder_log_var)

    def check_data(self, x: Any, y: Any, name: str) -> tuple[Any, Any]:
        """Unlabelled training data: no ``y``; arrays checked for rank, sample shape,
        finiteness and, for the Bernoulli likelihood, the range [0, 1]."""
        if y is not None:
            raise LearnError(f"{type(self).__name__} is unsupervised: give {name} alone, without y")
        return self.training_samples(x, name), None

    def training_samples(self, x: Any, name: str) -> np.ndarray:
        """:meth:`samples`, plus values in [0, 1] for the Bernoulli likelihood."""
        array = self.samples(x, name)
        if self.likelihood == "bernoulli":
            check_unit_interval(
                array,
                name,
                "the Bernoulli likelihood needs [0, 1]: rescale (e.g. sklearn MinMaxScaler) or "
                "use likelihood='gaussian'",
            )
        return array

    # ------------------------------------------------------------- NumPy interface

    def call(self, inputs: Any, training: bool = False) -> Any:
        """The decoder's mean for the latent code of ``inputs`` (see ``encode``)."""
        return self.decoder(self._mean_code(inputs, training=training), training=training)

    def _mean_code(self, x: Any, training: bool = False) -> Any:
        raise NotImplementedError

    def encode(self, x: Any, batch_size: int = 256) -> np.ndarray:
        """Latent codes (for a VAE: posterior means) of the samples ``x``, shape (n, latent_dim)."""
        return apply_in_batches(self._mean_code, self.samples(x), batch_size)

    def decode(self, z: Any, batch_size: int = 256) -> np.ndarray:
        """Decoder means for latent codes ``z`` of shape (n, latent_dim), shape (n, *sample)."""
        z = as_float_array(z, "z", min_rank=2, max_rank=2)
        check_sample_shape(z, (self.latent_dim,), "z")
        return apply_in_batches(lambda batch: self.decoder(batch, training=False), z, batch_size)

    def reconstruct(self, x: Any, batch_size: int = 256) -> np.ndarray:
        """``decode(encode(x))``: the decoder's mean at each sample's latent code."""
        return self.decode(self.encode(x, batch_size), batch_size)

    # -------------------------------------------------------------- serialization

    def get_config(self) -> dict[str, Any]:
        """The base config plus the constructor parameters and the regularisers."""
        return {
            **super().get_config(),
            "latent_dim": self.latent_dim,
            "architecture": self.architecture,
            "hidden": list(self.hidden),
            "filters": list(self.filters),
            "likelihood": self.likelihood,
            "decoder_variance": self.decoder_variance,
            "variance": self.variance,
            "regularizers": [keras.saving.serialize_keras_object(r) for r in self.regularizers],
        }

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> LatentModel:
        """The model of ``config``, its networks and regularisers rebuilt."""
        config = dict(config)
        config["regularizers"] = [
            keras.saving.deserialize_keras_object(r) for r in config["regularizers"]
        ]
        return super().from_config(config)  # type: ignore[return-value]


@serializable
class Autoencoder(LatentModel):
    """A deterministic autoencoder: x -> code (``latent_dim`` values) -> reconstruction.

    The parameters mean what they mean for :class:`learn.vae.VAE` (which adds the latent
    family, ``beta`` and the KL warm-up); ``encoder`` and ``decoder`` take prebuilt networks
    (``from_config`` passes them when loading). Reports "loss" and "reconstruction_loss", plus
    one entry per regulariser.
    """

    def __init__(
        self,
        input_shape: Sequence[int],
        latent_dim: int = 2,
        architecture: str = "auto",
        hidden: Sequence[int] = (256, 128),
        filters: Sequence[int] = (32, 64),
        likelihood: str = "bernoulli",
        decoder_variance: str = "fixed",
        variance: float = 1.0,
        regularizers: Sequence[HomotopyRegularizer] = (),
        seed: int | None = None,
        encoder: keras.Model | None = None,
        decoder: keras.Model | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            input_shape,
            latent_dim,
            architecture,
            hidden,
            filters,
            likelihood,
            decoder_variance,
            variance,
            regularizers,
            seed,
            **kwargs,
        )
        self._build_networks(encoder, decoder)

    def _encoder_head(self, features: keras.Model) -> keras.Model:
        inputs = keras.Input(shape=self.sample_shape, name="x")
        code = layers.Dense(self.latent_dim, name="code")(features(inputs))
        return keras.Model(inputs, code, name="encoder")

    def _mean_code(self, x: Any, training: bool = False) -> Any:
        return self.encoder(x, training=training)

    def _loss_terms(self, x: Any, training: bool) -> dict[str, Any]:
        z = self.encoder(x, training=training)
        x_mean = self.decoder(z, training=training)
        reconstruction = ops.mean(self.reconstruction_nll(x, x_mean))
        return self._with_regularizers({"reconstruction_loss": reconstruction}, reconstruction, z)


def _check_regularizers(regularizers: Sequence[Any]) -> tuple[HomotopyRegularizer, ...]:
    """The regularisers as a tuple, each a HomotopyRegularizer of a distinct kind."""
    regularizers = tuple(regularizers)
    for regularizer in regularizers:
        if not isinstance(regularizer, HomotopyRegularizer):
            raise LearnError(
                f"regularizers must be learn.regularizers objects (e.g. "
                f"InterpolationSmoothness(weight=0.1)), got {regularizer!r}"
            )
    names = [regularizer.name for regularizer in regularizers]
    if len(set(names)) != len(names):
        raise LearnError(f"regularizers must have distinct kinds (one per name), got {names}")
    return regularizers

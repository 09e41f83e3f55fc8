"""Autoencoders: :class:`LatentModel`, the machinery every generative model shares, and the
deterministic :class:`Autoencoder`.

A ``LatentModel`` owns an ``encoder`` and a ``decoder`` (functional Keras models; dense or
convolutional by the sample shape, see :mod:`learn.networks`), a likelihood for the
reconstruction loss, optional homotopy regularisers (:mod:`learn.regularizers`), metric
trackers, a ``train_step``/``test_step`` pair, input validation in ``fit`` and NumPy-facing
``encode``/``decode``/``reconstruct`` that call the networks batch by batch (never ``predict``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import keras
import numpy as np
import tensorflow as tf  # only for tf.GradientTape in train_step
from keras import layers, ops

from hottbridge.errors import LearnError
from learn.layers import SERIALIZATION_PACKAGE
from learn.losses import bernoulli_nll, gaussian_nll
from learn.networks import (
    check_sample_shape_spec,
    decoder_network,
    encoder_features,
    resolve_architecture,
)
from learn.regularizers import HomotopyRegularizer
from learn.validation import as_float_array, check_sample_shape

LIKELIHOODS = ("bernoulli", "gaussian")
DECODER_VARIANCES = ("fixed", "learned")


class LatentModel(keras.Model):
    """Shared base of :class:`Autoencoder` and :class:`learn.vae.VAE` (not used directly).

    Subclasses set their own attributes after ``super().__init__`` and then call
    :meth:`_build_networks`; they implement ``_encoder_head`` (features -> encoder model),
    ``_mean_code`` (x -> the latent code ``encode`` returns) and ``_loss_terms`` (x -> the
    dict of scalar losses, including "loss").
    """

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
        super().__init__(**kwargs)
        self.sample_shape = check_sample_shape_spec(input_shape)
        self.architecture = resolve_architecture(self.sample_shape, architecture)
        if not isinstance(latent_dim, int | np.integer) or latent_dim < 1:
            raise LearnError(f"latent_dim must be a positive int, got {latent_dim!r}")
        check_choice("likelihood", likelihood, LIKELIHOODS)
        check_choice("decoder_variance", decoder_variance, DECODER_VARIANCES)
        if decoder_variance == "learned" and likelihood != "gaussian":
            raise LearnError(
                "decoder_variance='learned' needs likelihood='gaussian' (a Bernoulli decoder has "
                "no variance to learn)"
            )
        if not is_real(variance) or not math.isfinite(variance) or variance <= 0:
            raise LearnError(f"variance must be a positive number, got {variance!r}")
        self.latent_dim = int(latent_dim)
        self.hidden = tuple(int(width) for width in hidden)
        self.filters = tuple(int(width) for width in filters)
        self.likelihood = likelihood
        self.decoder_variance = decoder_variance
        self.variance = float(variance)
        self.regularizers = _check_regularizers(regularizers)
        self.seed = seed
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
            if self.seed is not None:
                keras.utils.set_random_seed(self.seed)
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
        self.encoder = encoder
        self.decoder = decoder
        self._check_networks()
        names = ("loss", "reconstruction_loss", *self.extra_terms)
        names += tuple(regularizer.name for regularizer in self.regularizers)
        self.trackers = {name: keras.metrics.Mean(name=name) for name in names}
        self.built = True

    def _encoder_head(self, features: keras.Model) -> keras.Model:
        raise NotImplementedError

    def _check_networks(self) -> None:
        expected = {
            "encoder input": ((None, *self.sample_shape), _first(self.encoder.input_shape)),
            "decoder input": ((None, self.latent_dim), self.decoder.input_shape),
            "decoder output": ((None, *self.sample_shape), self.decoder.output_shape),
        }
        for where, (wanted, got) in expected.items():
            if tuple(got) != wanted:
                raise LearnError(f"{where} has shape {tuple(got)}, the model needs {wanted}")

    # ------------------------------------------------------------------- training

    def train_step(self, data: Any) -> dict[str, Any]:
        x = keras.utils.unpack_x_y_sample_weight(data)[0]
        with tf.GradientTape() as tape:
            terms = self._loss_terms(x, training=True)
        gradients = tape.gradient(terms["loss"], self.trainable_weights)
        self.optimizer.apply_gradients(zip(gradients, self.trainable_weights, strict=True))
        return self._track(terms)

    def test_step(self, data: Any) -> dict[str, Any]:
        x = keras.utils.unpack_x_y_sample_weight(data)[0]
        return self._track(self._loss_terms(x, training=False))

    def _loss_terms(self, x: Any, training: bool) -> dict[str, Any]:
        raise NotImplementedError

    def _with_regularizers(self, terms: dict[str, Any], loss: Any, z: Any) -> dict[str, Any]:
        """``terms`` plus each regulariser's term, and "loss": ``loss`` + their weighted sum."""
        for regularizer in self.regularizers:
            value = regularizer.term(z, self.decoder)
            terms[regularizer.name] = value
            loss = loss + regularizer.weight * value
        return {**terms, "loss": loss}

    def _track(self, terms: dict[str, Any]) -> dict[str, Any]:
        for name, value in terms.items():
            self.trackers[name].update_state(value)
        return {name: tracker.result() for name, tracker in self.trackers.items()}

    @property
    def metrics(self) -> list[keras.metrics.Metric]:
        return list(self.trackers.values())

    def reconstruction_nll(self, x: Any, x_mean: Any) -> Any:
        """-log p(x | decoder mean) per sample, under the model's likelihood."""
        if self.likelihood == "bernoulli":
            return bernoulli_nll(x, x_mean)
        return gaussian_nll(x, x_mean, self.decoder_log_var)

    def fit(self, x: Any = None, y: Any = None, **kwargs: Any) -> keras.callbacks.History:
        """``keras.Model.fit`` on unlabelled data, validated first (bad data: LearnError).

        Arrays (``x`` and an array ``validation_data``) are checked for rank, sample shape,
        finiteness and, for the Bernoulli likelihood, the range [0, 1]; a ``tf.data.Dataset``
        or ``keras.utils.PyDataset`` is passed through unchecked.
        """
        x = self._checked_input(x, y, "fit")
        validation = kwargs.get("validation_data")
        if validation is not None and _is_array_like(validation):
            if isinstance(validation, tuple) and len(validation) == 1:
                validation = validation[0]
            kwargs["validation_data"] = self._check_training_data(validation, "validation_data")
        kwargs["callbacks"] = self._training_callbacks(list(kwargs.get("callbacks") or []))
        return super().fit(x, **kwargs)

    def evaluate(self, x: Any = None, y: Any = None, **kwargs: Any) -> Any:
        """``keras.Model.evaluate`` on unlabelled data, validated like :meth:`fit`."""
        return super().evaluate(self._checked_input(x, y, "evaluate"), **kwargs)

    def _checked_input(self, x: Any, y: Any, method: str) -> Any:
        """``x`` for ``fit``/``evaluate``: arrays validated, datasets as they are."""
        if y is not None:
            raise LearnError(
                f"{type(self).__name__} is unsupervised: call {method}(x, ...) without y"
            )
        if not self.compiled:
            raise LearnError(
                f"compile the {type(self).__name__} before {method}, e.g. "
                "model.compile(optimizer=keras.optimizers.Adam(1e-3))"
            )
        return self._check_training_data(x, "x") if _is_array_like(x) else x

    def _training_callbacks(self, callbacks: list[keras.callbacks.Callback]) -> list[Any]:
        """The callbacks ``fit`` runs with; subclasses add their own (e.g. KL warm-up)."""
        return callbacks

    # ------------------------------------------------------------- NumPy interface

    def call(self, inputs: Any, training: bool = False) -> Any:
        """The decoder's mean for the latent code of ``inputs`` (see ``encode``)."""
        return self.decoder(self._mean_code(inputs, training=training), training=training)

    def _mean_code(self, x: Any, training: bool = False) -> Any:
        raise NotImplementedError

    def encode(self, x: Any, batch_size: int = 256) -> np.ndarray:
        """Latent codes (for a VAE: posterior means) of the samples ``x``, shape (n, latent_dim)."""
        x = self._check_data(x, "x")
        return batched_apply(lambda batch: (self._mean_code(batch),), x, batch_size)[0]

    def decode(self, z: Any, batch_size: int = 256) -> np.ndarray:
        """Decoder means for latent codes ``z`` of shape (n, latent_dim), shape (n, *sample)."""
        z = as_float_array(z, "z", min_rank=2, max_rank=2)
        check_sample_shape(z, (self.latent_dim,), "z")
        return batched_apply(lambda batch: (self.decoder(batch, training=False),), z, batch_size)[0]

    def reconstruct(self, x: Any, batch_size: int = 256) -> np.ndarray:
        """``decode(encode(x))``: the decoder's mean at each sample's latent code."""
        return self.decode(self.encode(x, batch_size), batch_size)

    def _check_data(self, x: Any, name: str) -> np.ndarray:
        """``x`` as a float32 batch of samples of the model's shape, else LearnError."""
        rank = len(self.sample_shape) + 1
        array = as_float_array(x, name, min_rank=rank, max_rank=rank)
        check_sample_shape(array, self.sample_shape, name)
        return array

    def _check_training_data(self, x: Any, name: str) -> np.ndarray:
        """:meth:`_check_data`, plus values in [0, 1] for the Bernoulli likelihood."""
        array = self._check_data(x, name)
        if self.likelihood == "bernoulli" and (array.min() < 0.0 or array.max() > 1.0):
            raise LearnError(
                f"{name} has values in [{array.min():g}, {array.max():g}], but the Bernoulli "
                "likelihood needs [0, 1]: rescale (e.g. sklearn MinMaxScaler) or use "
                "likelihood='gaussian'"
            )
        return array

    # -------------------------------------------------------------- serialization

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "input_shape": list(self.sample_shape),
            "latent_dim": self.latent_dim,
            "architecture": self.architecture,
            "hidden": list(self.hidden),
            "filters": list(self.filters),
            "likelihood": self.likelihood,
            "decoder_variance": self.decoder_variance,
            "variance": self.variance,
            "regularizers": [keras.saving.serialize_keras_object(r) for r in self.regularizers],
            "seed": self.seed,
            "encoder": keras.saving.serialize_keras_object(self.encoder),
            "decoder": keras.saving.serialize_keras_object(self.decoder),
        }

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> LatentModel:
        config = dict(config)
        for key in ("encoder", "decoder"):
            config[key] = keras.saving.deserialize_keras_object(config[key])
        config["regularizers"] = [
            keras.saving.deserialize_keras_object(r) for r in config["regularizers"]
        ]
        return cls(**config)


@keras.saving.register_keras_serializable(package=SERIALIZATION_PACKAGE)
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


def batched_apply(
    fn: Callable[[Any], tuple[Any, ...]], data: np.ndarray, batch_size: int
) -> list[np.ndarray]:
    """Apply ``fn`` to consecutive batches of ``data``; concatenate each output as NumPy."""
    if not isinstance(batch_size, int | np.integer) or batch_size < 1:
        raise LearnError(f"batch_size must be a positive int, got {batch_size!r}")
    starts = range(0, len(data), batch_size)
    parts = [fn(ops.convert_to_tensor(data[i : i + batch_size])) for i in starts]
    return [
        np.concatenate([ops.convert_to_numpy(part[j]) for part in parts])
        for j in range(len(parts[0]))
    ]


def is_real(value: Any) -> bool:
    """True for a real number (bool excluded), so range checks on it cannot raise."""
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> None:
    """Raise LearnError unless the parameter ``name`` has one of the allowed ``choices``."""
    if value not in choices:
        raise LearnError(f"{name} must be one of {choices}, got {value!r}")


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


def _first(shape: Any) -> tuple[Any, ...]:
    """A model's input shape, unwrapped when Keras reports it as a one-element list."""
    return tuple(shape[0]) if isinstance(shape, list) else tuple(shape)


def _is_array_like(data: Any) -> bool:
    """True for data ``fit`` validates (arrays, lists, tuples, tensors, None); False for
    datasets and generators, which Keras reads itself."""
    return data is None or isinstance(data, list | tuple) or hasattr(data, "__array__")

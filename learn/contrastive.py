"""Metric learning: Siamese and triplet networks on labels, SimCLR on unlabelled images.

All three are subclassed ``keras.Model`` s sharing :class:`EmbeddingModel`: an ``encoder``
maps a sample to an embedding, ``fit``/``evaluate`` validate array inputs (bad data is a
:class:`LearnError`, not a TensorFlow trace), ``train_step``/``test_step`` minimise one loss of
:mod:`learn.contrastive_losses`, and ``embed(x)`` returns the embeddings as a NumPy array.
:func:`make_pairs` and :func:`make_triplets` turn (x, labels) into training tuples;
:func:`linear_probe` scores frozen embeddings with a logistic regression.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import keras
import numpy as np
import tensorflow as tf  # GradientTape: the TensorFlow backend's train_step, as on keras.io
from keras import layers, ops
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from hottbridge.errors import LearnError
from learn.augment import augmenter as default_augmenter
from learn.contrastive_losses import (
    contrastive_loss,
    nt_xent_and_accuracy,
    positive_number,
    triplet_loss,
)
from learn.networks import (
    check_sample_shape_spec,
    conv_encoder_stack,
    dense_stack,
    image_shape,
)
from learn.networks import encoder_features as feature_trunk
from learn.validation import as_float_array, check_sample_shape, positive_int

PACKAGE = "hottbridge"


# --- building blocks --------------------------------------------------------------------


def seeded_dense(units: int, *, activation: str | None, seed: int, name: str) -> layers.Dense:
    """``Dense(units)`` with a Glorot-uniform kernel seeded by ``seed``."""
    initializer = keras.initializers.GlorotUniform(seed=seed)
    return layers.Dense(units, activation=activation, kernel_initializer=initializer, name=name)


def with_dense_head(
    trunk: keras.Model, units: int, *, activation: str | None, seed: int, name: str
) -> keras.Model:
    """``trunk`` followed by one :func:`seeded_dense` layer, as a functional model."""
    inputs = keras.Input(shape=trunk.input_shape[1:], name=f"{name}_input")
    dense = seeded_dense(units, activation=activation, seed=seed, name=f"{name}_dense")
    return keras.Model(inputs, dense(trunk(inputs)), name=name)


def image_encoder(
    input_shape: Sequence[int], width: int, *, filters: Sequence[int], seed: int, name: str
) -> keras.Model:
    """Images to ``width`` ReLU features: the conv stack of :mod:`learn.networks`, then Dense."""
    width = positive_int(width, "width")
    trunk = conv_encoder_stack(input_shape, filters, f"{name}_conv", seed=seed)
    return with_dense_head(trunk, width, activation="relu", seed=seed + len(filters), name=name)


def check_labels(labels: Any, count: int, name: str = "labels") -> np.ndarray:
    """``labels`` as a 1-D array with one finite entry per sample, else :class:`LearnError`."""
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise LearnError(f"{name} must be a 1-D array of class labels, got shape {labels.shape}")
    if len(labels) != count:
        raise LearnError(
            f"{name} has {len(labels)} entries but there are {count} samples: "
            "give exactly one label per sample"
        )
    if labels.dtype.kind == "f" and not np.isfinite(labels).all():
        raise LearnError(f"{name} contains NaN or inf; labels must be class identifiers")
    return labels


def _labelled(x: Any, labels: Any, min_classes: int) -> tuple[np.ndarray, np.ndarray]:
    samples = as_float_array(x, "x", min_rank=2)
    labels = check_labels(labels, len(samples))
    if len(np.unique(labels)) < min_classes:
        raise LearnError(
            f"labels hold {len(np.unique(labels))} class(es); at least {min_classes} are needed "
            "to form different-class partners"
        )
    return samples, labels


# --- pairs and triplets -----------------------------------------------------------------


def _partners(
    labels: np.ndarray, anchors: np.ndarray, rng: np.random.Generator, *, same: bool
) -> np.ndarray:
    """One random partner index per anchor: of its class (never itself, unless it is alone in
    its class) when ``same``, of another class otherwise."""
    partners = np.empty_like(anchors)
    for value in np.unique(labels):
        rows = np.flatnonzero(labels[anchors] == value)
        pool = np.flatnonzero(labels == value) if same else np.flatnonzero(labels != value)
        if same and len(pool) > 1:
            draw = rng.integers(0, len(pool) - 1, size=len(rows))
            draw += draw >= np.searchsorted(pool, anchors[rows])  # skip the anchor itself
        else:
            draw = rng.integers(0, len(pool), size=len(rows))
        partners[rows] = pool[draw]
    return partners


def make_pairs(
    x: Any, labels: Any, *, per_sample: int = 1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Training pairs for :class:`SiameseNet`: ``(left, right, same)``.

    Every sample is the left side of ``per_sample`` same-class pairs (``same = 1``) and as
    many different-class pairs (``same = 0``), partners drawn at random; the pairs come in a
    random order. The same ``seed`` gives the same pairs.
    """
    samples, labels = _labelled(x, labels, min_classes=2)
    rng = np.random.default_rng(seed)
    anchors = np.tile(np.arange(len(samples)), positive_int(per_sample, "per_sample"))
    positives = _partners(labels, anchors, rng, same=True)
    negatives = _partners(labels, anchors, rng, same=False)
    left = np.concatenate([anchors, anchors])
    right = np.concatenate([positives, negatives])
    same = np.repeat(np.array([1.0, 0.0], dtype=np.float32), len(anchors))
    order = rng.permutation(len(left))
    return samples[left[order]], samples[right[order]], same[order]


def make_triplets(
    x: Any, labels: Any, *, per_sample: int = 1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Training triplets for :class:`TripletNet`: ``(anchor, positive, negative)``.

    Every sample anchors ``per_sample`` triplets with a random positive of its class and a
    random negative of another class, in a random order. The same ``seed`` gives the same
    triplets.
    """
    samples, labels = _labelled(x, labels, min_classes=2)
    rng = np.random.default_rng(seed)
    anchors = np.tile(np.arange(len(samples)), positive_int(per_sample, "per_sample"))
    anchors = rng.permutation(anchors)
    positives = _partners(labels, anchors, rng, same=True)
    negatives = _partners(labels, anchors, rng, same=False)
    return samples[anchors], samples[positives], samples[negatives]


# --- the shared model skeleton ----------------------------------------------------------


def check_network(network: Any, sample_shape: tuple[int, ...], name: str) -> keras.Model:
    """``network`` if it is a Keras model taking samples of ``sample_shape``, else LearnError."""
    if not isinstance(network, keras.Model):
        raise LearnError(f"{name} must be a keras.Model, got {type(network).__name__}")
    if tuple(network.input_shape[1:]) != tuple(sample_shape):
        raise LearnError(
            f"the {name} takes samples of shape {tuple(network.input_shape[1:])}, but it is "
            f"fed samples of shape {tuple(sample_shape)}; build it for that shape"
        )
    return network


class EmbeddingModel(keras.Model):
    """An ``encoder`` trained by one batch loss; the skeleton of every model in this module.

    Subclasses set ``SUBMODELS`` (attributes that are Keras models, serialized in the config)
    and ``TRACKED`` (names of the values :meth:`batch_losses` returns, each averaged by a
    ``keras.metrics.Mean``), and define :meth:`batch_losses` and :meth:`check_data`.
    ``seed`` is passed to ``keras.utils.set_random_seed`` at construction, so the batch order
    of a following ``fit`` is reproducible too.
    """

    SUBMODELS: ClassVar[tuple[str, ...]] = ("encoder",)
    TRACKED: ClassVar[tuple[str, ...]] = ("loss",)

    def __init__(self, input_shape: Sequence[int], seed: int = 0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sample_shape = check_sample_shape_spec(input_shape)
        self.seed = int(seed)
        keras.utils.set_random_seed(self.seed)
        self.trackers = [keras.metrics.Mean(name=name) for name in self.TRACKED]

    @property
    def metrics(self) -> list[keras.metrics.Metric]:
        return self.trackers

    def call(self, inputs: Any, training: bool = False) -> Any:
        return self.embedding(inputs, training=training)

    def embedding(self, inputs: Any, training: bool = False) -> Any:
        """The embedding of a batch of samples: the encoder's output."""
        return self.encoder(inputs, training=training)

    def batch_losses(self, data: Any, training: bool) -> dict[str, Any]:
        """The ``TRACKED`` values of one batch; ``"loss"`` is the one minimised."""
        raise NotImplementedError

    def check_data(self, x: Any, y: Any) -> tuple[Any, Any]:
        """``(x, y)`` for ``fit``/``evaluate``, validated; :class:`LearnError` if unusable."""
        raise NotImplementedError

    def train_step(self, data: Any) -> dict[str, Any]:
        with tf.GradientTape() as tape:
            values = self.batch_losses(data, training=True)
        gradients = tape.gradient(values["loss"], self.trainable_weights)
        self.optimizer.apply_gradients(zip(gradients, self.trainable_weights, strict=True))
        return self._record(values)

    def test_step(self, data: Any) -> dict[str, Any]:
        return self._record(self.batch_losses(data, training=False))

    def _record(self, values: dict[str, Any]) -> dict[str, Any]:
        for tracker in self.trackers:
            tracker.update_state(values[tracker.name])
        return {tracker.name: tracker.result() for tracker in self.trackers}

    def fit(self, x: Any = None, y: Any = None, **kwargs: Any) -> keras.callbacks.History:
        """``keras.Model.fit`` after :meth:`check_data` on ``x, y`` and on an array
        ``validation_data`` (a ``tf.data.Dataset`` passes unchecked)."""
        validation = kwargs.get("validation_data")
        if validation is not None and not isinstance(validation, tf.data.Dataset):
            x_val, y_val, _ = keras.utils.unpack_x_y_sample_weight(validation)
            x_val, y_val = self._checked(x_val, y_val)
            kwargs["validation_data"] = (x_val,) if y_val is None else (x_val, y_val)
        return super().fit(*self._checked(x, y), **kwargs)

    def evaluate(self, x: Any = None, y: Any = None, **kwargs: Any) -> Any:
        """``keras.Model.evaluate`` after :meth:`check_data`."""
        return super().evaluate(*self._checked(x, y), **kwargs)

    def _checked(self, x: Any, y: Any) -> tuple[Any, Any]:
        if not self.compiled:
            raise LearnError(
                f"compile the {type(self).__name__} first, e.g. "
                "model.compile(optimizer=keras.optimizers.Adam(1e-3))"
            )
        if isinstance(x, tf.data.Dataset):
            return x, y
        return self.check_data(x, y)

    def samples(self, x: Any, name: str = "x") -> np.ndarray:
        """``x`` as a float32 batch of samples of ``sample_shape``, else :class:`LearnError`."""
        rank = len(self.sample_shape) + 1
        array = as_float_array(x, name, min_rank=rank, max_rank=rank)
        check_sample_shape(array, self.sample_shape, name)
        return array

    @staticmethod
    def run_batched(fn: Callable[[Any], Any], x: np.ndarray, batch_size: int) -> np.ndarray:
        """``fn(batch)`` over ``x`` in batches (never ``predict``), as one NumPy array."""
        batch_size = positive_int(batch_size, "batch_size")
        starts = range(0, len(x), batch_size)
        return np.concatenate([ops.convert_to_numpy(fn(x[i : i + batch_size])) for i in starts])

    def embed(self, x: Any, batch_size: int = 256) -> np.ndarray:
        """The encoder's output for every sample of ``x``, shape (n, embedding size)."""
        return self.run_batched(self.embedding, self.samples(x), batch_size)

    def get_config(self) -> dict[str, Any]:
        config = {
            **super().get_config(),
            "input_shape": list(self.sample_shape),
            "seed": self.seed,
        }
        for name in self.SUBMODELS:
            config[name] = keras.saving.serialize_keras_object(getattr(self, name))
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> EmbeddingModel:
        config = dict(config)
        for name in cls.SUBMODELS:
            config[name] = keras.saving.deserialize_keras_object(config[name])
        return cls(**config)


# --- Siamese and triplet networks -------------------------------------------------------


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
            trunk = feature_trunk(
                self.sample_shape, architecture, hidden=hidden, filters=filters, seed=seed
            )
            units = positive_int(embedding_dim, "embedding_dim")
            encoder = with_dense_head(
                trunk, units, activation=None, seed=seed + 100, name="encoder"
            )
        self.encoder = check_network(encoder, self.sample_shape, "encoder")
        self.built = True  # the encoder is a built functional model

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "margin": self.margin}


@keras.saving.register_keras_serializable(package=PACKAGE)
class SiameseNet(MetricNet):
    """Two copies of one encoder trained on pairs with the contrastive loss (Hadsell et al.).

    ``fit((left, right), same)`` with the arrays of :func:`make_pairs`: same-class pairs are
    pulled together, different-class pairs pushed at least ``margin`` apart.
    """

    def batch_losses(self, data: Any, training: bool) -> dict[str, Any]:
        (left, right), same, _ = keras.utils.unpack_x_y_sample_weight(data)
        left = self.encoder(left, training=training)
        right = self.encoder(right, training=training)
        return {"loss": ops.mean(contrastive_loss(same, left, right, self.margin))}

    def check_data(self, x: Any, y: Any) -> tuple[Any, Any]:
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


@keras.saving.register_keras_serializable(package=PACKAGE)
class TripletNet(MetricNet):
    """Three copies of one encoder trained on triplets with the triplet loss.

    ``fit((anchor, positive, negative))`` with the arrays of :func:`make_triplets`: each
    negative is pushed ``margin`` farther from its anchor than the positive.
    """

    def batch_losses(self, data: Any, training: bool) -> dict[str, Any]:
        triplet, _, _ = keras.utils.unpack_x_y_sample_weight(data)
        anchor, positive, negative = (self.encoder(part, training=training) for part in triplet)
        return {"loss": ops.mean(triplet_loss(anchor, positive, negative, self.margin))}

    def check_data(self, x: Any, y: Any) -> tuple[Any, Any]:
        if not isinstance(x, tuple | list) or len(x) != 3 or y is not None:
            raise LearnError(
                "TripletNet takes x = (anchor, positive, negative) and no y (see make_triplets)"
            )
        parts = tuple(self.samples(part, name) for part, name in zip(x, _TRIPLET, strict=True))
        if len({len(part) for part in parts}) != 1:
            raise LearnError(
                f"anchor, positive and negative have {[len(p) for p in parts]} rows: "
                "give them one row per triplet"
            )
        return parts, None


# --- SimCLR -----------------------------------------------------------------------------


@keras.saving.register_keras_serializable(package=PACKAGE)
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
        self.augmenter = check_network(augmenter, self.sample_shape, "augmenter")
        view_shape = tuple(self.augmenter.output_shape[1:])
        if encoder is None:
            encoder = image_encoder(view_shape, width, filters=filters, seed=seed, name="encoder")
        self.encoder = check_network(encoder, view_shape, "encoder")
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
        self.projection_head = check_network(projection_head, (features,), "projection_head")
        self.built = True  # every submodel is a built functional model

    def embedding(self, inputs: Any, training: bool = False) -> Any:
        """Encoder features of the images, unaugmented (the augmenter only adds channels)."""
        return self.encoder(self.augmenter(inputs, training=False), training=training)

    def batch_losses(self, data: Any, training: bool) -> dict[str, Any]:
        images, _, _ = keras.utils.unpack_x_y_sample_weight(data)
        first = self.augmenter(images, training=True)
        second = self.augmenter(images, training=True)
        first = self.projection_head(self.encoder(first, training=training), training=training)
        second = self.projection_head(self.encoder(second, training=training), training=training)
        losses, accuracy = nt_xent_and_accuracy(first, second, self.temperature)
        return {"loss": ops.mean(losses), "c_acc": accuracy}

    def check_data(self, x: Any, y: Any) -> tuple[Any, Any]:
        if y is not None:
            raise LearnError("SimCLR.fit takes unlabelled images: call fit(images) with no y")
        return self.samples(x, "images"), None

    def samples(self, x: Any, name: str = "images") -> np.ndarray:
        """Validated images, which must lie in [0, 1] (the augmentation's value range)."""
        array = super().samples(x, name)
        if array.min() < 0.0 or array.max() > 1.0:
            raise LearnError(
                f"{name} have values in [{array.min():g}, {array.max():g}]; scale them to "
                "[0, 1] first (e.g. divide 8-bit images by 255)"
            )
        return array

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "temperature": self.temperature}


# --- evaluation -------------------------------------------------------------------------


def linear_probe(
    model: Any, x_train: Any, y_train: Any, x_test: Any, y_test: Any, *, max_iter: int = 1000
) -> float:
    """Test accuracy of a logistic regression fitted on the frozen ``model.embed`` features.

    The standard way to score self-supervised features: the better the embedding separates the
    classes linearly, the higher the accuracy. Features are standardised first.
    """
    if not callable(getattr(model, "embed", None)):
        raise LearnError(f"linear_probe needs a model with an embed(x) method, got {model!r}")
    train, test = model.embed(x_train), model.embed(x_test)
    y_train = check_labels(y_train, len(train), "y_train")
    y_test = check_labels(y_test, len(test), "y_test")
    if len(np.unique(y_train)) < 2:
        raise LearnError("y_train holds a single class; a linear probe needs at least two")
    probe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=max_iter))
    return float(probe.fit(train, y_train).score(test, y_test))

"""The one Keras model base of ``learn``: training loop, metric trackers, input checks, saving.

Written in the style of the keras.io VAE and SimCLR examples: a subclassed ``keras.Model``
whose ``train_step`` reads top to bottom (losses under a gradient tape, one optimizer step,
trackers updated), plus what those examples leave out: ``test_step`` (so ``evaluate`` reports
the same values), validation of array inputs before Keras sees them, and ``get_config`` /
``from_config`` that save and restore the nested networks.

Subclasses (:class:`learn.autoencoder.LatentModel`, :class:`learn.embedding.EmbeddingModel`)
define :meth:`BaseModel.batch_losses` and :meth:`BaseModel.check_data`, name their nested
networks in ``SUBMODELS`` and their reported values with :meth:`BaseModel.track`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import keras
import numpy as np
import tensorflow as tf  # GradientTape: the TensorFlow backend's train_step, as on keras.io

from hottbridge.errors import LearnError
from learn.networks import check_sample_shape_spec
from learn.validation import MAX_SEED, as_float_array, check_sample_shape, positive_int

#: the package every custom class of ``learn`` is registered under for ``keras.saving``
SERIALIZATION_PACKAGE = "hottbridge"

#: the batch size of ``fit`` and ``evaluate`` when none is given (Keras' default)
KERAS_BATCH_SIZE = 32

#: class decorator: register a layer, model or regulariser under :data:`SERIALIZATION_PACKAGE`
serializable = keras.saving.register_keras_serializable(package=SERIALIZATION_PACKAGE)


class BaseModel(keras.Model):
    """A model of samples of ``input_shape`` trained by minimising ``batch_losses(...)["loss"]``.

    ``seed`` (None: not seeded) is passed to ``keras.utils.set_random_seed`` at construction,
    so fresh weights and the batch order of a following ``fit`` are reproducible.
    """

    #: attributes holding nested Keras models, serialized in the config
    SUBMODELS: ClassVar[tuple[str, ...]] = ("encoder",)

    def __init__(self, input_shape: Sequence[int], seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sample_shape = check_sample_shape_spec(input_shape)
        self.seed = None if seed is None else positive_int(seed, "seed", 0, MAX_SEED)
        if self.seed is not None:
            keras.utils.set_random_seed(self.seed)

    # ------------------------------------------------------------------- training

    def track(self, names: Sequence[str]) -> None:
        """Report the values ``names`` of :meth:`batch_losses`, each averaged by a Mean tracker."""
        self.trackers = {name: keras.metrics.Mean(name=name) for name in names}

    @property
    def metrics(self) -> list[keras.metrics.Metric]:
        """The trackers, so Keras resets them at the start of each epoch."""
        return list(self.trackers.values())

    def batch_losses(self, data: Any, training: bool) -> dict[str, Any]:
        """The tracked values of one batch; ``"loss"`` is the one minimised."""
        raise NotImplementedError

    def train_step(self, data: Any) -> dict[str, Any]:
        """One optimizer step on ``batch_losses(data)["loss"]``; returns the tracked means.

        Under a ``tf.distribute`` strategy each replica sees a slice of the batch and the
        optimizer sums the replicas' gradients, so each replica's loss is divided by their
        number: the step is the one-device step on the whole batch.
        """
        replicas = tf.distribute.get_strategy().num_replicas_in_sync
        with tf.GradientTape() as tape:
            values = self.batch_losses(data, training=True)
            scaled = values["loss"] / replicas
        gradients = tape.gradient(scaled, self.trainable_weights)
        self.optimizer.apply_gradients(zip(gradients, self.trainable_weights, strict=True))
        return self._record(values)

    def test_step(self, data: Any) -> dict[str, Any]:
        """The tracked means with ``batch_losses`` of ``data`` in inference mode."""
        return self._record(self.batch_losses(data, training=False))

    def _record(self, values: dict[str, Any]) -> dict[str, Any]:
        for name, tracker in self.trackers.items():
            tracker.update_state(values[name])
        if _across_workers(tf.distribute.get_strategy()):
            # Keras 3 reduces a step's logs across workers with strategy.reduce(MEAN, axis=0),
            # which refuses scalars (tensorflow/tensorflow#72388): give it one-element vectors
            return {name: tf.reshape(tracker.result(), (1,))
                    for name, tracker in self.trackers.items()}
        return {name: tracker.result() for name, tracker in self.trackers.items()}

    # ------------------------------------------------------------ checked inputs

    def check_data(self, x: Any, y: Any, name: str) -> tuple[Any, Any]:
        """``(x, y)`` for ``fit``/``evaluate`` validated, else :class:`LearnError`; ``name``
        says which argument they came from ("x" or "validation_data")."""
        raise NotImplementedError

    def fit(self, x: Any = None, y: Any = None, **kwargs: Any) -> keras.callbacks.History:
        """``keras.Model.fit`` after :meth:`check_data` on array inputs: ``x, y`` and a
        ``validation_data`` tuple ``(x_val[, y_val])`` or array. Datasets and generators
        (``tf.data.Dataset``, ``keras.utils.PyDataset``) pass unchecked."""
        check_fit_arguments(kwargs)
        x, y = self._checked(x, y, "fit")
        self._check_replica_split(x, kwargs.get("batch_size"), "x")
        validation = kwargs.get("validation_data")
        if validation is not None and is_array_like(validation):
            parts = validation if isinstance(validation, tuple) else (validation,)
            x_val, y_val, _ = keras.utils.unpack_x_y_sample_weight(parts)
            x_val, y_val = self.check_data(x_val, y_val, "validation_data")
            batch = kwargs.get("validation_batch_size") or kwargs.get("batch_size")
            self._check_replica_split(x_val, batch, "validation_data")
            kwargs["validation_data"] = (x_val,) if y_val is None else (x_val, y_val)
        kwargs["callbacks"] = self.training_callbacks(list(kwargs.get("callbacks") or []))
        return super().fit(x, y, **kwargs)

    def evaluate(self, x: Any = None, y: Any = None, **kwargs: Any) -> Any:
        """``keras.Model.evaluate`` after :meth:`check_data`, as in :meth:`fit`."""
        if kwargs.get("batch_size") is not None:
            positive_int(kwargs["batch_size"], "batch_size")
        x, y = self._checked(x, y, "evaluate")
        self._check_replica_split(x, kwargs.get("batch_size"), "x")
        return super().evaluate(x, y, **kwargs)

    def _check_replica_split(self, x: Any, batch_size: int | None, name: str) -> None:
        """:class:`LearnError` unless the first batch of the arrays ``x`` splits evenly over
        the strategy's replicas: Keras 3 averages that batch across replicas to build the
        model, which fails for replica slices of different sizes."""
        replicas = self.distribute_strategy.num_replicas_in_sync
        if replicas == 1 or not is_array_like(x) or x is None:
            return
        first = min(batch_size or KERAS_BATCH_SIZE, len(keras.tree.flatten(x)[0]))
        if first % replicas:
            raise LearnError(
                f"{name}: the first batch has {first} samples, which do not split evenly over "
                f"{replicas} replicas (Keras builds the model from that batch averaged over the "
                f"replicas): use a batch_size divisible by {replicas} and a number of samples "
                f"divisible by {replicas}"
            )

    def _checked(self, x: Any, y: Any, method: str) -> tuple[Any, Any]:
        if not self.compiled:
            raise LearnError(
                f"compile the {type(self).__name__} before {method}, e.g. "
                "model.compile(optimizer=keras.optimizers.Adam(1e-3))"
            )
        return self.check_data(x, y, "x") if is_array_like(x) else (x, y)

    def training_callbacks(
        self, callbacks: list[keras.callbacks.Callback]
    ) -> list[keras.callbacks.Callback]:
        """The callbacks ``fit`` runs with; subclasses add their own (e.g. the KL warm-up)."""
        return callbacks

    def samples(self, x: Any, name: str = "x") -> np.ndarray:
        """``x`` as a float32 batch of samples of ``sample_shape``, else :class:`LearnError`."""
        rank = len(self.sample_shape) + 1
        array = as_float_array(x, name, min_rank=rank, max_rank=rank)
        check_sample_shape(array, self.sample_shape, name)
        return array

    # -------------------------------------------------------------- serialization

    def get_config(self) -> dict[str, Any]:
        """Keras' config plus ``input_shape``, ``seed`` and every nested network."""
        config = {**super().get_config(), "input_shape": list(self.sample_shape), "seed": self.seed}
        for name in self.SUBMODELS:
            config[name] = keras.saving.serialize_keras_object(getattr(self, name))
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> BaseModel:
        """The model of ``config``, its nested networks rebuilt (with their weights on load)."""
        config = dict(config)
        for name in cls.SUBMODELS:
            config[name] = keras.saving.deserialize_keras_object(config[name])
        return cls(**config)


def is_array_like(data: Any) -> bool:
    """True for data ``fit`` validates (arrays, lists, tuples, tensors, None); False for
    datasets and generators, which Keras reads itself."""
    return data is None or isinstance(data, list | tuple) or hasattr(data, "__array__")


def check_fit_arguments(kwargs: dict[str, Any]) -> None:
    """:class:`LearnError` unless ``fit``'s ``epochs``, ``initial_epoch`` and ``batch_size``
    are usable: Keras runs epochs ``initial_epoch .. epochs - 1``, so ``epochs=0`` (or not above
    ``initial_epoch``) would return an untrained model without a word."""
    epochs = positive_int(kwargs.get("epochs", 1), "epochs")
    initial = positive_int(kwargs.get("initial_epoch", 0), "initial_epoch", minimum=0)
    if epochs <= initial:
        raise LearnError(
            f"epochs={epochs} must exceed initial_epoch={initial}: Keras trains epochs "
            "initial_epoch .. epochs - 1, so none would run"
        )
    if kwargs.get("batch_size") is not None:
        positive_int(kwargs["batch_size"], "batch_size")


def _across_workers(strategy: tf.distribute.Strategy) -> bool:
    """Whether ``strategy`` is a MultiWorkerMirroredStrategy of a cluster (``TF_CONFIG``):
    where Keras reduces logs across workers."""
    return isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy) and bool(
        strategy.cluster_resolver.cluster_spec().as_dict())

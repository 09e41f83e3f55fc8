"""Training on several devices with ``tf.distribute``: a model built and compiled under a
strategy's scope trains on all of the strategy's replicas with the ordinary ``fit``.

``"mirrored"`` is a ``tf.distribute.MirroredStrategy`` over every local GPU, or over every
logical CPU device when there is no GPU: each batch is split across the replicas, gradients are
summed across them (``BaseModel.train_step`` divides each replica's loss by the number of
replicas, so the step equals the one-device step on the whole batch) and the variables stay
identical on every replica. A model trained this way saves and loads like any other. For a
cluster, pass a ``tf.distribute.MultiWorkerMirroredStrategy`` (configured by ``TF_CONFIG``)
as ``strategy``; see docs/learn-vae.md. TensorFlow is imported when a strategy is made, not
on import, so the command line can list :data:`STRATEGIES` cheaply.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from hottbridge.errors import LearnError
from learn.validation import check_choice

if TYPE_CHECKING:
    import keras
    import tensorflow as tf

#: the strategies named on the command line (``hottbridge train --strategy``)
STRATEGIES = ("default", "mirrored")

M = TypeVar("M", bound="keras.Model")


def resolve_strategy(strategy: str | tf.distribute.Strategy = "default") -> tf.distribute.Strategy:
    """The ``tf.distribute`` strategy named by ``strategy`` (one of :data:`STRATEGIES`), or
    ``strategy`` itself if it already is one.

    "default" is TensorFlow's default strategy (one device); "mirrored" mirrors the model on
    every local GPU, or on every logical CPU device when there is no GPU.
    """
    import tensorflow as tf

    if isinstance(strategy, tf.distribute.Strategy):
        return strategy
    if check_choice("strategy", strategy, STRATEGIES) == "default":
        return tf.distribute.get_strategy()
    return _mirrored()


@functools.cache
def _mirrored() -> tf.distribute.MirroredStrategy:
    """The process's one MirroredStrategy over all local devices. One, because two of them
    in a process number their collective operations alike and then mix up their gradients."""
    import tensorflow as tf

    devices = tf.config.list_logical_devices("GPU") or tf.config.list_logical_devices("CPU")
    return tf.distribute.MirroredStrategy([device.name for device in devices])


def build_distributed(
    make_model: Callable[[], M],
    strategy: str | tf.distribute.Strategy = "mirrored",
    optimizer: keras.optimizers.Optimizer | str | None = None,
) -> M:
    """``make_model()`` built and compiled under ``strategy``'s scope, ready for ``fit``.

    ``make_model`` builds the model (e.g. ``lambda: VAE((64,), seed=0)``) so that its variables
    are created inside the scope, as ``tf.distribute`` requires; ``optimizer`` (default
    ``Adam(1e-3)``) is passed to ``compile`` inside the scope too.
    """
    import keras

    if not callable(make_model) or isinstance(make_model, keras.Model):
        raise LearnError(
            f"make_model must be a function that builds the model (e.g. lambda: VAE((64,))), "
            f"got {type(make_model).__name__}"
        )
    strategy = resolve_strategy(strategy)
    with strategy.scope():
        model = make_model()
        if not isinstance(model, keras.Model):
            raise LearnError(f"make_model must return a keras.Model, got {type(model).__name__}")
        model.compile(optimizer=keras.optimizers.Adam(1e-3) if optimizer is None else optimizer)
    return model

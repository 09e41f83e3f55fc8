"""Shared encoder and decoder builders: dense stacks and convolutional stacks as Keras models.

Every builder returns a functional ``keras.Model``, so the result nests inside other models and
serializes with them. ``seed`` makes the initial weights reproducible: layer ``i`` of a stack is
initialised with ``seed + i``; ``None`` draws from Keras' global generator.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import keras
from keras import layers

from hottbridge.errors import LearnError
from learn.validation import check_choice, is_integer, positive_int

ARCHITECTURES = ("auto", "dense", "conv")


def resolve_architecture(sample_shape: Sequence[int], architecture: str = "auto") -> str:
    """``"dense"`` or ``"conv"`` for samples of ``sample_shape``.

    ``"auto"`` picks dense for vectors (rank 1) and conv for images, (H, W) or (H, W, C).
    """
    shape = check_sample_shape_spec(sample_shape)
    check_choice("architecture", architecture, ARCHITECTURES)
    if architecture == "auto":
        return "dense" if len(shape) == 1 else "conv"
    if architecture == "conv" and len(shape) == 1:
        raise LearnError(
            f"architecture='conv' needs image samples of shape (H, W) or (H, W, C), got {shape}; "
            "use architecture='dense' for vectors"
        )
    return architecture


def check_sample_shape_spec(sample_shape: Sequence[int]) -> tuple[int, ...]:
    """``sample_shape`` as a tuple of positive ints of rank 1 to 3, else :class:`LearnError`."""
    try:
        entries = tuple(sample_shape)
    except TypeError:
        entries = ("not a sequence",)
    if not all(map(is_integer, entries)):
        raise LearnError(f"input_shape must be a tuple of ints, got {sample_shape!r}")
    shape = tuple(int(n) for n in entries)
    if not 1 <= len(shape) <= 3 or min(shape) < 1:
        raise LearnError(
            f"input_shape must be (D,), (H, W) or (H, W, C) with positive sizes, got {shape}"
        )
    return shape


def dense_stack(
    input_dim: int,
    hidden: Sequence[int] = (256, 128),
    name: str = "dense_stack",
    *,
    activation: str = "relu",
    seed: int | None = None,
) -> keras.Model:
    """Vectors of ``input_dim`` through ``Dense`` layers of widths ``hidden``; no layers: identity."""
    inputs = keras.Input(shape=(int(input_dim),), name=f"{name}_input")
    x = inputs
    for i, width in enumerate(hidden):
        x = layers.Dense(
            int(width), activation=activation, kernel_initializer=_init(seed, i), name=f"dense_{i}"
        )(x)
    return keras.Model(inputs, x, name=name)


def conv_encoder_stack(
    input_shape: Sequence[int],
    filters: Sequence[int] = (32, 64),
    name: str = "conv_encoder_stack",
    *,
    kernel_size: int = 3,
    activation: str = "relu",
    seed: int | None = None,
) -> keras.Model:
    """Images of ``input_shape``, (H, W) or (H, W, C), to a flat feature vector.

    Each entry of ``filters`` is a stride-2 ``Conv2D`` halving the image (rounding up).
    """
    shape = image_shape(input_shape)
    inputs = keras.Input(shape=tuple(input_shape), name=f"{name}_input")
    x = layers.Reshape(shape, name="add_channel")(inputs) if len(input_shape) == 2 else inputs
    for i, width in enumerate(filters):
        x = layers.Conv2D(
            int(width),
            kernel_size,
            strides=2,
            padding="same",
            activation=activation,
            kernel_initializer=_init(seed, i),
            name=f"conv_{i}",
        )(x)
    return keras.Model(inputs, layers.Flatten(name="flatten")(x), name=name)


def conv_decoder_stack(
    latent_dim: int,
    output_shape: Sequence[int],
    filters: Sequence[int] = (32, 64),
    name: str = "conv_decoder_stack",
    *,
    output_activation: str | None = None,
    kernel_size: int = 3,
    activation: str = "relu",
    seed: int | None = None,
) -> keras.Model:
    """Latent vectors to images of ``output_shape``, mirroring :func:`conv_encoder_stack`.

    A ``Dense`` layer feeds a small feature map that stride-2 ``Conv2DTranspose`` layers (in
    reverse ``filters`` order) double back to at least (H, W); the excess is cropped.
    """
    height, width, channels = image_shape(output_shape)
    if not filters:
        raise LearnError("a convolutional decoder needs at least one entry in filters")
    scale = 2 ** len(filters)
    small = (math.ceil(height / scale), math.ceil(width / scale), int(filters[-1]))
    inputs = keras.Input(shape=(int(latent_dim),), name=f"{name}_input")
    x = layers.Dense(
        math.prod(small), activation=activation, kernel_initializer=_init(seed, 0), name="project"
    )(inputs)
    x = layers.Reshape(small, name="feature_map")(x)
    for i, width_i in enumerate(reversed(filters), start=1):
        x = layers.Conv2DTranspose(
            int(width_i),
            kernel_size,
            strides=2,
            padding="same",
            activation=activation,
            kernel_initializer=_init(seed, i),
            name=f"deconv_{i - 1}",
        )(x)
    x = layers.Conv2D(
        channels,
        kernel_size,
        padding="same",
        activation=output_activation,
        kernel_initializer=_init(seed, len(filters) + 1),
        name="to_pixels",
    )(x)
    extra_h, extra_w = small[0] * scale - height, small[1] * scale - width
    if extra_h or extra_w:
        x = layers.Cropping2D(((0, extra_h), (0, extra_w)), name="crop")(x)
    if len(output_shape) == 2:
        x = layers.Reshape(tuple(output_shape), name="drop_channel")(x)
    return keras.Model(inputs, x, name=name)


def encoder_features(
    sample_shape: Sequence[int],
    architecture: str = "auto",
    *,
    hidden: Sequence[int] = (256, 128),
    filters: Sequence[int] = (32, 64),
    name: str = "features",
    seed: int | None = None,
) -> keras.Model:
    """Samples of ``sample_shape`` to a flat feature vector, dense or conv (see
    :func:`resolve_architecture`); dense flattens image samples first."""
    shape = check_sample_shape_spec(sample_shape)
    if resolve_architecture(shape, architecture) == "conv":
        return conv_encoder_stack(shape, filters, name, seed=seed)
    inputs = keras.Input(shape=shape, name=f"{name}_input")
    flat = layers.Flatten(name="flatten")(inputs) if len(shape) > 1 else inputs
    stack = dense_stack(math.prod(shape), hidden, f"{name}_dense", seed=seed)
    return keras.Model(inputs, stack(flat), name=name)


def decoder_network(
    latent_dim: int,
    sample_shape: Sequence[int],
    architecture: str = "auto",
    *,
    hidden: Sequence[int] = (256, 128),
    filters: Sequence[int] = (32, 64),
    output_activation: str | None = None,
    name: str = "decoder",
    seed: int | None = None,
) -> keras.Model:
    """Latent vectors to samples of ``sample_shape``: the mirror image of
    :func:`encoder_features` (dense widths and conv filters in reverse order)."""
    shape = check_sample_shape_spec(sample_shape)
    if resolve_architecture(shape, architecture) == "conv":
        return conv_decoder_stack(
            latent_dim, shape, filters, name, output_activation=output_activation, seed=seed
        )
    inputs = keras.Input(shape=(int(latent_dim),), name=f"{name}_input")
    x = dense_stack(latent_dim, tuple(reversed(hidden)), f"{name}_dense", seed=seed)(inputs)
    x = layers.Dense(
        math.prod(shape),
        activation=output_activation,
        kernel_initializer=_init(seed, len(hidden)),
        name="to_data",
    )(x)
    if len(shape) > 1:
        x = layers.Reshape(shape, name="to_sample_shape")(x)
    return keras.Model(inputs, x, name=name)


def image_shape(shape: Sequence[int]) -> tuple[int, int, int]:
    """(H, W) or (H, W, C) as (H, W, C)."""
    shape = check_sample_shape_spec(shape)
    if len(shape) == 1:
        raise LearnError(f"a convolutional stack needs (H, W) or (H, W, C) samples, got {shape}")
    return (*shape, 1) if len(shape) == 2 else shape  # type: ignore[return-value]


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
    """Images to ``width`` ReLU features: :func:`conv_encoder_stack`, then ``Dense``."""
    width = positive_int(width, "width")
    trunk = conv_encoder_stack(input_shape, filters, f"{name}_conv", seed=seed)
    return with_dense_head(trunk, width, activation="relu", seed=seed + len(filters), name=name)


def check_network(
    network: Any,
    name: str,
    input_shape: Sequence[int],
    output_shape: Sequence[int] | None = None,
) -> keras.Model:
    """``network`` if it is a Keras model taking samples of ``input_shape`` (and giving
    outputs of ``output_shape``, when given), else :class:`LearnError`."""
    if not isinstance(network, keras.Model):
        raise LearnError(f"{name} must be a keras.Model, got {type(network).__name__}")
    shapes = (("takes samples", network.input_shape, input_shape),)
    if output_shape is not None:
        shapes += (("gives outputs", network.output_shape, output_shape),)
    for what, got, wanted in shapes:
        got = got[0] if isinstance(got, list) else got  # a one-input model's [shape]
        if tuple(got[1:]) != tuple(wanted):
            raise LearnError(
                f"the {name} {what} of shape {tuple(got[1:])}, but the model needs "
                f"{tuple(wanted)}; build it for that shape"
            )
    return network


def _init(seed: int | None, index: int) -> keras.initializers.Initializer | str:
    """Glorot-uniform initialiser for layer ``index`` of a stack, seeded when ``seed`` is."""
    if seed is None:
        return "glorot_uniform"
    return keras.initializers.GlorotUniform(seed=seed + index)

"""SimCLR-style image augmentation built only from Keras preprocessing layers.

One random view of an image: crop-and-resize (a random zoom-in plus a random shift), a
horizontal flip, brightness and contrast jitter, and a Gaussian blur applied with a fixed
probability. Images are expected in [0, 1]. Every layer draws from its own seeded generator, so
the same ``seed`` gives the same sequence of views; the layers are identities at inference.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras
from keras import layers

from hottbridge.errors import LearnError
from learn.networks import check_sample_shape_spec, image_shape
from learn.validation import in_interval

#: pixel range the jitter layers assume and clip to
VALUE_RANGE = (0.0, 1.0)


def augmenter(
    input_shape: Sequence[int],
    *,
    crop: float = 0.3,
    flip: bool = True,
    brightness: float = 0.3,
    contrast: float = 0.3,
    blur_probability: float = 0.3,
    blur_sigma: tuple[float, float] = (0.1, 1.0),
    seed: int = 0,
    name: str = "augmenter",
) -> keras.Sequential:
    """A random-view pipeline for images of ``input_shape``; outputs are (H, W, C) in [0, 1].

    ``crop`` is the largest fraction of the side cut away by the zoom-in (and half of it is the
    largest shift); ``brightness``/``contrast`` are the jitter strengths of the Keras layers;
    each image is blurred (3x3 Gaussian, sigma drawn from ``blur_sigma``) with probability
    ``blur_probability``. A strength of 0 leaves its layer out.
    """
    shape = image_shape(input_shape)
    crop = in_interval(crop, "crop", 0.0, 0.9)
    brightness = in_interval(brightness, "brightness", 0.0, 1.0)
    contrast = in_interval(contrast, "contrast", 0.0, 1.0)
    blur_probability = in_interval(blur_probability, "blur_probability", 0.0, 1.0)
    low, high = (float(s) for s in blur_sigma)
    if not 0.0 < low <= high <= 1.0:
        raise LearnError(
            f"blur_sigma must be (low, high) with 0 < low <= high <= 1, got {blur_sigma}"
        )

    steps: list[layers.Layer] = [layers.Reshape(shape, name="with_channels")]
    if crop:
        steps += [
            layers.RandomZoom((-crop, 0.0), fill_mode="reflect", seed=seed, name="crop_zoom"),
            layers.RandomTranslation(
                crop / 2, crop / 2, fill_mode="reflect", seed=seed + 1, name="crop_shift"
            ),
        ]
    if flip:
        steps.append(layers.RandomFlip("horizontal", seed=seed + 2, name="flip"))
    if brightness:
        steps.append(
            layers.RandomBrightness(brightness, VALUE_RANGE, seed=seed + 3, name="brightness")
        )
    if contrast:
        steps.append(layers.RandomContrast(contrast, VALUE_RANGE, seed=seed + 4, name="contrast"))
    if blur_probability:
        steps.append(
            layers.RandomGaussianBlur(
                (blur_probability, blur_probability),
                kernel_size=3,
                sigma=(low, high),
                value_range=VALUE_RANGE,
                seed=seed + 5,
                name="blur",
            )
        )
    inputs = keras.Input(shape=check_sample_shape_spec(input_shape))
    return keras.Sequential([inputs, *steps], name=name)

"""Every model class of ``learn``, registered for ``keras.saving``, and :func:`load_model`.

Keras finds a custom class in a saved file only if the module defining it was imported in the
running process. ``import learn`` stays cheap (it imports no TensorFlow), so it registers
nothing; importing this module registers every model class with its layers and regularisers.
In a fresh process, load a saved model with ``learn.load_model(path)`` (which imports this
module first), or ``import learn.models`` before ``keras.saving.load_model(path)``.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

import keras

from hottbridge.errors import LearnError
from learn.autoencoder import Autoencoder
from learn.classifier import CNNClassifier
from learn.metric_nets import SiameseNet, TripletNet
from learn.simclr import SimCLR
from learn.vae import VAE

#: the model classes a ``.keras`` file saved by ``learn`` can hold
MODEL_CLASSES: tuple[type[keras.Model], ...] = (
    VAE, Autoencoder, SiameseNet, TripletNet, SimCLR, CNNClassifier,
)  # fmt: skip

__all__ = [
    "MODEL_CLASSES", "VAE", "Autoencoder", "CNNClassifier", "SiameseNet", "SimCLR", "TripletNet",
    "load_model",
]  # fmt: skip


def load_model(path: str | os.PathLike[str], *, compile: bool = True) -> keras.Model:
    """The model saved at ``path`` (a ``.keras`` file), with every ``learn`` class registered.

    Raises :class:`LearnError` saying what is wrong: no such file, a folder, not a ``.keras``
    name, a file that is not a Keras archive (a ``.keras`` file is a zip archive), or an archive
    Keras cannot rebuild. ``compile`` is passed to ``keras.saving.load_model``.
    """
    if not isinstance(path, str | os.PathLike) or not str(path).strip():
        raise LearnError(f"path must be the path of a .keras file, got {path!r}")
    file = Path(path)
    if not file.exists():
        raise LearnError(f"no model file at {str(file)!r}: the path does not exist")
    if not file.is_file():
        raise LearnError(f"{str(file)!r} is a folder, not a .keras model file")
    if file.suffix != ".keras":
        raise LearnError(f"{str(file)!r} is not a .keras file (Keras 3's saving format)")
    if not zipfile.is_zipfile(file):
        raise LearnError(
            f"{str(file)!r} exists but is not a Keras model file: a .keras file is a zip "
            "archive written by model.save"
        )
    try:
        return keras.saving.load_model(file, compile=compile)
    except (ValueError, TypeError, KeyError, OSError, zipfile.BadZipFile) as error:
        raise LearnError(f"cannot load the model {str(file)!r}: {_first_line(error)}") from None


def _first_line(error: Any) -> str:
    """The first line of ``error``'s message (Keras appends whole configs to some)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__

"""The deep-learning side: Keras 3 models whose latent spaces the bridge checks, data sets of
known topology, metrics and similarity search.

Names are loaded on first use, so ``import learn`` stays cheap until a model is needed. For
the same reason ``import learn`` registers no model class with ``keras.saving``: load a saved
model with ``learn.load_model(path)``, or ``import learn.models`` before
``keras.saving.load_model(path)`` (see :mod:`learn.models`).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    "VAE": "learn.vae",
    "Autoencoder": "learn.autoencoder",
    "SiameseNet": "learn.metric_nets",
    "TripletNet": "learn.metric_nets",
    "SimCLR": "learn.simclr",
    "CNNClassifier": "learn.classifier",
    "FeatureExtractor": "learn.classifier",
    "EmbeddingIndex": "learn.search",
    "latent_homotopy": "learn.homotopy",
    "load_model": "learn.models",
}

__all__ = [
    "VAE", "Autoencoder", "CNNClassifier", "EmbeddingIndex", "FeatureExtractor", "SiameseNet",
    "SimCLR", "TripletNet", "latent_homotopy", "load_model",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    """The exported ``name``, imported from its module on first use."""
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'learn' has no attribute {name!r}")

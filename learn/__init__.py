"""The deep-learning side: Keras 3 models whose latent spaces the bridge checks, data sets of
known topology, metrics and similarity search.

Names are loaded on first use, so ``import learn`` stays cheap until a model is needed.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    "VAE": "learn.vae",
    "Autoencoder": "learn.autoencoder",
    "SiameseNet": "learn.contrastive",
    "TripletNet": "learn.contrastive",
    "SimCLR": "learn.contrastive",
    "CNNClassifier": "learn.classifier",
    "FeatureExtractor": "learn.classifier",
    "EmbeddingIndex": "learn.search",
    "latent_homotopy": "learn.homotopy",
}

__all__ = [
    "VAE", "Autoencoder", "CNNClassifier", "EmbeddingIndex", "FeatureExtractor", "SiameseNet",
    "SimCLR", "TripletNet", "latent_homotopy",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'learn' has no attribute {name!r}")

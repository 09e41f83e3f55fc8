"""Saved models load in a fresh interpreter (issue #15, class 7): saved here, loaded in a
subprocess that imports nothing of ``learn`` but what the docs say to import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def nine_models() -> dict[str, tuple[Any, np.ndarray]]:
    """One model of every class (three VAE latent families, one with regularisers), each with
    a batch it takes: name -> (model, batch)."""
    from learn.autoencoder import Autoencoder
    from learn.classifier import CNNClassifier
    from learn.metric_nets import SiameseNet, TripletNet
    from learn.regularizers import InterpolationSmoothness, LoopConsistency, PathConsistency
    from learn.simclr import SimCLR
    from learn.vae import VAE

    rng = np.random.default_rng(0)
    vectors = rng.random((4, 16)).astype("float32")
    images = rng.random((4, 8, 8, 1)).astype("float32")
    regularizers = (InterpolationSmoothness(0.1), PathConsistency(0.1), LoopConsistency(0.1))
    return {
        "vae-diagonal": (VAE((16,), hidden=(8,), seed=0), vectors),
        "vae-full-conv": (VAE((8, 8, 1), latent="full", filters=(4,), seed=1), images),
        "vae-mixture": (
            VAE((16,), hidden=(8,), latent="mixture", regularizers=regularizers, seed=2),
            vectors,
        ),
        "autoencoder": (Autoencoder((16,), hidden=(8,), likelihood="gaussian", seed=3), vectors),
        "autoencoder-conv": (Autoencoder((8, 8, 1), filters=(4,), seed=4), images),
        "siamese": (SiameseNet((16,), embedding_dim=4, hidden=(8,), seed=5), vectors),
        "triplet": (TripletNet((8, 8, 1), embedding_dim=4, filters=(4,), seed=6), images),
        "simclr": (SimCLR((8, 8, 1), width=8, projection_dim=4, filters=(4,), seed=7), images),
        "classifier": (CNNClassifier((8, 8, 1), 3, width=8, filters=(4,), seed=8), images),
    }


def outputs(model: Any, batch: np.ndarray) -> list[float]:
    """What the model computes on ``batch``, flattened: the numbers a round trip must keep."""
    return np.asarray(model(batch, training=False)).ravel().tolist()


LOADER = textwrap.dedent(
    """
    import json, sys
    import numpy as np
    import keras

    folder = sys.argv[1]
    expected = json.load(open(f"{folder}/expected.json"))
    result = {"learn_imported_before_load": "learn.vae" in sys.modules}
    try:  # Keras alone cannot rebuild learn's classes: the reason learn.load_model exists
        keras.saving.load_model(f"{folder}/vae-diagonal.keras")
        result["plain_keras"] = "loaded"
    except Exception as error:
        result["plain_keras"] = type(error).__name__
    import learn

    for name, wanted in expected.items():
        model = learn.load_model(f"{folder}/{name}.keras")
        batch = np.load(f"{folder}/{name}.npy")
        got = np.asarray(model(batch, training=False)).ravel()
        result[name] = [type(model).__name__, float(np.max(np.abs(got - np.array(wanted))))]
    print(json.dumps(result))
    """
)


@pytest.mark.slow
def test_every_model_class_loads_in_a_fresh_interpreter(tmp_path: Path) -> None:
    expected = {}
    classes = {}
    for name, (model, batch) in nine_models().items():
        model.save(tmp_path / f"{name}.keras")
        np.save(tmp_path / f"{name}.npy", batch)
        expected[name] = outputs(model, batch)
        classes[name] = type(model).__name__
    (tmp_path / "expected.json").write_text(json.dumps(expected))
    done = subprocess.run(
        [sys.executable, "-c", LOADER, str(tmp_path)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result.pop("learn_imported_before_load") is False
    assert result.pop("plain_keras") != "loaded"  # the fresh interpreter knew nothing of learn
    assert set(result) == set(classes) and len(result) == 9
    for name, (class_name, difference) in result.items():
        assert class_name == classes[name]
        assert difference <= 1e-6, name


def test_learn_models_names_every_registered_model_class() -> None:
    import importlib
    import pkgutil

    import keras

    import learn
    from learn.models import MODEL_CLASSES

    for module in pkgutil.walk_packages(learn.__path__, "learn."):
        importlib.import_module(module.name)
    registered = {
        obj
        for obj in keras.saving.get_custom_objects().values()
        if isinstance(obj, type)
        and issubclass(obj, keras.Model)
        and obj.__module__.startswith("learn.")
    }
    assert registered == set(MODEL_CLASSES)

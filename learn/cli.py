"""``hottbridge train``: train a model on a data set, save it as .keras, print a JSON summary.

    hottbridge train {vae,conv-vae,simclr,classifier}
        --data {digits,rotating-glyph,torus,figure-eight,FOLDER}
        --epochs N --out model.keras [--force] [--seed S] [--latent-dim D] [--batch-size B]
        [--samples N] [--image-size S] [--strategy {default,mirrored}]

A seeded fifth of the data is held out; the summary (also written next to the model as
``model.json``) holds the last epoch's training values and the held-out metrics of the model.
Every argument and both output files are checked before any data is read or any training
starts; an existing output is replaced only with ``--force``, a symlink never. Both files are
written atomically once everything has succeeded, so a failure leaves no half-written model.
Keras and the model modules are imported only when training starts, so ``--help`` is quick.
"""

from __future__ import annotations

import argparse
import json
import math
from typing import TYPE_CHECKING, Any

import numpy as np

from hottbridge.errors import LearnError
from hottbridge.files import atomic_outputs, check_output
from learn import metrics
from learn.data.registry import DATA_SETS, load
from learn.distribute import STRATEGIES, build_distributed, resolve_strategy
from learn.search import EmbeddingIndex
from learn.validation import MAX_SEED, positive_int

if TYPE_CHECKING:
    import keras

MODELS = ("vae", "conv-vae", "simclr", "classifier")
HELD_OUT = 0.2
MIN_SAMPLES = 5
SMOOTHNESS_PAIRS = 8


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``train`` subcommand's arguments."""
    parser.add_argument("model", choices=MODELS, help="what to train")
    parser.add_argument(
        "--data",
        required=True,
        metavar="{" + ",".join([*DATA_SETS, "FOLDER"]) + "}",
        help="; ".join(f"{name}: {what}" for name, what in DATA_SETS.items())
        + "; or a FOLDER of images (one subfolder per class, or flat), read in grayscale",
    )
    parser.add_argument("--epochs", type=int, default=10, help="training epochs (default 10)")
    parser.add_argument(
        "--out", required=True, help="where to save the model (.keras); the summary goes beside"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace an existing model and summary at --out (never a symlink)",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help=f"seeds weights, split and batches (0 to {MAX_SEED})"
    )
    parser.add_argument(
        "--latent-dim",
        type=int,
        default=None,
        help="latent dimension of a VAE (default 2); embedding width of simclr and classifier "
        "(default 64)",
    )
    parser.add_argument("--batch-size", type=int, default=64, help="batch size (default 64)")
    parser.add_argument(
        "--samples", type=int, default=None, help="use a seeded random subset of N samples"
    )
    parser.add_argument(
        "--image-size",
        type=int,
        default=28,
        help="side of generated glyph images and of images read from a FOLDER (default 28)",
    )
    parser.add_argument(
        "--strategy",
        choices=STRATEGIES,
        default="default",
        help="default: one device; mirrored: every local GPU, or every logical CPU device, "
        "with tf.distribute.MirroredStrategy",
    )


def split(
    x: np.ndarray, y: np.ndarray | None, samples: int | None, seed: int, replicas: int = 1
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, np.ndarray | None]:
    """A seeded subset of ``samples`` (all by default), split into train and held-out parts.

    With several ``replicas`` both parts are cut down to multiples of ``replicas`` (by fewer
    than ``replicas`` samples each), so that every first batch splits evenly over them.
    """
    order = np.random.default_rng(seed).permutation(len(x))
    if samples is not None:
        samples = positive_int(samples, "--samples", minimum=MIN_SAMPLES)
        if samples > len(x):
            raise LearnError(f"--samples {samples} exceeds the {len(x)} samples of the data")
        order = order[:samples]
    if len(order) < max(MIN_SAMPLES, 2 * replicas):
        raise LearnError(
            f"training needs at least {max(MIN_SAMPLES, 2 * replicas)} samples, the data has "
            f"{len(order)}"
        )
    order = order[: len(order) - len(order) % replicas]
    n_test = max(replicas, int(len(order) * HELD_OUT) // replicas * replicas)
    test, train = order[:n_test], order[n_test:]
    if y is None:
        return x[train], None, x[test], None
    return x[train], y[train], x[test], y[test]


def build_model(
    kind: str,
    input_shape: tuple[int, ...],
    n_classes: int | None,
    latent_dim: int | None,
    seed: int,
) -> keras.Model:
    """An untrained model of ``kind`` for samples of ``input_shape``."""
    if kind in ("vae", "conv-vae"):
        from learn.vae import VAE

        architecture = "dense" if kind == "vae" else "conv"
        return VAE(input_shape, latent_dim=latent_dim or 2, architecture=architecture, seed=seed)
    width = latent_dim or 64
    if kind == "simclr":
        from learn.simclr import SimCLR

        return SimCLR(input_shape, width=width, seed=seed)
    if n_classes is None:
        raise LearnError(
            "the classifier needs labelled data: use --data digits or a FOLDER with one "
            "subfolder per class"
        )
    from learn.classifier import CNNClassifier

    return CNNClassifier(input_shape, n_classes, width=width, seed=seed)


def held_out_metrics(
    kind: str,
    model: keras.Model,
    train: tuple[np.ndarray, np.ndarray | None],
    test: tuple[np.ndarray, np.ndarray | None],
    seed: int,
) -> dict[str, Any]:
    """The model's metrics on the held-out data (labels, where there are any, for retrieval)."""
    (x_train, y_train), (x_test, y_test) = train, test
    if kind in ("vae", "conv-vae"):
        codes = model.encode(x_test)
        pairs = np.random.default_rng(seed).integers(0, len(codes), (2, SMOOTHNESS_PAIRS))
        return {
            **metrics.vae_report(model, x_test).to_dict(),
            "interpolation_smoothness": metrics.interpolation_smoothness(
                model, codes[pairs[0]], codes[pairs[1]]
            ),
        }
    if kind == "classifier":
        return metrics.evaluate_classifier(model, x_test, y_test).to_dict()
    if y_test is None or len(x_test) < 2:
        return {}
    from learn.probe import linear_probe

    embeddings = model.embed(x_test)
    index = EmbeddingIndex(metric="cosine", n_neighbors=min(5, len(x_test) - 1))
    retrieval = index.fit(embeddings, y_test).evaluate(embeddings, y_test, exclude_self=True)
    result: dict[str, Any] = {"retrieval": retrieval}
    if len(np.unique(y_train)) >= 2:
        result["linear_probe_accuracy"] = linear_probe(model, x_train, y_train, x_test, y_test)
    return result


def _json_ready(value: Any) -> Any:
    """``value`` with NumPy scalars as Python numbers and non-finite floats as None."""
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(item) for item in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def run(args: argparse.Namespace) -> int:
    """Train, save the model to ``--out`` and its summary beside it; print the summary."""
    if not str(args.out).endswith(".keras"):
        raise LearnError(f"--out must end in .keras (Keras' saving format), got {args.out!r}")
    out = check_output(args.out, "--out", force=args.force, error=LearnError)
    summary_path = check_output(
        out.with_suffix(".json"), "--out's summary", force=args.force, error=LearnError
    )
    epochs = positive_int(args.epochs, "--epochs")
    batch_size = positive_int(args.batch_size, "--batch-size")
    seed = positive_int(args.seed, "--seed", minimum=0, maximum=MAX_SEED)
    if args.latent_dim is not None:
        positive_int(args.latent_dim, "--latent-dim")
    positive_int(args.image_size, "--image-size", minimum=8)
    if args.samples is not None:
        positive_int(args.samples, "--samples", minimum=MIN_SAMPLES)
    loaded = load(args.data, image_size=args.image_size, seed=seed, argument="--data")
    x, y = loaded.images, loaded.labels
    if args.model == "classifier" and y is not None and len(np.unique(y)) < 2:
        raise LearnError(f"the classifier needs at least 2 classes; {args.data} has one")
    import keras

    keras.utils.set_random_seed(seed)
    strategy = resolve_strategy(args.strategy)
    replicas = strategy.num_replicas_in_sync
    if batch_size % replicas:
        raise LearnError(
            f"--batch-size {batch_size} must be divisible by the {replicas} replicas of "
            f"--strategy {args.strategy}"
        )
    x_train, y_train, x_test, y_test = split(x, y, args.samples, seed, replicas)
    n_classes = None if y is None else int(y.max()) + 1
    model = build_distributed(
        lambda: build_model(args.model, x.shape[1:], n_classes, args.latent_dim, seed), strategy
    )
    labelled = args.model == "classifier"
    history = model.fit(
        x_train,
        y_train if labelled else None,
        epochs=epochs,
        batch_size=batch_size,
        validation_data=(x_test, y_test) if labelled else (x_test,),
        verbose=1,
    )
    summary = {
        "model": args.model,
        "data": args.data,
        "input_shape": list(x.shape[1:]),
        "train_samples": len(x_train),
        "held_out_samples": len(x_test),
        "epochs": epochs,
        "batch_size": batch_size,
        "seed": seed,
        "strategy": args.strategy,
        "replicas": replicas,
        "final_epoch": {name: values[-1] for name, values in history.history.items()},
        "held_out": held_out_metrics(args.model, model, (x_train, y_train), (x_test, y_test), seed),
        "model_path": str(out),
    }
    text = json.dumps(_json_ready(summary), indent=2)
    with atomic_outputs([out, summary_path]) as (model_file, summary_file):
        model.save(model_file)
        summary_file.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0

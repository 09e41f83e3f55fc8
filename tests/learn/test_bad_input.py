"""Bad input to ``learn`` and ``hottbridge train``: a typed error naming the culprit, raised
before any work, and nothing written (issue #15, classes 5, 6 and 8)."""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import pytest

from hottbridge.cli import main
from hottbridge.errors import LearnError
from learn.data import digits, save_image_folder
from learn.data.glyphs import figure_eight_images, rotating_glyph, torus_images
from learn.data.registry import load
from learn.validation import MAX_MAGNITUDE, as_float_array


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry below ``folder``: its kind and, for files, a digest of the contents."""
    entries = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            entries[name] = "link -> " + os.readlink(path)
        elif path.is_file():
            entries[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            entries[name] = "folder"
    return entries


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with an existing model and summary, a symlink, a folder named like a
    model, a plain file, an empty folder, a text file named .keras and two image folders."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.keras").write_bytes(b"an earlier model")
    (tmp_path / "summary-only.json").write_text("{}")
    (tmp_path / "victim.txt").write_text("must survive")
    (tmp_path / "link.keras").symlink_to(tmp_path / "victim.txt")
    (tmp_path / "dir.keras").mkdir()
    (tmp_path / "plain").write_text("a file, not a folder")
    (tmp_path / "empty").mkdir()
    images, labels = digits()
    save_image_folder(images[labels == 0][:6], labels[labels == 0][:6], tmp_path / "one-class")
    outside = save_image_folder(images[:4], labels[:4] % 2, tmp_path / "outside")
    escaping = save_image_folder(images[4:8], labels[4:8] % 2, tmp_path / "escaping")
    class_folder = min(outside.iterdir())
    (min(escaping.iterdir()) / "stolen.png").symlink_to(min(class_folder.iterdir()))
    (tmp_path / "escaping-folder").mkdir()
    (tmp_path / "escaping-folder" / "0").symlink_to(class_folder)
    return tmp_path


BASE = ["vae", "--data", "digits", "--epochs", "1"]

#: (argv after "train", words the error must contain)
CLI_CASES: list[tuple[list[str], tuple[str, ...]]] = [
    ([*BASE, "--out", "m.h5"], ("--out", "must end in .keras")),
    ([*BASE, "--out", ""], ("--out", "must end in .keras")),
    ([*BASE, "--out", "old.keras"], ("--out", "already exists", "--force")),
    (["vae", "--data", "digits", "--out", "summary-only.keras"], ("--out's summary", "exists")),
    ([*BASE, "--out", "link.keras"], ("--out", "symbolic link")),
    ([*BASE, "--out", "link.keras", "--force"], ("--out", "symbolic link")),
    ([*BASE, "--out", "dir.keras"], ("--out", "is a folder")),
    ([*BASE, "--out", "dir.keras", "--force"], ("--out", "is a folder")),
    ([*BASE, "--out", "plain/m.keras"], ("--out", "not a folder")),
    ([*BASE, "--out", "plain/deeper/m.keras"], ("--out", "not a folder")),
    ([*BASE, "--out", "/proc/no-such-place/m.keras"], ("--out", "cannot be written")),
    (["vae", "--data", "digits", "--epochs", "0", "--out", "m.keras"], ("--epochs",)),
    (["vae", "--data", "digits", "--epochs", "-3", "--out", "m.keras"], ("--epochs",)),
    (["vae", "--data", "digits", "--epochs", "0", "--out", "old.keras", "--force"], ("--epochs",)),
    ([*BASE, "--batch-size", "0", "--out", "m.keras"], ("--batch-size",)),
    ([*BASE, "--batch-size", "-1", "--out", "m.keras"], ("--batch-size",)),
    ([*BASE, "--seed", "-1", "--out", "m.keras"], ("--seed", "-1")),
    ([*BASE, "--seed", str(2**40), "--out", "m.keras"], ("--seed",)),
    ([*BASE, "--latent-dim", "0", "--out", "m.keras"], ("--latent-dim",)),
    ([*BASE, "--latent-dim", "-2", "--out", "m.keras"], ("--latent-dim",)),
    ([*BASE, "--image-size", "4", "--out", "m.keras"], ("--image-size",)),
    ([*BASE, "--image-size", "0", "--out", "m.keras"], ("--image-size",)),
    ([*BASE, "--samples", "3", "--out", "m.keras"], ("--samples",)),
    ([*BASE, "--samples", "0", "--out", "m.keras"], ("--samples",)),
    ([*BASE, "--samples", "100000000", "--out", "m.keras"], ("--samples", "exceeds", "1797")),
    (["vae", "--data", "rotating-glyph", "--samples", "361", "--out", "m.keras"], ("--samples",)),
    (["vae", "--data", "", "--out", "m.keras"], ("--data", "''")),
    (["vae", "--data", "   ", "--out", "m.keras"], ("--data",)),
    (["vae", "--data", "mnist", "--out", "m.keras"], ("--data", "'mnist'", "neither")),
    (["vae", "--data", "no/such/folder", "--out", "m.keras"], ("--data", "neither")),
    (["vae", "--data", "empty", "--out", "m.keras"], ("empty", "no image files")),
    (["vae", "--data", "plain", "--out", "m.keras"], ("plain", "not a folder")),
    (["vae", "--data", "escaping", "--out", "m.keras"], ("escaping", "symlink", "outside")),
    (["vae", "--data", "escaping-folder", "--out", "m.keras"], ("symlink", "outside")),
    (["classifier", "--data", "torus", "--out", "m.keras"], ("classifier", "labelled")),
    (["classifier", "--data", "one-class", "--out", "m.keras"], ("classifier", "2 classes")),
]


@pytest.mark.parametrize(("argv", "words"), CLI_CASES, ids=lambda v: " ".join(v)[:60])
def test_train_refuses_bad_input_before_any_work(
    workspace: Path, capsys: pytest.CaptureFixture[str], argv: list[str], words: tuple[str, ...]
) -> None:
    before = snapshot(workspace)
    status = main(["train", *argv])
    captured = capsys.readouterr()
    assert status == 2 and captured.out == ""
    assert captured.err.startswith("hottbridge train: error: ")
    assert "Traceback" not in captured.err
    for word in words:
        assert word in captured.err
    assert snapshot(workspace) == before


#: (argv after "train", the option argparse must name) — refused by the parser itself
PARSER_CASES = [
    (["vae", "--data", "digits", "--epochs", "ten", "--out", "m.keras"], "--epochs"),
    (["vae", "--data", "digits", "--seed", "1.5", "--out", "m.keras"], "--seed"),
    (["vae", "--data", "digits", "--strategy", "tpu", "--out", "m.keras"], "--strategy"),
    (["vae", "--data", "digits"], "--out"),
    (["gan", "--data", "digits", "--out", "m.keras"], "model"),
]


@pytest.mark.parametrize(("argv", "option"), PARSER_CASES)
def test_the_parser_refuses_malformed_options(
    workspace: Path, capsys: pytest.CaptureFixture[str], argv: list[str], option: str
) -> None:
    before = snapshot(workspace)
    with pytest.raises(SystemExit) as exit_info:
        main(["train", *argv])
    assert exit_info.value.code == 2
    assert option in capsys.readouterr().err
    assert snapshot(workspace) == before


# ------------------------------------------------------------------------ the Python API

HUGE = np.full((20, 2), 1e200)


def _vae(**kwargs: Any) -> Any:
    from learn.vae import VAE

    return VAE(**{"input_shape": (64,), "hidden": (8,), **kwargs})


#: (call, words the LearnError must contain)
CONSTRUCTOR_CASES: list[tuple[Callable[[], Any], tuple[str, ...]]] = [
    (lambda: _vae(hidden=(0,)), ("hidden", "0")),
    (lambda: _vae(hidden=(-4, 8)), ("hidden",)),
    (lambda: _vae(hidden=(2.5,)), ("hidden",)),
    (lambda: _vae(filters=(0,), input_shape=(8, 8)), ("filters",)),
    (lambda: _vae(latent_dim=True), ("latent_dim", "True")),
    (lambda: _vae(latent_dim=0), ("latent_dim",)),
    (lambda: _vae(latent_dim=2.0), ("latent_dim",)),
    (lambda: _vae(input_shape=(0,)), ("input_shape",)),
    (lambda: _vae(input_shape=None), ("input_shape",)),
    (lambda: _vae(input_shape=(2, 2, 2, 2)), ("input_shape",)),
    (lambda: _vae(architecture="rnn"), ("architecture",)),
    (lambda: _vae(architecture="conv"), ("architecture='conv'",)),
    (lambda: _vae(likelihood="poisson"), ("likelihood",)),
    (lambda: _vae(decoder_variance="learned"), ("decoder_variance",)),
    (lambda: _vae(variance=0.0), ("variance",)),
    (lambda: _vae(beta=-1.0), ("beta",)),
    (lambda: _vae(beta=float("nan")), ("beta",)),
    (lambda: _vae(latent="cauchy"), ("latent",)),
    (lambda: _vae(n_components=0), ("n_components",)),
    (lambda: _vae(kl_warmup_epochs=-1), ("kl_warmup_epochs",)),
    (lambda: _vae(seed=-1), ("seed", "-1")),
    (lambda: _vae(seed=2**40), ("seed",)),
    (lambda: _vae(seed="0"), ("seed",)),
    (lambda: _vae(regularizers=[1]), ("regularizers",)),
]


@pytest.mark.parametrize(("make", "words"), CONSTRUCTOR_CASES)
def test_model_constructors_refuse_bad_parameters(
    make: Callable[[], Any], words: tuple[str, ...]
) -> None:
    with pytest.raises(LearnError) as error:
        make()
    for word in words:
        assert word in str(error.value)


@pytest.fixture(scope="module")
def compiled_vae() -> Any:
    import keras

    model = _vae(seed=0)
    model.compile(optimizer=keras.optimizers.Adam(1e-3))
    return model


X = np.random.default_rng(0).random((10, 64)).astype("float32")

#: (fit or evaluate keyword arguments, words the LearnError must contain)
FIT_CASES: list[tuple[dict[str, Any], tuple[str, ...]]] = [
    ({"epochs": 0}, ("epochs",)),
    ({"epochs": -1}, ("epochs",)),
    ({"epochs": True}, ("epochs", "True")),
    ({"epochs": 2.5}, ("epochs",)),
    ({"epochs": 2, "initial_epoch": 2}, ("epochs=2", "initial_epoch=2")),
    ({"epochs": 1, "initial_epoch": -1}, ("initial_epoch",)),
    ({"batch_size": 0}, ("batch_size",)),
    ({"batch_size": -1}, ("batch_size",)),
    ({"batch_size": 2.5}, ("batch_size",)),
    ({"x": X.astype(float) * 1e200}, ("x", "magnitude")),
    ({"x": np.full((10, 64), 1e20)}, ("x", "magnitude", "rescale")),
    ({"x": np.where(np.eye(10, 64) > 0, np.nan, X)}, ("x", "non-finite")),
    ({"x": X[:, :32]}, ("x", "shape")),
    ({"x": X[:0]}, ("x", "empty")),
    ({"x": X, "y": np.zeros(10)}, ("unsupervised",)),
    ({"x": X * 2.0}, ("x", "[0, 1]")),
]


@pytest.mark.parametrize(("arguments", "words"), FIT_CASES)
def test_fit_refuses_bad_arguments_before_training(
    compiled_vae: Any, arguments: dict[str, Any], words: tuple[str, ...]
) -> None:
    before = [w.copy() for w in compiled_vae.get_weights()]
    arguments = {"x": X, "verbose": 0, **arguments}
    with pytest.raises(LearnError) as error:
        compiled_vae.fit(**arguments)
    for word in words:
        assert word in str(error.value)
    after = compiled_vae.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(before, after, strict=True))


def test_evaluate_and_encode_refuse_a_zero_batch_size(compiled_vae: Any) -> None:
    with pytest.raises(LearnError, match="batch_size"):
        compiled_vae.evaluate(X, batch_size=0, verbose=0)
    with pytest.raises(LearnError, match="batch_size"):
        compiled_vae.encode(X, batch_size=0)


def test_fit_before_compile_is_refused() -> None:
    with pytest.raises(LearnError, match="compile the VAE before fit"):
        _vae().fit(X, epochs=1, verbose=0)


def _metric(name: str) -> Callable[..., Any]:
    from learn import metrics

    return getattr(metrics, name)


def _index(metric: str = "euclidean", k: int = 2) -> Any:
    from learn.search import EmbeddingIndex

    return EmbeddingIndex(metric=metric, n_neighbors=k)


CIRCLE = np.c_[np.cos(np.linspace(0, 6, 20)), np.sin(np.linspace(0, 6, 20))]

#: (call, words the LearnError must contain): metrics, search, data and validation
API_CASES: list[tuple[Callable[[], Any], tuple[str, ...]]] = [
    (lambda: _index().fit(CIRCLE * 1e200), ("embeddings", "magnitude")),
    (lambda: _index("cosine").fit(CIRCLE * 1e200), ("embeddings", "magnitude")),
    (lambda: _index().fit(CIRCLE).query(CIRCLE * 1e200), ("queries", "magnitude")),
    (lambda: _index().fit(CIRCLE).query(CIRCLE, k=0), ("k",)),
    (lambda: _index().fit(CIRCLE).query(CIRCLE, k=21), ("k", "20")),
    (lambda: _index("manhattan").fit(CIRCLE), ("metric",)),
    (lambda: _index().fit(CIRCLE, labels=np.zeros(3)).evaluate(CIRCLE, np.zeros(20)), ("labels",)),
    (lambda: _metric("active_units")(HUGE), ("posterior_means", "magnitude")),
    (lambda: _metric("active_units")(CIRCLE, threshold=-1.0), ("threshold",)),
    (lambda: _metric("interpolation_smoothness")(lambda z: z, HUGE, HUGE), ("z_a", "magnitude")),
    (lambda: _metric("interpolation_smoothness")(lambda z: z, CIRCLE, CIRCLE, steps=2), ("steps",)),
    (lambda: as_float_array([[MAX_MAGNITUDE * 10]], "codes"), ("codes", "magnitude")),
    (lambda: as_float_array([["a"]], "codes"), ("codes", "numeric")),
    (lambda: load(""), ("''",)),
    (lambda: load(None), ("None",)),  # type: ignore[arg-type]
    (lambda: load("digits", image_size=0), ("image_size",)),
    (lambda: load("rotating-glyph", n=10**8), ("n=100000000", "pixels")),
    (lambda: load("torus", n=10**8, n_argument="--samples"), ("--samples", "pixels")),
    (lambda: rotating_glyph(10**8), ("n=100000000", "pixels")),
    (lambda: torus_images(10**5, 10**5), ("n1 * n2", "pixels")),
    (lambda: figure_eight_images(10**8), ("n_per_loop", "pixels")),
    (lambda: rotating_glyph(0), ("n",)),
]


@pytest.mark.parametrize(("call", "words"), API_CASES)
def test_learn_functions_refuse_bad_input(call: Callable[[], Any], words: tuple[str, ...]) -> None:
    with pytest.raises(LearnError) as error:
        call()
    for word in words:
        assert word in str(error.value)


# ----------------------------------------------------------------------- loading models


def _not_a_model(folder: Path) -> dict[str, Path]:
    """Files that are not loadable models, by what is wrong with them."""
    (folder / "text.keras").write_text("hello, I am text")
    with zipfile.ZipFile(folder / "junk.keras", "w") as archive:
        archive.writestr("notes.txt", "a zip, but no model inside")
    (folder / "model.h5").write_bytes(b"\x89HDF")
    (folder / "folder.keras").mkdir()
    return {
        "text": folder / "text.keras",
        "junk": folder / "junk.keras",
        "h5": folder / "model.h5",
        "folder": folder / "folder.keras",
        "missing": folder / "missing.keras",
    }


@pytest.mark.parametrize(
    ("which", "words"),
    [
        ("text", ("exists but is not a Keras model file", "zip archive")),
        ("junk", ("cannot load the model", "junk.keras")),
        ("h5", ("model.h5", "not a .keras file")),
        ("folder", ("is a folder",)),
        ("missing", ("does not exist",)),
    ],
)
def test_load_model_says_what_is_wrong_with_the_file(
    tmp_path: Path, which: str, words: tuple[str, ...]
) -> None:
    from learn import load_model

    path = _not_a_model(tmp_path)[which]
    with pytest.raises(LearnError) as error:
        load_model(path)
    for word in words:
        assert word in str(error.value)
    assert "File not found" not in str(error.value)


@pytest.mark.parametrize("path", [None, "", 3])
def test_load_model_refuses_what_is_not_a_path(path: Any) -> None:
    from learn import load_model

    with pytest.raises(LearnError, match="path must be the path of a .keras file"):
        load_model(path)


# ------------------------------------------------------------------------- distribution

DISTRIBUTE_CASES: list[tuple[Callable[[], Any], tuple[str, ...]]] = [
    (lambda: _distributed(lambda: _vae(), strategy="tpu"), ("strategy", "'tpu'")),
    (lambda: _distributed(_vae(), strategy="default"), ("make_model", "function")),
    (lambda: _distributed(lambda: "a model", strategy="default"), ("make_model", "str")),
]


def _distributed(make: Any, strategy: str) -> Any:
    from learn.distribute import build_distributed

    return build_distributed(make, strategy=strategy)


@pytest.mark.parametrize(("call", "words"), DISTRIBUTE_CASES)
def test_build_distributed_refuses_bad_arguments(
    call: Callable[[], Any], words: tuple[str, ...]
) -> None:
    with pytest.raises(LearnError) as error:
        call()
    for word in words:
        assert word in str(error.value)


def test_a_failure_after_training_leaves_the_old_model_and_no_new_file(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from learn import cli

    def failing(*args: Any) -> dict[str, Any]:
        raise LearnError("the held-out metrics failed")

    monkeypatch.setattr(cli, "held_out_metrics", failing)
    before = snapshot(workspace)
    status = main(
        ["train", "vae", "--data", "digits", "--samples", "32", "--epochs", "1", "--force",
         "--out", "old.keras"]
    )  # fmt: skip
    assert status == 2 and "the held-out metrics failed" in capsys.readouterr().err
    assert snapshot(workspace) == before  # old.keras as it was, no temporary file left

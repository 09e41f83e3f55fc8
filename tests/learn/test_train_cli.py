"""``hottbridge train``, run in-process on tiny data for one epoch."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import pytest

from hottbridge.cli import main
from hottbridge.errors import LearnError
from learn import cli, metrics
from learn.data import DATA_SETS, digits, load, save_image_folder


def train(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["train", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def summary_of(out: str) -> dict:
    """The JSON summary: the printed text from the line that opens it."""
    lines = out.splitlines()
    return json.loads("\n".join(lines[lines.index("{") :]))


@pytest.mark.slow
def test_train_a_vae_on_digits_saves_a_loadable_model_and_its_summary(capsys, tmp_path) -> None:
    import keras

    out = tmp_path / "models" / "vae.keras"
    status, printed, _ = train(
        capsys, "vae", "--data", "digits", "--samples", "64", "--epochs", "1",
        "--batch-size", "32", "--latent-dim", "3", "--out", str(out),
    )  # fmt: skip
    assert status == 0
    summary = json.loads(out.with_suffix(".json").read_text())
    assert summary == summary_of(printed)
    assert (summary["train_samples"], summary["held_out_samples"]) == (52, 12)
    assert summary["input_shape"] == [8, 8, 1] and summary["model"] == "vae"
    assert {"loss", "val_loss", "kl_loss"} <= set(summary["final_epoch"])
    held_out = summary["held_out"]
    assert held_out["latent_dim"] == 3 and 0 <= held_out["active_units"] <= 3
    assert held_out["elbo"] == pytest.approx(-(held_out["reconstruction"] + held_out["kl"]))
    assert held_out["interpolation_smoothness"] >= 0
    loaded = keras.saving.load_model(out)
    assert loaded.encode(digits()[0][:4]).shape == (4, 3)
    # the summary describes the saved model on the held-out fifth of the seeded subset
    images, labels = digits()
    held_out_images = cli.split(images, labels, 64, seed=0)[2]
    report = metrics.vae_report(loaded, held_out_images).to_dict()
    assert {key: held_out[key] for key in report} == pytest.approx(report, rel=1e-4)
    assert "loss" in printed.split("{")[0]  # Keras' progress bar came first


@pytest.mark.slow
def test_train_a_classifier_on_a_folder(capsys, tmp_path) -> None:
    images, labels = digits()
    keep = labels < 3
    save_image_folder(images[keep][:30], labels[keep][:30], tmp_path / "folder")
    out = tmp_path / "classifier.keras"
    status, printed, _ = train(
        capsys, "classifier", "--data", str(tmp_path / "folder"), "--image-size", "8",
        "--epochs", "1", "--latent-dim", "8", "--out", str(out),
    )  # fmt: skip
    assert status == 0
    held_out = summary_of(printed)["held_out"]
    assert 0.0 <= held_out["accuracy"] <= 1.0
    assert np.array(held_out["confusion"]).shape == (3, 3)
    assert np.array(held_out["confusion"]).sum() == 6
    # the accuracy is the saved model's on the held-out images, and the confusion agrees
    import keras

    folder = load(str(tmp_path / "folder"), image_size=8)
    _, _, x_test, y_test = cli.split(folder.images, folder.labels, None, seed=0)
    predicted = keras.saving.load_model(out).predict_classes(x_test)
    assert held_out["accuracy"] == pytest.approx(np.mean(predicted == y_test))
    assert np.trace(held_out["confusion"]) == np.sum(predicted == y_test)


@pytest.mark.slow
def test_train_simclr_on_unlabelled_glyphs(capsys, tmp_path) -> None:
    out = tmp_path / "simclr.keras"
    status, printed, _ = train(
        capsys, "simclr", "--data", "rotating-glyph", "--image-size", "8", "--samples", "20",
        "--epochs", "1", "--batch-size", "8", "--latent-dim", "4", "--out", str(out),
    )  # fmt: skip
    assert status == 0
    summary = summary_of(printed)
    assert summary["held_out"] == {} and summary["input_shape"] == [8, 8, 1]
    assert {"loss", "c_acc"} <= set(summary["final_epoch"]) and out.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["vae", "--data", "mnist", "--out", "m.keras"], "neither a data set"),
        (["vae", "--data", "no/such/folder", "--out", "m.keras"], "neither a data set"),
        (["vae", "--data", "digits", "--out", "m.h5"], "must end in .keras"),
        (["vae", "--data", "digits", "--epochs", "0", "--out", "m.keras"], "--epochs must be"),
        (["vae", "--data", "digits", "--batch-size", "-1", "--out", "m.keras"], "--batch-size"),
        (["vae", "--data", "digits", "--latent-dim", "0", "--out", "m.keras"], "--latent-dim"),
        (["vae", "--data", "digits", "--image-size", "4", "--out", "m.keras"], "--image-size"),
        (["vae", "--data", "digits", "--samples", "3", "--out", "m.keras"], "--samples must be"),
        (["classifier", "--data", "torus", "--out", "m.keras"], "needs labelled data"),
        (["vae", "--data", "empty", "--out", "m.keras"], "holds no image files"),
    ],
)
def test_bad_input_prints_an_error_and_exits_2(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    status, printed, error = train(capsys, *argv)
    assert status == 2 and printed == ""
    assert error.startswith("hottbridge train: error:") and message in error
    assert not (tmp_path / "m.keras").exists()


@pytest.mark.slow
def test_train_on_the_torus_uses_the_registrys_set(capsys, tmp_path) -> None:
    out = tmp_path / "torus.keras"
    status, printed, _ = train(
        capsys, "vae", "--data", "torus", "--image-size", "8", "--epochs", "1",
        "--batch-size", "64", "--out", str(out),
    )  # fmt: skip
    assert status == 0
    summary = summary_of(printed)
    assert summary["input_shape"] == [8, 8, 1]
    assert summary["train_samples"] + summary["held_out_samples"] == 24 * 24


def test_the_help_lists_every_named_data_set(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--help"])
    assert exit_info.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "{" + ",".join([*DATA_SETS, "FOLDER"]) + "}" in shown
    for name in DATA_SETS:
        assert f"{name}: " in shown


def test_an_unknown_data_set_is_refused_with_the_choices(capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, error = train(capsys, "vae", "--data", "mnist", "--out", "m.keras")
    assert status == 2
    assert ("--data 'mnist' is neither a data set (digits, rotating-glyph, torus, figure-eight) "
            "nor an existing folder of images") in error


def test_unknown_models_are_refused_by_the_parser(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "gan", "--data", "digits", "--out", "m.keras"])
    assert exit_info.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_run_raises_learn_errors_for_the_command_line_to_report(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    args = parser.parse_args(["vae", "--data", str(tmp_path / "missing"), "--out", "m.keras"])
    with pytest.raises(LearnError, match="missing"):
        cli.run(args)


def test_split_is_seeded_and_holds_out_a_fifth() -> None:
    x, y = np.arange(50)[:, None], np.arange(50) % 5
    first = cli.split(x, y, None, seed=1)
    again = cli.split(x, y, None, seed=1)
    other = cli.split(x, y, None, seed=2)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[0], other[0])
    assert (len(first[0]), len(first[2])) == (40, 10)
    assert sorted(np.concatenate([first[0], first[2]])[:, 0]) == list(range(50))
    np.testing.assert_array_equal(first[1], first[0][:, 0] % 5)
    assert len(cli.split(x, None, 20, seed=0)[0]) == 16

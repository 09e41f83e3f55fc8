"""`hottbridge discover` end to end, and `hottbridge check` rerunning it (--hit FILE --loops
FILE) or tracing a flat folder by discovery; one small trained model, the rest exact."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from hottbridge.cli import main
from learn.data import rotating_glyph, save_image_folder

SIZE = 8


@pytest.fixture(scope="module")
def shuffled_folder(tmp_path_factory):
    """A rotating glyph under shuffled file names (a flat folder: no loop layout)."""
    glyph = rotating_glyph(120, size=SIZE)
    order = np.random.default_rng(3).permutation(120)
    folder = tmp_path_factory.mktemp("glyph") / "shuffled"
    save_image_folder(glyph.images[order], None, folder)
    return str(folder)


def check(model: str, data: str, out, *extra: str) -> tuple[int, dict]:
    code = main(["check", "--model", model, "--data", data, "--out", str(out), "--landmarks",
                 "60", "--paths", "6", "--steps", "6", *extra])
    return code, json.loads((out / "report.json").read_text())


@pytest.mark.slow
def test_discover_then_check_reruns_the_realization(flat_model, shuffled_folder, tmp_path,
                                                    capsys) -> None:
    out = tmp_path / "found"
    code = main(["discover", "--model", flat_model, "--data", shuffled_folder, "--out",
                 str(out), "--landmarks", "60", "--resamples", "1", "--expect", "circle"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "recognised as the circle" in printed and "rerun in CI: hottbridge check" in printed
    assert "resamples" in printed  # the stability statement
    found = json.loads((out / "discovery.json").read_text())
    assert found["recognised"] == "circle" and found["round_trip"] is True
    code, report = check(flat_model, shuffled_folder, tmp_path / "rerun", "--hit",
                         str(out / "discovered.hott"), "--loops", str(out / "loops.json"))
    assert report["meta"]["loops"] == f"loops read from {out / 'loops.json'}"
    assert report["meta"]["realization"]["hit"] == "S1"
    assert abs(report["meta"]["realization"]["degree"]) == 1


@pytest.mark.slow
def test_check_traces_a_flat_folder_by_discovery_unless_told_names(flat_model, shuffled_folder,
                                                                    tmp_path) -> None:
    _, traced = check(flat_model, shuffled_folder, tmp_path / "traced", "--hit", "circle")
    assert traced["meta"]["loops"].startswith("loops traced by discovery")
    assert abs(traced["meta"]["realization"]["degree"]) == 1
    _, named = check(flat_model, shuffled_folder, tmp_path / "named", "--hit", "circle",
                     "--trace", "names")
    assert "loops" not in named["meta"]  # file-name order: a shuffled turn, not a generator
    assert named["meta"]["realization"].get("degree") != traced["meta"]["realization"]["degree"]


@pytest.mark.slow
def test_a_small_trained_model_runs_discover_and_its_rerun(tmp_path, capsys) -> None:
    from learn.autoencoder import Autoencoder

    glyph = rotating_glyph(120, size=8)
    model = Autoencoder((8, 8, 1), 4, hidden=(32,), likelihood="gaussian", seed=0)
    model.compile(optimizer="adam")
    model.fit(glyph.images, epochs=5, batch_size=32, verbose=0)
    path = tmp_path / "tiny.keras"
    model.save(path)
    out = tmp_path / "found"
    args = ["--model", str(path), "--data", "rotating-glyph", "--samples", "120",
            "--landmarks", "60"]
    code = main(["discover", *args, "--out", str(out), "--resamples", "0"])
    assert code in (0, 1), capsys.readouterr().err  # whatever it learned, no bad input
    hit = (out / "discovered.hott").read_text()
    assert hit.startswith("hit ")
    code = main(["check", *args, "--paths", "6", "--steps", "6", "--out", str(tmp_path / "c"),
                 "--hit", str(out / "discovered.hott"), "--loops", str(out / "loops.json")])
    assert code in (0, 1), capsys.readouterr().err


def test_bad_input_exits_2(tmp_path, flat_model, shuffled_folder, capsys) -> None:
    assert main(["discover", "--model", str(tmp_path / "none.keras"), "--data",
                 shuffled_folder]) == 2
    assert "no model file" in capsys.readouterr().err
    assert main(["discover", "--model", flat_model, "--data", shuffled_folder, "--landmarks",
                 "500", "--out", str(tmp_path / "o")]) == 2
    assert "at least as many samples as landmarks" in capsys.readouterr().err
    assert main(["check", "--model", flat_model, "--data", shuffled_folder, "--loops",
                 str(tmp_path / "l.json"), "--out", str(tmp_path / "p")]) == 2
    assert "--loops needs --hit" in capsys.readouterr().err

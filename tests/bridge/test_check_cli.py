"""The whole check run, its report, the .hott files and `hottbridge check` end to end."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from bridge.check import LoopSpec, run_check
from bridge.datasets import load_check_data
from bridge.laws import PATH_LAWS
from bridge.model import Codec
from bridge.report import REPORT_VERSION
from hott import load_hit
from hott.library import circle, figure_eight, torus
from hottbridge.cli import main
from hottbridge.errors import BridgeError, HottError, LearnError


@pytest.fixture(scope="module")
def glyph_model(tmp_path_factory):
    from learn.vae import VAE

    data = load_check_data("rotating-glyph", circle(), image_size=16, n=96, seed=0)
    vae = VAE(data.images.shape[1:], latent_dim=4, architecture="conv", filters=(8, 16), seed=0)
    vae.compile(optimizer="adam")
    vae.fit(data.images, epochs=8, batch_size=16, verbose=0)
    path = tmp_path_factory.mktemp("model") / "glyph.keras"
    vae.save(path)
    return vae, data, path


@pytest.mark.slow
def test_run_check_reports_every_law_and_the_realization(glyph_model, tmp_path) -> None:
    vae, data, _ = glyph_model
    report = run_check(Codec(vae), data.images, hit=circle(), loops=data.loops, n_paths=12,
                       steps=12, n_landmarks=60, opposite=data.opposite, seed=0, out=tmp_path)
    laws = {(r.law, r.details.get("interpolator")) for r in report.results}
    for name in ("endpoints", "composition", "units", "inverses", "associativity",
                 "region", "cycle_consistency", "continuity"):
        assert (name, "linear") in laws and (name, "data_geodesic") in laws
    assert list(PATH_LAWS) == [r.law for r in report.results[:len(PATH_LAWS)]]
    assert {"realization endpoints", "realization 2-cells", "functoriality",
            "realization on H1"} <= {r.law for r in report.results}
    assert all(r.measure for r in report.results)  # every value says what it measures
    # the known outcome: between opposite glyphs the straight line leaves the data region,
    # the data geodesic does not
    opposite = report.meta["opposite"]
    assert opposite["linear"]["in_region"] is False and opposite["linear"]["departures"] > 0
    assert opposite["data_geodesic"]["in_region"] is True
    saved = json.loads((tmp_path / "report.json").read_text())
    assert saved["version"] == REPORT_VERSION == 3 and saved["passed"] == report.passed
    assert [law["law"] for law in saved["laws"]] == [r.law for r in report.results]
    assert saved["meta"]["realization"]["induced_h1"]
    for figure in ("complex", "persistence", "strips"):
        # figure paths are relative to the report's folder
        assert saved["figures"][figure] == f"{figure}.png"
        assert (tmp_path / saved["figures"][figure]).stat().st_size > 0
    assert saved["meta"]["complex"]["stability"]["total"] == 15
    again = run_check(Codec(vae), data.images, hit=circle(), loops=data.loops, n_paths=12,
                      steps=12, n_landmarks=60, opposite=data.opposite, seed=0)
    assert [r.to_dict() for r in again.results] == [r.to_dict() for r in report.results]


@pytest.mark.slow
def test_cli_check_reports_the_known_outcomes_and_exits_1_on_a_failed_law(
        glyph_model, tmp_path, capsys) -> None:
    _, _, model = glyph_model
    out = tmp_path / "out"
    status = main(["check", "--model", str(model), "--data", "rotating-glyph", "--hit",
                   "circle", "--out", str(out), "--paths", "8", "--steps", "10",
                   "--landmarks", "60", "--samples", "96"])
    report = json.loads((out / "report.json").read_text())
    # between opposite glyphs the straight line leaves the data region, the geodesic does not
    opposite = report["meta"]["opposite"]
    assert opposite["linear"]["in_region"] is False
    assert opposite["data_geodesic"]["in_region"] is True
    region = {law["details"]["interpolator"]: law for law in report["laws"]
              if law["law"] == "region"}
    assert region["data_geodesic"]["status"] == "passed"
    assert region["linear"]["status"] == "failed"  # straight paths cross the circle's hole
    assert report["passed"] is False and status == 1
    printed = capsys.readouterr().out
    assert "path laws" in printed and "leaves the data region" in printed


def test_cli_check_bad_input_exits_2(tmp_path, capsys) -> None:
    assert main(["check", "--model", str(tmp_path / "missing.keras"), "--data",
                 "rotating-glyph"]) == 2
    assert "no model file" in capsys.readouterr().err


def test_generated_data_trace_their_hits() -> None:
    glyph = load_check_data("rotating-glyph", circle(), image_size=16, n=24)
    assert glyph.loops.paths["loop"][0] == glyph.loops.paths["loop"][-1] == glyph.loops.points[
        "base"]
    assert len(glyph.loops.paths["loop"]) == 25
    grid = load_check_data("torus", torus(), image_size=16, n=64)
    assert set(grid.loops.paths) == {"p", "q"}
    with pytest.raises(BridgeError, match="traces S1, not T2"):
        load_check_data("rotating-glyph", torus(), image_size=16, n=24)
    with pytest.raises(LearnError, match="--data 'no-such-folder' is neither a data set"):
        load_check_data("no-such-folder", None)
    eight = load_check_data("figure-eight", figure_eight(), image_size=8, n=10)
    base = eight.loops.points["base"]
    assert set(eight.loops.paths) == {"a", "b"} and len(eight.images) == 9
    assert all(path[0] == path[-1] == base and len(path) == 6
               for path in eight.loops.paths.values())
    assert load_check_data("digits", None).loops is None
    with pytest.raises(BridgeError, match="digits traces no HIT"):
        load_check_data("digits", circle())


def test_folder_traces_its_hit(tmp_path) -> None:
    from learn.data import rotating_glyph, save_image_folder

    images = rotating_glyph(12, size=16).images
    save_image_folder(images, None, tmp_path / "flat")
    flat = load_check_data(str(tmp_path / "flat"), circle(), image_size=16)
    assert flat.loops.paths["loop"] == [*range(12), 0]
    save_image_folder(images, np.zeros(12, dtype=int), tmp_path / "labelled", class_names=["p"])
    with pytest.raises(BridgeError, match="one subfolder per path constructor"):
        load_check_data(str(tmp_path / "labelled"), torus(), image_size=16)


def test_realization_needs_both_hit_and_loops() -> None:
    with pytest.raises(BridgeError, match="needs both"):
        run_check(object(), np.zeros((2, 2)), hit=circle())  # type: ignore[arg-type]
    assert LoopSpec({"base": 0}, {"loop": [0, 1, 0]}).points == {"base": 0}


def test_hott_files(tmp_path) -> None:
    """--hit FILE.hott[:NAME] reads hit declarations of the type theory (hott.load_hit)."""
    from bridge.cli import resolve_hit

    path = tmp_path / "shapes.hott"
    path.write_text("-- the torus and the 2-sphere\nhit T2 where\n  b : T2\n  p : b = b\n"
                    "  q : b = b\n  surf : p · q = q · p\n\nhit S2 where\n  base : S2\n"
                    "  surf2 : Id (base = base) refl refl\n", encoding="utf-8")
    assert resolve_hit(f"{path}:T2").betti_numbers() == torus().betti_numbers()
    assert load_hit(path, "S2").betti_numbers() == (1, 0, 1)
    with pytest.raises(HottError, match="declares 2 HITs: T2 .*:2:1.*, S2 .*:8:1"):
        resolve_hit(str(path))
    bad = tmp_path / "bad.hott"
    bad.write_text("hit X where\n  b : X\n  p : b = c\n", encoding="utf-8")
    with pytest.raises(HottError, match="bad.hott:3:11: unknown name"):
        resolve_hit(str(bad))
    with pytest.raises(BridgeError, match="FILE.hott"):
        resolve_hit("shapes.txt")
    # what discovery writes is what check --hit reads: the same cells, 2-cells included
    from bridge.discover_files import write_hit

    for hit in (circle(), torus(), figure_eight()):
        again = resolve_hit(str(write_hit(hit, tmp_path / "discovered.hott", "found")))
        assert (again.points, dict(again.paths)) == (hit.points, dict(hit.paths))
        assert [again.attaching_word(c).letters for c in again.cells(2)] == [
            hit.attaching_word(c).letters for c in hit.cells(2)]


@pytest.mark.slow
def test_a_trained_glyph_model_realizes_the_circle_with_degree_one_and_two() -> None:
    """The demo's claim on a smaller run: the loop through the rotating glyph's codes in angle
    order generates H1 of the data complex (±1), and going round twice gives ±2."""
    from bridge.laws import PathLaws
    from bridge.paths import LatentPath
    from bridge.realization import Realization
    from learn.vae import VAE

    data = load_check_data("rotating-glyph", circle(), n=360, seed=0)
    vae = VAE(data.images.shape[1:], latent_dim=8, architecture="conv", seed=0)
    vae.compile(optimizer="adam")
    vae.fit(data.images, epochs=20, batch_size=32, verbose=0)
    laws = PathLaws(Codec(vae), data.images, n_landmarks=200, seed=0)
    assert laws.complex.betti_numbers()[:2] == (1, 1)
    order = data.loops.paths["loop"]
    once = LatentPath(laws.codes[order])
    twice = LatentPath(laws.codes[order + order[1:]])
    base = {"base": laws.codes[order[0]]}
    assert abs(Realization(circle(), laws.complex, base, {"loop": once}).degree()) == 1
    assert abs(Realization(circle(), laws.complex, base, {"loop": twice}).degree()) == 2


def test_the_homology_check_accepts_a_generator_and_rejects_a_double_loop() -> None:
    from bridge.complex import DataComplex
    from bridge.paths import LatentPath
    from bridge.realization import Realization
    from learn.data import circle_cloud, wedge_cloud

    cloud = circle_cloud(400, seed=0)
    order = list(np.argsort(cloud.params[:, 0]))
    complex_ = DataComplex(n_landmarks=80, seed=0).fit(cloud.points)
    once = LatentPath(cloud.points[[*order, order[0]]])
    twice = LatentPath(cloud.points[[*order, *order, order[0]]])
    base = {"base": once.start}
    good = Realization(circle(), complex_, base, {"loop": once}).homology_check()
    # the row says isomorphism or not, with the matrix: no determinant in a distance column
    assert good.passed is True and good.value is None and good.tolerance is None
    assert good.where in ("induced map: isomorphism: induced map on H1 [[1]]",
                          "induced map: isomorphism: induced map on H1 [[-1]]")
    bad = Realization(circle(), complex_, base, {"loop": twice}).homology_check()
    assert bad.passed is False and bad.value is None
    assert bad.where.startswith("induced map: not an isomorphism: induced map on H1 [[")
    assert "not invertible over Z" in bad.where
    eight = wedge_cloud(600, seed=0)
    region = DataComplex(n_landmarks=100, seed=0).fit(eight.points)
    start = eight.points[0]
    circle_in_eight = Realization(circle(), region, {"base": start},
                                  {"loop": LatentPath(np.vstack([start, start + 1e-9]))})
    wrong_rank = circle_in_eight.homology_check()
    assert wrong_rank.passed is False and "rank 2" in wrong_rank.where


@pytest.mark.slow
def test_the_demo_finds_what_it_expects_on_a_tiny_run(tmp_path, capsys) -> None:
    from bridge.demo import EXPECTED

    out = tmp_path / "demo"
    status = main(["demo", "--images", "180", "--epochs", "12", "--paths", "12",
                   "--landmarks", "120", "--out", str(out)])
    printed = capsys.readouterr().out
    assert status == 0, printed[-3000:]
    # it states every expectation before training, then each is reported found
    assert printed.index("expected findings:") < printed.index("trained a conv VAE")
    assert printed.count("found: ") == len(EXPECTED) and "NOT FOUND" not in printed
    assert f"demo: all {len(EXPECTED)} expected findings found" in printed
    # exactly one line per epoch, not one per batch
    epochs = [line for line in printed.splitlines() if line.startswith("epoch ")]
    assert [line.split(":")[0] for line in epochs] == [f"epoch {i}/12" for i in range(1, 13)]
    assert "Epoch" not in printed and "/step" not in printed
    report = json.loads((out / "report.json").read_text())
    assert report["figures"]["complex"] == "complex.png" and (out / "complex.png").is_file()
    assert report["meta"]["complex"]["stable"] is True
    assert abs(report["meta"]["realization"]["degree"]) == 1


def test_the_demo_exits_1_with_the_reasons_when_a_finding_is_missing() -> None:
    from bridge.demo import findings
    from bridge.report import CheckReport

    report = CheckReport([], {"complex": {"betti": [1, 0, 0], "stable": True,
                                          "stability": {"statement": "Betti (1, 0, 0) ..."}},
                              "realization": {"statement": "no verdict: not a valid map"},
                              "opposite": {"linear": {"in_region": False, "statement": "leaves"},
                                           "data_geodesic": {"in_region": False,
                                                             "statement": "leaves at 3"}}})
    found = [f.found for f in findings(report)]
    assert found == [False, False, True, False, True]
    assert findings(report)[1].evidence == "no verdict: not a valid map"

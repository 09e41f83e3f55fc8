"""Bad input to the bridge, CLI and API: a typed error naming the culprit, before any work.

Each CLI case asserts exit status 2, the flag (or file) in the message and that ``--out`` is
exactly as it was (a snapshot of names and bytes). Tiny data, exact codecs, no training.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from bridge.complex import DataComplex, bounded_rips
from bridge.laws import PathLaws
from bridge.model import Codec
from bridge.paths import LatentPath
from bridge.realization import LoopSpec
from hott.library import circle
from hottbridge.cli import main
from hottbridge.errors import BridgeError, HottBridgeError

SIZE = 8


def snapshot(folder) -> dict[str, bytes | str]:
    """Every entry under ``folder``: file bytes, or the target of a symlink."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): (f"-> {os.readlink(p)}" if p.is_symlink() else
                                         p.read_bytes() if p.is_file() else "dir")
            for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def classifier_model(tmp_path_factory) -> str:
    """A saved classifier: an encoder but no decoder."""
    from learn.classifier import CNNClassifier

    model = CNNClassifier((SIZE, SIZE, 1), 3, filters=(4,), width=4)
    model(np.zeros((1, SIZE, SIZE, 1), np.float32))
    path = tmp_path_factory.mktemp("classifier") / "classifier.keras"
    model.save(path)
    return str(path)


def run_cli(argv: list[str], out, capsys) -> str:
    """Run ``argv``; assert status 2 and that ``out`` did not change; the error printed."""
    before = snapshot(out)
    status = main(argv)
    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err
    assert snapshot(out) == before
    return err


# ------------------------------------------------------------------ numeric flags, every command
CHECK_FLAGS = [("--paths", "0"), ("--paths", "-3"), ("--steps", "0"), ("--landmarks", "1"),
               ("--landmarks", "10000000"), ("--samples", "0"), ("--seed", "-1"),
               ("--seed", str(2**70)), ("--percentile", "0"), ("--percentile", "101"),
               ("--percentile", "nan")]
DISCOVER_FLAGS = [("--landmarks", "0"), ("--resamples", "-1"), ("--resamples", "1000"),
                  ("--samples", "0"), ("--seed", "-1")]
DEMO_FLAGS = [("--epochs", "0"), ("--epochs", "-5"), ("--latent-dim", "0"), ("--paths", "0"),
              ("--landmarks", "1"), ("--seed", "-1"), ("--image-size", "0")]


@pytest.mark.parametrize(("flag", "value"), CHECK_FLAGS, ids=[f"{f}={v}" for f, v in CHECK_FLAGS])
def test_check_numeric_flags(flat_model, tmp_path, capsys, flag, value) -> None:
    out = tmp_path / "out"
    err = run_cli(["check", "--model", flat_model, "--data", "rotating-glyph", "--out",
                   str(out), flag, value], out, capsys)
    assert flag in err


@pytest.mark.parametrize(("flag", "value"), DISCOVER_FLAGS,
                         ids=[f"{f}={v}" for f, v in DISCOVER_FLAGS])
def test_discover_numeric_flags(flat_model, tmp_path, capsys, flag, value) -> None:
    out = tmp_path / "out"
    err = run_cli(["discover", "--model", flat_model, "--data", "rotating-glyph", "--out",
                   str(out), flag, value], out, capsys)
    assert flag in err


@pytest.mark.parametrize(("flag", "value"), DEMO_FLAGS, ids=[f"{f}={v}" for f, v in DEMO_FLAGS])
def test_demo_numeric_flags(tmp_path, capsys, flag, value) -> None:
    out = tmp_path / "out"
    err = run_cli(["demo", "--out", str(out), flag, value], out, capsys)
    assert flag in err


@pytest.mark.parametrize("command", ["check", "discover"])
def test_samples_too_many_names_the_flag(flat_model, tmp_path, capsys, command) -> None:
    out = tmp_path / "out"
    err = run_cli([command, "--model", flat_model, "--data", "rotating-glyph", "--out",
                   str(out), "--samples", "100000000"], out, capsys)
    assert "--samples" in err and "pixels" in err


def test_demo_images_too_many_names_the_flag(tmp_path, capsys) -> None:
    out = tmp_path / "out"
    assert "--images" in run_cli(["demo", "--out", str(out), "--images", "100000000"], out,
                                 capsys)


# ------------------------------------------------------------------------- --out, before work
def used(out, name: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_text("an earlier run")


def symlinked(out, name: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    victim = out.parent / "victim.txt"
    victim.write_text("must stay")
    (out / name).symlink_to(victim)


def out_is_a_file(out, name: str) -> None:
    out.write_text("a file")


def out_is_a_symlink(out, name: str) -> None:
    real = out.parent / "real"
    real.mkdir()
    out.symlink_to(real)


def out_unwritable(out, name: str) -> None:
    """A folder without write permission (root writes there anyway: see ``_unwritable``)."""
    out.mkdir()
    out.chmod(0o500)


def _unwritable(out):
    """Where no file can be made: ``out`` for a user, under /proc for root (who may write in
    any folder of a normal file system; /proc refuses new files to everyone)."""
    return Path("/proc") / "hottbridge-test" / "out" if os.geteuid() == 0 else out


OUT_CASES = {
    "check": ("report.json", "complex.png"),
    "discover": ("discovery.json", "loops.json"),
    "demo": ("model.keras", "report.json"),
}
SETUPS = {"used": (used, "already exists"), "symlink": (symlinked, "symbolic link"),
          "file": (out_is_a_file, "not a folder"), "linked folder": (out_is_a_symlink,
                                                                     "symbolic link"),
          "unwritable": (out_unwritable, "cannot be written")}
OUT_PARAMS = [(command, setup, name) for command, names in OUT_CASES.items()
              for setup in SETUPS for name in (names if setup in ("used", "symlink") else
                                               names[:1])]


@pytest.mark.parametrize(("command", "setup", "name"), OUT_PARAMS,
                         ids=[f"{c}-{s}-{n}" for c, s, n in OUT_PARAMS])
def test_out_is_checked_before_any_work(flat_model, tmp_path, capsys, command, setup,
                                        name) -> None:
    out = tmp_path / "out"
    make, words = SETUPS[setup]
    make(out, name)
    if setup == "unwritable":
        out = _unwritable(out)
    victim = tmp_path / "victim.txt"
    argv = ["demo", "--out", str(out)] if command == "demo" else [
        command, "--model", flat_model, "--data", "rotating-glyph", "--out", str(out)]
    try:
        err = run_cli(argv, out, capsys)
    finally:
        if setup == "unwritable":
            (tmp_path / "out").chmod(0o700)
    assert "--out" in err and words in err
    if victim.exists():
        assert victim.read_text() == "must stay"


def test_force_still_refuses_a_symlink(flat_model, tmp_path, capsys) -> None:
    out = tmp_path / "out"
    symlinked(out, "report.json")
    err = run_cli(["check", "--model", flat_model, "--data", "rotating-glyph", "--out",
                   str(out), "--force"], out, capsys)
    assert "symbolic link" in err and (tmp_path / "victim.txt").read_text() == "must stay"


# ------------------------------------------------------------------------------ models (class 6)
def test_check_of_a_classifier_says_it_has_no_decoder(classifier_model, tmp_path,
                                                       capsys) -> None:
    out = tmp_path / "out"
    err = run_cli(["check", "--model", classifier_model, "--data", "rotating-glyph", "--out",
                   str(out)], out, capsys)
    assert "this model (CNNClassifier) has no decoder" in err and len(err) < 400


@pytest.mark.parametrize(("name", "content", "match"), [
    ("notes.keras", "text", "is not a Keras model file"),
    ("notes.txt", "text", "not a .keras file"),
    ("missing.keras", None, "no model file"),
    ("empty.keras", "", "is not a Keras model file"),
    ("archive.keras", "zip", "cannot load the model"),
])
def test_check_of_a_file_that_is_not_a_model(tmp_path, capsys, name, content, match) -> None:
    path = tmp_path / name
    if content == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "not a keras archive")
    elif content is not None:
        path.write_text(content)
    out = tmp_path / "out"
    err = run_cli(["check", "--model", str(path), "--data", "rotating-glyph", "--out",
                   str(out)], out, capsys)
    assert match in err and name in err


def exact(decode=lambda z: z) -> Codec:
    return Codec.from_functions(lambda x: x, decode, sample_shape=(2,), latent_dim=2)


def test_a_decoder_that_outputs_nan_is_named() -> None:
    codec = exact(lambda z: np.full_like(z, np.nan))
    with pytest.raises(BridgeError, match="the decoder's output is not finite"):
        codec.decode(np.zeros((3, 2)))


@pytest.mark.parametrize(("call", "match"), [
    (lambda: Codec(object()), "has no encoder"),
    (lambda: Codec.from_functions(1, 2, sample_shape=(2,), latent_dim=2), "two functions"),
    (lambda: Codec.load(""), "path must be"),
    (lambda: exact().encode(np.zeros((0, 2))), "empty"),
    (lambda: exact().encode(np.zeros((3, 5))), "shape"),
    (lambda: exact().encode(np.full((3, 2), np.inf)), "non-finite"),
    (lambda: exact().decode(np.zeros((3, 7))), "latent dimension"),
    (lambda: exact().decode_paths(np.zeros((3, 2))), "rank 3"),
], ids=["no encoder", "not functions", "empty path", "no samples", "wrong shape", "inf data",
        "wrong latent dim", "paths rank"])
def test_codec_api(call, match) -> None:
    with pytest.raises(BridgeError, match=match):
        call()


# ---------------------------------------------------------------------- the data complex (class 4)
def circle_codes(n: int = 60) -> np.ndarray:
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return np.c_[np.cos(angle), np.sin(angle)]


@pytest.mark.parametrize(("params", "match"), [
    ({"n_landmarks": 1}, "n_landmarks"), ({"n_landmarks": True}, "n_landmarks"),
    ({"scale": 0}, "scale"), ({"scale": float("inf")}, "scale"), ({"scale": "1"}, "scale"),
    ({"max_dimension": 4}, "max_dimension"), ({"seed": -1}, "seed"),
    ({"max_simplices": 0}, "max_simplices"), ({"max_simplices": 2.5}, "max_simplices"),
], ids=lambda v: str(v))
def test_data_complex_parameters(params, match) -> None:
    with pytest.raises(BridgeError, match=match):
        DataComplex(**params).fit(circle_codes())


@pytest.mark.parametrize(("codes", "match"), [
    (np.zeros((1, 2)), "at least 2"), (np.zeros(5), "rank 2"), ([["a", "b"]], "numeric"),
    (np.full((4, 2), np.nan), "non-finite"),
], ids=["one row", "rank 1", "strings", "nan"])
def test_data_complex_codes(codes, match) -> None:
    with pytest.raises(BridgeError, match=match):
        DataComplex().fit(codes)


@pytest.mark.parametrize("scale", [None, 3.0], ids=["chosen scale", "given scale"])
def test_unstructured_codes_past_the_budget_are_refused_saying_what_to_change(scale) -> None:
    codes = np.random.default_rng(0).normal(size=(80, 6))
    with pytest.raises(BridgeError) as caught:
        DataComplex(n_landmarks=60, scale=scale, max_simplices=2_000).fit(codes)
    message = str(caught.value)
    assert "more than 2000 simplices" in message and "max_simplices" in message
    assert "fewer landmarks" in message and "--landmarks" in message


def test_the_budget_is_exact_and_the_bounded_complex_is_the_whole_one() -> None:
    import gudhi

    landmarks = np.random.default_rng(1).normal(size=(40, 5))
    whole = gudhi.RipsComplex(points=landmarks, max_edge_length=2.5).create_simplex_tree(
        max_dimension=3)
    size = whole.num_simplices()
    assert size > 2 * 40  # triangles and tetrahedra are counted, not only edges
    built = bounded_rips(landmarks, 2.5, 3, size)  # the budget is met exactly: built
    assert sorted(map(tuple, (s for s, _ in built.get_simplices()))) == sorted(
        map(tuple, (s for s, _ in whole.get_simplices())))
    with pytest.raises(BridgeError, match=f"more than {size - 1} simplices"):
        bounded_rips(landmarks, 2.5, 3, size - 1)
    with pytest.raises(BridgeError, match="more than 50 simplices"):  # edges alone exceed it
        bounded_rips(landmarks, 2.5, 3, 50)


def test_a_structured_cloud_fits_well_within_the_default_budget() -> None:
    complex_ = DataComplex(n_landmarks=40).fit(circle_codes(120))
    assert complex_.betti_numbers()[:2] == (1, 1)


# ------------------------------------------------------------------ laws, loops, realization, paths
@pytest.mark.parametrize(("call", "match"), [
    (lambda: PathLaws(exact(), circle_codes(), percentile=0), "percentile"),
    (lambda: PathLaws(exact(), circle_codes(), percentile=100), "percentile"),
    (lambda: PathLaws(exact(), circle_codes(), alpha=1), "alpha"),
    (lambda: PathLaws(object(), circle_codes()), "has no encoder"),
    (lambda: PathLaws(exact(), np.zeros((5, 3))), "shape"),
    (lambda: LatentPath(np.zeros((3,))), "rank"),
    (lambda: LatentPath([[0.0, np.nan], [0.0, 0.0]]), "non-finite"),
    (lambda: LoopSpec({"base": 0}, {"loop": [0]}).realize(
        circle(), circle_codes(), DataComplex(n_landmarks=30).fit(circle_codes())),
     "at least two samples"),
], ids=["percentile 0", "percentile 100", "alpha 1", "no codec", "data shape",
        "path rank", "path nan", "loop of one sample"])
def test_api_entry_points(call, match) -> None:
    with pytest.raises(HottBridgeError, match=match):
        call()


def test_geometry_entry_point_names_the_codes() -> None:
    from bridge.geometry.metric import pullback_metric

    with pytest.raises(BridgeError, match="latent"):
        pullback_metric(exact(), np.zeros((3, 5)))

"""The ground every package stands on: the command line, the error hierarchy, import costs."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import pytest

from hottbridge import BridgeError, HottBridgeError, HottError, LearnError, SourceSpan, __version__
from hottbridge.cli import SUBCOMMANDS, build_parser, chosen_command, main
from hottbridge.files import atomic_outputs, check_output, write_text_atomic


def test_error_hierarchy() -> None:
    for error in (HottError, LearnError, BridgeError):
        assert issubclass(error, HottBridgeError)
    assert not issubclass(LearnError, HottError)


def test_hott_error_shows_the_source_span() -> None:
    error = HottError("bad token", SourceSpan(1, 3, 2, source="p xx q"))
    text = str(error)
    assert "line 1, column 3" in text
    assert "p xx q" in text
    assert "  ^^" in text


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out
    assert main([]) == 0
    listed = capsys.readouterr().out
    for name in SUBCOMMANDS:
        assert name in listed


def test_bad_input_exits_2_with_a_message_and_no_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["hits", "no-such-hit"]) == 2
    err = capsys.readouterr().err
    assert "no library HIT named 'no-such-hit'" in err
    assert "Traceback" not in err


def test_unknown_subcommand_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["no-such-command"])
    assert exit_info.value.code == 2


def test_console_script_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hottbridge.cli", "hits", "circle"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "loop base ~> base" in done.stdout


@pytest.mark.parametrize(
    ("argv", "command"),
    [([], None), (["--help"], None), (["--version"], None), (["hits"], "hits"),
     (["train", "vae", "--data", "digits"], "train"), (["-h", "check"], "check"),
     (["no-such-command", "x"], "no-such-command")],
)
def test_the_subcommand_is_the_first_positional_word(argv: list[str], command: str | None) -> None:
    assert chosen_command(argv) == command


def test_only_the_chosen_subcommand_gets_its_arguments() -> None:
    assert build_parser("hits").parse_args(["hits", "circle"]).name == "circle"
    with pytest.raises(SystemExit):  # the hits subparser knows no arguments unless chosen
        build_parser("train").parse_args(["hits", "circle"])


def test_subcommands_come_from_argv_and_sys_argv_is_left_alone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "argv", ["hottbridge", "train", "vae"])
    assert main(["hits", "circle"]) == 0
    assert "loop base ~> base" in capsys.readouterr().out
    assert sys.argv == ["hottbridge", "train", "vae"]


def test_the_demo_keeps_its_flags(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--help"])
    assert exit_info.value.code == 0
    shown = capsys.readouterr().out
    for flag in ("--seed", "--images", "--epochs", "--latent-dim", "--out"):
        assert flag in shown


def modules_loaded_after(code: str, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport sys\nprint(sorted(m for m in {modules!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


def test_help_and_a_formal_subcommand_import_no_other_subcommand() -> None:
    code = ("import hottbridge.cli as cli\ncli.main(['hits'])\n"
            "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass")
    loaded = modules_loaded_after(code, ("hott.cli", "learn.cli", "bridge.cli", "bridge.demo",
                                         "learn.data", "tensorflow", "keras"))
    assert loaded == ["hott.cli"]


def test_formal_side_does_not_import_tensorflow() -> None:
    code = "import hott, hott.library, hott.strategies, hottbridge.cli\nhott.library.torus().homology()"
    assert modules_loaded_after(code, ("tensorflow", "keras")) == []


def test_all_three_packages_import() -> None:
    done = subprocess.run([sys.executable, "-c", "import hott, learn, bridge"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_learn_its_command_line_and_the_files_helper_import_no_tensorflow() -> None:
    code = ("import learn, learn.cli, learn.distribute, hottbridge.files, hottbridge.cli as cli\n"
            "try:\n    cli.main(['train', '--help'])\nexcept SystemExit:\n    pass")
    assert modules_loaded_after(code, ("tensorflow", "keras")) == []


# ------------------------------------------------------------- hottbridge.files


def test_check_output_accepts_a_new_file_in_a_new_folder_and_creates_nothing(tmp_path) -> None:
    target = tmp_path / "new" / "deeper" / "m.keras"
    assert check_output(target, "--out") == target
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("make", "force", "words"),
    [
        (lambda p: p.write_text("old"), False, "already exists; pass --force"),
        (lambda p: p.mkdir(), True, "is a folder"),
        (lambda p: p.symlink_to(p.parent / "elsewhere"), True, "symbolic link"),
        (lambda p: p.parent.joinpath("blocker").write_text("x"), False, "is not a folder"),
    ],
)
def test_check_output_refuses_unsafe_targets(tmp_path, make, force, words) -> None:
    target = tmp_path / "out.txt"
    make(target)
    path = tmp_path / "blocker" / "out.txt" if words == "is not a folder" else target
    with pytest.raises(LearnError, match=words):
        check_output(path, "--out", force=force, error=LearnError)


def test_check_output_refuses_a_place_it_cannot_write_and_non_paths() -> None:
    with pytest.raises(HottBridgeError, match="--out '/proc/x/y.txt' cannot be written"):
        check_output("/proc/x/y.txt", "--out")
    for bad in (None, "", 3):
        with pytest.raises(HottBridgeError, match="--report must be a file path"):
            check_output(bad, "--report")


def test_check_output_with_force_accepts_an_existing_file(tmp_path) -> None:
    (tmp_path / "old.txt").write_text("old")
    assert check_output(tmp_path / "old.txt", "--out", force=True) == tmp_path / "old.txt"


def test_atomic_outputs_replace_every_target_only_when_all_are_written(tmp_path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "sub" / "b.txt"
    first.write_text("old")
    with pytest.raises(RuntimeError), atomic_outputs([first, second]) as (a, b):
        a.write_text("new a")
        assert a.parent == first.parent and a.suffix == ".json"
        raise RuntimeError("a later step fails")
    assert first.read_text() == "old" and not second.exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.json", "sub"]
    with atomic_outputs([first, second]) as (a, b):
        a.write_text("new a")
        b.write_text("new b")
        assert first.read_text() == "old"  # nothing replaced before the block ends
    assert (first.read_text(), second.read_text()) == ("new a", "new b")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.json", "b.txt", "sub"]
    assert oct(first.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def test_atomic_outputs_replace_a_symlink_itself_never_its_target(tmp_path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("must survive")
    link = tmp_path / "report.txt"
    link.symlink_to(victim)
    write_text_atomic(link, "the report")
    assert victim.read_text() == "must survive"
    assert not link.is_symlink() and link.read_text() == "the report"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

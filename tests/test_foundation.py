"""The ground every package stands on: the command line, the error hierarchy, import costs."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from hottbridge import BridgeError, HottBridgeError, HottError, LearnError, SourceSpan, __version__
from hottbridge.cli import SUBCOMMANDS, build_parser, chosen_command, main


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

"""``hottbridge typecheck``: a line per global, errors at file:line:col, exit 2, no traceback.

The output format is tested with ``_FakeChecker`` standing in for the kernel (it parses with the
real parser and "checks" every definition), so that these tests fail only for the command line's
own faults; the last tests run the real ``hott.lang.check_file`` end to end.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import pytest

from hott.lang import Entry, cli
from hott.lang import presyntax as ps
from hott.lang.errors import ErrorKind, LangError
from hott.lang.parser import parse
from hott.lang.printer import render
from hottbridge.errors import SourceSpan

GOOD = """def id {A : Type} (x : A) : A := x
def swap (A B : Type) : A * B -> B * A := fun p => (p.2, p.1)
def ext : Unit := funext
"""


@dataclass(frozen=True)
class _Module:
    entries: tuple[Entry, ...]


class _FakeChecker:
    """Stands in for the kernel: every def "checks"; a def mentioning ``funext`` uses it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, bool]] = []

    def __call__(self, path: str, *, prelude: bool = True) -> _Module:
        self.calls.append((path, prelude))
        program = parse(Path(path).read_text(encoding="utf-8"), path)
        return _Module(tuple(
            Entry(d.name, "def", render(d.type),
                  ("funext",) if "funext" in render(d.body) else ())
            for d in program.decls if isinstance(d, ps.Def)))


@pytest.fixture
def checker(monkeypatch) -> _FakeChecker:
    fake = _FakeChecker()
    monkeypatch.setattr(cli, "check_file", fake)
    return fake


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="hottbridge typecheck")
    cli.add_arguments(parser)
    return cli.run(parser.parse_args(list(argv)))


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def test_one_line_per_definition(tmp_path, checker, capsys) -> None:
    path = write(tmp_path, "good.hott", GOOD)
    assert run(path) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["id : A", "swap : A * B -> B * A", "ext : Unit"]
    assert err == ""
    assert checker.calls == [(path, True)]


def test_axioms_are_listed_under_each_definition(tmp_path, checker, capsys) -> None:
    path = write(tmp_path, "good.hott", GOOD)
    assert run("--axioms", "--no-prelude", path) == 0
    assert capsys.readouterr().out.splitlines() == [
        "id : A", "    uses no axioms", "swap : A * B -> B * A", "    uses no axioms",
        "ext : Unit", "    uses axioms: funext"]
    assert checker.calls == [(path, False)]


def test_a_parse_error_is_file_line_col_and_exit_2(tmp_path, checker, capsys) -> None:
    path = write(tmp_path, "bad.hott", "def id (x : A) : A :=\n  (x")
    assert run(path) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{path}:2:5: parse error: unexpected end of the text")
    assert "Traceback" not in err


def test_a_type_error_shows_expected_inferred_and_context(tmp_path, monkeypatch, capsys) -> None:
    def failing(path: str, *, prelude: bool = True) -> _Module:
        raise LangError(ErrorKind.MISMATCH, "the body does not have the declared type",
                        SourceSpan(1, 1, 3), expected="B",
                        inferred="A", context=[("x", "A")], path=path)

    monkeypatch.setattr(cli, "check_file", failing)
    path = write(tmp_path, "wrong.hott", "def f (x : A) : B := x\n")
    assert run(path) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:1:1: type mismatch: the body does not have the declared type")
    assert "  expected: B\n  inferred: A\n  in context:\n    x : A" in err


def test_every_file_is_checked_and_any_failure_exits_2(tmp_path, checker, capsys) -> None:
    bad = write(tmp_path, "bad.hott", "def : A := x\n")
    good = write(tmp_path, "good.hott", "def id (A : Type) (x : A) : A := x\n")
    assert run(bad, good) == 2
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"-- {bad}", "", f"-- {good}", "id : A"]
    assert err.startswith(f"{bad}:1:5: parse error: unexpected ':'")


@pytest.mark.parametrize(("content", "reason"), [
    (None, "No such file or directory"),
    (b"def x : A := \xff\n", "not UTF-8"),
    ("dir", "Is a directory"),
])
def test_unreadable_files_are_named_and_exit_2(tmp_path, capsys, content, reason) -> None:
    if content is None:
        path = str(tmp_path / "missing.hott")
    elif content == "dir":
        path = str(tmp_path)
    else:
        path = write(tmp_path, "latin1.hott", content)
    assert run(path) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"{path}: ") and reason in err
    assert path in err.split(": ", 1)[1]  # the message names the file too


def test_the_real_checker_through_the_command_line(tmp_path, capsys) -> None:
    path = write(tmp_path, "id.hott", "def id {A : Type} (x : A) : A := x\n")
    assert run("--no-prelude", "--axioms", path) == 0
    assert capsys.readouterr().out.splitlines() == ["id : {A : Type} -> (x : A) -> A",
                                                    "    uses no axioms"]
    bad = write(tmp_path, "bad.hott", "def f (x : Type) : x := Type\n")
    assert run("--no-prelude", bad) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{bad}:1:") and "Traceback" not in err

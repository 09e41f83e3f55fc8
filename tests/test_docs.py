"""Every ```python block in README.md and docs/*.md runs, in order, one namespace per file."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(page: Path) -> list[str]:
    return BLOCK.findall(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_examples_run(page: Path, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for number, block in enumerate(python_blocks(page), start=1):
        code = compile(block, f"{page.name} block {number}", "exec")
        exec(code, namespace)  # noqa: S102 - the documentation's own examples


FENCE = re.compile(r"^```[a-z]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
INLINE = re.compile(r"`(hottbridge [^`]+)`")
#: a synopsis, not a command: choices, optional parts, elisions, placeholders in capitals
SYNOPSIS = re.compile(r"[\[{…]|\.\.\.|--[a-z-]+$")


def command_lines() -> list[tuple[str, str]]:
    """Every ``hottbridge ...`` command written in README.md or docs/*.md — a line of a code
    block (comments after ``#`` dropped) or inline code — except synopses."""
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        lines = [line.split("#")[0].strip().removeprefix("$ ")
                 for block in FENCE.findall(text) for line in block.splitlines()]
        for line in lines + [" ".join(span.split()) for span in INLINE.findall(text)]:
            if line.startswith("hottbridge ") and not SYNOPSIS.search(line):
                found.append((page.name, line))
    return found


@pytest.mark.parametrize(("page", "line"), command_lines(), ids=lambda v: v)
def test_command_lines_in_the_docs_parse(page: str, line: str, capsys) -> None:
    """A command the docs tell a reader to run names flags and choices the command line has
    (parsed only: nothing is run). A mention that leaves out required flags (``hottbridge
    check --hit FILE.hott``) passes; an unknown flag, a bad choice or a missing value fails."""
    import shlex

    from hottbridge.cli import build_parser, chosen_command

    argv = shlex.split(line)[1:]
    parser = build_parser(chosen_command(argv))
    for action in parser._actions:  # a mention may leave out required flags, not misspell one
        if isinstance(action, argparse._SubParsersAction):
            for option in (o for sub in action.choices.values() for o in sub._actions):
                option.required = option.required and not option.option_strings
    try:
        parser.parse_args(argv)
    except SystemExit:
        error = capsys.readouterr().err
        assert "the following arguments are required" in error, error  # a bare mention

"""The documentation holds: every ```python block in README.md and docs/*.md runs, in order,
one namespace per file; every command line it shows parses; its .hott excerpts check."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def fenced_blocks(page: Path) -> list[tuple[str, str]]:
    """The page's fenced code blocks as (language, text); the language is "" when none is
    given."""
    blocks: list[tuple[str, str]] = []
    language, lines = "", None
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):  # a fence opens (with its language) or closes
            if lines is None:
                language, lines = line[3:].strip(), []
            else:
                blocks.append((language, "\n".join(lines) + "\n"))
                lines = None
        elif lines is not None:
            lines.append(line)
    return blocks


def python_blocks(page: Path) -> list[str]:
    return [text for language, text in fenced_blocks(page) if language == "python"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_examples_run(page: Path, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for number, block in enumerate(python_blocks(page), start=1):
        code = compile(block, f"{page.name} block {number}", "exec")
        exec(code, namespace)  # noqa: S102 - the documentation's own examples


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
                 for _, block in fenced_blocks(page) for line in block.splitlines()]
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


PRELUDE = ROOT / "hott" / "lang" / "prelude.hott"
DECLARATION = re.compile(r"(hit|def|data|axiom) ")


def hott_blocks() -> list[str]:
    """The plain code blocks of docs/hott-lang.md that are .hott text (their first line that
    is not a comment declares something)."""
    return [text for language, text in fenced_blocks(ROOT / "docs" / "hott-lang.md")
            if not language and DECLARATION.match(next(
                (line for line in text.splitlines() if not line.startswith("--")), ""))]


@pytest.mark.parametrize("block", hott_blocks(), ids=lambda b: b.splitlines()[0])
def test_hott_text_in_the_docs_checks(block: str) -> None:
    """Each .hott excerpt of docs/hott-lang.md is the prelude's own text, line for line (as
    the page says: "the prelude declares the circle this way"), or type-checks on its own."""
    from hott.lang import check_text

    prelude = {line.strip() for line in PRELUDE.read_text(encoding="utf-8").splitlines()}
    lines = [line.strip() for line in block.splitlines()
             if line.strip() and not line.strip().startswith("--")]
    if not all(line in prelude for line in lines):
        check_text(block, prelude=False)

"""``hottbridge typecheck FILE...``: check ``.hott`` files; one line per definition, or the error.

Each file is read as UTF-8 and checked by :func:`hott.lang.check_file` (with the prelude unless
``--no-prelude``). For every checked definition a line ``name : type`` is printed; with
``--axioms`` an indented line below it names the axioms the definition depends on. The first
error in a file is printed to stderr as ``file:line:col: kind: message`` with the expected and
inferred types and the local context, and the exit status is 2; later files are still checked.

The module returned by ``check_file`` is read through ``definitions`` (in order), each with
``name``, ``type`` (a presyntax term, printed here) and ``axioms`` (names).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hott.lang.errors import LangError
from hott.lang.printer import render


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help=".hott files to check")
    parser.add_argument("--no-prelude", action="store_true",
                        help="check without the prelude (paths, S1, Susp, funext, ua, ...)")
    parser.add_argument("--axioms", action="store_true",
                        help="list, under each definition, the axioms it depends on")


def run(args: argparse.Namespace) -> int:
    """Check every file; 0 if all check, 2 if any cannot be read or does not check."""
    status = 0
    for index, name in enumerate(args.files):
        if len(args.files) > 1:
            print(("\n" if index else "") + f"-- {name}")
        if not check_one(name, prelude=not args.no_prelude, axioms=args.axioms):
            status = 2
    return status


def check_one(name: str, *, prelude: bool, axioms: bool) -> bool:
    """Check one file, printing its definitions or its error; whether it checked."""
    from hott.lang import check_file

    problem = unreadable(name)
    if problem is not None:
        print(f"{name}: cannot read this file: {problem}", file=sys.stderr)
        return False
    try:
        module = check_file(name, prelude=prelude)
    except LangError as error:
        error.path = error.path or name  # every message starts with file:line:col
        print(error.render(), file=sys.stderr)
        return False
    except RecursionError:
        print(f"{name}: limit exceeded: terms nested too deeply for the checker", file=sys.stderr)
        return False
    for definition in module.definitions:
        print(f"{definition.name} : {render(definition.type)}")
        if axioms:
            used = ", ".join(definition.axioms)
            print(f"    uses axioms: {used}" if used else "    uses no axioms")
    return True


def unreadable(name: str) -> str | None:
    """Why the file ``name`` cannot be read as UTF-8 text, or None if it can."""
    path = Path(name)
    if not path.exists():
        return "no such file"
    if path.is_dir():
        return "it is a directory"
    try:
        path.read_bytes().decode("utf-8")
    except OSError as error:
        return error.strerror or type(error).__name__
    except UnicodeDecodeError as error:
        return f"not UTF-8 (byte 0x{error.object[error.start]:02x} at offset {error.start})"
    return None

"""``hottbridge typecheck FILE...``: check ``.hott`` files; one line per definition, or the error.

Each file is checked by :func:`hott.lang.check_file` (with the prelude unless ``--no-prelude``).
For every global the file declares (definitions, axioms, types, constructors, eliminators) a
line ``name : type`` is printed; with ``--axioms`` an indented line below it names the axioms it
depends on. The first error in a file (unreadable, not UTF-8, parse or type error) is printed to
stderr as ``file:line:col: kind: message`` with the expected and inferred types and the local
context, and the exit status is 2; later files are still checked.
"""

from __future__ import annotations

import argparse
import sys

from hott.lang import check_file
from hott.lang.errors import LangError


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
    """Check one file, printing its entries or its error; whether it checked."""
    try:
        module = check_file(name, prelude=prelude)
    except LangError as error:
        print(error.render(), file=sys.stderr)
        return False
    for entry in module.entries:
        print(f"{entry.name} : {entry.type}")
        if axioms:
            used = ", ".join(entry.axioms)
            print(f"    uses axioms: {used}" if used else "    uses no axioms")
    return True

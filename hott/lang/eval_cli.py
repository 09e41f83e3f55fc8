"""``hottbridge eval FILE NAME...``: evaluate definitions of a ``.hott`` file in the model.

The file is checked (with the prelude unless ``--no-prelude``); each NAME's value in the groupoid
model of cell complexes is printed as ``NAME = value`` (numbers, booleans, paths as reduced
words, families and maps as their tables). ``--term TEXT`` evaluates a closed term instead. A
term outside the model, like any other error, is printed as ``file:line:col: kind: message``
and the exit status is 2.
"""

from __future__ import annotations

import argparse
import sys

from hott.lang import check_file
from hott.lang.errors import LangError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE, the NAMEs to evaluate, ``--term`` and ``--no-prelude``."""
    parser.add_argument("file", metavar="FILE", help="a .hott file")
    parser.add_argument("names", nargs="*", metavar="NAME", help="definitions to evaluate")
    parser.add_argument("--term", action="append", default=[], metavar="TEXT",
                        help="a closed term to evaluate (repeatable)")
    parser.add_argument("--no-prelude", action="store_true", help="check without the prelude")


def run(args: argparse.Namespace) -> int:
    """Print each value; 0 on success, 2 on the first error."""
    from hott.lang.model import evaluate, evaluate_term, render

    if not args.names and not args.term:
        print("hottbridge eval: give a NAME or --term TEXT to evaluate", file=sys.stderr)
        return 2
    try:
        module = check_file(args.file, prelude=not args.no_prelude)
        for name in args.names:
            print(f"{name} = {render(evaluate(module, name))}")
        for text in args.term:
            print(f"{text} = {render(evaluate_term(module, text))}")
    except LangError as error:
        print(error.render(), file=sys.stderr)
        return 2
    return 0

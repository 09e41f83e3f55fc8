"""The ``hottbridge`` command line: one entry point, one subcommand per capability.

Subcommands live beside the code they drive and are imported only when chosen, so that
``hottbridge --help`` and the formal subcommands never load TensorFlow. A subcommand module
provides ``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from hottbridge._version import __version__
from hottbridge.errors import HottBridgeError

#: name -> (module that implements it, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "hits": ("hott.cli", "table of the library's higher inductive types and their invariants"),
    "train": ("learn.cli", "train a model on a data set and save it as a .keras file"),
    "check": ("bridge.cli", "check a model's latent paths against the path laws; report"),
    "demo": ("hottbridge.demo", "the main job: train a VAE on a glyph, realize the circle, check"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hottbridge",
        description="Higher inductive types as presented cell complexes, and HoTT path laws "
        "checked in learned latent spaces.",
    )
    parser.add_argument("--version", action="version", version=f"hottbridge {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in SUBCOMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        sub_parser.set_defaults(_module=module)
        if name in sys.argv[1:2]:  # only the chosen subcommand's module is imported
            importlib.import_module(module).add_arguments(sub_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for bad input, with a message)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up chatter
    saved = sys.argv
    sys.argv = [saved[0], *argv]
    try:
        args = build_parser().parse_args(argv)
    finally:
        sys.argv = saved
    if args.command is None:
        build_parser().print_help()
        return 0
    try:
        return int(importlib.import_module(args._module).run(args))
    except HottBridgeError as error:
        print(f"hottbridge {args.command}: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

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
    "typecheck": ("hott.lang.cli", "type-check .hott files of the type theory"),
    "eval": ("hott.lang.eval_cli", "evaluate definitions of a .hott file in the cell model"),
    "train": ("learn.cli", "train a model on a data set and save it as a .keras file"),
    "check": ("bridge.cli", "check a model's latent paths against the path laws; report"),
    "demo": ("bridge.demo", "the main job: train a VAE on a glyph, realize the circle, check"),
    "discover": ("bridge.discover_cli", "find the shape a latent space realizes: loops, HIT, check"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser. Only ``command``'s module (if it is a subcommand) is imported,
    to add that subcommand's arguments; the others are listed by name and help alone."""
    parser = argparse.ArgumentParser(
        prog="hottbridge",
        description="Higher inductive types as presented cell complexes, and HoTT path laws "
        "checked in learned latent spaces.",
    )
    parser.add_argument("--version", action="version", version=f"hottbridge {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in SUBCOMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        if name == command:
            importlib.import_module(module).add_arguments(sub_parser)
    return parser


def chosen_command(argv: Sequence[str]) -> str | None:
    """The first positional word of ``argv`` (the subcommand, if any), found without knowing any
    subcommand's options."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("command", nargs="?")
    return pre.parse_known_args(argv)[0].command


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for bad input, with a message)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up chatter
    parser = build_parser(chosen_command(argv))
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    module = importlib.import_module(SUBCOMMANDS[args.command][0])
    try:
        return int(module.run(args))
    except HottBridgeError as error:
        print(f"hottbridge {args.command}: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

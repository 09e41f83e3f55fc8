"""Checks the bridge's subcommands (``check``, ``discover``, ``demo``) make before any work.

Every numeric flag is checked against its range, naming the flag; the ``--out`` folder is
checked for every file the command will write there (:func:`hottbridge.files.check_output`:
never a symlink, an existing file only with ``--force``, a place that can be written), so a
bad flag or target costs nothing.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Iterable, Mapping
from pathlib import Path

from hottbridge.errors import BridgeError
from learn.validation import MAX_SEED

#: The files ``hottbridge check`` writes into ``--out`` (the figures it may draw, the report).
CHECK_FILES = ("report.json", "complex.png", "persistence.png", "strips.png")
#: The files ``hottbridge discover`` writes into ``--out``.
DISCOVER_FILES = ("complex.png", "strips.png", "coordinates.png", "discovered.hott",
                  "loops.json", "discovery.json")
#: The seed range every subcommand accepts (numpy's seeds are non-negative).
SEED = (0, MAX_SEED)


def int_flags(args: argparse.Namespace, ranges: Mapping[str, tuple[int, int]]) -> None:
    """Each ``args.<name>`` an integer in its inclusive range, else a BridgeError naming the
    flag (``--name`` with ``-`` for ``_``)."""
    for name, (low, high) in ranges.items():
        value = getattr(args, name)
        if value is not None and not low <= value <= high:
            raise BridgeError(f"--{name.replace('_', '-')} must be an integer from {low} to "
                              f"{high}, got {value}")


def percentile_flag(value: float) -> float:
    """``--percentile`` in (0, 100], else a BridgeError naming it."""
    if not (math.isfinite(value) and 0 < value <= 100):
        raise BridgeError(f"--percentile must be a number in (0, 100], got {value}")
    return value


def check_out(out: str, names: Iterable[str], force: bool) -> list[str]:
    """Check the ``--out`` folder for the files ``names`` before any work: ``out`` is a folder
    (or can be made) and is not a symlink; each file may be written (no symlink ever; an
    existing one only with ``force``). The names of the files that will be replaced."""
    from hottbridge.files import check_output

    if not str(out).strip():
        raise BridgeError("--out must be a folder path, got ''")
    folder = Path(out)
    if folder.is_symlink():
        raise BridgeError(f"--out {out!r} is a symbolic link; hottbridge never writes through "
                          "one: choose the folder itself")
    if folder.exists() and not folder.is_dir():
        raise BridgeError(f"--out {out!r} is a file, not a folder")
    replaced = []
    for name in names:
        target = check_output(folder / name, f"--out {out!r}: {name}", force=force,
                              error=BridgeError)
        if target.exists():
            replaced.append(name)
    return replaced


def force_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--force`` flag: replace the files of an earlier run in ``--out``."""
    parser.add_argument("--force", action="store_true",
                        help="replace the files an earlier run wrote in --out (a symlink is "
                        "never followed or replaced)")

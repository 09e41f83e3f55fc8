"""``hottbridge hits``: the library's HITs with their invariants, or one HIT's constructors."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from hottbridge.errors import HottError

if TYPE_CHECKING:
    from rich.table import Table

    from hott.hit import HIT


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The optional NAME of one library HIT."""
    parser.add_argument("name", nargs="?", help="show this library HIT's constructor table")


def invariants_table() -> Table:
    """A rich table: every library HIT with cells, χ, homology and π1."""
    from rich.table import Table

    from hott.library import LIBRARY

    table = Table(title="hott.library: higher inductive types and their invariants")
    for column in ("HIT", "cells", "χ", "homology H_0, H_1, ...", "π1 (generators | relators)"):
        table.add_column(column)
    for name, make in LIBRARY.items():
        hit = make()
        table.add_row(
            f"{name} ({hit.name})",
            " ".join(map(str, hit.cell_counts())),
            str(hit.euler_characteristic()),
            ", ".join(map(str, hit.homology())),
            _pi1(hit),
        )
    return table


def _pi1(hit: HIT) -> str:
    group = hit.fundamental_group()
    gens = ", ".join(map(str, group.generators)) or "–"
    rels = ", ".join(str(r).replace("**", "^") for r in group.relators) or "–"
    return f"⟨{gens} | {rels}⟩"


def run(args: argparse.Namespace) -> int:
    """Print the invariants table, or the constructor table of the HIT named; 0 on success."""
    from rich.console import Console

    from hott.library import LIBRARY

    console = Console()
    if args.name is None:
        console.print(invariants_table())
        return 0
    if args.name not in LIBRARY:
        raise HottError(f"no library HIT named {args.name!r}; choose from {', '.join(LIBRARY)}")
    console.print(LIBRARY[args.name]().table(limit=50), markup=False)
    return 0

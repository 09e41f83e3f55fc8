"""``hottbridge hits``: the library's HITs with their invariants, one HIT's constructors, or the
HITs a ``.hott`` file declares (``hottbridge hits FILE.hott[:NAME] [NAME]``)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from hottbridge.errors import HottError

if TYPE_CHECKING:
    from rich.table import Table

    from hott.hit import HIT


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The optional NAME of one library HIT, or a FILE.hott (and the NAME of one of its HITs)."""
    parser.add_argument("name", nargs="?", metavar="NAME|FILE.hott",
                        help="show this library HIT's constructor table, or the invariants of "
                        "the HITs a .hott file declares (FILE.hott:NAME picks one)")
    parser.add_argument("hit", nargs="?", metavar="NAME",
                        help="with FILE.hott: the HIT to show (a name, or a closed type such "
                        "as 'Susp Bool')")
    parser.add_argument("--prelude", action="store_true",
                        help="check FILE.hott with the prelude (HIT files are read on the core "
                        "alone by default: the prelude claims base, loop, north, ...)")


def invariants_table(hits: dict[str, HIT] | None = None, title: str | None = None) -> Table:
    """A rich table: every HIT of ``hits`` (default: the library) with cells, χ, homology, π1."""
    from rich.table import Table

    from hott.library import LIBRARY

    if hits is None:
        hits = {name: make() for name, make in LIBRARY.items()}
    table = Table(title=title or "hott.library: higher inductive types and their invariants")
    for column in ("HIT", "cells", "χ", "homology H_0, H_1, ...", "π1 (generators | relators)"):
        table.add_column(column)
    for name, hit in hits.items():
        table.add_row(
            name if name == hit.name else f"{name} ({hit.name})",
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


def file_hits(spec: str, name: str | None = None, *, prelude: bool = False) -> dict[str, HIT]:
    """The HITs of ``FILE.hott`` (or ``FILE.hott:NAME``, or the one ``name`` picks) by name."""
    from hott.lang import check_file
    from hott.lang.model.hit_files import declared_hits, hit_in, split_hit_spec

    path, picked = split_hit_spec(spec)
    if picked is not None and name is not None:
        raise HottError(f"{spec}: give the HIT once, as FILE.hott:NAME or as NAME")
    picked = picked or name
    module = check_file(path, prelude=prelude)
    if picked is not None:
        return {picked: hit_in(module, picked)}
    return {hit: hit_in(module, hit) for hit in declared_hits(module, parameter_free=True)
            } or {"": hit_in(module)}


def run(args: argparse.Namespace) -> int:
    """Print the invariants table, the constructor table of the library HIT named, or the
    invariants (and, for one HIT, the constructors) of a ``.hott`` file's HITs; 0 on success."""
    from rich.console import Console

    from hott.library import LIBRARY

    console = Console()
    if args.name is None:
        console.print(invariants_table())
        return 0
    if args.name.endswith(".hott") or ".hott:" in args.name:
        hits = file_hits(args.name, args.hit, prelude=args.prelude)
        console.print(invariants_table(hits, title=f"HITs of {args.name}"))
        if len(hits) == 1:
            console.print(next(iter(hits.values())).table(limit=50), markup=False)
        return 0
    if args.hit is not None:
        raise HottError(f"a second NAME ({args.hit!r}) goes with a FILE.hott only")
    if args.name not in LIBRARY:
        raise HottError(f"no library HIT named {args.name!r}; choose from {', '.join(LIBRARY)}"
                        " or give a FILE.hott")
    console.print(LIBRARY[args.name]().table(limit=50), markup=False)
    return 0

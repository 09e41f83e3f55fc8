"""``hottbridge demo`` (``make demo``): the main job, as far as it is built.

Today it shows the formal side — the library's HITs with their invariants, computed — and says
plainly which parts of the main job are not built yet. It never prints a result it did not
compute.
"""

from __future__ import annotations

import argparse

NOT_BUILT = [
    ("bridge: realize the circle in a trained VAE's latent space and check the path laws "
    "(issue 6) — not built yet, so the demo stops after the formal side."),
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=0, help="seed of every random choice")


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from hott.cli import invariants_table
    from hott.families import winding_number
    from hott.library import circle
    from hott.maps import HITMap

    console = Console()
    console.print(invariants_table())
    word = "loop loop loop^-1 loop"
    console.print(f"winding number of '{word}' on the circle: {winding_number(word)}")
    triple = HITMap(circle(), circle(), {"base": "base"}, {"loop": "loop^3"}, name="loop↦loop^3")
    console.print(f"degree of {triple.name}: {triple.check().degree()}")
    for line in NOT_BUILT:
        console.print(f"[yellow]not built:[/yellow] {line}")
    return 0

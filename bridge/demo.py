"""``hottbridge demo`` (``make demo``): the main job, end to end, on the CPU.

Generate the rotating-glyph data set (a circle), train the convolutional VAE with a progress
bar, realize the circle in its latent space, run every law and print the table. It shows what
it measures — including whether a straight line between opposite angles leaves the data region
while the data geodesic stays in it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``demo`` subcommand's arguments."""
    parser.add_argument("--seed", type=int, default=0, help="seed of every random choice")
    parser.add_argument("--images", type=int, default=720, help="images in the full turn")
    parser.add_argument("--epochs", type=int, default=30, help="training epochs (default 30)")
    parser.add_argument("--latent-dim", type=int, default=8,
                        help="8 recovers the circle; try 2 to see it tear")
    parser.add_argument("--out", default="out/demo", help="folder for the report and figures")


def run(args: argparse.Namespace) -> int:
    """Generate, train, check and print; the report and figures go to ``--out``."""
    from rich.console import Console

    from bridge.check import run_check
    from bridge.datasets import load_check_data
    from bridge.model import Codec
    from hott.library import circle
    from learn.vae import VAE

    console = Console()
    hit = circle()
    data = load_check_data("rotating-glyph", hit, n=args.images, seed=args.seed)
    console.print(f"data: {data.description}; HIT: {hit.name}, homology "
                  f"{[str(g) for g in hit.homology()]}")
    start = time.perf_counter()
    vae = VAE(data.images.shape[1:], latent_dim=args.latent_dim, architecture="conv",
              seed=args.seed)
    vae.compile(optimizer="adam")
    vae.fit(data.images, epochs=args.epochs, batch_size=32, shuffle=True, verbose=1)
    console.print(f"trained a conv VAE (latent {args.latent_dim}) for {args.epochs} epochs in "
                  f"{time.perf_counter() - start:.1f} s")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    vae.save(out / "model.keras")
    report = run_check(Codec(vae), data.images, hit=hit, loops=data.loops,
                       opposite=data.opposite, seed=args.seed, out=out)
    report.print()
    console.print(f"report and figures: {out}/ ({', '.join(report.figures)})")
    return 0

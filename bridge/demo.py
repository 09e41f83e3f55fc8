"""``hottbridge demo`` (``make demo``): the main job, end to end, on the CPU.

Generate the rotating-glyph data set (a circle), train the convolutional VAE (one line per
epoch), realize the circle in its latent space, run every law and print the table. The demo
states what it expects to find before it looks, then says for each expectation whether it was
found, with the evidence; it exits 0 only when every one was, and 1 with the reasons otherwise.
Every flag and the ``--out`` folder are checked before any work; files of an earlier run there
are replaced only with ``--force``, a symlink never; the model is saved atomically.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bridge.cli_checks import CHECK_FILES, SEED, check_out, force_argument, int_flags
from bridge.report import CheckReport

#: What the demo expects of a model that recovers the circle: (statement, test of the report
#: returning (found, evidence)).
Expectation = tuple[str, Callable[[CheckReport], tuple[bool, str]]]


@dataclass(frozen=True)
class Finding:
    """One expected finding: what was expected, whether it was found, and the evidence."""

    expected: str
    found: bool
    evidence: str


def _complex_is_a_stable_circle(report: CheckReport) -> tuple[bool, str]:
    complex_ = report.meta["complex"]
    betti = tuple(complex_["betti"][:2])
    return betti == (1, 1) and complex_["stable"], (
        f"Betti {tuple(complex_['betti'])}; {complex_['stability']['statement']}")


def _circle_realized_with_degree_one(report: CheckReport) -> tuple[bool, str]:
    facts = report.meta.get("realization", {})
    return abs(facts.get("degree", 0)) == 1, facts.get("statement", "no realization")


def _opposite(name: str, inside: bool) -> Callable[[CheckReport], tuple[bool, str]]:
    def test(report: CheckReport) -> tuple[bool, str]:
        facts = report.meta.get("opposite", {}).get(name)
        if facts is None:
            return False, "no opposite samples were given"
        return facts["in_region"] is inside, facts["statement"]
    return test


def _geodesic_breaks_no_law(report: CheckReport) -> tuple[bool, str]:
    failed = [f"{r.law} ({r.where})" for r in report.results
              if r.details.get("interpolator") == "data_geodesic" and r.failures]
    return not failed, "; ".join(failed) or "no law failed on data-geodesic paths"


#: The demo's story, in the order it is told.
EXPECTED: tuple[Expectation, ...] = (
    (("the data complex of the codes has the circle's Betti numbers (b0, b1) = (1, 1), stable "
      "over landmark resamples and nearby scales"), _complex_is_a_stable_circle),
    ("the loop through the glyphs in angle order is a valid map of the circle with degree ±1",
     _circle_realized_with_degree_one),
    ("the straight line between two opposite glyphs leaves the data region",
     _opposite("linear", inside=False)),
    ("the data geodesic between the same glyphs stays in the data region",
     _opposite("data_geodesic", inside=True)),
    ("no law fails on data-geodesic paths", _geodesic_breaks_no_law),
)


def findings(report: CheckReport) -> list[Finding]:
    """Each expected finding of the demo, found or not, with its evidence from ``report``."""
    return [Finding(expected, *test(report)) for expected, test in EXPECTED]


def _epoch_lines(console: Any, epochs: int) -> Any:
    """A Keras callback that prints one line per epoch: its number and its losses."""
    import keras

    class EpochLine(keras.callbacks.Callback):
        def on_epoch_end(self, epoch: int, logs: dict[str, float] | None = None) -> None:
            losses = ", ".join(f"{k} {v:.4g}" for k, v in sorted((logs or {}).items()))
            console.print(f"epoch {epoch + 1}/{epochs}: {losses}", markup=False,
                          highlight=False)

    return EpochLine()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``demo`` subcommand's arguments."""
    parser.add_argument("--seed", type=int, default=0, help="seed of every random choice")
    parser.add_argument("--images", type=int, default=720, help="images in the full turn")
    parser.add_argument("--image-size", type=int, default=28, help="image side in pixels")
    parser.add_argument("--epochs", type=int, default=30, help="training epochs (default 30)")
    parser.add_argument("--latent-dim", type=int, default=8,
                        help="8 recovers the circle; try 2 to see it tear")
    parser.add_argument("--paths", type=int, default=48, help="random paths per interpolator")
    parser.add_argument("--landmarks", type=int, default=250, help="landmarks of the complex")
    parser.add_argument("--out", default="out/demo", help="folder for the report and figures")
    force_argument(parser)


#: demo's integer flags and their ranges (--images is checked by the data set, by name)
RANGES = {"seed": SEED, "image_size": (8, 256), "epochs": (1, 100_000),
          "latent_dim": (1, 4096), "paths": (1, 100_000), "landmarks": (2, 20_000)}


def run(args: argparse.Namespace) -> int:
    """Generate, train, check, print, and compare with the expected findings: 0 when every one
    was found, 1 (with the reasons) otherwise. The report and figures go to ``--out``."""
    from rich.console import Console

    from bridge.check import run_check
    from bridge.datasets import load_check_data
    from bridge.model import Codec
    from hott.library import circle
    from hottbridge.files import atomic_outputs
    from learn.vae import VAE

    int_flags(args, RANGES)
    replaced = check_out(args.out, ("model.keras", *CHECK_FILES), args.force)
    console = Console()
    hit = circle()
    data = load_check_data("rotating-glyph", hit, image_size=args.image_size, n=args.images,
                           seed=args.seed, n_argument="--images")
    console.print(f"data: {data.description}; HIT: {hit.name}, homology "
                  f"{[str(g) for g in hit.homology()]}")
    console.print("expected findings:")
    for number, (expected, _) in enumerate(EXPECTED, start=1):
        console.print(f"  {number}. {expected}", markup=False, highlight=False)
    start = time.perf_counter()
    vae = VAE(data.images.shape[1:], latent_dim=args.latent_dim, architecture="conv",
              seed=args.seed)
    vae.compile(optimizer="adam")
    vae.fit(data.images, epochs=args.epochs, batch_size=32, shuffle=True, verbose=0,
            callbacks=[_epoch_lines(console, args.epochs)])
    console.print(f"trained a conv VAE (latent {args.latent_dim}) for {args.epochs} epochs in "
                  f"{time.perf_counter() - start:.1f} s")
    out = Path(args.out)
    with atomic_outputs([out / "model.keras"]) as (model_file,):
        vae.save(model_file)
    report = run_check(Codec(vae), data.images, hit=hit, loops=data.loops, n_paths=args.paths,
                       n_landmarks=args.landmarks, opposite=data.opposite, seed=args.seed,
                       out=out)
    report.print()
    console.print(f"report and figures: {out}/ ({', '.join(report.figures.values())})")
    if replaced:
        console.print(f"--force: files of an earlier run in --out, each replaced where this run "
                      f"wrote it: {', '.join(replaced)}", markup=False)
    found = findings(report)
    console.print("findings:")
    for number, finding in enumerate(found, start=1):
        mark = "found" if finding.found else "NOT FOUND"
        console.print(f"  {number}. {mark}: {finding.expected} — {finding.evidence}",
                      markup=False, highlight=False)
    missing = [f for f in found if not f.found]
    if missing:
        console.print(f"demo: {len(missing)} of {len(found)} expected findings not found "
                      f"(see above); try more --epochs or --images", markup=False)
        return 1
    console.print(f"demo: all {len(found)} expected findings found", markup=False)
    return 0

"""``hottbridge check``: run every path law on a saved model and a data set, write a report.

Exit status: 0 when every law holds, 1 when a law fails, 2 on bad input. Every flag and the
``--out`` folder are checked before any work (:mod:`bridge.cli_checks`): files of an earlier run
in ``--out`` are replaced only with ``--force`` (and named), a symlink never.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from bridge.cli_checks import (
    CHECK_FILES,
    SEED,
    check_out,
    force_argument,
    int_flags,
    percentile_flag,
)
from learn.data.registry import DATA_SETS

if TYPE_CHECKING:
    from hott.hit import HIT


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``check`` subcommand's arguments."""
    parser.add_argument("--model", required=True, help="a .keras model with encoder and decoder")
    parser.add_argument("--data", required=True,
                        help=f"{', '.join(DATA_SETS)}, or a FOLDER of images")
    parser.add_argument("--hit", default=None,
                        help="circle, torus, figure-eight, or FILE.hott[:NAME] (a hit declaration "
                        "of the type theory): the HIT to realize")
    parser.add_argument("--out", default="hottbridge-check", help="folder for report.json and "
                        "the figures")
    parser.add_argument("--paths", type=int, default=48, help="random paths per interpolator")
    parser.add_argument("--steps", type=int, default=24, help="steps per path")
    parser.add_argument("--landmarks", type=int, default=250, help="landmarks of the complex")
    parser.add_argument("--samples", type=int, default=360, help="size of a generated data set")
    parser.add_argument("--percentile", type=float, default=95.0,
                        help="tolerance percentile of the model's own errors")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--loops", default=None,
                        help="FILE.json of sample indices tracing --hit (hottbridge discover "
                        "writes one)")
    parser.add_argument("--trace", choices=("discover", "names"), default="discover",
                        help="a flat FOLDER traces --hit by discovered loops (default) or in "
                        "file-name order (names)")
    force_argument(parser)


#: check's integer flags and their ranges
RANGES = {"paths": (1, 100_000), "steps": (1, 10_000), "landmarks": (2, 20_000),
          "samples": (1, 10**9), "seed": SEED}


def resolve_hit(name: str | None) -> HIT | None:
    """The HIT ``--hit`` names: a library HIT, a ``FILE.hott[:NAME]`` (read by
    :func:`hott.load_hit`, the HIT ``hottbridge typecheck --no-prelude`` checks), or None."""
    from bridge.datasets import HITS
    from hott import load_hit
    from hott.lang.model.hit_files import split_hit_spec

    if name is None:
        return None
    if name in HITS:
        return HITS[name]()
    path, hit = split_hit_spec(name)
    if path.endswith(".hott"):
        return load_hit(path, hit)
    from hottbridge.errors import BridgeError

    raise BridgeError(f"--hit {name!r}: choose {', '.join(HITS)} or a FILE.hott[:NAME]")


def run(args: argparse.Namespace) -> int:
    """Load the model and data, run the check, print and save the report; 0 when every law
    holds, 1 otherwise."""
    from bridge.check import run_check
    from bridge.datasets import load_check_data
    from bridge.discover_cli import loops_for_check, own_loops
    from bridge.model import Codec

    int_flags(args, RANGES)
    percentile_flag(args.percentile)
    replaced = check_out(args.out, CHECK_FILES, args.force)
    codec = Codec.load(args.model)
    hit = resolve_hit(args.hit)
    image_size = codec.sample_shape[0] if len(codec.sample_shape) >= 2 else 28
    own = own_loops(args)
    data = load_check_data(args.data, None if own else hit, image_size=image_size,
                           n=args.samples, seed=args.seed, n_argument="--samples")
    loops, note = loops_for_check(args, codec, hit, data.images) if own else (data.loops, "")
    report = run_check(codec, data.images, hit=hit, loops=loops, n_paths=args.paths,
                       steps=args.steps, n_landmarks=args.landmarks, percentile=args.percentile,
                       opposite=data.opposite, seed=args.seed, out=Path(args.out))
    if note:
        report.meta["loops"] = report.meta["summary"]["loops"] = note
        report.write(args.out)
    report.print()
    if replaced:
        print(f"--force: files of an earlier run in --out, each replaced where this run wrote it: "
              f"{', '.join(replaced)}")
    print(f"report: {Path(args.out) / 'report.json'}")
    return 0 if report.passed else 1

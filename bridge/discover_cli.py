"""``hottbridge discover``: what shape does a model's latent space realize on this data?

Writes the figures, ``discovered.hott``, ``loops.json`` and ``discovery.json`` to ``--out`` and
prints the statement and the ``hottbridge check`` command that reruns the realization in CI.
Exit status: 0 when every realization law and the round trip hold (and ``--expect`` matches),
1 otherwise, 2 on bad input. Every flag and the ``--out`` folder are checked before any work:
files of an earlier run in ``--out`` are replaced only with ``--force`` (and named), a symlink
never.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bridge.cli_checks import DISCOVER_FILES, SEED, check_out, force_argument, int_flags
from learn.data.registry import DATA_SETS

#: discover's integer flags and their ranges
RANGES = {"landmarks": (2, 20_000), "resamples": (0, 100), "samples": (1, 10**9), "seed": SEED}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``discover`` subcommand's arguments."""
    parser.add_argument("--model", required=True, help="a .keras model with encoder and decoder")
    parser.add_argument("--data", required=True,
                        help=f"{', '.join(DATA_SETS)}, or a FOLDER of images (any order)")
    parser.add_argument("--out", default="hottbridge-discover",
                        help="folder for the figures, discovered.hott, loops.json")
    parser.add_argument("--landmarks", type=int, default=250, help="landmarks of the complex")
    parser.add_argument("--resamples", type=int, default=2,
                        help="extra seeded landmark resamples for the stability statement")
    parser.add_argument("--samples", type=int, default=360, help="size of a generated data set")
    parser.add_argument("--expect", default=None,
                        help="a shape you expect (e.g. circle, torus, figure-eight): say "
                        "whether the data region is it, exit 1 when not")
    parser.add_argument("--seed", type=int, default=0)
    force_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Load the model and data, discover, print and save; 0 when everything held."""
    from bridge.discovery import discover
    from bridge.model import Codec
    from learn.data.registry import load

    int_flags(args, RANGES)
    replaced = check_out(args.out, DISCOVER_FILES, args.force)
    codec = Codec.load(args.model)
    image_size = codec.sample_shape[0] if len(codec.sample_shape) >= 2 else 28
    data = load(args.data, image_size=image_size, n=args.samples, seed=args.seed,
                argument="--data", n_argument="--samples")
    truth = None if data.truth is None else {
        name: data.truth.param(name) for name in data.truth.param_names if "angle" in name}
    found = discover(codec, data.images, n_landmarks=args.landmarks, seed=args.seed,
                     stability_seeds=tuple(range(args.seed + 1, args.seed + 1 + args.resamples)),
                     out=Path(args.out), truth=truth)
    print(found.statement)
    expected = True
    if args.expect is not None:
        print(found.expect(args.expect))
        expected = found.recognised == args.expect
    for name, path in found.files.items():
        print(f"{name}: {path}")
    if replaced:
        print(f"--force: files of an earlier run in --out, each replaced where this run wrote it: "
              f"{', '.join(replaced)}")
    samples = f" --samples {args.samples}" if args.data in DATA_SETS else ""
    print(f"rerun in CI: hottbridge check --model {args.model} --data {args.data}{samples} "
          f"--seed {args.seed} --landmarks {args.landmarks} --hit {found.files['hit']} "
          f"--loops {found.files['loops']}")
    held = found.round_trip and all(r.status in ("passed", "not applicable")
                                    for r in found.laws)
    return 0 if held and expected else 1


def is_flat_folder(name: str) -> bool:
    """Whether ``--data`` names a folder of images with no subfolders (no loop layout)."""
    folder = Path(name)
    return name not in DATA_SETS and folder.is_dir() and not any(
        p.is_dir() and not p.name.startswith(".") for p in folder.iterdir())


def own_loops(args: argparse.Namespace) -> bool:
    """Whether ``hottbridge check`` takes its loops from ``--loops`` or from discovery (a flat
    folder with ``--trace discover``) rather than from the data set's layout."""
    return args.loops is not None or (args.hit is not None and args.trace == "discover"
                                       and is_flat_folder(args.data))


def loops_for_check(args: argparse.Namespace, codec: Any, hit: Any, images: Any
                    ) -> tuple[Any, str]:
    """The loops ``hottbridge check`` realizes ``hit`` by when :func:`own_loops`: read from
    ``--loops``, or traced by discovery on the encoded images; and a sentence for the report."""
    from bridge.discover_files import read_loops
    from bridge.discovery import trace_loops
    from hottbridge.errors import BridgeError

    if hit is None:
        raise BridgeError("--loops needs --hit: the loops say how the data trace a HIT")
    if args.loops is not None:
        return read_loops(args.loops, len(images)), f"loops read from {args.loops}"
    return trace_loops(hit, codec.encode(images), n_landmarks=args.landmarks, seed=args.seed)

"""``python -m benchmarks NAME [--quick] [--full] [--peers]``: run one benchmark (or ``all``),
print, write JSON; ``--full`` reaches the largest sizes of the benchmarks that have them,
``--peers`` runs the peer programs of those that have them (hott_groups: GAP and Regina)."""

from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    return sorted(
        m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name not in {"harness"}
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("name", choices=[*available(), "all"])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    parser.add_argument("--full", action="store_true",
                        help="largest sizes (benchmarks whose run takes full=)")
    parser.add_argument("--peers", action="store_true",
                        help="run peer programs in the benchmark's own environment (peers=)")
    args = parser.parse_args()
    for name in available() if args.name == "all" else [args.name]:
        run = importlib.import_module(f"benchmarks.{name}").run
        options = {flag: True for flag in ("full", "peers")
                   if getattr(args, flag) and flag in inspect.signature(run).parameters}
        report = run(quick=args.quick, **options)
        report.print()
        print(f"wrote {report.write()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

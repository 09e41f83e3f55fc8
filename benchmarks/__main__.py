"""``python -m benchmarks NAME [--quick]``: run one benchmark (or ``all``), print, write JSON."""

from __future__ import annotations

import argparse
import importlib
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
    args = parser.parse_args()
    for name in available() if args.name == "all" else [args.name]:
        report = importlib.import_module(f"benchmarks.{name}").run(quick=args.quick)
        report.print()
        print(f"wrote {report.write()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

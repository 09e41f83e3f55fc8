"""What every benchmark shares: timing by medians, and one report format (table + JSON)."""

from __future__ import annotations

import json
import math
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def median_seconds(fn: Callable[[], object], repeats: int = 3, min_total: float = 0.0) -> float:
    """Median wall time of one call of ``fn`` over ``repeats`` samples. With ``min_total``, each
    sample times as many calls as fill that many seconds (found by doubling, as ``timeit``'s
    autorange), so a call of microseconds is measured, not the timer and a cold cache."""
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        first = time.perf_counter() - start
        if first >= min_total:
            break
        number *= 2
    times = [first / number]
    for _ in range(repeats - 1):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


@dataclass
class Report:
    """A benchmark's table (one dict per row, same keys) and its verdicts against targets."""

    name: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    targets: dict[str, bool] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "machine": {"python": platform.python_version(), "processor": platform.machine()},
            "rows": self.rows,
            "targets": self.targets,
            "notes": self.notes,
        }

    def write(self) -> Path:
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"{self.name}.json"
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")
        return path

    def print(self) -> None:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"benchmark: {self.name}")
        columns = list(self.rows[0]) if self.rows else []
        for column in columns:
            table.add_column(column)
        for row in self.rows:
            table.add_row(*(_cell(row[c]) for c in columns))
        console = Console(width=160)
        console.print(table)
        for target, met in self.targets.items():
            console.print(f"{'met' if met else 'MISSED'}: {target}")
        for note in self.notes:
            console.print(note)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def growth_exponent(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(seconds) against log(n): 1 is linear growth."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-9)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs)


def unpack_commit(commit: str, packages: list[str], folder: Path) -> Path:
    """The ``packages`` of the project as they were at ``commit`` (``git archive``), unpacked
    into ``folder``: the "before" side of a benchmark, run in a subprocess beside today's."""
    import subprocess
    import tarfile
    from io import BytesIO

    root = Path(__file__).resolve().parents[1]
    archive = subprocess.run(["git", "archive", commit, *packages], cwd=root,
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder

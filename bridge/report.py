"""The outcome of a check: JSON with stable keys, a terminal table, and the figures' paths."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bridge.laws import LawResult

#: Bumped when a key of the JSON report changes meaning.
REPORT_VERSION = 1


@dataclass
class CheckReport:
    """Law results, facts about the data complex and the realization, and the figures."""

    results: list[LawResult]
    meta: dict[str, Any] = field(default_factory=dict)
    figures: dict[str, str] = field(default_factory=dict)

    @property
    def failed(self) -> list[LawResult]:
        return [r for r in self.results if r.passed is False]

    @property
    def passed(self) -> bool:
        """Every law held (undecided homotopy is reported, and is not a failure)."""
        return not self.failed

    def worst(self) -> LawResult | None:
        """The failing law with the most failures (None when nothing failed)."""
        return max(self.failed, key=lambda r: (r.failures, r.value or 0.0), default=None)

    def to_json(self) -> dict[str, Any]:
        return _finite({
            "version": REPORT_VERSION,
            "passed": self.passed,
            "laws": [r.to_dict() for r in self.results],
            "meta": self.meta,
            "figures": self.figures,
        })

    def write(self, out: str | Path) -> Path:
        path = Path(out)
        path.mkdir(parents=True, exist_ok=True)
        target = path / "report.json"
        target.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")
        return target

    def table(self) -> Any:
        from rich.table import Table

        table = Table(title="hottbridge: path laws in the data region")
        for column in ("law", "status", "ok / checked", "worst", "tolerance", "where"):
            table.add_column(column)
        colour = {"passed": "green", "failed": "red", "undecided": "yellow"}
        for r in self.results:
            ok = r.checked - r.failures - r.undecided
            table.add_row(r.law, f"[{colour[r.status]}]{r.status}[/]", f"{ok} / {r.checked}",
                          _number(r.value), _number(r.tolerance), r.where)
        return table

    def print(self) -> None:
        from rich.console import Console

        console = Console(width=max(120, Console().width))
        console.print(self.table())
        for key, value in self.meta.get("summary", {}).items():
            console.print(f"{key}: {value}", markup=False, highlight=False)


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return "inf" if math.isinf(value) else f"{value:.4g}"


def _finite(value: Any) -> Any:
    """JSON has no inf or NaN: they become the strings "inf", "-inf" and "nan"."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return _finite(value.item())
    return value

"""The outcome of a check: JSON with stable keys, a terminal table, and the figures' paths.

:func:`assemble` builds the report of a check run from what the run measured: the law
results, the calibration, the data complex's own summary, the realization's facts, and
whether paths between two opposite samples stay in the data region; given a folder, it draws
the figures and writes ``report.json`` there.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bridge import figures
from bridge.laws import LawResult, PathLaws
from bridge.paths import DataPath
from bridge.realization import Realization
from hottbridge.errors import BridgeError

#: Bumped when a key of the JSON report changes meaning. 2: a law's name is its registry name
#: (the interpolator is in its details) and every law says what its value measures.
REPORT_VERSION = 2


@dataclass
class CheckReport:
    """Law results, facts about the data complex and the realization, and the figures."""

    results: list[LawResult]
    meta: dict[str, Any] = field(default_factory=dict)
    figures: dict[str, str] = field(default_factory=dict)

    @property
    def failed(self) -> list[LawResult]:
        """The laws that failed (undecided ones are not among them)."""
        return [r for r in self.results if r.passed is False]

    @property
    def passed(self) -> bool:
        """Every law held (undecided homotopy is reported, and is not a failure)."""
        return not self.failed

    def worst(self) -> LawResult | None:
        """The failing law with the most failures (None when nothing failed)."""
        return max(self.failed, key=lambda r: (r.failures, r.value or 0.0), default=None)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON values (inf and NaN as strings)."""
        return _finite({
            "version": REPORT_VERSION,
            "passed": self.passed,
            "laws": [r.to_dict() for r in self.results],
            "meta": self.meta,
            "figures": self.figures,
        })

    def write(self, out: str | Path) -> Path:
        """Write ``report.json`` into the folder ``out`` (made if missing); its path."""
        path = Path(out)
        path.mkdir(parents=True, exist_ok=True)
        target = path / "report.json"
        target.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")
        return target

    def table(self) -> Any:
        """The results as a rich Table: one row per law and interpolator."""
        from rich.table import Table

        table = Table(title="hottbridge: path laws in the data region")
        for column in ("law", "interpolator", "status", "ok / checked", "worst", "measure",
                       "tolerance", "where"):
            table.add_column(column)
        colour = {"passed": "green", "failed": "red", "undecided": "yellow"}
        for r in self.results:
            ok = r.checked - r.failures - r.undecided
            table.add_row(r.law, r.details.get("interpolator", ""),
                          f"[{colour[r.status]}]{r.status}[/]", f"{ok} / {r.checked}",
                          _number(r.value), r.measure, _number(r.tolerance), r.where)
        return table

    def print(self) -> None:
        """The table, then the summary lines, on the terminal."""
        from rich.console import Console

        console = Console(width=max(120, Console().width))
        console.print(self.table())
        for key, value in self.meta.get("summary", {}).items():
            console.print(f"{key}: {value}", markup=False, highlight=False)


def assemble(laws: PathLaws, results: list[LawResult], *, seed: int,
             realization: Realization | None = None, opposite: Mapping[str, DataPath] = {},
             out: str | Path | None = None) -> CheckReport:
    """The report of a check run on ``laws`` (the calibrated model and its data complex):
    ``results``, the facts behind them, the realization's facts, and for each ``opposite``
    path (by interpolator) whether it stays in the data region; with ``out``, the figures and
    ``report.json`` are written there."""
    complex_ = laws.complex
    summary: dict[str, str] = {"data complex": complex_.describe()}
    meta: dict[str, Any] = {
        "data": {"samples": len(laws.codes), "latent_dim": laws.codec.latent_dim},
        "calibration": laws.calibration(),
        "complex": complex_.summary(),
        "seed": seed,
        "summary": summary,
    }
    if realization is not None:
        meta["realization"] = realization_facts(realization)
        summary["realization"] = meta["realization"]["statement"]
    if opposite:
        meta["opposite"] = {name: region_facts(laws, drawn) for name, drawn in opposite.items()}
        for name, drawn in opposite.items():
            summary[f"{name}, opposite samples {drawn.start_index} -> {drawn.end_index}"] = (
                meta["opposite"][name]["statement"])
    report = CheckReport(results, meta)
    if out is not None:
        target = Path(out)
        target.mkdir(parents=True, exist_ok=True)
        loops = dict(realization.paths) if realization is not None else {}
        report.figures["complex"] = str(figures.complex_figure(complex_, loops,
                                                               target / "complex.png"))
        report.figures["persistence"] = str(figures.persistence_figure(
            complex_, target / "persistence.png"))
        strips = {name: laws.codec.decode(drawn.path.resample(10).points)
                  for name, drawn in opposite.items()}
        made = figures.strips_figure(strips, laws.codec.sample_shape, target / "strips.png") \
            if strips else None
        if made is not None:
            report.figures["strips"] = str(made)
        report.write(target)
    return report


def realization_facts(realization: Realization) -> dict[str, Any]:
    """The HIT's name, the induced map on H1 and, for a circle, its degree (else the
    determinant), with a one-line statement; without an induced map, why not."""
    facts: dict[str, Any] = {"hit": realization.hit.name}
    try:
        matrix = realization.induced_h1()
    except BridgeError as error:
        facts["statement"] = str(error)
        return facts
    facts["induced_h1"] = [[int(v) for v in matrix.row(i)] for i in range(matrix.rows)]
    if matrix.shape == (1, 1):
        facts["degree"] = int(matrix[0, 0])
        facts["statement"] = (
            f"the realized loop has degree {facts['degree']} on H1 of the data complex "
            + ("(a generator: the loop is realized faithfully)" if abs(facts["degree"]) == 1
               else "(not a generator)"))
    else:
        determinant = int(matrix.det()) if matrix.rows == matrix.cols and matrix.rows else None
        facts["determinant"] = determinant
        facts["statement"] = f"induced map on H1: {facts['induced_h1']}" + (
            f", determinant {determinant}" if determinant is not None else "")
    return facts


def region_facts(laws: PathLaws, drawn: DataPath) -> dict[str, Any]:
    """Whether one path stays in the data region: the steps where it leaves, the worst
    distance from a landmark, and a one-line statement."""
    projection = laws.complex.project(drawn.path)
    worst = max((d for _, d in projection.departures + projection.jumps), default=0.0)
    facts: dict[str, Any] = {"in_region": projection.in_region,
                             "departures": len(projection.departures),
                             "steps": len(drawn.path), "worst": worst}
    facts["statement"] = "stays in the data region" if projection.in_region else (
        f"leaves the data region at {len(projection.departures)} of {len(drawn.path)} steps "
        f"(worst {worst:.4g} > scale {laws.complex.scale_:.4g})")
    return facts


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

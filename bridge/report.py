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

#: Bumped when a key of the JSON report changes meaning. 2: a law's name is its registry name
#: (the interpolator is in its details) and every law says what its value measures. 3: per-case
#: outcomes (held, failed, not applicable, undecided) with their counts and the rule; "not
#: applicable" status; the complex's stability; figure paths relative to the report's folder.
REPORT_VERSION = 3


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
        """No law failed (undecided and not-applicable laws are reported, and are neither
        passed nor failed)."""
        return not self.failed

    def to_json(self) -> dict[str, Any]:
        """The report as JSON values (inf and NaN as strings)."""
        return json_safe({
            "version": REPORT_VERSION,
            "passed": self.passed,
            "laws": [r.to_dict() for r in self.results],
            "meta": self.meta,
            "figures": self.figures,
        })

    def write(self, out: str | Path) -> Path:
        """Write ``report.json`` into the folder ``out`` (made if missing), atomically; its
        path."""
        from hottbridge.files import atomic_outputs

        target = Path(out) / "report.json"
        with atomic_outputs([target]) as (temporary,):
            temporary.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")
        return target

    def table(self) -> Any:
        """The results as a rich Table: one row per law and interpolator, with the counts of
        held, failed, not-applicable and undecided cases, the worst value, the tolerance, and
        the rule that compares them."""
        from rich.table import Table

        table = Table(title="hottbridge: path laws in the data region")
        for column in ("law", "interpolator", "status", "held", "failed", "n/a", "undecided",
                       "worst", "tolerance", "measure and rule", "where"):
            table.add_column(column)
        colour = {"passed": "green", "failed": "red", "undecided": "yellow",
                  "not applicable": "yellow"}
        for r in self.results:
            marked = f"{r.status} *" if r.caveat else r.status
            rule = "; ".join(part for part in (r.measure, r.rule) if part)
            table.add_row(r.law, r.details.get("interpolator", ""),
                          f"[{colour[r.status]}]{marked}[/]", str(r.held), str(r.failures),
                          str(r.not_applicable), str(r.undecided), _number(r.value),
                          _number(r.tolerance), rule, r.where or _first_not_applicable(r))
        if any(r.caveat for r in self.results):
            table.caption = "* " + next(r.caveat for r in self.results if r.caveat)
        return table

    def print(self) -> None:
        """The table, then the summary lines, on the terminal."""
        from rich.console import Console

        console = Console(width=max(160, Console().width))
        console.print(self.table())
        for key, value in self.meta.get("summary", {}).items():
            console.print(f"{key}: {value}", markup=False, highlight=False)


def _first_not_applicable(result: LawResult) -> str:
    """The first not-applicable case with its reason (shown when nothing failed)."""
    case = next((c for c in result.cases if c.outcome == "not applicable"), None)
    return f"n/a {case.label}: {case.reason}" if case else ""


def assemble(laws: PathLaws, results: list[LawResult], *, seed: int,
             realization: Realization | None = None, opposite: Mapping[str, DataPath] = {},
             out: str | Path | None = None) -> CheckReport:
    """The report of a check run on ``laws`` (the calibrated model and its data complex):
    ``results``, the facts behind them, the realization's facts, and for each ``opposite``
    path (by interpolator) whether it stays in the data region; with ``out``, the figures and
    ``report.json`` are written there."""
    complex_ = laws.complex
    stability = laws.stability
    summary: dict[str, str] = {
        "data complex": complex_.describe(),
        "complex stability": stability.statement + (
            "" if stability.supports(complex_.betti_numbers()) else
            f" — decisions in this complex (Betti {complex_.betti_numbers()}) are marked *")}
    meta: dict[str, Any] = {
        "data": {"samples": len(laws.codes), "latent_dim": laws.codec.latent_dim},
        "calibration": laws.calibration(),
        "complex": {**complex_.summary(), "stability": stability.to_dict(),
                    "stable": stability.supports(complex_.betti_numbers())},
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
        figures.complex_figure(complex_, loops, target / "complex.png")
        figures.persistence_figure(complex_, target / "persistence.png")
        report.figures.update({"complex": "complex.png", "persistence": "persistence.png"})
        strips = {name: laws.codec.decode(drawn.path.resample(10).points)
                  for name, drawn in opposite.items()}
        if strips and figures.strips_figure(strips, laws.codec.sample_shape,
                                            target / "strips.png") is not None:
            report.figures["strips"] = "strips.png"
        report.write(target)
    return report


def realization_facts(realization: Realization) -> dict[str, Any]:
    """The HIT's name and whether the realization is a valid map; for a valid one, the
    induced map on H1, whether it is an isomorphism and, for a circle, its degree, with a
    one-line statement. For an invalid one, which check failed, and no verdict."""
    facts: dict[str, Any] = {"hit": realization.hit.name}
    valid, reason = realization.validity()
    facts["valid_map"] = valid
    if valid is not True:
        facts["statement"] = (f"no verdict on {realization.hit.name}'s realization: it is not a "
                              f"valid map ({reason})" if valid is False else
                              f"no verdict on {realization.hit.name}'s realization: its "
                              f"validity is undecided ({reason})")
        return facts
    matrix = realization.induced_h1()
    facts["induced_h1"] = [[int(v) for v in matrix.row(i)] for i in range(matrix.rows)]
    iso, statement = realization.is_h1_isomorphism()
    facts["h1_isomorphism"] = iso
    facts["statement"] = f"{realization.hit.name} realized as a valid map; {statement}"
    if matrix.shape == (1, 1):
        facts["degree"] = int(matrix[0, 0])
        facts["statement"] += f"; degree {facts['degree']}" + (
            " (a generator: the loop is realized faithfully)" if abs(facts["degree"]) == 1
            else " (not a generator)")
    if realization.caveat:
        facts["statement"] += f" [{realization.caveat}]"
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


def json_safe(value: Any) -> Any:
    """JSON has no inf or NaN: they become the strings "inf", "-inf" and "nan"."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return json_safe(value.item())
    return value

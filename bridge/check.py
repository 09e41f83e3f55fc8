"""A whole check run: calibrate, draw paths, run every law, realize the HIT, report.

:func:`run_check` is what ``hottbridge check`` and ``hottbridge demo`` run. Paths join seeded
random pairs of data points, drawn once; each law is checked for the straight line and for the
data geodesic, so the report shows which interpolation stays in the data region.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bridge import figures
from bridge.geodesics import data_geodesic
from bridge.laws import LawResult, PathLaws
from bridge.model import Codec
from bridge.paths import LatentPath, linear
from bridge.realization import Realization
from bridge.report import CheckReport
from hott.hit import HIT
from hottbridge.errors import BridgeError


@dataclass(frozen=True)
class LoopSpec:
    """How a HIT is traced by the data: for each path constructor, the data indices it visits
    in order (from its source point's sample to its target's), and each point's sample."""

    points: dict[str, int]
    paths: dict[str, list[int]]


def run_check(codec: Codec, data: Any, *, hit: HIT | None = None, loops: LoopSpec | None = None,
              n_paths: int = 48, steps: int = 24, n_landmarks: int = 250, percentile: float = 95,
              opposite: tuple[int, int] | None = None, seed: int = 0,
              out: str | Path | None = None) -> CheckReport:
    """Check the path laws of ``codec`` on ``data`` and, given ``hit`` and ``loops``, its
    realization. ``opposite`` names two data indices far apart along the data (e.g. opposite
    angles of a rotating glyph) for the linear-versus-geodesic comparison."""
    if (hit is None) != (loops is None):
        raise BridgeError("a realization needs both the HIT and how the data traces it (loops)")
    laws = PathLaws(codec, data, percentile=percentile, n_landmarks=n_landmarks, seed=seed)
    codes = laws.codes
    rng = np.random.default_rng(seed)
    chain = rng.choice(len(codes), size=n_paths + 2, replace=len(codes) < n_paths + 2)
    starts, ends = chain[:n_paths], chain[1:n_paths + 1]
    results: list[LawResult] = []
    interpolators = {
        "linear": lambda a, b: linear(codes[a], codes[b], steps),
        "data geodesic": lambda a, b: data_geodesic(laws.complex, codes[a], codes[b], steps),
    }
    for name, make in interpolators.items():
        paths = [make(a, b) for a, b in zip(starts, ends)]
        few = paths[:16]
        results += [
            _named(laws.endpoints(paths, data[starts], data[ends]), name),
            _named(laws.composition(list(itertools.pairwise(paths))), name),
            _named(laws.units(few), name),
            _named(laws.inverses(few), name),
            _named(laws.associativity(list(zip(few[:-2], few[1:-1], few[2:]))), name),
            _named(laws.region(paths), name),
            _named(laws.cycle_consistency(paths), name),
            _named(laws.continuity(paths), name),
        ]
    meta: dict[str, Any] = {
        "data": {"samples": len(codes), "latent_dim": codec.latent_dim},
        "calibration": {
            "percentile": percentile,
            "endpoint_tolerance": laws.endpoint_tolerance,
            "cycle_tolerance": laws.cycle_tolerance,
            "latent_tolerance": laws.latent_tolerance,
        },
        "complex": {
            "landmarks": len(laws.complex.landmarks_),
            "scale": laws.complex.scale_,
            "regime": list(laws.complex.scale_choice_.regime),
            "betti": list(laws.complex.betti_numbers()),
            "cells": list(laws.complex.hit_.cell_counts()),
            "barcode": [[b.dim, b.birth, b.death] for b in laws.complex.scale_choice_.barcode],
        },
        "seed": seed,
        "summary": {},
    }
    summary = meta["summary"]
    summary["data complex"] = (f"{len(laws.complex.landmarks_)} landmarks, scale "
                               f"{laws.complex.scale_:.4g}, Betti {laws.complex.betti_numbers()}")
    loops_drawn: dict[str, LatentPath] = {}
    if hit is not None and loops is not None:
        realization = realize(hit, laws, loops)
        loops_drawn = dict(realization.paths)
        results += _realization_results(realization, rng)
        meta["realization"] = _realization_facts(realization)
        summary["realization"] = meta["realization"]["statement"]
    strips: dict[str, np.ndarray] = {}
    if opposite is not None:
        a, b = opposite
        for name, make in interpolators.items():
            path = make(a, b)
            projection = laws.complex.project(path)
            summary[f"{name}, opposite samples {a} -> {b}"] = (
                "stays in the data region" if projection.in_region else
                f"leaves the data region at {len(projection.departures)} of {len(path)} steps "
                f"(worst {max(d for _, d in projection.departures + projection.jumps):.4g} "
                f"> scale {laws.complex.scale_:.4g})")
            strips[name] = codec.decode(path.resample(10).points)
    report = CheckReport(results, meta)
    if out is not None:
        target = Path(out)
        target.mkdir(parents=True, exist_ok=True)
        report.figures["complex"] = str(figures.complex_figure(
            laws.complex, loops_drawn, target / "complex.png"))
        report.figures["persistence"] = str(figures.persistence_figure(
            laws.complex, target / "persistence.png"))
        if strips:
            made = figures.strips_figure(strips, codec.sample_shape, target / "strips.png")
            if made is not None:
                report.figures["strips"] = str(made)
        report.write(target)
    return report


def _named(result: LawResult, interpolator: str) -> LawResult:
    result.law = f"{result.law} ({interpolator})"
    return result


def realize(hit: HIT, laws: PathLaws, loops: LoopSpec) -> Realization:
    """The realization of ``hit`` whose paths run through the codes of the given samples."""
    codes = laws.codes
    points = {x: codes[i] for x, i in loops.points.items()}
    paths = {}
    for e, indices in loops.paths.items():
        if len(indices) < 2:
            raise BridgeError(f"path {e!r} needs at least two samples to trace it")
        paths[e] = LatentPath(codes[np.asarray(indices)])
    return Realization(hit, laws.complex, points, paths)


def _realization_results(realization: Realization, rng: np.random.Generator) -> list[LawResult]:
    """Endpoints, 2-cells, and functoriality on seeded random words (any words compose when
    the HIT has one point; otherwise each generator is paired with its inverse)."""
    generators = list(realization.hit.paths)
    if len(realization.hit.points) == 1:
        def word() -> str:
            return " ".join(f"{g}^{int(rng.choice([-1, 1]))}" for g in rng.choice(generators, 2))

        pairs = [(word(), word()) for _ in range(4)]
    else:
        pairs = [(g, f"{g}^-1") for g in generators]
    return [realization.endpoint_check(), realization.cells_check(),
            realization.functoriality(pairs), realization.homology_check()]


def _realization_facts(realization: Realization) -> dict[str, Any]:
    matrix = realization.induced_h1()
    facts: dict[str, Any] = {
        "hit": realization.hit.name,
        "induced_h1": [[int(v) for v in matrix.row(i)] for i in range(matrix.rows)],
    }
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

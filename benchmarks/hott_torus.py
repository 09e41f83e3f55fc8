"""Homology and π1 of triangulated torus grids: reduce-first against plain Smith normal form.

For each n×n grid (2 triangles per square) we time, as medians: building the HIT with its
cells named, integral homology (unit-pivot reduction on the face arrays, then FLINT on the
remainder) and the fundamental group (spanning tree + our Tietze moves), checking the answers
(Z, Z^2, Z; 2 generators, 1 relator). The baseline, in the same run, is sympy's
invariant factors of the unreduced boundary matrices; it is run only on small grids, and its
growth exponent, fitted there, says how long it would take on the large ones.
"""

from __future__ import annotations

import math
import time

from sympy import ZZ
from sympy.polys.matrices import DomainMatrix
from sympy.polys.matrices.normalforms import invariant_factors

from benchmarks.harness import Report, median_seconds
from hott.hit import HIT
from hott.homology import chain_complex
from hott.library import RP2_6, torus_grid_triangles

BASELINE_LIMIT_SECONDS = 600.0


def _ours(n: int) -> dict[str, float | str]:
    triangles = torus_grid_triangles(n)
    timings: dict[str, float] = {}

    def once() -> None:
        start = time.perf_counter()
        hit = HIT.from_simplices(triangles)
        hit.cell_counts()  # the build names the cells (from_simplices defers it to a first read)
        built = time.perf_counter()
        groups = hit.homology()
        homology = time.perf_counter()
        group = hit.fundamental_group()
        done = time.perf_counter()
        assert [str(g) for g in groups] == ["Z", "Z^2", "Z"], groups
        assert len(group.generators) == 2 and len(group.relators) == 1, group
        timings.setdefault("build", []).append(built - start)
        timings.setdefault("homology", []).append(homology - built)
        timings.setdefault("pi1", []).append(done - homology)

    median_seconds(once, repeats=3)
    return {key: sorted(values)[1] for key, values in timings.items()}


def _unreduced_snf(n: int) -> float:
    complex_, _ = chain_complex(HIT.from_simplices(torus_grid_triangles(n)))

    def once() -> None:
        for k in (1, 2):
            entries: dict[int, dict[int, ZZ]] = {}
            for j, chain in complex_.boundary[k].items():
                for i, value in chain.items():
                    entries.setdefault(i, {})[j] = ZZ(value)
            matrix = DomainMatrix.from_dod(entries, (complex_.counts[k - 1], complex_.counts[k]),
                                           ZZ)
            invariant_factors(matrix)

    return median_seconds(once, repeats=3 if n <= 12 else 1)


def _wedge_rows(report: Report, quick: bool) -> None:
    """Torsion-heavy wedges of projective planes: (Z/2)^n in H1, build and homology times and
    their growth exponent (before FLINT: 0.2 s at 300, 1.8 s at 600, RecursionError at 1 000
    summands, peers.md)."""
    sizes = [100, 300] if quick else [100, 300, 1000]
    times = {}
    for n in sizes:
        facets = [[0 if v == 0 else v + 6 * k for v in f] for k in range(n) for f in RP2_6]
        start = time.perf_counter()
        hit = HIT.from_simplices(facets)
        hit.cell_counts()  # named, as in the grid rows
        built = time.perf_counter()
        groups = hit.homology()
        done = time.perf_counter()
        assert groups[1].torsion == (2,) * n and groups[1].rank == 0, groups
        times[n] = done - start
        report.notes.append(f"wedge of {n} RP2: (Z/2)^{n}; build {built - start:.3f} s, "
                            f"homology {done - built:.3f} s")
    a, b = sizes[-2], sizes[-1]
    growth = math.log(times[b] / times[a]) / math.log(b / a)
    report.notes.append(f"wedge growth exponent {a} -> {b} summands: {growth:.2f} (before: "
                        "about 3.2 from 300 to 600, then RecursionError)")
    if 1000 in times:
        report.targets["wedge of 1000 RP2: build + homology under 2 s"] = times[1000] < 2


def run(quick: bool = False) -> Report:
    report = Report("hott_torus")
    baseline_sizes = [8, 12] if quick else [8, 12, 16, 20]
    sizes = [20, 50] if quick else [50, 100, 200]
    baseline = {n: _unreduced_snf(n) for n in baseline_sizes}
    cells = {n: 6 * n * n for n in {*baseline_sizes, *sizes}}
    a, b = baseline_sizes[-2], baseline_sizes[-1]
    exponent = math.log(baseline[b] / baseline[a]) / math.log(cells[b] / cells[a])
    for n in sorted({*baseline_sizes, *sizes}):
        ours = _ours(n)
        total = ours["build"] + ours["homology"] + ours["pi1"]
        if n in baseline:
            snf, how = baseline[n], "measured"
        else:
            snf, how = baseline[b] * (cells[n] / cells[b]) ** exponent, "extrapolated"
        report.rows.append({
            "grid": f"{n}x{n}", "cells": cells[n], "build s": ours["build"],
            "homology s": ours["homology"], "π1 s": ours["pi1"], "total s": total,
            "unreduced SNF s": snf, "SNF is": how, "SNF / homology": snf / ours["homology"],
        })
    by_size = {row["grid"]: row for row in report.rows}
    if "100x100" in by_size:
        report.targets["100x100 homology + π1 under 10 s"] = by_size["100x100"]["total s"] < 10
    if {"50x50", "200x200"} <= by_size.keys():
        growth = math.log(by_size["200x200"]["total s"] / by_size["50x50"]["total s"]) / math.log(16)
        report.notes.append(f"growth exponent in cells, 50x50 -> 200x200: {growth:.2f} "
                            "(1.0 is linear)")
        report.targets["growth no worse than about linear (exponent <= 1.25)"] = growth <= 1.25
    _wedge_rows(report, quick)
    report.notes.append(f"unreduced SNF growth exponent, fitted on {a}x{a} -> {b}x{b}: "
                        f"{exponent:.2f}; it is not run where it would pass "
                        f"{BASELINE_LIMIT_SECONDS:.0f} s")
    return report

"""π1 presentations and homology remainders on SageMath's catalogue: ours against sympy.

Per complex: our simplified presentation (spanning tree + :mod:`hott.tietze`), its size and
time, against sympy's ``simplify_presentation(change_gens=True)`` on the presentation before
our Tietze moves (spanning tree only), in the same run — skipped where that presentation has
more than ``SYMPY_LIMIT`` generators (sympy's ``FpGroup`` alone takes seconds there). Then the
non-unit remainder of every boundary matrix: FLINT's SNF per block (:mod:`hott.snf`) against
sympy's ``invariant_factors`` on the whole remainder. GAP (passagemath) and Regina are not
installed in this environment, so their columns are the figures of /work/shared/notes/peers.md
(not rerun here). Last, the growth of our simplification with the size of the complex, on
orientable surfaces of growing genus (``hott.library.surface_triangles``), as an exponent.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from sympy import ZZ, Symbol
from sympy.combinatorics.fp_groups import FpGroup, simplify_presentation
from sympy.combinatorics.free_groups import free_group
from sympy.polys.matrices import DomainMatrix
from sympy.polys.matrices.normalforms import invariant_factors as sympy_factors

from benchmarks.harness import Report, growth_exponent, median_seconds
from hott.hit import HIT
from hott.homology import chain_complex
from hott.library import surface_triangles
from hott.snf import invariant_factors
from hott.tietze import simplify

CATALOGUE = Path(__file__).resolve().parents[1] / "tests" / "hott" / "data" / "sage_catalogue.json"
SYMPY_LIMIT = 12
#: GAP / Regina figures measured elsewhere (peers.md): (generators, relators, length).
PEERS = {"PoincareSphere": "2/2/13 (GAP 25 ms, Regina 1.4 ms)",
         "Genus10": "GAP 19 ms, Regina 1.2 ms"}


def _raw(hit: HIT) -> tuple[list[str], list]:
    presentation = hit.presentation()
    relators = [presentation._drop_tree(hit.attaching_word(c).letters) for c in hit.cells(2)]
    return presentation.edge_generators, [r for r in relators if r]


def _sympy(generators: list[str], relators: list) -> tuple[str, float]:
    if not generators:
        return "0/0/0", 0.0
    free, *gens = free_group([Symbol(g) for g in generators])
    by_name = dict(zip(generators, gens))

    def element(word):
        out = free.identity
        for g, e in word:
            out = out * by_name[g] ** e
        return out

    start = time.perf_counter()
    group = simplify_presentation(FpGroup(free, [element(r) for r in relators]), change_gens=True)
    seconds = time.perf_counter() - start
    size = sum(len(r) for r in group.relators)
    return f"{len(group.generators)}/{len(group.relators)}/{size}", seconds


def _remainders(hit: HIT) -> list[dict[int, dict[int, int]]]:
    complex_, _ = chain_complex(hit)
    complex_.reduce()
    return [{c: complex_.boundary[k][c] for c in complex_.alive[k]}
            for k in range(1, len(complex_.counts))]


def _sympy_snf(entries: dict[int, dict[int, int]]) -> None:
    rows = sorted(entries)
    columns = sorted({c for r in rows for c in entries[r]})
    if not rows or not columns:
        return
    col = {c: j for j, c in enumerate(columns)}
    # rows of ``entries`` are k-cells: transpose to the boundary matrix's (faces x cells)
    dod: dict[int, dict[int, ZZ]] = {}
    for j, r in enumerate(rows):
        for c, v in entries[r].items():
            dod.setdefault(col[c], {})[j] = ZZ(v)
    sympy_factors(DomainMatrix.from_dod(dod, (len(columns), len(rows)), ZZ))


def run(quick: bool = False) -> Report:
    report = Report("hott_groups")
    entries = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for entry in entries:
        if quick and entry["name"] in {"K3", "Genus12"}:
            continue
        hit = HIT.from_simplices(entry["facets"])
        generators, relators = _raw(hit)
        ours = median_seconds(lambda g=generators, r=relators: simplify(g, r), repeats=3)
        gens, rels, _ = simplify(generators, relators)
        row = {"complex": entry["name"], "raw gens": len(generators),
               "ours g/r/len": f"{len(gens)}/{len(rels)}/{sum(map(len, rels))}", "ours ms": ours * 1e3}
        if len(generators) <= SYMPY_LIMIT:
            size, seconds = _sympy(generators, relators)
            row.update({"sympy g/r/len": size, "sympy ms": seconds * 1e3,
                        "sympy / ours": seconds / ours if ours else float("nan")})
        else:
            row.update({"sympy g/r/len": f"not run (> {SYMPY_LIMIT} generators)",
                        "sympy ms": float("nan"), "sympy / ours": float("nan")})
        remainders = _remainders(hit)
        flint_s = median_seconds(lambda ms=remainders: [invariant_factors(m) for m in ms], repeats=3)
        sympy_s = median_seconds(lambda ms=remainders: [_sympy_snf(m) for m in ms], repeats=1)
        row.update({"remainder cells": sum(len(m) for m in remainders),
                    "flint SNF ms": flint_s * 1e3, "sympy SNF ms": sympy_s * 1e3,
                    "GAP / Regina (peers.md)": PEERS.get(entry["name"], "–")})
        report.rows.append(row)
    by_name = {row["complex"]: row for row in report.rows}
    report.targets["Poincaré sphere: 2 generators, total length <= 13"] = (
        by_name["PoincareSphere"]["ours g/r/len"] in {"2/2/13", "2/1/13", "2/2/12", "2/2/11"})
    if "Genus12" in by_name:
        report.targets["genus 12 simplified in under 20 ms"] = by_name["Genus12"]["ours ms"] < 20
    report.notes.append("GAP (passagemath) and Regina are not installed in this benchmark's "
                        "environment: skipped; their figures are quoted from peers.md.")
    _growth(report, (6, 12, 24) if quick else (12, 24, 48, 96))
    return report


def _growth(report: Report, genera: tuple[int, ...]) -> None:
    """Our simplification on genus-g surfaces: 2g generators and one relator of length 4g each
    time, and the time's growth exponent in the number of cells (1.0 is linear)."""
    cells, seconds = [], []
    for genus in genera:
        hit = HIT.from_simplices(surface_triangles(genus))
        generators, relators = _raw(hit)
        gens, rels, _ = simplify(generators, relators)
        assert (len(gens), len(rels), sum(map(len, rels))) == (2 * genus, 1, 4 * genus), genus
        cells.append(sum(hit.cell_counts()))
        seconds.append(median_seconds(lambda g=generators, r=relators: simplify(g, r), 3))
        report.notes.append(f"genus {genus} ({cells[-1]} cells, {len(generators)} generators "
                            f"before): 2g/1/4g in {seconds[-1] * 1e3:.1f} ms")
    exponent = growth_exponent(list(zip(cells, seconds, strict=True)))
    report.notes.append(f"simplification time grows as cells^{exponent:.2f} over genus "
                        f"{genera[0]}..{genera[-1]} (sympy's FpGroup route: genus^3.8, peers.md)")
    report.targets["simplification linear in the complex (exponent <= 1.25)"] = exponent <= 1.25

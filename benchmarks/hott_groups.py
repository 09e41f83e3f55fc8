"""π1 presentations and homology remainders on SageMath's catalogue: ours against sympy.

Per complex: our simplified presentation (spanning tree + :mod:`hott.tietze`), its size and
time, against sympy's ``simplify_presentation(change_gens=True)`` on the presentation before
our Tietze moves (spanning tree only), in the same run — skipped where that presentation has
more than ``SYMPY_LIMIT`` generators (sympy's ``FpGroup`` alone takes seconds there). Then the
non-unit remainder of every boundary matrix: FLINT's SNF per block (:mod:`hott.snf`) against
sympy's ``invariant_factors`` on the whole remainder. Last, the growth of our simplification
with the size of the complex, on orientable surfaces of growing genus
(``hott.library.surface_triangles``), as an exponent.

With ``--peers``, GAP's ``SimplifiedFpGroup`` (passagemath) and Regina's
``intelligentSimplify`` simplify the same raw presentations in the same run, in the benchmark's
own environment (``benchmarks/.peers``, a virtualenv made by pip on first use; a minute or
two): their sizes and times beside ours, and whether ours is as small on every row. Without
it their columns say "not run".
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import textwrap
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
#: The benchmark's own environment for GAP and Regina (``--peers``), and what it holds.
PEER_ENV = Path(__file__).resolve().parent / ".peers"
PEER_PACKAGES = ("regina", "passagemath-gap")
#: Run in PEER_ENV: reads [{"name", "generators", "relators": [[[index, ±1], ...], ...]}] and
#: prints, per complex, each peer's (generators, relators, total length, median ms of 3).
PEER_SCRIPT = textwrap.dedent("""
    import json, statistics, sys, time
    import regina  # before any Sage module (peers.md)
    import sage.all__sagemath_gap  # noqa: F401 - sets up libgap
    from sage.libs.gap.libgap import libgap

    def timed(fn):
        times, out = [], None
        for _ in range(3):
            start = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - start)
        return out, 1e3 * statistics.median(times)

    def with_regina(n, relators):
        given = regina.GroupPresentation(n)
        for relator in relators:
            word = regina.GroupExpression()
            for g, e in relator:
                word.addTermLast(g, e)
            given.addRelation(word)

        def once():  # a copy of the given presentation, simplified in place
            group = regina.GroupPresentation(given)
            group.intelligentSimplify()
            return group
        group, ms = timed(once)
        lengths = [r.wordLength() for r in group.relations()]
        return [group.countGenerators(), len(lengths), sum(lengths), ms]

    def with_gap(n, relators):
        free = libgap.FreeGroup(n)
        gens = free.GeneratorsOfGroup()
        words = [libgap.Product([gens[g] ** e for g, e in r]) for r in relators]
        # a fresh group each time: GAP keeps a group's simplification as an attribute
        fresh = iter([free / words for _ in range(3)])
        simple, ms = timed(lambda: libgap.SimplifiedFpGroup(next(fresh)))
        lengths = [int(libgap.Length(r)) for r in simple.RelatorsOfFpGroup()]
        return [len(simple.GeneratorsOfGroup()), len(lengths), sum(lengths), ms]

    out = {}
    for entry in json.load(sys.stdin):
        n, relators = entry["generators"], entry["relators"]
        out[entry["name"]] = {"Regina": with_regina(n, relators), "GAP": with_gap(n, relators)}
    print(json.dumps(out))
""")


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


def _peers(raw: dict[str, tuple[list[str], list]]) -> dict[str, dict[str, list]]:
    """GAP's and Regina's simplification of each raw presentation, run in :data:`PEER_ENV`
    (made by pip on first use): per complex and peer, (generators, relators, length, ms)."""
    python = PEER_ENV / "bin" / "python"
    ready = python.exists() and subprocess.run(
        [str(python), "-c", "import regina, sage.all__sagemath_gap"], capture_output=True,
        check=False).returncode == 0
    if not ready:
        subprocess.run([sys.executable, "-m", "venv", str(PEER_ENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PEER_PACKAGES], check=True)
    given = []
    for name, (generators, relators) in raw.items():
        index = {g: i for i, g in enumerate(generators)}
        given.append({"name": name, "generators": len(generators),
                      "relators": [[[index[g], e] for g, e in r] for r in relators]})
    done = subprocess.run([str(python), "-c", PEER_SCRIPT], input=json.dumps(given), text=True,
                          capture_output=True, check=False, timeout=1800,
                          env={**os.environ, "PYTHONPATH": ""})
    if done.returncode:
        raise RuntimeError(f"the peers' run failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


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


def run(quick: bool = False, peers: bool = False) -> Report:
    report = Report("hott_groups")
    entries = [e for e in json.loads(CATALOGUE.read_text(encoding="utf-8"))
               if not (quick and e["name"] in {"K3", "Genus12"})]
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    hits = {e["name"]: HIT.from_simplices(e["facets"]) for e in entries}
    raw = {name: _raw(hit) for name, hit in hits.items()}
    measured = _peers(raw) if peers else {}
    for entry in entries:
        hit = hits[entry["name"]]
        generators, relators = raw[entry["name"]]
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
                    "flint SNF ms": flint_s * 1e3, "sympy SNF ms": sympy_s * 1e3})
        size = (len(gens), sum(map(len, rels)))
        for peer in ("GAP", "Regina"):
            found = measured.get(entry["name"], {}).get(peer)
            row[f"{peer} g/r/len"] = "/".join(map(str, found[:3])) if found else "not run"
            row[f"{peer} ms"] = found[3] if found else float("nan")
            if found:
                row.setdefault("as small as both", True)
                row["as small as both"] &= size <= (found[0], found[2])
        report.rows.append(row)
    by_name = {row["complex"]: row for row in report.rows}
    report.targets["Poincaré sphere: 2 generators, total length <= 13"] = (
        by_name["PoincareSphere"]["ours g/r/len"] in {"2/2/13", "2/1/13", "2/2/12", "2/2/11"})
    if "Genus12" in by_name:
        report.targets["genus 12 simplified in under 20 ms"] = by_name["Genus12"]["ours ms"] < 20
    if measured:
        report.targets["as small as GAP's and Regina's (generators, then length) on every "
                       "complex"] = all(r["as small as both"] for r in report.rows)
        for peer in ("GAP", "Regina"):
            ratios = [r["ours ms"] / r[f"{peer} ms"] for r in report.rows if r[f"{peer} ms"] > 0]
            report.notes.append(f"ours / {peer} time: median {statistics.median(ratios):.2f}x, "
                                f"max {max(ratios):.2f}x over {len(ratios)} complexes")
    else:
        report.notes.append("GAP and Regina not run (python -m benchmarks hott_groups --peers "
                            "runs them in the benchmark's own environment)")
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
        seconds.append(median_seconds(lambda g=generators, r=relators: simplify(g, r), 5))
        report.notes.append(f"genus {genus} ({cells[-1]} cells, {len(generators)} generators "
                            f"before): 2g/1/4g in {seconds[-1] * 1e3:.1f} ms")
    exponent = growth_exponent(list(zip(cells, seconds, strict=True)))
    report.notes.append(f"simplification time grows as cells^{exponent:.2f} over genus "
                        f"{genera[0]}..{genera[-1]} (sympy's FpGroup route: genus^3.8, peers.md)")
    report.targets["simplification linear in the complex (exponent <= 1.25)"] = exponent <= 1.25

"""hott.lang checking speed: the prelude, and generated files of N lemma instances.

Timed as medians: (1) checking the shipped prelude (parse + check on top of the core); when
``hott/lang/prelude.hott`` does not exist yet, the core itself (``J``, ``refl``, the builtin data
types, ``concat``/``inv``/``ap``/``transport``/``apd``) is timed instead and the row says so;
(2) a generated file of N lemma instances (N = 125, 250, 500, 1000; a seeded mix of
associativity instances ``(x · y) · z = x · (y · z) := assoc x y z`` and right-unit instances
``x · refl = x := refl``, where x, y, z are random nested concatenations and inverses of loops
p, q, r of depth up to 4), with the growth exponent of time against N from a log-log fit.

The baseline, in the same run, is the same check with ``Signature.naive_conversion`` set: every
subtyping check of the elaborator first reads both sides back in full normal form (definitions
unfolded) and compares those, as a checker without lazy unfolding (no comparison of folded
definitions, no sharing of their values) would.
"""

from __future__ import annotations

import random
from importlib import resources

import numpy as np

from benchmarks.harness import Report, median_seconds
from hott.lang import _core
from hott.lang.builtins import core_program, declare_primitives
from hott.lang.module import check_program
from hott.lang.parser import parse
from hott.lang.signature import Signature

SEED = 20261129
MAX_DEPTH = 4
HEADER = """def assoc {A : Type} {w x y z : A} (p : w = x) (q : x = y) (r : y = z) :
    (p · q) · r = p · (q · r) :=
  J (fun z' r' => (p · q) · r' = p · (q · r')) refl r
"""


def _path(rng: random.Random, depth: int) -> str:
    """A loop at ``a``: a nested concatenation and inversion of p, q, r."""
    if depth == 0:
        return rng.choice(["p", "q", "r"])
    if rng.random() < 0.2:
        return f"{_path(rng, depth - 1)}⁻¹"
    return f"({_path(rng, depth - 1)} · {_path(rng, rng.randrange(depth))})"


def lemma_file(n: int, seed: int = SEED) -> str:
    """``assoc`` and ``n`` instances at random nesting depths (the same seed, the same file)."""
    rng = random.Random(seed)
    parts = [HEADER]
    binders = "{A : Type} {a : A} (p q r : a = a)"
    for i in range(n):
        depth = rng.randint(1, MAX_DEPTH)
        x, y, z = (_path(rng, rng.randint(0, depth)) for _ in range(3))
        if i % 2 == 0:
            parts.append(f"def assoc-{i} {binders} :\n    ({x} · {y}) · {z} = {x} · ({y} · {z}) "
                         f":=\n  assoc {x} {y} {z}\n")
        else:
            parts.append(f"def unit-{i} {binders} :\n    {x} · refl = {x} :=\n  refl\n")
    return "".join(parts)


def _base(naive: bool) -> Signature:
    base = _core().copy()
    base.naive_conversion = naive
    base.step_limit = 10**9
    return base


def _check(text: str, naive: bool, path: str) -> None:
    program = parse(text, path=path)
    check_program(program, _base(naive), path=path)


def _core_check(naive: bool) -> None:
    sig = Signature()
    sig.naive_conversion = naive
    declare_primitives(sig)
    check_program(core_program(), sig, path="<core>", internal=True)


def _growth(ns: list[int], seconds: list[float]) -> float:
    """The slope of log(time) against log(N)."""
    return float(np.polyfit(np.log(ns), np.log(seconds), 1)[0])


def run(quick: bool = False) -> Report:
    report = Report("hott_lang")
    repeats = 1 if quick else 3
    prelude = resources.files("hott.lang").joinpath("prelude.hott")
    if prelude.is_file():
        text = prelude.read_text(encoding="utf-8")
        what = f"prelude ({text.count(chr(10))} lines)"
        ours = median_seconds(lambda: _check(text, False, "prelude.hott"), repeats)
        naive = median_seconds(lambda: _check(text, True, "prelude.hott"), repeats)
    else:
        what = "core only (no prelude.hott yet)"
        ours = median_seconds(lambda: _core_check(False), repeats)
        naive = median_seconds(lambda: _core_check(True), repeats)
        report.notes.append("hott/lang/prelude.hott did not exist at this run: the prelude row "
                            "times the core (primitives, builtin data, concat/inv/ap/"
                            "transport/apd) instead.")
    report.rows.append({"input": what, "N": 0, "seconds": ours, "naive_seconds": naive,
                        "naive/ours": naive / ours, "ms_per_decl": None})
    report.targets["prelude (or core) checks in < 2 s"] = ours < 2.0

    ns = [25, 50, 100] if quick else [125, 250, 500, 1000]
    ours_t, naive_t = [], []
    for n in ns:
        text = lemma_file(n)
        ours = median_seconds(lambda t=text: _check(t, False, "lemmas.hott"), repeats)
        naive = median_seconds(lambda t=text: _check(t, True, "lemmas.hott"), repeats)
        ours_t.append(ours)
        naive_t.append(naive)
        report.rows.append({"input": f"{n} lemma instances", "N": n, "seconds": ours,
                            "naive_seconds": naive, "naive/ours": naive / ours,
                            "ms_per_decl": 1000 * ours / (n + 1)})
    slope, naive_slope = _growth(ns, ours_t), _growth(ns, naive_t)
    report.rows.append({"input": "growth exponent (log-log fit)", "N": 0, "seconds": slope,
                        "naive_seconds": naive_slope, "naive/ours": None,
                        "ms_per_decl": None})
    report.targets["lemma files grow about linearly (exponent < 1.25)"] = slope < 1.25
    report.notes.append(f"instances: seed {SEED}, nesting depth up to {MAX_DEPTH}; half "
                        "associativity by a J-proved lemma, half right units by refl.")
    report.notes.append("baseline: Signature.naive_conversion (full normal forms before every "
                        "subtyping check), same files, same run.")
    return report

"""hott.lang evaluated in the model: ``winding (loop-pow n)`` for n up to 10⁵, and the ratio to
the kernel's normaliser on the integer iteration the winding number amounts to.

The kernel cannot compute ``winding`` at all (its normal form is stuck at the axiom ``ua``), so
the ratio is taken on ``iter n = Nat-rec Int 0 (fun _ z => succ z) n`` — ``succ`` applied ``n``
times, the work transport along ``loop^n`` does in the model — at sizes the kernel reaches.
``n`` is written as a numeral (a literal in the kernel, an int in the model).
"""

from __future__ import annotations

from benchmarks.harness import Report, growth_exponent, median_seconds
from hott.lang import LangError, check_text
from hott.lang.model.interpret import Interpreter

PROGRAM = """
def iter (n : Nat) : Int := Nat-rec Int 0 (fun _ z => succ z) n
"""


def _fresh(module):
    return Interpreter(module.sig, module.path, frozenset(e.name for e in module.entries))


def run(quick: bool = False) -> Report:
    report = Report("hott_lang_model")
    sizes = [1_000, 10_000, 30_000, 100_000]
    if quick:
        sizes = sizes[:2]
    times = []
    for n in sizes:
        module = check_text(PROGRAM + f"def n : Nat := {n}\n"
                            "def w : Int := winding (loop-pow (pos n))\n", path="bench.hott")
        value = _fresh(module).value("w")
        assert value == n, (value, n)
        seconds_n = median_seconds(lambda m=module: _fresh(m).value("n"))
        seconds = median_seconds(lambda m=module: _fresh(m).value("w"))
        times.append((n, seconds))
        report.rows.append({"task": "winding (loop-pow n), model", "n": n,
                            "seconds": seconds, "of which computing n": seconds_n,
                            "kernel": "cannot compute (stuck at ua)"})
    slope = growth_exponent(times)
    report.notes.append(f"growth exponent of the model's time in n: {slope:.2f}")
    for k in (20, 50, 100, 400) if not quick else (20,):
        module = check_text(PROGRAM + f"def t : Int := iter {k}\n", path="bench.hott")
        model = median_seconds(lambda m=module: _fresh(m).value("t"), repeats=3)
        try:
            kernel = median_seconds(lambda m=module: m.normal_form("t"), repeats=3)
            verdict = f"{kernel:.3g} s (ratio kernel/model {kernel / model:.0f})"
        except LangError as error:
            verdict = f"cannot: {error.kind.value}"
        report.rows.append({"task": "iter n (succ n times), model vs kernel normaliser",
                            "n": k, "seconds": model, "of which computing n": 0.0,
                            "kernel": verdict})
    largest = max(times)
    report.targets["winding (loop-pow n) under 1 s at n = 10⁵"] = (
        largest[0] >= 100_000 and largest[1] < 1.0) if not quick else True
    report.targets["time grows about linearly in n (exponent < 1.3)"] = slope < 1.3
    return report

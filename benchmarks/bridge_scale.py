"""bridge at scale (issue #15, class 4): the data complex on unstructured codes, and one
``homotopic`` on a two-relator group, before and after the budgets.

"Before" is the code at ``BEFORE`` (``git archive`` into a temporary folder), "after" today's;
each task runs alone in a subprocess under a 4 GB address-space cap (``RLIMIT_AS``) and a
wall-clock timeout (its seconds do not count the imports), and ends in seconds, "out of memory", "timed out", or the BridgeError /
undecided answer it gave. Growth exponents (slope of log time against log n) are given where
every size of a series ended in a number of seconds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import Report, growth_exponent, unpack_commit

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "8e37e31"  # before choose_scale's Ripser cut-off (f01c1b4) and the simplex budgets
MEMORY = 4 * 2**30

#: (task, n codes, dimension, landmarks); n landmarks = every code.
COMPLEXES = [("data complex", 1_000, 8, 1_000), ("data complex", 2_000, 8, 2_000),
             ("data complex", 4_000, 8, 4_000), ("data complex", 100_000, 16, 250)]
QUICK = [("data complex", 1_000, 8, 1_000), ("data complex", 100_000, 16, 250)]
HOMOTOPIC = ("homotopic, two relators", "a b a^-1 b^-2 ; b c b^-1 c^-2",
             "a c a^-1 c a c^-1 a^-1 c^-1")

MEASURE = r'''
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
task = json.loads(sys.argv[1])
import numpy as np
from bridge.complex import DataComplex
from hott import HIT
from hottbridge.errors import HottBridgeError
start = time.perf_counter()  # imports (TensorFlow among them) not counted
out = {}
try:
    if task[0] == "data complex":
        _, n, d, landmarks = task
        codes = np.random.default_rng(0).normal(size=(n, d))
        complex_ = DataComplex(n_landmarks=landmarks).fit(codes)
        out["simplices"] = sum(complex_.hit_.cell_counts())
        out["outcome"] = f"built, scale {complex_.scale_:.3g}, Betti {complex_.betti_numbers()}"
    else:
        _, relators, loop = task
        hit = HIT("BS chain").point("x")
        for g in "abc":
            hit = hit.path(g, "x", "x")
        for i, r in enumerate(relators.split(" ; ")):
            hit = hit.cell(f"r{i}", r)
        decision = hit.homotopic(loop, "refl")
        out["outcome"] = str(decision)[:160]
except MemoryError:
    out["outcome"] = "out of memory"
except HottBridgeError as error:
    out["outcome"] = f"{type(error).__name__}: {error}"[:400]
out["seconds"] = time.perf_counter() - start
print(json.dumps(out))
'''


def _measure(tree: Path, task: tuple, timeout: float) -> dict:
    """One task against the packages in ``tree``, in a capped subprocess."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", MEASURE, json.dumps(task), str(MEMORY)], cwd=tree,
            capture_output=True, text=True, timeout=timeout, check=False,
            env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin", "CUDA_VISIBLE_DEVICES": ""})
    except subprocess.TimeoutExpired:
        return {"outcome": f"timed out ({timeout:.0f} s)", "seconds": None}
    if result.returncode != 0:
        memory = any(s in result.stderr for s in ("bad_alloc", "MemoryError", "Cannot allocate"))
        tail = result.stderr.strip().splitlines()[-1:] or [f"exit {result.returncode}"]
        return {"outcome": "out of memory" if memory else f"crashed: {tail[0][:120]}",
                "seconds": None}
    out = json.loads(result.stdout.strip().splitlines()[-1])
    if "out of memory" in out["outcome"]:
        out["seconds"] = None
    return out


def run(quick: bool = False) -> Report:
    report = Report("bridge_scale")
    timeout = 15.0 if quick else 30.0
    tasks = [*(QUICK if quick else COMPLEXES), HOMOTOPIC]
    with tempfile.TemporaryDirectory(prefix="bridge_scale_") as folder:
        old = unpack_commit(BEFORE, ["hott", "learn", "bridge", "hottbridge"], Path(folder))
        for task in tasks:
            for label, tree in (("before", old), ("after", ROOT)):
                out = _measure(tree, task, timeout)
                size = f"n={task[1]}, {task[2]}-D, {task[3]} landmarks" if len(task) == 4 else (
                    f"<a,b,c | {task[1]}>, loop {task[2]}")
                report.rows.append({"task": task[0], "size": size, "code": label,
                                    "seconds": out["seconds"],
                                    "simplices": out.get("simplices", ""),
                                    "outcome": out["outcome"]})
    for label in ("before", "after"):
        series = [(int(r["size"].split(",")[0][2:]), r["seconds"]) for r in report.rows
                  if r["code"] == label and r["task"] == "data complex" and "8-D" in r["size"]]
        if len(series) > 1 and all(s is not None for _, s in series):
            report.notes.append(f"data complex, 8-D, n landmarks = n: growth exponent {label} "
                                f"{growth_exponent(series):.2f} (of the time to the answer given)")
        else:
            report.notes.append(f"data complex, 8-D: no growth exponent {label} (not every size "
                                "ended in seconds)")
    report.targets["after: every task ends within the timeout and the memory cap"] = all(
        r["seconds"] is not None for r in report.rows if r["code"] == "after")
    report.notes.append(f"before = git archive of {BEFORE}; each task alone in a subprocess "
                        f"under RLIMIT_AS {MEMORY // 2**30} GB and a {timeout:.0f} s timeout")
    return report

"""hott at scale (issue #15, classes 1-3): powers in words, transport per letter, bulk builders.

Each task is timed at growing sizes on today's code and on the code before this work — the
commit before run-length words (``BEFORE``), unpacked with ``git archive`` into a temporary
folder and run in a subprocess with the same measuring script — and the growth exponent
(slope of log time against log size) is given for both. Transport is also compared with a copy
of the old algorithm kept in this file (a sympy ``Matrix`` product per letter, as
``AffineMap.then`` did), in this process.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Report, growth_exponent, unpack_commit

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "fc784a9"  # the parent of the first run-length commit (0ebfc8a)

#: task -> (sizes before, sizes now); the old code is quadratic or worse, so it gets smaller n.
SIZES = {
    "winding_number('loop^n')": ([1_000, 3_000, 10_000], [10**3, 10**6, 10**9, 2**70]),
    "winding of an n-letter word": ([1_000, 3_000, 10_000], [10**4, 10**5, 10**6]),
    "n chained .path() calls": ([1_000, 2_000, 4_000], [10**4, 3 * 10**4, 10**5]),
    "sphere(n)": ([50, 100, 200], [800, 3_200, 12_800]),
}
QUICK = {
    "winding_number('loop^n')": ([1_000, 3_000], [10**3, 2**70]),
    "winding of an n-letter word": ([1_000, 3_000], [10**4, 10**5]),
    "n chained .path() calls": ([1_000, 2_000], [10**4, 3 * 10**4]),
    "sphere(n)": ([50, 100], [800, 3_200]),
}

MEASURE = r'''
import json, random, sys, time
from hott import HIT, Path, winding_number
from hott.library import circle, sphere

def task(name, n):
    if name == "winding_number('loop^n')":
        return lambda: winding_number(f"loop^{n}")
    if name == "winding of an n-letter word":
        rng = random.Random(0)
        s1 = circle()
        path = Path(s1, "base", "base", tuple(("loop", rng.choice((1, -1))) for _ in range(n)))
        return lambda: winding_number(path, s1)
    if name == "n chained .path() calls":
        def build():
            hit = HIT("X").point("b")
            for i in range(n):
                hit = hit.path(f"e{i}", "b", "b")
            return hit
        return build
    if name == "sphere(n)":
        return lambda: sphere(n)
    raise KeyError(name)

out = {}
for name, sizes in json.loads(sys.argv[1]).items():
    out[name] = []
    for n in sizes:
        fn = task(name, n)
        start = time.perf_counter()
        fn()
        out[name].append((n, time.perf_counter() - start))
print(json.dumps(out))
'''


def _measure(tree: Path, sizes: dict[str, list[int]]) -> dict[str, list[tuple[int, float]]]:
    """Run the measuring script against the ``hott`` in ``tree`` (a subprocess)."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, json.dumps(sizes)], cwd=tree, capture_output=True,
        text=True, check=True, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
    )
    return {k: [tuple(x) for x in v] for k, v in json.loads(result.stdout).items()}


def _old_transport(letters: list[tuple[str, int]]) -> int:
    """The old algorithm, copied as the baseline: one sympy affine composition per letter
    (``AffineMap.then`` before this work), the circle's loop acting by x ↦ x + 1."""
    from sympy import Matrix

    step = {1: (Matrix([[1]]), Matrix([1])), -1: (Matrix([[1]]), Matrix([-1]))}
    matrix, shift = Matrix([[1]]), Matrix([0])
    for _, sign in letters:
        a, b = step[sign]
        matrix, shift = a * matrix, a * shift + b
    return int(shift[0])


def run(quick: bool = False) -> Report:
    report = Report("hott_scale")
    sizes = QUICK if quick else SIZES
    now = _measure(ROOT, {k: v[1] for k, v in sizes.items()})
    with tempfile.TemporaryDirectory(prefix="hott_scale_") as folder:
        old = unpack_commit(BEFORE, ["hott", "hottbridge"], Path(folder))
        before = _measure(old, {k: v[0] for k, v in sizes.items()})
    for name in sizes:
        for label, points in (("before", before[name]), ("now", now[name])):
            for n, seconds in points:
                report.rows.append({"task": name, "code": label, "n": n, "seconds": seconds})
        b, a = growth_exponent(before[name]), growth_exponent(now[name])
        common = [n for n, _ in before[name] if n in dict(now[name])]
        ratio = ""
        if common:
            ratio = f"; at n={common[-1]}: {dict(before[name])[common[-1]] / dict(now[name])[common[-1]]:.0f}x"
        report.notes.append(f"{name}: growth exponent before {b:.2f}, now {a:.2f}{ratio}")

    from hott import Path as HottPath
    from hott import winding_number
    from hott.library import circle

    rng = random.Random(0)
    for n in (2_000, 10_000) if quick else (2_000, 10_000, 30_000):
        letters = [("loop", rng.choice((1, -1))) for _ in range(n)]
        start = time.perf_counter()
        old_value = _old_transport(letters)
        old = time.perf_counter() - start
        s1 = circle()
        start = time.perf_counter()
        new_value = winding_number(HottPath(s1, "base", "base", tuple(letters)), s1)
        new = time.perf_counter() - start
        assert old_value == new_value
        report.rows.append({"task": "transport per letter: old algorithm (copy) vs now",
                            "code": f"old {old:.3g} s", "n": n, "seconds": new})
        report.notes.append(f"transport of {n} letters: old algorithm {old / n * 1e6:.0f} µs per "
                            f"letter, now {new / n * 1e6:.2f} µs ({old / new:.0f}x)")
    million = dict(now["winding of an n-letter word"]).get(10**6)
    if million is not None:
        report.targets["winding of a million-letter word under 1 s"] = million < 1.0
    report.targets["winding_number('loop^(2^70)') answered"] = 2**70 in dict(
        now["winding_number('loop^n')"]) or quick
    report.notes.append(f"before = git archive of {BEFORE} run in a subprocess; parse_hit is not "
                        "measured: hott/hitfile.py was removed (replaced by the hott.lang files)")
    return report

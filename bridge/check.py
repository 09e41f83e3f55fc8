"""A whole check run: calibrate, draw paths, run every law, realize the HIT, report.

:func:`run_check` is what ``hottbridge check`` and ``hottbridge demo`` run. Paths join seeded
random pairs of data points, drawn once as one chain (each path starts where the previous one
ends); each law of :data:`~bridge.laws.PATH_LAWS` is checked on the cases that chain gives, for
the straight line and for the data geodesic, so the report shows which interpolation stays in
the data region.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from bridge.interpolators import make_interpolator
from bridge.laws import ALPHA, PATH_LAWS, LawResult, PathLaws
from bridge.model import Codec
from bridge.paths import DataPath
from bridge.realization import LoopSpec, random_word_pairs
from bridge.report import CheckReport, assemble
from hott import HIT
from hottbridge.errors import BridgeError

__all__ = ["HOMOTOPY_PATHS", "INTERPOLATORS", "LoopSpec", "run_check"]

#: The interpolators a check run compares.
INTERPOLATORS = ("linear", "data_geodesic")
#: Laws decided in the data complex (a homotopy question per case) use the first this many
#: paths of the chain.
HOMOTOPY_PATHS = 16


def run_check(codec: Codec, data: Any, *, hit: HIT | None = None, loops: LoopSpec | None = None,
              n_paths: int = 48, steps: int = 24, n_landmarks: int = 250, percentile: float = 95,
              alpha: float = ALPHA, opposite: tuple[int, int] | None = None, seed: int = 0,
              out: str | Path | None = None) -> CheckReport:
    """Check the path laws of ``codec`` on ``data`` and, given ``hit`` and ``loops``, its
    realization. ``opposite`` names two data indices far apart along the data (e.g. opposite
    angles of a rotating glyph) for the linear-versus-geodesic comparison. ``alpha`` is the
    false-alarm rate of the whole run: statistical rules share it over every case they test
    (Bonferroni)."""
    if (hit is None) != (loops is None):
        raise BridgeError("a realization needs both the HIT and how the data traces it (loops)")
    laws = PathLaws(codec, data, percentile=percentile, alpha=alpha, n_landmarks=n_landmarks,
                    seed=seed)
    rng = np.random.default_rng(seed)
    codes = laws.codes
    chain = rng.choice(len(codes), size=n_paths + 2, replace=len(codes) < n_paths + 2)
    results: list[LawResult] = []
    drawn_opposite: dict[str, DataPath] = {}
    family = len(INTERPOLATORS) * sum(
        n_paths - law.arity + 1 for law in PATH_LAWS.values() if law.statistical)
    for name in INTERPOLATORS:
        make = make_interpolator(name, steps=steps, complex_=laws.complex)
        paths = [DataPath(make(codes[a], codes[b]), int(a), int(b), name)
                 for a, b in pairwise(chain[:n_paths + 1])]
        for law in PATH_LAWS.values():
            cases = law.windows(paths, HOMOTOPY_PATHS if law.decided else None)
            result = law.check(laws, cases, family if law.statistical else None)
            results.append(replace(result, details={**result.details, "interpolator": name}))
        if opposite is not None:
            a, b = opposite
            drawn_opposite[name] = DataPath(make(codes[a], codes[b]), a, b, name)
    realization = None
    if hit is not None and loops is not None:
        realization = loops.realize(hit, codes, laws.complex, laws.stability)
        results += [realization.endpoint_check(), realization.cells_check(),
                    realization.functoriality(random_word_pairs(hit, rng)),
                    realization.homology_check()]
    return assemble(laws, results, seed=seed, realization=realization, opposite=drawn_opposite,
                    out=out)

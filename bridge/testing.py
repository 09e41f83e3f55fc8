"""Property tests of a trained model's latent paths, for a user's own test suite and CI.

:func:`assert_path_laws` calibrates once (:func:`calibrate`: the model's own errors on the data
and the data complex), then checks each law under hypothesis: every example is one drawn case
(a path between two data points, a composable pair or a composable triple), so a failure
shrinks to a case with small data indices. It raises an ``AssertionError`` that names each
failing law with its shrunk counterexample and the worst case seen; it returns the
:class:`~bridge.laws.LawResult` list when every law holds. :func:`check_path_laws` returns the
same list without raising.

Homotopy laws (units, inverses, associativity, functoriality, 2-cells) are decided in the data
complex; a case the word problem cannot decide is *undecided*: not a failure, never a pass.
Such a law's result has ``passed=None`` and an :class:`UndecidedLawWarning` is issued.

Path ends are drawn among the data points the model itself handles within the tolerances (its
own reconstruction and cycle errors within the percentile): the laws ask whether paths do as
well as the data, so the model's own worst points are not path ends. ``details["ends drawn
from"]`` says how many points that leaves.
"""

from __future__ import annotations

import math
import sys
import warnings
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import HealthCheck, Verbosity, given, settings, target
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from bridge.cases import Case
from bridge.complex import DataComplex
from bridge.laws import PATH_LAWS, LawResult, PathLaws, path_laws
from bridge.paths import DataPath
from bridge.realization import Realization
from bridge.strategies import (
    Interpolator,
    chain_indices,
    interpolator_name,
    path_chains,
    realization_word_pairs,
)
from hottbridge.errors import BridgeError

__all__ = ["LAWS", "UndecidedLawWarning", "assert_path_laws", "calibrate", "check_path_laws"]

#: The names of the path laws (:data:`bridge.laws.PATH_LAWS`), in the order they run.
LAWS = tuple(PATH_LAWS)

#: Automatic step count: enough steps that a straight path across the data's codes moves at
#: most a third of the complex's scale per step, within these bounds.
MIN_STEPS, MAX_STEPS = 16, 128


class UndecidedLawWarning(UserWarning):
    """Some homotopy cases could not be decided: those laws neither passed nor failed."""


def calibrate(model: Any, data: Any, *, percentile: float = 95.0, n_landmarks: int = 250,
              jump_factor: float = 10.0, complex_: DataComplex | None = None,
              seed: int = 0) -> PathLaws:
    """:class:`PathLaws` for ``model`` on ``data`` (tolerances calibrated on the data, never
    below float32 rounding)."""
    return PathLaws(model, data, complex_, percentile=percentile, jump_factor=jump_factor,
                    n_landmarks=n_landmarks, seed=seed)


@dataclass
class _Violation(Exception):
    """Raised inside the hypothesis test for a failing case, so hypothesis shrinks it."""

    case: Any
    result: LawResult


@dataclass
class _Law:
    """How to run one law under hypothesis: cases, their check, key and description."""

    name: str
    cases: st.SearchStrategy[Any]
    check: Callable[[Any], LawResult]
    key: Callable[[Any], Hashable]
    describe: Callable[[Any], str]


def check_path_laws(model: Any, data: Any = None, laws: Sequence[str] = LAWS,
                    hit: Realization | None = None,
                    interpolator: str | Interpolator = "linear", *, max_examples: int = 25,
                    steps: int | None = None, seed: int = 0, percentile: float | None = None,
                    n_landmarks: int = 250, jump_factor: float = 10.0) -> list[LawResult]:
    """Run the laws and return one :class:`LawResult` per law (then the realization's), without
    raising for failures. See :func:`assert_path_laws` for the arguments."""
    chosen = path_laws(laws)
    for name, value in (("max_examples", max_examples), ("steps", 1 if steps is None else steps)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise BridgeError(f"{name} must be a positive integer, got {value!r}")
    if hit is not None and not isinstance(hit, Realization):
        raise BridgeError(f"hit must be a bridge.realization.Realization (the HIT with the latent "
                          f"codes and paths of its constructors), got {type(hit).__name__}")
    calibrated = _calibrated(model, data, hit, percentile, n_landmarks, jump_factor, seed)
    steps = _auto_steps(calibrated) if steps is None else steps
    allowed = _well_handled(calibrated)
    if len(allowed) == 0:
        raise BridgeError(f"no data point has its own errors within the tolerances at "
                          f"percentile {calibrated.percentile}: calibrate at a higher percentile")
    chains = {arity: path_chains(calibrated.codes, arity, interpolator, steps=steps,
                                 complex_=calibrated.complex, decoder=calibrated.codec,
                                 indices=allowed)
              for arity in sorted({law.arity for law in chosen})}
    drawn = {"interpolator": interpolator_name(interpolator), "steps": steps,
             "ends drawn from": f"{len(allowed)} of {len(calibrated.codes)} data points"}
    results = []
    for path_law in chosen:
        law = _Law(path_law.name, chains[path_law.arity],
                   lambda chain, path_law=path_law: path_law.check(
                       calibrated, [chain], max_examples if path_law.statistical else None),
                   chain_indices, _describe_chain)
        results.append(_run(law, max_examples, seed, drawn))
    if hit is not None:
        results += [hit.endpoint_check(), hit.cells_check()]
        law = _Law("functoriality", realization_word_pairs(hit),
                   lambda pair: hit.functoriality([pair]),
                   lambda pair: (str(pair[0]), str(pair[1])),
                   lambda pair: f"words p = {pair[0]}, q = {pair[1]}")
        results.append(_run(law, max_examples, seed, {"hit": hit.hit.name}))
    undecided = [r for r in results if r.undecided]
    if undecided:
        warnings.warn(UndecidedLawWarning(
            "homotopy undecided (neither passed nor failed) for "
            + "; ".join(f"{r.law}: {r.undecided} of {r.checked} cases"
                        + (f" ({r.details['undecided reasons'][0]})"
                           if r.details.get("undecided reasons") else "")
                        for r in undecided)), stacklevel=_outside_this_module())
    return results


def assert_path_laws(model: Any, data: Any = None, laws: Sequence[str] = LAWS,
                     hit: Realization | None = None,
                     interpolator: str | Interpolator = "linear", *, max_examples: int = 25,
                     steps: int | None = None, seed: int = 0, percentile: float | None = None,
                     n_landmarks: int = 250, jump_factor: float = 10.0) -> list[LawResult]:
    """Check the path laws of ``model`` on ``data`` under hypothesis; raise an
    ``AssertionError`` naming every failing law with its shrunk counterexample.

    Args:
        model: a :class:`PathLaws` (calibrated once, e.g. the ``hottbridge_laws`` fixture; then
            leave ``data`` out), a :class:`~bridge.model.Codec`, or a model with ``.encoder``
            and ``.decoder``.
        data: the samples to calibrate on and draw path ends from (not with a PathLaws).
        laws: a subset of :data:`LAWS`.
        hit: a :class:`Realization`: also check its endpoints, 2-cells, and functoriality on
            random composable words (its data complex is reused for calibration).
        interpolator: "linear", "slerp", "data_geodesic", "riemannian_geodesic" (slow: one
            optimisation per path) or a function ``(a, b) -> LatentPath``.
        max_examples: hypothesis examples per law (one case each).
        steps: steps per path (default: enough for the complex's scale, 16 to 128).
        seed: seeds hypothesis (same seed, same cases) and the calibration's landmarks.
        percentile, n_landmarks, jump_factor: calibration (:func:`calibrate`; default
            percentile 95), used when ``model`` is not already a PathLaws.

    Returns the results (undecided homotopy laws have ``passed=None`` and warn).
    """
    results = check_path_laws(model, data, laws, hit, interpolator, max_examples=max_examples,
                              steps=steps, seed=seed, percentile=percentile,
                              n_landmarks=n_landmarks, jump_factor=jump_factor)
    failed = [r for r in results if r.passed is False]
    if failed:
        raise AssertionError(_failure_message(failed, len(results)))
    return results


def _failure_message(failed: Sequence[LawResult], total: int) -> str:
    """Each failing law, in the order checked: its shrunk counterexample (measured value,
    tolerance, where it fails) and the worst case seen."""
    lines = [f"{len(failed)} of {total} path laws fail: " + ", ".join(r.law for r in failed)]
    for result in failed:
        details = result.details
        context = ", ".join(f"{k} {details[k]}" for k in ("interpolator", "steps", "hit")
                            if k in details)
        counts = f"{result.failures} of {result.checked} cases fail"
        lines += ["", f"{result.law} FAILS ({context + ', ' if context else ''}{counts})"]
        shrunk = details.get("counterexample")
        if shrunk is None:
            lines.append(f"  {_measured(result.value, result.tolerance)}{result.where}")
            continue
        lines.append(f"  shrunk counterexample: {shrunk['case']}")
        lines.append(f"  {_measured(shrunk['value'], shrunk['tolerance'])}{shrunk['where']}")
        worst = details["worst case"]
        if worst["case"] != shrunk["case"]:
            lines.append(f"  worst case seen: {worst['case']}"
                         + (f" (measured {worst['value']:.4g})" if worst["value"] is not None
                            else ""))
    return "\n".join(lines)


def _measured(value: float | None, tolerance: float | None) -> str:
    """"measured v, tolerance t: " (empty when the failure has no measured value)."""
    if value is None:
        return ""
    return f"measured {value:.4g}, tolerance {tolerance:.4g}: " if tolerance is not None else (
        f"measured {value:.4g}: ")


# ------------------------------------------------------------------------ helpers
def _outside_this_module() -> int:
    """The ``stacklevel`` of the first caller outside this module (a warning points there)."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame, level = frame.f_back, level + 1
    return level


def _calibrated(model: Any, data: Any, hit: Realization | None, percentile: float | None,
               n_landmarks: int, jump_factor: float, seed: int) -> PathLaws:
    if isinstance(model, PathLaws):
        if data is not None:
            raise BridgeError("the PathLaws already holds its data: call with data left out")
        if percentile is not None and percentile != model.percentile:
            raise BridgeError(f"the PathLaws was calibrated at percentile {model.percentile}, "
                              f"not {percentile}: calibrate again to change it")
        return model
    if data is None:
        raise BridgeError("data is needed to calibrate the laws (or pass a PathLaws as model)")
    return calibrate(model, data, percentile=95.0 if percentile is None else percentile,
                     n_landmarks=n_landmarks, jump_factor=jump_factor,
                     complex_=hit.complex if hit is not None else None, seed=seed)


def _auto_steps(laws: PathLaws) -> int:
    landmarks = laws.complex.landmarks_
    diameter = float(np.max(np.linalg.norm(landmarks[:, None] - landmarks[None], axis=-1)))
    wanted = math.ceil(3 * diameter / laws.complex.scale_) if laws.complex.scale_ > 0 else 0
    return int(np.clip(wanted, MIN_STEPS, MAX_STEPS))


def _well_handled(laws: PathLaws) -> np.ndarray:
    """Data indices whose own reconstruction and cycle errors are within the tolerances."""
    good = (laws.reconstruction_errors <= laws.endpoint_tolerance) & (
        laws.cycle_errors <= laws.cycle_tolerance)
    return np.flatnonzero(good)


def _describe_chain(chain: tuple[DataPath, ...]) -> str:
    ends = " -> ".join(f"data[{i}]" for i in chain_indices(chain))
    kind = {1: "path", 2: "composable pair", 3: "composable triple"}[len(chain)]
    each = " each" if len(chain) > 1 else ""
    return f"{chain[0].interpolator} {kind} {ends} ({chain[0].path.steps} steps{each})"


def _ratio(result: LawResult) -> float | None:
    """Measured value over tolerance, when both are finite and the tolerance positive."""
    value, tolerance = result.value, result.tolerance
    if value is None or not tolerance or not math.isfinite(value):
        return None
    return value / tolerance


def _severity(result: LawResult) -> float:
    """How far over its tolerance a failed result is; inf for a failed decision (zero
    tolerance) or an infinite value; 0 when passed or when nothing was measured."""
    if result.passed is not False or result.value is None:
        return 0.0
    ratio = _ratio(result)
    return math.inf if ratio is None else ratio


def _run(law: _Law, max_examples: int, seed: int, context: dict[str, Any]) -> LawResult:
    """The law under hypothesis: each example one case; the aggregate over distinct cases,
    with the shrunk counterexample and the worst case seen in ``details``."""
    seen: dict[Hashable, tuple[Any, LawResult]] = {}

    @settings(max_examples=max_examples, deadline=None, database=None, derandomize=False,
              verbosity=Verbosity.quiet, report_multiple_bugs=False, print_blob=False,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @hypothesis_seed(seed)
    @given(law.cases)
    def run(case: Any) -> None:
        result = law.check(case)
        seen[law.key(case)] = (case, result)
        ratio = _ratio(result)
        if ratio is not None:  # steer the search towards the worst cases
            target(ratio, label=law.name)
        if result.passed is False:
            raise _Violation(case, result)

    shrunk: _Violation | None = None
    try:
        run()
    except _Violation as violation:
        shrunk = violation
    outcomes = [result for _, result in seen.values()]
    first = outcomes[0]
    details: dict[str, Any] = {**context, "examples": max_examples, "seed": seed}
    reasons = [reason for r in outcomes for reason in r.details.get("undecided reasons", [])]
    if reasons:
        details["undecided reasons"] = list(dict.fromkeys(reasons))[:3]  # distinct, in order
    cases = [Case(f"{law.describe(case)}, {c.label}", c.outcome, c.reason, c.value)
             for case, result in seen.values() for c in result.cases]
    if shrunk is not None:
        failing = [(case, r) for case, r in seen.values() if r.passed is False]
        worst_case, worst = max(failing, key=lambda item: _severity(item[1]))
        details["counterexample"] = {
            "case": law.describe(shrunk.case), "value": shrunk.result.value,
            "tolerance": shrunk.result.tolerance, "where": shrunk.result.where}
        details["worst case"] = {"case": law.describe(worst_case), "value": worst.value}
    values = [r.value for r in outcomes if r.value is not None and math.isfinite(r.value)]
    result = LawResult.from_cases(first.law, cases, value=max(values, default=None),
                                  tolerance=first.tolerance, measure=first.measure,
                                  rule=first.rule, details=details, caveat=first.caveat)
    if shrunk is not None:
        result.where = f"{law.describe(shrunk.case)}: {shrunk.result.where}"
    return result

"""The path laws, checked on a trained model in the region its data occupies.

:class:`PathLaws` calibrates once on the data — codes, the model's own reconstruction errors,
its cycle errors ‖E(D(z)) − z‖, and the data complex — and then checks batches of latent paths.
Every check returns a :class:`LawResult`: each case's outcome (held, failed, not applicable —
with the reason, e.g. "left the data region at step 12" — or undecided, with the reason), the
counts, the worst measured value and what it measures, the tolerance and the rule that compares
them. A law with no applicable case neither passes nor fails. Paths of a batch are decoded
together (one decoder pass per batch).

:data:`PATH_LAWS` is the one registry of the path laws — name (the :class:`PathLaws` method
and the name on its results), arity (how many composable paths one case takes) and whether
its cases are homotopy questions — and :meth:`Law.check` the one way to run a law on drawn
cases; a check run, :mod:`bridge.testing` and the pytest plugin all go through it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from operator import is_
from typing import Any

import numpy as np

from bridge.cases import (
    FAILED,
    HELD,
    NOT_APPLICABLE,
    UNDECIDED,
    Case,
    Cases,
    Windows,
    columns,
)
from bridge.complex import DataComplex, Projection
from bridge.model import Codec
from bridge.paths import DataPath, LatentPath
from bridge.stability import Stability, complex_stability
from hott import Decision
from hottbridge.errors import BridgeError


@dataclass
class LawResult:
    """One law over a batch of cases.

    ``passed`` is False when some case failed; otherwise None when some case is undecided or
    no case applies, and True when at least one case held and every other did not apply.
    ``value`` is the worst value measured over the applicable cases and ``measure`` says what
    it is; ``tolerance`` is what it was compared with and ``rule`` states the comparison, so a
    row's status follows from its shown numbers. ``cases`` holds every case's outcome;
    ``caveat`` marks a result whose decisions were made in a complex of unstable Betti numbers.
    """

    law: str
    passed: bool | None
    value: float | None
    tolerance: float | None
    checked: int
    failures: int = 0
    undecided: int = 0
    where: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    measure: str = ""
    not_applicable: int = 0
    cases: Sequence[Case] = field(default_factory=list)
    rule: str = ""
    caveat: str = ""

    def __post_init__(self) -> None:
        expected = False if self.failures else (None if self.undecided or not self.held else True)
        if self.passed is not expected:
            raise BridgeError(
                f"{self.law}: passed={self.passed!r} contradicts its counts ({self.held} held, "
                f"{self.failures} failed, {self.not_applicable} not applicable, "
                f"{self.undecided} undecided)")

    @property
    def held(self) -> int:
        """The cases that held."""
        return self.checked - self.failures - self.undecided - self.not_applicable

    @property
    def status(self) -> str:
        """"passed", "failed", "undecided" (some case undecided, none failed) or "not
        applicable" (no case applies: neither passed nor failed)."""
        if self.passed is None:
            return "undecided" if self.undecided else "not applicable"
        return "passed" if self.passed else "failed"

    @classmethod
    def from_cases(cls, law: str, cases: Sequence[Case], *, value: float | None = None,
                   tolerance: float | None = None, measure: str = "", rule: str = "",
                   details: dict[str, Any] | None = None, caveat: str = "") -> LawResult:
        """A law from its cases' outcomes (:class:`Case` objects, or their columns as
        :class:`Cases`): counts, status and ``where`` (the first failing case, else the first
        undecided one, with its reason) follow from them."""
        cases = Cases.of(cases)
        count = cases.counts()
        failures, undecided = count[FAILED], count[UNDECIDED]
        shown = cases.first(FAILED) or cases.first(UNDECIDED)
        held = count[HELD]
        passed = False if failures else (None if undecided or not held else True)
        return cls(law, passed, value, tolerance, len(cases), failures, undecided,
                   f"{shown.label}: {shown.reason}" if shown else "", dict(details or {}),
                   measure, count[NOT_APPLICABLE], cases, rule, caveat)

    @classmethod
    def from_decisions(cls, law: str, outcomes: Sequence[tuple[str, Decision | str]],
                       caveat: str = "") -> LawResult:
        """A law decided case by case: each outcome is a homotopy :class:`Decision`, or the
        reason a case does not apply (e.g. it leaves the data region). ``value`` counts the
        failing cases (tolerance 0); undecided cases are counted, never passed."""
        cases = [Case(label, NOT_APPLICABLE, outcome) if isinstance(outcome, str) else Case(
            label, {True: HELD, False: FAILED, None: UNDECIDED}[outcome.value],
            "" if outcome.value else outcome.reason) for label, outcome in outcomes]
        result = cls.from_cases(law, cases, tolerance=0.0, measure=FAILING_CASES,
                                rule="fails when a case is disproved", caveat=caveat)
        result.value = float(result.failures) if result.held + result.failures else None
        reasons = [c.reason for c in cases if c.outcome == UNDECIDED]
        if reasons:
            result.details["undecided reasons"] = list(dict.fromkeys(reasons))[:3]
        return result

    def to_dict(self, cases: bool = True) -> dict[str, Any]:
        """The fields, the counts and the status as plain JSON-serialisable values (without the
        per-case outcomes when ``cases`` is False)."""
        out = asdict(replace(self, cases=[]))
        if cases:
            out["cases"] = [asdict(case) for case in self.cases]
        else:
            del out["cases"]
        out["status"], out["held"] = self.status, self.held
        return out


#: The ``measure`` of a law decided case by case: its value counts the failing cases.
FAILING_CASES = "failing cases"

#: Model outputs are float32: differences below this many float32 epsilons (relative to the
#: size of the codes or data) are rounding, and tolerances are never set below them.
FLOAT32_SLACK = 64
#: Projections a :class:`PathLaws` remembers (then it forgets them all and starts again).
PROJECTIONS_KEPT = 4096
#: What a :class:`PathLaws` remembers between laws (:meth:`PathLaws.forget` drops it).
REMEMBERED = ("_last_batch", "_last_decoded", "_projections")
#: The false-alarm rate of a check, by default.
ALPHA = 0.01


def _rms(difference: np.ndarray) -> np.ndarray:
    return np.sqrt(np.mean(np.square(difference), axis=-1))


def _step_lengths(curves: np.ndarray, block: int = 128) -> np.ndarray:
    """The (n, m − 1) Euclidean lengths of the steps of (n, m, k) curves, in float64 (the
    difference of two float32 values is exact in float64, so a float32 decoder's curves are
    never copied whole to float64), ``block`` curves at a time so the differences stay in
    cache; the same numbers as ``numpy.linalg.norm(numpy.diff(curves), axis=2)``."""
    n, m, k = curves.shape
    lengths = np.empty((n, m - 1))
    steps = np.empty((min(n, block), m - 1, k))
    for start in range(0, n, block):
        part, step = curves[start:start + block], steps[:min(block, n - start)]
        np.subtract(part[:, 1:], part[:, :-1], out=step, dtype=np.float64)
        np.add.reduce(np.multiply(step, step, out=step), axis=2, out=lengths[start:start + block])
    return np.sqrt(lengths, out=lengths)


def conformal_quantile(scores: np.ndarray, level: float) -> tuple[float, float]:
    """(q, p): the ⌈(n + 1)·level⌉-th smallest of ``n`` scores (the largest, if that exceeds
    n) and the bound p = (n + 1 − k)/(n + 1) on the chance that one more score exchangeable
    with them exceeds q (split-conformal)."""
    ordered = np.sort(np.asarray(scores, dtype=float))
    n = len(ordered)
    k = min(n, max(1, math.ceil((n + 1) * level)))
    return float(ordered[k - 1]), (n + 1 - k) / (n + 1)


def allowed_exceedances(steps: int, p: float, alpha: float) -> int:
    """The most steps of ``steps`` that may exceed a quantile of exceedance chance ``p`` before
    the binomial tail P(Binomial(steps, p) > allowed) drops to ``alpha`` or below."""
    from scipy.stats import binom

    allowed = 0
    while allowed < steps and binom.sf(allowed, steps, p) > alpha:
        allowed += 1
    return allowed


class PathLaws:
    """Path laws for one model and one data set, calibrated as tests (see docs/bridge-laws.md).

    A model whose paths behave like its data passes every law of a check with probability at
    least 1 − ``alpha``: the only law with a statistical rule, cycle consistency, compares a
    path's count of steps above the data's ``percentile`` (a split-conformal quantile of the
    cycle errors on the data codes) with a binomial bound at ``alpha`` divided by the number of
    cases tested (Bonferroni); every other rule is deterministic (an exact comparison, up to
    float32 rounding) or a fixed factor. A law fails only where a path does measurably worse
    than the data.
    """

    def __init__(self, codec: Codec, data: Any, complex_: DataComplex | None = None, *,
                 percentile: float = 95.0, alpha: float = ALPHA, jump_factor: float = 10.0,
                 n_landmarks: int = 250, seed: int = 0) -> None:
        if not isinstance(codec, Codec):
            codec = Codec(codec)
        if not 0 < percentile < 100:
            raise BridgeError(f"percentile must be in (0, 100), got {percentile!r}")
        if not 0 < alpha < 1:
            raise BridgeError(f"alpha must be in (0, 1), got {alpha!r}")
        self.codec, self.percentile, self.jump_factor = codec, percentile, jump_factor
        self.alpha, self.seed = alpha, seed
        self.data = codec.flatten(data)
        self.codes = codec.encode(data)
        reconstructed = codec.decode(self.codes)
        self.reconstruction_errors = _rms(reconstructed - self.data)
        rounding = FLOAT32_SLACK * float(np.finfo(np.float32).eps)
        #: float32 rounding at the data's size: differences below it are not measurable
        self.rounding = rounding * max(1.0, float(np.abs(self.data).max()))
        level = percentile / 100
        quantile, _ = conformal_quantile(self.reconstruction_errors, level)
        self.endpoint_tolerance = max(quantile, self.rounding)
        self.cycle_errors = self._cycle_errors(self.codes[None])[0]
        quantile, self.exceedance = conformal_quantile(self.cycle_errors, level)
        self.cycle_tolerance = max(quantile, rounding * max(1.0, float(np.abs(self.codes).max())))
        self.complex = complex_ if complex_ is not None else DataComplex(
            n_landmarks=n_landmarks, seed=seed).fit(self.codes)
        self.latent_tolerance = 0.01 * self.complex.scale_

    def calibration(self) -> dict[str, float]:
        """The calibrated levels and tolerances, as plain values."""
        return {"percentile": self.percentile, "alpha": self.alpha,
                "endpoint_tolerance": self.endpoint_tolerance, "rounding": self.rounding,
                "cycle_tolerance": self.cycle_tolerance,
                "cycle_exceedance_bound": self.exceedance,
                "latent_tolerance": self.latent_tolerance, "jump_factor": self.jump_factor}

    @cached_property
    def stability(self) -> Stability:
        """The data complex's Betti numbers over landmark resamples and nearby scales
        (:func:`bridge.stability.complex_stability` on the codes, computed on first use)."""
        return complex_stability(self.codes, n_landmarks=self.complex.n_landmarks)

    @property
    def caveat(self) -> str:
        """Empty when the resamples are stable and agree with the complex's Betti numbers;
        otherwise the words that mark every decision made in the complex."""
        return complex_caveat(self.complex, self.stability)

    @property
    def samples(self) -> np.ndarray:
        """The data, shaped as the model's samples (what path ends are indices into)."""
        return self.data.reshape((-1, *self.codec.sample_shape))

    def forget(self) -> None:
        """Drop what earlier laws left to be reused: the stacked batch, its decoded curves and
        the remembered projections (the next law computes its own)."""
        for name in REMEMBERED:
            self.__dict__.pop(name, None)

    # ------------------------------------------------------------ helpers
    def _decoded(self, batch: np.ndarray) -> np.ndarray:
        """The (n, m, features) decoded curves of an (n, m, d) batch: decoded once, and reused
        by the next law asked about an equal batch (one batch remembered)."""
        last = self.__dict__.get("_last_decoded")
        if last is not None and (last[0] is batch or (
                last[0].shape == batch.shape and np.array_equal(last[0], batch))):
            return last[1]
        decoded = self.codec.decode_paths(batch)
        made = self.__dict__.get("_last_batch", (None, None))[1]  # read-only: kept, not copied
        self._last_decoded = (batch if batch is made else batch.copy(), decoded)
        return decoded

    def _projection(self, path: LatentPath) -> Projection:
        """The complex's projection of ``path``, remembered by its points (laws project the
        same sides again: a path is the right side of both its unit cases)."""
        cache = self.__dict__.setdefault("_projections", {})
        key = (path.points.shape, path.points.tobytes())
        if key not in cache:
            if len(cache) >= PROJECTIONS_KEPT:
                cache.clear()
            cache[key] = self.complex.project(path)
        return cache[key]

    def _cycle_errors(self, batch: np.ndarray) -> np.ndarray:
        """‖E(D(z)) − z‖ for every point of an (n, m, d) batch, in one decode and one encode."""
        n, m, d = batch.shape
        decoded = self._decoded(batch)
        again = self.codec.encode(decoded.reshape((n * m, *self.codec.sample_shape)))
        return np.linalg.norm(again - batch.reshape(n * m, d), axis=1).reshape(n, m)

    def _batch(self, paths: Sequence[LatentPath]) -> np.ndarray:
        """The paths as one read-only (n, steps + 1, d) array, remembered for the same paths
        (the same LatentPath objects, whose points are read-only: every law of a check stacks
        the same chain once)."""
        if not paths:
            raise BridgeError("no paths to check")
        from bridge.paths import stack

        paths = list(paths)
        last = self.__dict__.get("_last_batch")
        if last is not None and len(last[0]) == len(paths) and all(map(is_, last[0], paths)):
            return last[1]
        batch = stack(paths)
        batch.setflags(write=False)
        self._last_batch = (paths, batch)
        return batch

    # ---------------------------------------------------------------- laws
    def endpoints(self, paths: Sequence[LatentPath], start_data: Any, end_data: Any) -> LawResult:
        """1. The decoded ends reconstruct the samples they join as well as those samples' own
        codes do: the excess RMS error of a decoded end over its sample's own reconstruction
        error stays within float32 rounding (a path that starts at its sample's code has no
        excess)."""
        batch = self._batch(paths)
        starts, ends = self.codec.flatten(start_data), self.codec.flatten(end_data)
        if len(starts) != len(batch) or len(ends) != len(batch):
            raise BridgeError(f"{len(batch)} paths need {len(batch)} start and end samples, got "
                              f"{len(starts)} and {len(ends)}")
        decoded = self.codec.decode_native(np.concatenate([
            batch[:, 0], batch[:, -1], self.codec.encode(np.concatenate([start_data, end_data]))]))
        n = len(batch)
        excess = np.maximum(  # float64 differences of the decoder's (float32) outputs
            _rms(decoded[:n] - starts) - _rms(decoded[2 * n:3 * n] - starts),
            _rms(decoded[n:2 * n] - ends) - _rms(decoded[3 * n:] - ends))
        cases = Cases.verdicts("path {}", ~(excess <= self.rounding), excess, lambda i: (
            f"a decoded end is {excess[i]:.4g} worse than its sample's own reconstruction"))
        return LawResult.from_cases(
            "endpoints", cases, value=float(excess.max()), tolerance=self.rounding,
            measure="excess RMS error of a decoded end over its sample's own reconstruction",
            rule="fails when the excess exceeds float32 rounding")

    def composition(self, pairs: Sequence[tuple[LatentPath, LatentPath]]) -> LawResult:
        """2. Concatenation is defined exactly when ends meet within tolerance, and the composite
        starts where the first path starts and ends where the second ends."""
        from bridge.paths import concat_batch

        def verdicts(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            composite, gap = concat_batch(first, second, self.latent_tolerance)
            ends = (composite[:, 0] == first[:, 0]).all(axis=1) & (
                composite[:, -1] == second[:, -1]).all(axis=1)
            return (gap > self.latent_tolerance) | ends, gap  # undefined, or joined right

        firsts, seconds = columns(pairs, 2)
        if isinstance(pairs, Windows) and len(pairs) and len(
                {p.points.shape for p in pairs.chain}) == 1:  # a chain: its paths in one batch
            chain = self._batch(pairs.chain)
            ok, gap = verdicts(chain[:len(pairs)], chain[1:])
        elif len({a.points.shape for a in firsts}) == len({b.points.shape for b in seconds}) == 1:
            ok, gap = verdicts(self._batch(firsts), self._batch(seconds))  # one batch
        else:  # pair by pair, through the same function
            found = [verdicts(a.points[None], b.points[None]) for a, b in zip(firsts, seconds)]
            ok = np.array([f[0][0] for f in found], dtype=bool)
            gap = np.array([f[1][0] for f in found])
        values = np.where(ok, gap, math.inf)
        cases = Cases.verdicts("pair {}", ~ok, values,
                               lambda i: f"wrong verdict at gap {gap[i]:.4g}")
        return LawResult.from_cases(
            "composition", cases, value=float(values.max()) if len(cases) else None,
            tolerance=self.latent_tolerance,
            measure="gap between ends (inf where the verdict is wrong)",
            rule="fails when concatenation's verdict disagrees with the gap (value inf)")

    def _decide(self, law: str, cases: list[tuple[str, LatentPath, LatentPath]]) -> LawResult:
        """Each case decided in the data complex; a case one of whose sides leaves the data
        region is not applicable (the region law reports the departure)."""
        outcomes: list[tuple[str, Decision | str]] = []
        for label, left, right in cases:
            sides = [(self._projection(left), "left side"),
                     (self._projection(right), "right side")]
            away = [(p, side) for p, side in sides if not p.in_region]
            if away:
                outcomes.append((label, departure(*away[0])))
            else:
                outcomes.append((label, self.complex.homotopic(sides[0][0], sides[1][0])))
        return LawResult.from_decisions(law, outcomes, caveat=self.caveat)

    def units(self, paths: Sequence[LatentPath]) -> LawResult:
        """3a. refl·γ ≃ γ ≃ γ·refl, decided in the data complex."""
        cases = []
        for i, path in enumerate(paths):
            cases.append((f"path {i}, left unit", LatentPath.refl(path.start).concat(path), path))
            cases.append((f"path {i}, right unit", path.concat(LatentPath.refl(path.end)), path))
        return self._decide("units", cases)

    def inverses(self, paths: Sequence[LatentPath]) -> LawResult:
        """3b. γ·γ⁻¹ ≃ refl, decided in the data complex."""
        return self._decide("inverses", [
            (f"path {i}", path.concat(path.inverse()), LatentPath.refl(path.start))
            for i, path in enumerate(paths)])

    def associativity(self, triples: Sequence[tuple[LatentPath, LatentPath, LatentPath]]
                      ) -> LawResult:
        """3c. (γ·δ)·ε ≃ γ·(δ·ε), decided in the data complex."""
        tol = self.latent_tolerance
        return self._decide("associativity", [
            (f"triple {i}", g.concat(d, tol).concat(e, tol), g.concat(d.concat(e, tol), tol))
            for i, (g, d, e) in enumerate(triples)])

    def region(self, paths: Sequence[LatentPath]) -> LawResult:
        """4a. Every point of every path, and every point between two steps, stays within the
        complex's scale of a landmark (the worst distance is reported)."""
        paths = list(paths)
        same = len({p.points.shape for p in paths}) == 1
        found, worst = self.complex.region_check(self._batch(paths) if same else paths)
        failed = np.array([bool(bad) for bad in found])
        # each failing path's worst step: the first of its largest distances
        top = {int(i): max(found[i], key=lambda item: item[1]) for i in np.flatnonzero(failed)}
        distance = np.array([top[i][1] if i in top else np.nan for i in range(len(found))])
        cases = Cases.verdicts("path {}", failed, distance, lambda i: (
            f"leaves the data region at step {found[i][0][0]} (worst {top[i][1]:.4g} > scale "
            f"at step {top[i][0]})"), measured=failed)
        return LawResult.from_cases(
            "region", cases, value=worst, tolerance=self.complex.scale_,
            measure="distance to the nearest landmark",
            rule="fails when a point of a path, or between two of its steps, is farther")

    def cycle_consistency(self, paths: Sequence[LatentPath], family: int | None = None
                          ) -> LawResult:
        """4b. ‖E(D(z)) − z‖ above the data's quantile (``cycle_tolerance``) at no more steps of a
        path than its data would give: a path fails when so many of its steps exceed it that a
        path whose steps each exceed it with the data's chance (``exceedance``) would do so with
        probability at most ``alpha`` / ``family`` (``family``: the number of cases tested
        together, this batch by default)."""
        errors = self._cycle_errors(self._batch(paths))
        family = len(errors) if family is None else family
        allowed = allowed_exceedances(errors.shape[1], self.exceedance, self.alpha / family)
        over = (errors > self.cycle_tolerance).sum(axis=1)
        cases = Cases.verdicts("path {}", over > allowed, over, lambda i: (
            f"{int(over[i])} of {errors.shape[1]} steps over the data's quantile "
            f"(worst {errors[i].max():.4g})"))
        return LawResult.from_cases(
            "cycle_consistency", cases, value=float(over.max()), tolerance=float(allowed),
            measure=f"steps with ‖E(D(z)) − z‖ over {self.cycle_tolerance:.4g} (the data's "
                    f"{self.percentile:g}th percentile)",
            rule=f"fails when more steps exceed it than the binomial bound at α = "
                 f"{self.alpha:g} / {family} cases",
            details={"worst cycle error": float(errors.max()), "family": family})

    def continuity(self, paths: Sequence[LatentPath]) -> LawResult:
        """5. No jumps: the largest decoded step / latent step, relative to the path's median
        ratio, stays under ``jump_factor``."""
        batch = self._batch(paths)
        decoded = self._decoded(batch)
        latent, image = _step_lengths(batch), _step_lengths(decoded)
        ratio = np.divide(image, latent, out=np.zeros_like(image), where=latent > 0)
        # the median over the steps that move (a step of length 0 has no stretch): sorted, the
        # non-moving steps last, the mean of the middle two (of the middle one, twice)
        ordered = np.sort(np.where(latent > 0, ratio, np.inf), axis=1)
        count = (latent > 0).sum(axis=1)
        rows = np.arange(len(batch))
        lower = ordered[rows, np.maximum(count - 1, 0) // 2]
        median = np.where(count > 0, (lower + ordered[rows, count // 2 - (count == 0)]) / 2,
                          np.nan)
        median = np.where(np.isfinite(median) & (median > 0), median, 1.0)
        values = np.asarray(ratio.max(axis=1) / median, dtype=float)
        steps = ratio.argmax(axis=1)
        cases = Cases.verdicts("path {}", values > self.jump_factor, values, lambda i: (
            f"jumps at step {int(steps[i])} ({values[i]:.4g}× its median stretch)"))
        return LawResult.from_cases(
            "continuity", cases, value=float(values.max()), tolerance=float(self.jump_factor),
            measure="largest step stretch / median stretch",
            rule="fails when a step stretches more than the tolerance times the median")

    def homotopy(self, first: LatentPath, second: LatentPath) -> LawResult:
        """6. Two paths with the same endpoints: homotopic in the data complex?"""
        if np.linalg.norm(first.start - second.start) > self.latent_tolerance or \
                np.linalg.norm(first.end - second.end) > self.latent_tolerance:
            raise BridgeError("homotopy compares paths with the same endpoints; these start "
                              f"{np.linalg.norm(first.start - second.start):.4g} and end "
                              f"{np.linalg.norm(first.end - second.end):.4g} apart")
        return self._decide("homotopy", [("the two paths", first, second)])


def departure(projection: Projection, side: str = "the path") -> str:
    """Why a case does not apply: where its path leaves the data region."""
    if projection.broken:
        return f"{side} crosses between components of the data complex at step " \
               f"{projection.broken[0]}"
    step = min(s for s, _ in projection.departures + projection.jumps)
    return f"{side} left the data region at step {step}"


def complex_caveat(complex_: DataComplex, stability: Stability | None) -> str:
    """The mark on decisions made in ``complex_``: empty when ``stability`` (None: unknown)
    is stable and agrees with its Betti numbers."""
    if stability is None or stability.supports(complex_.betti_numbers()):
        return ""
    return (f"decided in a complex whose Betti numbers {complex_.betti_numbers()} are not "
            f"stable: {stability.statement}")


@dataclass(frozen=True)
class Law:
    """A path law: ``name`` is its :class:`PathLaws` method and the name on its results;
    ``arity`` is how many composable paths one case takes (cases are chains of that many
    paths between data points); ``decided`` marks a homotopy question per case, decided in the
    data complex (costly: a check run asks it of fewer paths); ``statistical`` marks a rule that
    can raise a false alarm, to be corrected for the number of cases tested."""

    name: str
    arity: int
    decided: bool = False
    statistical: bool = False

    def windows(self, paths: Sequence[DataPath], limit: int | None = None
                ) -> Windows[DataPath]:
        """The cases in a chain of composable paths (each path starting where the previous one
        ends): every run of ``arity`` consecutive paths among the first ``limit``, as a
        :class:`~bridge.cases.Windows` (a run is made when it is read)."""
        return Windows(paths[:limit], self.arity)

    def check(self, laws: PathLaws, cases: Sequence[tuple[DataPath, ...]],
              family: int | None = None) -> LawResult:
        """The law on ``cases`` (chains of ``arity`` composable paths), as one result;
        ``family`` is the number of cases tested at the check's false-alarm rate (these cases
        by default): a statistical rule is corrected for it."""
        if not (isinstance(cases, Windows) and cases.arity == self.arity) and any(
                len(case) != self.arity for case in cases):
            raise BridgeError(f"{self.name} takes chains of {self.arity} path(s) per case")
        firsts = columns(cases, self.arity)[0]
        if self.name == "endpoints":
            return laws.endpoints([p.path for p in firsts],
                                  laws.samples[[p.start_index for p in firsts]],
                                  laws.samples[[p.end_index for p in firsts]])
        method = getattr(laws, self.name)
        if self.name == "cycle_consistency":
            return method([p.path for p in firsts], family)
        if self.arity == 1:
            return method([p.path for p in firsts])
        if isinstance(cases, Windows):
            return method(cases.map(lambda p: p.path))
        return method([tuple(p.path for p in case) for case in cases])


def stream(laws: PathLaws, chunks: Iterable[Sequence[DataPath]],
           names: Sequence[str] = ("endpoints", "composition", "region", "cycle_consistency",
                                   "continuity"),
           family: int | None = None) -> dict[str, dict[str, Any]]:
    """The laws ``names`` over chunks of paths (any iterable, e.g. a generator that makes each
    chunk when asked), in memory bounded by one chunk: each chunk's cases (the windows of
    composable paths inside it) are checked and only the counts and the worst value are kept.
    ``family`` is the number of cases a statistical rule is corrected for: give the total
    over all chunks (each chunk's own count when None)."""
    chosen = path_laws(names)
    totals = {law.name: {"checked": 0, "held": 0, "failed": 0, "not applicable": 0,
                         "undecided": 0, "worst": None, "chunks": 0} for law in chosen}
    for chunk in chunks:
        for law in chosen:
            result = law.check(laws, law.windows(chunk), family if law.statistical else None)
            total = totals[law.name]
            total["chunks"] += 1
            total["checked"] += result.checked
            total["held"] += result.held
            total["failed"] += result.failures
            total["not applicable"] += result.not_applicable
            total["undecided"] += result.undecided
            if result.value is not None:
                total["worst"] = result.value if total["worst"] is None else max(
                    total["worst"], result.value)
    return totals


#: The path laws, in the order they are run and reported.
PATH_LAWS: dict[str, Law] = {law.name: law for law in (
    Law("endpoints", 1), Law("composition", 2), Law("units", 1, decided=True),
    Law("inverses", 1, decided=True), Law("associativity", 3, decided=True), Law("region", 1),
    Law("cycle_consistency", 1, statistical=True), Law("continuity", 1))}


def path_laws(names: str | Sequence[str]) -> list[Law]:
    """The registered laws of the given names (a BridgeError lists the unknown ones)."""
    names = [names] if isinstance(names, str) else list(names)
    unknown = [name for name in names if name not in PATH_LAWS]
    if unknown or not names:
        raise BridgeError(f"unknown path law(s) {unknown or 'none given'}: choose from "
                          f"{', '.join(PATH_LAWS)}")
    return [PATH_LAWS[name] for name in names]

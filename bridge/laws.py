"""The path laws, checked on a trained model in the region its data occupies.

:class:`PathLaws` calibrates once on the data — codes, the model's own reconstruction errors,
its cycle errors ‖E(D(z)) − z‖, and the data complex — and then checks batches of latent paths.
Every check returns a :class:`LawResult`: the law's name, passed / failed / undecided, the
worst measured value and what it measures, the tolerance, how many cases were checked and
where the worst one is. Paths of a batch are decoded together (one decoder pass per batch).

:data:`PATH_LAWS` is the one registry of the path laws — name (the :class:`PathLaws` method
and the name on its results), arity (how many composable paths one case takes) and whether
its cases are homotopy questions — and :meth:`Law.check` the one way to run a law on drawn
cases; a check run, :mod:`bridge.testing` and the pytest plugin all go through it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from bridge.complex import DataComplex
from bridge.model import Codec
from bridge.paths import DataPath, LatentPath
from hott import Decision
from hottbridge.errors import BridgeError


@dataclass
class LawResult:
    """One law over a batch: ``passed`` is None when some case could not be decided.

    ``value`` is the worst value measured and ``measure`` says what it is (a distance, a ratio,
    the number of failing cases, a determinant); ``tolerance`` is what it was compared with.
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

    @property
    def status(self) -> str:
        """"passed", "failed" or "undecided"."""
        return {True: "passed", False: "failed", None: "undecided"}[self.passed]

    @classmethod
    def from_decisions(cls, law: str, outcomes: Sequence[tuple[str, Decision | str]]
                       ) -> LawResult:
        """A law decided case by case: each outcome is a homotopy :class:`Decision`, or the
        reason a case failed before it could be decided. Undecided cases are counted, never
        passed."""
        failures = undecided = 0
        where = ""
        reasons: list[str] = []
        for label, outcome in outcomes:
            if isinstance(outcome, str) or outcome.value is False:
                failures += 1
                reason = outcome if isinstance(outcome, str) else outcome.reason
                where = where or f"{label}: {reason}"
            elif outcome.value is None:
                undecided += 1
                reasons.append(outcome.reason)
        passed = False if failures else (None if undecided else True)
        return cls(law, passed, float(failures), 0.0, len(outcomes), failures, undecided, where,
                   {"undecided reasons": reasons[:3]} if reasons else {}, FAILING_CASES)

    def to_dict(self) -> dict[str, Any]:
        """The fields and the status as plain JSON-serialisable values."""
        out = asdict(self)
        out["status"] = self.status
        return out


#: The ``measure`` of a law decided case by case: its value counts the failing cases.
FAILING_CASES = "failing cases"

#: Model outputs are float32: differences below this many float32 epsilons (relative to the
#: size of the codes or data) are rounding, and tolerances are never set below them.
FLOAT32_SLACK = 64


def _rms(difference: np.ndarray) -> np.ndarray:
    return np.sqrt(np.mean(np.square(difference), axis=-1))


class PathLaws:
    """Path laws for one model and one data set. Tolerances are percentiles of the model's
    own errors on the data, so a law fails only where paths do worse than the data does (and
    never below float32 rounding: an exact codec has zero error on its data)."""

    def __init__(self, codec: Codec, data: Any, complex_: DataComplex | None = None, *,
                 percentile: float = 95.0, jump_factor: float = 10.0, n_landmarks: int = 250,
                 seed: int = 0) -> None:
        if not isinstance(codec, Codec):
            codec = Codec(codec)
        if not 0 < percentile <= 100:
            raise BridgeError(f"percentile must be in (0, 100], got {percentile!r}")
        self.codec, self.percentile, self.jump_factor = codec, percentile, jump_factor
        self.data = codec.flatten(data)
        self.codes = codec.encode(data)
        reconstructed = codec.decode(self.codes)
        self.reconstruction_errors = _rms(reconstructed - self.data)
        rounding = FLOAT32_SLACK * float(np.finfo(np.float32).eps)
        self.endpoint_tolerance = max(float(np.percentile(self.reconstruction_errors, percentile)),
                                      rounding * float(np.abs(self.data).max()))
        self.cycle_errors = self._cycle_errors(self.codes[None])[0]
        self.cycle_tolerance = max(float(np.percentile(self.cycle_errors, percentile)),
                                   rounding * float(np.abs(self.codes).max()))
        self.complex = complex_ if complex_ is not None else DataComplex(
            n_landmarks=n_landmarks, seed=seed).fit(self.codes)
        self.latent_tolerance = 0.01 * self.complex.scale_

    def calibration(self) -> dict[str, float]:
        """The calibrated percentile and tolerances, as plain values."""
        return {"percentile": self.percentile, "endpoint_tolerance": self.endpoint_tolerance,
                "cycle_tolerance": self.cycle_tolerance,
                "latent_tolerance": self.latent_tolerance}

    @property
    def samples(self) -> np.ndarray:
        """The data, shaped as the model's samples (what path ends are indices into)."""
        return self.data.reshape((-1, *self.codec.sample_shape))

    # ------------------------------------------------------------ helpers
    def _cycle_errors(self, batch: np.ndarray) -> np.ndarray:
        """‖E(D(z)) − z‖ for every point of an (n, m, d) batch, in one decode and one encode."""
        n, m, d = batch.shape
        decoded = self.codec.decode(batch.reshape(n * m, d))
        again = self.codec.encode(decoded.reshape((n * m, *self.codec.sample_shape)))
        return np.linalg.norm(again - batch.reshape(n * m, d), axis=1).reshape(n, m)

    @staticmethod
    def _batch(paths: Sequence[LatentPath]) -> np.ndarray:
        if not paths:
            raise BridgeError("no paths to check")
        from bridge.paths import stack

        return stack(list(paths))

    # ---------------------------------------------------------------- laws
    def endpoints(self, paths: Sequence[LatentPath], start_data: Any, end_data: Any) -> LawResult:
        """1. The decoded ends reconstruct the data points they join, as well as the model
        reconstructs its data (tolerance: the percentile of its reconstruction errors)."""
        batch = self._batch(paths)
        starts, ends = self.codec.flatten(start_data), self.codec.flatten(end_data)
        if len(starts) != len(batch) or len(ends) != len(batch):
            raise BridgeError(f"{len(batch)} paths need {len(batch)} start and end samples, got "
                              f"{len(starts)} and {len(ends)}")
        decoded = self.codec.decode(np.concatenate([batch[:, 0], batch[:, -1], self.codec.encode(
            np.concatenate([start_data, end_data]))]))
        n = len(batch)
        errors = np.maximum(_rms(decoded[:n] - starts), _rms(decoded[n:2 * n] - ends))
        own = np.maximum(_rms(decoded[2 * n:3 * n] - starts), _rms(decoded[3 * n:] - ends))
        allowed = np.maximum(self.endpoint_tolerance, own) * (1 + 1e-6)
        failing = np.flatnonzero(errors > allowed)
        worst = int(np.argmax(errors - allowed))
        return LawResult("endpoints", len(failing) == 0, float(errors.max()),
                         self.endpoint_tolerance, n, len(failing),
                         where=f"path {worst}" if len(failing) else "",
                         details={"rule": "each end within the percentile tolerance, or within "
                                          "the model's own reconstruction error of that sample"},
                         measure="RMS error of a decoded end")

    def composition(self, pairs: Sequence[tuple[LatentPath, LatentPath]]) -> LawResult:
        """2. Concatenation is defined exactly when ends meet within tolerance, and the composite
        starts where the first path starts and ends where the second ends."""
        failures, worst, where = 0, 0.0, ""
        for i, (first, second) in enumerate(pairs):
            gap = first.gap(second)
            try:
                composite = first.concat(second, tol=self.latent_tolerance)
                ok = gap <= self.latent_tolerance and np.array_equal(composite.start, first.start) \
                    and np.array_equal(composite.end, second.end)
            except BridgeError:
                ok = gap > self.latent_tolerance
            worst = max(worst, gap if ok else np.inf)
            if not ok:
                failures += 1
                where = where or f"pair {i} (gap {gap:.4g})"
        return LawResult("composition", failures == 0, float(worst), self.latent_tolerance,
                         len(pairs), failures, where=where,
                         measure="gap between ends (inf where the verdict is wrong)")

    def _decide(self, law: str, cases: list[tuple[str, LatentPath, LatentPath]]) -> LawResult:
        outcomes: list[tuple[str, Decision | str]] = []
        for label, left, right in cases:
            first, second = self.complex.project(left), self.complex.project(right)
            if not (first.in_region and second.in_region):
                outcomes.append((label, "leaves the data region"))
            else:
                outcomes.append((label, self.complex.homotopic(first, second)))
        return LawResult.from_decisions(law, outcomes)

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
        worst, where, failures = 0.0, "", 0
        for i, bad in enumerate(self.complex.departures(list(paths))):
            if bad:
                failures += 1
                step, distance = max(bad, key=lambda item: item[1])
                if distance > worst:
                    worst, where = distance, f"path {i}, step {step} ({distance:.4g} > scale)"
        if not failures:
            nearest, _ = self.complex.nearest(np.concatenate([p.points for p in paths]))
            worst = float(nearest.max())
        return LawResult("region", failures == 0, worst, self.complex.scale_,
                         len(paths), failures, where=where,
                         measure="distance to the nearest landmark")

    def cycle_consistency(self, paths: Sequence[LatentPath]) -> LawResult:
        """4b. ‖E(D(z)) − z‖ stays within the percentile of its values on the data codes: a
        path fails when more of its steps exceed it than the data's own codes do (5 % of
        steps, at least one, for the 95th percentile)."""
        errors = self._cycle_errors(self._batch(paths))
        allowed = max(1, int(np.floor(errors.shape[1] * (100 - self.percentile) / 100)))
        over = (errors > self.cycle_tolerance).sum(axis=1)
        failing = np.flatnonzero(over > allowed)
        worst = int(np.argmax(errors.max(axis=1)))
        where = ""
        if len(failing):
            bad = int(failing[np.argmax(errors[failing].max(axis=1))])  # the worst failing path
            where = f"path {bad}, {int(over[bad])} steps over"
        return LawResult("cycle_consistency", len(failing) == 0, float(errors.max()),
                         self.cycle_tolerance, len(errors), len(failing), where=where,
                         details={"steps allowed over the tolerance": allowed,
                                  "worst path": worst},
                         measure="cycle error ‖E(D(z)) − z‖")

    def continuity(self, paths: Sequence[LatentPath]) -> LawResult:
        """5. No jumps: the largest decoded step / latent step, relative to the path's median
        ratio, stays under ``jump_factor``."""
        batch = self._batch(paths)
        decoded = self.codec.decode_paths(batch)
        latent = np.linalg.norm(np.diff(batch, axis=1), axis=2)
        image = np.linalg.norm(np.diff(decoded, axis=1), axis=2)
        ratio = np.divide(image, latent, out=np.zeros_like(image), where=latent > 0)
        median = np.median(np.where(latent > 0, ratio, np.nan), axis=1)
        median = np.where(np.isfinite(median) & (median > 0), median, 1.0)
        relative = ratio.max(axis=1) / median
        values, steps = np.asarray(relative, dtype=float), ratio.argmax(axis=1)
        failing = np.flatnonzero(values > self.jump_factor)
        worst = int(np.argmax(values))
        return LawResult("continuity", len(failing) == 0, float(values[worst]),
                         float(self.jump_factor), len(values), len(failing),
                         where=f"path {worst}, step {int(steps[worst])}" if len(failing) else "",
                         measure="largest step stretch / median stretch")

    def homotopy(self, first: LatentPath, second: LatentPath) -> LawResult:
        """6. Two paths with the same endpoints: homotopic in the data complex?"""
        if np.linalg.norm(first.start - second.start) > self.latent_tolerance or \
                np.linalg.norm(first.end - second.end) > self.latent_tolerance:
            raise BridgeError("homotopy compares paths with the same endpoints; these start "
                              f"{np.linalg.norm(first.start - second.start):.4g} and end "
                              f"{np.linalg.norm(first.end - second.end):.4g} apart")
        return self._decide("homotopy", [("the two paths", first, second)])


@dataclass(frozen=True)
class Law:
    """A path law: ``name`` is its :class:`PathLaws` method and the name on its results;
    ``arity`` is how many composable paths one case takes (cases are chains of that many
    paths between data points); ``decided`` marks a homotopy question per case, decided in the
    data complex (costly: a check run asks it of fewer paths)."""

    name: str
    arity: int
    decided: bool = False

    def windows(self, paths: Sequence[DataPath], limit: int | None = None
                ) -> list[tuple[DataPath, ...]]:
        """The cases in a chain of composable paths (each path starting where the previous one
        ends): every run of ``arity`` consecutive paths among the first ``limit``."""
        pool = list(paths[:limit])
        return [tuple(pool[i:i + self.arity]) for i in range(len(pool) - self.arity + 1)]

    def check(self, laws: PathLaws, cases: Sequence[tuple[DataPath, ...]]) -> LawResult:
        """The law on ``cases`` (chains of ``arity`` composable paths), as one result."""
        if any(len(case) != self.arity for case in cases):
            raise BridgeError(f"{self.name} takes chains of {self.arity} path(s) per case")
        firsts = [case[0] for case in cases]
        if self.name == "endpoints":
            return laws.endpoints([p.path for p in firsts],
                                  laws.samples[[p.start_index for p in firsts]],
                                  laws.samples[[p.end_index for p in firsts]])
        method = getattr(laws, self.name)
        if self.arity == 1:
            return method([p.path for p in firsts])
        return method([tuple(p.path for p in case) for case in cases])


#: The path laws, in the order they are run and reported.
PATH_LAWS: dict[str, Law] = {law.name: law for law in (
    Law("endpoints", 1), Law("composition", 2), Law("units", 1, decided=True),
    Law("inverses", 1, decided=True), Law("associativity", 3, decided=True), Law("region", 1),
    Law("cycle_consistency", 1), Law("continuity", 1))}


def path_laws(names: str | Sequence[str]) -> list[Law]:
    """The registered laws of the given names (a BridgeError lists the unknown ones)."""
    names = [names] if isinstance(names, str) else list(names)
    unknown = [name for name in names if name not in PATH_LAWS]
    if unknown or not names:
        raise BridgeError(f"unknown path law(s) {unknown or 'none given'}: choose from "
                          f"{', '.join(PATH_LAWS)}")
    return [PATH_LAWS[name] for name in names]

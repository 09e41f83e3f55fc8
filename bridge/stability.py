"""How far a data complex's Betti numbers can be trusted: resample the landmarks, nudge the scale.

A :class:`~bridge.complex.DataComplex` is one choice among many: its landmarks are max–min
samples from one seeded start, its scale is read off their barcode. :func:`complex_stability`
repeats both choices for several seeds (each seed its own landmarks and its own chosen scale)
and reads the Betti numbers at that scale and at ``scale_factors`` times it. The Betti numbers
come from each resample's barcode (the persistence of the edge-collapsed Rips filtration,
field coefficients), so no complex is built. The answer is a :class:`Stability`: every
resample's Betti numbers and scale, the most common Betti numbers, how many resamples agree
with them, and ``stable`` when at least ``min_agreement`` of them do.

The default factors are 1, 1.25 and 1.5: the chosen scale is the smallest scale of its regime
at which no noise class is alive, so smaller scales show sampling holes by construction and
say nothing about the complex's reliability.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bridge.complex import choose_landmarks, choose_scale
from bridge.validation import as_codes
from hottbridge.errors import BridgeError

__all__ = ["Resample", "Stability", "complex_stability"]

#: Seeds of the landmark resamples, by default.
SEEDS = (0, 1, 2, 3, 4)
#: Multiples of each resample's chosen scale at which the Betti numbers are read, by default.
SCALE_FACTORS = (1.0, 1.25, 1.5)
#: The fraction of resamples that must agree for the complex to count as stable, by default.
MIN_AGREEMENT = 0.8


@dataclass(frozen=True)
class Resample:
    """One resample: the landmark seed, the scale factor, the scale (its chosen scale times the
    factor) and the Betti numbers (b0, b1, b2) there."""

    seed: int
    factor: float
    scale: float
    betti: tuple[int, ...]


@dataclass(frozen=True)
class Stability:
    """Betti numbers over landmark resamples and nearby scales.

    ``betti`` is the most common answer (ties go to the first seen), ``agreement`` how many of
    the ``len(resamples)`` resamples give it, ``stable`` whether that is at least
    ``min_agreement`` of them; ``statement`` says so in words.
    """

    resamples: tuple[Resample, ...]
    betti: tuple[int, ...]
    agreement: int
    min_agreement: float
    stable: bool
    statement: str

    @property
    def total(self) -> int:
        """The number of resamples."""
        return len(self.resamples)

    def supports(self, betti: Sequence[int]) -> bool:
        """Whether the resamples are stable and agree with ``betti`` (a complex's own Betti
        numbers, compared on b0, b1, b2)."""
        return self.stable and tuple(betti)[:3] == self.betti

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values."""
        return {
            "betti": list(self.betti), "agreement": self.agreement, "total": self.total,
            "min_agreement": self.min_agreement, "stable": self.stable,
            "statement": self.statement,
            "resamples": [{"seed": r.seed, "factor": r.factor, "scale": r.scale,
                           "betti": list(r.betti)} for r in self.resamples],
        }


def complex_stability(codes: Any, *, n_landmarks: int, seeds: Sequence[int] = SEEDS,
                      scale_factors: Sequence[float] = SCALE_FACTORS,
                      min_agreement: float = MIN_AGREEMENT) -> Stability:
    """The Betti numbers of the data complex of ``codes`` over landmark resamples (one per
    seed, ``n_landmarks`` max–min landmarks from that seed's start, the scale chosen as
    :class:`~bridge.complex.DataComplex` chooses it) and at ``scale_factors`` times each chosen
    scale. Stable when at least ``min_agreement`` of the resamples agree."""
    codes = as_codes(codes, "codes", min_rows=2)
    seeds = list(seeds)
    factors = [float(f) for f in scale_factors]
    if not seeds or any(not isinstance(s, int) or isinstance(s, bool) for s in seeds):
        raise BridgeError(f"seeds must be a non-empty sequence of integers, got {seeds!r}")
    if not factors or any(not f > 0 for f in factors):
        raise BridgeError(f"scale_factors must be positive numbers, got {list(scale_factors)!r}")
    if not 0 < min_agreement <= 1:
        raise BridgeError(f"min_agreement must be in (0, 1], got {min_agreement!r}")
    resamples = []
    for seed in seeds:
        choice = choose_scale(codes[choose_landmarks(codes, n_landmarks, seed)],
                              reach=max(factors))
        resamples += [Resample(seed, f, choice.scale * f, choice.betti_at(choice.scale * f))
                      for f in factors]
    betti, agreement = Counter(r.betti for r in resamples).most_common(1)[0]
    stable = agreement >= min_agreement * len(resamples)
    others = sorted({r.betti for r in resamples} - {betti})
    statement = (
        f"Betti {betti} in {agreement} of {len(resamples)} resamples ({len(seeds)} landmark "
        f"seeds × scale factors {', '.join(f'{f:g}' for f in factors)})"
        + (f"; also {', '.join(map(str, others))}" if others else "")
        + (": stable" if stable else f": UNSTABLE (fewer than {min_agreement:.0%} agree)"))
    return Stability(tuple(resamples), betti, agreement, float(min_agreement), stable,
                     statement)

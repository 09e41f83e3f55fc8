"""The cases of a path law: one :class:`Case` per path, pair or triple, and the two columnar
sequences a check runs on.

A law on 10 000 paths has 10 000 cases. :class:`Cases` holds their outcomes, values and
reasons as columns and makes a :class:`Case` only when one is read, and :class:`Windows` holds
a chain of composable paths and makes a case's run of paths only when it is read: a check does
not build (nor keep for the garbage collector to walk) tens of thousands of objects that only
a report, if anyone, looks at.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, overload

import numpy as np

from hottbridge.errors import BridgeError

#: The four outcomes of one case of a law.
HELD, FAILED, NOT_APPLICABLE, UNDECIDED = "held", "failed", "not applicable", "undecided"
OUTCOMES = (HELD, FAILED, NOT_APPLICABLE, UNDECIDED)

T = TypeVar("T")


@dataclass(frozen=True)
class Case:
    """One case of a law: its label, its outcome (held, failed, not applicable, undecided), the
    reason (why it failed, why it does not apply, why it is undecided) and the measured value."""

    label: str
    outcome: str
    reason: str = ""
    value: float | None = None

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise BridgeError(f"a case's outcome is one of {OUTCOMES}, got {self.outcome!r}")


def _position(index: int, length: int) -> int:
    """``index`` of a sequence of ``length`` items, negative from the end; IndexError outside."""
    index = operator.index(index)
    position = index + length if index < 0 else index
    if not 0 <= position < length:
        raise IndexError(f"case {index} of {length}")
    return position


class Cases(Sequence[Case]):
    """The cases of a law as columns: an outcome per case (an index into :data:`OUTCOMES`), the
    measured values (``values``; None where ``measured`` is False, or everywhere when no values
    are given) and the reasons. ``labels`` is a format with one ``{}`` for the case's index
    (``"path {}"``) or one label per case; ``reasons`` is one reason per case, or a function
    of a case's index giving the reason of a case that did not hold (a held case has none).
    Indexing and iteration give :class:`Case` objects, made when read."""

    def __init__(self, labels: str | Sequence[str], outcomes: Any, values: Any = None, *,
                 measured: Any = None,
                 reasons: Sequence[str] | Callable[[int], str] | None = None) -> None:
        self.outcomes = np.asarray(outcomes, dtype=np.int8).reshape(-1)
        n = len(self.outcomes)
        if n and not 0 <= int(self.outcomes.min()) <= int(self.outcomes.max()) < len(OUTCOMES):
            raise BridgeError(f"outcome codes index {OUTCOMES}, got {sorted(set(self.outcomes))}")
        self.values = None if values is None else np.asarray(values, dtype=float).reshape(-1)
        self.measured = None if measured is None else np.asarray(measured, dtype=bool).reshape(-1)
        sizes = {len(column) for column in (self.values, self.measured, reasons)
                 if column is not None and not callable(column)}
        if not isinstance(labels, str):
            sizes.add(len(labels))
        if sizes - {n}:
            raise BridgeError(f"{n} cases need columns of {n} entries, got {sorted(sizes)}")
        self.labels, self.reasons = labels, reasons
        #: the cases as objects, when they were given as objects (:meth:`of`)
        self.listed: list[Case] | None = None

    @classmethod
    def verdicts(cls, labels: str, failed: np.ndarray, values: np.ndarray,
                 reason: Callable[[int], str], measured: Any = None) -> Cases:
        """Cases that failed where ``failed`` is True and held elsewhere, each with its value
        (where ``measured``, if given); ``reason(i)`` says why case ``i`` failed."""
        return cls(labels, np.where(failed, OUTCOMES.index(FAILED), OUTCOMES.index(HELD)),
                   values, measured=measured, reasons=reason)

    @classmethod
    def of(cls, cases: Sequence[Case]) -> Cases:
        """Cases already made as :class:`Case` objects, kept as they are beside their outcome
        column (columns are returned as they are)."""
        if isinstance(cases, Cases):
            return cases
        listed = list(cases)
        made = cls("{}", [OUTCOMES.index(case.outcome) for case in listed])
        made.listed = listed
        return made

    def __len__(self) -> int:
        return len(self.outcomes)

    @overload
    def __getitem__(self, index: int) -> Case: ...

    @overload
    def __getitem__(self, index: slice) -> list[Case]: ...

    def __getitem__(self, index: int | slice) -> Case | list[Case]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        i = _position(index, len(self))
        if self.listed is not None:
            return self.listed[i]
        outcome = OUTCOMES[self.outcomes[i]]
        label = self.labels.format(i) if isinstance(self.labels, str) else self.labels[i]
        if callable(self.reasons):
            reason = "" if outcome == HELD else self.reasons(i)
        else:
            reason = "" if self.reasons is None else self.reasons[i]
        value = None if self.values is None or (
            self.measured is not None and not self.measured[i]) else float(self.values[i])
        return Case(label, outcome, reason, value)

    def __iter__(self) -> Iterator[Case]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Cases({len(self)} cases: {self.counts()})"

    def counts(self) -> dict[str, int]:
        """How many cases have each outcome."""
        found = np.bincount(self.outcomes, minlength=len(OUTCOMES))
        return {outcome: int(k) for outcome, k in zip(OUTCOMES, found, strict=True)}

    def first(self, outcome: str) -> Case | None:
        """The first case of ``outcome``, or None."""
        found = np.flatnonzero(self.outcomes == OUTCOMES.index(outcome))
        return self[int(found[0])] if len(found) else None


class Windows(Sequence[tuple[T, ...]]):
    """Every run of ``arity`` consecutive items of a chain (the cases of a law of that arity in
    a chain of composable paths), each made into a tuple when read; :meth:`column` gives the
    k-th item of every run without making the runs."""

    def __init__(self, chain: Sequence[T], arity: int) -> None:
        if arity < 1:
            raise BridgeError(f"a window holds at least one item, got arity {arity}")
        self.chain, self.arity = list(chain), arity

    def __len__(self) -> int:
        return max(0, len(self.chain) - self.arity + 1)

    @overload
    def __getitem__(self, index: int) -> tuple[T, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[T, ...]]: ...

    def __getitem__(self, index: int | slice) -> tuple[T, ...] | list[tuple[T, ...]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        i = _position(index, len(self))
        return tuple(self.chain[i:i + self.arity])

    def __repr__(self) -> str:
        return f"Windows({len(self)} runs of {self.arity})"

    def column(self, k: int) -> list[T]:
        """The ``k``-th item of every run, in order."""
        if not 0 <= k < self.arity:
            raise BridgeError(f"a run of {self.arity} has no item {k}")
        return self.chain[k:k + len(self)]

    def map(self, function: Callable[[T], Any]) -> Windows:
        """The runs of the chain of ``function`` of each item."""
        return Windows([function(item) for item in self.chain], self.arity)


def columns(cases: Sequence[Sequence[T]], arity: int) -> list[list[T]]:
    """The ``k``-th member of every case, for each k < ``arity`` (a :class:`Windows`' columns
    without making its runs); a BridgeError when a case has another number of members."""
    if isinstance(cases, Windows) and cases.arity == arity:
        return [cases.column(k) for k in range(arity)]
    if any(len(case) != arity for case in cases):
        raise BridgeError(f"cases of {arity} member(s) expected")
    return [[case[k] for case in cases] for k in range(arity)]

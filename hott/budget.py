"""Budgets for the word problem's methods: every search stops within a time and a size bound.

A method spends steps with :meth:`Budget.spend`; when the steps or the seconds run out it raises
:class:`OutOfBudget`, which the method turns into an honest "undecided" naming the bound.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

#: Defaults for one method of one :func:`hott.word_problem.decide_trivial` call.
DEFAULT_SECONDS = 2.0
DEFAULT_STEPS = 2_000_000


class OutOfBudget(Exception):
    """A method ran out of its steps or seconds (caught inside ``hott``; never escapes)."""


@dataclass
class Budget:
    """At most ``steps`` units of work and ``seconds`` of wall time, from creation."""

    seconds: float = DEFAULT_SECONDS
    steps: int = DEFAULT_STEPS
    used: int = 0
    started: float = field(default_factory=time.perf_counter)

    def spend(self, steps: int = 1) -> None:
        """Count ``steps``; raise :class:`OutOfBudget` past either bound (the clock is read
        every 1024 steps, so checking is cheap)."""
        before = self.used
        self.used += steps
        if self.used > self.steps:
            raise OutOfBudget(f"{self.steps} steps")
        if before >> 10 != self.used >> 10 and time.perf_counter() - self.started > self.seconds:
            raise OutOfBudget(f"{self.seconds:g} s")

    def fresh(self) -> Budget:
        """A new budget with the same bounds, starting now."""
        return Budget(self.seconds, self.steps)

"""The signature: the globals checked so far and the metacontext, shared by every phase."""

from __future__ import annotations

from dataclasses import dataclass, field

from hott.lang.errors import ErrorKind, LangError
from hott.lang.metas import MetaContext
from hott.lang.values import GlobalEntry

STEP_LIMIT = 2_000_000
"""Evaluation steps allowed per declaration before the check stops with ErrorKind.LIMIT."""


@dataclass(eq=False)
class Signature:
    """Globals by name (in declaration order), the metacontext and the evaluation budget."""

    globals: dict[str, GlobalEntry] = field(default_factory=dict)
    metas: MetaContext = field(default_factory=MetaContext)
    steps: int = 0
    step_limit: int = STEP_LIMIT
    naive_conversion: bool = False
    """Benchmark baseline only (benchmarks/hott_lang.py): normalise both sides fully before
    every subtyping check, as a checker without lazy unfolding or sharing would."""

    def tick(self) -> None:
        """Count one evaluation step; raise ErrorKind.LIMIT when the budget is spent."""
        self.steps += 1
        if self.steps > self.step_limit:
            raise LangError(ErrorKind.LIMIT, f"normalisation took more than {self.step_limit} steps")

    def copy(self) -> Signature:
        """A signature sharing the checked globals, with a fresh metacontext and budget."""
        return Signature(dict(self.globals), MetaContext(), 0, self.step_limit,
                         self.naive_conversion)

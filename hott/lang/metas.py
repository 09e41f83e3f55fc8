"""The metacontext: the metavariables of one elaboration, their types and their solutions.

A metavariable stands for a term closed over the bound variables of the context it was made in;
its ``type`` is the closed Π-type over those variables. The goal and the context at creation are
kept to report an unsolved hole.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hott.lang.values import Value
from hottbridge.errors import SourceSpan


@dataclass(eq=False)
class MetaEntry:
    """One metavariable: its closed type, its solution once found, and where it came from."""

    type: Value
    solution: Value | None = None
    span: SourceSpan | None = None
    hole: bool = False
    report: object = None


@dataclass(eq=False)
class MetaContext:
    """All metavariables made so far, numbered in order of creation."""

    entries: list[MetaEntry] = field(default_factory=list)

    def fresh(self, type_: Value, span: SourceSpan | None, *, hole: bool, report: object) -> int:
        """A new unsolved metavariable of the closed type ``type_``; returns its number."""
        self.entries.append(MetaEntry(type_, span=span, hole=hole, report=report))
        return len(self.entries) - 1

    def solution(self, meta: int) -> Value | None:
        """The solution of ``meta``, or None while unsolved."""
        return self.entries[meta].solution

    def solve(self, meta: int, value: Value) -> None:
        """Record the solution of ``meta`` (a closed value)."""
        self.entries[meta].solution = value

    def unsolved(self, start: int = 0) -> list[int]:
        """The metavariables from number ``start`` on that are still unsolved."""
        return [m for m in range(start, len(self.entries)) if self.entries[m].solution is None]

"""The metacontext: the metavariables of one elaboration, their types and their solutions.

A metavariable stands for a term closed over the bound variables of the context it was made in;
its ``type`` is the closed Π-type over those variables. The goal and the context at creation are
kept to report an unsolved hole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from hott.lang.values import Value
from hottbridge.errors import SourceSpan


@dataclass(eq=False)
class MetaEntry:
    """One metavariable: its closed type, its solution once found, and where it came from.

    The closed type may be given as a thunk: it is built only if asked for (level checks,
    pruning), which most metavariables never are. ``universe`` says (or is asked, when it is a
    function) whether the type may end in a universe: if not, a solution needs no level check.
    ``opened`` is the elaborator's (context, type) it was made in, for a cheaper level check.
    ``body`` is ``(n, t)`` when the solution is ``fun x1 … xn => t`` (``t`` a core term): applied
    to ``n`` arguments, it is ``t`` evaluated with them, without building the ``n`` closures.
    """

    closed: Value | Callable[[], Value]
    solution: Value | None = None
    span: SourceSpan | None = None
    hole: bool = False
    report: object = None
    universe: bool | Callable[[], bool] = True
    opened: object = None
    body: tuple[int, object] | None = None

    @property
    def type(self) -> Value:
        """The closed Π-type of the metavariable over the context it was made in."""
        if callable(self.closed):
            self.closed = self.closed()
        return self.closed

    def may_hold_types(self) -> bool:
        """Whether a solution may be a type (or a family of types) and so needs a level check."""
        return self.universe() if callable(self.universe) else self.universe


@dataclass(eq=False)
class MetaContext:
    """All metavariables made so far, numbered in order of creation."""

    entries: list[MetaEntry] = field(default_factory=list)
    trail: list[int] = field(default_factory=list)

    def fresh(self, type_: Value | Callable[[], Value], span: SourceSpan | None, *, hole: bool,
              report: object, universe: bool | Callable[[], bool] = True,
              opened: object = None) -> int:
        """A new unsolved metavariable of the closed type ``type_`` (or a thunk making it);
        returns its number."""
        self.entries.append(MetaEntry(type_, span=span, hole=hole, report=report,
                                      universe=universe, opened=opened))
        return len(self.entries) - 1

    def solution(self, meta: int) -> Value | None:
        """The solution of ``meta``, or None while unsolved."""
        return self.entries[meta].solution

    def solve(self, meta: int, value: Value, body: tuple[int, object] | None = None) -> None:
        """Record the solution of ``meta`` (a closed value; ``body`` as in MetaEntry)."""
        self.entries[meta].solution = value
        self.entries[meta].body = body
        self.trail.append(meta)

    def mark(self) -> tuple[int, int]:
        """A point to come back to with :meth:`undo`."""
        return len(self.entries), len(self.trail)

    def undo(self, mark: tuple[int, int]) -> None:
        """Forget the metavariables made and the solutions found since ``mark``."""
        made, solved = mark
        for meta in self.trail[solved:]:
            if meta < made:
                self.entries[meta].solution = self.entries[meta].body = None
        del self.trail[solved:]
        del self.entries[made:]

    def unsolved(self, start: int = 0) -> list[int]:
        """The metavariables from number ``start`` on that are still unsolved."""
        return [m for m in range(start, len(self.entries)) if self.entries[m].solution is None]

"""The one error hierarchy of hottbridge.

Every user-facing entry point of ``hott``, ``learn`` and ``bridge`` reports bad input with a
subclass of :class:`HottBridgeError` whose message says what was wrong, where, and what to do.
The command line prints that message (no traceback) and exits with status 2.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceSpan:
    """A place in a source text: 1-based line and column, and the length of the offending part."""

    line: int
    column: int
    length: int = 1
    source: str | None = None

    def render(self, text: str | None = None) -> str:
        """The offending line with a caret under the span (``text`` overrides ``source``)."""
        text = text if text is not None else self.source
        where = f"line {self.line}, column {self.column}"
        if text is None:
            return where
        lines = text.splitlines() or [""]
        shown = lines[self.line - 1] if 0 < self.line <= len(lines) else ""
        caret = " " * (self.column - 1) + "^" * max(1, self.length)
        return f"{where}:\n    {shown}\n    {caret}"


class HottBridgeError(Exception):
    """Base class of every error hottbridge raises for bad input."""


class HottError(HottBridgeError):
    """A malformed higher inductive type, word, map or family; an ill-typed term; a parse error."""

    def __init__(self, message: str, span: SourceSpan | None = None) -> None:
        self.message, self.span = message, span
        full = message if span is None else f"{message}\n  at {span.render()}"
        super().__init__(full)


class LearnError(HottBridgeError):
    """Bad data or shapes, unreadable image files, empty folders, unusable models."""


class BridgeError(HottBridgeError):
    """Endpoint mismatches, non-finite latent codes, incompatible models or data."""

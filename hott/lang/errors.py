"""Errors of the type theory, as data: what went wrong, where, and the facts to show.

Every phase (parsing, scope checking, elaboration, unification) raises a :class:`LangError`
carrying its :class:`ErrorKind`, the ``SourceSpan`` of the offending text and the already
pretty-printed facts (expected and inferred types, the local context). The message is rendered
once, here, so every error of the language reads the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from hottbridge.errors import HottError, SourceSpan


class ErrorKind(Enum):
    """The kinds of error the language reports; tests assert on these, not on wording."""

    PARSE = "parse error"
    SCOPE = "unknown name"
    DUPLICATE = "duplicate name"
    MISMATCH = "type mismatch"
    NOT_A_FUNCTION = "not a function"
    NOT_A_PAIR = "not a pair"
    NOT_A_TYPE = "not a type"
    UNIVERSE = "universe inconsistency"
    UNSOLVED = "unsolved hole"
    UNIFICATION = "cannot solve"
    SELF_REFERENCE = "self-reference"
    POSITIVITY = "not strictly positive"
    CONSTRUCTOR = "bad constructor"
    MISSING_CASE = "missing case"
    ICITNESS = "implicit/explicit mismatch"
    NOT_IN_MODEL = "outside the model"
    LIMIT = "limit exceeded"
    INTERNAL = "internal error"


class LangError(HottError):
    """An error in a ``.hott`` text: a kind, a span, and pretty-printed facts.

    ``expected``/``inferred`` are types already printed with the user's names; ``context``
    lists the local variables as ``(name, type)`` strings, innermost last.
    """

    def __init__(self, kind: ErrorKind, message: str, span: SourceSpan | None = None, *,
                 expected: str | None = None, inferred: str | None = None,
                 context: Sequence[tuple[str, str]] = (), path: str | None = None) -> None:
        self.kind, self.detail = kind, message
        self.expected, self.inferred = expected, inferred
        self.context, self.path = tuple(context), path
        super().__init__(self._render(), span)
        self.message = self._render()

    def _render(self) -> str:
        lines = [f"{self.kind.value}: {self.detail}"]
        if self.expected is not None:
            lines.append(f"  expected: {self.expected}")
        if self.inferred is not None:
            lines.append(f"  inferred: {self.inferred}")
        if self.context:
            lines.append("  in context:")
            lines.extend(f"    {name} : {type_}" for name, type_ in self.context)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()

    def location(self) -> str:
        """``file:line:col`` (or ``line:col`` with no file) of the error, or ``""``."""
        if self.span is None:
            return self.path or ""
        where = f"{self.span.line}:{self.span.column}"
        return f"{self.path}:{where}" if self.path else where

    def render(self) -> str:
        """The whole report: location, message, and the source line with a caret."""
        head = self.location()
        text = f"{head}: {self.message}" if head else self.message
        if self.span is not None and self.span.source is not None:
            text += "\n" + self.span.render().split(":", 1)[1].rstrip()
        return text

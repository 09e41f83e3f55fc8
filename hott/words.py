"""Words in the 1-cells of a cell complex: parsing, free reduction, inversion.

A word is a tuple of letters ``(generator, ±1)``. Text is written as space-separated names with
``^-1`` for an inverse and ``^n`` for an integer power; ``refl`` is the empty word. Words are
parsed once, at the edge, and are plain tuples inside: sympy's ``FreeGroup`` is far too slow for
the sizes the data complexes reach, so reduction works on a list used as a stack.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hott.chains import chain_sum
from hottbridge.errors import HottError, SourceSpan

Letter = tuple[str, int]
Word = tuple[Letter, ...]

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_'.]*\Z")
_TOKEN = re.compile(r"(?P<name>[^\s^]+)(?:\^(?P<power>[+-]?\d+))?\Z")
REFL = "refl"


@dataclass(frozen=True)
class Token:
    """One parsed token of a word: its letters and where it stood in the text."""

    letters: Word
    name: str
    span: SourceSpan


def check_name(name: object, what: str) -> str:
    """A constructor name, or a :class:`HottError` saying why it is not one."""
    if not isinstance(name, str) or not NAME.match(name):
        raise HottError(
            f"{what} name {name!r} is not valid: use letters, digits, '_', \"'\" or '.', "
            "starting with a letter or '_'"
        )
    if name == REFL:
        raise HottError(f"{what} name 'refl' is reserved for the constant path")
    return name


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; a malformed token is a :class:`HottError` with its span."""
    if not isinstance(text, str):
        raise HottError(f"a word must be given as text, got {type(text).__name__}")
    tokens = []
    for match in re.finditer(r"\S+", text):
        raw, column = match.group(), match.start() + 1
        span = SourceSpan(1, column, len(raw), source=text)
        parsed = _TOKEN.match(raw)
        if parsed is None or not (parsed["name"] == REFL or NAME.match(parsed["name"])):
            raise HottError(f"cannot read {raw!r} as a constructor name or name^n", span)
        name, power = parsed["name"], int(parsed["power"] or 1)
        if name == REFL:
            if parsed["power"] is not None:
                raise HottError("'refl' takes no power", span)
            tokens.append(Token((), REFL, span))
        else:
            sign = 1 if power > 0 else -1
            tokens.append(Token(((name, sign),) * abs(power), name, span))
    return tokens


def free_reduce(letters: Iterable[Letter]) -> Word:
    """Cancel adjacent inverse letters until none are left."""
    stack: list[Letter] = []
    for letter in letters:
        if stack and stack[-1][0] == letter[0] and stack[-1][1] == -letter[1]:
            stack.pop()
        else:
            stack.append(letter)
    return tuple(stack)


def cyclic_reduce(letters: Sequence[Letter]) -> Word:
    """Free reduction, then cancellation of inverse letters at the two ends (a conjugate)."""
    word = free_reduce(letters)
    start, end = 0, len(word)
    while end - start >= 2 and word[start][0] == word[end - 1][0] and (
        word[start][1] == -word[end - 1][1]
    ):
        start, end = start + 1, end - 1
    return word[start:end]


def invert(letters: Sequence[Letter]) -> Word:
    """The inverse word: reversed, every exponent negated."""
    return tuple((g, -e) for g, e in reversed(letters))


def exponent_sums(letters: Iterable[Letter]) -> dict[str, int]:
    """The abelianised word: generator -> total exponent (zeros dropped), a 1-chain."""
    return chain_sum(letters)


def format_word(letters: Sequence[Letter]) -> str:
    """Text for a word, powers collapsed (``loop^3``); ``refl`` for the empty word."""
    if not letters:
        return REFL
    parts: list[str] = []
    i = 0
    while i < len(letters):
        j = i
        while j < len(letters) and letters[j] == letters[i]:
            j += 1
        g, e = letters[i]
        power = (j - i) * e
        parts.append(g if power == 1 else f"{g}^{power}")
        i = j
    return " ".join(parts)

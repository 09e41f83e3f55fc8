"""Words in the 1-cells of a cell complex: parsing, run-length powers, free reduction, inversion.

A word is a tuple of letters ``(generator, exponent)``. Two forms share that type:

* *letters*, every exponent ±1 — the expanded form the presentation layers rewrite;
* *runs*, any non-zero exponents — ``loop^100000000`` is the single run ``("loop", 10**8)``.

Text is written as space-separated names with ``^-1`` for an inverse and ``^n`` for an integer
power (ASCII digits only: :func:`parse_power` is the one exponent reader every parser uses);
``refl`` is the empty word. Parsing gives runs and never expands a power; free reduction
(:func:`reduce_runs`), inversion, abelianisation (:func:`exponent_sums`) and formatting work on
runs directly. What truly needs single letters calls :func:`expand`, which refuses — with a
:class:`HottError` naming the size — words longer than a limit instead of filling memory.
sympy's ``FreeGroup`` is far too slow for the sizes the data complexes reach, so reduction
works on a list used as a stack.
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
#: An exponent: an optional sign and ASCII digits (``\d`` would also take '٣' or '３').
POWER = re.compile(r"[+-]?[0-9]+\Z", re.ASCII)
#: At most this many digits in an exponent: ``int()`` of longer text is slow (and Python
#: refuses more than 4300 digits); no word needs a power near 10^100.
MAX_POWER_DIGITS = 100
#: The default bound of :func:`expand`: the most single letters a word may be expanded to.
EXPAND_LIMIT = 10**6
_TOKEN = re.compile(r"(?P<name>[^\s^]+)(?:\^(?P<power>[^\s]*))?\Z")
REFL = "refl"


@dataclass(frozen=True)
class Token:
    """One parsed token of a word: its runs (one, or none), its name and where it stood."""

    runs: Word
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


def as_word(value: object, what: str = "word") -> Word:
    """``value`` checked to be a sequence of letters ``(name, int)``, as a tuple; a
    :class:`HottError` naming ``what`` otherwise."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or not all(
        isinstance(x, tuple) and len(x) == 2 and isinstance(x[0], str)
        and isinstance(x[1], int) and not isinstance(x[1], bool) for x in value
    ):
        raise HottError(f"a {what} is a sequence of letters (name, exponent), got "
                        f"{value!r}"[:300])
    return tuple(value)


def parse_power(text: str, span: SourceSpan | None = None, token: str | None = None) -> int:
    """The integer exponent written after ``^``: an optional sign and at most
    :data:`MAX_POWER_DIGITS` ASCII digits, else a :class:`HottError` (at ``span``, naming the
    ``token`` it stood in). Every parser of words reads exponents with this function."""
    where = f" in {token!r}" if token is not None else ""
    if not isinstance(text, str) or not POWER.match(text):
        raise HottError(f"cannot read the exponent {text!r}{where}: write an integer in ASCII "
                        "digits (such as ^3 or ^-1)", span)
    digits = len(text.lstrip("+-"))
    if digits > MAX_POWER_DIGITS:
        raise HottError(f"the exponent{where} has {digits} digits; at most "
                        f"{MAX_POWER_DIGITS} are read", span)
    return int(text)


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
        name, power_text = parsed["name"], parsed["power"]
        if name == REFL:
            if power_text is not None:
                raise HottError("'refl' takes no power", span)
            tokens.append(Token((), REFL, span))
            continue
        power = 1 if power_text is None else parse_power(power_text, span, raw)
        tokens.append(Token(((name, power),) if power else (), name, span))
    return tokens


def free_reduce(letters: Iterable[Letter]) -> Word:
    """Cancel adjacent inverse letters (exponents ±1) until none are left."""
    stack: list[Letter] = []
    for letter in letters:
        if stack and stack[-1][0] == letter[0] and stack[-1][1] == -letter[1]:
            stack.pop()
        else:
            stack.append(letter)
    return tuple(stack)


def reduce_runs(runs: Iterable[Letter]) -> Word:
    """The free reduction of a word of runs, as runs: adjacent runs of one generator merge
    (exponents add), zero runs vanish. Equals ``free_reduce`` of the expanded word, rewritten
    as runs (tested), in time linear in the number of runs."""
    stack: list[Letter] = []
    for generator, exponent in runs:
        if stack and stack[-1][0] == generator:
            exponent += stack.pop()[1]
        if exponent:
            stack.append((generator, exponent))
    return tuple(stack)


def as_runs(letters: Iterable[Letter]) -> Word:
    """Adjacent letters of one generator and one sign merged into a run (no cancellation):
    ``a a a^-1`` becomes ``a^2 a^-1``."""
    runs: list[Letter] = []
    for generator, exponent in letters:
        if runs and runs[-1][0] == generator and (runs[-1][1] > 0) == (exponent > 0):
            runs[-1] = (generator, runs[-1][1] + exponent)
        elif exponent:
            runs.append((generator, exponent))
    return tuple(runs)


def word_length(runs: Iterable[Letter]) -> int:
    """The number of single letters a word of runs stands for."""
    return sum(abs(e) for _, e in runs)


def expand(runs: Sequence[Letter], limit: int = EXPAND_LIMIT, what: str = "word") -> Word:
    """The word as single letters (exponents ±1), or a :class:`HottError` when that is more
    than ``limit`` letters — checked before anything is allocated."""
    runs = as_word(runs, what)
    if all(e in (1, -1) for _, e in runs):
        return tuple(runs)
    length = word_length(runs)
    if length > limit:
        raise HottError(f"the {what} {format_word(runs)} has {length} letters when written out; "
                        f"this step needs single letters and stops at {limit}")
    out: list[Letter] = []
    for generator, exponent in runs:
        out.extend(((generator, 1 if exponent > 0 else -1),) * abs(exponent))
    return tuple(out)


def power(runs: Sequence[Letter], n: int, limit: int = EXPAND_LIMIT) -> Word:
    """``runs`` composed ``n`` times (``n < 0``: the inverse), reduced, as runs, by repeated
    squaring: a conjugate ``u a^k u^-1`` of one run stays that size for any ``n``; a word whose
    powers truly grow is refused past ``limit`` runs."""
    if not isinstance(n, int) or isinstance(n, bool):
        raise HottError(f"a power takes an integer exponent, got {n!r}")
    base = reduce_runs(runs if n >= 0 else invert(runs))
    n, result = abs(n), ()
    while n:
        if n & 1:
            result = reduce_runs(result + base)
        n >>= 1
        if n:
            base = reduce_runs(base + base)
        if max(len(base), len(result)) > limit:
            raise HottError(f"a power of {format_word(runs)} has more than {limit} runs; "
                            "powers of such words stop there")
    return result


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
    """The inverse word: reversed, every exponent negated (letters or runs)."""
    return tuple((g, -e) for g, e in reversed(letters))


def exponent_sums(letters: Iterable[Letter]) -> dict[str, int]:
    """The abelianised word: generator -> total exponent (zeros dropped), a 1-chain; letters or
    runs alike."""
    return chain_sum(letters)


def format_word(letters: Sequence[Letter]) -> str:
    """Text for a word of letters or runs, adjacent powers of one sign collapsed (``loop^3``);
    ``refl`` for the empty word."""
    runs = as_runs(letters)
    if not runs:
        return REFL
    return " ".join(g if e == 1 else f"{g}^{e}" for g, e in runs)

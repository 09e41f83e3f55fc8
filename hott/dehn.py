"""Small cancellation and Dehn's algorithm.

The symmetrized closure R* of the relators holds every cyclic rotation of every relator and of
its inverse. A *piece* is a common prefix of two distinct elements of R*. The presentation is

* C′(λ) when every piece that is a prefix of r ∈ R* is shorter than λ·|r|;
* T(4) when no three elements r1, r2, r3, no two successive ones mutually inverse, have all of
  r1 r2, r2 r3, r3 r1 cancelling at the join.

For C′(1/6), and for C′(1/4) with T(4), Greendlinger's lemma holds: a freely reduced non-empty
word equal to 1 contains more than half of some r ∈ R* (Lyndon–Schupp, *Combinatorial Group
Theory*, V.4.4–4.5). Dehn's algorithm — replace such a subword u of r = u v by the shorter
v⁻¹, until none is left — then decides the word problem in linear time: the word is trivial
exactly when it becomes empty. Orientable surface groups of genus ≥ 2 are C′(1/6) in their
standard presentation; non-orientable ones of genus ≥ 3 are C′(1/4)–T(4) (genus ≥ 4: C′(1/6)).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hott.budget import Budget
from hott.words import Word, cyclic_reduce, free_reduce, invert

#: Recognition compares elements of R*; above this many it is not attempted.
MAX_SYMMETRIZED = 4_000


def symmetrized(relators: Sequence[Word]) -> list[Word]:
    """R*: the distinct cyclic rotations of the cyclically reduced relators and inverses."""
    out: set[Word] = set()
    for relator in relators:
        word = cyclic_reduce(relator)
        for w in (word, invert(word)):
            out.update(w[i:] + w[:i] for i in range(len(w)))
    return sorted(out)


def is_proper_power(word: Word) -> int:
    """The largest n with ``word = s^n`` for a word s (1 when it is no proper power)."""
    n = len(word)
    for d in range(1, n // 2 + 1):
        if n % d == 0 and word == word[:d] * (n // d):
            return n // d
    return 1


def longest_pieces(elements: Sequence[Word]) -> list[int]:
    """For each element of a sorted R*, its longest piece (longest common prefix with another
    element): in sorted order the longest one is with a neighbour."""
    def lcp(a: Word, b: Word) -> int:
        k = 0
        while k < len(a) and k < len(b) and a[k] == b[k]:
            k += 1
        return k

    out = []
    for i, element in enumerate(elements):
        best = 0
        if i:
            best = lcp(element, elements[i - 1])
        if i + 1 < len(elements):
            best = max(best, lcp(element, elements[i + 1]))
        out.append(best)
    return out


def _has_t4(elements: Sequence[Word]) -> bool:
    """No triangle r1 r2 r3 of elements cancelling at all three joins (successive ones not
    mutually inverse). Cancellation at a join depends only on the last and first letters."""
    by_first: dict[tuple[str, int], list[Word]] = {}
    for r in elements:
        by_first.setdefault(r[0], []).append(r)
    for r1 in elements:
        for r2 in by_first.get((r1[-1][0], -r1[-1][1]), ()):
            if r2 == invert(r1):
                continue
            for r3 in by_first.get((r2[-1][0], -r2[-1][1]), ()):
                if r3 == invert(r2) or r1 == invert(r3):
                    continue
                if r3[-1] == (r1[0][0], -r1[0][1]):
                    return False
    return True


@dataclass(frozen=True)
class SmallCancellation:
    """A recognised small-cancellation presentation, with the condition it satisfies."""

    condition: str
    elements: tuple[Word, ...]

    def dehn(self, word: Word, budget: Budget) -> Word:
        """Dehn's algorithm: the word after every more-than-half replacement (empty exactly
        when the word is trivial). Raises :class:`hott.budget.OutOfBudget` past the budget."""
        halves: dict[int, dict[Word, Word]] = {}
        for r in self.elements:
            h = len(r) // 2 + 1
            halves.setdefault(h, {}).setdefault(r[:h], invert(r[h:]))
        sizes = sorted(halves, reverse=True)
        word = cyclic_reduce(word)
        while word:
            for p in range(len(word)):
                budget.spend(len(sizes))
                hit = next(((h, halves[h][word[p:p + h]]) for h in sizes
                            if word[p:p + h] in halves[h]), None)
                if hit is not None:
                    h, replacement = hit
                    word = cyclic_reduce(free_reduce(word[:p] + replacement + word[p + h:]))
                    break
            else:
                return word
        return word


def small_cancellation(relators: Sequence[Word]) -> SmallCancellation | None:
    """The presentation as C′(1/6), or C′(1/4)–T(4), when it is one (no relator a proper
    power, R* small enough to compare); None otherwise."""
    words = [cyclic_reduce(r) for r in relators]
    if not words or any(not w or is_proper_power(w) > 1 for w in words):
        return None
    elements = symmetrized(words)
    if len(elements) > MAX_SYMMETRIZED:
        return None
    pieces = longest_pieces(elements)
    if all(6 * p < len(r) for p, r in zip(pieces, elements)):
        return SmallCancellation("C′(1/6)", tuple(elements))
    if all(4 * p < len(r) for p, r in zip(pieces, elements)) and _has_t4(elements):
        return SmallCancellation("C′(1/4) and T(4)", tuple(elements))
    return None

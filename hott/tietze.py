"""Simplifying a group presentation with our own Tietze moves (no sympy group is built).

Two kinds of move, as in Havas's Tietze transformation programme, GAP's ``SimplifiedFpGroup``
and Regina's "intelligent" simplification, repeated until neither applies:

* **elimination** (:func:`tietze_reduce`): a relator in which a generator occurs exactly once
  defines it; the generator is substituted away — shortest relators first, so relators grow
  slowly;
* **substitution** (:func:`shorten_relators`): when a cyclic subword ``u`` of one relator is
  more than half of (a cyclic conjugate of) another relator ``u v`` or its inverse, ``u`` is
  replaced by ``v^-1``, which is strictly shorter; relators equal up to rotation and inversion
  are kept once.

Words here are single letters ``(generator, ±1)``. Every move keeps the group; the eliminations
are returned so that words in the old generators can be rewritten into the new ones.
"""

from __future__ import annotations

import heapq
from collections import Counter

from hott.words import Letter, Word, cyclic_reduce, free_reduce, invert

#: Substitution compares every pair of relators; above this many letters in all it is skipped
#: (eliminations alone are linear and still run).
SHORTEN_LIMIT = 20_000


def tietze_reduce(
    generators: list[str], relators: list[Word]
) -> tuple[list[str], list[Word], list[tuple[str, Word]]]:
    """Eliminate generators that occur exactly once in some relator.

    Returns the surviving generators, the relators over them, and the eliminations in order:
    ``(g, w)`` means g = w, where w uses generators that were still there at that time.
    """
    alive = set(generators)
    words: dict[int, Word] = {}
    occurs: dict[str, set[int]] = {g: set() for g in generators}
    for i, relator in enumerate(relators):
        word = cyclic_reduce(relator)
        if word:
            words[i] = word
            for g, _ in word:
                occurs[g].add(i)
    heap = [(len(w), i) for i, w in words.items()]
    heapq.heapify(heap)
    eliminated: list[tuple[str, Word]] = []
    while heap:
        size, i = heapq.heappop(heap)
        word = words.get(i)
        if word is None or len(word) != size:
            continue
        counts = Counter(g for g, _ in word)
        once = [g for g, n in counts.items() if n == 1]
        if not once:
            continue
        g = min(once, key=lambda h: len(occurs[h]))
        position = next(p for p, (h, _) in enumerate(word) if h == g)
        sign = word[position][1]
        rest = word[position + 1 :] + word[:position]  # g^sign · rest = 1
        value = invert(rest) if sign == 1 else free_reduce(rest)
        eliminated.append((g, value))
        del words[i]
        for h in counts:
            occurs[h].discard(i)
        alive.discard(g)
        for j in list(occurs.pop(g)):
            old = words[j]
            new = cyclic_reduce(_substitute(old, g, value))
            for h, _ in old:
                if h != g:
                    occurs[h].discard(j)
            if new:
                words[j] = new
                for h, _ in new:
                    occurs[h].add(j)
                heapq.heappush(heap, (len(new), j))
            else:
                del words[j]
    survivors = [g for g in generators if g in alive]
    return survivors, [words[i] for i in sorted(words)], eliminated


def _substitute(word: Word, generator: str, value: Word) -> list[Letter]:
    inverse = invert(value)
    out: list[Letter] = []
    for letter in word:
        if letter[0] == generator:
            out.extend(value if letter[1] == 1 else inverse)
        else:
            out.append(letter)
    return out


def canonical(word: Word) -> Word:
    """The least rotation of a cyclically reduced word or of its inverse: relators equal up to
    conjugation and inversion have one canonical form."""
    candidates = []
    for w in (word, invert(word)):
        candidates.extend(w[i:] + w[:i] for i in range(len(w)))
    return min(candidates, default=())


def _dedupe(relators: list[Word]) -> list[Word]:
    seen: dict[Word, Word] = {}
    for relator in relators:
        word = cyclic_reduce(relator)
        if word:
            seen.setdefault(canonical(word), word)
    return sorted(seen.values(), key=lambda w: (len(w), w))


def _best_overlap(word: Word, other: Word) -> tuple[int, int, int, int]:
    """The longest ``u`` that is a cyclic subword of ``word`` and a prefix of a rotation of
    ``other`` or of its inverse: (length, start in word, which (0/1), rotation)."""
    n, best = len(word), (0, 0, 0, 0)
    for which, s in enumerate((other, invert(other))):
        m = len(s)
        starts: dict[Letter, list[int]] = {}
        for q, letter in enumerate(s):
            starts.setdefault(letter, []).append(q)
        for p in range(n):
            for q in starts.get(word[p], ()):
                k = 1
                while k < m and k < n and word[(p + k) % n] == s[(q + k) % m]:
                    k += 1
                if k > best[0]:
                    best = (k, p, which, q)
    return best


def shorten_relators(relators: list[Word]) -> tuple[list[Word], bool]:
    """Replace more-than-half pieces of relators by the shorter rest, until no move applies.
    Returns the relators (deduplicated) and whether anything changed."""
    words = _dedupe(relators)
    changed_any = len(words) != len([r for r in relators if cyclic_reduce(r)])
    if sum(map(len, words)) > SHORTEN_LIMIT:
        return words, changed_any
    changed = True
    while changed:
        changed = False
        used = [frozenset(g for g, _ in w) for w in words]  # no shared generator: no overlap
        for j in range(len(words)):
            other = words[j]
            m = len(other)
            for i in range(len(words)):
                if i == j or len(words[i]) < m or not words[i] or used[i].isdisjoint(used[j]):
                    continue
                k, p, which, q = _best_overlap(words[i], other)
                if 2 * k <= m:
                    continue
                s = other if which == 0 else invert(other)
                rotated = s[q:] + s[:q]  # u v with u = rotated[:k]: u = v^-1
                word = words[i]
                n = len(word)
                rest = tuple(word[(p + k + t) % n] for t in range(n - k))
                words[i] = cyclic_reduce(invert(rotated[k:]) + rest)
                changed = changed_any = True
            if changed:  # (unchanged words are already deduplicated)
                words = _dedupe(words)
                break
    return words, changed_any


def simplify(
    generators: list[str], relators: list[Word]
) -> tuple[list[str], list[Word], list[tuple[str, Word]]]:
    """Eliminations and substitutions, alternated until the presentation stops shrinking.
    Returns survivors, relators and eliminations as :func:`tietze_reduce` does."""
    generators, relators, eliminated = tietze_reduce(generators, relators)
    while True:
        relators, changed = shorten_relators(relators)
        if not changed:
            break
        before = len(generators)
        generators, relators, more = tietze_reduce(generators, relators)
        eliminated += more
        if len(generators) == before and not more:
            relators, again = shorten_relators(relators)
            if not again:
                break
    return generators, relators, eliminated

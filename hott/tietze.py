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

from hott.words import Letter, Word, cyclic_reduce, invert

#: Substitution compares every pair of relators; above this many letters in all it is skipped
#: (eliminations alone are linear and still run).
SHORTEN_LIMIT = 20_000


def tietze_reduce(
    generators: list[str], relators: list[Word]
) -> tuple[list[str], list[Word], list[tuple[str, Word]]]:
    """Eliminate generators that occur exactly once in some relator.

    Returns the surviving generators, the relators over them, and the eliminations in order:
    ``(g, w)`` means g = w, where w uses generators that were still there at that time.

    The relators are cyclic lists of letters, so substituting ``w`` for ``g`` costs the letters
    put in, not the length of the relator they go into, and free and cyclic reduction cancel
    only around the places spliced. Eliminating from the shortest relator first (ties: the
    generator in fewest relators, then by name), a letter is copied only into a relator at
    least as long as the one it came from: O(n log n) letters in all for n to start with.
    """
    alive = set(generators)
    state = _Cyclic(generators)
    for i, relator in enumerate(relators):
        state.add(i, cyclic_reduce(relator))
    heap = [(size, i) for i, size in state.size.items()]
    heapq.heapify(heap)
    eliminated: list[tuple[str, Word]] = []
    while heap:
        size, i = heapq.heappop(heap)
        if state.size.get(i) != size:
            continue
        once = [g for g, n in state.count[i].items() if n == 1]
        if not once:
            continue
        g = min(once, key=lambda h: (len(state.occurs[h]), h))
        node = next(x for x in state.nodes[g] if x.relator == i)
        rest = state.read(i, node.next, stop=node)  # g^sign · rest = 1
        value = invert(rest) if node.exp == 1 else rest
        eliminated.append((g, value))
        state.remove(i)
        alive.discard(g)
        touched = {x.relator for x in state.nodes[g]}
        for x in list(state.nodes[g]):
            if x in state.nodes[g]:  # not cancelled, with an inverse g, by an earlier splice
                state.splice(x, value if x.exp == 1 else invert(value))
        for j in sorted(touched):
            if j in state.size:
                heapq.heappush(heap, (state.size[j], j))
    survivors = [g for g in generators if g in alive]
    return survivors, [state.read(i) for i in sorted(state.size)], eliminated


class _Node:
    """One letter of a cyclic relator, linked to its neighbours."""

    __slots__ = ("exp", "gen", "next", "prev", "relator")

    def __init__(self, gen: str, exp: int, relator: int) -> None:
        self.gen, self.exp, self.relator = gen, exp, relator
        self.prev = self.next = self


class _Cyclic:
    """Relators as cyclic doubly linked lists, with each relator's length and letter counts,
    the relators each generator occurs in, and each generator's letters."""

    def __init__(self, generators: list[str]) -> None:
        self.size: dict[int, int] = {}
        self.anchor: dict[int, _Node] = {}  # where a relator is read from
        self.count: dict[int, Counter[str]] = {}
        self.occurs: dict[str, set[int]] = {g: set() for g in generators}
        self.nodes: dict[str, set[_Node]] = {g: set() for g in generators}

    def add(self, i: int, word: Word) -> None:
        """A new relator ``i`` (cyclically reduced, or empty: then not kept)."""
        if not word:
            return
        self.size[i], self.count[i] = 0, Counter()
        first = self._insert(i, word, None)
        self.anchor[i] = first

    def read(self, i: int, start: _Node | None = None, stop: _Node | None = None) -> Word:
        """Relator ``i`` from its anchor (or from ``start`` up to, not including, ``stop``)."""
        node = self.anchor[i] if start is None else start
        end = node if stop is None else stop
        letters = []
        while True:
            if node is end and (letters or stop is not None):
                break
            letters.append((node.gen, node.exp))
            node = node.next
        return tuple(letters)

    def remove(self, i: int) -> None:
        """Drop relator ``i`` and its letters."""
        node = self.anchor.pop(i)
        for _ in range(self.size.pop(i)):
            self._forget(node)  # the last of a generator's letters takes i from its occurs
            node = node.next
        del self.count[i]  # emptied by the letters' _forget

    def splice(self, node: _Node, word: Word) -> None:
        """Put ``word`` in place of the letter ``node`` and cancel around both seams."""
        i = node.relator
        before = node.prev
        if before is node:  # the relator was this one letter: it is the word now
            self._unlink(node)
            self.add(i, cyclic_reduce(word))
            return
        self._unlink(node)
        if word:
            after = before.next
            self._insert(i, word, before)
            self._cancel(after.prev)  # the last letter put in, against the one after it
        self._cancel(before)

    def _insert(self, i: int, word: Word, before: _Node | None) -> _Node:
        """Link the letters of ``word`` into relator ``i`` after ``before`` (a new cycle when
        None); returns the first new node."""
        first = None
        for gen, exp in word:
            node = _Node(gen, exp, i)  # linked to itself: a new cycle when before is None
            if before is not None:
                node.prev, node.next = before, before.next
                before.next.prev = node
                before.next = node
            before = node
            first = first or node
            self._remember(node)
        assert first is not None
        return first

    def _cancel(self, node: _Node) -> None:
        """Cancel ``node`` with the letter after it while they are inverse, outwards."""
        i = node.relator
        while i in self.size and node.relator == i and node.next is not node:
            after = node.next
            if after.gen != node.gen or after.exp != -node.exp:
                return
            before = node.prev
            self._unlink(node)
            self._unlink(after)
            if i not in self.size:
                return
            node = before

    def _unlink(self, node: _Node) -> None:
        """Take one letter out of its relator (the relator goes when it is empty)."""
        i = node.relator
        self._forget(node)
        self.size[i] -= 1
        if self.size[i] == 0:
            del self.size[i], self.anchor[i], self.count[i]
            return
        node.prev.next, node.next.prev = node.next, node.prev
        if self.anchor[i] is node:
            self.anchor[i] = node.next
        node.relator = -1

    def _remember(self, node: _Node) -> None:
        i = node.relator
        self.size[i] += 1
        self.count[i][node.gen] += 1
        self.occurs[node.gen].add(i)
        self.nodes[node.gen].add(node)

    def _forget(self, node: _Node) -> None:
        i = node.relator
        self.nodes[node.gen].discard(node)
        left = self.count[i][node.gen] - 1
        if left:
            self.count[i][node.gen] = left
        else:
            del self.count[i][node.gen]
            self.occurs[node.gen].discard(i)


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

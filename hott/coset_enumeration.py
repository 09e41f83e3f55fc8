"""Todd–Coxeter coset enumeration over the trivial subgroup (HLT strategy), within a budget.

When it closes, the coset table is the regular action of a finite group on itself, so a word
is trivial exactly when it fixes the first coset: the word problem of every finite group is
decided this way. Our own loop (not sympy's) so that it stops within a time bound.
"""

from __future__ import annotations

from collections.abc import Sequence

from hott.budget import Budget
from hott.words import Word

#: Enumeration gives up past this many cosets defined (live or dead).
MAX_COSETS = 20_000


class CosetTable:
    """The closed coset table of ``⟨generators | relators⟩`` on the trivial subgroup."""

    def __init__(self, generators: Sequence[str], table: list[list[int]]) -> None:
        self.column = {g: 2 * i for i, g in enumerate(generators)}
        self.table = table

    @property
    def order(self) -> int:
        """The group's order (the number of cosets)."""
        return len(self.table)

    def act(self, word: Word, coset: int = 0) -> int:
        """The coset reached from ``coset`` by reading ``word``."""
        for g, e in word:
            column = self.column[g] + (0 if e > 0 else 1)
            for _ in range(abs(e)):
                coset = self.table[coset][column]
        return coset


def enumerate_cosets(generators: Sequence[str], relators: Sequence[Word], budget: Budget,
                     max_cosets: int = MAX_COSETS) -> CosetTable | None:
    """The coset table, or None when more than ``max_cosets`` cosets were needed.

    Raises :class:`hott.budget.OutOfBudget` when the budget runs out first.
    """
    index = {g: 2 * i for i, g in enumerate(generators)}
    columns = 2 * len(generators)
    words = [[index[g] + (0 if e > 0 else 1) for g, e in r for _ in range(abs(e))]
             for r in relators]
    table: list[list[int]] = [[-1] * columns]
    parent = [0]

    def find(c: int) -> int:
        root = c
        while parent[root] != root:
            root = parent[root]
        while parent[c] != root:
            parent[c], c = root, parent[c]
        return root

    def define(c: int, x: int) -> int:
        n = len(table)
        if n >= max_cosets:
            raise _TooMany
        table.append([-1] * columns)
        parent.append(n)
        table[c][x], table[n][x ^ 1] = n, c
        return n

    def coincidence(a: int, b: int) -> None:
        queue: list[int] = []

        def merge(k: int, l_: int) -> None:
            k, l_ = find(k), find(l_)
            if k != l_:
                k, l_ = min(k, l_), max(k, l_)
                parent[l_] = k
                queue.append(l_)

        merge(a, b)
        i = 0
        while i < len(queue):
            e = queue[i]
            i += 1
            for x in range(columns):
                budget.spend()
                f = table[e][x]
                if f < 0:
                    continue
                table[f][x ^ 1] = -1
                e1, f1 = find(e), find(f)
                if table[e1][x] >= 0:
                    merge(f1, table[e1][x])
                elif table[f1][x ^ 1] >= 0:
                    merge(e1, table[f1][x ^ 1])
                else:
                    table[e1][x], table[f1][x ^ 1] = f1, e1

    def scan_and_fill(c: int, word: list[int]) -> None:
        f = b = c
        i, j = 0, len(word) - 1
        while True:
            budget.spend(j - i + 1)
            while i <= j and table[f][word[i]] >= 0:
                f = table[f][word[i]]
                i += 1
            if i > j:
                if f != b:
                    coincidence(f, b)
                return
            while j >= i and table[b][word[j] ^ 1] >= 0:
                b = table[b][word[j] ^ 1]
                j -= 1
            if j < i:
                coincidence(f, b)
                return
            if i == j:
                table[f][word[i]], table[b][word[i] ^ 1] = b, f
                return
            define(f, word[i])

    try:
        c = 0
        while c < len(table):
            for word in words:
                if parent[c] != c:
                    break
                scan_and_fill(c, word)
            if parent[c] == c:
                for x in range(columns):
                    if table[c][x] < 0:
                        define(c, x)
            c += 1
    except _TooMany:
        return None
    live = [c for c in range(len(table)) if parent[c] == c]
    number = {c: i for i, c in enumerate(live)}
    compact = [[number[find(table[c][x])] for x in range(columns)] for c in live]
    return CosetTable(generators, compact)


class _TooMany(Exception):
    """More cosets than allowed."""

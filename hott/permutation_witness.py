"""Non-triviality proofs by homomorphisms to small permutation groups.

An assignment of permutations of {0..d-1} to the generators under which every relator acts as
the identity is a homomorphism π1 → S_d (an action on the cosets of a subgroup of index ≤ d:
the low-index subgroups). If the loop then moves some point, the loop is not trivial, and the
assignment is the witness. The search runs d = 2, 3, ... up to :data:`MAX_DEGREE`, takes the
first generator's image up to conjugacy (one permutation per cycle type) and stops within its
budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import permutations, product

from hott.budget import Budget
from hott.words import Word

#: Largest degree d searched (S_6 has 720 elements).
MAX_DEGREE = 6

Permutation = tuple[int, ...]


def _cycle_type_representatives(d: int) -> list[Permutation]:
    """One permutation of each cycle type on d points."""
    out = []

    def partitions(n: int, largest: int) -> list[list[int]]:
        if n == 0:
            return [[]]
        return [[k, *rest] for k in range(min(n, largest), 0, -1) for rest in partitions(n - k, k)]

    for parts in partitions(d, d):
        image, start = list(range(d)), 0
        for k in parts:
            for i in range(k):
                image[start + i] = start + (i + 1) % k
            start += k
        out.append(tuple(image))
    return out


def _act(images: dict[str, tuple[Permutation, Permutation]], word: Word, d: int) -> Permutation:
    points = list(range(d))
    for g, e in word:
        p = images[g][0 if e > 0 else 1]
        for _ in range(abs(e)):
            points = [p[x] for x in points]
    return tuple(points)


def _inverse(p: Permutation) -> Permutation:
    out = [0] * len(p)
    for x, y in enumerate(p):
        out[y] = x
    return tuple(out)


def cycles(p: Permutation) -> str:
    """Cycle notation, fixed points left out: ``(0 1 2)(3 4)``; ``()`` for the identity."""
    seen, parts = set(), []
    for start in range(len(p)):
        if start in seen or p[start] == start:
            continue
        cycle, x = [], start
        while x not in seen:
            seen.add(x)
            cycle.append(str(x))
            x = p[x]
        parts.append("(" + " ".join(cycle) + ")")
    return "".join(parts) or "()"


def find_witness(generators: Sequence[str], relators: Sequence[Word], word: Word,
                 budget: Budget, max_degree: int = MAX_DEGREE) -> dict[str, Permutation] | None:
    """Permutation images of the generators killing every relator but not ``word``, or None
    when there is none up to degree ``max_degree``. Raises
    :class:`hott.budget.OutOfBudget` when the budget runs out first."""
    if not generators:
        return None
    for d in range(2, max_degree + 1):
        group = list(permutations(range(d)))
        rest = generators[1:]
        for head in _cycle_type_representatives(d):
            for tail in product(group, repeat=len(rest)):
                budget.spend(1 + sum(len(r) for r in relators))
                assignment = dict(zip(generators, (head, *tail)))
                images = {g: (p, _inverse(p)) for g, p in assignment.items()}
                identity = tuple(range(d))
                if all(_act(images, r, d) == identity for r in relators) and (
                    _act(images, word, d) != identity
                ):
                    return assignment
    return None

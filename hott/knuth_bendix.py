"""Knuth–Bendix completion for group presentations, under a budget.

The monoid on the letters ``(g, ±1)`` with the rules ``x x⁻¹ → ε`` and ``r → ε`` for each
relator r presents the group. Completion orients every equation by shortlex order (shorter
first, then by generator order, ``g`` before ``g⁻¹``) and adds the resolution of every critical
pair (an overlap of two left sides, or one left side inside another) until every pair resolves.
The result is a confluent, terminating system: a word is trivial exactly when it reduces to the
empty word. Completion need not end (it cannot for many groups), so every reduction step is
paid for with :meth:`hott.budget.Budget.spend` and the number of rules is bounded: past either
bound :class:`hott.budget.OutOfBudget` is raised, and the caller reports *undecided*. sympy's
``RewritingSystem`` is not used: it has only a rule bound and cannot be interrupted.
"""

from __future__ import annotations

from collections.abc import Sequence

from hott.budget import Budget, OutOfBudget
from hott.words import Letter, Word, cyclic_reduce, free_reduce

#: Completion stops (out of budget) once it holds more rules than this.
MAX_RULES = 400


class RewritingSystem:
    """A confluent rewriting system for ⟨generators | relators⟩, made by :func:`complete`."""

    def __init__(self, generators: Sequence[str], budget: Budget,
                 max_rules: int = MAX_RULES) -> None:
        self.rank = {g: i for i, g in enumerate(generators)}
        self.rules: dict[Word, Word] = {}
        self.lengths: list[int] = []
        self.budget, self.max_rules = budget, max_rules

    def _key(self, word: Word) -> tuple[int, list[int]]:
        return len(word), [2 * self.rank[g] + (e < 0) for g, e in word]

    def reduce(self, word: Word) -> Word:
        """The normal form of ``word`` (letters) under the rules: left to right, each new
        letter checked for a left side ending there (each step spends budget)."""
        stack: list[Letter] = []
        pending = list(reversed(word))
        while pending:
            self.budget.spend()
            stack.append(pending.pop())
            for k in self.lengths:
                if k <= len(stack):
                    rhs = self.rules.get(tuple(stack[-k:]))
                    if rhs is not None:
                        del stack[-k:]
                        pending.extend(reversed(rhs))
                        break
        return tuple(stack)

    def _add(self, a: Word, b: Word) -> bool:
        """Add the equation a = b, oriented, after reducing both; whether a rule was added."""
        a, b = self.reduce(a), self.reduce(b)
        if a == b:
            return False
        if self._key(a) < self._key(b):
            a, b = b, a
        self.rules[a] = b
        if len(self.rules) > self.max_rules:
            raise OutOfBudget(f"{self.max_rules} rules")
        self.lengths = sorted({len(lhs) for lhs in self.rules})
        return True

    def _interreduce(self) -> None:
        """Drop rules whose left side another rule reduces; reduce every right side."""
        for lhs in list(self.rules):
            rhs = self.rules.pop(lhs)
            self.lengths = sorted({len(x) for x in self.rules})
            if self.reduce(lhs) == lhs:
                self.rules[lhs] = self.reduce(rhs)
            else:
                self._add(lhs, rhs)
        self.lengths = sorted({len(x) for x in self.rules})

    def _critical_pairs(self, l1: Word, l2: Word):
        """The two one-step results of each overlap of l1 with l2 (suffix of l1 = prefix of
        l2, or l2 inside l1)."""
        r1, r2 = self.rules[l1], self.rules[l2]
        for k in range(1, min(len(l1), len(l2))):
            if l1[-k:] == l2[:k]:
                yield r1 + l2[k:], l1[:-k] + r2
        if l1 != l2 and len(l2) <= len(l1):
            for i in range(len(l1) - len(l2) + 1):
                if l1[i:i + len(l2)] == l2:
                    yield r1, l1[:i] + r2 + l1[i + len(l2):]

    def complete(self) -> None:
        """Add critical pairs until every one resolves (confluence), within the budget."""
        changed = True
        while changed:
            changed = False
            for l1 in list(self.rules):
                for l2 in list(self.rules):
                    if l1 not in self.rules or l2 not in self.rules:
                        continue
                    for a, b in self._critical_pairs(l1, l2):
                        changed |= self._add(a, b)
                        if l1 not in self.rules or l2 not in self.rules:
                            break
            if changed:
                self._interreduce()


def complete(generators: Sequence[str], relators: Sequence[Word],
             budget: Budget) -> RewritingSystem:
    """A confluent rewriting system for the group presentation (relators in letters);
    raises :class:`hott.budget.OutOfBudget` when completion does not end within the budget."""
    system = RewritingSystem(generators, budget)
    for g in generators:
        system._add(((g, 1), (g, -1)), ())
        system._add(((g, -1), (g, 1)), ())
    for relator in relators:
        relator = cyclic_reduce(free_reduce(relator))
        if relator:
            system._add(relator, ())
    system.complete()
    return system

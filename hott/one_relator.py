"""One-relator groups with torsion: the word problem by Newman's spelling theorem.

In ``G = ⟨X | r^n⟩`` with n ≥ 2 and r cyclically reduced and not a proper power, every freely
reduced non-empty word equal to 1 contains a subword of a cyclic permutation of ``r^±n`` longer
than ``(n-1)/n`` of it (B. B. Newman, 1968; Lyndon–Schupp IV.5.5). Such a subword u of a
rotation ``u v`` of ``r^±n`` is replaced by ``v^-1``, strictly shorter since n ≥ 2; the word is
trivial exactly when this ends in the empty word — a Dehn algorithm for these groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hott.budget import Budget
from hott.dehn import is_proper_power, symmetrized
from hott.words import Word, cyclic_reduce, free_reduce, invert


@dataclass(frozen=True)
class OneRelatorTorsion:
    """``⟨X | r^n⟩`` with n ≥ 2: the root r, the power n and the long subwords to replace."""

    root: Word
    power: int
    replacements: dict[Word, Word]
    length: int  # the length of the replaced subwords: (n-1)|r| + 1

    def reduce(self, word: Word, budget: Budget) -> Word:
        """Replace long subwords until none is left (empty exactly when ``word`` is 1)."""
        word = cyclic_reduce(word)
        k = self.length
        while word:
            for p in range(len(word) - k + 1):
                budget.spend()
                replacement = self.replacements.get(word[p:p + k])
                if replacement is not None:
                    word = cyclic_reduce(free_reduce(word[:p] + replacement + word[p + k:]))
                    break
            else:
                return word
        return word


def one_relator_torsion(relators: Sequence[Word]) -> OneRelatorTorsion | None:
    """The presentation as a one-relator group with torsion, or None when it is not one."""
    words = [w for w in (cyclic_reduce(r) for r in relators) if w]
    if len(words) != 1:
        return None
    (relator,) = words
    n = is_proper_power(relator)
    if n < 2:
        return None
    root = relator[: len(relator) // n]
    k = (n - 1) * len(root) + 1
    replacements: dict[Word, Word] = {}
    for rotation in symmetrized([relator]):
        replacements.setdefault(rotation[:k], invert(rotation[k:]))
    return OneRelatorTorsion(root, n, replacements, k)

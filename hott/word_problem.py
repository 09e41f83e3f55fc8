"""Deciding equality of paths in the presented groupoid (the word problem, with honest limits).

The word problem is undecidable in general, so the answer is a :class:`Decision`: proved equal,
proved different, or undecided with the reason. Methods, cheapest first, each a documented
decider for a class of groups:

1. free reduction, and rewriting along the spanning tree and our Tietze moves;
2. free groups (no relator left) and abelian presentations: exact;
3. a non-zero image in the abelianization proves inequality;
4. small cancellation, C′(1/6) or C′(1/4)–T(4), recognised automatically: Dehn's algorithm
   (:mod:`hott.dehn`) decides — every surface group but the torus, sphere, RP² and Klein bottle;
5. one-relator groups with torsion: Newman's spelling theorem (:mod:`hott.one_relator`);
6. finite groups: coset enumeration (:mod:`hott.coset_enumeration`);
7. Knuth–Bendix completion, our own (:mod:`hott.knuth_bendix`), under the budget;
8. a homomorphism to a small permutation group that moves the loop proves it non-trivial
   (:mod:`hott.permutation_witness`), and is reported as the witness;
9. a loop that is a rotation of a relator (or of its inverse) is trivial.

Every search runs under a :class:`~hott.budget.Budget` (seconds and steps) and ends, at worst,
in an honest *undecided* naming the bound. Nothing is reported as proved that was not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hott.budget import Budget, OutOfBudget
from hott.complex import CellComplex, Path
from hott.coset_enumeration import MAX_COSETS, enumerate_cosets
from hott.dehn import small_cancellation
from hott.knuth_bendix import complete
from hott.one_relator import one_relator_torsion
from hott.permutation_witness import MAX_DEGREE, cycles, find_witness
from hott.presentation import ComponentPresentation, component_presentation
from hott.words import (
    Word,
    cyclic_reduce,
    expand,
    format_word,
    invert,
    reduce_runs,
    word_length,
)
from hottbridge.errors import HottError

#: The longest loop (in letters) the deciders past the abelianisation read; a longer one (a
#: huge power) is expanded no further and left undecided.
MAX_WORD_LENGTH = 100_000


class UndecidedError(HottError):
    """``bool()`` of a decision that was not reached."""


@dataclass(frozen=True)
class Decision:
    """The outcome of :meth:`HIT.homotopic`: ``value`` is True, False or None (undecided)."""

    value: bool | None
    method: str
    reason: str

    @property
    def proved_equal(self) -> bool:
        """Whether the paths were proved equal."""
        return self.value is True

    @property
    def proved_different(self) -> bool:
        """Whether the paths were proved different."""
        return self.value is False

    @property
    def undecided(self) -> bool:
        """Whether no method reached an answer."""
        return self.value is None

    def __bool__(self) -> bool:
        if self.value is None:
            raise UndecidedError(f"homotopy undecided: {self.reason}")
        return self.value

    def __str__(self) -> str:
        verdict = {True: "homotopic", False: "not homotopic", None: "undecided"}[self.value]
        return f"{verdict} ({self.method}): {self.reason}"


def decide_homotopic(hit: CellComplex, first: Path, second: Path,
                     budget: Budget | None = None) -> Decision:
    """Decide ``first ≃ second`` for two paths of ``hit`` with the same endpoints; each method
    gets ``budget`` (default :class:`~hott.budget.Budget()`) afresh."""
    if (first.start, first.end) != (second.start, second.end):
        raise HottError(
            f"{hit.name}: homotopy compares paths with the same endpoints, but {first} goes "
            f"{first.start} ~> {first.end} and {second} goes {second.start} ~> {second.end}"
        )
    loop = first.concat(second.inv())
    if loop.is_refl:
        return Decision(True, "free reduction", "the words are equal after free reduction")
    presentation = component_presentation(hit, first.start)
    try:
        word = presentation.rewrite_runs(loop)
    except HottError as error:  # a power that grows past the run limit: H1 still reads it
        return _decide_abelian(presentation, presentation.abelian_sums(loop), error.message)
    return decide_trivial(presentation, word, budget)


def _decide_abelian(presentation: ComponentPresentation, sums: dict[str, int],
                    why: str) -> Decision:
    """What the abelianisation alone decides about a loop given by its exponent sums."""
    if not presentation.abelian_sums_are_zero(sums):
        return Decision(False, "abelianization", f"the loop has a non-zero image in H1 = "
                        f"{presentation.abelianization()}")
    if presentation.is_abelian_presentation:
        return Decision(True, "abelian presentation",
                        "π1 is abelian and the loop is zero in its abelianization")
    return Decision(None, "undecided", f"the loop is zero in H1, and it cannot be written "
                    f"out for the other methods: {why}")


Method = Callable[[ComponentPresentation, Word, Budget], tuple[Decision | None, str]]


def decide_trivial(presentation: ComponentPresentation, word: Word,
                   budget: Budget | None = None) -> Decision:
    """Decide whether ``word`` (in the reduced generators; letters or runs) is the identity
    of π1. Free groups and the abelianisation read the runs (any powers); the other methods
    read at most :data:`MAX_WORD_LENGTH` letters."""
    budget = budget or Budget()
    word = _cyclic_reduce_runs(word)
    shown = format_word(word)
    if not word:
        return Decision(True, "spanning tree and Tietze moves",
                        "the loop reduces to the empty word using the 2-cells")
    if presentation.is_free:
        return Decision(False, "free group",
                        f"π1 is free and the loop reduces to the non-empty word {shown}")
    if not presentation.abelian_image_is_zero(word):
        return Decision(False, "abelianization",
                        f"the loop {shown} has a non-zero image in H1 = "
                        f"{presentation.abelianization()}")
    if presentation.is_abelian_presentation:
        return Decision(True, "abelian presentation",
                        "π1 is abelian and the loop is zero in its abelianization")
    length = word_length(word)
    if length > MAX_WORD_LENGTH:
        return Decision(None, "undecided", f"the loop {shown} is zero in H1 and has {length} "
                        f"letters written out; the other deciders read at most "
                        f"{MAX_WORD_LENGTH}")
    word = cyclic_reduce(expand(word, MAX_WORD_LENGTH))
    tried = []
    methods: tuple[Method, ...] = (_dehn, _newman, _finite_group, _knuth_bendix,
                                   _permutation_witness)
    for method in methods:
        try:
            decision, note = method(presentation, word, budget.fresh())
        except OutOfBudget as bound:
            decision, note = None, f"{method.__doc__} ran out of its budget ({bound})"
        if decision is not None:
            return decision
        if note:
            tried.append(note)
    if _is_conjugate_of_relator(presentation, word):
        return Decision(True, "relator", f"the loop {shown} is a conjugate of a 2-cell's "
                        "boundary (or of its inverse)")
    return Decision(None, "undecided",
                    f"the loop {shown} is zero in H1, and " + "; ".join(tried))


def _cyclic_reduce_runs(word: Word) -> Word:
    """A cyclically reduced conjugate of a word of runs (end runs of one generator merged)."""
    runs = list(reduce_runs(word))
    while len(runs) >= 2 and runs[0][0] == runs[-1][0]:
        generator, exponent = runs.pop()
        total = runs[0][1] + exponent
        runs = runs[1:] if not total else [(generator, total), *runs[1:]]
    return tuple(runs)


def _is_conjugate_of_relator(presentation: ComponentPresentation, word: Word) -> bool:
    """Whether a cyclically reduced word is a cyclic rotation of a relator or its inverse."""
    for relator in presentation.relators:
        for candidate in (relator, invert(relator)):
            if len(candidate) == len(word) and _is_rotation(candidate, word):
                return True
    return False


def _is_rotation(a: Word, b: Word) -> bool:
    doubled = a + a
    return any(doubled[i:i + len(b)] == b for i in range(len(a)))


def _cached(presentation: ComponentPresentation, key: str, compute: Callable[[], object]):
    cache = presentation.decision_cache
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _dehn(presentation: ComponentPresentation, word: Word,
          budget: Budget) -> tuple[Decision | None, str]:
    """Dehn's algorithm"""
    system = _cached(presentation, "dehn", lambda: small_cancellation(presentation.relators))
    if system is None:
        return None, ""
    rest = system.dehn(word, budget)
    if not rest:
        return Decision(True, "Dehn's algorithm", f"the presentation is {system.condition} and "
                        "Dehn's algorithm reduces the loop to the empty word"), ""
    return Decision(False, "Dehn's algorithm", f"the presentation is {system.condition} and "
                    f"Dehn's algorithm stops at the non-empty word {format_word(rest)}, "
                    "which holds no more than half of a relator"), ""


def _newman(presentation: ComponentPresentation, word: Word,
            budget: Budget) -> tuple[Decision | None, str]:
    """Newman's spelling theorem"""
    group = _cached(presentation, "newman", lambda: one_relator_torsion(presentation.relators))
    if group is None:
        return None, ""
    rest = group.reduce(word, budget)
    what = f"π1 has one relator, a {group.power}-th power ({format_word(group.root)})^{group.power}"
    if not rest:
        return Decision(True, "Newman's spelling theorem",
                        f"{what}, and the loop reduces to the empty word"), ""
    return Decision(False, "Newman's spelling theorem",
                    f"{what}, and the loop stops at the non-empty word {format_word(rest)}, "
                    f"which holds no {group.power - 1}/{group.power} of the relator"), ""


def _finite_group(presentation: ComponentPresentation, word: Word,
                  budget: Budget) -> tuple[Decision | None, str]:
    """coset enumeration"""
    cache = presentation.decision_cache
    if "cosets" not in cache:
        cache["cosets"] = enumerate_cosets(presentation.generators, presentation.relators, budget)
    table = cache["cosets"]
    if table is None:
        return None, f"coset enumeration did not close within {MAX_COSETS} cosets"
    if table.act(word) == 0:
        return Decision(True, "coset enumeration",
                        f"π1 is finite (order {table.order}) and the loop acts trivially"), ""
    return Decision(False, "coset enumeration",
                    f"π1 is finite (order {table.order}) and the loop moves the identity coset"), ""


def _knuth_bendix(presentation: ComponentPresentation, word: Word,
                  budget: Budget) -> tuple[Decision | None, str]:
    """Knuth–Bendix completion"""
    cache = presentation.decision_cache
    if "rewriting" not in cache:
        try:
            cache["rewriting"] = complete(presentation.generators, presentation.relators, budget)
        except OutOfBudget as bound:
            cache["rewriting"] = str(bound)
    system = cache["rewriting"]
    if isinstance(system, str):
        return None, f"Knuth–Bendix completion did not finish within its budget ({system})"
    normal = system.reduce(word)
    if not normal:
        return Decision(True, "Knuth–Bendix", "the confluent rewriting system reduces the loop "
                        "to the identity"), ""
    return Decision(False, "Knuth–Bendix", f"the confluent rewriting system reduces the loop "
                    f"to the normal form {format_word(normal)}, not the identity"), ""


def _permutation_witness(presentation: ComponentPresentation, word: Word,
                         budget: Budget) -> tuple[Decision | None, str]:
    """the permutation search"""
    witness = find_witness(presentation.generators, presentation.relators, word, budget)
    if witness is None:
        return None, (f"no homomorphism to S_d (d ≤ {MAX_DEGREE}) moves the loop")
    images = ", ".join(f"{g} ↦ {cycles(p)}" for g, p in witness.items())
    degree = len(next(iter(witness.values())))
    return Decision(False, "permutation witness",
                    f"the homomorphism to S_{degree} with {images} kills every relator but "
                    f"moves the loop"), ""

"""Deciding equality of paths in the presented groupoid (the word problem, with honest limits).

The word problem is undecidable in general, so the answer is a :class:`Decision`: proved equal,
proved different, or undecided with the reason. Methods, cheapest first: free reduction;
rewriting along the spanning tree and our Tietze eliminations; exact answers for free groups and
for abelian presentations; a non-zero image in the abelianization proves inequality; coset
enumeration (bounded) decides finite groups; Knuth–Bendix completion (bounded, sympy's
``RewritingSystem``) decides when it becomes confluent; a loop that is a rotation of a relator
(or its inverse) is trivial. Nothing is reported as proved that was
not.
"""

from __future__ import annotations

from dataclasses import dataclass

from hott.complex import CellComplex, Path
from hott.presentation import ComponentPresentation, component_presentation
from hott.words import Word, cyclic_reduce, format_word, invert
from hottbridge.errors import HottError

#: Bounds on the expensive methods; raising them may turn "undecided" into an answer.
MAX_COSETS = 4096
MAX_REWRITING_RULES = 64


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


def decide_homotopic(hit: CellComplex, first: Path, second: Path) -> Decision:
    """Decide ``first ≃ second`` for two paths of ``hit`` with the same endpoints."""
    if (first.start, first.end) != (second.start, second.end):
        raise HottError(
            f"{hit.name}: homotopy compares paths with the same endpoints, but {first} goes "
            f"{first.start} ~> {first.end} and {second} goes {second.start} ~> {second.end}"
        )
    loop = first.concat(second.inv())
    if loop.is_refl:
        return Decision(True, "free reduction", "the words are equal after free reduction")
    presentation = component_presentation(hit, first.start)
    return decide_trivial(presentation, presentation.rewrite(loop))


def decide_trivial(presentation: ComponentPresentation, word: Word) -> Decision:
    """Decide whether ``word`` (in the reduced generators) is the identity of π1."""
    word = cyclic_reduce(word)
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
    tried = []
    for method in (_finite_group, _knuth_bendix):
        decision, note = method(presentation, word)
        if decision is not None:
            return decision
        tried.append(note)
    if _is_conjugate_of_relator(presentation, word):
        return Decision(True, "relator", f"the loop {shown} is a conjugate of a 2-cell's "
                        "boundary (or of its inverse)")
    return Decision(None, "undecided",
                    f"the loop {shown} is zero in H1, and " + "; ".join(tried))


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


def _finite_group(presentation: ComponentPresentation, word: Word) -> tuple[Decision | None, str]:
    table = _coset_table(presentation)
    if table is None:
        return None, f"coset enumeration did not close within {MAX_COSETS} cosets"
    coset = 0
    column = table.A_dict
    for g, e in word:
        coset = table.table[coset][column[presentation.to_sympy(((g, e),))]]
    order = len(table.table)
    if coset == 0:
        return Decision(True, "coset enumeration",
                        f"π1 is finite (order {order}) and the loop acts trivially"), ""
    return Decision(False, "coset enumeration",
                    f"π1 is finite (order {order}) and the loop moves the identity coset"), ""


def _coset_table(presentation: ComponentPresentation):
    cache = presentation.decision_cache
    if "cosets" not in cache:
        group = presentation.fp_group(simplify=False)
        try:
            table = group.coset_enumeration([], max_cosets=MAX_COSETS)
            table.compress()
            table.standardize()
            cache["cosets"] = table if table.is_complete() else None
        except ValueError:
            cache["cosets"] = None
    return cache["cosets"]


def _knuth_bendix(presentation: ComponentPresentation, word: Word) -> tuple[Decision | None, str]:
    cache = presentation.decision_cache
    if "rewriting" not in cache:
        from sympy.combinatorics.rewritingsystem import RewritingSystem

        system = RewritingSystem(presentation.fp_group(simplify=False))
        system.set_max(MAX_REWRITING_RULES)
        try:
            system.make_confluent()
            confluent = bool(system.is_confluent) and not system._max_exceeded
        except RuntimeError:
            confluent = False
        cache["rewriting"] = system if confluent else None
    system = cache["rewriting"]
    if system is None:
        return None, f"Knuth–Bendix completion did not finish within {MAX_REWRITING_RULES} rules"
    normal = system.reduce(presentation.to_sympy(word))
    if normal.is_identity:
        return Decision(True, "Knuth–Bendix", "the confluent rewriting system reduces the loop "
                        "to the identity"), ""
    return Decision(False, "Knuth–Bendix", f"the confluent rewriting system reduces the loop "
                    f"to the normal form {normal}, not the identity"), ""

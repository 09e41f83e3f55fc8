"""The word-problem deciders one by one and against each other: Dehn's algorithm (small
cancellation), Newman's spelling theorem, coset enumeration, permutation witnesses — on words
known trivial (products of conjugates of relators) and on random words, where any two methods
that both answer must agree, and every "trivial" must survive abelianisation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hott.budget import Budget, OutOfBudget
from hott.coset_enumeration import enumerate_cosets
from hott.dehn import is_proper_power, small_cancellation
from hott.one_relator import one_relator_torsion
from hott.permutation_witness import cycles, find_witness
from hott.words import Word, exponent_sums, free_reduce, invert


def word(text: str) -> Word:
    out = []
    for token in text.split():
        name, _, power = token.partition("^")
        n = int(power or 1)
        out += [(name, 1 if n > 0 else -1)] * abs(n)
    return tuple(out)


GENUS2 = (["a", "b", "c", "d"], [word("a b a^-1 b^-1 c d c^-1 d^-1")])
NONORIENTABLE3 = (["a", "b", "c"], [word("a^2 b^2 c^2")])
TORSION = (["a", "b"], [word("a b a^-1 b^2") * 3])  # (a b a^-1 b^2)^3
CYCLIC5 = (["a"], [word("a^5")])
S3 = (["s", "t"], [word("s^2"), word("t^3"), word("s t s t")])
GROUPS = {"genus2": GENUS2, "nonorientable3": NONORIENTABLE3, "torsion": TORSION,
          "cyclic5": CYCLIC5, "S3": S3}


def words_in(generators: list[str], max_size: int = 14) -> st.SearchStrategy[Word]:
    return st.lists(st.tuples(st.sampled_from(generators), st.sampled_from([1, -1])),
                    max_size=max_size).map(free_reduce)


def consequences(group: tuple) -> st.SearchStrategy[Word]:
    """Products of conjugates u r^±1 u^-1 of relators: trivial words."""
    generators, relators = group
    one = st.tuples(words_in(generators, 6), st.sampled_from(relators), st.booleans()).map(
        lambda t: t[0] + (t[1] if t[2] else invert(t[1])) + invert(t[0]))
    return st.lists(one, min_size=1, max_size=3).map(lambda ws: free_reduce(sum(ws, ())))


def dehn(group: tuple, w: Word) -> bool:
    return not small_cancellation(group[1]).dehn(w, Budget())


def newman(group: tuple, w: Word) -> bool:
    return not one_relator_torsion(group[1]).reduce(w, Budget())


# -------------------------------------------------------------- recognition
def test_recognition() -> None:
    assert small_cancellation(GENUS2[1]).condition == "C′(1/6)"
    assert small_cancellation(NONORIENTABLE3[1]).condition == "C′(1/4) and T(4)"
    assert small_cancellation([word("a b a^-1 b^-1")]) is None  # torus: pieces of length 1 = 1/4
    assert small_cancellation(TORSION[1]) is None  # a proper power
    assert one_relator_torsion(TORSION[1]).power == 3
    assert one_relator_torsion(GENUS2[1]) is None and one_relator_torsion(S3[1]) is None
    assert is_proper_power(word("a b a b")) == 2 and is_proper_power(word("a b a")) == 1


@pytest.mark.parametrize(("group", "decide"), [(GENUS2, dehn), (NONORIENTABLE3, dehn),
                                               (TORSION, newman), (CYCLIC5, newman)])
def test_known_trivial_words_are_trivial(group: tuple, decide) -> None:
    @settings(deadline=None, max_examples=60)
    @given(consequences(group))
    def check(w: Word) -> None:
        assert decide(group, w)

    check()


@pytest.mark.parametrize(("group", "decide"), [(GENUS2, dehn), (NONORIENTABLE3, dehn),
                                               (TORSION, newman), (CYCLIC5, newman)])
def test_deciders_agree_with_witnesses_and_abelianisation(group: tuple, decide) -> None:
    """A permutation witness proves a word non-trivial, so the decider must say so; a word the
    decider calls trivial is zero in H1: its exponent sums are a multiple of the relator's."""
    generators, relators = group

    @settings(deadline=None, max_examples=60)
    @given(words_in(generators))
    def check(w: Word) -> None:
        trivial = decide(group, w)
        witness = find_witness(generators, relators, w, Budget(seconds=60), max_degree=3)
        if witness is not None:
            assert not trivial
        if trivial:
            sums, (relator,) = exponent_sums(w), [exponent_sums(r) for r in relators]
            multiples = {sums.get(g, 0) / relator[g] for g in relator}
            assert not set(sums) - set(relator) and len(multiples) <= 1
            assert all(float(k).is_integer() for k in multiples)

    check()


@settings(deadline=None, max_examples=80)
@given(st.sampled_from(["S3", "cyclic5"]).flatmap(
    lambda name: st.tuples(st.just(name), words_in(GROUPS[name][0]))))
def test_coset_enumeration_agrees_with_newman_and_witnesses(case: tuple) -> None:
    name, w = case
    generators, relators = GROUPS[name]
    table = enumerate_cosets(generators, relators, Budget())
    assert table.order == {"S3": 6, "cyclic5": 5}[name]
    trivial = table.act(w) == 0
    if name == "cyclic5":
        assert trivial == newman(GROUPS[name], w)
    degree = {"S3": 3, "cyclic5": 5}[name]  # S3 and Z/5 act faithfully on 3 and 5 points
    witness = find_witness(generators, relators, w, Budget(), max_degree=degree)
    assert trivial == (witness is None)
    if trivial:
        assert sum(e for _, e in w) % (5 if name == "cyclic5" else 1) == 0


def test_witness_is_a_homomorphism_moving_the_word() -> None:
    witness = find_witness(*S3, word("s t s^-1 t^-1"), Budget())
    assert witness is not None and len(witness["s"]) == 3
    assert cycles((1, 2, 0)) == "(0 1 2)" and cycles((0, 1)) == "()"


def test_budgets_end_in_out_of_budget() -> None:
    with pytest.raises(OutOfBudget, match="10 steps"):
        enumerate_cosets(["a", "b"], [word("a^2"), word("b^3"), word("a b") * 7], Budget(steps=10))
    with pytest.raises(OutOfBudget):
        find_witness(*GENUS2, word("a b a^-1 b^-1"), Budget(steps=5))


def test_infinite_group_does_not_close() -> None:
    assert enumerate_cosets(["a", "b"], [word("a b a^-1 b^-1")], Budget(), max_cosets=200) is None


def _one_point(generators: list[str], relators: list[Word]):
    from hott import HIT
    from hott.words import format_word

    return HIT.from_cells("G", ["x"], {g: ("x", "x") for g in generators},
                          {f"r{i}": format_word(r) for i, r in enumerate(relators)})


@settings(deadline=None, max_examples=100)
@given(st.sampled_from(sorted(GROUPS)).flatmap(
    lambda name: st.tuples(st.just(name), words_in(GROUPS[name][0], 10))))
def test_every_homotopic_answer_survives_abelianisation(case: tuple) -> None:
    from hott.words import format_word

    name, w = case
    hit = _one_point(*GROUPS[name])
    decision = hit.homotopic(format_word(w) if w else "refl", "refl", start="x")
    assert not decision.undecided, str(decision)
    if decision.proved_equal:
        assert hit.presentation().abelian_image_is_zero(w)

"""The groupoid laws of paths, and ``homotopic`` as an equivalence relation compatible with
concatenation. Laws are checked twice: as equalities of the free groupoid (``Path ==``) and as
proved homotopies (``HIT.homotopic``)."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hott import HIT, Path
from hott.library import (
    circle,
    figure_eight,
    klein_bottle,
    projective_plane,
    sphere,
    torus,
)
from hott.strategies import closed_words, composable_pairs, composable_triples, library_hits


def assert_groupoid_equal(first: Path, second: Path) -> None:
    assert first == second
    assert first.hit.homotopic(first, second).proved_equal


@settings(deadline=None, max_examples=60)
@given(library_hits().flatmap(composable_triples))
def test_associativity(triple: tuple[Path, Path, Path]) -> None:
    p, q, r = triple
    assert_groupoid_equal((p * q) * r, p * (q * r))


@settings(deadline=None, max_examples=60)
@given(library_hits().flatmap(composable_pairs))
def test_units_and_inverses(pair: tuple[Path, Path]) -> None:
    p, q = pair
    hit = p.hit
    assert_groupoid_equal(hit.refl(p.start) * p, p)
    assert_groupoid_equal(p * hit.refl(p.end), p)
    assert_groupoid_equal(p * ~p, hit.refl(p.start))
    assert_groupoid_equal(~p * p, hit.refl(p.end))
    assert_groupoid_equal(~~p, p)
    assert_groupoid_equal(~(p * q), ~q * ~p)


@settings(deadline=None, max_examples=40)
@given(library_hits().flatmap(closed_words), st.integers(-3, 3), st.integers(-3, 3))
def test_powers_of_loops(loop: Path, m: int, n: int) -> None:
    assert_groupoid_equal(loop ** m * loop ** n, loop ** (m + n))
    assert_groupoid_equal((loop ** m) ** n, loop ** (m * n))
    assert_groupoid_equal(loop ** -m, ~(loop ** m))


# --------------------------------------------------------- homotopy as a relation
#: One-point HITs whose word problem the decision procedures settle completely: free groups,
#: abelian presentations, a finite group, and the Klein bottle by Knuth–Bendix.
DECIDABLE = [circle(), figure_eight(), torus(), klein_bottle(), projective_plane()]


@st.composite
def homotopic_variant(draw: st.DrawFn, loop: Path) -> Path:
    """A loop equal to ``loop`` in the groupoid by construction: cancelling pairs and cyclic
    rotations of attaching words (or their inverses) inserted anywhere. One-point HITs only."""
    hit = loop.hit
    letters = list(loop.letters)
    relators = [hit.attaching_word(c).letters for c in hit.cells(2)]
    for _ in range(draw(st.integers(1, 3))):
        position = draw(st.integers(0, len(letters)))
        generator = draw(st.sampled_from(list(hit.paths)))
        pair = [(generator, 1), (generator, -1)]
        if relators and draw(st.booleans()):
            relator = list(draw(st.sampled_from(relators)))
            shift = draw(st.integers(0, len(relator) - 1))
            piece = relator[shift:] + relator[:shift]
            pair = piece if draw(st.booleans()) else [(g, -e) for g, e in reversed(piece)]
        letters[position:position] = pair
    return Path(hit, loop.start, loop.end, tuple(letters))


def loops_of(hits: list[HIT], max_length: int = 6) -> st.SearchStrategy[Path]:
    return st.sampled_from(hits).flatmap(lambda hit: closed_words(hit, max_length=max_length))


@settings(deadline=None, max_examples=60)
@given(loops_of(DECIDABLE), st.data())
def test_insertions_of_relators_are_proved_homotopic(loop: Path, data: st.DataObject) -> None:
    variant = data.draw(homotopic_variant(loop))
    decision = loop.hit.homotopic(loop, variant)
    assert decision.proved_equal, str(decision)


@settings(deadline=None, max_examples=60)
@given(library_hits().flatmap(lambda hit: composable_pairs(hit)))
def test_reflexive(pair: tuple[Path, Path]) -> None:
    for p in pair:
        assert p.hit.homotopic(p, p).proved_equal


@settings(deadline=None, max_examples=60)
@given(st.sampled_from([*DECIDABLE, sphere(1), sphere(2)]).flatmap(
    lambda hit: st.tuples(closed_words(hit, hit.points[0]), closed_words(hit, hit.points[0]))))
def test_symmetric_and_consistent(pair: tuple[Path, Path]) -> None:
    p, q = pair
    hit = p.hit
    forward, backward = hit.homotopic(p, q), hit.homotopic(q, p)
    assume(not forward.undecided)
    assert forward.value == backward.value
    assert hit.homotopic(p * ~q, hit.refl(p.start)).value == forward.value
    assert hit.homotopic(~p, ~q).value == forward.value


@settings(deadline=None, max_examples=40)
@given(loops_of(DECIDABLE), st.data())
def test_transitive(loop: Path, data: st.DataObject) -> None:
    middle = data.draw(homotopic_variant(loop))
    last = data.draw(homotopic_variant(middle))
    hit = loop.hit
    assert hit.homotopic(loop, middle).proved_equal
    assert hit.homotopic(middle, last).proved_equal
    assert hit.homotopic(loop, last).proved_equal


@settings(deadline=None, max_examples=40)
@given(st.sampled_from(DECIDABLE), st.data())
def test_compatible_with_concatenation(hit: HIT, data: st.DataObject) -> None:
    p, q = data.draw(closed_words(hit)), data.draw(closed_words(hit))
    p2, q2 = data.draw(homotopic_variant(p)), data.draw(homotopic_variant(q))
    assert hit.homotopic(p * q, p2 * q2).proved_equal
    assert hit.homotopic(~p, ~p2).proved_equal
    # cancelling q on the right changes no decided answer
    r = data.draw(closed_words(hit, p.start))
    assert hit.homotopic(p * q, r * q).value == hit.homotopic(p, r).value

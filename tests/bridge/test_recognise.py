"""Recognition among the library HITs: textbook invariants, presentations up to renaming."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bridge.recognise import Invariants, presentation_hit, recognise, same_presentation
from hott import HIT
from hott.library import (
    circle,
    figure_eight,
    klein_bottle,
    point,
    projective_plane,
    sphere,
    torus,
    wedge,
)
from hott.words import invert

TORUS = (("p", "q"), ((("p", 1), ("q", 1), ("p", -1), ("q", -1)),))
KLEIN = (("p", "q"), ((("p", 1), ("q", 1), ("p", -1), ("q", 1)),))


def recognised(hit: HIT) -> str | None:
    return recognise(hit, hit.presentation(), landmarks=1, scale=1.0).name


@pytest.mark.parametrize(("hit", "name"), [
    (point(), "contractible"),
    (circle(), "circle"),
    (sphere(1), "circle"),  # two points, two meridians: the same invariants
    (figure_eight(), "figure-eight"),
    (wedge(circle(), circle(), circle()), "wedge of 3 circles"),
    (torus(), "torus"),
    (klein_bottle(), "Klein bottle"),
    (projective_plane(), "projective plane"),
    (sphere(2), "2-sphere"),
])
def test_library_hits_are_recognised_as_themselves(hit, name) -> None:
    assert recognised(hit) == name


def test_an_unrecognised_component_is_realized_as_its_own_presentation() -> None:
    lens = HIT("L3").point("b").path("e", "b", "b").cell("thrice", "e e e")
    found = recognise(lens, lens.presentation(), landmarks=5, scale=0.5)
    assert found.name is None
    assert found.statement.startswith("not recognised")
    own = presentation_hit(lens.presentation())
    assert (len(own.paths), len(own.cells(2))) == (1, 1)
    assert [g.torsion for g in own.homology()[:2]] == [(), (3,)]


def test_the_statement_names_its_evidence_and_its_limit() -> None:
    found = recognise(torus(), torus().presentation(), landmarks=250, scale=0.96)
    assert "presentation of T2's up to renaming" in found.statement
    assert "evidence, not a proof" in found.statement
    assert "250 landmarks at scale 0.96" in found.statement
    assert Invariants.of(torus()).homology == ((1, ()), (2, ()), (1, ()))


@settings(max_examples=40, deadline=None)
@given(swap=st.booleans(), signs=st.tuples(st.sampled_from([1, -1]), st.sampled_from([1, -1])),
       rotate=st.integers(0, 3), inverse=st.booleans())
def test_a_renamed_rotated_or_inverted_commutator_is_the_torus(swap, signs, rotate,
                                                               inverse) -> None:
    names = {"p": ("y", signs[0]), "q": ("x", signs[1])} if swap else {
        "p": ("x", signs[0]), "q": ("y", signs[1])}
    word = tuple((names[g][0], e * names[g][1]) for g, e in TORUS[1][0])
    word = word[rotate:] + word[:rotate]
    word = invert(word) if inverse else word
    assert same_presentation(("x", "y"), (word,), *TORUS)
    assert not same_presentation(("x", "y"), (word,), *KLEIN)


def test_presentations_of_different_sizes_differ() -> None:
    assert not same_presentation(("a",), (), *TORUS)
    assert same_presentation(("a", "b"), (), ("x", "y"), ())
    assert not same_presentation(("a",), ((("a", 1), ("a", 1)),), ("e",), ((("e", 1),) * 3,))

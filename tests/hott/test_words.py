"""Words in the 1-cells: parsing, free and cyclic reduction, inversion, formatting."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hott import Path
from hott.library import LIBRARY, figure_eight, interval, torus
from hott.strategies import library_hits, words
from hott.words import (
    check_name,
    cyclic_reduce,
    expand,
    exponent_sums,
    format_word,
    free_reduce,
    invert,
    tokenize,
)
from hottbridge.errors import HottError

letters = st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from([1, -1])), max_size=16).map(
    tuple
)


def parsed(text: str) -> tuple:
    return expand(tuple(run for token in tokenize(text) for run in token.runs))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("p", (("p", 1),)),
        ("p^-1", (("p", -1),)),
        ("p^3", (("p", 1),) * 3),
        ("p^+2", (("p", 1),) * 2),
        ("q^-2", (("q", -1),) * 2),
        ("p^0", ()),
        ("refl", ()),
        ("", ()),
        ("p q p^-1 q^-1", (("p", 1), ("q", 1), ("p", -1), ("q", -1))),
        ("refl p refl", (("p", 1),)),
        ("loop.base merid_N a' _x^-1", (("loop.base", 1), ("merid_N", 1), ("a'", 1), ("_x", -1))),
        ("  p\tq\n", (("p", 1), ("q", 1))),
    ],
)
def test_parse(text: str, expected: tuple) -> None:
    assert parsed(text) == expected


def test_tokens_remember_their_columns() -> None:
    spans = [(token.name, token.span.column, token.span.length) for token in tokenize("p  q^2 r")]
    assert spans == [("p", 1, 1), ("q", 4, 3), ("r", 8, 1)]


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("p ^2", 3, "cannot read '\\^2'"),
        ("p^^2", 1, "cannot read"),
        ("p q^x", 3, "cannot read the exponent 'x' in 'q\\^x'"),
        ("1p", 1, "cannot read '1p'"),
        ("refl^2", 1, "'refl' takes no power"),
    ],
)
def test_malformed_tokens_have_a_span(text: str, column: int, message: str) -> None:
    with pytest.raises(HottError, match=message) as info:
        tokenize(text)
    assert info.value.span is not None and info.value.span.column == column
    assert f"column {column}" in str(info.value) and "^" in str(info.value)


def test_a_word_is_text() -> None:
    with pytest.raises(HottError, match="a word must be given as text, got int"):
        tokenize(3)


@pytest.mark.parametrize("name", ["p", "merid_N", "loop.base", "a'", "_x", "v10"])
def test_valid_names(name: str) -> None:
    assert check_name(name, "path") == name


@pytest.mark.parametrize(
    ("name", "message"),
    [("refl", "reserved"), ("1a", "not valid"), ("a b", "not valid"), ("", "not valid"),
     (3, "not valid"), ("p^2", "not valid")],
)
def test_invalid_names(name: object, message: str) -> None:
    with pytest.raises(HottError, match=f"path name .*{message}"):
        check_name(name, "path")


@pytest.mark.parametrize(
    ("word", "reduced", "cyclic"),
    [
        ("a a^-1", "refl", "refl"),
        ("a b b^-1 a^-1 c", "c", "c"),
        ("a^-1 b a", "a^-1 b a", "b"),
        ("a b c b^-1 a^-1", "a b c b^-1 a^-1", "c"),
        ("a b a^-1 b^-1", "a b a^-1 b^-1", "a b a^-1 b^-1"),
    ],
)
def test_reduction_table(word: str, reduced: str, cyclic: str) -> None:
    assert format_word(free_reduce(parsed(word))) == reduced
    assert format_word(cyclic_reduce(parsed(word))) == cyclic


@pytest.mark.parametrize(
    ("word", "text"),
    [("p p p", "p^3"), ("p^-1 p^-1 q", "p^-2 q"), ("p q p", "p q p"), ("refl", "refl")],
)
def test_format_collapses_powers(word: str, text: str) -> None:
    assert format_word(parsed(word)) == text


def test_exponent_sums_drop_zeros() -> None:
    assert exponent_sums(parsed("a b a^-1 c^2 b")) == {"b": 2, "c": 2}


@settings(deadline=None, max_examples=100)
@given(letters)
def test_free_reduction_is_idempotent_and_reduced(word: tuple) -> None:
    reduced = free_reduce(word)
    assert free_reduce(reduced) == reduced
    assert all(reduced[i][0] != reduced[i + 1][0] or reduced[i][1] == reduced[i + 1][1]
               for i in range(len(reduced) - 1))
    assert exponent_sums(reduced) == exponent_sums(word)


@settings(deadline=None, max_examples=100)
@given(letters, letters)
def test_inverse_laws(u: tuple, v: tuple) -> None:
    assert invert(invert(u)) == u
    assert free_reduce(u + invert(u)) == ()
    assert free_reduce(invert(u) + u) == ()
    assert free_reduce(invert(u + v)) == free_reduce(invert(v) + invert(u))
    assert free_reduce(invert(free_reduce(u))) == free_reduce(invert(u))
    assert free_reduce(free_reduce(u) + v) == free_reduce(u + v)


@settings(deadline=None, max_examples=100)
@given(letters, letters)
def test_cyclic_reduction_is_a_reduced_conjugate(u: tuple, w: tuple) -> None:
    core = cyclic_reduce(w)
    assert cyclic_reduce(core) == core
    assert len(core) < 2 or core[0] != (core[-1][0], -core[-1][1])
    conjugate = cyclic_reduce(u + w + invert(u))
    rotations = {core[i:] + core[:i] for i in range(max(1, len(core)))}
    assert conjugate in rotations


@settings(deadline=None, max_examples=60)
@given(library_hits().flatmap(lambda hit: words(hit)))
def test_format_word_round_trips_through_hit_word(path: Path) -> None:
    again = path.hit.word(format_word(path.letters), start=path.start)
    assert again.letters == path.letters
    assert (again.start, again.end) == (path.start, path.end)
    assert again == path


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_path_constructor_parses_to_itself(name: str) -> None:
    hit = LIBRARY[name]()
    for path, (source, target) in hit.paths.items():
        word = hit.word(path)
        assert (word.start, word.end, word.letters) == (source, target, ((path, 1),))
        inverse = hit.word(f"{path}^-1")
        assert (inverse.start, inverse.end) == (target, source)


def test_word_start_and_end() -> None:
    assert str(torus().word("p^2 q^-1")) == "p^2 q^-1"
    seg = interval().word("seg seg^-1 seg")
    assert (seg.start, seg.end, str(seg)) == ("zero", "one", "seg seg^-1 seg")
    refl = figure_eight().word("refl")
    assert refl.is_refl and refl.is_loop and str(refl) == "refl_base"

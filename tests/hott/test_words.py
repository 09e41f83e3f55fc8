"""Words in the 1-cells: parsing, free and cyclic reduction, inversion, formatting."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hott import Path, winding_number
from hott.library import LIBRARY, circle, figure_eight, interval, torus
from hott.strategies import library_hits, words
from hott.words import (
    as_runs,
    check_name,
    cyclic_reduce,
    expand,
    exponent_sums,
    format_word,
    free_reduce,
    invert,
    parse_power,
    power,
    reduce_runs,
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


# ---------------------------------------------------------------- run-length words
runs = st.lists(
    st.tuples(st.sampled_from("abc"), st.integers(-4, 4).filter(bool)), max_size=10
).map(tuple)


@given(letters)
def test_run_length_reduction_equals_letter_reduction(word: tuple) -> None:
    assert reduce_runs(as_runs(word)) == as_runs(free_reduce(word))
    assert expand(reduce_runs(word)) == free_reduce(word)


@given(runs)
def test_runs_reduce_like_their_letters(word: tuple) -> None:
    letters_of = expand(word)
    assert expand(reduce_runs(word)) == free_reduce(letters_of)
    assert exponent_sums(word) == exponent_sums(letters_of)
    assert expand(invert(word)) == invert(letters_of)
    assert format_word(word) == format_word(letters_of)


@given(runs, st.integers(-6, 6))
def test_power_by_squaring_equals_repetition(word: tuple, n: int) -> None:
    base = expand(word) if n >= 0 else invert(expand(word))
    assert expand(power(word, n)) == free_reduce(base * abs(n))


def test_power_of_a_conjugate_of_one_run_stays_small() -> None:
    word = (("u", 1), ("a", 2), ("u", -1))
    assert power(word, 2**70) == (("u", 1), ("a", 2**71), ("u", -1))
    assert power(word, -(2**70)) == (("u", 1), ("a", -(2**71)), ("u", -1))


def test_expand_refuses_before_allocating() -> None:
    with pytest.raises(HottError, match="has 10000000000 letters .* stops at 1000"):
        expand((("a", 10**10),), limit=1000)
    assert expand((("a", 3), ("b", -1)), limit=4) == (("a", 1),) * 3 + (("b", -1),)


@pytest.mark.parametrize("text", ["loop^٣", "loop^３", "loop^²", "loop^3x", "loop^+-3", "loop^"])
def test_only_ascii_digits_make_an_exponent(text: str) -> None:
    with pytest.raises(HottError, match="cannot read the exponent"):
        tokenize(text)


def test_parse_power_is_the_one_exponent_reader() -> None:
    assert parse_power("-12") == -12 and parse_power("+7") == 7 and parse_power("0") == 0
    assert parse_power("1" * 100) == int("1" * 100)
    with pytest.raises(HottError, match="has 101 digits"):
        parse_power("1" * 101)


def test_huge_powers_are_runs_and_wind_exactly() -> None:
    s1 = circle()
    word = s1.word(f"loop^{2**63} loop^-3 loop^{2**70}")
    assert word.runs == (("loop", 2**63), ("loop", -3), ("loop", 2**70))
    assert word.reduced == (("loop", 2**63 - 3 + 2**70),)
    assert winding_number(word) == 2**63 - 3 + 2**70
    assert word == s1.word(f"loop^{2**70 + 2**63 - 3}") and (word ** -1).is_refl is False
    assert (word * word.inv()).is_refl


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_fuzz_arbitrary_text_is_a_word_or_a_hott_error(text: str) -> None:
    for hit in (circle(), figure_eight()):
        try:
            path = hit.word(text)
        except HottError:
            continue
        assert len(path.runs) <= len(text.split())


exponents = st.one_of(st.integers(-(2**70), 2**70), st.integers(-3, 3)).map(str) | st.text(
    max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["loop", "refl", "loop'", "l00p", "٣"]), exponents,
                          st.booleans()), max_size=6))
def test_fuzz_powers_up_to_2_to_70(tokens: list) -> None:
    text = " ".join(f"{name}^{power}" if with_power else name for name, power, with_power in tokens)
    try:
        path = circle().word(text)
    except HottError:
        return
    expected = sum(int(p) if w else 1 for n, p, w in tokens if n == "loop")
    assert winding_number(path) == expected

"""Type families over HITs: transport, path induction, sections and apd, universal covers and
winding numbers; and the families that are not families."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Matrix

from hott import (
    HIT,
    AffineMap,
    Family,
    FreeGroupElements,
    HITMap,
    HottError,
    Lattice,
    Path,
    PathOver,
    Permutation,
    Section,
    Translation,
    path_induction,
    universal_cover,
    winding_number,
)
from hott.library import (
    LIBRARY,
    circle,
    figure_eight,
    interval,
    klein_bottle,
    product,
    projective_plane,
    sphere,
    torus,
)
from hott.strategies import closed_words, composable_pairs, words
from hott.words import expand, exponent_sums

S1, T2, EIGHT, RP2, K = circle(), torus(), figure_eight(), projective_plane(), klein_bottle()

#: Coherent families, each with an element of every fiber to transport.
FAMILIES = {
    "cover of S1": (universal_cover(S1), st.integers(-5, 5)),
    "cover of T2": (universal_cover(T2), st.tuples(st.integers(-5, 5), st.integers(-5, 5))),
    "cover of S1∨S1": (universal_cover(EIGHT), words(EIGHT, "base", 4).map(lambda p: expand(p.reduced))),
    "double cover of S1": (Family(S1, {"base": {0, 1}}, {"loop": {0: 1, 1: 0}}),
                           st.sampled_from([0, 1])),
    "double cover of RP2": (Family(RP2, {"b": {"+", "-"}}, {"e": {"+": "-", "-": "+"}}),
                            st.sampled_from("+-")),
    "orientation cover of K": (Family(K, {"b": {0, 1}}, {"p": {0: 1, 1: 0}, "q": {0: 0, 1: 1}}),
                               st.sampled_from([0, 1])),
    "Z over K": (Family(K, {"b": Lattice(1)}, {"p": AffineMap([[-1]], [0]),
                                              "q": AffineMap.shift(1)}), st.integers(-5, 5)),
    "two-point cover of S1": (Family(sphere(1), {"N": {0, 1}, "S": {"a", "b"}},
                                     {"merid_N": {0: "a", 1: "b"}, "merid_S": {0: "b", 1: "a"}}),
                              None),
}


def family_and_element() -> st.SearchStrategy[tuple]:
    """A family, a composable pair of its HIT, and an element over the pair's start."""
    def draw_for(name: str) -> st.SearchStrategy[tuple]:
        family, elements = FAMILIES[name]
        if elements is None:  # fibers differ by point: draw from the start's fiber
            return composable_pairs(family.hit).flatmap(lambda pq: st.tuples(
                st.just(family), st.just(pq),
                st.sampled_from(sorted(family.fiber(pq[0].start).elements, key=repr))))
        return st.tuples(st.just(family), composable_pairs(family.hit), elements)

    return st.sampled_from(sorted(FAMILIES)).flatmap(draw_for)


# ------------------------------------------------------------------ transport
@settings(deadline=None, max_examples=80)
@given(family_and_element())
def test_transport_is_functorial(case: tuple) -> None:
    family, (p, q), x = case
    assert family.transport(p * q, x) == family.transport(q, family.transport(p, x))
    assert family.transport(~p, family.transport(p, x)) == x
    assert family.transport(family.hit.refl(p.start), x) == x
    assert family.fiber(p.end).contains(family.transport(p, x))


@settings(deadline=None, max_examples=40)
@given(family_and_element())
def test_transport_respects_the_two_cells(case: tuple) -> None:
    family, (p, _), x = case
    hit = family.hit
    for cell in hit.cells(2):
        loop = hit.attaching_word(cell)
        if loop.start == p.end:  # go along p, around the cell, and back
            assert family.transport(p * loop * ~p, x) == x


# ------------------------------------------------- universal covers, winding
def test_winding_number_example() -> None:
    assert winding_number("loop loop loop^-1 loop") == 2
    assert winding_number("refl") == 0
    assert winding_number("loop^-3") == -3


@settings(deadline=None, max_examples=60)
@given(closed_words(S1, max_length=12))
def test_winding_number_is_the_exponent_sum(loop: Path) -> None:
    assert winding_number(loop) == exponent_sums(loop.letters).get("loop", 0)


@settings(deadline=None, max_examples=30)
@given(closed_words(sphere(1), "N", 10))
def test_winding_number_on_the_two_point_circle(loop: Path) -> None:
    # the generator loop merid_N merid_S^-1 winds once (one sign or the other)
    unit = winding_number("merid_N merid_S^-1", sphere(1))
    assert unit in (1, -1)
    assert winding_number(loop, sphere(1)) == unit * exponent_sums(loop.letters).get(
        "merid_N", 0)


MOEBIUS = HIT.from_simplices([(0, 1, 2), (1, 2, 3), (2, 3, 4), (0, 3, 4), (0, 1, 4)])


@pytest.mark.parametrize(
    ("hit", "loop", "winding"),
    [
        (product(S1, interval()), "loop.zero^2", 2),
        (product(S1, interval()), "loop.zero base.seg loop.one^-1 base.seg^-1", 0),
        (MOEBIUS, "s0_1 s1_2 s2_3 s3_4 s0_4^-1", 1),
        (MOEBIUS, "s0_1 s1_4 s0_4^-1", 0),  # the boundary of a triangle
    ],
    ids=["cylinder, twice round", "cylinder, square", "Möbius core", "Möbius triangle"],
)
def test_winding_numbers_on_other_spaces_with_pi1_z(hit: HIT, loop: str, winding: int) -> None:
    assert abs(winding_number(loop, hit)) == winding


def test_universal_cover_of_the_circle() -> None:
    cover = universal_cover(S1)
    assert cover.fiber("base") == Lattice(1)
    assert cover.transport("loop", 0) == 1 and cover.transport("loop^-1", 0) == -1
    assert path_induction(cover, 5, "loop^2") == 7


def test_universal_cover_of_the_torus_is_z2() -> None:
    cover = universal_cover(T2)
    assert cover.fiber("b") == Lattice(2)
    p, q = cover.transport("p", (0, 0)), cover.transport("q", (0, 0))
    assert abs(Matrix([p, q]).det()) == 1  # the two loops move along a basis of Z^2
    assert cover.transport("p q", (0, 0)) == cover.transport("q p", (0, 0))

    @settings(deadline=None, max_examples=30)
    @given(closed_words(T2, max_length=10))
    def check(loop: Path) -> None:
        sums = exponent_sums(loop.letters)
        m, n = sums.get("p", 0), sums.get("q", 0)
        assert cover.transport(loop, (0, 0)) == (m * p[0] + n * q[0], m * p[1] + n * q[1])

    check()


def test_universal_cover_of_the_figure_eight_is_the_free_group() -> None:
    cover = universal_cover(EIGHT)
    assert cover.fiber("base") == FreeGroupElements(("a", "b"))
    assert cover.transport("a b a^-1", ()) == (("a", 1), ("b", 1), ("a", -1))
    assert cover.transport("a b b^-1 a^-1", ()) == ()
    assert cover.transport("a b", ()) != cover.transport("b a", ())
    assert cover.transport("b", (("b", -1),)) == ()

    @settings(deadline=None, max_examples=30)
    @given(closed_words(EIGHT, max_length=10))
    def check(loop: Path) -> None:
        assert cover.transport(loop, ()) == expand(loop.reduced)  # the element the loop names

    check()


THETA = HIT("θ").point("x").point("y").path("e", "x", "y").path("f", "x", "y").path("g", "x", "y")


@settings(deadline=None, max_examples=30)
@given(closed_words(THETA, "x", 10))
def test_universal_cover_of_a_graph_with_many_points(loop: Path) -> None:
    cover = universal_cover(THETA)
    presentation = THETA.presentation("x")
    assert cover.fiber("x") == cover.fiber("y") == FreeGroupElements(("f", "g"))
    assert cover.transport(loop, ()) == presentation.rewrite(loop)


@pytest.mark.parametrize("name", ["point", "interval", "sphere2", "sphere3", "Σ torus"])
def test_simply_connected_covers_are_trivial(name: str) -> None:
    hit = LIBRARY[name]()
    cover = universal_cover(hit)
    assert all(cover.fiber(x) == Lattice(0) for x in hit.points)


def test_covers_that_are_not_built() -> None:
    with pytest.raises(HottError, match=r"π1\(K\) has abelianization Z ⊕ Z/2"):
        universal_cover(K)
    with pytest.raises(HottError, match=r"π1\(RP2\) has abelianization Z/2"):
        universal_cover(RP2)
    with pytest.raises(HottError, match="winding numbers need π1 ≅ Z; .* S1∨S1 has fiber F"):
        winding_number("a b", EIGHT)
    with pytest.raises(HottError, match="a winding number is defined for loops; 'seg' goes"):
        winding_number("seg", interval())
    with pytest.raises(HottError, match="universal_cover needs a connected HIT; two has 2"):
        universal_cover(HIT("two").point("x").point("y"))


# ------------------------------------------------------- path induction, sections
@settings(deadline=None, max_examples=40)
@given(family_and_element())
def test_path_induction(case: tuple) -> None:
    family, (p, _), d = case
    assert path_induction(family, d, "refl", base=p.start) == d  # the computation rule
    assert path_induction(family, d, p) == family.transport(p, d)


def test_constant_family_has_sections_and_apd() -> None:
    constant = Family(S1, {"base": {0, 1}}, {"loop": {0: 0, 1: 1}})
    section = Section(constant, {"base": 1})
    assert section("base") == 1
    over = section.apd("loop loop")
    assert isinstance(over, PathOver)
    assert (over.start_value, over.end_value, str(over.path)) == (1, 1, "loop^2")


def test_sections_of_a_family_over_the_interval() -> None:
    family = Family(interval(), {"zero": {0, 1}, "one": {"a", "b"}}, {"seg": {0: "b", 1: "a"}})
    section = Section(family, {"zero": 0, "one": "b"})
    assert section.apd("seg").end_value == "b"
    with pytest.raises(HottError, match="transport along 'seg' takes the value 0 over zero to "
                                        "'b', but the value over one is 'a'"):
        Section(family, {"zero": 0, "one": "a"})


def test_universal_cover_of_the_circle_has_no_section() -> None:
    cover = universal_cover(S1)
    for value in (-1, 0, 3):
        with pytest.raises(HottError, match="not a dependent function: transport along 'loop'"):
            Section(cover, {"base": value})


def test_section_values_must_be_in_the_fibers() -> None:
    constant = Family(S1, {"base": {0, 1}}, {"loop": {0: 0, 1: 1}})
    with pytest.raises(HottError, match=r"no value over \['base'\]"):
        Section(constant, {})
    with pytest.raises(HottError, match="9 is not in the fiber"):
        Section(constant, {"base": 9})


# ------------------------------------------------------------------ bad families
def test_a_non_bijection_names_its_path() -> None:
    with pytest.raises(HottError, match="transport along 'loop': the map is not a bijection"):
        Family(S1, {"base": {0, 1}}, {"loop": {0: 0, 1: 0}})


def test_a_map_not_defined_on_the_whole_fiber_names_its_path() -> None:
    with pytest.raises(HottError, match=r"transport along 'loop': the map is defined on \['0'\],"
                                        r" but the fiber is \{0, 1\}"):
        Family(S1, {"base": {0, 1}}, {"loop": {0: 1}})


def test_an_incoherent_family_names_its_cell() -> None:
    family = Family(RP2, {"b": {0, 1, 2}}, {"e": {0: 1, 1: 2, 2: 0}})  # e e is not the identity
    with pytest.raises(HottError, match="not coherent: transport around 2-cell 'twice'"):
        family.check()
    with pytest.raises(HottError, match="2-cell 'twice'"):
        family.transport("e", 0)  # transport checks first
    with pytest.raises(HottError, match="2-cell 'surf'"):
        Family(T2, {"b": Lattice(2)}, {"p": AffineMap.shift(1, 0),
                                       "q": AffineMap([[0, 1], [1, 0]], [0, 0])}).check()


@pytest.mark.parametrize(
    ("fibers", "transports", "message"),
    [
        ({}, {"loop": {}}, r"fibers are needed for exactly the points; missing \['base'\]"),
        ({"base": {0}, "x": {0}}, {"loop": {0: 0}}, r"not points \['x'\]"),
        ({"base": {0}}, {}, r"transports are needed .* missing \['loop'\]"),
        ({"base": {0}}, {"loop": {0: 0}, "zz": {0: 0}}, r"not paths \['zz'\]"),
        ({"base": {0}}, {"loop": 3}, "transport along 'loop': a transport is a Permutation"),
        ({"base": "ab"}, {"loop": {}}, "fiber over 'base': a fiber is a FiniteSet"),
        ({"base": Lattice(2)}, {"loop": AffineMap.shift(1)}, "transport along 'loop': an affine"),
        ({"base": {0, 1}}, {"loop": AffineMap.shift(1)}, "transport along 'loop': AffineMap transports go between Lattice"),
        ({"base": FreeGroupElements(("a",))}, {"loop": Translation((("b", 1),))},
         "transport along 'loop': translation by b is not an element"),
    ],
)
def test_malformed_families(fibers: dict, transports: dict, message: str) -> None:
    with pytest.raises(HottError, match=message):
        Family(S1, fibers, transports)


def test_transport_of_an_element_outside_the_fiber() -> None:
    family = Family(S1, {"base": {0, 1}}, {"loop": Permutation({0: 1, 1: 0})})
    with pytest.raises(HottError, match="7 is not in the fiber .* over base, where the path "
                                        "'loop' starts"):
        family.transport("loop", 7)
    with pytest.raises(HottError, match="'nope' is not a point"):
        path_induction(family, 0, "loop", base="nope")


def test_affine_maps_must_be_invertible() -> None:
    with pytest.raises(HottError, match="determinant 2, so it is not a bijection of Z"):
        AffineMap([[2]], [0])
    with pytest.raises(HottError, match="square n×n matrix and n shifts"):
        AffineMap([[1, 0]], [0])


# ------------------------------------------------- transport and ap along run-length powers
KLEIN_TWIST = Family(  # over the Klein bottle, p acts by a glide reflection of Z^2
    klein_bottle(), {"b": Lattice(2)},
    {"p": AffineMap([[1, 0], [0, -1]], [1, 0]), "q": AffineMap.shift(0, 1)},
)
FLIP = Family(circle(), {"base": [0, 1, 2]}, {"loop": {0: 1, 1: 2, 2: 0}})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("pq"), st.integers(-5, 5).filter(bool)), max_size=6),
       st.tuples(st.integers(-9, 9), st.integers(-9, 9)))
def test_transport_along_runs_equals_letter_by_letter(runs: list, x: tuple) -> None:
    """A run e^n is one power (by squaring) of e's transport; the same as n single steps."""
    hit = KLEIN_TWIST.hit
    path = Path(hit, "b", "b", tuple(runs))
    by_letters = x
    for e, sign in expand(path.runs):
        step = KLEIN_TWIST.transports[e]
        by_letters = (step if sign == 1 else step.inverse()).apply(by_letters)
    assert KLEIN_TWIST.transport(path, x) == by_letters


def test_affine_power_has_a_closed_form_and_squares() -> None:
    twist = AffineMap([[1, 1], [0, 1]], [2, -1])
    repeated = twist
    for _ in range(9):
        repeated = repeated.then(twist)
    assert twist.power(10) == repeated and twist.power(-10) == repeated.inverse()
    assert AffineMap.shift(3).power(2**70) == AffineMap.shift(3 * 2**70)
    assert twist.power(0).is_identity()


def test_permutation_transport_along_a_huge_power() -> None:
    assert FLIP.transport(f"loop^{2**70}", 0) == 2**70 % 3
    assert FLIP.transport(f"loop^-{2**70 + 1}", 0) == -(2**70 + 1) % 3


def test_ap_of_a_power_is_a_power_of_the_image() -> None:
    s1 = circle()
    triple = HITMap(s1, s1, {"base": "base"}, {"loop": "loop^3"}, name="z3").check()
    assert triple.ap(f"loop^{2**70}").reduced == (("loop", 3 * 2**70),)
    conj = HITMap(s1, figure_eight(), {"base": "base"}, {"loop": "a b a^-1"}, name="c").check()
    assert str(conj.ap(f"loop^-{2**70}")) == f"a b^-{2**70} a^-1"

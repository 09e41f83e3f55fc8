"""Every library HIT against textbook invariants: cell counts, Euler characteristic, integral
homology with torsion, abelianization and fundamental group."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hott import HIT, AbelianGroup
from hott.library import (
    LIBRARY,
    circle,
    figure_eight,
    interval,
    klein_bottle,
    point,
    product,
    projective_plane,
    sphere,
    suspension,
    torus,
    wedge,
)
from hott.words import format_word

Z = AbelianGroup(1)
ZERO = AbelianGroup(0)


def z(rank: int, *torsion: int) -> AbelianGroup:
    return AbelianGroup(rank, torsion)


#: name -> (cell counts, χ, H_0..H_dim, abelianization of π1, π1 generators, π1 relators)
TEXTBOOK = {
    "point": ((1,), 1, [Z], ZERO, 0, 0),
    "interval": ((2, 1), 1, [Z, ZERO], ZERO, 0, 0),
    "circle": ((1, 1), 0, [Z, Z], Z, 1, 0),
    "figure_eight": ((1, 2), -1, [Z, z(2)], z(2), 2, 0),
    "torus": ((1, 2, 1), 0, [Z, z(2), Z], z(2), 2, 1),
    "klein_bottle": ((1, 2, 1), 0, [Z, z(1, 2), ZERO], z(1, 2), 2, 1),
    "projective_plane": ((1, 1, 1), 1, [Z, z(0, 2), ZERO], z(0, 2), 1, 1),
    "sphere0": ((2,), 2, [z(2)], ZERO, 0, 0),
    "sphere1": ((2, 2), 0, [Z, Z], Z, 1, 0),
    "sphere2": ((2, 2, 2), 2, [Z, ZERO, Z], ZERO, 0, 0),
    "sphere3": ((2, 2, 2, 2), 0, [Z, ZERO, ZERO, Z], ZERO, 0, 0),
    "circle×circle": ((1, 2, 1), 0, [Z, z(2), Z], z(2), 2, 1),
    "circle∨circle∨circle": ((1, 3), -2, [Z, z(3)], z(3), 3, 0),
    "Σ torus": ((2, 1, 2, 1), 2, [Z, ZERO, z(2), Z], ZERO, 0, 0),
}


def test_the_table_covers_the_whole_library() -> None:
    assert set(TEXTBOOK) == set(LIBRARY)


@pytest.mark.parametrize("name", sorted(TEXTBOOK))
def test_cells_euler_characteristic_and_homology(name: str) -> None:
    counts, chi, homology, _, _, _ = TEXTBOOK[name]
    hit = LIBRARY[name]()
    assert hit.cell_counts() == counts
    assert hit.euler_characteristic() == chi
    assert hit.homology() == homology
    assert hit.betti_numbers() == tuple(group.rank for group in homology)


@pytest.mark.parametrize("name", sorted(TEXTBOOK))
def test_fundamental_group_and_abelianization(name: str) -> None:
    _, _, homology, abelian, generators, relators = TEXTBOOK[name]
    hit = LIBRARY[name]()
    assert hit.abelianization() == abelian
    if len(homology) > 1:  # H_1 of a connected HIT is π1 made abelian
        assert homology[1] == abelian
    presentation = hit.presentation()
    assert (len(presentation.generators), len(presentation.relators)) == (generators, relators)
    group = hit.fundamental_group()
    assert len(group.generators) == generators and len(group.relators) == relators


@pytest.mark.parametrize(
    ("hit", "order"), [(point(), 1), (interval(), 1), (sphere(2), 1), (sphere(3), 1),
                       (projective_plane(), 2), (suspension(torus()), 1)],
)
def test_finite_fundamental_groups_have_their_order(hit: HIT, order: int) -> None:
    assert hit.fundamental_group().order() == order


def test_torus_fundamental_group_is_abelian_on_two_generators() -> None:
    presentation = torus().presentation()
    assert presentation.generators == ["p", "q"]
    assert presentation.relators == [(("p", 1), ("q", 1), ("p", -1), ("q", -1))]
    assert presentation.is_abelian_presentation and not presentation.is_free
    assert torus().homotopic("p q", "q p").proved_equal


def test_klein_bottle_fundamental_group_is_not_abelian() -> None:
    presentation = klein_bottle().presentation()
    assert len(presentation.generators) == 2 and len(presentation.relators) == 1
    assert not presentation.is_abelian_presentation
    assert klein_bottle().homotopic("p q", "q p").proved_different


@pytest.mark.parametrize(("hit", "rank"), [(circle(), 1), (sphere(1), 1), (figure_eight(), 2),
                                           (LIBRARY["circle∨circle∨circle"](), 3)])
def test_graphs_have_free_fundamental_groups(hit: HIT, rank: int) -> None:
    presentation = hit.presentation()
    assert presentation.is_free and len(presentation.generators) == rank
    assert hit.fundamental_group().relators == []


@pytest.mark.parametrize("n", range(7))
def test_spheres(n: int) -> None:
    hit = sphere(n)
    assert hit.cell_counts() == (2,) * (n + 1)
    assert hit.euler_characteristic() == 1 + (-1) ** n
    expected = [z(2)] if n == 0 else [Z] + [ZERO] * (n - 1) + [Z]
    assert hit.homology() == expected
    assert hit.reduced_homology() == [Z] if n == 0 else [ZERO] * n + [Z]


def test_product_of_circles_has_the_invariants_of_the_torus() -> None:
    square, t = product(circle(), circle()), torus()
    assert square.cell_counts() == t.cell_counts()
    assert square.euler_characteristic() == t.euler_characteristic()
    assert square.homology() == t.homology()
    assert square.abelianization() == t.abelianization()
    assert square.presentation().is_abelian_presentation
    assert len(square.presentation().relators) == len(t.presentation().relators) == 1
    rename = {"p": "loop.base", "q": "base.loop"}
    for first, second in [("p q", "q p"), ("p q p", "p^2 q"), ("p", "q"), ("p q", "refl")]:
        translated = [format_word([(rename[g], e) for g, e in t.word(text).letters])
                      for text in (first, second)]
        assert square.homotopic(*translated).value == t.homotopic(first, second).value


@pytest.mark.parametrize(
    ("make", "homology"),
    [
        (lambda: product(circle(), interval()), [Z, Z, ZERO]),
        (lambda: product(figure_eight(), circle()), [Z, z(3), z(2)]),
        (lambda: product(interval(), interval()), [Z, ZERO, ZERO]),
        (lambda: product(sphere(0), circle()), [z(2), z(2)]),
    ],
    ids=["S1×I", "(S1∨S1)×S1", "I×I", "S0×S1"],
)
def test_products_follow_kunneth(make: Callable[[], HIT], homology: list) -> None:
    assert make().homology() == homology


@pytest.mark.parametrize(
    ("make", "homology"),
    [
        (lambda: wedge(circle(), sphere(2)), [Z, Z, Z]),
        (lambda: wedge(torus(), torus()), [Z, z(4), z(2)]),
        (lambda: wedge(projective_plane(), projective_plane()), [Z, z(0, 2, 2), ZERO]),
        (lambda: wedge(klein_bottle(), circle()), [Z, z(2, 2), ZERO]),
        (lambda: wedge(sphere(0), circle()), [z(2), Z]),
        (lambda: wedge(wedge(circle(), circle()), circle()), [Z, z(3)]),
    ],
    ids=["S1∨S2", "T2∨T2", "RP2∨RP2", "K∨S1", "S0∨S1", "(S1∨S1)∨S1"],
)
def test_wedges_add_reduced_homology(make: Callable[[], HIT], homology: list) -> None:
    assert make().homology() == homology


def test_wedge_of_tori_has_free_abelianization_of_rank_four() -> None:
    hit = wedge(torus(), torus())
    assert hit.abelianization() == z(4)
    assert hit.homotopic("p q", "q p").proved_equal
    assert hit.homotopic("p p_2", "p_2 p").proved_different


@pytest.mark.parametrize(
    ("make", "homology"),
    [
        (lambda: suspension(torus()), [Z, ZERO, z(2), Z]),
        (lambda: suspension(klein_bottle()), [Z, ZERO, z(1, 2), ZERO]),
        (lambda: suspension(projective_plane()), [Z, ZERO, z(0, 2), ZERO]),
        (lambda: suspension(figure_eight()), [Z, ZERO, z(2)]),
        (lambda: suspension(sphere(0)), [Z, Z]),
        (lambda: suspension(HIT("0")), [z(2)]),
    ],
    ids=["ΣT2", "ΣK", "ΣRP2", "Σ(S1∨S1)", "ΣS0", "Σ∅"],
)
def test_suspensions(make: Callable[[], HIT], homology: list) -> None:
    assert make().homology() == homology


def test_abelian_group_text() -> None:
    assert [str(g) for g in (ZERO, Z, z(3), z(1, 2), z(0, 2, 4))] == [
        "0", "Z", "Z^3", "Z ⊕ Z/2", "Z/2 ⊕ Z/4"]
    assert ZERO.is_trivial and not z(0, 2).is_trivial

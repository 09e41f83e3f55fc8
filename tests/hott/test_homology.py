"""Homology laws: Euler characteristic, suspension, homology bases, and the reduced chain
complex's projection and inclusion being chain maps."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hott import HIT, AbelianGroup
from hott.chains import Chain, ChainComplex
from hott.complex import chain_boundary
from hott.homology import chain_complex
from hott.library import (
    LIBRARY,
    RP2_6,
    klein_bottle,
    projective_plane,
    surface_triangles,
    suspension,
    torus,
)
from hott.strategies import library_hits

#: Small simplicial complexes: up to 8 simplices of up to 4 vertices among 0..6.
simplicial_complexes = st.lists(
    st.lists(st.integers(0, 6), min_size=1, max_size=4, unique=True), min_size=1, max_size=8
).map(HIT.from_simplices)

hits = st.one_of(library_hits(), simplicial_complexes)


def alternating_sum(values: tuple[int, ...]) -> int:
    return sum((-1) ** k * v for k, v in enumerate(values))


# ------------------------------------------------------------ Euler, suspension
@settings(deadline=None, max_examples=60)
@given(hits)
def test_euler_characteristic_is_the_alternating_sum_of_betti_numbers(hit: HIT) -> None:
    assert hit.euler_characteristic() == alternating_sum(hit.betti_numbers())
    assert hit.euler_characteristic() == alternating_sum(hit.cell_counts())


@settings(deadline=None, max_examples=60)
@given(simplicial_complexes)
def test_degree_zero_counts_components(hit: HIT) -> None:
    assert hit.homology()[0] == AbelianGroup(len(hit.components()))


@settings(deadline=None, max_examples=60)
@given(hits)
def test_suspension_shifts_reduced_homology_by_one(hit: HIT) -> None:
    above = suspension(hit).reduced_homology()
    assert above[0].is_trivial
    assert above[1:] == hit.reduced_homology()
    assert suspension(hit).euler_characteristic() == 2 - hit.euler_characteristic()


@pytest.mark.parametrize("name", ["torus", "klein_bottle", "projective_plane", "sphere1"])
def test_double_suspension_shifts_by_two(name: str) -> None:
    hit = LIBRARY[name]()
    twice = suspension(suspension(hit)).reduced_homology()
    assert twice[:2] == [AbelianGroup(0)] * 2 and twice[2:] == hit.reduced_homology()


def test_reduced_homology_of_the_empty_hit() -> None:
    empty = HIT("0")
    assert empty.homology() == [] and empty.reduced_homology() == []
    assert empty.betti_numbers() == () and empty.euler_characteristic() == 0


# ---------------------------------------------------------------- homology bases
def library_degrees() -> list[tuple[str, int]]:
    return [(name, k) for name in sorted(LIBRARY) for k in range(LIBRARY[name]().dimension + 1)]


@pytest.mark.parametrize(("name", "dim"), library_degrees())
def test_basis_matches_the_group_and_generators_are_unit_vectors(name: str, dim: int) -> None:
    hit = LIBRARY[name]()
    basis = hit.homology_basis(dim)
    group = hit.homology()[dim]
    assert basis.rank == group.rank
    assert tuple(order for order in basis.orders if order) == group.torsion
    assert list(basis.orders[: basis.rank]) == [0] * basis.rank  # free generators first
    n = len(basis.orders)
    for i, generator in enumerate(basis.generators):
        assert basis.coordinates(generator) == tuple(int(i == j) for j in range(n))
        if dim:
            assert chain_boundary(hit, generator) == {}


@pytest.mark.parametrize(("name", "dim"), library_degrees())
def test_boundaries_have_zero_coordinates(name: str, dim: int) -> None:
    hit = LIBRARY[name]()
    basis = hit.homology_basis(dim)
    for cell in hit.cells(dim + 1):
        assert basis.coordinates(hit.boundary_chain(cell)) == (0,) * len(basis.orders)


@pytest.mark.parametrize(
    ("hit", "generators", "orders", "chain", "coordinates"),
    [
        (torus(), [{"p": 1}, {"q": 1}], (0, 0), {"p": -2, "q": 3}, (-2, 3)),
        (klein_bottle(), [{"p": 1}, {"q": 1}], (0, 2), {"p": -2, "q": 3}, (-2, 1)),
        (projective_plane(), [{"e": 1}], (2,), {"e": 3}, (1,)),
    ],
    ids=["T2", "K", "RP2"],
)
def test_known_bases(
    hit: HIT, generators: list, orders: tuple, chain: dict, coordinates: tuple
) -> None:
    basis = hit.homology_basis(1)
    assert basis.generators == generators and basis.orders == orders
    assert basis.coordinates(chain) == coordinates


@settings(deadline=None, max_examples=40)
@given(st.data())
def test_coordinates_are_linear(data: st.DataObject) -> None:
    hit = data.draw(st.one_of(library_hits(), simplicial_complexes))
    dim = data.draw(st.integers(0, max(0, hit.dimension)))
    basis = hit.homology_basis(dim)
    small = st.integers(-4, 4)
    weights = [data.draw(small) for _ in basis.generators]
    fillers = {cell: data.draw(small) for cell in hit.cells(dim + 1)}
    chain: dict[str, int] = {}
    for weight, generator in zip(weights, basis.generators):
        add(chain, generator, weight)
    for cell, weight in fillers.items():
        add(chain, hit.boundary_chain(cell), weight)
    expected = tuple(w % order if order else w for w, order in zip(weights, basis.orders))
    assert basis.coordinates(chain) == expected


def add(total: dict[str, int], chain: dict[str, int], weight: int) -> None:
    for cell, value in chain.items():
        total[cell] = total.get(cell, 0) + weight * value


@settings(deadline=None, max_examples=40)
@given(simplicial_complexes)
def test_points_of_one_component_have_equal_degree_zero_coordinates(hit: HIT) -> None:
    basis = hit.homology_basis(0)
    for component in hit.components():
        classes = {basis.coordinates({x: 1}) for x in component}
        assert len(classes) == 1
        (coordinates,) = classes
        assert sorted(coordinates) == [0] * (len(coordinates) - 1) + [1]


# ---------------------------------------------------------- the reduced complex
def boundary_of(complex_: ChainComplex, dim: int, chain: Chain) -> Chain:
    total: Chain = {}
    for cell, value in chain.items():
        for face, c in (complex_.boundary[dim][cell].items() if dim else ()):
            total[face] = total.get(face, 0) + value * c
    return nonzero(total)


def nonzero(chain: Chain) -> Chain:
    return {cell: value for cell, value in chain.items() if value}


@settings(deadline=None, max_examples=60)
@given(simplicial_complexes, st.data())
def test_projection_and_inclusion_are_chain_maps(hit: HIT, data: st.DataObject) -> None:
    original, _ = chain_complex(hit)
    reduced, _ = chain_complex(hit, track=True)
    reduced.reduce()
    coefficient = st.integers(-3, 3)
    for dim in range(len(reduced.counts)):
        chain = nonzero({c: data.draw(coefficient) for c in range(reduced.counts[dim])})
        projected = nonzero(reduced.project(dim, chain))
        assert set(projected) <= reduced.alive[dim]
        if dim:  # ∂π = π∂
            assert boundary_of(reduced, dim, projected) == nonzero(
                reduced.project(dim - 1, boundary_of(original, dim, chain)))
        small = nonzero({c: data.draw(coefficient) for c in sorted(reduced.alive[dim])})
        lifted = nonzero(reduced.lift(dim, small))
        if dim:  # ∂ι = ι∂
            assert boundary_of(original, dim, lifted) == nonzero(
                reduced.lift(dim - 1, boundary_of(reduced, dim, small)))
        assert nonzero(reduced.project(dim, lifted)) == small  # π∘ι = id


@settings(deadline=None, max_examples=40)
@given(simplicial_complexes)
def test_reduction_keeps_the_homology(hit: HIT) -> None:
    reduced, _ = chain_complex(hit)
    reduced.reduce()
    surviving = [len(alive) for alive in reduced.alive]
    assert alternating_sum(tuple(surviving)) == hit.euler_characteristic()
    assert all(s >= b for s, b in zip(surviving, hit.betti_numbers()))


# ------------------------------------ the three routes of simplicial homology
#: RP² on six vertices: its torsion exercises the set-aside columns of the column algorithm.
RP2 = [list(t) for t in RP2_6]


@st.composite
def facet_lists(draw) -> list[list[int]]:
    """Random simplices on 0..9, with (half the time) a copy of RP² on six of 0..11 among them,
    and all labels shifted by a large offset now and then (masks number vertices by rank)."""
    facets = draw(st.lists(st.lists(st.integers(0, 9), min_size=1, max_size=5, unique=True),
                           min_size=1, max_size=14))
    if draw(st.booleans()):
        relabel = draw(st.permutations(range(12)))
        facets += [[relabel[v] for v in f] for f in RP2]
    offset = draw(st.sampled_from([0, 10**12]))
    return [[v + offset for v in f] for f in facets]


def _by_route(facets: list[list[int]]) -> tuple[list[str], list[str], list[str]]:
    """Homology of one simplicial complex by the column algorithm on masks, by the face
    arrays and by the general cell reduction."""
    import hott.homology as homology_module

    hit = HIT.from_simplices(facets)
    by_masks = [str(g) for g in homology_module.homology(hit)]
    saved = homology_module.MASK_CLOSURE
    homology_module.MASK_CLOSURE = -1  # every complex takes the face arrays
    try:
        by_arrays = [str(g) for g in homology_module.homology(hit)]
    finally:
        homology_module.MASK_CLOSURE = saved
    hit._simplicial_rows = lambda: None  # this instance only: the general route
    hit._simplicial_faces = lambda: None
    return by_masks, by_arrays, [str(g) for g in homology_module.homology(hit)]


@settings(deadline=None, max_examples=80)
@given(facet_lists())
def test_the_simplicial_routes_agree_with_the_general_reduction(facets) -> None:
    """Homology of a simplicial complex by the column algorithm on vertex masks and through
    its face arrays (numpy collapses and dual-forest contractions) equals homology through the
    general cell reduction of its named cells."""
    by_masks, by_arrays, general = _by_route(facets)
    assert by_masks == general
    assert by_arrays == general


@pytest.mark.parametrize(("facets", "expected"), [
    ([], []),  # the empty complex has no homology groups at all
    ([[7], [3]], ["Z^2"]),
    (RP2, ["Z", "Z/2", "0"]),
    # two projective planes glued at a vertex
    (RP2 + [[v + 5 if v else 0 for v in f] for f in RP2], ["Z", "Z/2 ⊕ Z/2", "0"]),
    # the 2-skeleton of the 5-simplex with one triangle missing: a wedge of 9 spheres
    ([list(t) for t in __import__("itertools").combinations(range(6), 3)][1:],
     ["Z", "0", "Z^9"]),
])
def test_the_column_algorithm_on_textbook_complexes(facets, expected) -> None:
    """Set-aside (torsion) columns, wedges and spheres, against hand-computed groups."""
    assert _by_route(facets) == (expected, expected, expected)


def test_homology_of_a_complex_from_simplices_names_no_cell() -> None:
    """The mask and array routes read the simplices, not the named cells (naming is what
    from_simplices defers), and reading a cell names them all, equal to an eager build."""
    wedge = [[0 if v == 0 else v + 6 * k for v in f] for k in range(20) for f in RP2]
    for facets in (RP2, wedge):  # 6 vertices: masks; 101 vertices: face arrays
        hit = HIT.from_simplices(facets)
        assert hit.homology()[1].torsion == (2,) * (len(facets) // 10)
        assert hit._unnamed
        assert hit.cell_counts()[0] == len({v for f in facets for v in f})
        assert not hit._unnamed
    built = HIT("K")
    for v in range(3):
        built = built.point(f"v{v}")
    built = built.path("s0_1", "v0", "v1").path("s0_2", "v0", "v2").path("s1_2", "v1", "v2")
    assert HIT.from_simplices([[0, 1, 2]]) == built.cell("s0_1_2", "s0_1 s1_2 s0_2^-1")



def test_a_cell_added_in_place_leaves_the_simplicial_routes() -> None:
    """A 2-cell glued onto a complex from simplices in place (as from_cells does) is counted:
    homology no longer reads the given simplices, which do not have it."""
    circle = HIT.from_simplices([[0, 1], [1, 2], [0, 2]])
    assert [str(g) for g in circle.homology()] == ["Z", "Z"]
    disk = HIT.from_simplices([[0, 1], [1, 2], [0, 2]])
    disk._add_loop("d", "v0", (("s0_1", 1), ("s1_2", 1), ("s0_2", -1)))
    assert disk._simplicial_rows() is None and disk._simplicial_faces() is None
    assert [str(g) for g in disk.homology()] == ["Z", "0", "0"]


@pytest.mark.parametrize("genus", [1, 2, 3, 5])
@pytest.mark.parametrize("orientable", [True, False])
def test_surface_triangles_are_the_closed_surfaces(genus, orientable) -> None:
    """Connected sums of the 7-vertex torus / 6-vertex RP²: the textbook homology of the
    genus-g orientable (Z, Z^2g, Z) and non-orientable (Z, Z^(g-1) ⊕ Z/2, 0) surface, and the
    Euler characteristic 2 - 2g or 2 - g."""
    hit = HIT.from_simplices(surface_triangles(genus, orientable))
    h1 = AbelianGroup(2 * genus) if orientable else AbelianGroup(genus - 1, (2,))
    assert hit.homology() == [AbelianGroup(1), h1, AbelianGroup(int(orientable))]
    assert hit.euler_characteristic() == (2 - 2 * genus if orientable else 2 - genus)

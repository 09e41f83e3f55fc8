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
from hott.library import LIBRARY, klein_bottle, projective_plane, suspension, torus
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


# ------------------------------------------- the array route of simplicial homology
facet_lists = st.lists(
    st.lists(st.integers(0, 9), min_size=1, max_size=5, unique=True), min_size=1, max_size=14)


@settings(deadline=None, max_examples=60)
@given(facet_lists)
def test_the_array_route_agrees_with_the_dict_route(facets) -> None:
    """Homology of a simplicial complex through its face arrays (numpy collapses and
    dual-forest contractions) equals homology through the general cell reduction."""
    import hott.complex as complex_module
    import hott.homology as homology_module

    saved = complex_module.SMALL_CLOSURE, homology_module.ARRAY_CELLS
    # every complex, however small, is built with face arrays and takes the array route
    complex_module.SMALL_CLOSURE, homology_module.ARRAY_CELLS = -1, 0
    try:
        hit = HIT.from_simplices(facets)
        assert hit._simplicial_faces() is not None
        by_arrays = [str(g) for g in homology_module.homology(hit)]
    finally:
        complex_module.SMALL_CLOSURE, homology_module.ARRAY_CELLS = saved
    hit._simplicial_faces = lambda: None  # this instance only: the general route
    assert by_arrays == [str(g) for g in homology_module.homology(hit)]

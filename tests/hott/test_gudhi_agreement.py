"""Large simplicial complexes: our Betti numbers agree with gudhi's, integral homology and π1
of classic triangulations, and homology bases survive the reduction."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import gudhi
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hott import HIT, AbelianGroup
from hott.complex import chain_boundary
from hott.library import torus_grid_triangles

Simplices = list[tuple[int, ...]]


def torus_grid(n: int) -> Simplices:
    """The n×n square grid on the torus, each square cut into two triangles (n >= 3)."""
    return torus_grid_triangles(n)


TETRAHEDRON_BOUNDARY = list(combinations(range(4), 3))
#: Vertices ±x (0, 1), ±y (2, 3), ±z (4, 5); a face per octant.
OCTAHEDRON = [(x, y, z) for x in (0, 1) for y in (2, 3) for z in (4, 5)]
MOEBIUS = [(0, 1, 2), (1, 2, 3), (2, 3, 4), (3, 4, 0), (4, 0, 1)]
#: The 6-vertex real projective plane (half an icosahedron).
RP2 = [(0, 1, 2), (0, 2, 3), (0, 3, 4), (0, 4, 5), (0, 1, 5), (1, 2, 4), (2, 3, 5), (1, 3, 4),
       (1, 3, 5), (2, 4, 5)]

Z, ZERO = AbelianGroup(1), AbelianGroup(0)


def gudhi_betti(simplices: Sequence[Sequence[int]]) -> list[int]:
    """Betti numbers over gudhi's default field Z/11."""
    tree = gudhi.SimplexTree()
    for simplex in simplices:
        tree.insert(list(simplex))
    tree.compute_persistence(persistence_dim_max=True)
    return tree.betti_numbers()


def assert_betti_agree(simplices: Sequence[Sequence[int]]) -> HIT:
    hit = HIT.from_simplices(simplices)
    ours, theirs = list(hit.betti_numbers()), gudhi_betti(simplices)
    size = max(len(ours), len(theirs))
    assert ours + [0] * (size - len(ours)) == theirs + [0] * (size - len(theirs))
    return hit


def test_every_edge_of_the_classic_surfaces_has_two_triangles() -> None:
    for surface in (torus_grid(4), TETRAHEDRON_BOUNDARY, OCTAHEDRON, RP2):
        edges = [e for t in surface for e in combinations(sorted(t), 2)]
        assert all(edges.count(e) == 2 for e in set(edges))


@pytest.mark.parametrize(
    ("simplices", "homology", "chi"),
    [
        (torus_grid(3), [Z, AbelianGroup(2), Z], 0),
        (torus_grid(8), [Z, AbelianGroup(2), Z], 0),
        (TETRAHEDRON_BOUNDARY, [Z, ZERO, Z], 2),
        (OCTAHEDRON, [Z, ZERO, Z], 2),
        ([(0, 1, 2, 3)], [Z, ZERO, ZERO, ZERO], 1),
        (MOEBIUS, [Z, Z, ZERO], 0),
        (RP2, [Z, AbelianGroup(0, (2,)), ZERO], 1),
    ],
    ids=["T2 3x3", "T2 8x8", "tetrahedron", "octahedron", "3-simplex", "Möbius", "RP2"],
)
def test_classic_triangulations(simplices: Simplices, homology: list, chi: int) -> None:
    hit = assert_betti_agree(simplices)
    assert hit.homology() == homology
    assert hit.euler_characteristic() == chi


def test_rp2_over_z11_and_over_z2() -> None:
    assert gudhi_betti(RP2) == [1, 0, 0]  # our rational Betti numbers too
    assert HIT.from_simplices(RP2).betti_numbers() == (1, 0, 0)
    tree = gudhi.SimplexTree()
    for simplex in RP2:
        tree.insert(list(simplex))
    tree.compute_persistence(homology_coeff_field=2, persistence_dim_max=True)
    assert tree.betti_numbers() == [1, 1, 1]  # the Z/2 of H1 seen over a field of char 2


def test_rp2_triangulation_has_the_fundamental_group_z2() -> None:
    hit = HIT.from_simplices(RP2)
    assert hit.abelianization() == AbelianGroup(0, (2,))
    assert hit.fundamental_group().order() == 2


@settings(deadline=None, max_examples=25)
@given(st.integers(0, 2**32 - 1), st.integers(4, 40), st.sampled_from([2, 3]),
       st.floats(0.2, 0.7), st.sampled_from([2, 3]))
def test_random_rips_complexes(seed: int, n: int, ambient: int, radius: float, top: int) -> None:
    points = np.random.default_rng(seed).random((n, ambient))
    tree = gudhi.RipsComplex(points=points, max_edge_length=radius).create_simplex_tree(
        max_dimension=top)
    assert_betti_agree([simplex for simplex, _ in tree.get_simplices()])


def test_torus_grid_20x20() -> None:
    hit = HIT.from_simplices(torus_grid(20))
    assert hit.cell_counts() == (400, 1200, 800)
    assert hit.homology() == [Z, AbelianGroup(2), Z]
    presentation = hit.presentation()
    assert len(presentation.generators) == 2 and len(presentation.relators) == 1
    assert presentation.is_abelian_presentation
    group = hit.fundamental_group()
    assert len(group.generators) == 2 and len(group.relators) == 1
    a, b = presentation.generators
    loop_a, loop_b = presentation.generator_loop(a), presentation.generator_loop(b)
    assert hit.homotopic(loop_a * loop_b, loop_b * loop_a).proved_equal
    assert hit.homotopic(loop_a, loop_b).proved_different


def test_homology_basis_after_reduction_on_a_torus_grid() -> None:
    n = 6
    hit = HIT.from_simplices(torus_grid(n))
    basis = hit.homology_basis(1)
    assert basis.orders == (0, 0)
    for i, cycle in enumerate(basis.generators):
        assert chain_boundary(hit, cycle) == {}  # a cycle of the original complex
        assert basis.coordinates(cycle) == tuple(int(i == j) for j in range(2))
    for triangle in hit.cells(2):
        assert basis.coordinates(hit.boundary_chain(triangle)) == (0, 0)
    # a horizontal and a vertical circle of the grid are a basis of H1 (up to sign and order)
    horizontal = {f"s{j}_{j + 1}": 1 for j in range(n - 1)} | {f"s0_{n - 1}": -1}
    vertical = {f"s{i * n}_{(i + 1) * n}": 1 for i in range(n - 1)} | {f"s0_{(n - 1) * n}": -1}
    matrix = [basis.coordinates(horizontal), basis.coordinates(vertical)]
    assert abs(matrix[0][0] * matrix[1][1] - matrix[0][1] * matrix[1][0]) == 1
    top = hit.homology_basis(2)
    (fundamental,) = top.generators
    assert chain_boundary(hit, fundamental) == {} and len(fundamental) == 2 * n * n

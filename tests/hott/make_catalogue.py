"""Generate ``data/sage_catalogue.json``: facets of SageMath's catalogue of triangulations,
built from their standard constructions (explicit facet lists from the literature, group
orbits, connected sums, boundaries of simplices), with the values Sage's documentation gives.

Run ``python tests/hott/make_catalogue.py`` to regenerate; the tests read only the JSON.
"""

from __future__ import annotations

import json
from itertools import combinations, permutations
from pathlib import Path

from hott.library import RP2_6, TORUS_7, surface_triangles

OUT = Path(__file__).resolve().parent / "data" / "sage_catalogue.json"

TORUS = [list(t) for t in TORUS_7]
RP2 = [list(t) for t in RP2_6]
KLEIN = [[2, 3, 7], [1, 2, 3], [1, 3, 5], [1, 5, 7], [1, 4, 7], [2, 4, 6], [1, 2, 6], [1, 6, 0],
         [1, 4, 0], [2, 4, 0], [3, 4, 7], [3, 4, 6], [3, 5, 6], [5, 6, 0], [2, 5, 0], [2, 5, 7]]
#: Kühnel–Banchoff's 9-vertex CP², Walkup–Lutz's 11-vertex RP³, Björner–Lutz's 16-vertex
#: Poincaré homology sphere (facet lists as published).
CP2 = [[1, 2, 4, 5, 6], [2, 3, 5, 6, 4], [3, 1, 6, 4, 5], [1, 2, 4, 5, 9], [2, 3, 5, 6, 7],
       [3, 1, 6, 4, 8], [2, 3, 6, 4, 9], [3, 1, 4, 5, 7], [1, 2, 5, 6, 8], [3, 1, 5, 6, 9],
       [1, 2, 6, 4, 7], [2, 3, 4, 5, 8], [4, 5, 7, 8, 9], [5, 6, 8, 9, 7], [6, 4, 9, 7, 8],
       [4, 5, 7, 8, 3], [5, 6, 8, 9, 1], [6, 4, 9, 7, 2], [5, 6, 9, 7, 3], [6, 4, 7, 8, 1],
       [4, 5, 8, 9, 2], [6, 4, 8, 9, 3], [4, 5, 9, 7, 1], [5, 6, 7, 8, 2], [7, 8, 1, 2, 3],
       [8, 9, 2, 3, 1], [9, 7, 3, 1, 2], [7, 8, 1, 2, 6], [8, 9, 2, 3, 4], [9, 7, 3, 1, 5],
       [8, 9, 3, 1, 6], [9, 7, 1, 2, 4], [7, 8, 2, 3, 5], [9, 7, 2, 3, 6], [7, 8, 3, 1, 4],
       [8, 9, 1, 2, 5]]
RP3 = [[1, 2, 3, 7], [1, 4, 7, 9], [2, 3, 4, 8], [2, 5, 8, 10], [3, 6, 7, 10], [1, 2, 3, 11],
       [1, 4, 7, 10], [2, 3, 4, 11], [2, 5, 9, 10], [3, 6, 8, 9], [1, 2, 6, 9], [1, 4, 8, 9],
       [2, 3, 7, 8], [2, 6, 9, 10], [3, 6, 9, 10], [1, 2, 6, 11], [1, 4, 8, 10], [2, 4, 6, 10],
       [3, 4, 5, 9], [4, 5, 6, 7], [1, 2, 7, 9], [1, 5, 6, 8], [2, 4, 6, 11], [3, 4, 5, 11],
       [4, 5, 6, 11], [1, 3, 5, 10], [1, 5, 6, 11], [2, 4, 8, 10], [3, 4, 8, 9], [4, 5, 7, 9],
       [1, 3, 5, 11], [1, 5, 8, 10], [2, 5, 7, 8], [3, 5, 9, 10], [4, 6, 7, 10], [1, 3, 7, 10],
       [1, 6, 8, 9], [2, 5, 7, 9], [3, 6, 7, 8], [5, 6, 7, 8]]
POINCARE = [
    [1, 2, 4, 9], [1, 2, 4, 15], [1, 2, 6, 14], [1, 2, 6, 15], [1, 2, 9, 14], [1, 3, 4, 12],
    [1, 3, 4, 15], [1, 3, 7, 10], [1, 3, 7, 12], [1, 3, 10, 15], [1, 4, 9, 12], [1, 5, 6, 13],
    [1, 5, 6, 14], [1, 5, 8, 11], [1, 5, 8, 13], [1, 5, 11, 14], [1, 6, 13, 15], [1, 7, 8, 10],
    [1, 7, 8, 11], [1, 7, 11, 12], [1, 8, 10, 13], [1, 9, 11, 12], [1, 9, 11, 14],
    [1, 10, 13, 15], [2, 3, 5, 10], [2, 3, 5, 11], [2, 3, 7, 10], [2, 3, 7, 13], [2, 3, 11, 13],
    [2, 4, 9, 13], [2, 4, 11, 13], [2, 4, 11, 15], [2, 5, 8, 11], [2, 5, 8, 12], [2, 5, 10, 12],
    [2, 6, 10, 12], [2, 6, 10, 14], [2, 6, 12, 15], [2, 7, 9, 13], [2, 7, 9, 14],
    [2, 7, 10, 14], [2, 8, 11, 15], [2, 8, 12, 15], [3, 4, 5, 14], [3, 4, 5, 15],
    [3, 4, 12, 14], [3, 5, 10, 15], [3, 5, 11, 14], [3, 7, 12, 13], [3, 11, 13, 14],
    [3, 12, 13, 14], [4, 5, 6, 7], [4, 5, 6, 14], [4, 5, 7, 15], [4, 6, 7, 11], [4, 6, 10, 11],
    [4, 6, 10, 14], [4, 7, 11, 15], [4, 8, 9, 12], [4, 8, 9, 13], [4, 8, 10, 13],
    [4, 8, 10, 14], [4, 8, 12, 14], [4, 10, 11, 13], [5, 6, 7, 13], [5, 7, 9, 13],
    [5, 7, 9, 15], [5, 8, 9, 12], [5, 8, 9, 13], [5, 9, 10, 12], [5, 9, 10, 15], [6, 7, 11, 12],
    [6, 7, 12, 13], [6, 10, 11, 12], [6, 12, 13, 15], [7, 8, 10, 14], [7, 8, 11, 15],
    [7, 8, 14, 15], [7, 9, 14, 15], [8, 12, 14, 15], [9, 10, 11, 12], [9, 10, 11, 16],
    [9, 10, 15, 16], [9, 11, 14, 16], [9, 14, 15, 16], [10, 11, 13, 16], [10, 13, 15, 16],
    [11, 13, 14, 16], [12, 13, 14, 15], [13, 14, 15, 16]]


def _permutation(cycles: list[tuple[int, ...]]) -> dict[int, int]:
    image: dict[int, int] = {}
    for cycle in cycles:
        for i, x in enumerate(cycle):
            image[x] = cycle[(i + 1) % len(cycle)]
    return image


def orbit(generators: list[list[tuple[int, ...]]], seeds: list[tuple[int, ...]]) -> list:
    """The facets in the orbit of ``seeds`` under the group the permutations generate."""
    maps = [_permutation(g) for g in generators]
    seen = {tuple(sorted(s)) for s in seeds}
    frontier = list(seen)
    while frontier:
        facet = frontier.pop()
        for m in maps:
            image = tuple(sorted(m.get(v, v) for v in facet))
            if image not in seen:
                seen.add(image)
                frontier.append(image)
    return sorted(map(list, seen))


def rp4() -> list:
    """Lutz's 16-vertex RP⁴: the orbit of two facets (Datta 2007, Example 3.12)."""
    return orbit([[(2, 7), (4, 10), (5, 6), (11, 12)],
                  [(1, 2, 3, 4, 5, 10), (6, 8, 9), (11, 12, 13, 14, 15, 16)]],
                 [(1, 2, 4, 5, 11), (1, 2, 4, 11, 13)])


def k3() -> list:
    """Casella–Kühnel's 16-vertex K3 surface in Spreer–Kühnel's labelling (288 facets)."""
    return orbit([[(1, 3, 8, 4, 9, 16, 15, 2, 14, 12, 6, 7, 13, 5, 10)],
                  [(1, 11, 16), (2, 10, 14), (3, 12, 13), (4, 9, 15), (5, 7, 8)]],
                 [(1, 2, 3, 8, 12), (1, 2, 5, 8, 14)])


def sphere(n: int) -> list:
    return [list(f) for f in combinations(range(n + 2), n + 1)]


def surface(genus: int, orientable: bool = True) -> list:
    return [list(t) for t in surface_triangles(genus, orientable)]


def moore_space(q: int) -> list:
    """Sage's mod q Moore space, vertices 1, 2, 3, A_i = 4 + i, B_i = 4 + q + i."""
    a = lambda i: 4 + i % q
    b = lambda i: 4 + q + i
    facets = []
    for i in range(q):
        facets += [[1, 2, a(i)], [2, 3, a(i)], [3, 1, b(i)], [3, b(i), a(i)],
                   [1, b(i), a(i + 1)], [b(i), a(i), a(i + 1)]]
    facets += [[a(0), a(i), a(i + 1)] for i in range(1, q - 1)]
    return facets


def wedge(pieces: list[list], copies: int) -> list:
    """``copies`` copies of one complex glued at vertex 0."""
    piece = pieces
    size = 1 + max(v for f in piece for v in f)
    return [[0 if v == 0 else v + k * size for v in f] for k in range(copies) for f in piece]


#: Hachimori's minimal dunce hat (8 vertices, 17 triangles; Sage's ``DunceHat``, f-vector
#: [1, 8, 24, 17], checked in test_catalogue).
DUNCE_HAT = [[1, 3, 5], [1, 5, 6], [1, 3, 6], [2, 3, 5], [3, 6, 7], [2, 3, 7], [2, 4, 5],
             [4, 5, 6], [4, 6, 8], [6, 7, 8], [1, 7, 8], [1, 2, 4], [1, 2, 7], [1, 3, 4],
             [3, 4, 8], [2, 3, 8], [1, 2, 8]]


#: Rudin's and Ziegler's non-shellable 3-balls (Sage's ``RudinBall``, f-vector
#: [1, 14, 66, 94, 41], and ``ZieglerBall``, [1, 10, 38, 50, 21]), facets as in Hachimori's
#: library of simplicial complexes.
RUDIN_BALL = [
    [0, 2, 6, 12], [0, 2, 8, 12], [0, 4, 6, 10], [0, 4, 8, 10], [0, 6, 10, 12], [0, 8, 12, 10],
    [1, 3, 7, 13], [1, 3, 9, 13], [1, 5, 7, 11], [1, 5, 9, 11], [1, 7, 11, 13], [1, 9, 13, 11],
    [2, 3, 6, 10], [2, 3, 6, 11], [2, 6, 11, 12], [2, 6, 13, 10], [2, 8, 11, 12], [2, 9, 13, 10],
    [3, 4, 7, 11], [3, 4, 7, 12], [3, 6, 10, 11], [3, 7, 10, 11], [3, 7, 12, 13], [3, 9, 12, 13],
    [4, 5, 8, 12], [4, 5, 8, 13], [4, 6, 13, 10], [4, 7, 11, 12], [4, 8, 11, 12], [4, 8, 13, 10],
    [5, 2, 9, 10], [5, 2, 9, 13], [5, 7, 10, 11], [5, 8, 12, 13], [5, 9, 10, 11], [5, 9, 12, 13],
    [6, 10, 11, 12], [7, 11, 12, 13], [8, 12, 13, 10], [9, 13, 10, 11], [10, 11, 12, 13]]
ZIEGLER_BALL = [
    [0, 1, 2, 3], [0, 1, 3, 8], [0, 1, 4, 5], [0, 3, 7, 8], [0, 4, 5, 8], [0, 5, 1, 8],
    [0, 7, 4, 8], [1, 0, 4, 9], [1, 2, 0, 9], [1, 2, 5, 6], [1, 4, 5, 9], [1, 5, 6, 9],
    [1, 6, 2, 9], [2, 1, 3, 7], [2, 1, 5, 7], [2, 3, 6, 7], [2, 5, 6, 7], [3, 0, 2, 6],
    [3, 0, 4, 6], [3, 0, 7, 4], [3, 4, 6, 7]]


def chessboard(n: int, i: int) -> list:
    """Sage's ``ChessboardComplex(n, i)``: vertex v·i + w is the square (v, w); the facets are
    the maximal placements of non-attacking rooks."""
    return [[v * i + w for v, w in zip(rows, columns)]
            for rows in combinations(range(n), min(n, i))
            for columns in permutations(range(i), min(n, i))]


def _edges(n: int) -> dict[tuple[int, int], int]:
    """The edges of K_n on vertices 1..n, numbered in Sage's order (by larger end)."""
    pairs = [(v, w) for w in range(1, n + 1) for v in range(1, w)]
    return {pair: k for k, pair in enumerate(pairs)}


def matching_complex(n: int) -> list:
    """Sage's ``MatchingComplex(n)``: vertices are the edges of K_n, simplices the partial
    matchings; every maximal matching has n // 2 edges, so those are the facets."""
    edges, facets = _edges(n), []
    for chosen in combinations(edges, n // 2):
        ends = [v for e in chosen for v in e]
        if len(set(ends)) == len(ends):
            facets.append(sorted(edges[e] for e in chosen))
    return facets


def not_i_connected(n: int, i: int) -> list:
    """Sage's ``NotIConnectedGraphs(n, i)``: for each set A of i - 1 vertices and each split of
    the rest into B and C, the graph with every edge but those between B and C."""
    edges, facets, vertices = _edges(n), set(), range(1, n + 1)
    for a in combinations(vertices, i - 1):
        rest = [v for v in vertices if v not in a]
        for size in range(1, len(rest)):
            for b in combinations(rest, size):
                cut = {(min(v, w), max(v, w)) for v in b for w in rest if w not in b}
                facets.add(tuple(k for e, k in edges.items() if e not in cut))
    return sorted(map(list, facets))


def catalogue() -> list[dict]:
    """Each entry: name, facets, homology as [rank, [torsion]] per degree (Sage's documented
    values), π1 as (generators, total relator length) after simplification when it is a
    standard one, and the group's order when finite."""
    z, zero = lambda r=1, t=(): [r, list(t)], [0, []]
    rows = [
        ("S1", sphere(1), [z(), z()], None),
        ("S2", sphere(2), [z(), zero, z()], 1),
        ("S3", sphere(3), [z(), zero, zero, z()], 1),
        ("S5", sphere(5), [z(), zero, zero, zero, zero, z()], 1),
        ("Torus", TORUS, [z(), z(2), z()], None),
        ("RP2", RP2, [z(), z(0, [2]), zero], 2),
        ("KleinBottle", KLEIN, [z(), z(1, [2]), zero], None),
        ("RP3", RP3, [z(), z(0, [2]), zero, z()], 2),
        ("RP4", rp4(), [z(), z(0, [2]), zero, z(0, [2]), zero], 2),
        ("CP2", CP2, [z(), zero, z(), zero, z()], 1),
        ("K3", k3(), [z(), zero, z(22), zero, z()], 1),
        ("PoincareSphere", POINCARE, [z(), zero, zero, z()], 120),
        ("Moore3", moore_space(3), [z(), z(0, [3]), zero], 3),
        ("Moore8", moore_space(8), [z(), z(0, [8]), zero], 8),
    ]
    for g in (2, 3, 6, 12):
        rows.append((f"Genus{g}", surface(g), [z(), z(2 * g), z()], None))
    for g in (3, 4):
        rows.append((f"NonOrientable{g}", surface(g, False), [z(), z(g - 1, [2]), zero], None))
    # Sage's documented values: ChessboardComplex(3,3) {0: 0, 1: Z^4, 2: 0};
    # MatchingComplex(6) {0: 0, 1: Z^16, 2: 0}, (7) {0: 0, 1: C3, 2: Z^20}; the dunce hat
    # {0: 0, 1: 0, 2: 0}; the Rudin and Ziegler balls {0: 0, 1: 0, 2: 0, 3: 0}; NotIConnectedGraphs(n, 2): reduced homology Z^((n-2)!) in degree
    # 2n - 5 only (Babson et al., quoted there; (5,2): H_5 has 6 generators)
    rows += [
        ("Chessboard3x3", chessboard(3, 3), [z(), z(4), zero], None),
        ("Matching6", matching_complex(6), [z(), z(16), zero], None),
        ("Matching7", matching_complex(7), [z(), z(0, [3]), z(20)], 3),
        ("DunceHat", DUNCE_HAT, [z(), zero, zero], 1),
        ("RudinBall", RUDIN_BALL, [z(), zero, zero, zero], 1),
        ("ZieglerBall", ZIEGLER_BALL, [z(), zero, zero, zero], 1),
        ("NotIConnected5_2", not_i_connected(5, 2), [z(), *[zero] * 4, z(6), zero], 1),
        ("NotIConnected6_2", not_i_connected(6, 2), [z(), *[zero] * 6, z(24), *[zero] * 3],
         1),
    ]
    return [{"name": n, "facets": f, "homology": h, "order": o} for n, f, h, o in rows]


if __name__ == "__main__":
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(catalogue(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")

"""Triangulated torus grids: the simplicial complexes the hott benchmarks and tests share."""

from __future__ import annotations


def torus_grid_triangles(n: int, m: int | None = None) -> list[tuple[int, int, int]]:
    """The n×m square grid on the torus (wrap-around), each square cut into two triangles."""
    m = n if m is None else m

    def vertex(i: int, j: int) -> int:
        return (i % n) * m + (j % m)

    triangles = []
    for i in range(n):
        for j in range(m):
            a, b, c, d = vertex(i, j), vertex(i + 1, j), vertex(i, j + 1), vertex(i + 1, j + 1)
            triangles += [(a, b, d), (a, c, d)]
    return triangles

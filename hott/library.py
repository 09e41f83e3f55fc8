"""The standard higher inductive types, and the constructions that make new ones.

Spheres have the cells of the suspensions of the empty type (S^n = Σ^(n+1) ∅), so
``sphere(1)`` has two points and two meridians; ``circle()`` is the one-point, one-loop presentation. Both have
the same invariants.
"""

from __future__ import annotations

import re

from hott.complex import require_complex
from hott.hit import HIT
from hott.maps import HITMap
from hott.words import exponent_sums, format_word
from hottbridge.errors import HottError

#: A cell as :meth:`HIT.from_cells` takes it: ``(base point, word)`` for a 2-cell,
#: ``(dimension, chain)`` for a higher one.
CellSpec = tuple[str, str] | tuple[int, dict[str, int]]


def empty() -> HIT:
    """The empty type 0: no cells."""
    return HIT("0")


def point() -> HIT:
    """The unit type 1: one point."""
    return HIT("1").point("pt")


def interval() -> HIT:
    """The interval: two points joined by one path (contractible)."""
    return HIT("I").point("zero").point("one").path("seg", "zero", "one")


def circle() -> HIT:
    """The circle S1: one point and one loop."""
    return HIT("S1").point("base").path("loop", "base", "base")


def figure_eight() -> HIT:
    """The wedge of two circles: one point and two loops (π1 free on two generators)."""
    return HIT("S1∨S1").point("base").path("a", "base", "base").path("b", "base", "base")


def torus() -> HIT:
    """The torus: two loops p, q and a square along ``p q p^-1 q^-1``."""
    return (
        HIT("T2").point("b").path("p", "b", "b").path("q", "b", "b")
        .cell("surf", "p q p^-1 q^-1")
    )


def klein_bottle() -> HIT:
    """The Klein bottle: two loops p, q and a square along ``p q p^-1 q``."""
    return (
        HIT("K").point("b").path("p", "b", "b").path("q", "b", "b")
        .cell("surf", "p q p^-1 q")
    )


def projective_plane() -> HIT:
    """The real projective plane: one loop e and a disc along ``e e``."""
    return HIT("RP2").point("b").path("e", "b", "b").cell("twice", "e e")


def sphere(n: int) -> HIT:
    """S^n for n >= 0: the cells of the (n+1)-fold suspension of the empty type, built directly
    (linear in n): points N, S; meridians ``merid_N``, ``merid_S``; in each dimension k >= 2
    the two cells ``suspended`` from those one dimension down, attached along their
    difference."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise HottError(f"sphere(n) needs an integer n >= 0, got {n!r}")
    paths = {merid(x): ("N", "S") for x in "NS"} if n >= 1 else {}
    cells: dict[str, CellSpec] = {}
    below = [merid("N"), merid("S")]
    for dim in range(2, n + 1):
        upper = [suspended(c) for c in below]
        for cell in upper:
            cells[cell] = (("N", f"{below[0]} {below[1]}^-1") if dim == 2
                           else (dim, {below[0]: 1, below[1]: -1}))
        below = upper
    return HIT.from_cells(f"S{n}", ["N", "S"], paths, cells)


def merid(x: str) -> str:
    """The name of the meridian over point x in a suspension."""
    return f"merid_{x}"


_SUSPENDED = re.compile(r"susp([2-9]|[1-9][0-9]+)?_(.+)\Z", re.ASCII)


def suspended(cell: str) -> str:
    """The name of the suspension of a cell of dimension >= 1: ``susp_c``, then ``susp2_c``,
    ``susp3_c``... — names do not grow with repeated suspension (an injective renaming)."""
    match = _SUSPENDED.match(cell)
    if match is None:
        return f"susp_{cell}"
    return f"susp{int(match[1] or 1) + 1}_{match[2]}"


def suspension(hit: HIT) -> HIT:
    """ΣX: points N and S, a meridian N ~> S per point, and Σc one dimension up per cell."""
    require_complex(hit, "suspension")
    paths = {merid(x): ("N", "S") for x in hit.points}
    cells: dict[str, CellSpec] = {
        suspended(e): ("N", f"{merid(s)} {merid(t)}^-1") for e, (s, t) in hit.paths.items()
    }
    for dim in range(2, hit.dimension + 1):
        for c in hit.cells(dim):
            cells[suspended(c)] = (dim + 1, {
                suspended(face): value for face, value in hit.boundary_chain(c).items()
            })
    return HIT.from_cells(f"Σ{hit.name}", ["N", "S"], paths, cells)


def suspension_map(f: HITMap) -> HITMap:
    """Σf : ΣA -> ΣB, meridians to meridians; its degree equals f's (tested)."""
    if not isinstance(f, HITMap):
        raise HottError(f"suspension_map needs a HITMap, got {type(f).__name__}")
    cells = {
        suspended(e): {suspended(g): n for g, n in exponent_sums(word.runs).items()}
        for e, word in f.paths.items()
    }
    for dim in range(2, f.source.dimension + 1):
        for c in f.source.cells(dim):
            cells[suspended(c)] = {suspended(g): n for g, n in f.chain_image(dim, {c: 1}).items()}
    return HITMap(
        suspension(f.source), suspension(f.target), {"N": "N", "S": "S"},
        {merid(x): merid(y) for x, y in f.points.items()}, cells, name=f"Σ{f.name}",
    )


def wedge(*hits: HIT) -> HIT:
    """The wedge: the first point of every summand identified with the first summand's.

    A constructor whose name is already taken gets the suffix ``_i`` (its summand's number,
    or the next number that gives a fresh name).
    """
    if not hits or not all(isinstance(h, HIT) for h in hits):
        raise HottError("wedge needs one or more HITs")
    if any(not h.points for h in hits):
        raise HottError("every summand of a wedge needs a point to be its base")
    base = hits[0].points[0]
    points, paths, cells, used = [base], {}, {}, {base}
    for i, hit in enumerate(hits, start=1):
        rename = {hit.points[0]: base}
        for name in _all_names(hit):
            if name in rename:
                continue
            new, suffix = name, i
            while new in used:
                new, suffix = f"{name}_{suffix}", suffix + 1
            rename[name] = new
            used.add(new)
        points += [rename[x] for x in hit.points[1:]]
        paths.update({rename[e]: (rename[s], rename[t]) for e, (s, t) in hit.paths.items()})
        for dim in range(2, hit.dimension + 1):
            for c in hit.cells(dim):
                cells[rename[c]] = _renamed_boundary(hit, c, rename)
    name = "∨".join(h.name for h in hits)
    return HIT.from_cells(name, points, paths, cells)


def product(a: HIT, b: HIT) -> HIT:
    """A × B for complexes of dimension <= 1: cells x.y, e.y, x.f and squares e.f."""
    for factor in (a, b):
        require_complex(factor, "product")
        if factor.dimension > 1:
            raise HottError(
                f"product is defined here for complexes of dimension <= 1; {factor.name} has "
                f"dimension {factor.dimension}"
            )
    points = [f"{x}.{y}" for x in a.points for y in b.points]
    paths = {f"{e}.{y}": (f"{s}.{y}", f"{t}.{y}") for e, (s, t) in a.paths.items()
             for y in b.points}
    paths.update({f"{x}.{f}": (f"{x}.{s}", f"{x}.{t}") for x in a.points
                  for f, (s, t) in b.paths.items()})
    cells = {
        f"{e}.{f}": (f"{s}.{u}", f"{e}.{u} {t}.{f} {e}.{v}^-1 {s}.{f}^-1")
        for e, (s, t) in a.paths.items()
        for f, (u, v) in b.paths.items()
    }
    return HIT.from_cells(f"{a.name}×{b.name}", points, paths, cells)


def torus_grid_triangles(n: int, m: int | None = None) -> list[tuple[int, int, int]]:
    """The n×m square grid on the torus (wrap-around), each square cut into two triangles:
    a triangulated torus for :meth:`HIT.from_simplices` (n, m >= 3)."""
    m = n if m is None else m
    if not all(isinstance(k, int) and k >= 3 for k in (n, m)):
        raise HottError(f"a torus grid needs whole sides >= 3, got {n!r} × {m!r}")

    def vertex(i: int, j: int) -> int:
        return (i % n) * m + (j % m)

    triangles = []
    for i in range(n):
        for j in range(m):
            a, b, c, d = vertex(i, j), vertex(i + 1, j), vertex(i, j + 1), vertex(i + 1, j + 1)
            triangles += [(a, b, d), (a, c, d)]
    return triangles


#: Möbius's 7-vertex torus and the 6-vertex projective plane: the minimal triangulations.
TORUS_7: tuple[tuple[int, int, int], ...] = (
    (0, 1, 2), (1, 2, 4), (1, 3, 4), (1, 3, 6), (0, 1, 5), (1, 5, 6), (2, 3, 5), (2, 4, 5),
    (2, 3, 6), (0, 2, 6), (0, 3, 4), (0, 3, 5), (4, 5, 6), (0, 4, 6))
RP2_6: tuple[tuple[int, int, int], ...] = (
    (0, 1, 2), (0, 2, 3), (0, 1, 5), (0, 4, 5), (0, 3, 4), (1, 2, 4), (1, 3, 4), (1, 3, 5),
    (2, 3, 5), (2, 4, 5))


def surface_triangles(genus: int, orientable: bool = True) -> list[tuple[int, ...]]:
    """A triangulated closed surface for :meth:`HIT.from_simplices`: the connected sum of
    ``genus`` >= 1 copies of :data:`TORUS_7` (orientable, H1 = Z^2g) or of :data:`RP2_6`
    (non-orientable, H1 = Z^(g-1) ⊕ Z/2). Each sum removes the last triangle so far and the
    first of the next copy (on fresh vertices) and identifies their vertices in order."""
    if not isinstance(genus, int) or isinstance(genus, bool) or genus < 1:
        raise HottError(f"surface_triangles: genus is an integer >= 1, got {genus!r}")
    piece = TORUS_7 if orientable else RP2_6
    triangles = list(piece)
    for _ in range(genus - 1):
        shift = 1 + max(max(t) for t in triangles)
        moved = [tuple(v + shift for v in t) for t in piece]
        rename = dict(zip(sorted(moved[0]), sorted(triangles[-1])))
        triangles = triangles[:-1] + [tuple(rename.get(v, v) for v in t) for t in moved[1:]]
    return triangles


def _all_names(hit: HIT) -> list[str]:
    return [c for dim in range(hit.dimension + 1) for c in hit.cells(dim)]


def _renamed_boundary(hit: HIT, cell: str, rename: dict[str, str]) -> CellSpec:
    if hit.dim_of(cell) == 2:
        word = hit.attaching_word(cell)
        runs = [(rename[g], e) for g, e in word.runs]
        return (rename[word.start], format_word(runs))
    return (hit.dim_of(cell), {rename[f]: v for f, v in hit.boundary_chain(cell).items()})


LIBRARY = {
    "point": point,
    "interval": interval,
    "circle": circle,
    "figure_eight": figure_eight,
    "torus": torus,
    "klein_bottle": klein_bottle,
    "projective_plane": projective_plane,
    "sphere0": lambda: sphere(0),
    "sphere1": lambda: sphere(1),
    "sphere2": lambda: sphere(2),
    "sphere3": lambda: sphere(3),
    "circle×circle": lambda: product(circle(), circle()),
    "circle∨circle∨circle": lambda: wedge(circle(), circle(), circle()),
    "Σ torus": lambda: suspension(torus()),
}
"""Name -> constructor of every library HIT (used by the table, the strategies and tests)."""

__all__ = [
    "LIBRARY",
    "RP2_6",
    "TORUS_7",
    "circle",
    "empty",
    "figure_eight",
    "interval",
    "klein_bottle",
    "merid",
    "point",
    "product",
    "projective_plane",
    "sphere",
    "surface_triangles",
    "suspended",
    "suspension",
    "suspension_map",
    "torus",
    "torus_grid_triangles",
    "wedge",
]

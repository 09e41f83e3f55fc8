"""Hypothesis strategies for HITs, their words and maps (exported for users' property tests).

Words are random walks on the 1-skeleton, each step along a path constructor or its inverse,
so they always compose; closed words return to their start along a shortest path.
"""

from __future__ import annotations

import itertools

import networkx as nx
from hypothesis import strategies as st

from hott.complex import Path
from hott.hit import HIT
from hott.library import LIBRARY, circle, figure_eight, torus
from hott.maps import HITMap

__all__ = [
    "checked_maps", "closed_words", "composable_pairs", "composable_triples", "hits",
    "library_hits", "words",
]


def library_hits() -> st.SearchStrategy[HIT]:
    """One of the library's HITs (every one has a point)."""
    return st.sampled_from(sorted(LIBRARY)).map(lambda name: LIBRARY[name]())


hits = library_hits


def _steps(hit: HIT, point: str) -> list[tuple[str, int, str]]:
    out = []
    for name, (s, t) in hit.paths.items():
        if s == point:
            out.append((name, 1, t))
        if t == point:
            out.append((name, -1, s))
    return out


@st.composite
def words(draw, hit: HIT, start: str | None = None, max_length: int = 8) -> Path:
    """A composable word of ``hit`` (a :class:`Path`), from ``start`` or a drawn point."""
    point = start if start is not None else draw(st.sampled_from(hit.points))
    first = point
    letters = []
    for _ in range(draw(st.integers(0, max_length))):
        options = _steps(hit, point)
        if not options:
            break
        name, sign, point = draw(st.sampled_from(options))
        letters.append((name, sign))
    return Path(hit, first, point, tuple(letters))


def _back_to(hit: HIT, path: Path, end: str) -> Path:
    """``path`` extended along a shortest path to ``end`` (in its component)."""
    graph = hit.one_skeleton()
    route = nx.shortest_path(graph, path.end, end)
    letters = list(path.letters)
    for a, b in itertools.pairwise(route):
        e = min(graph[a][b])
        letters.append((e, 1 if hit.paths[e][0] == a else -1))
    return Path(hit, path.start, end, tuple(letters))


@st.composite
def closed_words(draw, hit: HIT, base: str | None = None, max_length: int = 8) -> Path:
    """A loop of ``hit`` at ``base`` (or at a drawn point)."""
    path = draw(words(hit, base, max_length))
    return _back_to(hit, path, path.start)


@st.composite
def composable_pairs(draw, hit: HIT, max_length: int = 6) -> tuple[Path, Path]:
    """Two words ``p, q`` with ``q`` starting where ``p`` ends."""
    p = draw(words(hit, max_length=max_length))
    return p, draw(words(hit, p.end, max_length))


@st.composite
def composable_triples(draw, hit: HIT, max_length: int = 5) -> tuple[Path, Path, Path]:
    """Three words, each starting where the one before ends."""
    p, q = draw(composable_pairs(hit, max_length))
    return p, q, draw(words(hit, q.end, max_length))


@st.composite
def checked_maps(draw, max_length: int = 4) -> HITMap:
    """A checked map: from a HIT without 2-cells into any library HIT (every assignment is a
    map), or from the torus into the circle or the torus (commuting images)."""
    if draw(st.booleans()):
        source = draw(st.sampled_from([circle(), figure_eight()]))
        target = draw(library_hits())
        base = draw(st.sampled_from(target.points))
        reachable = [x for x in target.points if any(base in c and x in c
                                                      for c in target.components())]
        points = {x: draw(st.sampled_from(reachable)) for x in source.points}
        paths = {}
        for e, (s, t) in source.paths.items():
            walk = draw(words(target, points[s], max_length))
            paths[e] = _back_to(target, walk, points[t])
        return HITMap(source, target, points, paths, name="random").check()
    target = draw(st.sampled_from([circle(), torus()]))
    a, b = (draw(words(target, target.points[0], max_length)) for _ in range(2))
    if target.name == "T2":
        a, b = _abelian_image(a, draw), _abelian_image(b, draw)
    else:
        a, b = _back_to(target, a, a.start), _back_to(target, b, b.start)
    return HITMap(torus(), target, {"b": target.points[0]}, {"p": a, "q": b},
                  name="random").check()


def _abelian_image(path: Path, draw) -> Path:
    hit = path.hit
    m, n = draw(st.integers(-2, 2)), draw(st.integers(-2, 2))
    return hit.word("refl") if not (m or n) else hit.word(
        " ".join(x for x in (f"p^{m}" if m else "", f"q^{n}" if n else "") if x))

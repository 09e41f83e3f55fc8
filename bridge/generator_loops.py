"""Short loops through data samples that generate the free part of H1 of a data component.

Each edge of the data complex carries its class in H1 (integer cocycles,
:func:`bridge.circular.free_cocycles`). A loop at a base landmark has a class in Z^r: the sum
of its edges' classes. Dijkstra on the covering graph whose states are (landmark, class so far),
classes kept in the box {−1, 0, 1}^r (only ±e_j beyond rank 3), gives for each class the
shortest loop at the base that has it. The shortest classes are taken greedily while they
extend to a basis of Z^r (gcd of the maximal minors 1), so the loops found are a basis of the
free part of H1, each as short as the search allows. The base is the landmark, among a few
seeded candidates, whose basis is shortest in total. Landmarks are samples, so every loop is a
sequence of real data samples.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass

import numpy as np
from sympy import Matrix
from sympy.matrices.normalforms import smith_normal_form

from bridge.circular import Cocycles
from bridge.complex import DataComplex
from hottbridge.errors import BridgeError

#: ranks up to this search the whole box {−1, 0, 1}^r of classes
BOX_RANK = 3


@dataclass(frozen=True)
class GeneratorLoop:
    """A closed walk on adjacent landmarks (first = last = the base), the samples they are,
    its length in latent space, and its class in the cocycles' basis of H1."""

    landmarks: tuple[int, ...]
    samples: tuple[int, ...]
    length: float
    homology_class: tuple[int, ...]


def loop_basis(complex_: DataComplex, cocycles: Cocycles, component: list[int], *,
               seed: int = 0, candidates: int = 4) -> tuple[int, list[GeneratorLoop]]:
    """The base landmark and a basis of short loops of the free part of H1 of one component
    (its landmarks ``component``) — see the module. A BridgeError when no basis is found."""
    if cocycles.rank == 0:
        return component[0], []
    rng = np.random.default_rng(seed)
    picks = rng.choice(component, size=min(candidates, len(component)), replace=False)
    best: tuple[float, int, list[GeneratorLoop]] | None = None
    for base in (int(b) for b in picks):
        loops = _basis_at(complex_, cocycles, base)
        if loops is None:
            continue
        total = sum(loop.length for loop in loops)
        if best is None or total < best[0]:
            best = (total, base, loops)
    if best is None:
        raise BridgeError(f"no loops found that form a basis of H1 (rank {cocycles.rank}) at "
                          f"{len(picks)} base landmarks: the search box is too small")
    return best[1], best[2]


def _basis_at(complex_: DataComplex, cocycles: Cocycles, base: int) -> list[GeneratorLoop] | None:
    """The greedy shortest basis of loops at ``base``, or None when the box holds none."""
    found = shortest_loops(complex_, cocycles, base)
    chosen: list[GeneratorLoop] = []
    for cls, (length, walk) in sorted(found.items(), key=lambda item: item[1][0]):
        if any(tuple(-c for c in cls) == loop.homology_class for loop in chosen):
            continue
        trial = [*(loop.homology_class for loop in chosen), cls]
        if _primitive(trial):
            samples = tuple(int(complex_.landmark_indices_[v]) for v in walk)
            chosen.append(GeneratorLoop(tuple(walk), samples, length, cls))
        if len(chosen) == cocycles.rank:
            return chosen
    return None


def _primitive(rows: list[tuple[int, ...]]) -> bool:
    """Whether integer vectors are independent and extend to a basis of Z^r."""
    matrix = Matrix(rows)
    if matrix.rank() < len(rows):
        return False
    diagonal = smith_normal_form(matrix)
    return all(abs(diagonal[i, i]) == 1 for i in range(len(rows)))


def shortest_loops(complex_: DataComplex, cocycles: Cocycles, base: int
                   ) -> dict[tuple[int, ...], tuple[float, list[int]]]:
    """For each nonzero class in the search box, the shortest loop at ``base`` that has it:
    (length, landmarks from base back to base)."""
    rank = cocycles.rank
    if rank <= BOX_RANK:
        targets = {c for c in itertools.product((-1, 0, 1), repeat=rank) if any(c)}
    else:
        targets = {tuple(int(s) * int(i == j) for i in range(rank))
                   for j in range(rank) for s in (1, -1)}
    graph = complex_.graph_
    label = {}
    for (a, b), value in zip(cocycles.edges.tolist(), cocycles.values.tolist(), strict=True):
        label[(a, b)] = tuple(value)
        label[(b, a)] = tuple(-v for v in value)
    steps = {v: [(u, data["weight"], label[(v, u)]) for u, data in graph[v].items()]
             for v in graph}
    start = (base, (0,) * rank)
    distance = {start: 0.0}
    previous: dict[tuple[int, tuple[int, ...]], tuple[int, tuple[int, ...]]] = {}
    heap = [(0.0, start)]
    found: dict[tuple[int, ...], tuple[float, list[int]]] = {}
    while heap and len(found) < len(targets):
        d, state = heapq.heappop(heap)
        if d > distance.get(state, np.inf):
            continue
        vertex, cls = state
        if vertex == base and cls in targets and cls not in found:
            walk, at = [vertex], state
            while at != start:
                at = previous[at]
                walk.append(at[0])
            found[cls] = (d, walk[::-1])
        for neighbour, weight, step in steps[vertex]:
            new = tuple(c + s for c, s in zip(cls, step, strict=True)) if any(step) else cls
            if new is not cls and (any(abs(c) > 1 for c in new) or (
                    rank > BOX_RANK and sum(c != 0 for c in new) > 1)):
                continue
            key, nd = (neighbour, new), d + weight
            if nd < distance.get(key, np.inf):
                distance[key], previous[key] = nd, state
                heapq.heappush(heap, (nd, key))
    return found

"""The data region as a presented cell complex.

:meth:`DataComplex.fit` picks landmarks by max–min (farthest point) sampling (gudhi), reads the
Rips persistence of the landmarks (edge collapse, then expansion: cheap), chooses the scale at
which the Betti numbers are most stable, builds the Rips complex at that scale and turns it into
a :class:`hott.HIT` — so Betti numbers, the fundamental group and homotopy of paths come from
the one implementation in ``hott``. :meth:`DataComplex.project` turns a latent path into an
edge path on the landmarks and reports where it leaves the data region.

Scale choice: the finite birth and death values of the H0 and H1 barcode (the dimensions that
govern paths; H1 classes shorter-lived than noise are ignored) cut the scale axis into regimes
of constant b0 and b1; the chosen regime is the longest on a log scale (the last, unbounded
regime counts up to twice its start). Inside it, the persistence with tetrahedra (so H2 too) of
the same edge-collapsed filtration (collapse preserves persistence in every dimension; the
whole graph is expanded, never a graph pruned at a finite scale, which loses classes) gives
the classes that last through the regime; the
scale is the smallest point of a log-spaced grid there at which exactly those classes are
alive — no noise class — so the complex is as small as it can be and its Betti numbers are the
regime's. The complex itself is built up to dimension 3, so b2 is right too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import networkx as nx
import numpy as np

from bridge.paths import LatentPath
from bridge.validation import as_codes
from hott import HIT, Decision, Path, simplex_name
from hottbridge.errors import BridgeError

#: The most simplices :meth:`DataComplex.fit` builds (``max_simplices``). A circle or torus of
#: 250 landmarks takes about 3 000; 2 000 Gaussian codes in 8-D about 135 000 (0.4 GB, 9 s);
#: 100 000 Gaussian codes in 16-D about 414 000 (3 GB, 110 s), refused with this default.
MAX_SIMPLICES = 200_000


@dataclass(frozen=True)
class Bar:
    """A persistence interval: a class of dimension ``dim`` alive on [birth, death)."""

    dim: int
    birth: float
    death: float  # math.inf for classes that never die


@dataclass(frozen=True)
class ScaleChoice:
    """The chosen scale, the regime it sits in, that regime's Betti numbers, and the barcode."""

    scale: float
    regime: tuple[float, float]
    betti: tuple[int, ...]
    barcode: tuple[Bar, ...]
    #: the H2 bars of the same filtration below ``higher_until`` (kept apart: ``barcode`` is
    #: the H0/H1 diagram over all scales)
    higher: tuple[Bar, ...] = ()
    higher_until: float = math.inf

    def betti_at(self, scale: float) -> tuple[int, int, int]:
        """b0, b1, b2 of the landmarks' Rips complex at ``scale`` up to ``higher_until``
        (field coefficients, from the barcode: no complex is built)."""
        if scale > self.higher_until:
            raise BridgeError(f"H2 was read up to scale {self.higher_until:.4g}, not {scale:.4g}:"
                              " choose_scale(landmarks, reach=...) reads further")
        b0, b1, b2 = _betti((*self.barcode, *self.higher), scale, 3)
        return b0, b1, b2



@dataclass
class Projection:
    """A latent path read on the landmarks.

    ``path`` is the edge path of the data complex (None when the path crosses between
    components, see ``broken``); ``departures`` lists (step, distance to the nearest landmark)
    for points of the path farther than the scale from every landmark; ``jumps`` lists (step,
    distance) for steps whose segment passes farther than the scale from every landmark between
    its ends (long steps are sampled at half the scale); ``bridged`` lists (step, number of
    edges added) where consecutive nearest landmarks were not adjacent.
    """

    path: Path | None
    landmarks: list[int]
    departures: list[tuple[int, float]] = field(default_factory=list)
    jumps: list[tuple[int, float]] = field(default_factory=list)
    bridged: list[tuple[int, int]] = field(default_factory=list)
    broken: list[int] = field(default_factory=list)

    @property
    def in_region(self) -> bool:
        """True when the path never leaves the data region nor crosses between components."""
        return not (self.departures or self.jumps or self.broken)


class DataComplex:
    """Landmarks of latent codes and their Rips complex at a data-chosen scale, as a HIT.

    Parameters follow scikit-learn: set in ``__init__``, ``fit(codes)`` returns self, fitted
    attributes end in ``_``. ``scale=None`` chooses the scale from persistence.
    """

    def __init__(self, n_landmarks: int = 250, scale: float | None = None,
                 max_dimension: int = 3, seed: int = 0,
                 max_simplices: int = MAX_SIMPLICES) -> None:
        self.n_landmarks = n_landmarks
        self.scale = scale
        self.max_dimension = max_dimension
        self.seed = seed
        self.max_simplices = max_simplices

    @classmethod
    def from_points(cls, codes: Any, **params: Any) -> DataComplex:
        """``cls(**params).fit(codes)``."""
        return cls(**params).fit(codes)

    # ------------------------------------------------------------------ fitting
    def fit(self, codes: Any) -> DataComplex:
        """Choose landmarks and the scale, and build the complex (see the module); returns self."""
        from sklearn.neighbors import KDTree

        codes = as_codes(codes, "codes", min_rows=2)
        self._check_params()
        self.codes_ = codes
        self.landmark_indices_ = choose_landmarks(codes, self.n_landmarks, self.seed)
        self.landmarks_ = codes[self.landmark_indices_]
        try:
            self.scale_choice_ = choose_scale(self.landmarks_, max_simplices=self.max_simplices)
        except MemoryError:
            raise BridgeError(
                f"choosing the scale of {len(self.landmarks_)} landmarks ran out of memory: "
                "these codes look unstructured (no low-dimensional shape); use fewer landmarks "
                "(n_landmarks, --landmarks)") from None
        self.scale_ = (self.scale_choice_.scale if self.scale is None else float(self.scale))
        simplex_tree = bounded_rips(self.landmarks_, self.scale_, self.max_dimension,
                                    self.max_simplices)
        simplices = [tuple(s) for s, _ in simplex_tree.get_skeleton(self.max_dimension)]
        self.hit_ = HIT.from_simplices(simplices, name="data")
        for i in range(len(self.landmarks_)):  # isolated landmarks are points too
            if not self.hit_.has_cell(self.vertex_name(i)):
                raise BridgeError(f"landmark {i} is missing from the complex")
        self.graph_ = nx.Graph()
        self.graph_.add_nodes_from(range(len(self.landmarks_)))
        for s, _ in simplex_tree.get_skeleton(1):
            if len(s) == 2:
                a, b = s
                self.graph_.add_edge(a, b, weight=float(
                    np.linalg.norm(self.landmarks_[a] - self.landmarks_[b])))
        # the tree scikit-learn's NearestNeighbors builds (leaf size 30), queried directly: its
        # estimator's per-call checks cost more than the query of one path's points
        self._nearest = KDTree(self.landmarks_, leaf_size=30)
        return self

    def _check_params(self) -> None:
        """Every parameter checked before any work, each error naming its parameter."""
        if self.max_dimension not in (2, 3) or isinstance(self.max_dimension, bool):
            raise BridgeError(f"max_dimension must be 2 or 3, got {self.max_dimension!r}")
        if self.scale is not None and not (
                isinstance(self.scale, int | float) and not isinstance(self.scale, bool)
                and math.isfinite(self.scale) and self.scale > 0):
            raise BridgeError(f"scale must be a positive finite number or None, "
                              f"got {self.scale!r}")
        for name in ("seed", "max_simplices"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < (
                    0 if name == "seed" else 1):
                raise BridgeError(f"{name} must be an integer >= {0 if name == 'seed' else 1}, "
                                  f"got {value!r}")

    def _fitted(self) -> None:
        if not hasattr(self, "hit_"):
            raise BridgeError("this DataComplex is not fitted yet: call fit(codes) first")

    # --------------------------------------------------------------- invariants
    def summary(self) -> dict[str, Any]:
        """Facts about the fitted complex, as plain JSON values: landmarks, scale, the chosen
        regime, Betti numbers, cell counts and the barcode."""
        self._fitted()
        return {
            "landmarks": len(self.landmarks_),
            "scale": self.scale_,
            "regime": list(self.scale_choice_.regime),
            "betti": list(self.betti_numbers()),
            "cells": list(self.hit_.cell_counts()),
            "barcode": [[b.dim, b.birth, b.death] for b in self.scale_choice_.barcode],
        }

    def describe(self) -> str:
        """One line: landmarks, scale and Betti numbers."""
        self._fitted()
        return (f"{len(self.landmarks_)} landmarks, scale {self.scale_:.4g}, Betti "
                f"{self.betti_numbers()}")

    def betti_numbers(self) -> tuple[int, ...]:
        """Betti numbers of the complex (dimensions below max_dimension are reliable)."""
        self._fitted()
        return self.hit_.betti_numbers()[: self.max_dimension]

    def fundamental_group(self, base: str | None = None) -> Any:
        """π1 of the complex at ``base`` (a sympy FpGroup), as :meth:`hott.HIT.fundamental_group`."""
        self._fitted()
        return self.hit_.fundamental_group(base)

    def homotopic(self, first: Projection | Path, second: Projection | Path) -> Decision:
        """Decide homotopy of two edge paths (or projections) in the complex."""
        self._fitted()
        paths = []
        for item in (first, second):
            path = item.path if isinstance(item, Projection) else item
            if path is None:
                raise BridgeError("a projected path that crosses between components has no edge "
                                  "path: it cannot be compared")
            paths.append(path)
        return self.hit_.homotopic(*paths)

    # ---------------------------------------------------------------- projection
    @staticmethod
    def vertex_name(landmark: int) -> str:
        """The point of :attr:`hit_` that is landmark ``landmark``."""
        return simplex_name((landmark,))

    def vertex(self, code: Any) -> int:
        """The landmark nearest one code."""
        return int(self.nearest(np.atleast_2d(code))[1][0])

    def route(self, a: int, b: int) -> list[int]:
        """The landmarks along the shortest route from landmark ``a`` to landmark ``b`` in the
        1-skeleton (weighted by edge length); a BridgeError when no route joins them."""
        self._fitted()
        try:
            return nx.shortest_path(self.graph_, a, b, weight="weight")
        except nx.NetworkXNoPath:
            raise BridgeError(f"landmarks {a} and {b} are in different components of the data "
                              "complex: no path through the data joins them") from None

    def nearest(self, points: Any) -> tuple[np.ndarray, np.ndarray]:
        """(distance, landmark index) of the nearest landmark of each point."""
        self._fitted()
        points = as_codes(points, "points", dim=self.landmarks_.shape[1])
        distance, index = self._nearest.query(points, k=1)
        return distance[:, 0], index[:, 0]

    def project(self, path: LatentPath) -> Projection:
        """The edge path on landmarks that ``path`` follows, with where it leaves the region."""
        self._fitted()
        if not isinstance(path, LatentPath):
            raise BridgeError(f"project needs a LatentPath, got {type(path).__name__}")
        points, step_of, _ = self._densified(path.points, np.arange(len(path.points)))
        distance, index = self.nearest(points)
        result = Projection(None, [])
        on_path = step_of == np.floor(step_of)
        result.departures = [(int(step_of[i]), float(distance[i]))
                             for i in np.flatnonzero(on_path & (distance > self.scale_))]
        result.jumps = _worst_by_step(step_of, distance, ~on_path & (distance > self.scale_))
        sequence = [int(index[0])]
        for position, vertex in enumerate(index[1:], start=1):
            step, vertex = int(np.ceil(step_of[position])), int(vertex)
            if vertex == sequence[-1]:
                continue
            if self.graph_.has_edge(sequence[-1], vertex):
                sequence.append(vertex)
                continue
            try:
                route = self.route(sequence[-1], vertex)
            except BridgeError:
                result.broken.append(step)
                sequence.append(vertex)
                continue
            result.bridged.append((step, len(route) - 1))
            sequence.extend(route[1:])
        result.landmarks = sequence
        if not result.broken:
            result.path = self.edge_path(sequence)
        return result

    def departures(self, paths: Sequence[LatentPath] | np.ndarray) -> list[list[tuple[int, float]]]:
        """For each path, (step, distance) wherever it passes farther than the scale from every
        landmark (its points and, on long steps, points between them)."""
        return self.region_check(paths)[0]

    def region_check(self, paths: Sequence[LatentPath] | np.ndarray
                     ) -> tuple[list[list[tuple[int, float]]], float]:
        """:meth:`departures` of every path, and the largest distance to the nearest landmark of
        any point of any path or of a departing point between two steps: the whole batch
        densified at once (paths as LatentPaths of any lengths, or one (n, steps + 1, d)
        array) and one neighbour query."""
        self._fitted()
        if isinstance(paths, np.ndarray):
            n, m, d = paths.shape
            points, local = paths.reshape(n * m, d), np.tile(np.arange(m), n)
        else:
            if not paths:
                raise BridgeError("no paths to check")
            points = np.concatenate([path.points for path in paths])
            local = np.concatenate([np.arange(len(path.points)) for path in paths])
        dense, positions, row = self._densified(points, local)
        owner = np.cumsum(local == 0)[row] - 1
        # query about two points a path (measured best from 4 to 128 steps; at least every 4th)
        stride = int(np.clip(len(dense) // (int(owner[-1]) + 1) // 2, 4, 64))
        distance = self._distances_that_matter(dense, stride)
        on_path = positions == np.floor(positions)
        far = distance > self.scale_
        worst = float(distance[on_path].max())
        out: list[list[tuple[int, float]]] = [[] for _ in range(int(owner[-1]) + 1)]
        chosen = np.flatnonzero(far)
        if len(chosen):
            worst = max(worst, float(distance[chosen].max()))
            path, step = owner[chosen], positions[chosen].astype(int)
            order = np.lexsort((step, path))
            path, step, value = path[order], step[order], distance[chosen][order]
            starts = np.flatnonzero(np.r_[True, (path[1:] != path[:-1]) | (step[1:] != step[:-1])])
            for i, top in zip(starts, np.maximum.reduceat(value, starts), strict=True):
                out[int(path[i])].append((int(step[i]), float(top)))
        return out, worst

    def _distances_that_matter(self, points: np.ndarray, stride: int) -> np.ndarray:
        """Each point's distance to its nearest landmark wherever it could exceed the scale or
        be the largest; elsewhere an upper bound no larger than either. Every ``stride``-th
        point is queried; every point is bounded by its distance to the nearest landmarks of
        the queried points before and after it (a path's points lie close together, so most
        bounds settle them), and only the points whose bound exceeds min(largest queried
        distance, scale) are queried too."""
        sampled = np.arange(0, len(points), stride)
        distance = np.empty(len(points))
        distance[sampled], index = self.nearest(points[sampled])
        slot = np.arange(len(points)) // stride
        bound = np.minimum(_distance(points, self.landmarks_[index[slot]]), _distance(
            points, self.landmarks_[index[np.minimum(slot + 1, len(sampled) - 1)]]))
        bound[sampled] = distance[sampled]
        unsettled = np.flatnonzero(bound > min(float(distance[sampled].max()), self.scale_))
        if len(unsettled):
            bound[unsettled] = self.nearest(points[unsettled])[0]
        return bound

    def _densified(self, points: np.ndarray, local: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Paths' points (rows in path order; ``local`` is each row's index in its path, 0 where
        a path starts) with extra points on every step longer than half the scale: the dense
        points, each one's position in steps (integers at the path's own points, which are
        kept exactly) and the row of ``points`` it ends at."""
        first = local == 0
        count = np.ones(len(points), dtype=int)
        later = np.flatnonzero(~first)
        lengths = np.linalg.norm(points[later] - points[later - 1], axis=1)
        count[later] = np.maximum(1, np.ceil(lengths / (0.5 * self.scale_))).astype(int)
        if (count == 1).all():  # no step longer than half the scale: the points themselves
            return points, local.astype(float), np.arange(len(points))
        row = np.repeat(np.arange(len(points)), count)
        t = (np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count) + 1) / count[row]
        start, end = points[np.where(first[row], row, row - 1)], points[row]
        dense = np.where((t == 1)[:, None], end, start + t[:, None] * (end - start))
        positions = np.where(first[row], 0.0, (local[row] - 1) + t)
        return dense, positions, row

    def edge_path(self, vertices: list[int]) -> Path:
        """The hott path along consecutive adjacent landmarks."""
        self._fitted()
        letters = []
        for a, b in pairwise(vertices):
            if not self.graph_.has_edge(a, b):
                raise BridgeError(f"landmarks {a} and {b} are not adjacent in the complex")
            letters.append((simplex_name(sorted((a, b))), 1 if a < b else -1))
        return Path(self.hit_, self.vertex_name(vertices[0]), self.vertex_name(vertices[-1]),
                    tuple(letters))

    def geodesic(self, a: Any, b: Any) -> list[int]:
        """Landmarks along the shortest path in the 1-skeleton from near ``a`` to near ``b``."""
        _, (i, j) = self.nearest(np.stack([np.ravel(a), np.ravel(b)]))
        return self.route(int(i), int(j))


def bounded_rips(landmarks: np.ndarray, scale: float, max_dimension: int,
                 max_simplices: int) -> Any:
    """The Rips complex of ``landmarks`` at ``scale`` up to ``max_dimension`` (a gudhi simplex
    tree), or a BridgeError when it would have more than ``max_simplices`` simplices.

    The edges are counted (KD-tree radius counts) before any is built; when the bound on
    triangles and tetrahedra from each landmark's number of later neighbours (every simplex
    counted once, at its first vertex) is within the budget the complex is expanded at once,
    otherwise it is expanded simplex by simplex and stopped at the budget, so memory never
    grows past it.
    """
    import gudhi

    n = len(landmarks)
    what = f"the data complex of {n} landmarks at scale {scale:.4g}"
    advice = "a smaller scale, max_dimension=2, "
    size = n + _edge_count(landmarks, scale)
    if size > max_simplices:
        raise _over_budget(what, max_simplices, size, advice)
    tree = gudhi.RipsComplex(points=landmarks, max_edge_length=scale).create_simplex_tree(
        max_dimension=1)
    return _expand_within(tree, n, max_dimension, max_simplices, what, advice)


def _expand_within(tree: Any, n: int, max_dimension: int, max_simplices: int, what: str,
                   advice: str) -> Any:
    """``tree`` (a gudhi 1-skeleton on ``n`` vertices) expanded to its flag complex up to
    ``max_dimension``: at once when :func:`_flag_bound` is within ``max_simplices``, otherwise
    simplex by simplex, stopped by the BridgeError at the budget."""
    if _flag_bound(tree, n, max_dimension) <= max_simplices:
        tree.expansion(max_dimension)
        return tree
    count = [tree.num_simplices()]

    def admit(simplex: list[int]) -> bool:  # gudhi's blocker: False lets the simplex in
        count[0] += 1
        if count[0] > max_simplices:
            raise _over_budget(what, max_simplices, count[0], advice)  # stops the expansion
        return False

    tree.expansion_with_blocker(max_dimension, admit)
    return tree


def _edge_count(landmarks: np.ndarray, scale: float) -> int:
    """Edges of the landmarks' Rips complex at ``scale``, by KD-tree radius counts (nothing
    is built)."""
    from sklearn.neighbors import KDTree

    n = len(landmarks)
    return int(KDTree(landmarks).query_radius(landmarks, scale, count_only=True).sum() - n) // 2


def _flag_bound(graph: Any, n: int, max_dimension: int) -> int:
    """An upper bound on the simplices of the flag complex of ``graph`` (a gudhi 1-skeleton on
    ``n`` vertices) up to ``max_dimension``: each simplex counted once, at its first vertex,
    from that vertex's number of later neighbours."""
    later = np.zeros(n, dtype=np.int64)
    for simplex, _ in graph.get_skeleton(1):
        if len(simplex) == 2:
            later[min(simplex)] += 1
    return graph.num_simplices() + sum(
        int(sum(math.comb(int(k), d) for k in later)) for d in range(2, max_dimension + 1))


def _over_budget(what: str, max_simplices: int, at_least: int, advice: str) -> BridgeError:
    """The BridgeError of a complex past ``max_simplices``, saying what to change."""
    return BridgeError(
        f"{what} has more than {max_simplices} simplices (max_simplices; at least {at_least} "
        "counted): the codes look unstructured at this scale. Use fewer landmarks "
        f"(n_landmarks, --landmarks), {advice}or raise max_simplices")


#: An H1 class that dies before this multiple of its birth scale is sampling noise (a grid
#: hole born at spacing s dies by about s·√2); so is one whose log-lifetime is under half the
#: longest H1 class's. Noise does not cut the scale axis into regimes.
NOISE_RATIO = 1.5
#: The scale is searched between the regime's start and this multiple of it (or the regime's
#: end, if sooner): the Rips complex up to there, with tetrahedra, stays small.
SEARCH_SPAN = 4.0


def _distance(points: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Row-wise Euclidean distances, squares summed coordinate by coordinate in order (as
    scikit-learn's neighbour trees sum them, so equal distances are equal to the last bit)."""
    square = np.square(points - others)
    total = square[:, 0].copy()
    for column in square.T[1:]:
        total += column
    return np.sqrt(total)


def _worst_by_step(positions: np.ndarray, distance: np.ndarray, chosen: np.ndarray
                   ) -> list[tuple[int, float]]:
    """(step, largest distance) over the chosen points, a point counting for its own index or
    for the step it lies on."""
    worst: dict[int, float] = {}
    for i in np.flatnonzero(chosen):
        step = int(positions[i])
        worst[step] = max(worst.get(step, 0.0), float(distance[i]))
    return sorted(worst.items())


def choose_landmarks(codes: np.ndarray, n_landmarks: int, seed: int) -> np.ndarray:
    """Indices of ``n_landmarks`` codes chosen by max–min (farthest point) sampling from a
    seeded random start (all codes when there are fewer)."""
    from gudhi.subsampling import choose_n_farthest_points
    from sklearn.neighbors import NearestNeighbors

    if not isinstance(n_landmarks, int) or isinstance(n_landmarks, bool) or n_landmarks < 2:
        raise BridgeError(f"n_landmarks must be an integer >= 2, got {n_landmarks!r}")
    start = int(np.random.default_rng(seed).integers(len(codes)))
    chosen = np.asarray(choose_n_farthest_points(
        points=codes, nb_points=min(n_landmarks, len(codes)), starting_point=start))
    return NearestNeighbors(n_neighbors=1).fit(codes).kneighbors(
        chosen, return_distance=False)[:, 0]


#: The persistence that chooses the scale is transient, so its triangles may number this
#: multiple of the complex's ``max_simplices``: 20 M at the default, about 1.5 GB in gudhi
#: (400 torus images of 256 pixels need 10.2 M: 0.3 s, 0.8 GB peak).
PERSISTENCE_FACTOR = 100


def choose_scale(landmarks: np.ndarray, reach: float = 1.5,
                 max_simplices: int = MAX_SIMPLICES) -> ScaleChoice:
    """The Rips scale at which the Betti numbers of the landmarks are most stable (see the
    module): the regime from the H0/H1 barcode over all scales, then, inside it, the H0–H2
    barcode up to the regime's end picks the smallest scale at which exactly the classes that
    last through the regime (born by its middle — by its end, for the last regime — and alive
    at its end) are alive. H2 is read up to the larger of the search's end and ``reach``
    times the chosen scale (:meth:`ScaleChoice.betti_at` answers up to there).

    Budget: the edges are what the time and memory grow with (the collapse walks every edge
    of the graph over all scales; Ripser, every edge below where H2 is read, a subset), so
    the n·(n−1)/2 edges over all scales, with the n vertices, are counted before anything is
    built; past ``max_simplices`` the BridgeError says what to change, and inputs within it
    are read exactly as without a budget. The triangles of the collapsed graph are counted
    against ``PERSISTENCE_FACTOR`` times the budget likewise."""
    n = len(landmarks)
    what = f"the persistence choosing the scale of {n} landmarks"
    size = n + n * (n - 1) // 2
    if size > max_simplices:
        raise _over_budget(f"{what} (every edge, over all scales)", max_simplices, size,
                           "")
    graph = _expand_within(_collapsed_graph(landmarks), n, 2,
                           PERSISTENCE_FACTOR * max_simplices,
                           f"{what} (the collapsed graph's triangles)", "")
    bars = _bars(graph, 1)
    signal = _signal(bars)
    events = sorted({v for bar in signal for v in (bar.birth, bar.death) if 0 < v < math.inf})
    if not events:  # a single landmark, or all coincide
        return ScaleChoice(1.0, (0.0, math.inf), _betti(signal, 1.0), bars,
                           _higher(landmarks, math.inf), math.inf)
    bounds = list(pairwise(events)) + [(events[-1], 2 * events[-1])]
    lo, hi = max(bounds, key=lambda ab: math.log(ab[1] / ab[0]))
    # born by the middle (anywhere in the last regime, whose end is arbitrary), alive at the end
    born_by = hi * (1 - 1e-9) if (lo, hi) == bounds[-1] else math.sqrt(lo * hi)
    top = min(hi, SEARCH_SPAN * lo)  # the scale is searched in [lo, top): cheap, and enough
    # H2 of the filtration cut at ``top`` has exactly the bars of the whole one below ``top``
    # (those alive at ``top`` read as never dying): all the search reads.
    higher = _higher(landmarks, top)
    lasting = [bar for bar in bars if bar.birth <= born_by and bar.death >= hi * (1 - 1e-9)]
    lasting += [bar for bar in higher if bar.birth <= min(born_by, top)
                and bar.death >= top * (1 - 1e-9)]
    betti = _betti(lasting, min(born_by, top * (1 - 1e-9)), 3)
    grid = [lo * (top / lo) ** (k / 24) for k in range(1, 24)]
    full = (*bars, *higher)
    clean = [s for s in grid if _betti(full, s, 3) == betti]  # no noise class alive either
    scale = clean[0] if clean else math.sqrt(lo * top)
    until = top
    if reach * scale > top:
        until = reach * scale
        higher = _higher(landmarks, until)
    return ScaleChoice(scale, (lo, hi), betti, bars, higher, until)


def _collapsed_graph(landmarks: np.ndarray) -> Any:
    """The Rips 1-skeleton of the landmarks over all scales, edge-collapsed (gudhi): its flag
    complex has the same persistence as the Rips filtration, with far fewer simplices."""
    import gudhi

    diameter = float(np.max(np.linalg.norm(landmarks[:, None] - landmarks[None], axis=-1)))
    graph = gudhi.RipsComplex(points=landmarks, max_edge_length=diameter * 1.01 + 1e-12
                              ).create_simplex_tree(max_dimension=1)
    size = graph.num_simplices() + 1
    while graph.num_simplices() < size:  # collapse until nothing changes
        size = graph.num_simplices()
        graph.collapse_edges()
    return graph


def _higher(landmarks: np.ndarray, until: float) -> tuple[Bar, ...]:
    """The H2 bars of the landmarks' Rips filtration below ``until`` (later deaths read as
    never), by gudhi's Ripser (implicit coboundaries, Z/11 as gudhi's persistence). Expanding
    the graph to tetrahedra is what this avoids: edge collapse barely shrinks the graph of
    high-dimensional codes (250 landmarks of 256-D images: 140 M simplices)."""
    from gudhi.sklearn.rips_persistence import RipsPersistence

    diagram = RipsPersistence(homology_dimensions=2, threshold=until, input_type="point cloud",
                              n_jobs=1).fit_transform([landmarks])[0]
    return tuple(Bar(2, float(birth), float(death)) for birth, death in diagram)


def _bars(simplex_tree: Any, top: int) -> tuple[Bar, ...]:
    return tuple(Bar(dim, float(birth), float(death))
                 for dim, (birth, death) in simplex_tree.persistence() if dim <= top)


def _signal(bars: tuple[Bar, ...]) -> list[Bar]:
    """H0 classes, and the H1 classes that live long enough not to be sampling noise."""
    lifetimes = [math.log(bar.death / bar.birth) for bar in bars
                 if bar.dim == 1 and bar.birth > 0]
    threshold = max(math.log(NOISE_RATIO), 0.5 * max(lifetimes, default=0.0))
    return [bar for bar in bars
            if bar.dim == 0 or (bar.dim == 1 and bar.birth > 0
                                and math.log(bar.death / bar.birth) >= threshold)]


def _betti(bars: Any, scale: float, dims: int = 2) -> tuple[int, ...]:
    return tuple(sum(1 for bar in bars if bar.dim == k and bar.birth <= scale < bar.death)
                 for k in range(dims))

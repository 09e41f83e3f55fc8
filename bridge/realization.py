"""A HIT realized in latent space, checked against the data complex.

:class:`Realization` sends point constructors to latent codes and path constructors to latent
paths (:meth:`LoopSpec.realize` makes one from the data samples a HIT's loops run through).
Read in the data complex, it is a :class:`hott.HITMap` from the HIT into the complex's HIT
(:attr:`Realization.map`): each point goes to the landmark nearest its code, each path to the
edge path its latent image follows. The checks: endpoints match, every 2-cell goes to a loop
that is null-homotopic in the data complex, functoriality on words (F(p·q) ≃ F(p)·F(q),
F(p⁻¹) ≃ F(p)⁻¹), and the induced map on first homology, H1(HIT) → H1(data complex): for a
rotating glyph's circle, the loop through the images in angle order should be a generator (±1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from sympy import Matrix

from bridge.cases import FAILED, HELD, NOT_APPLICABLE, Case
from bridge.complex import DataComplex
from bridge.laws import LawResult, complex_caveat
from bridge.paths import LatentPath
from bridge.stability import Stability
from bridge.validation import as_codes
from hott import HIT, Decision, HITMap, HottError, Path
from hott.hit import PathLike, mismatched_keys
from hottbridge.errors import BridgeError


@dataclass(frozen=True)
class LoopSpec:
    """How a HIT is traced by the data: for each path constructor, the data indices it visits
    in order (from its source point's sample to its target's), and each point's sample."""

    points: dict[str, int]
    paths: dict[str, list[int]]

    def realize(self, hit: HIT, codes: Any, complex_: DataComplex,
                stability: Stability | None = None) -> Realization:
        """The realization of ``hit`` on the data's ``codes``: each point at its sample's code,
        each path through its samples' codes in order (``stability``: the complex's, to mark
        decisions made in an unstable one)."""
        codes = as_codes(codes, "codes")
        paths = {}
        for e, indices in self.paths.items():
            if len(indices) < 2:
                raise BridgeError(f"path {e!r} needs at least two samples to trace it")
            paths[e] = LatentPath(codes[np.asarray(indices)])
        return Realization(hit, complex_, {x: codes[i] for x, i in self.points.items()}, paths,
                           stability=stability)


class Realization:
    """``hit`` realized by ``points`` (name -> code) and ``paths`` (name -> LatentPath).

    ``stability`` (from :func:`bridge.stability.complex_stability`) marks the decisions made in
    the complex when its Betti numbers are not stable. Verdicts about the map — the induced map
    on H1, the degree — are given only when it is a valid map (:meth:`validity`)."""

    def __init__(self, hit: HIT, complex_: DataComplex, points: Mapping[str, Any],
                 paths: Mapping[str, LatentPath], tol: float | None = None,
                 stability: Stability | None = None) -> None:
        if not isinstance(hit, HIT):
            raise BridgeError(f"a realization needs a hott.HIT, got {type(hit).__name__}")
        complex_._fitted()
        self.hit, self.complex = hit, complex_
        dim = complex_.landmarks_.shape[1]
        missing, unknown = mismatched_keys([*hit.points, *hit.paths], [*points, *paths])
        if missing or unknown:
            raise BridgeError(f"realization of {hit.name}: missing images for {missing or 'none'}"
                              f"; not constructors of {hit.name}: {unknown or 'none'}")
        self.points = {x: as_codes(np.atleast_2d(z), f"the code of point {x!r}", dim=dim)[0]
                       for x, z in points.items()}
        self.paths: dict[str, LatentPath] = {}
        for e, path in paths.items():
            if not isinstance(path, LatentPath):
                raise BridgeError(f"the image of path {e!r} must be a LatentPath")
            if path.dim != dim:
                raise BridgeError(f"the image of path {e!r} has dimension {path.dim}, the data "
                                  f"complex {dim}")
            self.paths[e] = path
        self.tol = 0.01 * complex_.scale_ if tol is None else float(tol)
        self.stability = stability
        self.caveat = complex_caveat(complex_, stability)

    # --------------------------------------------------------------- images
    def endpoint_check(self) -> LawResult:
        """Each path constructor's image starts and ends at its points' codes (within tol)."""
        cases = []
        for e, (a, b) in self.hit.paths.items():
            path = self.paths[e]
            gap = float(max(np.linalg.norm(path.start - self.points[a]),
                            np.linalg.norm(path.end - self.points[b])))
            cases.append(Case(f"path {e!r}", HELD if gap <= self.tol else FAILED,
                              "" if gap <= self.tol else
                              f"its ends are {gap:.4g} from the codes of {a}, {b}", gap))
        return LawResult.from_cases(
            "realization endpoints", cases,
            value=max((c.value for c in cases if c.value is not None), default=None),
            tolerance=self.tol, measure="distance of a path's ends from its points' codes",
            rule="fails when a distance exceeds the tolerance")

    def latent(self, word: PathLike) -> LatentPath:
        """The latent path of a word: images concatenated (inverses reversed)."""
        path = self.hit.word(word)
        if not path.letters:
            return LatentPath.refl(self.points[path.start])
        pieces = [self.paths[e] if sign == 1 else self.paths[e].inverse()
                  for e, sign in path.letters]
        result = pieces[0]
        for piece in pieces[1:]:
            result = result.concat(piece, tol=self.tol)
        return result

    def read(self, latent: LatentPath, start: str, end: str) -> Path:
        """A latent path from point ``start``'s code to point ``end``'s, read as an edge path of
        the data complex between those points' landmarks."""
        projection = self.complex.project(latent)
        if projection.path is None:
            raise BridgeError("the latent path crosses between components of the data complex")
        head = self.complex.route(self.complex.vertex(self.points[start]),
                                  projection.landmarks[0])
        tail = self.complex.route(projection.landmarks[-1],
                                  self.complex.vertex(self.points[end]))
        return self.complex.edge_path(head + projection.landmarks[1:] + tail[1:])

    @cached_property
    def map(self) -> HITMap:
        """The realization read in the data complex, as a map of HITs from ``hit`` into the
        complex's HIT: each point to the landmark nearest its code, each path to the edge path
        its image follows (:meth:`read`). Its ``check()`` holds when :meth:`cells_check`
        passes. A BridgeError when an image crosses between components of the complex."""
        points = {x: self.complex.vertex_name(self.complex.vertex(z))
                  for x, z in self.points.items()}
        paths = {e: self.read(self.paths[e], *self.hit.paths[e]) for e in self.hit.paths}
        return HITMap(self.hit, self.complex.hit_, points, paths, name=f"F: {self.hit.name}")

    @cached_property
    def _on_paths(self) -> HITMap:
        """:attr:`map` on the HIT's points and paths alone (its 1-skeleton): a map whatever the
        2-cells do, so every word has an image before the 2-cells are checked."""
        skeleton = HIT.from_cells(self.hit.name, self.hit.points, dict(self.hit.paths))
        return HITMap(skeleton, self.map.target, self.map.points, self.map.paths,
                      name=self.map.name)

    def edge_path(self, word: PathLike) -> Path:
        """The image of a word in the data complex's groupoid (composed constructor images)."""
        path = self.hit.word(word)
        return self._on_paths.ap(Path(self._on_paths.source, path.start, path.end, path.letters))

    # ----------------------------------------------------------------- laws
    def cells_check(self) -> LawResult:
        """Every 2-cell's boundary goes to a null-homotopic loop of the data complex (not
        applicable to a HIT without 2-cells)."""
        law, target = "realization 2-cells", self.complex.hit_
        try:
            loops = {cell: self.edge_path(self.hit.attaching_word(cell))
                     for cell in self.hit.cells(2)}
        except BridgeError as error:
            return _unreadable(law, error)
        return LawResult.from_decisions(law, [
            (f"2-cell {cell!r}", target.homotopic(loop, target.refl(loop.start)))
            for cell, loop in loops.items()], caveat=self.caveat)

    @cached_property
    def _map_checks(self) -> tuple[LawResult, LawResult]:
        return self.endpoint_check(), self.cells_check()

    def validity(self) -> tuple[bool | None, str]:
        """Whether the realization is a valid map: (True, "") when its endpoints hold and every
        2-cell goes to a null loop (or there are none); (False, which check failed and where)
        or (None, why it is undecided) otherwise."""
        for check in self._map_checks:
            if check.failures:
                return False, f"{check.law} failed ({check.where})"
            if check.undecided:
                return None, f"{check.law} undecided ({check.where})"
        return True, ""

    def functoriality(self, pairs: Sequence[tuple[PathLike, PathLike]]) -> LawResult:
        """F(p·q) ≃ F(p)·F(q) and F(p⁻¹) ≃ F(p)⁻¹ in the data complex: the latent path of a
        composite word, read as one edge path, against the composite of the readings of its
        constructors' images (reading is not functorial by construction: nearest landmarks
        and bridging can differ at the joins). A case whose images do not compose or cannot
        be read fails, with the reason."""
        cases = []
        for i, (p, q) in enumerate(pairs):
            p, q = self.hit.word(p), self.hit.word(q)
            cases.append((f"pair {i}: F(p·q)", p.concat(q),
                          lambda p=p, q=q: self.edge_path(p).concat(self.edge_path(q))))
            cases.append((f"pair {i}: F(p⁻¹)", p.inv(), lambda p=p: self.edge_path(p).inv()))
        outcomes: list[tuple[str, Decision | str]] = []
        for label, word, composite in cases:
            try:
                whole = self.read(self.latent(word), word.start, word.end)
                outcomes.append((label, self.complex.hit_.homotopic(whole, composite())))
            except BridgeError as error:
                outcomes.append((label, f"cannot be read in the data complex: {error}"))
        return LawResult.from_decisions("functoriality", outcomes, caveat=self.caveat)

    def induced_h1(self) -> Matrix:
        """H1(HIT) → H1(data complex) as an integer matrix in the two homology bases. Defined
        only for a valid map (:meth:`validity`): a BridgeError says which check failed."""
        valid, reason = self.validity()
        if valid is not True:
            raise BridgeError(f"no induced map on H1: the realization is not a valid map: "
                              f"{reason}")
        try:
            return self.map.induced_homology(1)
        except HottError as error:
            raise BridgeError(f"no induced map on H1: {error}") from None

    def is_h1_isomorphism(self) -> tuple[bool, str]:
        """Whether the induced map is an isomorphism on the free part of H1 (same rank,
        determinant ±1), and the statement with the matrix. Needs a valid map."""
        matrix = self.induced_h1()
        source = self.hit.homology_basis(1)
        target = self.complex.hit_.homology_basis(1)
        free = matrix.extract([i for i, o in enumerate(target.orders) if o == 0],
                              [j for j, o in enumerate(source.orders) if o == 0])
        shown = f"induced map on H1 {matrix.tolist()}"
        if free.rows != free.cols:
            return False, (f"not an isomorphism: {shown} (H1 of the data region has rank "
                           f"{free.rows}, H1 of {self.hit.name} rank {free.cols})")
        if free.rows and abs(int(free.det())) != 1:
            return False, f"not an isomorphism: {shown} (not invertible over Z)"
        return True, f"isomorphism: {shown}"

    def homology_check(self) -> LawResult:
        """The realization induces an isomorphism on the free part of H1 (one case). Not
        applicable when the realization is not a valid map (the case says which check
        failed): there is no induced map to judge."""
        law = "realization on H1"
        valid, reason = self.validity()
        if valid is not True:
            case = Case("induced map", NOT_APPLICABLE, f"no induced map: {reason}")
        else:
            iso, statement = self.is_h1_isomorphism()
            case = Case("induced map", HELD if iso else FAILED, statement)
        result = LawResult.from_cases(
            law, [case], measure="isomorphism / not an isomorphism",
            rule="fails unless the induced map on the free part of H1 is an isomorphism",
            caveat=self.caveat)
        result.where = f"{case.label}: {case.reason}"
        return result

    def degree(self) -> int:
        """For a realized circle in a data complex with H1 ≅ Z: the winding (±1 for a faithful
        loop, ±2 for one that goes round twice). Needs a valid map."""
        matrix = self.induced_h1()
        if matrix.shape != (1, 1):
            raise BridgeError(f"degree needs H1 ≅ Z on both sides; the induced map on H1 is "
                              f"{matrix.shape[0]}×{matrix.shape[1]}")
        return int(matrix[0, 0])


def _unreadable(law: str, error: BridgeError) -> LawResult:
    """A law that fails because the constructors' images cannot be read in the data complex."""
    return LawResult.from_cases(law, [Case("images", FAILED, str(error))],
                                measure="images readable in the data complex")


def random_word_pairs(hit: HIT, rng: np.random.Generator) -> list[tuple[str, str]]:
    """Seeded word pairs for functoriality: four pairs of random two-letter words when the HIT
    has one point (any words compose), otherwise each generator with its inverse."""
    generators = list(hit.paths)
    if len(hit.points) != 1:
        return [(g, f"{g}^-1") for g in generators]

    def word() -> str:
        return " ".join(f"{g}^{int(rng.choice([-1, 1]))}" for g in rng.choice(generators, 2))

    return [(word(), word()) for _ in range(4)]

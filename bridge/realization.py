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

from bridge.complex import DataComplex
from bridge.laws import FAILING_CASES, LawResult
from bridge.paths import LatentPath
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

    def realize(self, hit: HIT, codes: Any, complex_: DataComplex) -> Realization:
        """The realization of ``hit`` on the data's ``codes``: each point at its sample's code,
        each path through its samples' codes in order."""
        codes = as_codes(codes, "codes")
        paths = {}
        for e, indices in self.paths.items():
            if len(indices) < 2:
                raise BridgeError(f"path {e!r} needs at least two samples to trace it")
            paths[e] = LatentPath(codes[np.asarray(indices)])
        return Realization(hit, complex_, {x: codes[i] for x, i in self.points.items()}, paths)


class Realization:
    """``hit`` realized by ``points`` (name -> code) and ``paths`` (name -> LatentPath)."""

    def __init__(self, hit: HIT, complex_: DataComplex, points: Mapping[str, Any],
                 paths: Mapping[str, LatentPath], tol: float | None = None) -> None:
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

    # --------------------------------------------------------------- images
    def endpoint_check(self) -> LawResult:
        """Each path constructor's image starts and ends at its points' codes (within tol)."""
        worst, where, failures = 0.0, "", 0
        for e, (s, t) in self.hit.paths.items():
            path = self.paths[e]
            gap = max(np.linalg.norm(path.start - self.points[s]),
                      np.linalg.norm(path.end - self.points[t]))
            if gap > self.tol:
                failures += 1
                where = where or f"path {e!r}: its ends are {gap:.4g} from the codes of {s}, {t}"
            worst = max(worst, float(gap))
        return LawResult("realization endpoints", failures == 0, worst, self.tol,
                         len(self.hit.paths), failures, where=where,
                         measure="distance of a path's ends from its points' codes")

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
        """Every 2-cell's boundary goes to a null-homotopic loop of the data complex."""
        law, target = "realization 2-cells", self.complex.hit_
        try:
            loops = {cell: self.edge_path(self.hit.attaching_word(cell))
                     for cell in self.hit.cells(2)}
        except BridgeError as error:
            return _unreadable(law, error)
        return LawResult.from_decisions(law, [
            (f"2-cell {cell!r}", target.homotopic(loop, target.refl(loop.start)))
            for cell, loop in loops.items()])

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
                outcomes.append((label, str(error)))
        return LawResult.from_decisions("functoriality", outcomes)

    def induced_h1(self) -> Matrix:
        """H1(HIT) → H1(data complex) as an integer matrix in the two homology bases. Defined
        when the realization is a map of HITs (every 2-cell goes to a null loop): a BridgeError
        names the 2-cell otherwise."""
        try:
            return self.map.induced_homology(1)
        except HottError as error:
            raise BridgeError(f"no induced map on H1: {error}") from None

    def homology_check(self) -> LawResult:
        """The realization induces an isomorphism on the free part of H1: the HIT and the data
        region have the same first Betti number and the induced matrix is unimodular. Without
        an induced map (a 2-cell fails or is undecided) the check takes the 2-cells' status."""
        law = "realization on H1"
        cells = self.cells_check()
        if cells.passed is not True:
            return LawResult(law, cells.passed, None, None, 1, int(cells.passed is False),
                             int(cells.passed is None), where=f"no induced map on H1: {cells.where}"
                             if cells.where else "no induced map on H1: 2-cells undecided",
                             measure="determinant")
        matrix = self.induced_h1()
        source = self.hit.homology_basis(1)
        target = self.complex.hit_.homology_basis(1)
        free = matrix.extract([i for i, o in enumerate(target.orders) if o == 0],
                              [j for j, o in enumerate(source.orders) if o == 0])
        if free.rows != free.cols:
            return LawResult(law, False, None, 1.0, 1, 1, where=(
                f"H1 of the data region has rank {free.rows}, H1 of {self.hit.name} rank "
                f"{free.cols}: induced map {matrix.tolist()}"), measure="determinant")
        determinant = int(free.det()) if free.rows else 1
        return LawResult(law, abs(determinant) == 1, float(determinant), 1.0, 1,
                         int(abs(determinant) != 1), where="" if abs(determinant) == 1 else (
                             f"induced map {matrix.tolist()} has determinant {determinant}"),
                         measure="determinant (tolerance: its absolute value must be 1)")

    def degree(self) -> int:
        """For a realized circle in a data complex with H1 ≅ Z: the winding (±1 for a faithful
        loop, ±2 for one that goes round twice)."""
        matrix = self.induced_h1()
        if matrix.shape != (1, 1):
            raise BridgeError(f"degree needs H1 ≅ Z on both sides; the induced map on H1 is "
                              f"{matrix.shape[0]}×{matrix.shape[1]}")
        return int(matrix[0, 0])


def _unreadable(law: str, error: BridgeError) -> LawResult:
    """A law that fails because the constructors' images cannot be read in the data complex."""
    return LawResult(law, False, None, None, 1, 1, where=str(error), measure=FAILING_CASES)


def random_word_pairs(hit: HIT, rng: np.random.Generator) -> list[tuple[str, str]]:
    """Seeded word pairs for functoriality: four pairs of random two-letter words when the HIT
    has one point (any words compose), otherwise each generator with its inverse."""
    generators = list(hit.paths)
    if len(hit.points) != 1:
        return [(g, f"{g}^-1") for g in generators]

    def word() -> str:
        return " ".join(f"{g}^{int(rng.choice([-1, 1]))}" for g in rng.choice(generators, 2))

    return [(word(), word()) for _ in range(4)]

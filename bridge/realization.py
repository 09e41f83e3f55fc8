"""A HIT realized in latent space, checked against the data complex.

:class:`Realization` sends point constructors to latent codes and path constructors to latent
paths. It checks that endpoints match, that every 2-cell goes to a loop that is null-homotopic
in the data complex, functoriality on words (F(p·q) ≃ F(p)·F(q), F(p⁻¹) ≃ F(p)⁻¹), and it
computes the induced map on first homology, H1(HIT) → H1(data complex): for a rotating glyph's
circle, the loop through the images in angle order should be a generator (±1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from sympy import Matrix

from bridge.complex import DataComplex
from bridge.laws import LawResult
from bridge.paths import LatentPath
from bridge.validation import as_codes
from hott.hit import HIT, PathLike, mismatched_keys
from hott.paths import Path
from hott.word_problem import Decision
from hott.words import exponent_sums, free_reduce, invert
from hottbridge.errors import BridgeError


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
                         len(self.hit.paths), failures, where=where)

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

    def _vertex(self, code: np.ndarray) -> int:
        return int(self.complex.nearest(code[None])[1][0])

    def read(self, latent: LatentPath, start: str, end: str) -> Path:
        """A latent path from point ``start``'s code to point ``end``'s, read as an edge path of
        the data complex between those points' landmarks."""
        projection = self.complex.project(latent)
        if projection.path is None:
            raise BridgeError("the latent path crosses between components of the data complex")
        head = self._route(self._vertex(self.points[start]), projection.landmarks[0])
        tail = self._route(projection.landmarks[-1], self._vertex(self.points[end]))
        return self.complex.edge_path(head + projection.landmarks[1:] + tail[1:])

    def _route(self, a: int, b: int) -> list[int]:
        import networkx as nx

        try:
            return nx.shortest_path(self.complex.graph_, a, b, weight="weight")
        except nx.NetworkXNoPath:
            raise BridgeError(f"landmarks {a} and {b} are in different components") from None

    def edge_path(self, word: PathLike) -> Path:
        """The image of a word in the data complex's groupoid (composed constructor images)."""
        path = self.hit.word(word)
        letters: list = []
        for e, sign in path.letters:
            image = self._edge_images[e].letters
            letters.extend(image if sign == 1 else invert(image))
        start = f"v{self._vertex(self.points[path.start])}"
        end = f"v{self._vertex(self.points[path.end])}"
        return Path(self.complex.hit_, start, end, free_reduce(letters))

    @property
    def _edge_images(self) -> dict[str, Path]:
        if not hasattr(self, "_edges"):
            self._edges = {e: self.read(self.paths[e], *self.hit.paths[e]) for e in self.hit.paths}
        return self._edges

    # ----------------------------------------------------------------- laws
    def cells_check(self) -> LawResult:
        """Every 2-cell's boundary goes to a null-homotopic loop of the data complex."""
        outcomes = []
        for cell in self.hit.cells(2):
            loop = self.edge_path(self.hit.attaching_word(cell))
            outcomes.append((f"2-cell {cell!r}",
                             self.complex.hit_.homotopic(loop, self.complex.hit_.refl(loop.start))))
        return LawResult.from_decisions("realization 2-cells", outcomes)

    def functoriality(self, pairs: Sequence[tuple[PathLike, PathLike]]) -> LawResult:
        """F(p·q) ≃ F(p)·F(q) and F(p⁻¹) ≃ F(p)⁻¹ in the data complex: the latent path of a
        composite word, read as one edge path, against the composite of the readings of its
        constructors' images (reading is not functorial by construction: nearest landmarks
        and bridging can differ at the joins)."""
        cases = []
        for i, (p, q) in enumerate(pairs):
            p, q = self.hit.word(p), self.hit.word(q)
            cases.append((f"pair {i}: F(p·q)", p.concat(q), self.edge_path(p).concat(
                self.edge_path(q))))
            cases.append((f"pair {i}: F(p⁻¹)", p.inv(), self.edge_path(p).inv()))
        outcomes: list[tuple[str, Decision | str]] = []
        for label, word, composite in cases:
            try:
                whole = self.read(self.latent(word), word.start, word.end)
            except BridgeError as error:
                outcomes.append((label, str(error)))
                continue
            outcomes.append((label, self.complex.hit_.homotopic(whole, composite)))
        return LawResult.from_decisions("functoriality", outcomes)

    def induced_h1(self) -> Matrix:
        """H1(HIT) → H1(data complex) as an integer matrix in the two homology bases."""
        source = self.hit.homology_basis(1)
        target = self.complex.hit_.homology_basis(1)
        columns = []
        for cycle in source.generators:
            chain: dict[str, int] = {}
            for e, n in cycle.items():
                for edge, m in exponent_sums(self._edge_images[e].letters).items():
                    chain[edge] = chain.get(edge, 0) + n * m
            columns.append(target.coordinates({k: v for k, v in chain.items() if v}))
        return Matrix(len(target.orders), len(columns), lambda i, j: columns[j][i])

    def homology_check(self) -> LawResult:
        """The realization induces an isomorphism on the free part of H1: the HIT and the data
        region have the same first Betti number and the induced matrix is unimodular."""
        matrix = self.induced_h1()
        source = self.hit.homology_basis(1)
        target = self.complex.hit_.homology_basis(1)
        free = matrix.extract([i for i, o in enumerate(target.orders) if o == 0],
                              [j for j, o in enumerate(source.orders) if o == 0])
        if free.rows != free.cols:
            return LawResult("realization on H1", False, None, 1.0, 1, 1, where=(
                f"H1 of the data region has rank {free.rows}, H1 of {self.hit.name} rank "
                f"{free.cols}: induced map {matrix.tolist()}"))
        determinant = int(free.det()) if free.rows else 1
        return LawResult("realization on H1", abs(determinant) == 1, float(determinant), 1.0, 1,
                         int(abs(determinant) != 1), where="" if abs(determinant) == 1 else (
                             f"induced map {matrix.tolist()} has determinant {determinant}"))

    def degree(self) -> int:
        """For a realized circle in a data complex with H1 ≅ Z: the winding (±1 for a faithful
        loop, ±2 for one that goes round twice)."""
        matrix = self.induced_h1()
        if matrix.shape != (1, 1):
            raise BridgeError(f"degree needs H1 ≅ Z on both sides; the induced map on H1 is "
                              f"{matrix.shape[0]}×{matrix.shape[1]}")
        return int(matrix[0, 0])

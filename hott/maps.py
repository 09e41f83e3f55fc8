"""Maps between HITs: the recursion principle in the model.

A :class:`HITMap` sends each point constructor to a point and each path constructor to a word
with the right endpoints; :meth:`HITMap.check` proves that every 2-cell goes to a null-homotopic
loop. Cells of dimension >= 2 may also be given images as integer chains (a cellular chain map),
which the induced maps on H_n for n >= 2 — and the degree of maps between spheres — need.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from sympy import Matrix

from hott.chains import chain_sum
from hott.complex import Path, PathLike, chain_boundary, mismatched_keys, require_complex
from hott.hit import HIT
from hott.words import Letter, Word, exponent_sums, invert, power
from hottbridge.errors import HottError

if TYPE_CHECKING:
    from sympy.combinatorics.homomorphisms import GroupHomomorphism


class HITMap:
    """A map ``source -> target`` given on constructors."""

    def __init__(
        self,
        source: HIT,
        target: HIT,
        points: Mapping[str, str],
        paths: Mapping[str, PathLike] | None = None,
        cells: Mapping[str, Mapping[str, int]] | None = None,
        name: str = "f",
    ) -> None:
        if not isinstance(source, HIT) or not isinstance(target, HIT):
            raise HottError("HITMap needs a source HIT and a target HIT")
        self.source, self.target, self.name = source, target, name
        _exactly(source.points, points, f"{name}: points", "point")
        self.points = {x: _point_of(target, y, f"{name}: point {x!r}") for x, y in points.items()}
        paths = paths or {}
        _exactly(tuple(source.paths), paths, f"{name}: paths", "path")
        self.paths: dict[str, Path] = {}
        for e, image in paths.items():
            s, t = source.paths[e]
            try:
                word = target.word(image, start=self.points[s])
            except HottError as error:
                raise HottError(f"{name}: the image of path {e!r}: {error}") from None
            if word.end != self.points[t]:
                raise HottError(
                    f"{name}: path {e!r} : {s} ~> {t} must go to a path "
                    f"{self.points[s]} ~> {self.points[t]}, but '{word}' ends at {word.end}"
                )
            self.paths[e] = word
        cells = cells or {}
        if not isinstance(cells, Mapping) or not all(isinstance(c, Mapping)
                                                     for c in cells.values()):
            raise HottError(f"{name}: cells= maps a cell to its image chain {{cell: integer}}, "
                            f"got {cells!r}"[:300])
        self.cells = {c: dict(chain) for c, chain in cells.items()}
        for c, chain in self.cells.items():
            if not source.has_cell(c) or source.dim_of(c) < 2:
                raise HottError(f"{name}: cells= gives images of cells of dimension >= 2; "
                                f"{c!r} is not one of {source.name}'s")
            for face in chain:
                if not target.has_cell(face, source.dim_of(c)):
                    raise HottError(f"{name}: the image of cell {c!r} must be a chain of "
                                    f"{source.dim_of(c)}-cells of {target.name}; {face!r} is not")
        self._checked = False

    # ------------------------------------------------------------- checking
    def check(self) -> HITMap:
        """Prove every 2-cell goes to a null-homotopic loop, and given cell images commute with
        the boundary. Raises :class:`HottError` naming the cell otherwise."""
        for cell in self.source.cells(2):
            boundary = self.source.attaching_word(cell)
            image = self._ap(boundary)
            decision = self.target.homotopic(image, self.target.refl(image.start))
            if decision.value is not True:
                verdict = "is not null-homotopic" if decision.value is False else (
                    "could not be shown null-homotopic")
                raise HottError(
                    f"{self.name}: 2-cell {cell!r} (along '{boundary}') goes to the loop "
                    f"'{image}' of {self.target.name}, which {verdict}: {decision.reason}"
                )
        for cell, chain in self.cells.items():
            dim = self.source.dim_of(cell)
            expected = self.chain_image(dim - 1, self.source.boundary_chain(cell))
            actual = chain_boundary(self.target, chain)
            if expected != actual:
                raise HottError(
                    f"{self.name}: the image of cell {cell!r} has boundary {actual!r}, but the "
                    f"image of its boundary is {expected!r}: not a chain map"
                )
        self._checked = True
        return self

    def _require_checked(self) -> None:
        if not self._checked:
            self.check()

    # ------------------------------------------------------------ functors
    def _ap(self, path: Path) -> Path:
        """The image word, run by run: a run ``e^n`` goes to the n-th power of e's image
        (by squaring, never written out letter by letter)."""
        runs: list[Letter] = []
        for e, n in path.runs:
            image = self.paths[e].runs
            runs.extend(image if n == 1 else invert(image) if n == -1 else power(image, n))
        return Path(self.target, self.points[path.start], self.points[path.end], tuple(runs))

    def ap(self, word: PathLike, start: str | None = None) -> Path:
        """The action on paths: ap_f(p · q) = ap_f(p) · ap_f(q), ap_f(p^-1) = ap_f(p)^-1."""
        self._require_checked()
        return self._ap(self.source.word(word, start))

    def __call__(self, point: str) -> str:
        if not isinstance(point, str) or point not in self.points:
            raise HottError(f"{self.name}: {point!r} is not a point of {self.source.name}")
        return self.points[point]

    def compose(self, first: HITMap) -> HITMap:
        """``self ∘ first``: first, then self."""
        if not isinstance(first, HITMap):
            raise HottError(f"{self.name}: compose needs a HITMap, got {type(first).__name__}")
        if first.target != self.source:
            raise HottError(f"cannot compose {self.name} ∘ {first.name}: {first.name} lands in "
                            f"{first.target.name}, {self.name} starts from {self.source.name}")
        cells = None
        if first.cells and all(c in self.cells for d in range(2, self.source.dimension + 1)
                               for c in self.source.cells(d)):
            cells = {c: self.chain_image(first.source.dim_of(c), chain)
                     for c, chain in first.cells.items()}
        return HITMap(
            first.source, self.target,
            {x: self.points[y] for x, y in first.points.items()},
            {e: self._ap(p) for e, p in first.paths.items()},
            cells, name=f"{self.name}∘{first.name}",
        )

    @classmethod
    def identity(cls, hit: HIT) -> HITMap:
        """The identity map of ``hit``, with the identity on every cell (so it maps homology)."""
        require_complex(hit, "HITMap.identity")
        cells = {c: {c: 1} for d in range(2, hit.dimension + 1) for c in hit.cells(d)}
        return cls(hit, hit, {x: x for x in hit.points}, {e: e for e in hit.paths}, cells, "id")

    # ------------------------------------------------------------ invariants
    def chain_image(self, dim: int, chain: Mapping[str, int]) -> dict[str, int]:
        """The cellular chain map on a dim-chain of the source."""
        return chain_sum(
            (face, value * c)
            for cell, value in chain.items()
            for face, c in self._cell_image(dim, cell).items()
        )

    def _cell_image(self, dim: int, cell: str) -> Mapping[str, int]:
        if dim == 0:
            return {self.points[cell]: 1}
        if dim == 1:
            return exponent_sums(self.paths[cell].runs)
        if cell in self.cells:
            return self.cells[cell]
        raise HottError(f"{self.name}: no image was given for the {dim}-cell {cell!r}; "
                        "pass cells={...} to map homology in this degree")

    def induced_homology(self, dim: int) -> Matrix:
        """The induced map H_dim(source) -> H_dim(target) as an integer matrix in the bases of
        :meth:`HIT.homology_basis` (columns: source generators; torsion rows reduced mod
        their order)."""
        self._require_checked()
        source = self.source.homology_basis(dim)
        target = self.target.homology_basis(dim)
        columns = [target.coordinates(self.chain_image(dim, cycle)) for cycle in source.generators]
        return Matrix(len(target.orders), len(columns),
                      lambda i, j: columns[j][i]) if columns else Matrix.zeros(
                          len(target.orders), 0)

    def degree(self) -> int:
        """The degree of a map between spheres of the same dimension n >= 1 (or any complexes
        whose reduced homology is that of S^n): the induced map on H_n ≅ Z."""
        n = _sphere_dimension(self.source)
        m = _sphere_dimension(self.target)
        if n is None or m is None or n != m:
            raise HottError(
                f"{self.name}: degree needs two spheres of the same dimension; "
                f"{self.source.name} and {self.target.name} have reduced homology "
                f"{[str(g) for g in self.source.reduced_homology()]} and "
                f"{[str(g) for g in self.target.reduced_homology()]}"
            )
        return int(self.induced_homology(n)[0, 0])

    def pi1_images(self, base: str | None = None) -> dict[str, Word]:
        """Each generator of π1(source, base) sent to a word in π1(target, f(base))'s
        generators (both the reduced presentations of :meth:`HIT.presentation`)."""
        self._require_checked()
        source = self.source.presentation(base)
        target = self.target.presentation(self.points[source.root])
        return {
            g: target.rewrite(self._ap(source.generator_loop(g))) for g in source.generators
        }

    def induced_homomorphism(self, base: str | None = None) -> GroupHomomorphism:
        """π1(f) as a sympy homomorphism between the (unsimplified) presentations."""
        from sympy.combinatorics.homomorphisms import homomorphism

        source = self.source.presentation(base)
        target = self.target.presentation(self.points[source.root])
        domain, codomain = source.fp_group(simplify=False), target.fp_group(simplify=False)
        images = self.pi1_images(base)
        return homomorphism(
            domain, codomain, list(domain.generators),
            [target.to_sympy(images[g]) if images[g] else codomain.identity
             for g in source.generators],
            check=False,
        )


def _sphere_dimension(hit: HIT) -> int | None:
    groups = hit.reduced_homology()
    nonzero = [k for k, g in enumerate(groups) if not g.is_trivial]
    if len(nonzero) == 1 and nonzero[0] >= 1 and groups[nonzero[0]].rank == 1 and not (
        groups[nonzero[0]].torsion
    ):
        return nonzero[0]
    return None


def _exactly(expected: tuple[str, ...], given: Mapping[str, object], what: str, kind: str) -> None:
    if not isinstance(given, Mapping):
        raise HottError(f"{what}: give a mapping from {kind} constructor to its image")
    missing, unknown = mismatched_keys(expected, given)
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"no image for {kind} constructor(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"{', '.join(map(str, unknown))} is not a {kind} constructor")
        raise HottError(f"{what}: " + "; ".join(parts))


def _point_of(hit: HIT, point: str, what: str) -> str:
    if not isinstance(point, str) or not hit.has_cell(point, 0):
        raise HottError(f"{what} goes to {point!r}, which is not a point of {hit.name} "
                        f"(points: {', '.join(hit.points)})")
    return point


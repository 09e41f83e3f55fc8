"""Type families over a HIT, transport, path induction and the universal cover.

A :class:`Family` is a functor from the groupoid of a HIT to sets: a fiber per point and a
bijection per path constructor, coherent around every 2-cell (:meth:`Family.check`). Transport
along a word composes the bijections. Path induction (J) in the model sends ``d`` in the fiber
over ``(b, refl)`` to its transport along ``p``; a :class:`Section` is a dependent function, and
``apd`` its action on paths. The universal cover (encode–decode) is the family of paths from the
base point, and the winding number of a loop is its transport of 0.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from hott.complex import Path, PathLike, mismatched_keys, require_complex
from hott.fibers import (
    AffineMap,
    Bijection,
    Fiber,
    FreeGroupElements,
    Lattice,
    Translation,
    as_bijection,
    as_fiber,
)
from hott.hit import HIT
from hott.library import circle
from hott.words import exponent_sums
from hottbridge.errors import HottError


class Family:
    """A family of sets over ``hit``: fibers per point, transports per path constructor."""

    def __init__(
        self,
        hit: HIT,
        fibers: Mapping[str, Fiber | Iterable[Hashable]],
        transports: Mapping[str, Bijection | Mapping[Hashable, Hashable]],
    ) -> None:
        require_complex(hit, "Family")
        for what, value in (("fibers", fibers), ("transports", transports)):
            if not isinstance(value, Mapping):
                raise HottError(f"Family: {what} must be a mapping from constructor name, got "
                                f"{type(value).__name__}")
        self.hit = hit
        missing, unknown = mismatched_keys(hit.points, fibers)
        if missing or unknown:
            raise HottError(f"family over {hit.name}: fibers are needed for exactly the points; "
                            f"missing {missing or 'none'}, not points {unknown or 'none'}")
        self.fibers: dict[str, Fiber] = {
            x: as_fiber(f, f"fiber over {x!r}") for x, f in fibers.items()
        }
        missing, unknown = mismatched_keys(hit.paths, transports)
        if missing or unknown:
            raise HottError(f"family over {hit.name}: transports are needed for exactly the path "
                            f"constructors; missing {missing or 'none'}, not paths "
                            f"{unknown or 'none'}")
        self.transports: dict[str, Bijection] = {}
        for e, value in transports.items():
            where = f"transport along {e!r}"
            bijection = as_bijection(value, where)
            source, target = hit.paths[e]
            bijection.validate(self.fibers[source], self.fibers[target], where)
            self.transports[e] = bijection
        self._translations = _translation_table(self.transports)
        self._checked = False

    def check(self) -> Family:
        """Prove coherence: transport around every 2-cell's attaching loop is the identity."""
        for cell in self.hit.cells(2):
            loop = self.hit.attaching_word(cell)
            if not self._compose(loop).is_identity():
                raise HottError(
                    f"family over {self.hit.name} is not coherent: transport around 2-cell "
                    f"{cell!r} (along '{loop}') is not the identity"
                )
        self._checked = True
        return self

    def _compose(self, path: Path) -> Bijection:
        """The transport along ``path``: one power per run (O(log n) compositions for a run
        ``e^n``); when every transport is a translation of Z^k, just the shift by the word's
        exponent sums."""
        if self._translations is not None:
            total = [0] * len(next(iter(self._translations.values()), ()))
            for e, n in exponent_sums(path.runs).items():
                total = [t + n * s for t, s in zip(total, self._translations[e])]
            return AffineMap.shift(*total)
        result: Bijection | None = None
        for e, n in path.runs:
            step = self.transports[e].power(n)
            result = step if result is None else result.then(step)
        return result if result is not None else _Identity()

    def transport(self, word: PathLike, x: Any, start: str | None = None) -> Any:
        """Transport ``x`` from the fiber over the start of ``word`` to the fiber over its end."""
        if not self._checked:
            self.check()
        path = self.hit.word(word, start)
        if not self.fibers[path.start].contains(x):
            raise HottError(f"{x!r} is not in the fiber {self.fibers[path.start]} over "
                            f"{path.start}, where the path '{path}' starts")
        return self._compose(path).apply(x)

    def fiber(self, point: str) -> Fiber:
        """The fiber over a point."""
        if point not in self.fibers:
            raise HottError(f"{point!r} is not a point of {self.hit.name}")
        return self.fibers[point]


def _translation_table(transports: Mapping[str, Bijection]) -> dict[str, tuple[int, ...]] | None:
    """Path constructor -> shift vector, when every transport translates one lattice Z^k."""
    if not transports or not all(isinstance(t, AffineMap) and t.is_translation
                                 for t in transports.values()):
        return None
    table = {e: t.shift_vector for e, t in transports.items()}  # type: ignore[union-attr]
    return table if len({len(v) for v in table.values()}) == 1 else None


class _Identity(Bijection):
    def apply(self, x: Any) -> Any:
        return x

    def is_identity(self) -> bool:
        return True


def path_induction(family: Family, d: Any, word: PathLike, base: str | None = None) -> Any:
    """J in the model: given ``d`` over ``(base, refl)``, its value over ``(end, word)``.

    In the model every family over based paths is determined by transport, so
    ``J(d, b, refl) = d`` (the computation rule) and ``J(d, x, p) = transport(p, d)``.
    """
    if not isinstance(family, Family):
        raise HottError(f"path_induction needs a Family, got {type(family).__name__}")
    path = family.hit.word(word, base)
    if base is not None and path.start != base:
        raise HottError(f"path induction at {base}: the path '{path}' starts at {path.start}")
    return family.transport(path, d)


@dataclass(frozen=True)
class PathOver:
    """``apd`` of a section along a path: the transported value equals the value at the end."""

    path: Path
    start_value: Any
    end_value: Any


class Section:
    """A dependent function Π(x : X). P(x): a value in each fiber over a point, such that
    transport along every path constructor carries value to value (checked)."""

    def __init__(self, family: Family, values: Mapping[str, Any]) -> None:
        if not isinstance(family, Family):
            raise HottError(f"Section needs a Family, got {type(family).__name__}")
        if not isinstance(values, Mapping):
            raise HottError(f"Section: values must be a mapping from point to value, got "
                            f"{type(values).__name__}")
        self.family = family
        hit = family.hit
        missing, _ = mismatched_keys(hit.points, values)
        if missing:
            raise HottError(f"section of a family over {hit.name}: no value over {missing}")
        for x, v in values.items():
            if not family.fiber(x).contains(v):
                raise HottError(f"section: {v!r} is not in the fiber {family.fiber(x)} over {x}")
        self.values = dict(values)
        for e, (s, t) in hit.paths.items():
            moved = family.transport(e, self.values[s])
            if moved != self.values[t]:
                raise HottError(
                    f"section: not a dependent function: transport along {e!r} takes the value "
                    f"{self.values[s]!r} over {s} to {moved!r}, but the value over {t} is "
                    f"{self.values[t]!r}"
                )

    def __call__(self, point: str) -> Any:
        return self.values[point]

    def apd(self, word: PathLike, start: str | None = None) -> PathOver:
        """The section's action on a path: its value at the start, carried to its value at
        the end."""
        path = self.family.hit.word(word, start)
        moved = self.family.transport(path, self.values[path.start])
        assert moved == self.values[path.end], "a checked section is natural along every path"
        return PathOver(path, self.values[path.start], moved)


def universal_cover(hit: HIT, base: str | None = None) -> Family:
    """The universal cover as a family (encode–decode), where π1 is free or free abelian.

    Free π1 of rank >= 2 (graphs, wedges of circles): fibers are the free group, a path acts by
    right multiplication by its generator word. Free abelian π1 (circle, torus; a contractible
    HIT gives Z^0): fibers Z^n, a path shifts by its class in H1.
    """
    require_complex(hit, "universal_cover")
    presentation = hit.presentation(base)
    if len(hit.components()) != 1:
        raise HottError(f"universal_cover needs a connected HIT; {hit.name} has "
                        f"{len(hit.components())} components")
    edges = {e: presentation.rewrite(hit.word(e)) for e in hit.paths}
    if presentation.is_free and len(presentation.generators) >= 2:
        fiber: Fiber = FreeGroupElements(tuple(presentation.generators))
        transports: dict[str, Bijection] = {e: Translation(w) for e, w in edges.items()}
    else:
        group = presentation.abelianization()
        free_abelian = presentation.is_free or (
            presentation.is_abelian_presentation and not group.torsion)
        if not free_abelian:
            raise HottError(
                f"universal_cover is built for free or free abelian fundamental groups; "
                f"π1({hit.name}) has abelianization {group} and is not known to be either"
            )
        fiber = Lattice(group.rank)
        transports = {e: AffineMap.shift(*presentation.free_coordinates(w))
                      for e, w in edges.items()}
    return Family(hit, {x: fiber for x in hit.points}, transports).check()


def winding_number(word: PathLike, hit: HIT | None = None) -> int:
    """How many times a loop winds around a HIT with π1 ≅ Z (default: the circle)."""
    if hit is None:
        hit = circle()
    require_complex(hit, "winding_number")
    path = hit.word(word)
    if not path.is_loop:
        raise HottError(f"a winding number is defined for loops; '{path}' goes "
                        f"{path.start} ~> {path.end}")
    cover = universal_cover(hit, path.start)
    if cover.fibers[path.start] != Lattice(1):
        raise HottError(f"winding numbers need π1 ≅ Z; the universal cover of {hit.name} has "
                        f"fiber {cover.fibers[path.start]}")
    return cover.transport(path, 0)

"""Recognising a component of the data complex among the library's HITs, with what it proves.

A component is compared with: contractible (a point), the circle, wedges of n circles (the
figure-eight for n = 2), the torus, the Klein bottle, the projective plane and the 2-sphere, by
two exact invariants of the complex: its homology H0..H2 (hott's integral homology) and its
fundamental group's simplified presentation (sympy's, after hott's own reduction), compared
with the candidate's up to renaming and inverting generators and cyclically permuting and
inverting relators. Equal presentations prove the groups isomorphic; equal homology is equal
homology. Neither proves the data region homotopy equivalent to the candidate, and both are
facts about the complex built from the landmarks at one scale — the statement says so.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from hott import HIT
from hott.library import circle, figure_eight, klein_bottle, point, projective_plane, torus
from hott.presentation import ComponentPresentation
from hott.words import Word, cyclic_reduce, free_reduce, invert

#: library name -> (the HIT realized for it, its name in a .hott file)
CANDIDATES: dict[str, tuple[Callable[[], HIT], str]] = {
    "contractible": (point, "point"),
    "circle": (circle, "circle"),
    "torus": (torus, "torus"),
    "Klein bottle": (klein_bottle, "klein_bottle"),
    "projective plane": (projective_plane, "projective_plane"),
    "2-sphere": (lambda: HIT("S2").point("base").cell("surf", "refl", at="base"), "sphere2"),
}
#: how a statement names each recognised shape
PHRASES = {"contractible": "contractible (a point's invariants)", "circle": "the circle",
           "torus": "the torus", "Klein bottle": "the Klein bottle",
           "projective plane": "the projective plane", "2-sphere": "the 2-sphere",
           "figure-eight": "the figure-eight (a wedge of two circles)"}
#: free groups of this rank or less are named as wedges; beyond it, too
MAX_GENERATORS_MATCHED = 3


@dataclass(frozen=True)
class Invariants:
    """A component's homology H0..H2 (rank, torsion) and its simplified π1 presentation."""

    homology: tuple[tuple[int, tuple[int, ...]], ...]
    generators: tuple[str, ...]
    relators: tuple[Word, ...]

    @classmethod
    def of(cls, hit: HIT) -> Invariants:
        """The invariants of a connected HIT (homology to dimension 2)."""
        homology = hit.homology()[:3]
        groups = tuple((g.rank, tuple(g.torsion)) for g in homology)
        groups += ((0, ()),) * (3 - len(groups))
        group = hit.fundamental_group()
        generators = tuple(str(g) for g in group.generators)
        relators: dict[Word, Word] = {}  # a repeated relator (up to cyclic permutation and
        for r in group.relators:  # inversion) is one Tietze move from none: keep one copy
            word = _letters(r)
            if word:
                relators.setdefault(_cyclic_class(word), word)
        return cls(groups, generators, tuple(relators.values()))

    def describe(self) -> str:
        """π1 as ⟨generators | relators⟩ and the homology, in words."""
        relators = ", ".join(" ".join(f"{g}" if e == 1 else f"{g}⁻¹" for g, e in r)
                             for r in self.relators)
        homology = ", ".join(_group(rank, torsion) for rank, torsion in self.homology)
        return (f"π1 = ⟨{', '.join(self.generators)}{' | ' + relators if relators else ''}⟩, "
                f"H0..H2 = ({homology})")


@dataclass(frozen=True)
class Recognition:
    """What a component was recognised as (``name`` None: nothing in the library matched),
    the HIT to realize for it, its ``.hott`` name, and the statement with evidence and limit."""

    name: str | None
    hit: HIT
    file_name: str
    invariants: Invariants
    statement: str


def _letters(relator: object) -> Word:
    """A sympy free-group element as our word of (generator, ±1) letters."""
    out = []
    for symbol, power in relator.array_form:  # type: ignore[attr-defined]
        out.extend([(str(symbol), 1 if power > 0 else -1)] * abs(power))
    return free_reduce(out)


def _group(rank: int, torsion: tuple[int, ...]) -> str:
    parts = ([f"Z^{rank}" if rank > 1 else "Z"] if rank else []) + [f"Z/{t}" for t in torsion]
    return " ⊕ ".join(parts) or "0"


def _cyclic_class(word: Word) -> Word:
    """A canonical form of a relator up to cyclic permutation and inversion."""
    word = cyclic_reduce(word)
    forms = [w[i:] + w[:i] for w in (word, invert(word)) for i in range(max(1, len(w)))]
    return min(forms)


def same_presentation(a_generators: tuple[str, ...], a_relators: tuple[Word, ...],
                      b_generators: tuple[str, ...], b_relators: tuple[Word, ...]) -> bool:
    """Whether two presentations are the same up to renaming and inverting generators and
    cyclically permuting and inverting relators (so their groups are isomorphic)."""
    target = sorted({_cyclic_class(r) for r in b_relators if r})
    if len(a_generators) != len(b_generators) or len({_cyclic_class(r) for r in a_relators
                                                      if r}) != len(target):
        return False
    if not target:
        return True
    if len(a_generators) > MAX_GENERATORS_MATCHED:
        return False
    for order in itertools.permutations(b_generators):
        for signs in itertools.product((1, -1), repeat=len(order)):
            rename = {g: (h, s) for g, h, s in zip(a_generators, order, signs, strict=True)}
            mapped = [free_reduce((rename[g][0], e * rename[g][1]) for g, e in r)
                      for r in a_relators]
            if sorted({_cyclic_class(r) for r in mapped}) == target:
                return True
    return False


def _wedge(n: int) -> HIT:
    """The wedge of n circles (figure-eight for 2), loops named a, b, c, … then l4, l5, …."""
    if n == 2:
        return figure_eight()
    names = [chr(ord("a") + i) if i < 3 else f"l{i + 1}" for i in range(n)]
    hit = HIT(f"wedge{n}").point("base")
    for name in names:
        hit = hit.path(name, "base", "base")
    return hit


def candidates_for(invariants: Invariants) -> list[tuple[str, HIT, str]]:
    """The library HITs to compare with: the fixed candidates and the wedge of as many circles
    as the presentation has generators."""
    found = _fixed()
    n = len(invariants.generators)
    if n >= 2 and not invariants.relators:
        found.append(("figure-eight" if n == 2 else f"wedge of {n} circles", _wedge(n),
                      "figure_eight" if n == 2 else f"wedge{n}"))
    return found


@functools.cache
def _library_invariants(name: str) -> Invariants:
    return Invariants.of(next(hit for n, hit, _ in _fixed() if n == name))


def _invariants(name: str, hit: HIT) -> Invariants:
    """A candidate's invariants (the fixed candidates' computed once per process)."""
    return _library_invariants(name) if name in CANDIDATES else Invariants.of(hit)


def _fixed() -> list[tuple[str, HIT, str]]:
    return [(name, make(), file_name) for name, (make, file_name) in CANDIDATES.items()]


def recognise(component: HIT, presentation: ComponentPresentation, *, landmarks: int,
              scale: float) -> Recognition:
    """Recognise a connected component of the data complex (``landmarks`` landmarks at
    ``scale``, for the statement) among the library HITs; ``presentation`` is the component's
    reduced presentation in the whole complex (realized when nothing matches)."""
    mine = Invariants.of(component)
    near_misses = []
    for name, hit, file_name in candidates_for(mine):
        theirs = _invariants(name, hit)
        same_group = same_presentation(mine.generators, mine.relators,
                                       theirs.generators, theirs.relators)
        same_homology = mine.homology == theirs.homology
        if same_group and same_homology:
            phrase = PHRASES.get(name, name)
            return Recognition(name, hit, file_name, mine, (
                f"recognised as {phrase}: its fundamental group has the presentation of "
                f"{hit.name}'s up to renaming (so the groups are isomorphic) and its homology "
                f"is {hit.name}'s ({mine.describe()}). Matching invariants are evidence, not a "
                f"proof that the data region is homotopy equivalent to {hit.name}; and they "
                f"describe the Rips complex of {landmarks} landmarks at scale {scale:.4g}, not "
                "the latent space away from the data or at other scales."))
        if same_homology:
            near_misses.append(name)
    own = presentation_hit(presentation)
    miss = (f" Its homology is the {' and the '.join(near_misses)}'s, but its presentation did "
            "not reduce to theirs: whether the groups are isomorphic is undecided."
            if near_misses else "")
    return Recognition(None, own, "data", mine, (
        f"not recognised among the library HITs ({mine.describe()}).{miss} It is realized as "
        f"its own simplified presentation, a HIT with {len(own.paths)} loop(s) and "
        f"{len(own.cells(2))} 2-cell(s)."))


def presentation_hit(presentation: ComponentPresentation) -> HIT:
    """A reduced presentation of π1 (hott's own reduction, whose generators are edges of the
    complex) as a one-point HIT: loops g1, g2, … (in the order of ``presentation.generators``)
    and 2-cells r1, r2, …."""
    rename = {g: f"g{i}" for i, g in enumerate(presentation.generators, start=1)}
    hit = HIT("data").point("base")
    for g in presentation.generators:
        hit = hit.path(rename[g], "base", "base")
    for i, relator in enumerate(presentation.relators, start=1):
        word = " ".join(f"{rename[g]}^{e}" for g, e in relator)
        hit = hit.cell(f"r{i}", word or "refl", at="base")
    return hit

"""Discover what a latent space realizes: its loops found, recognised, decoded and checked.

:func:`discover` encodes the data and :func:`discover_codes` does the rest, on data nobody
ordered:

1. the data complex (:class:`~bridge.complex.DataComplex`), and how stable its Betti numbers
   and scale are over seeded landmark resamples (:func:`bridge.stability.complex_stability`);
2. per component, the fundamental group's simplified presentation and, for the free part of
   H1, a basis of short loops through data samples (:mod:`bridge.generator_loops`);
3. per component, recognition among the library HITs (:mod:`bridge.recognise`), with a
   statement of the evidence and its limit;
4. the realization of the recognised HIT (or the complex's own presentation) by the loops,
   matched to its path constructors through the induced map on H1 (:func:`match_loops`), and
   every realization law;
5. circular coordinates (:mod:`bridge.circular`), one per loop, dual to the loops: the round
   trip checks that each loop winds its own coordinate ±1 and the others 0;
6. with ``out``, the figures, the HIT as ``discovered.hott`` and the loops as ``loops.json``.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bridge.circular import CircularCoordinates, Cocycles, circular_coordinates, free_cocycles
from bridge.complex import DataComplex
from bridge.generator_loops import GeneratorLoop, loop_basis
from bridge.laws import LawResult
from bridge.model import Codec
from bridge.realization import LoopSpec, Realization, random_word_pairs
from bridge.recognise import Recognition, presentation_hit, recognise
from bridge.report import json_safe
from bridge.validation import as_codes
from hott import HIT
from hott.presentation import ComponentPresentation
from hott.words import format_word
from hottbridge.errors import BridgeError

#: a one-point HIT with this many loops or fewer tries every assignment of loops to its paths
MAX_ASSIGNED = 3


@dataclass
class Component:
    """One path component of the data complex: its landmarks, the recognition, the base
    sample, the free-H1 loop basis and the loops realizing its HIT's path constructors."""

    landmarks: list[int]
    recognition: Recognition
    base: int
    basis: list[GeneratorLoop]
    spec: LoopSpec
    cocycles: Cocycles


@dataclass
class Discovery:
    """Everything discovery found (see the module). ``statement`` is the plain summary."""

    complex: DataComplex
    components: list[Component]
    hit: HIT
    loops: LoopSpec
    realization: Realization
    laws: list[LawResult]
    coordinates: CircularCoordinates
    winding: np.ndarray  # winding[i, j]: coordinate j along basis loop i
    stability: Any = None
    files: dict[str, str] = field(default_factory=dict)

    @property
    def basis(self) -> list[GeneratorLoop]:
        """The free-H1 loops of every component, in the coordinates' order."""
        return [loop for component in self.components for loop in component.basis]

    @property
    def round_trip(self) -> bool:
        """Each basis loop winds its own circular coordinate ±1 and every other one 0."""
        w = self.winding
        return bool(np.array_equal(np.abs(w), np.eye(len(w))) if w.size else True)

    @property
    def recognised(self) -> str | None:
        """The library name of the whole data region (components joined by ' ⊔ '), or None
        when some component matched nothing."""
        names = [c.recognition.name for c in self.components]
        return None if None in names else " ⊔ ".join(str(n) for n in names)

    @property
    def statement(self) -> str:
        """The summary in plain words: stability, recognition, laws and round trip."""
        lines = []
        if self.stability is not None:
            lines.append(str(self.stability.statement))
            if not self.stability.supports(self.complex.betti_numbers()):
                lines.append(f"warning: the complex discovered here has Betti "
                             f"{self.complex.betti_numbers()}, which the resamples do not "
                             "agree on: what follows is one of their answers, not a stable one.")
        count = len(self.components)
        lines.append(f"the data complex ({self.complex.describe()}) has {count} component"
                     f"{'s' if count != 1 else ''}.")
        for i, component in enumerate(self.components, start=1):
            prefix = f"component {i}: " if count > 1 else ""
            lines.append(prefix + component.recognition.statement)
        status = {kind: [r.law for r in self.laws if r.status == kind]
                  for kind in ("failed", "undecided", "not applicable")}
        held = [r.law for r in self.laws if r.status == "passed"]
        lines.append(f"realization of {self.hit.name}: held: {', '.join(held) or 'none'}"
                     + "".join(f"; {kind}: {', '.join(laws)}" for kind, laws in status.items()
                               if laws) + ".")
        if self.winding.size:
            lines.append("circular coordinates: " + (
                "each loop winds its own coordinate ±1 and the others 0 (round trip holds)."
                if self.round_trip else
                f"the round trip fails: winding matrix {self.winding.astype(int).tolist()}."))
        return "\n".join(lines)

    def expect(self, name: str) -> str:
        """One line: whether the data region was recognised as the library shape ``name``
        (e.g. 'circle'), and if not, what it is instead."""
        if self.recognised == name:
            return f"the data region is recognised as {name} (evidence, see above)."
        found = self.recognised or "nothing in the library"
        return f"the data region is not {name}: it is recognised as {found}."

    def to_json(self) -> dict[str, Any]:
        """The discovery as JSON values."""
        return {
            "complex": self.complex.summary(),
            "stability": None if self.stability is None else str(self.stability.statement),
            "recognised": self.recognised,
            "components": [{
                "landmarks": len(c.landmarks), "recognised": c.recognition.name,
                "invariants": c.recognition.invariants.describe(),
                "statement": c.recognition.statement, "base": c.base,
                "loops": [{"samples": list(loop.samples), "length": loop.length,
                           "class": list(loop.homology_class)} for loop in c.basis],
            } for c in self.components],
            "hit": self.hit.name,
            "laws": [r.to_dict() for r in self.laws],
            "winding": self.winding.astype(int).tolist(),
            "round_trip": self.round_trip,
            "statement": self.statement,
            "files": self.files,
        }


def discover(codec: Codec, data: Any, *, n_landmarks: int = 250, seed: int = 0,
             stability_seeds: tuple[int, ...] = (1, 2), out: str | Path | None = None,
             truth: dict[str, np.ndarray] | None = None) -> Discovery:
    """Discover what ``codec`` realizes on ``data`` (see the module): encode, then
    :func:`discover_codes`; with ``out``, also the decoded loop strips. ``truth`` (name ->
    per-sample angle) is drawn against the circular coordinates when given."""
    if not isinstance(codec, Codec):
        raise BridgeError(f"discover needs a bridge.Codec (Codec(model) or Codec.load(path)), "
                          f"got {type(codec).__name__}")
    codes = codec.encode(data)
    found = discover_codes(codes, n_landmarks=n_landmarks, seed=seed,
                           stability_seeds=stability_seeds)
    if out is not None:
        from bridge.discover_figures import draw

        found.files.update(draw(found.complex, found.loops, found.coordinates.values, codec,
                                Path(out), truth=truth))
        found.files.update(write_files(found, Path(out)))
    return found


def discover_codes(codes: Any, *, n_landmarks: int = 250, seed: int = 0,
                   stability_seeds: tuple[int, ...] = (1, 2)) -> Discovery:
    """Steps 1–5 of discovery on latent codes (see the module)."""
    codes = as_codes(codes, "codes", min_rows=2)
    if not isinstance(n_landmarks, int) or isinstance(n_landmarks, bool) or n_landmarks < 3:
        raise BridgeError(f"n_landmarks must be an integer >= 3, got {n_landmarks!r}")
    if len(codes) < n_landmarks:
        raise BridgeError(f"discovery needs at least as many samples as landmarks: {len(codes)} "
                          f"samples, {n_landmarks} landmarks asked (lower n_landmarks)")
    complex_ = DataComplex(n_landmarks=n_landmarks, seed=seed).fit(codes)
    stability = _stability(codes, n_landmarks, seed, stability_seeds)
    components = [_component(complex_, codes, points, seed)
                  for points in sorted(complex_.hit_.components(), key=len, reverse=True)]
    hit, spec = _union(components)
    realization = spec.realize(hit, codes, complex_, stability=stability)
    rng = np.random.default_rng(seed)
    laws = [realization.endpoint_check(), realization.cells_check(),
            realization.functoriality(random_word_pairs(hit, rng) if hit.paths else []),
            realization.homology_check()]
    cocycles = _dual_cocycles(complex_, components)
    coordinates = circular_coordinates(complex_, cocycles)
    basis = [loop for c in components for loop in c.basis]
    winding = np.array([coordinates.winding(list(loop.samples)) for loop in basis]
                       ).reshape(len(basis), cocycles.rank)
    return Discovery(complex_, components, hit, spec, realization, laws, coordinates, winding,
                     stability)


def _stability(codes: np.ndarray, n_landmarks: int, seed: int,
               seeds: tuple[int, ...]) -> Any:
    """How stable the complex is over seeded landmark resamples (None without resamples)."""
    if not seeds:
        return None
    from bridge.stability import complex_stability

    return complex_stability(codes, n_landmarks=n_landmarks, seeds=(seed, *seeds))


def _component(complex_: DataComplex, codes: np.ndarray, points: frozenset[str],
               seed: int) -> Component:
    """Recognise one component, find its loops and realize its HIT by them."""
    hit = complex_.hit_
    landmark_of = {complex_.vertex_name(i): i for i in range(len(complex_.landmarks_))}
    landmarks = sorted(landmark_of[x] for x in points)
    sub = hit if len(points) == len(hit.points) else restrict(hit, points)
    presentation = hit.presentation(complex_.vertex_name(landmarks[0]))
    recognition = recognise(sub, presentation, landmarks=len(complex_.landmarks_),
                            scale=complex_.scale_)
    cocycles = free_cocycles(complex_, points)
    base, basis = loop_basis(complex_, cocycles, landmarks, seed=seed)
    target = recognition.hit
    base_sample = int(complex_.landmark_indices_[base])
    if len(target.paths) == len(basis) and len(target.points) == 1:
        loops = [list(loop.samples) for loop in basis]
    else:
        loops = tree_loops(complex_, presentation)
        base_sample = loops[0][0] if loops else base_sample
        if len(loops) != len(target.paths) or len(target.points) != 1:
            target = presentation_hit(presentation)
            recognition = Recognition(recognition.name, target, "data", recognition.invariants,
                                      recognition.statement + " It is realized by its own "
                                      "presentation: the library HIT's loops could not be "
                                      "matched to the complex's generators.")
    spec, _ = match_loops(target, base_sample, loops, codes, complex_)
    return Component(landmarks, recognition, base_sample, basis, spec, cocycles)


def restrict(hit: HIT, points: frozenset[str]) -> HIT:
    """The subcomplex of ``hit`` on a union of its path components (given by their points)."""
    paths = {e: ends for e, ends in hit.paths.items() if ends[0] in points}
    cells: dict[str, Any] = {}
    for cell in hit.cells(2):
        word = hit.attaching_word(cell)
        if word.start in points:
            cells[cell] = (word.start, format_word(word.letters) or "refl")
    kept = set(paths) | set(cells)
    for dim in range(3, hit.dimension + 1):
        for cell in hit.cells(dim):
            chain = hit.boundary_chain(cell)
            if any(face in kept for face in chain):
                cells[cell] = (dim, dict(chain))
                kept.add(cell)
    return HIT.from_cells(hit.name, [x for x in hit.points if x in points], paths, cells)


def tree_loops(complex_: DataComplex, presentation: ComponentPresentation) -> list[list[int]]:
    """For each generator of a component's reduced presentation, its loop through the spanning
    tree (root, tree path, the edge, tree path back) as data samples."""
    landmark_of = {complex_.vertex_name(i): i for i in range(len(complex_.landmarks_))}
    loops = []
    for generator in presentation.generators:
        path = presentation.generator_loop(generator)
        at, walk = path.start, [landmark_of[path.start]]
        for edge, sign in path.letters:
            source, target = complex_.hit_.paths[edge]
            at = target if sign == 1 else source
            walk.append(landmark_of[at])
        loops.append([int(complex_.landmark_indices_[v]) for v in walk])
    return loops


def match_loops(hit: HIT, base: int, loops: list[list[int]], codes: np.ndarray,
                complex_: DataComplex) -> tuple[LoopSpec, Realization]:
    """The loops assigned to the path constructors of a one-point ``hit`` (each loop in either
    direction) so that the realization sends every 2-cell to a null loop and induces an
    isomorphism on H1; up to :data:`MAX_ASSIGNED` loops every assignment is tried, in order,
    and the first that passes is kept (else the plain order, whose laws will then fail and
    say why). A BridgeError when the counts differ."""
    if len(hit.points) != 1:
        raise BridgeError(f"loops can be matched to a one-point HIT; {hit.name} has "
                          f"{len(hit.points)} points")
    names = list(hit.paths)
    if len(names) != len(loops):
        raise BridgeError(f"{hit.name} has {len(names)} path constructor(s) but the data have "
                          f"{len(loops)} discovered loop(s): they cannot be matched")
    point = hit.points[0]

    def spec_for(order: tuple[int, ...], signs: tuple[int, ...]) -> LoopSpec:
        return LoopSpec({point: base}, {name: loops[i] if s == 1 else loops[i][::-1]
                                        for name, i, s in zip(names, order, signs, strict=True)})

    plain = spec_for(tuple(range(len(loops))), (1,) * len(loops))
    if len(loops) > MAX_ASSIGNED:
        return plain, plain.realize(hit, codes, complex_)
    for order in itertools.permutations(range(len(loops))):
        for signs in itertools.product((1, -1), repeat=len(loops)):
            spec = spec_for(order, signs)
            realization = spec.realize(hit, codes, complex_)
            if (realization.cells_check().passed is not False
                    and realization.homology_check().passed is True):
                return spec, realization
    return plain, plain.realize(hit, codes, complex_)


def _union(components: list[Component]) -> tuple[HIT, LoopSpec]:
    """The disjoint union of the components' HITs (constructors suffixed _1, _2, … when there
    are several) and the union of their loops."""
    if len(components) == 1:
        return components[0].recognition.hit, components[0].spec
    points, paths, cells = [], {}, {}
    spec_points, spec_paths = {}, {}
    for k, component in enumerate(components, start=1):
        hit, spec = component.recognition.hit, component.spec
        rename = {name: f"{name}_{k}" for dim in range(hit.dimension + 1)
                  for name in hit.cells(dim)}
        points += [rename[x] for x in hit.points]
        paths.update({rename[e]: (rename[s], rename[t]) for e, (s, t) in hit.paths.items()})
        for cell in hit.cells(2):
            word = hit.attaching_word(cell)
            letters = [(rename[g], e) for g, e in word.letters]
            cells[rename[cell]] = (rename[word.start], format_word(letters) or "refl")
        spec_points.update({rename[x]: i for x, i in spec.points.items()})
        spec_paths.update({rename[e]: v for e, v in spec.paths.items()})
    name = "_plus_".join(c.recognition.file_name for c in components)
    return HIT.from_cells(name, points, paths, cells), LoopSpec(spec_points, spec_paths)


def _dual_cocycles(complex_: DataComplex, components: list[Component]) -> Cocycles:
    """For every component's loop basis, the integer cocycles dual to it (⟨β_i, ℓ_j⟩ = δ_ij):
    the component's free cocycles times the inverse of the loops' class matrix."""
    edges = np.array(sorted((min(a, b), max(a, b)) for a, b in complex_.graph_.edges()),
                     dtype=np.int64).reshape(-1, 2)
    columns = []
    for component in components:
        if not component.basis:
            continue
        cocycles = component.cocycles
        classes = np.array([loop.homology_class for loop in component.basis], dtype=float)
        columns.append(np.rint(cocycles.values @ np.linalg.inv(classes)).astype(np.int64))
    values = np.hstack(columns) if columns else np.zeros((len(edges), 0), dtype=np.int64)
    return Cocycles(edges, values)


def write_files(found: Discovery, out: Path) -> dict[str, str]:
    """``discovered.hott``, ``loops.json`` and ``discovery.json`` in ``out``; their paths."""
    from bridge.discover_files import write_hit, write_loops
    from hottbridge.files import write_text_atomic

    out.mkdir(parents=True, exist_ok=True)
    files = {"hit": str(write_hit(found.hit, out / "discovered.hott", _file_name(found.hit))),
             "loops": str(write_loops(found.loops, out / "loops.json"))}
    found.files.update(files)
    report = out / "discovery.json"
    files["discovery"] = str(report)
    found.files["discovery"] = str(report)
    write_text_atomic(report, json.dumps(json_safe(found.to_json()), indent=1) + "\n")
    return files


def _file_name(hit: HIT) -> str:
    from hott.words import NAME

    return hit.name if NAME.match(hit.name) else "discovered"



def trace_loops(hit: HIT, codes: Any, *, n_landmarks: int = 250, seed: int = 0
                ) -> tuple[LoopSpec, str]:
    """How data nobody ordered trace a one-point ``hit``: the loops discovered in the largest
    component of the data complex, matched to ``hit``'s path constructors through the induced
    map on H1 (:func:`match_loops`); and a sentence saying so for the report."""
    found = discover_codes(codes, n_landmarks=n_landmarks, seed=seed, stability_seeds=())
    largest = found.components[0]
    if len(hit.points) != 1:
        raise BridgeError(f"tracing by discovery needs a one-point HIT; {hit.name} has "
                          f"{len(hit.points)} points: lay the folder out with one subfolder per "
                          "path, or use --trace names")
    if len(hit.paths) == len(largest.basis):
        loops, kind = [list(loop.samples) for loop in largest.basis], "shortest loops"
        base = largest.base
    else:
        presentation = found.complex.hit_.presentation(
            found.complex.vertex_name(largest.landmarks[0]))
        loops, kind = tree_loops(found.complex, presentation), "spanning-tree loops"
        base = loops[0][0] if loops else largest.base
        if len(loops) != len(hit.paths):
            raise BridgeError(
                f"{hit.name} has {len(hit.paths)} path constructor(s) but the data region's "
                f"largest component has {len(largest.basis)} independent loop(s) "
                f"({largest.recognition.invariants.describe()}): the loops cannot be traced "
                "by discovery; use --trace names or one subfolder per path")
    spec, realization = match_loops(hit, base, loops, found.complex.codes_, found.complex)
    try:
        matrix = realization.induced_h1().tolist()
        induced = f"induced map on H1 {matrix}"
    except BridgeError as error:
        induced = f"no induced map on H1 ({error})"
    return spec, (f"loops traced by discovery, not file-name order: {len(loops)} discovered "
                  f"{kind} through data samples matched to {', '.join(hit.paths) or 'no path'} "
                  f"of {hit.name} ({induced}).")

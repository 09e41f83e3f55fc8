"""The data sets a check can run on, with how each traces its HIT (the ground truth).

The data come from :func:`learn.data.load` (the one registry of named sets and folders); this
module adds the loop layout. Generated sets know their topology: a rotating glyph traces the
circle in angle order, the torus images trace the two generating loops along each angle, the
figure-eight images trace two loops from one base image. A FOLDER traces the HIT by
convention: a flat folder of images in file-name order is one loop (for a one-loop HIT); a
folder with one subfolder per path constructor lists each path's images in file-name order,
all loops starting at the first image of the first subfolder. The digits trace no HIT.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bridge.realization import LoopSpec
from hott.hit import HIT
from hott.library import circle, figure_eight, torus
from hottbridge.errors import BridgeError
from learn.data._truth import GroundTruth
from learn.data.registry import DATA_SETS, DataSet, load

HITS = {"circle": circle, "torus": torus, "figure-eight": figure_eight}

#: a generated set's loops and a pair of samples half a loop apart, from its ground truth
Layout = Callable[[GroundTruth], tuple[LoopSpec, tuple[int, int]]]


@dataclass(frozen=True)
class CheckData:
    """Images to check, how they trace the HIT (None without a HIT), two samples half a loop
    apart where the set knows them (for the straight-line-versus-geodesic figure), and a
    description of the data."""

    images: np.ndarray
    loops: LoopSpec | None
    opposite: tuple[int, int] | None
    description: str


def _glyph_layout(truth: GroundTruth) -> tuple[LoopSpec, tuple[int, int]]:
    """The circle traced in angle order."""
    order = [int(i) for i in np.argsort(truth.param("angle"))]
    return LoopSpec({"base": order[0]}, {"loop": [*order, order[0]]}), (
        order[0], order[len(order) // 2])


def _torus_layout(truth: GroundTruth) -> tuple[LoopSpec, tuple[int, int]]:
    """Loop p turns the F with the L upright, loop q the L with the F upright."""
    first, second = truth.param("angle1"), truth.param("angle2")
    p = [int(i) for i in np.argsort(first) if second[i] == 0]
    q = [int(i) for i in np.argsort(second) if first[i] == 0]
    return LoopSpec({"b": p[0]}, {"p": [*p, p[0]], "q": [*q, q[0]]}), (p[0], p[len(p) // 2])


def _eight_layout(truth: GroundTruth) -> tuple[LoopSpec, tuple[int, int]]:
    """Loops a and b through the base image (both glyphs upright), each in angle order."""
    loop, angle = truth.param("loop"), truth.param("angle")
    base = int(np.flatnonzero(angle == 0)[0])
    a = [base, *[int(i) for i in np.argsort(angle) if loop[i] == 0 and i != base], base]
    b = [base, *[int(i) for i in np.argsort(angle) if loop[i] == 1 and i != base], base]
    return LoopSpec({"base": base}, {"a": a, "b": b}), (a[len(a) // 2], b[len(b) // 2])


#: generated set -> (the name of the HIT it traces, its layout)
LAYOUTS: dict[str, tuple[str, Layout]] = {
    "rotating-glyph": ("S1", _glyph_layout),
    "torus": ("T2", _torus_layout),
    "figure-eight": ("S1∨S1", _eight_layout),
}


def load_check_data(name: str, hit: HIT | None, image_size: int = 28, n: int = 360,
                    seed: int = 0, n_argument: str = "n") -> CheckData:
    """The data set ``name`` (see :func:`learn.data.load`) with how it traces ``hit``.

    ``n`` sizes a generated set (errors call it ``n_argument``, e.g. ``--samples``). Raises
    :class:`LearnError` when the data cannot be loaded and :class:`BridgeError` when they do
    not trace ``hit``.
    """
    data = load(name, image_size=image_size, n=n, seed=seed, argument="--data",
                n_argument=n_argument)
    if name in LAYOUTS:
        traced, layout = LAYOUTS[name]
        loops, opposite = layout(data.truth)
        return CheckData(data.images, _for(hit, traced, loops), opposite, data.description)
    if name in DATA_SETS:
        if hit is not None:
            raise BridgeError(f"{name} traces no HIT: leave out --hit, or use a data set that "
                              f"does ({', '.join(LAYOUTS)} or a FOLDER laid out for your HIT)")
        return CheckData(data.images, None, None, data.description)
    return CheckData(data.images, _folder_loops(data, hit), None, data.description)


def _for(hit: HIT | None, expected: str, loops: LoopSpec) -> LoopSpec | None:
    """``loops`` when ``hit`` is the HIT the data trace, None without a HIT."""
    if hit is None:
        return None
    if hit.name != expected:
        raise BridgeError(f"this data set traces {expected}, not {hit.name}: pick the matching "
                          "--hit (or a FOLDER laid out for your HIT)")
    return loops


def _folder_loops(data: DataSet, hit: HIT | None) -> LoopSpec | None:
    """How a folder traces ``hit``: a flat folder is one loop; otherwise one subfolder per path
    constructor, every loop starting at the first image of the first path's subfolder."""
    if hit is None:
        return None
    if data.labels is None:
        if len(hit.paths) != 1 or len(hit.points) != 1:
            raise BridgeError(f"a flat folder traces one loop; {hit.name} has "
                              f"{len(hit.paths)} paths: use one subfolder per path")
        (point,), (path,) = hit.points, list(hit.paths)
        return LoopSpec({point: 0}, {path: [*range(len(data.images)), 0]})
    names = list(data.class_names or ())
    missing = [e for e in hit.paths if e not in names]
    if missing or len(hit.points) != 1:
        raise BridgeError(f"folder {data.name} must have one subfolder per path constructor of "
                          f"{hit.name} (a one-point HIT); missing {missing}")
    members = {e: [int(i) for i in np.flatnonzero(data.labels == names.index(e))]
               for e in hit.paths}
    base = members[next(iter(hit.paths))][0]
    return LoopSpec({hit.points[0]: base},
                    {e: [base, *[i for i in idx if i != base], base]
                     for e, idx in members.items()})

"""The data sets a check can run on, with how each traces its HIT (the ground truth).

Generated sets know their topology: a rotating glyph traces the circle in angle order, the
torus images trace the two generating loops along each angle, the figure-eight images trace
two loops from one base image. A FOLDER traces the HIT by convention: a flat folder of images
in file-name order is one loop (for a one-loop HIT); a folder with one subfolder per path
constructor lists each path's images in file-name order, all loops starting at the first image
of the first subfolder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bridge.check import LoopSpec
from hott.hit import HIT
from hott.library import circle, figure_eight, torus
from hottbridge.errors import BridgeError

GENERATED = ("rotating-glyph", "torus", "figure-eight")
HITS = {"circle": circle, "torus": torus, "figure-eight": figure_eight}


@dataclass
class CheckData:
    images: np.ndarray
    loops: LoopSpec | None
    opposite: tuple[int, int] | None
    description: str


def load_check_data(name: str, hit: HIT | None, image_size: int = 28, n: int = 360,
                    seed: int = 0) -> CheckData:
    from learn import data

    if name == "rotating-glyph":
        glyph = data.rotating_glyph(n, size=image_size, seed=seed)
        order = list(np.argsort(glyph.param("angle")))
        loops = LoopSpec({"base": order[0]}, {"loop": [*order, order[0]]})
        return CheckData(glyph.images, _for(hit, "S1", loops), (order[0], order[len(order) // 2]),
                         f"rotating glyph, {n} images in a full turn")
    if name == "torus":
        side = max(8, round(np.sqrt(n)))
        grid = data.torus_images(side, side, size=image_size, seed=seed)
        first, second = grid.param("angle1"), grid.param("angle2")
        p = [int(i) for i in np.argsort(first) if second[i] == 0]
        q = [int(i) for i in np.argsort(second) if first[i] == 0]
        loops = LoopSpec({"b": p[0]}, {"p": [*p, p[0]], "q": [*q, q[0]]})
        return CheckData(grid.images, _for(hit, "T2", loops), (p[0], p[len(p) // 2]),
                         f"torus images, {side}×{side} angles")
    if name == "figure-eight":
        eight = data.figure_eight_images(n // 2, size=image_size, seed=seed)
        loop, angle = eight.param("loop"), eight.param("angle")
        base = int(np.flatnonzero(angle == 0)[0])
        a = [base, *[int(i) for i in np.argsort(angle) if loop[i] == 0 and i != base], base]
        b = [base, *[int(i) for i in np.argsort(angle) if loop[i] == 1 and i != base], base]
        return CheckData(eight.images, _for(hit, "S1∨S1", LoopSpec({"base": base},
                                                                  {"a": a, "b": b})),
                         (a[len(a) // 2], b[len(b) // 2]), "figure-eight images, two loops")
    return _folder(Path(name), hit, image_size)


def _for(hit: HIT | None, expected: str, loops: LoopSpec) -> LoopSpec | None:
    if hit is None:
        return None
    if hit.name != expected:
        raise BridgeError(f"this data set traces {expected}, not {hit.name}: pick the matching "
                          "--hit (or a FOLDER laid out for your HIT)")
    return loops


def _folder(folder: Path, hit: HIT | None, image_size: int) -> CheckData:
    from learn.data import image_folder

    if not folder.is_dir():
        raise BridgeError(f"--data {str(folder)!r} is neither a data set "
                          f"({', '.join(GENERATED)}) nor a folder of images")
    subfolders = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    size = (image_size, image_size)
    if not subfolders:
        images = image_folder(folder, image_size=size, labels=None).images
        loops = None
        if hit is not None:
            if len(hit.paths) != 1 or len(hit.points) != 1:
                raise BridgeError(f"a flat folder traces one loop; {hit.name} has "
                                  f"{len(hit.paths)} paths: use one subfolder per path")
            (point,), (path,) = hit.points, list(hit.paths)
            loops = LoopSpec({point: 0}, {path: [*range(len(images)), 0]})
        return CheckData(images, loops, None, f"folder {folder} ({len(images)} images)")
    read = image_folder(folder, image_size=size, labels="inferred")
    loops = None
    if hit is not None:
        names = list(read.class_names)
        missing = [e for e in hit.paths if e not in names]
        if missing or len(hit.points) != 1:
            raise BridgeError(f"folder {folder} must have one subfolder per path constructor of "
                              f"{hit.name} (a one-point HIT); missing {missing}")
        members = {e: [int(i) for i in np.flatnonzero(read.labels == names.index(e))]
                   for e in hit.paths}
        base = members[next(iter(hit.paths))][0]
        loops = LoopSpec({hit.points[0]: base},
                         {e: [base, *[i for i in idx if i != base], base]
                          for e, idx in members.items()})
    return CheckData(read.images, loops, None, f"folder {folder} ({len(read.images)} images)")

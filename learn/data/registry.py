"""One registry of the named data sets: ``load(name)`` gives a data set by name, or a FOLDER.

Every command and plugin that takes a data set by name (``hottbridge train``, ``hottbridge
check``, the pytest plugin) resolves it here, so a name means the same data everywhere.
Generated sets carry their ground truth (generating parameters and Betti numbers); read sets
(the digits, a folder of images) have labels where they exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hottbridge.errors import LearnError
from learn.data._truth import GroundTruth
from learn.data.digits import digits
from learn.data.folders import image_folder
from learn.data.glyphs import (
    GlyphData,
    check_pixel_budget,
    figure_eight_images,
    rotating_glyph,
    torus_images,
)
from learn.validation import positive_int

#: images in the full turn of ``rotating-glyph`` when no ``n`` is given
GLYPH_TURN = 360
#: angles per glyph of ``torus`` when no ``n`` is given
TORUS_SIDE = 24
#: the smallest number of angles per glyph of ``torus``
MIN_TORUS_SIDE = 8


@dataclass(frozen=True)
class DataSet:
    """A loaded data set: images (n, H, W, 1) float32 in [0, 1] and what is known about them.

    ``labels`` (n,) int64 index ``class_names`` (digits, a folder with one subfolder per class;
    None otherwise). ``truth`` holds the generating parameters and true Betti numbers of a
    generated set (None for read sets). ``description`` says in words what was loaded.
    """

    name: str
    images: np.ndarray
    labels: np.ndarray | None
    class_names: tuple[str, ...] | None
    truth: GroundTruth | None
    description: str


def _generated(name: str, data: GlyphData, description: str) -> DataSet:
    """A generated set: its images, no labels, its ground truth."""
    return DataSet(name, data.images, None, None, data, description)


def _digits(image_size: int, n: int | None, seed: int) -> DataSet:
    images, labels = digits()
    names = tuple(str(label) for label in range(10))
    return DataSet("digits", images, labels, names, None, f"digits, {len(images)} 8x8 images")


def _rotating_glyph(image_size: int, n: int | None, seed: int) -> DataSet:
    n = GLYPH_TURN if n is None else n
    glyph = rotating_glyph(n, size=image_size, seed=seed)
    return _generated("rotating-glyph", glyph, f"rotating glyph, {n} images in a full turn")


def _torus(image_size: int, n: int | None, seed: int) -> DataSet:
    side = TORUS_SIDE if n is None else max(MIN_TORUS_SIDE, round(np.sqrt(n)))
    grid = torus_images(side, side, size=image_size, seed=seed)
    return _generated("torus", grid, f"torus images, {side}×{side} angles")


def _figure_eight(image_size: int, n: int | None, seed: int) -> DataSet:
    per_loop = (GLYPH_TURN if n is None else n) // 2
    eight = figure_eight_images(per_loop, size=image_size, seed=seed)
    return _generated("figure-eight", eight, "figure-eight images, two loops")


@dataclass(frozen=True)
class _Entry:
    """A named set: one line saying what it is, and how to build it."""

    summary: str
    build: Callable[[int, int | None, int], DataSet]


_SETS: dict[str, _Entry] = {
    "digits": _Entry("scikit-learn's 1797 8x8 digits, labelled 0-9", _digits),
    "rotating-glyph": _Entry(
        f"n (default {GLYPH_TURN}) images of an F turning through a full turn (a circle)",
        _rotating_glyph,
    ),
    "torus": _Entry(
        f"k x k images (k = round(sqrt(n)), at least {MIN_TORUS_SIDE}; default {TORUS_SIDE}) of "
        "an F and an L turning independently (a torus)",
        _torus,
    ),
    "figure-eight": _Entry(
        f"two loops of n/2 (default {GLYPH_TURN // 2}) images through one base image, the F "
        "turning, then the L (a wedge of two circles)",
        _figure_eight,
    ),
}

#: the named data sets: name -> what it is
DATA_SETS: dict[str, str] = {name: entry.summary for name, entry in _SETS.items()}


def load(
    name: str,
    *,
    image_size: int = 28,
    n: int | None = None,
    seed: int = 0,
    argument: str | None = None,
    n_argument: str = "n",
) -> DataSet:
    """The data set called ``name`` (one of :data:`DATA_SETS`), or the images of the folder
    ``name`` (labelled by subfolder when it has subfolders, read in grayscale).

    ``image_size`` is the side of generated images and of images read from a folder (the
    digits are 8x8 whatever it is); ``n`` sizes a generated set (None: its default; read sets
    have the size they have); ``seed`` seeds a generated set. ``argument``, if given, is how
    the caller names ``name`` in errors (e.g. ``--data``), ``n_argument`` how it names ``n``
    (e.g. ``--samples``). A generated set of more than
    :data:`learn.data.glyphs.MAX_PIXELS` pixels is refused before any is made. Raises :class:`LearnError` for a
    name that is neither a data set nor an existing path, and for bad sizes.
    """
    where = f"{argument} " if argument else ""
    if not isinstance(name, str) or not name.strip():
        raise LearnError(
            f"{where or 'name '}must name a data set ({', '.join(_SETS)}) or a folder, got {name!r}"
        )
    image_size = positive_int(image_size, "image_size")
    if name in _SETS:
        if n is not None:
            check_pixel_budget(positive_int(n, n_argument), image_size, n_argument)
        return _SETS[name].build(image_size, n, seed)
    folder = Path(name)
    if not folder.exists():
        raise LearnError(
            f"{where}{name!r} is neither a data set ({', '.join(_SETS)}) nor an existing "
            "folder of images"
        )
    labelled = folder.is_dir() and any(
        p.is_dir() and not p.name.startswith(".") for p in folder.iterdir()
    )
    read = image_folder(
        folder, image_size=(image_size, image_size), labels="inferred" if labelled else None
    )
    return DataSet(
        str(folder),
        read.images,
        read.labels,
        read.class_names,
        None,
        f"folder {folder} ({len(read.images)} images)",
    )

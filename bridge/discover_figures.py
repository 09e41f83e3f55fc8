"""Figures of a discovery: each realized loop decoded as an image strip, the data complex with
the loops, and the circular coordinates against the true angles when the data set knows them."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bridge import figures
from bridge.complex import DataComplex
from bridge.model import Codec
from bridge.paths import LatentPath
from bridge.realization import LoopSpec

#: images per decoded strip
STRIP = 12


def draw(complex_: DataComplex, loops: LoopSpec, coordinates: np.ndarray, codec: Codec,
         out: Path, truth: dict[str, np.ndarray] | None = None) -> dict[str, str]:
    """Draw the figures of a discovery (its complex, realized loops and circular coordinates,
    one column each, in turns) into ``out``; name -> path of each figure drawn."""
    out.mkdir(parents=True, exist_ok=True)
    codes = complex_.codes_
    paths = {name: LatentPath(codes[np.asarray(samples)])
             for name, samples in loops.paths.items()}
    drawn = {"complex": figures.complex_figure(complex_, paths, out / "complex.png")}
    if paths:
        strips = {name: codec.decode(codes[_spread(samples)])
                  for name, samples in loops.paths.items()}
        made = figures.strips_figure(strips, codec.sample_shape, out / "strips.png")
        if made is not None:
            drawn["strips"] = made
    if truth and coordinates.shape[1]:
        drawn["coordinates"] = coordinates_figure(coordinates, truth, out / "coordinates.png")
    return {name: str(path) for name, path in drawn.items()}


def _spread(samples: list[int]) -> np.ndarray:
    """At most :data:`STRIP` samples evenly spaced along a loop (its ends included)."""
    picks = np.unique(np.linspace(0, len(samples) - 1, min(STRIP, len(samples))).round())
    return np.asarray(samples)[picks.astype(int)]


def coordinates_figure(values: np.ndarray, truth: dict[str, np.ndarray], path: Path) -> Path:
    """Each circular coordinate (a column of ``values``, in turns) against each true angle
    (radians), one panel each."""
    plt = figures.pyplot()
    rows, columns = values.shape[1], len(truth)
    figure, axes = plt.subplots(rows, columns, figsize=(3.2 * columns, 3.0 * rows),
                                squeeze=False)
    for j in range(rows):
        for k, (name, angle) in enumerate(truth.items()):
            axis = axes[j][k]
            axis.scatter(angle, values[:, j], s=3)
            axis.set_xlabel(f"true {name} (radians)")
            axis.set_ylabel(f"coordinate {j + 1} (turns)")
    figure.tight_layout()
    return figures.save(figure, path)

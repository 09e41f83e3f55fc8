"""Image data sets of known topology: an asymmetric glyph rotated through full turns.

A glyph is drawn with numpy as a union of rectangles at four times the output resolution,
smoothed slightly, rotated by bilinear resampling and averaged down, so images vary
continuously with the angle. Angles are reduced modulo 2π first, so the images at 0 and 2π are
identical: the parameter space is exactly a circle.

- :func:`rotating_glyph`: one glyph through a full turn, a circle S1.
- :func:`torus_images`: an "F" and an "L" side by side, each rotating independently, a torus.
- :func:`figure_eight_images`: the same pair, but only one glyph turns at a time, a wedge of
  two circles meeting at the image with both glyphs upright.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from hottbridge.errors import LearnError
from learn.data._truth import GroundTruth
from learn.validation import non_negative, positive_int

TAU = 2.0 * np.pi
SUPERSAMPLE = 4
MIN_SIZE = 8
#: the most pixels a generated set may have (256 MiB as float32); generation peaks at a few
#: float64 copies of the images, so this bounds its memory too
MAX_PIXELS = 2**26
#: angles rendered at once: bounds the supersampled working arrays (about 0.6 MB per angle at 28)
RENDER_CHUNK = 256

#: glyph name -> rectangles (x0, x1, y0, y1) in [-1, 1]^2, y pointing up
GLYPHS: dict[str, tuple[tuple[float, float, float, float], ...]] = {
    "F": ((-0.45, -0.2, -0.7, 0.7), (-0.45, 0.5, 0.45, 0.7), (-0.45, 0.25, -0.05, 0.2)),
    "L": ((-0.45, -0.2, -0.7, 0.7), (-0.45, 0.45, -0.7, -0.45)),
}


@dataclass(frozen=True)
class GlyphData(GroundTruth):
    """Images (n, size, size, 1) float32 in [0, 1], with their generating parameters."""

    images: np.ndarray


def _pixel_centres(resolution: int) -> np.ndarray:
    """Coordinates in [-1, 1] of the centres of ``resolution`` pixels along one axis."""
    return (np.arange(resolution) + 0.5) / resolution * 2.0 - 1.0


def _canvas(glyph: str, resolution: int) -> np.ndarray:
    """The glyph as a smoothed (resolution, resolution) image, row 0 at the top."""
    x = _pixel_centres(resolution)[None, :]
    y = -_pixel_centres(resolution)[:, None]
    ink = np.zeros((resolution, resolution))
    for x0, x1, y0, y1 in GLYPHS[glyph]:
        ink = np.maximum(ink, (x0 <= x) & (x <= x1) & (y0 <= y) & (y <= y1))
    return ndimage.gaussian_filter(ink, sigma=SUPERSAMPLE / 2)


def render_glyph(angles: np.ndarray, size: int = 28, glyph: str = "F") -> np.ndarray:
    """``glyph`` turned counter-clockwise by each of ``angles`` (radians): (n, size, size) in [0, 1].

    Angles are reduced modulo 2π, so ``angle`` and ``angle + 2π`` give identical images.
    """
    if glyph not in GLYPHS:
        raise LearnError(f"unknown glyph {glyph!r}: choose one of {sorted(GLYPHS)}")
    size = positive_int(size, "size", minimum=MIN_SIZE // 2)
    angles = np.mod(np.asarray(angles, dtype=float).reshape(-1), TAU)
    canvas = _canvas(glyph, size * SUPERSAMPLE)
    pieces = [
        _render_chunk(canvas, angles[start : start + RENDER_CHUNK], size)
        for start in range(0, len(angles), RENDER_CHUNK)
    ]
    return np.concatenate(pieces) if pieces else np.zeros((0, size, size))


def _render_chunk(canvas: np.ndarray, angles: np.ndarray, size: int) -> np.ndarray:
    """The supersampled ``canvas`` turned by each of ``angles``, averaged down to ``size``."""
    resolution = size * SUPERSAMPLE
    centres = _pixel_centres(resolution)
    x, y = np.meshgrid(centres, -centres)
    cos, sin = np.cos(angles)[:, None, None], np.sin(angles)[:, None, None]
    # sample the upright glyph where each output pixel comes from: rotate back by -angle
    source_x, source_y = cos * x + sin * y, -sin * x + cos * y
    rows = (1.0 - source_y) / 2.0 * resolution - 0.5
    cols = (source_x + 1.0) / 2.0 * resolution - 0.5
    # "grid-constant" pads with zeros and still interpolates at the edge: continuous in angle
    fine = ndimage.map_coordinates(canvas, [rows, cols], order=1, mode="grid-constant")
    coarse = fine.reshape(len(angles), size, SUPERSAMPLE, size, SUPERSAMPLE).mean(axis=(2, 4))
    return np.clip(coarse, 0.0, 1.0)


def _glyph_pair(angles_f: np.ndarray, angles_l: np.ndarray, size: int) -> np.ndarray:
    """Images with an "F" turned by ``angles_f`` on the left and an "L" by ``angles_l`` right."""
    half = size // 2
    top = (size - half) // 2
    images = np.zeros((len(angles_f), size, size))
    images[:, top : top + half, :half] = render_glyph(angles_f, half, "F")
    images[:, top : top + half, size - half :] = render_glyph(angles_l, half, "L")
    return images


def _finish(
    images: np.ndarray,
    params: np.ndarray,
    param_names: tuple[str, ...],
    betti: tuple[int, ...],
    noise: float,
    seed: int,
) -> GlyphData:
    """Add seeded Gaussian pixel noise, clip to [0, 1], add the channel axis."""
    noise = non_negative(noise, "noise")
    rng = np.random.default_rng(positive_int(seed, "seed", minimum=0))
    noisy = np.clip(images + noise * rng.standard_normal(images.shape), 0.0, 1.0)
    return GlyphData(
        params=params,
        param_names=param_names,
        betti=betti,
        images=noisy[..., None].astype(np.float32),
    )


def check_pixel_budget(n_images: int, size: int, name: str) -> None:
    """:class:`LearnError` naming ``name`` if ``n_images`` images of ``size`` x ``size`` pixels
    exceed :data:`MAX_PIXELS`, before any memory is asked for."""
    if n_images * size * size > MAX_PIXELS:
        raise LearnError(
            f"{name}={n_images} images of {size}x{size} pixels would be "
            f"{n_images * size * size:,} pixels, more than the {MAX_PIXELS:,} a generated set may "
            "have: ask for fewer or smaller images"
        )


def _turn(n: int, name: str) -> np.ndarray:
    """The angles 2πk/n, k = 0..n-1."""
    return TAU * np.arange(positive_int(n, name)) / n


def rotating_glyph(
    n: int, size: int = 28, seed: int = 0, noise: float = 0.0, glyph: str = "F"
) -> GlyphData:
    """``n`` images of ``glyph`` at angles 2πk/n: a circle S1 (Betti 1, 1); parameter ``angle``.

    ``seed`` only matters with ``noise`` > 0 (standard deviation of Gaussian pixel noise).
    """
    size = positive_int(size, "size", minimum=MIN_SIZE)
    check_pixel_budget(positive_int(n, "n"), size, "n")
    angle = _turn(n, "n")
    images = render_glyph(angle, size, glyph)
    return _finish(images, angle[:, None], ("angle",), (1, 1), noise, seed)


def torus_images(n1: int, n2: int, size: int = 28, seed: int = 0, noise: float = 0.0) -> GlyphData:
    """``n1 * n2`` images: "F" at angle 2πi/n1 beside "L" at 2πj/n2, a torus (Betti 1, 2, 1).

    Parameters ``angle1`` (the F) and ``angle2`` (the L); ``angle2`` varies fastest.
    """
    size = positive_int(size, "size", minimum=MIN_SIZE)
    check_pixel_budget(positive_int(n1, "n1") * positive_int(n2, "n2"), size, "n1 * n2")
    angle1, angle2 = (
        a.ravel() for a in np.meshgrid(_turn(n1, "n1"), _turn(n2, "n2"), indexing="ij")
    )
    images = _glyph_pair(angle1, angle2, size)
    params = np.stack([angle1, angle2], axis=1)
    return _finish(images, params, ("angle1", "angle2"), (1, 2, 1), noise, seed)


def figure_eight_images(
    n_per_loop: int, size: int = 28, seed: int = 0, noise: float = 0.0
) -> GlyphData:
    """Two loops of images through one base image: a wedge of two circles (Betti 1, 2).

    Loop 0 turns the "F" through 2πk/n_per_loop with the "L" upright; loop 1 turns the "L" with
    the "F" upright. Both start and end at the base image (both upright), which appears once,
    as sample 0 (loop 0, angle 0): ``2 * n_per_loop - 1`` images. Parameters ``loop``, ``angle``.
    """
    size = positive_int(size, "size", minimum=MIN_SIZE)
    check_pixel_budget(2 * positive_int(n_per_loop, "n_per_loop"), size, "2 * n_per_loop")
    angle = _turn(n_per_loop, "n_per_loop")
    still = np.zeros(len(angle) - 1)
    angles_f = np.concatenate([angle, still])
    angles_l = np.concatenate([np.zeros_like(angle), angle[1:]])
    loop = np.concatenate([np.zeros_like(angle), np.ones_like(still)])
    params = np.stack([loop, np.concatenate([angle, angle[1:]])], axis=1)
    return _finish(
        _glyph_pair(angles_f, angles_l, size), params, ("loop", "angle"), (1, 2), noise, seed
    )

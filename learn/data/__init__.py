"""Data sets for ``learn``: image folders, scikit-learn's digits, and generated data of known
topology (glyph images and point clouds) returned with their ground-truth parameters;
:func:`load` gives the named sets (:data:`DATA_SETS`) and folders by name.

Importing this package does not import Keras; :func:`image_folder` does, when called.
"""

from __future__ import annotations

from learn.data.clouds import (
    CloudData,
    circle_cloud,
    disk_cloud,
    sphere_cloud,
    torus_cloud,
    two_circles_cloud,
    wedge_cloud,
)
from learn.data.digits import digits
from learn.data.folders import ImageFolder, image_folder, save_image_folder, scan_image_folder
from learn.data.glyphs import (
    GlyphData,
    figure_eight_images,
    render_glyph,
    rotating_glyph,
    torus_images,
)
from learn.data.registry import DATA_SETS, DataSet, load

__all__ = [
    "DATA_SETS",
    "CloudData",
    "DataSet",
    "GlyphData",
    "ImageFolder",
    "circle_cloud",
    "digits",
    "disk_cloud",
    "figure_eight_images",
    "image_folder",
    "load",
    "render_glyph",
    "rotating_glyph",
    "save_image_folder",
    "scan_image_folder",
    "sphere_cloud",
    "torus_cloud",
    "torus_images",
    "two_circles_cloud",
    "wedge_cloud",
]

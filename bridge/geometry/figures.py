"""PNG figures of the geometry: edge curvature drawn on the data complex, the flow's edge
lengths over its steps, and the pull-back metric's volume element over the codes. Latent
spaces of more than two dimensions are drawn in the plane of the codes' first two principal
components, and the figures say so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from bridge.complex import DataComplex
from bridge.figures import planar_view, planar_xy, pyplot
from bridge.geometry.curvature import Edge
from bridge.geometry.flow import RicciFlow
from bridge.geometry.metric import as_codec, volume_element
from bridge.validation import as_codes


def _projection_label(dim: int) -> str:
    return "latent plane" if dim <= 2 else f"2-D PCA projection of the {dim}-D latent space"


def curvature_figure(complex_: DataComplex, curvature: dict[Edge, float], path: Path | str
                     ) -> Path:
    """The complex's edges coloured by curvature (blue negative, red positive, 0 white)."""
    from matplotlib.collections import LineCollection
    from matplotlib.colors import TwoSlopeNorm

    plt = pyplot()
    complex_._fitted()
    pca = planar_view(complex_)
    landmarks = planar_xy(pca, complex_.landmarks_)
    edges = list(curvature)
    values = np.array([curvature[e] for e in edges])
    low, high = min(values.min(initial=0.0), -1e-9), max(values.max(initial=0.0), 1e-9)
    figure, axes = plt.subplots(figsize=(6.5, 6))
    lines = LineCollection([landmarks[[a, b]] for a, b in edges], cmap="coolwarm",
                           norm=TwoSlopeNorm(0.0, low, high), linewidths=1.2)
    lines.set_array(values)
    axes.add_collection(lines)
    axes.scatter(landmarks[:, 0], landmarks[:, 1], s=6, c="0.3", zorder=3)
    figure.colorbar(lines, ax=axes, label="edge curvature")
    axes.set_title(f"edge curvature on the data complex ({len(edges)} edges)")
    axes.set_xlabel(_projection_label(complex_.landmarks_.shape[1]))
    axes.autoscale()
    axes.set_aspect("equal")
    return _save(plt, figure, path)


def flow_figure(flow: RicciFlow, path: Path | str) -> Path:
    """Every edge's length over the flow's steps (a cut edge's line ends at its surgery),
    coloured by its initial curvature."""
    from matplotlib import colormaps
    from matplotlib.colors import TwoSlopeNorm

    plt = pyplot()
    figure, axes = plt.subplots(figsize=(7, 4.5))
    start = flow.curvature[0] if flow.steps else np.zeros(len(flow.edges))
    norm = TwoSlopeNorm(0.0, min(np.nanmin(start), -1e-9), max(np.nanmax(start), 1e-9))
    cmap = colormaps["coolwarm"]
    for i in range(len(flow.edges)):
        axes.plot(flow.weights[:, i], color=cmap(norm(start[i])), lw=0.6, alpha=0.6)
    for step, _ in flow.cuts:
        axes.axvline(step, color="k", lw=0.5, ls=":")
    axes.set_xlabel("flow step" + (" (dotted: surgery)" if flow.cuts else ""))
    axes.set_ylabel("edge length")
    axes.set_title("Ricci flow: edge lengths (colour: initial curvature, blue negative)")
    return _save(plt, figure, path)


def volume_figure(codec: Any, codes: Any, path: Path | str, grid: int = 60) -> Path:
    """log₁₀ of √det M over the codes: a heat map over the codes' box for a 2-D latent space
    (codes on top), else the codes in their PCA plane coloured by the value at each code."""
    from sklearn.decomposition import PCA

    plt = pyplot()
    codec = as_codec(codec)
    codes = as_codes(codes, "codes", dim=codec.latent_dim)
    figure, axes = plt.subplots(figsize=(6.5, 5.5))
    if codec.latent_dim == 2:
        low, high = codes.min(axis=0), codes.max(axis=0)
        pad = 0.1 * (high - low) + 1e-9
        xs, ys = (np.linspace(low[k] - pad[k], high[k] + pad[k], grid) for k in range(2))
        mesh = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
        values = np.log10(volume_element(codec, mesh) + 1e-12).reshape(grid, grid)
        image = axes.pcolormesh(xs, ys, values, shading="auto", cmap="viridis")
        axes.scatter(codes[:, 0], codes[:, 1], s=3, c="w", alpha=0.6)
    else:
        flat = PCA(n_components=2).fit_transform(codes) if codec.latent_dim > 2 else np.c_[
            codes, np.zeros(len(codes))]
        image = axes.scatter(flat[:, 0], flat[:, 1], s=6, cmap="viridis",
                             c=np.log10(volume_element(codec, codes) + 1e-12))
    figure.colorbar(image, ax=axes, label="log10 √det M(z)")
    axes.set_title("volume element of the pull-back metric")
    axes.set_xlabel(_projection_label(codec.latent_dim))
    return _save(plt, figure, path)


def _save(plt: Any, figure: Any, path: Path | str) -> Path:
    path = Path(path)
    figure.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(figure)
    return path

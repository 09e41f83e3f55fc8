"""PNG figures of a check: the data complex with the realized loop, the persistence diagram,
and decoded image strips along a linear versus a data-geodesic path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from bridge.complex import DataComplex
from bridge.paths import LatentPath


def pyplot() -> Any:
    """matplotlib's pyplot on the file-only Agg backend (imported on first use)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save(figure: Any, path: Path, **options: Any) -> Path:
    """Write ``figure`` as a PNG at ``path`` atomically (never through a symlink, no
    half-written file on failure; see :mod:`hottbridge.files`) and close it; ``path``."""
    from hottbridge.files import atomic_outputs

    try:
        with atomic_outputs([path]) as (temporary,):
            figure.savefig(temporary, format="png", dpi=110, **options)
    finally:
        pyplot().close(figure)
    return path


def planar_view(complex_: DataComplex) -> Any:
    """A 2-D view of the latent space: the codes' first two principal components."""
    from sklearn.decomposition import PCA

    return PCA(n_components=min(2, complex_.codes_.shape[1])).fit(complex_.codes_)


def planar_xy(pca: Any, points: np.ndarray) -> np.ndarray:
    """``points`` in the 2-D view ``pca`` (a zero second column for 1-D codes)."""
    flat = pca.transform(points)
    return flat if flat.shape[1] == 2 else np.c_[flat, np.zeros(len(flat))]


def projection_caption(complex_: DataComplex) -> str:
    """What the complex figure shows: a 2-D projection, and of what."""
    dim = complex_.codes_.shape[1]
    return (f"2-D projection (first two principal components) of the {dim}-D latent codes; "
            "edges may cross in the projection" if dim > 2 else
            "the 2-D latent codes themselves (no projection)")


def complex_figure(complex_: DataComplex, loops: dict[str, LatentPath], path: Path) -> Path:
    """The codes, landmarks and edges of the complex, and the realized loops, in the codes'
    first two principal components; saved to ``path``."""
    plt = pyplot()
    pca = planar_view(complex_)
    figure, axes = plt.subplots(figsize=(6, 6))
    codes = planar_xy(pca, complex_.codes_)
    axes.scatter(codes[:, 0], codes[:, 1], s=4, c="0.75", label="codes")
    landmarks = planar_xy(pca, complex_.landmarks_)
    for a, b in complex_.graph_.edges():
        axes.plot(*landmarks[[a, b]].T, color="tab:blue", lw=0.3, alpha=0.5)
    axes.scatter(landmarks[:, 0], landmarks[:, 1], s=8, c="tab:blue", label="landmarks")
    for name, loop in loops.items():
        xy = planar_xy(pca, loop.points)
        axes.plot(xy[:, 0], xy[:, 1], lw=1.2, color="tab:orange", label=f"realized {name}")
    axes.set_title(f"data complex at scale {complex_.scale_:.3g}, Betti "
                   f"{complex_.betti_numbers()}\n" + projection_caption(complex_), fontsize=9)
    axes.set_xlabel("principal component 1")
    axes.set_ylabel("principal component 2")
    axes.legend(loc="best", fontsize=8)
    return save(figure, path, bbox_inches="tight")


def persistence_figure(complex_: DataComplex, path: Path) -> Path:
    """The persistence diagram of the landmarks with the chosen scale; saved to ``path``."""
    plt = pyplot()
    choice = complex_.scale_choice_
    figure, axes = plt.subplots(figsize=(5, 5))
    finite = [b.death for b in choice.barcode if np.isfinite(b.death)]
    top = 1.1 * max(finite + [choice.scale])
    for dim, marker in ((0, "o"), (1, "^")):
        bars = [b for b in choice.barcode if b.dim == dim]
        births = [b.birth for b in bars]
        deaths = [b.death if np.isfinite(b.death) else top for b in bars]
        axes.scatter(births, deaths, marker=marker, s=14, label=f"H{dim}")
    axes.plot([0, top], [0, top], color="0.5", lw=0.8)
    axes.axhline(choice.scale, color="tab:red", lw=0.8, ls="--", label="chosen scale")
    axes.axvline(choice.scale, color="tab:red", lw=0.8, ls="--")
    axes.set_xlabel("birth")
    axes.set_ylabel("death (top edge: never dies)")
    axes.set_title("landmark persistence (Rips)")
    axes.legend(loc="lower right", fontsize=8)
    return save(figure, path, bbox_inches="tight")


def strips_figure(decoded: dict[str, np.ndarray], sample_shape: tuple[int, ...],
                  path: Path) -> Path | None:
    """Rows of decoded images, one row per named path; None for non-image samples."""
    shape = sample_shape[:2] if len(sample_shape) in (2, 3) and (
        len(sample_shape) == 2 or sample_shape[2] == 1) else None
    if shape is None:
        return None
    plt = pyplot()
    rows, columns = len(decoded), max(len(v) for v in decoded.values())
    figure, axes = plt.subplots(rows, columns, figsize=(columns * 0.8, rows * 1.0),
                                squeeze=False)
    for r, (name, images) in enumerate(decoded.items()):
        for c in range(columns):
            axis = axes[r][c]
            axis.axis("off")
            if c < len(images):
                axis.imshow(images[c].reshape(shape), cmap="gray", vmin=0, vmax=1)
        axes[r][0].set_title(name, loc="left", fontsize=8)
    return save(figure, path, bbox_inches="tight")

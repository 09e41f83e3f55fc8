"""Do two models' latent spaces have the same shape? Compare codes of the same data under both.

:func:`compare_latent_spaces` takes ``Z1`` and ``Z2``, the codes of the same samples under two
models (row i of each is sample i; the latent dimensions may differ), and reports

- **global shape**: the Betti numbers of each space's data complex (:class:`DataComplex`, same
  seed, so both start max–min landmarking from the same sample), the Rips persistence diagrams
  of each space's landmarks in dimensions 0 and 1, and the bottleneck distance between them per
  dimension — by default after dividing each space by its landmark diameter, so that rescaling
  a space changes nothing;
- **local agreement**: trustworthiness and continuity (trustworthiness with the roles swapped)
  and the mean overlap of the k nearest neighbours of each sample in the two spaces.

The diagrams are the barcode the data complex already read to choose its scale
(``DataComplex.scale_choice_.barcode``): the Rips persistence of the landmarks after edge
collapse, which preserves persistent homology, up to the landmark diameter. So H1 has no
infinite class and H0 exactly one (the component that never dies). gudhi's bottleneck distance
matches infinite points only with each other (by their births); with different numbers of them
the distance is infinite, and it is reported as such.

The result says in words (``statement``) what these numbers prove and what they do not.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bridge.complex import DataComplex
from bridge.validation import as_codes
from hottbridge.errors import BridgeError

#: Persistence diagrams and bottleneck distances are given for these homology dimensions.
DIAGRAM_DIMS = (0, 1)

Diagrams = tuple[np.ndarray, ...]  # one (m, 2) array of (birth, death) per DIAGRAM_DIMS


@dataclass(frozen=True, eq=False)
class LatentComparison:
    """What :func:`compare_latent_spaces` found; pairs are (first space, second space).

    ``diagrams[s][d]`` is the diagram of space ``s`` in dimension ``d``, in that space's own
    units (infinite deaths kept as ``inf``); ``bottleneck[d]`` compares them after division by
    ``diameters`` when ``normalized``. ``knn_chance`` is the overlap expected of unrelated
    spaces, k / (rows - 1). Neighbourhood scores use ``neighbourhood_rows`` rows, a seeded
    subsample when ``subsampled``. ``complexes`` are the fitted data complexes, for questions
    beyond Betti numbers (e.g. ``fundamental_group()``).
    """

    n_samples: int
    latent_dims: tuple[int, int]
    betti: tuple[tuple[int, ...], tuple[int, ...]]
    scales: tuple[float, float]
    diameters: tuple[float, float]
    diagrams: tuple[Diagrams, Diagrams]
    normalized: bool
    bottleneck: tuple[float, ...]
    k: int
    trustworthiness: float
    continuity: float
    knn_overlap: float
    knn_chance: float
    neighbourhood_rows: int
    subsampled: bool
    seed: int
    statement: str
    complexes: tuple[DataComplex, DataComplex] = field(repr=False)

    @property
    def same_betti(self) -> bool:
        """Whether the two latent spaces have the same Betti numbers."""
        return self.betti[0] == self.betti[1]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable values under stable keys; infinities become ``"inf"``."""
        return {
            "n_samples": self.n_samples,
            "latent_dims": list(self.latent_dims),
            "betti": [list(b) for b in self.betti],
            "same_betti": self.same_betti,
            "scales": list(self.scales),
            "diameters": list(self.diameters),
            "diagrams": {
                f"H{dim}": [[[_json_float(v) for v in pair] for pair in space[i].tolist()]
                            for space in self.diagrams]
                for i, dim in enumerate(DIAGRAM_DIMS)
            },
            "normalized": self.normalized,
            "bottleneck": {f"H{dim}": _json_float(self.bottleneck[i])
                           for i, dim in enumerate(DIAGRAM_DIMS)},
            "k": self.k,
            "trustworthiness": self.trustworthiness,
            "continuity": self.continuity,
            "knn_overlap": self.knn_overlap,
            "knn_chance": self.knn_chance,
            "neighbourhood_rows": self.neighbourhood_rows,
            "subsampled": self.subsampled,
            "seed": self.seed,
            "statement": self.statement,
        }

    def __str__(self) -> str:
        bottleneck = ", ".join(f"H{dim} {_fmt(d)}" for dim, d in zip(DIAGRAM_DIMS, self.bottleneck,
                                                                    strict=True))
        rows = [
            ("Betti numbers", f"{self.betti[0]} vs {self.betti[1]}"
             + ("" if self.same_betti else "  (differ)")),
            ("Rips scales", f"{self.scales[0]:.4g} vs {self.scales[1]:.4g}"),
            ("bottleneck", bottleneck + (" (scale-normalised)" if self.normalized else "")),
            ("trustworthiness", f"{self.trustworthiness:.3f}"),
            ("continuity", f"{self.continuity:.3f}"),
            (f"{self.k}-NN overlap", f"{self.knn_overlap:.3f} (chance {self.knn_chance:.3f})"),
        ]
        head = (f"latent comparison of {self.n_samples} samples "
                f"(dimensions {self.latent_dims[0]} and {self.latent_dims[1]})")
        table = [f"  {name:<18} {value}" for name, value in rows]
        prose = [textwrap.fill(paragraph, width=96) for paragraph in self.statement.splitlines()]
        return "\n".join([head, *table, "", *prose])


def compare_latent_spaces(Z1: Any, Z2: Any, *, n_landmarks: int = 250, k: int = 10,
                          normalize: bool = True, max_rows: int = 2000,
                          seed: int = 0) -> LatentComparison:
    """Compare the codes ``Z1`` and ``Z2`` of the same samples under two models.

    ``n_landmarks`` and ``seed`` go to :class:`DataComplex` for both spaces; ``k`` is the
    neighbourhood size; with ``normalize`` the diagrams are divided by each space's landmark
    diameter before the bottleneck distance; at most ``max_rows`` rows (a subsample drawn with
    ``seed``, the same rows in both spaces) enter the neighbourhood scores.
    """
    first = as_codes(Z1, "Z1", min_rows=2)
    second = as_codes(Z2, "Z2", min_rows=2)
    if len(first) != len(second):
        raise BridgeError(f"Z1 has {len(first)} rows but Z2 has {len(second)}: both must encode "
                          "the same samples, row i of each being sample i")
    seed, max_rows, k = (_check_int(seed, "seed", 0), _check_int(max_rows, "max_rows", 3),
                         _check_int(k, "k", 1))
    rows = _neighbourhood_rows(len(first), max_rows, seed)
    if 2 * k >= len(rows):
        raise BridgeError(f"k={k} is too large for {len(rows)} rows: trustworthiness needs "
                          f"k < rows / 2; pass k <= {(len(rows) - 1) // 2}")

    complexes = (DataComplex(n_landmarks=n_landmarks, seed=seed).fit(first),
                 DataComplex(n_landmarks=n_landmarks, seed=seed).fit(second))
    diagrams = (_diagrams(complexes[0]), _diagrams(complexes[1]))
    diameters = (_diameter(complexes[0].landmarks_), _diameter(complexes[1].landmarks_))
    bottleneck = tuple(_bottleneck(diagrams[0][i], diagrams[1][i],
                                   diameters if normalize else (1.0, 1.0))
                       for i in range(len(DIAGRAM_DIMS)))

    trust, cont, overlap = _neighbourhood_scores(first[rows], second[rows], k)
    chance = k / (len(rows) - 1)
    betti = (complexes[0].betti_numbers(), complexes[1].betti_numbers())
    subsampled = len(rows) < len(first)
    statement = _statement(betti, bottleneck, normalize, (trust, cont, overlap, chance), k,
                           len(rows), len(first) if subsampled else None)
    return LatentComparison(
        n_samples=len(first),
        latent_dims=(first.shape[1], second.shape[1]),
        betti=betti,
        scales=(complexes[0].scale_, complexes[1].scale_),
        diameters=diameters,
        diagrams=diagrams,
        normalized=normalize,
        bottleneck=bottleneck,
        k=k,
        trustworthiness=trust,
        continuity=cont,
        knn_overlap=overlap,
        knn_chance=chance,
        neighbourhood_rows=len(rows),
        subsampled=subsampled,
        seed=seed,
        statement=statement,
        complexes=complexes,
    )


# ---------------------------------------------------------------------- global shape
def _diagrams(data_complex: DataComplex) -> Diagrams:
    """The landmarks' persistence diagrams in DIAGRAM_DIMS, rows sorted by (birth, death)."""
    barcode = data_complex.scale_choice_.barcode
    result = []
    for dim in DIAGRAM_DIMS:
        pairs = np.array([(bar.birth, bar.death) for bar in barcode if bar.dim == dim],
                         dtype=np.float64).reshape(-1, 2)
        pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
        pairs.setflags(write=False)
        result.append(pairs)
    return tuple(result)


def _diameter(points: np.ndarray) -> float:
    """Largest distance between two of ``points`` (0 for a single point)."""
    from sklearn.metrics import pairwise_distances

    return float(pairwise_distances(points).max())


def _bottleneck(first: np.ndarray, second: np.ndarray, units: tuple[float, float]) -> float:
    """gudhi's exact (``e=0``) bottleneck distance of the diagrams divided by ``units``.

    A zero unit (all landmarks coincide) counts as 1. The exact algorithm costs milliseconds at
    these sizes and gives exactly 0 for equal diagrams (the default ``e`` does not).
    """
    import gudhi

    a, b = (diagram / (unit if unit > 0 else 1.0) for diagram, unit in zip((first, second), units,
                                                                            strict=True))
    return float(gudhi.bottleneck_distance(a, b, e=0))


# ------------------------------------------------------------------ local agreement
def _neighbourhood_rows(n: int, max_rows: int, seed: int) -> np.ndarray:
    """All row indices, or a sorted seeded subsample of ``max_rows`` of them."""
    if n <= max_rows:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=max_rows, replace=False))


def _neighbourhood_scores(first: np.ndarray, second: np.ndarray,
                          k: int) -> tuple[float, float, float]:
    """(trustworthiness, continuity, mean k-NN overlap) of the two codings of the same rows."""
    from sklearn.manifold import trustworthiness

    trust = float(trustworthiness(first, second, n_neighbors=k))
    cont = float(trustworthiness(second, first, n_neighbors=k))
    near_first, near_second = _knn(first, k), _knn(second, k)
    shared = [len(np.intersect1d(a, b)) for a, b in zip(near_first, near_second, strict=True)]
    return trust, cont, float(np.mean(shared)) / k


def _knn(points: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k nearest neighbours of each row, the row itself excluded."""
    from sklearn.neighbors import NearestNeighbors

    return NearestNeighbors(n_neighbors=k).fit(points).kneighbors(return_distance=False)


# ------------------------------------------------------------------------- reporting
def _statement(betti: tuple[tuple[int, ...], tuple[int, ...]], bottleneck: tuple[float, ...],
               normalized: bool, scores: tuple[float, float, float, float], k: int, rows: int,
               subsampled_from: int | None) -> str:
    """What the invariants and scores do and do not prove, in plain words."""
    if betti[0] == betti[1]:
        shape = (f"The Betti numbers agree, {betti[0]} for both spaces. That is necessary, never "
                 "sufficient, for the two latent regions to be homotopy equivalent, or for the "
                 "encoders to agree: spaces with equal Betti numbers can still differ in "
                 "fundamental group, torsion or how their cycles fit together, and equal shape "
                 "says nothing about which sample goes where.")
    else:
        shape = (f"The Betti numbers differ, {betti[0]} for Z1 but {betti[1]} for Z2. This proves "
                 "that the two complexes (the latent regions as sampled by the landmarks, at the "
                 "scales chosen from their persistence) differ in homotopy type; it is a "
                 "statement about those samples at those scales, not about every scale.")
    unit = "in units of each space's landmark diameter" if normalized else "in raw units"
    distances = ", ".join(f"H{dim} {_fmt(d)}" for dim, d in zip(DIAGRAM_DIMS, bottleneck,
                                                                 strict=True))
    persistence = (f"Bottleneck distances between the persistence diagrams ({unit}): {distances}. "
                   "Small distances are likewise necessary, never sufficient, for equivalence; a "
                   "distance d proves the Gromov-Hausdorff distance between the two landmark "
                   "sets (so scaled) is at least d/2.")
    if any(math.isinf(d) for d in bottleneck):
        persistence += (" An infinite distance means the diagrams have different numbers of "
                        "classes that never die (e.g. different numbers of components).")
    trust, cont, overlap, chance = scores
    where = f"{rows} rows" + (f", a seeded subsample of {subsampled_from}"
                              if subsampled_from is not None else "")
    local = (f"Neighbourhood scores measure local agreement only (are the same samples near each "
             f"other in both spaces?), not shape: trustworthiness {trust:.3f}, continuity "
             f"{cont:.3f}, {k}-NN overlap {overlap:.3f} against {chance:.3f} by chance ({where}).")
    return f"{shape}\n{persistence}\n{local}"


def _check_int(value: Any, name: str, minimum: int) -> int:
    """``value`` as a plain int, if it is an integer (not a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise BridgeError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _json_float(value: float) -> float | str:
    return "inf" if math.isinf(value) else float(value)


def _fmt(value: float) -> str:
    """Four significant digits; rounding noise below 1e-12 shows as 0 (the fields keep it)."""
    return "inf" if math.isinf(value) else f"{round(value, 12):.4g}"

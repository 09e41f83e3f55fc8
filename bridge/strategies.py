"""Hypothesis strategies for latent paths between data points and words of realized HITs.

Latent codes are drawn as *indices* into an array of codes (the encoded data), so a failing
example shrinks towards small indices and names the data points it joins. Paths come from an
interpolator between two drawn codes (:mod:`bridge.interpolators`, re-exported here), or any
callable ``(a, b) -> LatentPath``. Pairs and triples are composable: codes a, b, c, d give
a→b, b→c, c→d.

Words of a realized HIT reuse :mod:`hott.strategies` on ``realization.hit``.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from bridge.complex import DataComplex
from bridge.interpolators import (
    DEFAULT_INTERPOLATORS,
    INTERPOLATORS,
    Interpolator,
    interpolator_name,
    make_interpolator,
)
from bridge.paths import DataPath, LatentPath
from bridge.realization import Realization
from bridge.validation import as_codes
from hott import Path
from hott import strategies as hott_strategies
from hottbridge.errors import BridgeError

__all__ = [
    "DEFAULT_INTERPOLATORS",
    "INTERPOLATORS",
    "DataPath",
    "chain_indices",
    "composable_path_pairs",
    "composable_path_triples",
    "data_indices",
    "data_paths",
    "interpolator_name",
    "latent_codes",
    "make_interpolator",
    "path_chains",
    "realization_loops",
    "realization_word_pairs",
    "realization_words",
]


def chain_indices(chain: Sequence[DataPath]) -> tuple[int, ...]:
    """The data indices a chain of paths visits: i0, i1, ..., the last path's end."""
    return (*(p.start_index for p in chain), chain[-1].end_index)


def _allowed(codes: np.ndarray, indices: Sequence[int] | None) -> list[int]:
    """The data indices to draw from (all by default), checked against ``codes``."""
    if indices is None:
        return list(range(len(codes)))
    allowed = sorted({int(i) for i in np.asarray(indices, dtype=int).ravel()})
    if not allowed:
        raise BridgeError("no data indices to draw from: indices is empty")
    if allowed[0] < 0 or allowed[-1] >= len(codes):
        bad = allowed[0] if allowed[0] < 0 else allowed[-1]
        raise BridgeError(f"data index {bad} is out of range for {len(codes)} codes")
    return allowed


def data_indices(codes: Any, indices: Sequence[int] | None = None) -> st.SearchStrategy[int]:
    """An index into ``codes`` (among ``indices`` if given); shrinks towards the smallest."""
    codes = as_codes(codes, "codes")
    return st.sampled_from(_allowed(codes, indices))


def latent_codes(codes: Any, indices: Sequence[int] | None = None
                 ) -> st.SearchStrategy[np.ndarray]:
    """The code of a drawn data point (drawn by index, so it shrinks to ``codes[0]``)."""
    codes = as_codes(codes, "codes")
    return data_indices(codes, indices).map(lambda i: codes[i])


def path_chains(codes: Any, length: int, interpolator: str | Interpolator = "linear", *,
                steps: int = 24, complex_: DataComplex | None = None, decoder: Any = None,
                indices: Sequence[int] | None = None, iterations: int = 50
                ) -> st.SearchStrategy[tuple[DataPath, ...]]:
    """``length`` composable paths: codes i0, i1, ..., i_length joined in order, each path
    starting exactly where the previous one ends.

    With ``"data_geodesic"`` all codes are drawn from one component of the data complex (no
    path through the data joins two components).
    """
    codes = as_codes(codes, "codes")
    if not isinstance(length, int) or length < 1:
        raise BridgeError(f"a chain has at least one path, got length={length!r}")
    make = make_interpolator(interpolator, steps=steps, complex_=complex_, decoder=decoder,
                             iterations=iterations)
    label = interpolator_name(interpolator)
    allowed = _allowed(codes, indices)
    pools = _component_pools(complex_, codes, allowed) if interpolator == "data_geodesic" \
        else None
    made: dict[tuple[int, int], LatentPath] = {}  # shrinking redraws the same paths

    def path(i: int, j: int) -> DataPath:
        if (i, j) not in made:
            made[i, j] = make(codes[i], codes[j])
        return DataPath(made[i, j], i, j, label)

    @st.composite
    def chains(draw: st.DrawFn) -> tuple[DataPath, ...]:
        first = draw(st.sampled_from(allowed))
        pool = pools[first] if pools is not None else allowed
        chain = [first] + [draw(st.sampled_from(pool)) for _ in range(length)]
        if label == "slerp":  # slerp is undefined between antipodal codes
            assume(not any(_antipodal(codes[i], codes[j]) for i, j in pairwise(chain)))
        return tuple(path(i, j) for i, j in pairwise(chain))

    return chains()


def _component_pools(complex_: DataComplex, codes: np.ndarray, allowed: list[int]
                     ) -> dict[int, list[int]]:
    """For each allowed index, the allowed indices in the same component of the complex."""
    import networkx as nx

    _, landmark = complex_.nearest(codes[allowed])
    component = {v: k for k, part in enumerate(nx.connected_components(complex_.graph_))
                 for v in part}
    groups: dict[int, list[int]] = {}
    for i, vertex in zip(allowed, landmark, strict=True):
        groups.setdefault(component[int(vertex)], []).append(i)
    return {i: group for group in groups.values() for i in group}


def _antipodal(a: np.ndarray, b: np.ndarray) -> bool:
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    return bool(na and nb and np.pi - np.arccos(np.clip(a @ b / (na * nb), -1.0, 1.0)) < 1e-6)


def data_paths(codes: Any, interpolator: str | Interpolator = "linear", **options: Any
               ) -> st.SearchStrategy[DataPath]:
    """One path between two drawn data points (options as :func:`path_chains`)."""
    return path_chains(codes, 1, interpolator, **options).map(lambda chain: chain[0])


def composable_path_pairs(codes: Any, interpolator: str | Interpolator = "linear",
                          **options: Any) -> st.SearchStrategy[tuple[DataPath, DataPath]]:
    """a→b, b→c: the second starts exactly where the first ends."""
    return path_chains(codes, 2, interpolator, **options)


def composable_path_triples(codes: Any, interpolator: str | Interpolator = "linear",
                            **options: Any
                            ) -> st.SearchStrategy[tuple[DataPath, DataPath, DataPath]]:
    """a→b, b→c, c→d: composable in order, for associativity."""
    return path_chains(codes, 3, interpolator, **options)


# ------------------------------------------------------------------- realized HITs
def _realized(realization: Realization) -> Realization:
    if not isinstance(realization, Realization):
        raise BridgeError(f"expected a bridge.realization.Realization, got "
                          f"{type(realization).__name__}")
    return realization


def realization_words(realization: Realization, max_length: int = 6
                      ) -> st.SearchStrategy[Path]:
    """A composable word of the realized HIT (``realization.latent(word)`` is its path)."""
    return hott_strategies.words(_realized(realization).hit, max_length=max_length)


def realization_loops(realization: Realization, base: str | None = None, max_length: int = 6
                      ) -> st.SearchStrategy[Path]:
    """A closed word of the realized HIT, at ``base`` or at a drawn point."""
    return hott_strategies.closed_words(_realized(realization).hit, base, max_length)


def realization_word_pairs(realization: Realization, max_length: int = 4
                           ) -> st.SearchStrategy[tuple[Path, Path]]:
    """Two words p, q with p's end q's start (for functoriality F(p·q) ≃ F(p)·F(q))."""
    return hott_strategies.composable_pairs(_realized(realization).hit, max_length)

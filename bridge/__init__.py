"""The bridge: learned latent paths checked against HoTT path laws, in the data region.

Encoded data become a presented cell complex (landmarks and a Rips complex, as a ``hott.HIT``);
latent paths are read on it and the path laws are decided there. Names are loaded on first use,
so ``import bridge`` stays cheap until a model is needed.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    "LatentPath": "bridge.paths",
    "linear": "bridge.paths",
    "slerp": "bridge.paths",
    "data_geodesic": "bridge.geodesics",
    "riemannian_geodesic": "bridge.geodesics",
    "DataComplex": "bridge.complex",
    "Stability": "bridge.stability",
    "complex_stability": "bridge.stability",
    "Codec": "bridge.model",
    "PathLaws": "bridge.laws",
    "LawResult": "bridge.laws",
    "Realization": "bridge.realization",
    "LoopSpec": "bridge.realization",
    "PATH_LAWS": "bridge.laws",
    "CheckReport": "bridge.report",
    "run_check": "bridge.check",
    "discover": "bridge.discovery",
    "compare_latent_spaces": "bridge.compare",
    "assert_path_laws": "bridge.testing",
    "check_path_laws": "bridge.testing",
}

__all__ = [
    "PATH_LAWS",
    "CheckReport",
    "Codec",
    "DataComplex",
    "LatentPath",
    "LawResult",
    "LoopSpec",
    "PathLaws",
    "Realization",
    "Stability",
    "assert_path_laws",
    "check_path_laws",
    "compare_latent_spaces",
    "complex_stability",
    "data_geodesic",
    "discover",
    "linear",
    "riemannian_geodesic",
    "run_check",
    "slerp",
]


def __getattr__(name: str) -> Any:
    """Load an exported name's module on first use (``import bridge`` stays cheap)."""
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'bridge' has no attribute {name!r}")

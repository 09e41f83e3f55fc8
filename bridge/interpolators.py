"""Interpolators by name: the functions ``(a, b) -> LatentPath`` that make a path between codes.

``"linear"``, ``"slerp"``, ``"data_geodesic"`` (through a :class:`~bridge.complex.DataComplex`)
and ``"riemannian_geodesic"`` (an optimisation per path with the decoder: expensive, so only
ever used when named). A check run, the hypothesis strategies and the reports all name
interpolators the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from bridge.complex import DataComplex
from bridge.geodesics import data_geodesic, riemannian_geodesic
from bridge.paths import LatentPath, linear, slerp
from hottbridge.errors import BridgeError

#: Every interpolator by name; the last is expensive and never drawn unless asked for.
INTERPOLATORS = ("linear", "slerp", "data_geodesic", "riemannian_geodesic")
#: The cheap ones.
DEFAULT_INTERPOLATORS = INTERPOLATORS[:3]

Interpolator = Callable[[np.ndarray, np.ndarray], LatentPath]


def make_interpolator(name: str | Interpolator, *, steps: int = 24,
                      complex_: DataComplex | None = None, decoder: Any = None,
                      iterations: int = 50, learning_rate: float = 0.01) -> Interpolator:
    """The function ``(a, b) -> LatentPath`` of an interpolator given by name (or a callable,
    returned as it is). ``data_geodesic`` needs ``complex_``; ``riemannian_geodesic`` needs
    ``decoder`` (a Keras decoder or a :class:`~bridge.model.Codec`)."""
    if callable(name):
        return name
    if name not in INTERPOLATORS:
        raise BridgeError(f"unknown interpolator {name!r}: choose one of "
                          f"{', '.join(INTERPOLATORS)}, or pass a function (a, b) -> LatentPath")
    if name == "linear":
        return lambda a, b: linear(a, b, steps)
    if name == "slerp":
        return lambda a, b: slerp(a, b, steps)
    if name == "data_geodesic":
        if not isinstance(complex_, DataComplex):
            raise BridgeError("the data_geodesic interpolator needs the data complex: pass "
                              "complex_=DataComplex(...).fit(codes) (or PathLaws(...).complex)")
        return lambda a, b: data_geodesic(complex_, a, b, steps)
    network = getattr(decoder, "decoder", decoder)  # a Codec or the decoder itself
    if network is None:
        raise BridgeError("the riemannian_geodesic interpolator needs the decoder: pass "
                          "decoder=codec (it optimises every path, so it is slow)")
    return lambda a, b: riemannian_geodesic(network, a, b, steps, iterations,
                                            learning_rate).path


def interpolator_name(interpolator: str | Interpolator) -> str:
    """The name an interpolator is reported by (a function's ``__name__``)."""
    if isinstance(interpolator, str):
        return interpolator
    return getattr(interpolator, "__name__", "custom")

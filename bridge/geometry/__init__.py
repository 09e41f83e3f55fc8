"""The Riemannian side of a latent space: the decoder's pull-back metric, lengths and geodesic
distances in it, curvature of the data complex's edges, a discrete Ricci flow, and the law
that the flow keeps the homotopy type (see docs/bridge-geometry.md)."""

from __future__ import annotations

from bridge.geometry.curvature import edge_lengths, forman_curvature, ollivier_ricci
from bridge.geometry.flow import RicciFlow, ricci_flow
from bridge.geometry.metric import (
    GeodesicDistance,
    curve_energy,
    curve_length,
    geodesic_distance,
    pullback_metric,
    volume_element,
)
from bridge.geometry.preservation import homotopy_type_preserved, rebuild

__all__ = [
    "GeodesicDistance",
    "RicciFlow",
    "curve_energy",
    "curve_length",
    "edge_lengths",
    "forman_curvature",
    "geodesic_distance",
    "homotopy_type_preserved",
    "ollivier_ricci",
    "pullback_metric",
    "rebuild",
    "ricci_flow",
    "volume_element",
]

"""The decoder's pull-back metric on latent space, and lengths and distances measured in it.

A decoder D: Z → X (flattened) pulls the Euclidean metric of X back to M(z) = J_μ(z)ᵀ J_μ(z),
and a decoder with a variance adds J_σ(z)ᵀ J_σ(z) ("Latent Space Oddity", Arvanitidis et al.
2018): the squared length in data space of an infinitesimal step in latent space. Jacobians
are forward-mode TensorFlow autodiff on a whole batch at once — each code repeated once per
latent direction, one decoder call for all of them — never one point at a time (for d latent
dimensions and F decoded features, forward mode costs d decoder rows per code where reverse
mode costs F backward passes).

The variance part: ``std`` is a callable z → σ(z) (e.g. an RBF variance network); without it,
a decoder with two outputs is read as (mean, log-variance) and σ = exp(½ log-variance). The
decoders of ``learn`` have one output and a variance that does not depend on z, so their
J_σ = 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from bridge.model import Codec
from bridge.paths import LatentPath
from bridge.validation import as_codes
from hottbridge.errors import BridgeError

#: Codes per decoder call of the Jacobian (each is repeated d times inside the call).
BATCH = 2048


def as_codec(model: Any) -> Codec:
    """``model`` itself if it is a :class:`Codec`, else the codec of ``model``."""
    return model if isinstance(model, Codec) else Codec(model)


def embedding(codec: Codec, std: Callable[[Any], Any] | None = None) -> Callable[..., Any]:
    """The map whose Euclidean pull-back is the metric: z ↦ (μ(z), σ(z)) flattened (a tensor
    function; σ only when ``std`` is given or the decoder has a second, log-variance output)."""
    from keras import ops

    def flat(tensor: Any) -> Any:
        return ops.reshape(tensor, (ops.shape(tensor)[0], -1))

    def embed(z: Any, training: bool = False) -> Any:
        decoded = codec.decoder(z, training=False)
        parts = list(decoded) if isinstance(decoded, (list, tuple)) else [decoded]
        if len(parts) > 2:
            raise BridgeError(f"the decoder has {len(parts)} outputs: the metric reads one "
                              "(the mean) or two (mean, log-variance)")
        pieces = [flat(parts[0])]
        if std is not None:
            pieces.append(flat(std(z)))
        elif len(parts) == 2:
            pieces.append(flat(ops.exp(0.5 * parts[1])))
        return pieces[0] if len(pieces) == 1 else ops.concatenate(pieces, axis=1)

    return embed


def jacobian_rows(embed: Callable[..., Any], z: np.ndarray) -> np.ndarray:
    """(n, d, F): row k of point i is ∂embed(z_i)/∂z_k — one forward-mode pass for the batch."""
    import tensorflow as tf

    n, d = z.shape
    tiled = tf.repeat(tf.constant(z, tf.float32), d, axis=0)  # row i·d + k is z_i
    tangents = tf.tile(tf.eye(d), [n, 1])  # row i·d + k is e_k
    with tf.autodiff.ForwardAccumulator(tiled, tangents) as accumulator:
        out = embed(tiled)
    rows = accumulator.jvp(out)
    if rows is None:  # the output does not depend on z: the map is constant
        return np.zeros((n, d, int(out.shape[-1])))
    return tf.reshape(rows, (n, d, -1)).numpy().astype(np.float64)


def pullback_metric(codec: Any, z: Any, std: Callable[[Any], Any] | None = None) -> np.ndarray:
    """M(z) = J_μᵀJ_μ (+ J_σᵀJ_σ) at each code: an array (n, d, d), symmetric, positive
    semi-definite. ``codec``: a :class:`Codec` or a model with ``encoder`` and ``decoder``."""
    codec = as_codec(codec)
    z = as_codes(z, "codes", dim=codec.latent_dim)
    embed = embedding(codec, std)
    out = np.empty((len(z), z.shape[1], z.shape[1]))
    for start in range(0, len(z), BATCH):
        rows = jacobian_rows(embed, z[start:start + BATCH])
        out[start:start + BATCH] = rows @ rows.transpose(0, 2, 1)
    return out


def volume_element(codec: Any, z: Any, std: Callable[[Any], Any] | None = None) -> np.ndarray:
    """√det M(z) at each code: how much data-space volume a unit of latent volume decodes to
    (the "magnification factor")."""
    sign, logdet = np.linalg.slogdet(pullback_metric(codec, z, std))
    return np.where(sign > 0, np.exp(0.5 * logdet), 0.0)


def _steps(path: Any, dim: int) -> tuple[np.ndarray, np.ndarray]:
    points = path.points if isinstance(path, LatentPath) else as_codes(path, "a curve",
                                                                         min_rows=2, dim=dim)
    if points.shape[1] != dim:
        raise BridgeError(f"the curve has dimension {points.shape[1]}, the decoder {dim}")
    return 0.5 * (points[1:] + points[:-1]), np.diff(points, axis=0)


def segment_speeds(codec: Any, middles: Any, steps: Any,
                   std: Callable[[Any], Any] | None = None) -> np.ndarray:
    """Δzᵀ M(z̄) Δz for each segment given by its midpoint z̄ and its step Δz (two (m, d)
    arrays): the squared Riemannian length of a short straight segment, all in one batch."""
    codec = as_codec(codec)
    metric = pullback_metric(codec, middles, std)
    return np.maximum(np.einsum("ni,nij,nj->n", steps, metric, steps), 0.0)


def _squared_speeds(codec: Any, path: Any, std: Callable[[Any], Any] | None) -> np.ndarray:
    """Δzᵢᵀ M(z̄ᵢ) Δzᵢ for each step of a polyline, the metric at the step's midpoint."""
    codec = as_codec(codec)
    return segment_speeds(codec, *_steps(path, codec.latent_dim), std)


def curve_length(codec: Any, path: Any, std: Callable[[Any], Any] | None = None) -> float:
    """Riemannian length of a polyline (a LatentPath or an (m, d) array): Σ √(Δzᵀ M Δz) with
    M at each step's midpoint (exact for a map linear in z along each step)."""
    return float(np.sum(np.sqrt(_squared_speeds(codec, path, std))))


def curve_energy(codec: Any, path: Any, std: Callable[[Any], Any] | None = None) -> float:
    """Riemannian energy ∫‖ċ‖² dt of the polyline traversed in unit time: steps · Σ Δzᵀ M Δz.
    The energy the geodesic solver minimises (``bridge.geodesics.curve_energy``) is its finite
    difference form, with ‖D(z_{i+1}) − D(z_i)‖² for Δzᵀ M Δz."""
    speeds = _squared_speeds(codec, path, std)
    return float(len(speeds) * np.sum(speeds))


@dataclass(frozen=True)
class GeodesicDistance:
    """A geodesic distance and how far its curve is from being a geodesic.

    ``distance`` is the Riemannian length of the optimised curve (an upper bound on the true
    distance); ``straight`` that of the straight line. ``path`` is the solver's curve, or the
    straight line if the solver raised the energy. ``stationarity`` is the solver energy's
    relative gradient (‖∇E‖ · step / E) at ``path`` over the same at the straight line (0 when
    below float32 resolution); ``converged`` says it fell to the requested tolerance.
    """

    distance: float
    straight: float
    path: LatentPath
    energy_before: float
    energy_after: float
    iterations: int
    stationarity: float
    converged: bool


def geodesic_distance(codec: Any, a: Any, b: Any, steps: int = 16, iterations: int = 300,
                      learning_rate: float = 0.01, tol: float = 0.05,
                      std: Callable[[Any], Any] | None = None) -> GeodesicDistance:
    """Distance from ``a`` to ``b`` along a discrete geodesic of the pull-back metric, found by
    :func:`bridge.geodesics.riemannian_geodesic` on the embedding (mean, and σ if any)."""
    from bridge.geodesics import riemannian_geodesic

    codec = as_codec(codec)
    if not (isinstance(tol, (int, float)) and tol > 0):
        raise BridgeError(f"tol must be a positive number, got {tol!r}")
    embed = embedding(codec, std)
    ends = as_codes(np.stack([np.ravel(a), np.ravel(b)]), "the geodesic's ends",
                    dim=codec.latent_dim)
    result = riemannian_geodesic(embed, ends[0], ends[1], steps=steps, iterations=iterations,
                                 learning_rate=learning_rate)
    line = np.linspace(0.0, 1.0, len(result.path.points))[:, None]
    straight = (1 - line) * ends[0] + line * ends[1]
    # Adam can wander on float32 noise where the line is already a geodesic: keep the better
    best = result.path if result.energy_after <= result.energy_before else LatentPath(straight)
    step = float(np.linalg.norm(ends[1] - ends[0])) / max(len(straight) - 1, 1)
    start_gradient = _relative_gradient(embed, straight, step)
    end_gradient = _relative_gradient(embed, best.points, step)
    stationarity = 0.0 if end_gradient <= RESOLUTION else end_gradient / max(start_gradient,
                                                                                RESOLUTION)
    return GeodesicDistance(curve_length(codec, best, std), curve_length(codec, straight, std),
                            best, result.energy_before, min(result.energy_after,
                                                            result.energy_before),
                            result.iterations, stationarity, stationarity <= tol)


#: Relative energy gradients below this are float32 noise: the curve counts as stationary.
RESOLUTION = 1e-6


def _relative_gradient(embed: Callable[..., Any], points: np.ndarray, step: float) -> float:
    """‖∂E/∂(interior points)‖ · (latent step) / E for the solver's discrete energy E: the
    fraction by which moving the interior one step along the gradient would change E."""
    import tensorflow as tf

    from bridge.geodesics import curve_energy as solver_energy

    if len(points) < 3:
        return 0.0
    interior = tf.Variable(points[1:-1].astype(np.float32))
    ends = tf.constant(points[[0, -1]].astype(np.float32))
    with tf.GradientTape() as tape:
        value = solver_energy(embed, tf.concat([ends[:1], interior, ends[1:]], axis=0))
    gradient = float(tf.norm(tape.gradient(value, interior)))
    return gradient * step / max(float(value), 1e-30)

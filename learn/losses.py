"""Per-sample KL divergences and log-likelihoods of the generative models.

Every function takes batched tensors (or arrays) and returns one value per sample, shape
(batch,): the models average them over the batch, and ``VAE.elbo_terms`` reports them as they
are. All are written with ``keras.ops``, so they run on NumPy arrays as well as in a train step.
"""

from __future__ import annotations

import math
from typing import Any

from keras import ops

LOG_2PI = math.log(2.0 * math.pi)


def kl_diagonal_normal(mean: Any, log_var: Any) -> Any:
    """KL(N(mean, diag(exp(log_var))) || N(0, I)), summed over the latent dimensions.

    Closed form: 0.5 * sum(exp(log_var) + mean**2 - 1 - log_var).
    """
    return 0.5 * ops.sum(ops.exp(log_var) + ops.square(mean) - 1.0 - log_var, axis=-1)


def kl_full_normal(mean: Any, cholesky: Any) -> Any:
    """KL(N(mean, L L^T) || N(0, I)) for lower-triangular ``cholesky`` L of shape (batch, k, k).

    Closed form: 0.5 * (tr(L L^T) + mean^T mean - k - log det(L L^T)), where
    tr(L L^T) is the sum of the squared entries of L and log det(L L^T) = 2 sum(log diag(L)).
    """
    k = ops.shape(mean)[-1]
    trace = ops.sum(ops.square(cholesky), axis=(-2, -1))
    log_det = 2.0 * ops.sum(ops.log(ops.diagonal(cholesky, axis1=-2, axis2=-1)), axis=-1)
    return 0.5 * (trace + ops.sum(ops.square(mean), axis=-1) - ops.cast(k, mean.dtype) - log_det)


def log_normal_diagonal(z: Any, mean: Any, log_var: Any) -> Any:
    """log N(z; mean, diag(exp(log_var))), summed over the last axis."""
    return -0.5 * ops.sum(LOG_2PI + log_var + ops.square(z - mean) * ops.exp(-log_var), axis=-1)


def log_normal_mixture(z: Any, means: Any, log_vars: Any, logits: Any) -> Any:
    """log p(z) under the mixture sum_c softmax(logits)_c N(means[c], diag(exp(log_vars[c]))).

    ``z`` has shape (batch, k); ``means`` and ``log_vars`` (components, k); ``logits``
    (components,). Evaluated with log-sum-exp, so far-away components do not underflow.
    """
    per_component = log_normal_diagonal(z[:, None, :], means[None, :, :], log_vars[None, :, :])
    return ops.logsumexp(per_component + ops.log_softmax(logits)[None, :], axis=-1)


def bernoulli_nll(x: Any, mean: Any) -> Any:
    """-log p(x | mean) for Bernoulli pixels: binary cross-entropy summed over the data axes.

    ``x`` lies in [0, 1]; ``mean`` is the decoder's probability, clipped away from 0 and 1.
    """
    return _sum_over_sample(ops.binary_crossentropy(x, mean))


def gaussian_nll(x: Any, mean: Any, log_var: Any) -> Any:
    """-log N(x; mean, exp(log_var) I) summed over the data axes; ``log_var`` is a scalar.

    Equals 0.5 * sum((x - mean)**2 / var + log var + log 2 pi): with ``log_var`` fixed this is
    the squared error up to scale and a constant; learned, it is the proper Gaussian NLL.
    """
    squared = _sum_over_sample(ops.square(x - mean))
    log_var = ops.cast(log_var, squared.dtype)
    size = math.prod(x.shape[1:])
    return 0.5 * (squared * ops.exp(-log_var) + size * (log_var + LOG_2PI))


def _sum_over_sample(values: Any) -> Any:
    """Sum over every axis but the first (the batch axis)."""
    return ops.sum(values, axis=tuple(range(1, len(values.shape))))

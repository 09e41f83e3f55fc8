"""Layers of the latent families: reparameterised samplers, the Cholesky head, the mixture prior.

The reparameterisations are plain functions of an explicit noise ``eps`` as well, so
``VAE.elbo_terms`` can draw ``eps`` from a seeded NumPy generator and use the same arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import keras
import numpy as np
from keras import layers, ops

from learn.base import serializable
from learn.losses import log_normal_mixture


def reparameterize_diagonal(mean: Any, log_var: Any, eps: Any) -> Any:
    """z = mean + exp(log_var / 2) * eps: a sample of N(mean, diag(exp(log_var)))."""
    return mean + ops.exp(0.5 * log_var) * eps


def reparameterize_full(mean: Any, cholesky: Any, eps: Any) -> Any:
    """z = mean + L eps: a sample of N(mean, L L^T) for lower-triangular L (batch, k, k)."""
    return mean + ops.einsum("bij,bj->bi", cholesky, eps)


class SeededSampler(layers.Layer):
    """[z_mean, spread] -> z, a reparameterised draw with noise from a generator seeded by
    ``seed``; subclasses say how the spread shapes the noise (``reparameterize``)."""

    reparameterize: ClassVar[Callable[[Any, Any, Any], Any]]

    def __init__(self, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs: list[Any]) -> Any:
        """One draw per row of ``z_mean``."""
        z_mean, spread = inputs
        eps = keras.random.normal(ops.shape(z_mean), seed=self.seed_generator)
        return type(self).reparameterize(z_mean, spread, eps)

    def get_config(self) -> dict[str, Any]:
        """Keras' layer config plus ``seed``."""
        return {**super().get_config(), "seed": self.seed}


@serializable
class Sampling(SeededSampler):
    """[z_mean, z_log_var] -> z, a reparameterised draw from the diagonal Gaussian."""

    reparameterize = staticmethod(reparameterize_diagonal)


@serializable
class FullCovarianceSampling(SeededSampler):
    """[z_mean, L] -> z = z_mean + L eps, a reparameterised draw from N(z_mean, L L^T)."""

    reparameterize = staticmethod(reparameterize_full)


@serializable
class CholeskyFactor(layers.Layer):
    """k(k+1)/2 free parameters per sample -> a lower-triangular (k, k) Cholesky factor L.

    The parameters fill the lower triangle row by row; the diagonal goes through softplus (plus
    ``min_diagonal``), so L is invertible and L L^T a valid covariance.
    """

    def __init__(self, latent_dim: int, min_diagonal: float = 1e-4, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.latent_dim = int(latent_dim)
        self.min_diagonal = float(min_diagonal)
        k = self.latent_dim
        rows, cols = np.tril_indices(k)
        gather = np.full(k * k, len(rows), dtype="int32")  # len(rows) indexes an appended zero
        gather[rows * k + cols] = np.arange(len(rows), dtype="int32")
        self._gather = gather
        self._strictly_lower = np.tril(np.ones((k, k), dtype="float32"), -1)
        self._eye = np.eye(k, dtype="float32")

    @staticmethod
    def n_parameters(latent_dim: int) -> int:
        """How many free parameters a (latent_dim, latent_dim) factor takes: k(k+1)/2."""
        return latent_dim * (latent_dim + 1) // 2

    def call(self, params: Any) -> Any:
        """The (batch, k, k) Cholesky factors of the (batch, k(k+1)/2) parameters."""
        k = self.latent_dim
        padded = ops.concatenate([params, ops.zeros_like(params[:, :1])], axis=-1)
        square = ops.reshape(ops.take(padded, self._gather, axis=1), (-1, k, k))
        diagonal = ops.softplus(square) + self.min_diagonal
        return square * self._strictly_lower + diagonal * self._eye

    def compute_output_shape(self, input_shape: tuple[Any, ...]) -> tuple[Any, ...]:
        """(batch, k, k)."""
        return (input_shape[0], self.latent_dim, self.latent_dim)

    def get_config(self) -> dict[str, Any]:
        """Keras' layer config plus ``latent_dim`` and ``min_diagonal``."""
        return {
            **super().get_config(),
            "latent_dim": self.latent_dim,
            "min_diagonal": self.min_diagonal,
        }


@serializable
class MixturePrior(layers.Layer):
    """A learnable mixture-of-Gaussians prior p(z) = sum_c pi_c N(mu_c, diag(sigma_c^2)).

    Holds the component ``means`` (spread out at random by ``seed``), ``log_vars`` (start at 0)
    and mixing ``logits`` (start uniform). Calling it on z gives log p(z) per sample.
    """

    def __init__(
        self, n_components: int, latent_dim: int, seed: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.n_components = int(n_components)
        self.latent_dim = int(latent_dim)
        self.seed = seed
        shape = (self.n_components, self.latent_dim)
        self.means = self.add_weight(
            shape=shape, initializer=keras.initializers.RandomNormal(seed=seed), name="means"
        )
        self.log_vars = self.add_weight(shape=shape, initializer="zeros", name="log_vars")
        self.logits = self.add_weight(
            shape=(self.n_components,), initializer="zeros", name="logits"
        )
        self.built = True

    def call(self, z: Any) -> Any:
        """log p(z) per row of ``z``."""
        return log_normal_mixture(z, self.means, self.log_vars, self.logits)

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` draws from the prior with the NumPy generator ``rng``, shape (n, latent_dim)."""
        logits = ops.convert_to_numpy(self.logits).astype("float64")
        weights = np.exp(logits - logits.max())
        components = rng.choice(self.n_components, size=n, p=weights / weights.sum())
        means = ops.convert_to_numpy(self.means)[components]
        scales = np.exp(0.5 * ops.convert_to_numpy(self.log_vars))[components]
        return (means + scales * rng.standard_normal(means.shape)).astype("float32")

    def get_config(self) -> dict[str, Any]:
        """Keras' layer config plus the mixture's sizes and ``seed``."""
        return {
            **super().get_config(),
            "n_components": self.n_components,
            "latent_dim": self.latent_dim,
            "seed": self.seed,
        }

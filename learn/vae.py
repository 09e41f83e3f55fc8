"""The variational autoencoder: a :class:`~learn.autoencoder.LatentModel` whose code is a
distribution q(z | x), trained on the negative ELBO  reconstruction + beta * KL.

Latent families (``latent=``):

- ``"diagonal"``: q = N(mu, diag(exp(log_var))), prior N(0, I), KL in closed form. The encoder
  returns ``[z_mean, z_log_var, z]``.
- ``"full"``: q = N(mu, L L^T) with L lower triangular, positive diagonal (softplus), prior
  N(0, I), KL in closed form. The encoder returns ``[z_mean, z_cholesky, z]``, the middle one
  the Cholesky factor L of shape (batch, k, k).
- ``"mixture"``: q diagonal as above, prior a mixture of ``n_components`` Gaussians with
  learnable means, log-variances and mixing logits (``vae.prior``); KL estimated by one Monte
  Carlo sample, log q(z | x) - log p(z) at the sampled z.

KL warm-up: with ``kl_warmup_epochs=E`` the KL weight (``vae.kl_weight``) is
``beta * min(1, epoch / E)`` during epoch ``epoch`` (0-based), set by a :class:`KLWarmup`
callback that ``fit`` adds itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import keras
import numpy as np
from keras import layers, ops

from learn.autoencoder import LatentModel
from learn.base import serializable
from learn.batching import apply_in_batches
from learn.layers import (
    CholeskyFactor,
    FullCovarianceSampling,
    MixturePrior,
    Sampling,
    reparameterize_diagonal,
    reparameterize_full,
)
from learn.losses import kl_diagonal_normal, kl_full_normal, log_normal_diagonal
from learn.regularizers import HomotopyRegularizer
from learn.validation import check_choice, non_negative, positive_int

LATENT_FAMILIES = ("diagonal", "full", "mixture")


@serializable
class VAE(LatentModel):
    """A variational autoencoder for samples of ``input_shape``.

    Args:
        input_shape: one sample's shape: (D,) for vectors, (H, W) or (H, W, C) for images.
        latent_dim: k, the latent dimension.
        architecture: "auto" (dense for vectors, conv for images), "dense" or "conv".
        hidden: dense layer widths of the encoder (the decoder mirrors them).
        filters: conv filters of the encoder, stride 2 each (the decoder mirrors them).
        likelihood: "bernoulli" (data in [0, 1]; binary cross-entropy) or "gaussian".
        decoder_variance: Gaussian only: "fixed" at ``variance`` or "learned" (one scalar
            log-variance, initialised at log ``variance``).
        latent: "diagonal", "full" or "mixture" (see the module docstring).
        n_components: mixture components of the "mixture" prior.
        beta: weight of the KL term (1 gives the ELBO).
        kl_warmup_epochs: epochs over which the KL weight ramps linearly from 0 to ``beta``.
        regularizers: homotopy regularisers (:mod:`learn.regularizers`) on the sampled codes.
        seed: seeds the weights (``keras.utils.set_random_seed`` at construction, so the batch
            order of a following ``fit`` is reproducible too) and the sampling layers.
        encoder, decoder: prebuilt networks; ``from_config`` passes them when loading.
    """

    extra_terms = ("kl_loss",)

    def __init__(
        self,
        input_shape: Sequence[int],
        latent_dim: int = 2,
        architecture: str = "auto",
        hidden: Sequence[int] = (256, 128),
        filters: Sequence[int] = (32, 64),
        likelihood: str = "bernoulli",
        decoder_variance: str = "fixed",
        variance: float = 1.0,
        latent: str = "diagonal",
        n_components: int = 4,
        beta: float = 1.0,
        kl_warmup_epochs: int = 0,
        regularizers: Sequence[HomotopyRegularizer] = (),
        seed: int | None = None,
        encoder: keras.Model | None = None,
        decoder: keras.Model | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            input_shape,
            latent_dim,
            architecture,
            hidden,
            filters,
            likelihood,
            decoder_variance,
            variance,
            regularizers,
            seed,
            **kwargs,
        )
        self.latent = check_choice("latent", latent, LATENT_FAMILIES)
        self.n_components = positive_int(n_components, "n_components")
        self.beta = non_negative(beta, "beta")
        self.kl_warmup_epochs = positive_int(kl_warmup_epochs, "kl_warmup_epochs", minimum=0)
        self.kl_weight = self.add_weight(
            shape=(),
            initializer=keras.initializers.Constant(0.0 if kl_warmup_epochs else self.beta),
            trainable=False,
            name="kl_weight",
        )
        self.prior = (
            MixturePrior(self.n_components, self.latent_dim, seed=seed, name="prior")
            if latent == "mixture"
            else None
        )
        self._build_networks(encoder, decoder)

    def _encoder_head(self, features: keras.Model) -> keras.Model:
        inputs = keras.Input(shape=self.sample_shape, name="x")
        h = features(inputs)
        z_mean = layers.Dense(self.latent_dim, name="z_mean")(h)
        if self.latent == "full":
            params = layers.Dense(CholeskyFactor.n_parameters(self.latent_dim), name="z_params")(h)
            z_spread = CholeskyFactor(self.latent_dim, name="z_cholesky")(params)
            z = FullCovarianceSampling(seed=self.seed, name="z")([z_mean, z_spread])
        else:
            z_spread = layers.Dense(self.latent_dim, name="z_log_var")(h)
            z = Sampling(seed=self.seed, name="z")([z_mean, z_spread])
        return keras.Model(inputs, [z_mean, z_spread, z], name="encoder")

    def _mean_code(self, x: Any, training: bool = False) -> Any:
        return self.encoder(x, training=training)[0]

    def _loss_terms(self, x: Any, training: bool) -> dict[str, Any]:
        z_mean, z_spread, z = self.encoder(x, training=training)
        x_mean = self.decoder(z, training=training)
        reconstruction = ops.mean(self.reconstruction_nll(x, x_mean))
        kl = ops.mean(self.kl_divergence(z_mean, z_spread, z))
        terms = {"reconstruction_loss": reconstruction, "kl_loss": kl}
        return self._with_regularizers(terms, reconstruction + self.kl_weight * kl, z)

    def kl_divergence(self, z_mean: Any, z_spread: Any, z: Any) -> Any:
        """KL(q(z | x) || p(z)) per sample; ``z_spread`` is the encoder's middle output and
        ``z`` the sample (used only by the mixture prior's Monte Carlo estimate)."""
        if self.latent == "full":
            return kl_full_normal(z_mean, z_spread)
        if self.latent == "mixture":
            return log_normal_diagonal(z, z_mean, z_spread) - self.prior(z)
        return kl_diagonal_normal(z_mean, z_spread)

    def training_callbacks(
        self, callbacks: list[keras.callbacks.Callback]
    ) -> list[keras.callbacks.Callback]:
        """The given callbacks, plus a :class:`KLWarmup` if ``kl_warmup_epochs`` > 0 and none is."""
        if self.kl_warmup_epochs and not any(isinstance(c, KLWarmup) for c in callbacks):
            callbacks = [*callbacks, KLWarmup(self.beta, self.kl_warmup_epochs)]
        return callbacks

    def sample(self, n: int, seed: int | None = None) -> np.ndarray:
        """``n`` decoder means at latent codes drawn from the prior, shape (n, *sample)."""
        n = positive_int(n, "n")
        rng = np.random.default_rng(seed)
        if self.prior is not None:
            return self.decode(self.prior.sample(n, rng))
        return self.decode(rng.standard_normal((n, self.latent_dim)).astype("float32"))

    def elbo_terms(self, x: Any, seed: int | None = 0, batch_size: int = 256) -> dict[str, Any]:
        """Per-sample ELBO terms of ``x`` (NumPy arrays of shape (n,), in nats).

        "reconstruction" is -log p(x | z) at one reparameterised sample z ~ q(z | x) (noise from
        ``seed``), "kl" is KL(q(z | x) || p(z)) (closed form; one-sample estimate for the
        mixture prior), "elbo" is -(reconstruction + kl), a lower bound of log p(x). ``beta`` is
        not applied.
        """
        x = self.training_samples(x, "x")
        rng = np.random.default_rng(seed)

        def terms(batch: np.ndarray) -> Any:
            batch = ops.convert_to_tensor(batch)
            z_mean, z_spread, _ = self.encoder(batch, training=False)
            eps = ops.convert_to_tensor(rng.standard_normal(z_mean.shape).astype("float32"))
            reparameterize = (
                reparameterize_full if self.latent == "full" else reparameterize_diagonal
            )
            z = reparameterize(z_mean, z_spread, eps)
            x_mean = self.decoder(z, training=False)
            kl = self.kl_divergence(z_mean, z_spread, z)
            return ops.stack([self.reconstruction_nll(batch, x_mean), kl], axis=1)

        reconstruction, kl = apply_in_batches(terms, x, batch_size).T
        return {"reconstruction": reconstruction, "kl": kl, "elbo": -(reconstruction + kl)}

    def get_config(self) -> dict[str, Any]:
        """The base config plus the latent family, ``n_components``, ``beta`` and the warm-up."""
        return {
            **super().get_config(),
            "latent": self.latent,
            "n_components": self.n_components,
            "beta": self.beta,
            "kl_warmup_epochs": self.kl_warmup_epochs,
        }


class KLWarmup(keras.callbacks.Callback):
    """Ramps a VAE's ``kl_weight`` linearly: ``beta * min(1, epoch / epochs)`` in each epoch.

    ``VAE.fit`` adds one itself when ``kl_warmup_epochs > 0``; the epoch is Keras' absolute
    epoch index, so ``fit(..., initial_epoch=e)`` continues the ramp.
    """

    def __init__(self, beta: float, epochs: int) -> None:
        super().__init__()
        self.beta = float(beta)
        self.epochs = int(epochs)

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        """Set the KL weight for ``epoch``."""
        self.model.kl_weight.assign(self.beta * min(1.0, epoch / self.epochs))

"""The bridge's view of a model: something that encodes data to latent codes and decodes codes.

:class:`Codec` wraps a ``learn`` model (its ``encode``/``decode``), or any Keras model with
``encoder`` and ``decoder`` sub-models (the encoder's first output is taken as the code, as the
keras.io VAE's ``z_mean``). Decoding goes in large batches: one call per batch, never a
``predict`` per path.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from bridge.validation import as_codes
from hottbridge.errors import BridgeError, LearnError
from learn.batching import apply_in_batches

#: Rows per network call: inference keeps no gradients, and one compiled call on 65 536 rows
#: costs about what one eager call on 4 096 does (measured: benchmarks/bridge_laws.py).
BATCH_ROWS = 65_536


class Codec:
    """Encoder and decoder of a trained model, NumPy in and out."""

    def __init__(self, model: Any) -> None:
        encoder = getattr(model, "encoder", None)
        decoder = getattr(model, "decoder", None)
        if encoder is None or decoder is None:
            raise BridgeError(
                f"this model ({type(model).__name__}) has no "
                f"{'encoder' if encoder is None else 'decoder'}: "
                "the bridge needs a model with both (e.g. learn.VAE, learn.Autoencoder, or a "
                "keras.Model with .encoder and .decoder sub-models)"
            )
        self.model, self.encoder, self.decoder = model, encoder, decoder
        try:
            self.sample_shape = tuple(int(d) for d in encoder.inputs[0].shape[1:])
            self.latent_dim = int(decoder.inputs[0].shape[-1])
        except (AttributeError, IndexError, TypeError):
            raise BridgeError(f"cannot read the input shapes of {type(model).__name__}'s encoder "
                              "and decoder: are they built Keras models?") from None

    @classmethod
    def from_functions(cls, encode: Callable[[np.ndarray], Any],
                       decode: Callable[[np.ndarray], Any], *, sample_shape: tuple[int, ...],
                       latent_dim: int) -> Codec:
        """A codec of two NumPy functions (a batch of samples -> codes, codes -> samples): exact
        or hand-made models with no Keras."""
        if not (callable(encode) and callable(decode)):
            raise BridgeError("from_functions needs two functions: encode and decode")
        codec = cls.__new__(cls)
        codec.model = None
        codec.encoder = lambda batch, training=False: encode(np.asarray(batch))
        codec.decoder = lambda batch, training=False: decode(np.asarray(batch))
        codec.sample_shape = tuple(int(d) for d in sample_shape)
        codec.latent_dim = int(latent_dim)
        return codec

    @classmethod
    def load(cls, path: str | Path) -> Codec:
        """A ``.keras`` file saved by ``learn`` (or any model with encoder and decoder), read
        by :func:`learn.load_model` (every ``learn`` class registered); what it refuses is a
        BridgeError."""
        from learn.models import load_model

        if isinstance(path, str | Path) and str(path).strip() and not Path(path).exists():
            raise BridgeError(f"no model file at {path}")
        try:
            model = load_model(path, compile=False)
        except LearnError as error:
            raise BridgeError(str(error)) from None
        return cls(model)

    def _check_data(self, x: Any) -> np.ndarray:
        array = np.asarray(x, dtype=np.float32)
        if array.ndim < 1 or array.shape[0] == 0:
            raise BridgeError(f"data is empty (shape {array.shape})")
        if tuple(array.shape[1:]) != self.sample_shape:
            raise BridgeError(f"data samples have shape {tuple(array.shape[1:])}, but the model "
                              f"expects {self.sample_shape}")
        if not np.isfinite(array).all():
            raise BridgeError("data has non-finite values (NaN or inf)")
        return array

    def _compiled(self, network: Any) -> Callable[[np.ndarray], Any]:
        """``network(batch, training=False)``, traced once into a TensorFlow function when it is
        a Keras network (kept per network: one eager call per batch costs several compiled
        ones); other callables as they are."""
        cache = self.__dict__.setdefault("_calls", {})
        known = cache.get(id(network))
        if known is None or known[0] is not network:
            keras = sys.modules.get("keras")  # a network not built with Keras needs no import
            if keras is not None and isinstance(network, keras.layers.Layer):
                import tensorflow as tf

                call = tf.function(lambda batch: network(batch, training=False),
                                   reduce_retracing=True)
            else:
                def call(batch: np.ndarray) -> Any:
                    return network(batch, training=False)
            known = cache[id(network)] = (network, call)
        return known[1]

    def encode(self, x: Any) -> np.ndarray:
        """Latent codes (the encoder's first output, the mean for a VAE)."""
        x = self._check_data(x)
        codes = apply_in_batches(self._compiled(self.encoder), x, BATCH_ROWS)
        return as_codes(codes.reshape(len(x), -1), "the encoder's codes")

    def decode(self, z: Any) -> np.ndarray:
        """Decoded samples, flattened to (n, features), as float64."""
        return self.decode_native(z).astype(np.float64)

    def decode_native(self, z: Any) -> np.ndarray:
        """Decoded samples, flattened to (n, features), in the dtype the decoder gives (float32
        for a float32 model): a large batch is not copied to float64."""
        z = as_codes(z, "latent codes", dim=self.latent_dim).astype(np.float32)
        decoded = apply_in_batches(self._compiled(self.decoder), z, BATCH_ROWS)
        decoded = decoded.reshape(len(z), -1)
        bad = ~np.isfinite(decoded)
        if bad.any():
            raise BridgeError(f"the decoder's output is not finite: {int(bad.sum())} NaN or inf "
                              f"value(s), first for code {int(np.argwhere(bad)[0][0])} (is the "
                              "model trained, or its weights broken?)")
        return decoded

    def decode_paths(self, batch: np.ndarray) -> np.ndarray:
        """(n, steps + 1, d) latent paths -> (n, steps + 1, features), in one pass, in the
        decoder's dtype (:meth:`decode_native`)."""
        batch = as_codes(batch, "a batch of latent paths", rank=3, dim=self.latent_dim)
        n, m, d = batch.shape
        return self.decode_native(batch.reshape(n * m, d)).reshape(n, m, -1)

    def flatten(self, x: Any) -> np.ndarray:
        """Checked data as (n, features) float64."""
        x = self._check_data(x)
        return x.reshape(len(x), -1).astype(np.float64)


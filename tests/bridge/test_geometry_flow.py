"""The "homotopy type preserved" law along a Ricci flow: kept on a circle cloud and on a tiny
rotating-glyph VAE (Betti (1, 1), degree ±1 at every step), broken — and reported broken — by
surgery; the rebuilt complex at step 0; the figures; bad inputs refused."""

from __future__ import annotations

import os

import numpy as np
import pytest

from bridge.complex import DataComplex
from bridge.geometry import edge_lengths, homotopy_type_preserved, rebuild, ricci_flow
from bridge.geometry.curvature import ollivier_ricci
from bridge.geometry.figures import curvature_figure, flow_figure, volume_figure
from bridge.model import Codec
from bridge.paths import LatentPath
from bridge.realization import Realization
from hott import library
from hottbridge.errors import BridgeError
from learn.data import circle_cloud, rotating_glyph

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def realized_circle(codes: np.ndarray, angle: np.ndarray, landmarks: int
                    ) -> tuple[DataComplex, Realization]:
    """The complex of the codes and the circle realized by the codes in angle order."""
    complex_ = DataComplex(n_landmarks=landmarks, seed=0).fit(codes)
    order = np.argsort(angle)
    loop = LatentPath(np.vstack([codes[order], codes[order[:1]]]))
    return complex_, Realization(library.circle(), complex_, {"base": codes[order[0]]},
                                 {"loop": loop})


@pytest.fixture(scope="module")
def cloud_circle() -> tuple[DataComplex, Realization]:
    cloud = circle_cloud(300, noise=0.02, seed=0)
    return realized_circle(cloud.points, cloud.param("angle"), 60)


def test_the_flow_keeps_the_circle_of_a_circle_cloud(cloud_circle) -> None:
    complex_, realization = cloud_circle
    assert complex_.betti_numbers() == (1, 1, 0) and abs(realization.degree()) == 1
    flow = ricci_flow(edge_lengths(complex_), steps=6, step_size=0.25)
    results = homotopy_type_preserved(complex_, flow, realization)
    assert len(results) == 7 and [r.details["step"] for r in results] == list(range(7))
    for result in results:
        assert result.law == "homotopy type preserved"
        assert result.passed is True and result.checked == 2 and result.failures == 0
        assert result.details["betti"] == (1, 1, 0) and abs(result.details["degree"]) == 1
    assert not np.allclose(flow.weights[-1], flow.weights[0])  # the metric did change


def test_surgery_that_cuts_the_loop_fails_the_law(cloud_circle) -> None:
    complex_, realization = cloud_circle
    flow = ricci_flow(edge_lengths(complex_), steps=3, step_size=0.25, surgery=1.5)
    assert flow.cuts
    results = homotopy_type_preserved(complex_, flow, realization)
    assert results[0].passed is True
    broken = results[-1]
    assert broken.passed is False and broken.failures == 2 and broken.value == 2.0
    assert "Betti numbers" in broken.where and "originally (1, 1, 0)" in broken.where
    assert "no degree" in broken.where and broken.details["cut edges"] > 0
    assert broken.details["betti"][0] > 1  # the cut loop fell apart


def test_without_a_realization_the_degree_is_not_applicable(cloud_circle) -> None:
    complex_, _ = cloud_circle
    flow = ricci_flow(edge_lengths(complex_), steps=1, step_size=0.25)
    results = homotopy_type_preserved(complex_, flow)
    assert all(r.passed is True and r.checked == 1 for r in results)
    assert results[0].details["degree"] == "not applicable: no realization"


def test_rebuilding_at_the_original_scale_gives_the_original_complex(cloud_circle) -> None:
    complex_, _ = cloud_circle
    rebuilt = rebuild(complex_, edge_lengths(complex_), scale=complex_.scale_)
    assert set(rebuilt.graph_.edges()) == set(complex_.graph_.edges())
    assert rebuilt.betti_numbers() == complex_.betti_numbers()
    assert rebuilt.scale_ == complex_.scale_ and complex_.hit_ is not rebuilt.hit_
    chosen = rebuild(complex_, edge_lengths(complex_))
    assert chosen.betti_numbers() == (1, 1, 0)


@pytest.mark.slow
def test_the_flow_keeps_the_circle_of_a_rotating_glyph_vae(tmp_path) -> None:
    """A tiny dense VAE (16×16 glyph, 180 angles, latent 8, 30 epochs) realizes the circle;
    the flow of its data complex, with edge lengths in the decoder's pull-back metric, keeps
    Betti (1, 1) and degree ±1 at every step."""
    from learn.vae import VAE

    data = rotating_glyph(180, size=16)
    model = VAE(data.images.shape[1:], latent_dim=8, architecture="dense", hidden=(128, 64),
                seed=0)
    model.compile(optimizer="adam")
    model.fit(data.images, epochs=30, batch_size=32, verbose=0)
    codec = Codec(model)
    complex_, realization = realized_circle(codec.encode(data.images), data.param("angle"), 60)
    assert complex_.betti_numbers()[:2] == (1, 1) and abs(realization.degree()) == 1
    graph = edge_lengths(complex_, codec)
    flow = ricci_flow(graph, steps=6, step_size=0.25)
    for result in homotopy_type_preserved(complex_, flow, realization):
        assert result.passed is True, result.where
        assert result.details["betti"][:2] == (1, 1) and abs(result.details["degree"]) == 1
    figure = volume_figure(codec, complex_.landmarks_, tmp_path / "volume.png")
    assert figure.stat().st_size > 5000


def test_figures_are_written(cloud_circle, tmp_path) -> None:
    import keras

    complex_, _ = cloud_circle
    graph = edge_lengths(complex_)
    flow = ricci_flow(graph, steps=3, step_size=0.25, surgery=1.5)
    written = [curvature_figure(complex_, ollivier_ricci(graph), tmp_path / "curvature.png"),
               flow_figure(flow, tmp_path / "flow.png")]
    z = keras.Input((2,))
    flat = type("Model", (), {"encoder": keras.Model(z, z), "decoder": keras.Model(
        z, keras.layers.Dense(3)(z))})()
    written.append(volume_figure(flat, complex_.landmarks_, tmp_path / "volume.png", grid=20))
    for path in written:
        assert path.exists() and path.read_bytes()[:4] == b"\x89PNG"
        assert path.stat().st_size > 5000


def test_bad_inputs_are_refused(cloud_circle) -> None:
    complex_, realization = cloud_circle
    flow = ricci_flow(edge_lengths(complex_), steps=1, step_size=0.25)
    other = DataComplex(n_landmarks=30, seed=0).fit(complex_.codes_)
    with pytest.raises(BridgeError, match="realization is of another data complex"):
        homotopy_type_preserved(other, flow, realization)
    with pytest.raises(BridgeError, match="scale must be a positive number"):
        homotopy_type_preserved(complex_, flow, scale=-1.0)
    with pytest.raises(BridgeError, match="not the complex's landmarks"):
        homotopy_type_preserved(other, flow)
    with pytest.raises(BridgeError, match="not fitted"):
        homotopy_type_preserved(DataComplex(), flow)

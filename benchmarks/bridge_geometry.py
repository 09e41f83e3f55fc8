"""The geometry at scale: pull-back metric tensors for 10 000 codes in one batched call against
a per-point Jacobian loop (reverse-mode ``GradientTape.jacobian``, one code at a time, timed on
a sample and scaled, in the same run); Ollivier–Ricci curvature of a 250-landmark complex."""

from __future__ import annotations

import os
import time

import numpy as np

from benchmarks.harness import Report, median_seconds


def _decoder_model(latent_dim: int):
    from learn.vae import VAE

    return VAE((784,), latent_dim=latent_dim, hidden=(256, 128), seed=0)


def run(quick: bool = False) -> Report:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf

    from bridge.complex import DataComplex
    from bridge.geometry import edge_lengths, ollivier_ricci, pullback_metric
    from learn.data import torus_cloud

    report = Report("bridge_geometry")
    n_codes, latent, sample = (2000 if quick else 10_000), 8, (10 if quick else 30)
    model = _decoder_model(latent)
    codes = np.random.default_rng(0).normal(size=(n_codes, latent))
    pullback_metric(model, codes[:8])  # trace once
    ours = median_seconds(lambda: pullback_metric(model, codes), repeats=1 if quick else 3)

    def per_point() -> None:  # one reverse-mode Jacobian per code
        for point in codes[:sample]:
            z = tf.constant(point[None].astype(np.float32))
            with tf.GradientTape() as tape:
                tape.watch(z)
                out = tf.reshape(model.decoder(z, training=False), (1, -1))
            jacobian = tf.reshape(tape.jacobian(out, z), (-1, latent))
            tf.matmul(jacobian, jacobian, transpose_a=True)

    def per_point_forward() -> None:  # the same forward-mode code, one code per call
        for point in codes[:sample]:
            pullback_metric(model, point[None])

    what = f"metric tensors, {n_codes} codes, latent {latent} -> 784"
    ratios = []
    for label, baseline in [("reverse-mode jacobian per code", per_point),
                            ("pullback_metric per code", per_point_forward)]:
        baseline()  # trace once
        loop = median_seconds(baseline, repeats=3) / sample * n_codes
        ratios.append(loop / ours)
        report.rows.append({"what": what, "seconds": ours, "baseline": label,
                            "baseline s": loop, "ratio": loop / ours})
    report.notes.append(f"baselines timed on {sample} codes and scaled to {n_codes}")
    report.targets["batched metric >= 20x the per-point loops"] = min(ratios) >= 20

    cloud = torus_cloud(5000, seed=0).points
    complex_ = DataComplex(n_landmarks=250, scale=1.2, seed=0).fit(cloud)
    graph = edge_lengths(complex_)
    ollivier_ricci(graph)  # import POT once
    start = time.perf_counter()
    curvature = ollivier_ricci(graph)
    seconds = time.perf_counter() - start
    report.rows.append({"what": f"Ollivier-Ricci, 250-landmark torus complex "
                                f"({graph.number_of_edges()} edges)",
                        "seconds": seconds, "baseline": "none", "baseline s": None,
                        "ratio": None})
    report.notes.append(f"curvature range {min(curvature.values()):.3f} .. "
                        f"{max(curvature.values()):.3f}")
    report.targets["Ollivier-Ricci on 250 landmarks under 5 s"] = seconds < 5
    return report

"""The path laws at scale: 10 000 latent paths of 32 steps, decoded in batches, against the
seed's style of one ``predict`` per path (measured on a sample, in the same run); and building
the data complex with its invariants from 5 000 codes."""

from __future__ import annotations

import itertools
import os

import numpy as np

from benchmarks.harness import Report, median_seconds


def _model(latent_dim: int, features: int):
    import keras

    from learn.autoencoder import Autoencoder

    model = Autoencoder((features,), latent_dim=latent_dim, hidden=(64, 64),
                        likelihood="gaussian", seed=0)
    model.compile(optimizer="adam")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(512, features)).astype("float32")
    model.fit(x, epochs=1, batch_size=128, verbose=0)
    keras.utils.set_random_seed(0)
    return model, x


def run(quick: bool = False) -> Report:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from bridge.complex import DataComplex
    from bridge.laws import PathLaws
    from bridge.paths import LatentPath
    from learn.data import torus_cloud

    report = Report("bridge_laws")
    n_paths, steps, latent = (2000 if quick else 10_000), 32, 8
    model, x = _model(latent, 64)
    laws = PathLaws(model, x, n_landmarks=120, seed=0)
    rng = np.random.default_rng(0)
    ends = laws.codes[rng.integers(len(laws.codes), size=(n_paths, 2))]
    t = np.linspace(0, 1, steps + 1)[None, :, None]
    batch = (1 - t) * ends[:, :1] + t * ends[:, 1:]
    paths = [LatentPath(p) for p in batch]
    starts = x[rng.integers(len(x), size=n_paths)]
    stops = x[rng.integers(len(x), size=n_paths)]

    def batched() -> None:
        laws.endpoints(paths, starts, stops)
        laws.composition(list(itertools.pairwise(paths)))
        laws.region(paths)
        laws.continuity(paths)

    ours = median_seconds(batched, repeats=3)
    sample = 20 if quick else 50

    def per_path() -> None:  # the seed's style: one predict call per path
        for path in paths[:sample]:
            model.decoder.predict(path.points.astype("float32"), verbose=0)

    per_path_seconds = median_seconds(per_path, repeats=3) / sample * n_paths
    report.rows.append({
        "what": f"endpoints, composition, region, continuity on {n_paths} paths x {steps} steps",
        "seconds": ours,
        "per-path predict s": per_path_seconds,
        "ratio": per_path_seconds / ours,
    })
    report.notes.append(f"per-path predict: measured on {sample} paths, scaled to {n_paths}")
    report.targets["4 laws on 10 000 paths under 10 s"] = ours < 10
    report.targets["ratio against per-path predict >= 50"] = per_path_seconds / ours >= 50

    cloud = torus_cloud(5000, seed=0).points
    found: dict[str, object] = {}

    def build() -> None:
        complex_ = DataComplex(n_landmarks=250, seed=0).fit(cloud)
        found["betti"] = complex_.betti_numbers()
        found["pi1"] = complex_.fundamental_group()

    build_seconds = median_seconds(build, repeats=3)
    report.rows.append({"what": "data complex, Betti numbers and π1 from 5 000 codes",
                        "seconds": build_seconds, "per-path predict s": "–", "ratio": "–"})
    report.notes.append(f"the 5 000-point torus: Betti {found['betti']}, π1 on "
                        f"{len(found['pi1'].generators)} generators")
    report.targets["data complex + invariants from 5 000 codes under 15 s"] = build_seconds < 15
    return report

"""The path laws at the speed of their model: every law of a check on 10 000 latent paths of 32
steps, each timed against the bare encoder/decoder passes it needs (the compiled networks on the
same rows, the physical floor), beside the seed's style of one ``predict`` per path (measured
on a sample, in the same run); streaming: the batched laws over growing numbers of paths made
chunk by chunk, with time, its growth exponent and peak memory; and building the data complex
with its invariants from 5 000 codes.

``python -m benchmarks bridge_laws`` runs the default sizes (a couple of minutes);
``python -m benchmarks bridge_laws --full`` streams up to 10⁶ paths.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import time
import tracemalloc

import numpy as np

from benchmarks.harness import Report, median_seconds

#: paths per chunk when streaming
CHUNK = 10_000


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


def _chunks(laws, n_paths: int, steps: int, seed: int):
    """DataPaths joining seeded random chains of data points by straight lines, made one chunk
    at a time (nothing of an earlier chunk is kept)."""
    from bridge.paths import DataPath, LatentPath

    rng = np.random.default_rng(seed)
    t = np.linspace(0, 1, steps + 1)[None, :, None]
    for start in range(0, n_paths, CHUNK):
        chain = rng.integers(len(laws.codes), size=min(CHUNK, n_paths - start) + 1)
        ends = laws.codes[chain]
        batch = (1 - t) * ends[:-1, None] + t * ends[1:, None]
        yield [DataPath(LatentPath(p), int(a), int(b), "linear")
               for p, a, b in zip(batch, chain[:-1], chain[1:], strict=True)]


def _bare_seconds(laws, rows: int, encode_rows: int) -> float:
    """The compiled decoder on ``rows`` codes plus the compiled encoder on ``encode_rows``
    samples: what the laws cannot avoid."""
    from bridge.model import BATCH_ROWS
    from learn.batching import apply_in_batches

    codec = laws.codec
    rng = np.random.default_rng(1)
    z = rng.normal(size=(rows, codec.latent_dim)).astype("float32")
    x = rng.normal(size=(encode_rows, *codec.sample_shape)).astype("float32")
    decode, encode = codec._compiled(codec.decoder), codec._compiled(codec.encoder)

    def bare() -> None:
        if rows:
            apply_in_batches(decode, z, BATCH_ROWS)
        if encode_rows:
            apply_in_batches(encode, x, BATCH_ROWS)

    bare()  # traced once, as the laws' first call is
    return median_seconds(bare, repeats=3)


def _laws_rows(report: Report, model, x, n_paths: int, steps: int, quick: bool):
    from bridge.check import HOMOTOPY_PATHS
    from bridge.laws import PATH_LAWS, PathLaws

    laws = PathLaws(model, x, n_landmarks=120, seed=0)
    paths = next(_chunks(laws, n_paths, steps, seed=0))  # n_paths <= CHUNK: one chunk
    m = steps + 1
    # model rows each law needs (decode rows, encode rows), as it runs in a check
    needs = {"endpoints": (4 * n_paths, 2 * n_paths), "cycle_consistency": (n_paths * m, n_paths * m),
             "continuity": (n_paths * m, 0)}
    total_seconds, rows = 0.0, []
    for law in PATH_LAWS.values():
        cases = law.windows(paths, HOMOTOPY_PATHS if law.decided else None)

        def once(law=law, cases=cases) -> None:
            laws.forget()  # each law timed without an earlier one's batch, curves, projections
            law.check(laws, cases)

        seconds = median_seconds(once, repeats=3)
        decode_rows, encode_rows = needs.get(law.name, (0, 0))
        bare = _bare_seconds(laws, decode_rows, encode_rows) if decode_rows else 0.0
        total_seconds += seconds
        rows.append({"what": f"{law.name} on {len(cases)} cases", "seconds": seconds,
                     "bare passes s": bare if bare else "–",
                     "ratio to bare": seconds / bare if bare else "–"})

    def whole() -> None:  # a check's order, earlier laws' decoded curves reused
        laws.forget()
        for law in PATH_LAWS.values():
            law.check(laws, law.windows(paths, HOMOTOPY_PATHS if law.decided else None))

    whole_seconds = median_seconds(whole, repeats=3)
    # a check decodes the paths once (continuity reuses cycle consistency's curves)
    bare_all = _bare_seconds(laws, 4 * n_paths + n_paths * m, 2 * n_paths + n_paths * m)
    sample = 20 if quick else 50

    def per_path() -> None:  # the seed's style: one predict call per path
        for data_path in paths[:sample]:
            model.decoder.predict(data_path.path.points.astype("float32"), verbose=0)

    per_path_seconds = median_seconds(per_path, repeats=3) / sample * n_paths
    for row in rows:
        row["per-path predict s"] = "–"
    report.rows += rows
    report.rows.append({"what": f"all {len(PATH_LAWS)} laws, one check's order, {n_paths} paths "
                                f"x {steps} steps", "seconds": whole_seconds,
                        "bare passes s": bare_all, "ratio to bare": whole_seconds / bare_all,
                        "per-path predict s": per_path_seconds})
    report.notes.append(f"per-path predict: measured on {sample} paths, scaled to {n_paths}; "
                        f"batched check {per_path_seconds / whole_seconds:.0f}x faster")
    report.notes.append("laws with no model work (composition, region, units, inverses, "
                        "associativity) have no bare passes: their seconds count in the overall "
                        "ratio")
    model_laws = [r for r in rows if r["bare passes s"] != "–"]
    report.targets["every law with model work within 3x its bare passes"] = all(
        r["ratio to bare"] <= 3 for r in model_laws)
    report.targets["all laws of a check within 3x their bare passes"] = \
        whole_seconds / bare_all <= 3
    report.targets["ratio against per-path predict >= 50"] = per_path_seconds / whole_seconds >= 50
    return laws


def _streaming_rows(report: Report, laws, sizes: list[int], steps: int) -> None:
    from bridge.laws import stream

    seconds = []
    for n in sizes:
        laws.forget()
        tracemalloc.start()
        start = time.perf_counter()
        totals = stream(laws, _chunks(laws, n, steps, seed=2), family=n)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        seconds.append(elapsed)
        failed = {name: t["failed"] for name, t in totals.items()}
        report.rows.append({
            "what": f"stream {n} paths in chunks of {CHUNK} (5 batched laws)", "seconds": elapsed,
            "bare passes s": "–", "ratio to bare": "–", "per-path predict s": "–",
            "peak traced MB": peak / 2**20,
            "peak RSS MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
        report.notes.append(f"stream {n}: failures per law {failed}")
    slope = np.polyfit(np.log(sizes), np.log(seconds), 1)[0] if len(sizes) > 1 else math.nan
    report.notes.append(f"streaming time grows as n^{slope:.2f} over n = {sizes}")
    report.targets["streaming time linear in n (exponent <= 1.1)"] = bool(slope <= 1.1)


def run(quick: bool = False, full: bool = False) -> Report:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from bridge.complex import DataComplex
    from learn.data import torus_cloud

    report = Report("bridge_laws")
    n_paths, steps, latent = (2000 if quick else 10_000), 32, 8
    model, x = _model(latent, 64)
    laws = _laws_rows(report, model, x, n_paths, steps, quick)
    sizes = [20_000, 40_000, 80_000] if not full else [20_000, 100_000, 300_000, 1_000_000]
    _streaming_rows(report, laws, [s // 2 for s in sizes] if quick else sizes, steps)
    for row in report.rows:
        row.setdefault("peak traced MB", "–")
        row.setdefault("peak RSS MB", "–")

    cloud = torus_cloud(5000, seed=0).points
    found: dict[str, object] = {}

    def build() -> None:
        complex_ = DataComplex(n_landmarks=250, seed=0).fit(cloud)
        found["betti"] = complex_.betti_numbers()
        found["pi1"] = complex_.fundamental_group()

    build_seconds = median_seconds(build, repeats=3)
    report.rows.append({"what": "data complex, Betti numbers and π1 from 5 000 codes",
                        "seconds": build_seconds, "bare passes s": "–", "ratio to bare": "–",
                        "per-path predict s": "–", "peak traced MB": "–", "peak RSS MB": "–"})
    report.notes.append(f"the 5 000-point torus: Betti {found['betti']}, π1 on "
                        f"{len(found['pi1'].generators)} generators")
    report.targets["data complex + invariants from 5 000 codes under 15 s"] = build_seconds < 15
    return report


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bridge_laws")
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--full", action="store_true", help="stream up to 10^6 paths")
    args = parser.parse_args()
    result = run(quick=args.quick, full=args.full)
    result.print()
    print(f"wrote {result.write()}")

"""Training under ``tf.distribute`` (issue #17): ``MirroredStrategy`` on a CPU split into two
logical devices, and ``MultiWorkerMirroredStrategy`` on two worker processes on localhost. The
split must happen before TensorFlow initialises its devices, so the training runs in fresh
interpreters; the models they save are loaded and checked here."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

TRAINER = textwrap.dedent(
    """
    import json, sys
    import numpy as np
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)

    import keras
    from hottbridge.cli import main
    from hottbridge.errors import LearnError
    from learn.autoencoder import Autoencoder
    from learn.data import digits
    from learn.distribute import build_distributed, resolve_strategy
    from learn.vae import VAE

    folder = sys.argv[1]
    images = digits()[0][:256].reshape(256, 64)
    result = {}

    # 1. the Python API: a VAE on both replicas, loss per epoch, weights, saved
    vae = build_distributed(lambda: VAE((64,), hidden=(32,), seed=0), "mirrored")
    result["replicas"] = vae.distribute_strategy.num_replicas_in_sync
    result["losses"] = vae.fit(images, epochs=6, batch_size=64, verbose=0).history["loss"]
    result["finite"] = all(bool(np.isfinite(w).all()) for w in vae.get_weights())
    vae.save(f"{folder}/mirrored.keras")
    np.save(f"{folder}/codes.npy", vae.encode(images[:8]))
    try:  # 25 samples split 13 + 12: refused before Keras fails on the uneven slices
        vae.fit(images[:25], epochs=1, batch_size=64, verbose=0)
        result["uneven"] = "trained"
    except LearnError as error:
        result["uneven"] = str(error)

    # 2. one SGD step on two replicas equals one step on one device with the whole batch
    def one_step(strategy):
        model = build_distributed(
            lambda: Autoencoder((64,), hidden=(8,), seed=0), strategy, keras.optimizers.SGD(0.5)
        )
        model.fit(images[:64], epochs=1, batch_size=64, shuffle=False, verbose=0)
        return model.get_weights()

    mirrored = resolve_strategy("mirrored")
    one, two = one_step("default"), one_step(mirrored)
    result["step_replicas"] = mirrored.num_replicas_in_sync
    result["step_difference"] = max(float(np.max(np.abs(a - b))) for a, b in zip(one, two))
    result["step_size"] = max(float(np.max(np.abs(a))) for a in one)

    # 3. the command line
    result["cli_status"] = main([
        "train", "vae", "--data", "digits", "--samples", "128", "--epochs", "2",
        "--strategy", "mirrored", "--out", f"{folder}/cli.keras",
    ])
    print(json.dumps(result))
    """
)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("mirrored")
    done = subprocess.run(
        [sys.executable, "-c", TRAINER, str(folder)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return folder, json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_a_vae_trains_on_two_replicas_with_finite_weights_and_falling_loss(trained) -> None:
    _, result = trained
    assert result["replicas"] == 2
    assert result["finite"] is True
    assert "25 samples, which do not split evenly over 2 replicas" in result["uneven"]
    losses = result["losses"]
    assert all(np.isfinite(losses)) and losses[-1] < losses[0]


@pytest.mark.slow
def test_a_step_on_two_replicas_is_the_one_device_step(trained) -> None:
    _, result = trained
    assert result["step_replicas"] == 2
    # summing unscaled replica gradients would double the step: a difference of step size
    assert result["step_difference"] < 1e-5 < result["step_size"]


@pytest.mark.slow
def test_the_mirrored_model_loads_and_checks_like_any_other(trained, tmp_path) -> None:
    import learn
    from hottbridge.cli import main
    from learn.data import digits

    folder, _result = trained
    model = learn.load_model(folder / "mirrored.keras")
    assert type(model).__name__ == "VAE"
    images = digits()[0][:8].reshape(8, 64)
    np.testing.assert_allclose(model.encode(images), np.load(folder / "codes.npy"), atol=1e-6)
    status = main([
        "check", "--model", str(folder / "cli.keras"), "--data", "digits",
        "--out", str(tmp_path / "report"), "--paths", "4", "--steps", "6", "--landmarks", "40",
    ])  # fmt: skip
    assert status == 0
    assert (tmp_path / "report" / "report.json").exists()


@pytest.mark.slow
def test_the_command_line_trains_on_both_replicas(trained) -> None:
    folder, result = trained
    assert result["cli_status"] == 0
    summary = json.loads((folder / "cli.json").read_text())
    assert (summary["strategy"], summary["replicas"]) == ("mirrored", 2)
    assert np.isfinite(summary["final_epoch"]["loss"])


# ------------------------------------------------------- a cluster of two workers
WORKER = textwrap.dedent(
    """
    import json, sys
    import tensorflow as tf
    from learn.data import digits
    from learn.distribute import build_distributed
    from learn.vae import VAE

    strategy = tf.distribute.MultiWorkerMirroredStrategy()  # reads TF_CONFIG
    images = digits()[0][:256].reshape(256, 64)
    model = build_distributed(lambda: VAE((64,), hidden=(32,), seed=0), strategy)
    history = model.fit(images, epochs=4, batch_size=32 * strategy.num_replicas_in_sync,
                        verbose=0)
    task = strategy.cluster_resolver.task_id
    model.save(f"{sys.argv[1]}/worker{task}.keras")  # the chief's is the one to keep
    print(json.dumps({"task": task, "replicas": strategy.num_replicas_in_sync,
                      "losses": history.history["loss"]}))
    """
)


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("localhost", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


@pytest.mark.slow
def test_two_workers_on_localhost_train_one_model(tmp_path) -> None:
    """The multi-worker setup of docs/learn-vae.md, run: two processes, each with its own
    TF_CONFIG for a cluster of two workers on localhost, train one VAE with
    MultiWorkerMirroredStrategy. Each sees 2 replicas in sync and a falling loss (Keras 3
    alone fails the first step here, tensorflow/tensorflow#72388), both end with the same
    weights to the bit, and the chief's saved model loads here."""
    import learn

    cluster = {"worker": [f"localhost:{port}" for port in _free_ports(2)]}
    workers = []
    for index in range(2):
        config = {"cluster": cluster, "task": {"type": "worker", "index": index}}
        env = dict(os.environ, TF_CONFIG=json.dumps(config), CUDA_VISIBLE_DEVICES="")
        workers.append(subprocess.Popen(
            [sys.executable, "-c", WORKER, str(tmp_path)], env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE))  # fmt: skip
    results = []
    try:
        for worker in workers:
            out, err = worker.communicate(timeout=300)
            assert worker.returncode == 0, err[-3000:]
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for worker in workers:
            worker.kill()
    assert [r["task"] for r in results] == [0, 1]
    assert all(r["replicas"] == 2 for r in results)
    for r in results:
        assert np.isfinite(r["losses"]).all() and r["losses"][-1] < r["losses"][0]
    chief, other = (learn.load_model(tmp_path / f"worker{i}.keras") for i in range(2))
    assert type(chief).__name__ == "VAE"
    for a, b in zip(chief.get_weights(), other.get_weights(), strict=True):
        assert np.array_equal(a, b)

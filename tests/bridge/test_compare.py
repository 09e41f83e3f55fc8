"""compare_latent_spaces: shape invariants, neighbourhood scores, the statement, errors."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bridge import compare
from bridge.compare import LatentComparison, compare_latent_spaces
from hottbridge.errors import BridgeError
from learn.data import circle_cloud, disk_cloud

N, LANDMARKS = 300, 80


def similar_copy(points: np.ndarray, *, angle: float, factor: float, dim: int,
                 seed: int = 0) -> np.ndarray:
    """``points`` rotated by ``angle``, scaled by ``factor``, embedded isometrically in R^dim
    and translated: a similarity, so every shape invariant is unchanged up to scale."""
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    rng = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(rng.standard_normal((dim, 2)))
    return factor * (points @ rotation.T) @ basis.T + rng.standard_normal(dim)


@pytest.fixture(scope="module")
def circle() -> np.ndarray:
    return circle_cloud(N, noise=0.05, seed=1).points


@pytest.fixture(scope="module")
def circle_vs_copy(circle) -> LatentComparison:
    copy = similar_copy(circle, angle=0.7, factor=3.0, dim=5)
    return compare_latent_spaces(circle, copy, n_landmarks=LANDMARKS)


def test_similar_copy_has_the_same_shape_and_the_same_neighbours(circle_vs_copy) -> None:
    result = circle_vs_copy
    assert result.betti == ((1, 1, 0), (1, 1, 0)) and result.same_betti
    assert result.latent_dims == (2, 5) and result.n_samples == N
    assert result.normalized and max(result.bottleneck) < 1e-9
    assert result.trustworthiness > 0.999 and result.continuity > 0.999
    assert result.knn_overlap > 0.99
    assert result.diameters[1] == pytest.approx(3.0 * result.diameters[0])
    assert "necessary, never sufficient" in result.statement
    assert " ".join(result.statement.split()) in " ".join(str(result).split())  # wrapped


def test_diagrams_are_the_landmark_barcode_with_one_infinite_component(circle_vs_copy) -> None:
    for space, data_complex in zip(circle_vs_copy.diagrams, circle_vs_copy.complexes,
                                   strict=True):
        h0, h1 = space
        assert h0.shape[1] == h1.shape[1] == 2
        assert np.all(h0[:, 0] == 0) and np.isinf(h0[:, 1]).sum() == 1
        assert np.all(np.isfinite(h1)) and np.all(h1[:, 1] > h1[:, 0])
        bars = data_complex.scale_choice_.barcode
        assert len(h0) + len(h1) == len(bars)
        # the circle: one H1 class lives far longer than any other
        lifetimes = np.sort(h1[:, 1] - h1[:, 0])
        assert lifetimes[-1] > 3 * lifetimes[-2]


def test_rescaling_changes_raw_bottleneck_but_not_the_normalised_one(circle) -> None:
    copy = similar_copy(circle, angle=0.0, factor=5.0, dim=2)
    raw = compare_latent_spaces(circle, copy, n_landmarks=LANDMARKS, normalize=False)
    scaled = compare_latent_spaces(circle, copy, n_landmarks=LANDMARKS)
    assert not raw.normalized and raw.bottleneck[1] > 1.0
    assert max(scaled.bottleneck) < 1e-9
    assert "raw units" in raw.statement and "landmark diameter" in scaled.statement
    # raw diagrams are in each space's own units: they scale with the space
    longest = [float(np.max(d[1][:, 1] - d[1][:, 0])) for d in raw.diagrams]
    assert longest[1] == pytest.approx(5.0 * longest[0])


def test_circle_and_disk_differ_in_shape_and_the_statement_says_so() -> None:
    ring = circle_cloud(N, seed=1).points
    disk = disk_cloud(N, seed=1).points
    result = compare_latent_spaces(ring, disk, n_landmarks=LANDMARKS)
    assert result.betti == ((1, 1, 0), (1, 0, 0)) and not result.same_betti
    assert "differ" in result.statement and "proves" in result.statement
    assert "never sufficient" not in result.statement.splitlines()[0]
    assert "(differ)" in str(result)
    assert result.bottleneck[1] > 0.2  # the circle's long H1 bar has no partner in the disk


def test_permuted_rows_keep_the_shape_but_lose_the_neighbours(circle) -> None:
    shuffled = circle[np.random.default_rng(3).permutation(N)]
    result = compare_latent_spaces(circle, shuffled, n_landmarks=LANDMARKS, k=10)
    assert result.same_betti  # the same point set: shape cannot tell the encoders apart
    assert result.knn_chance == pytest.approx(10 / (N - 1))
    assert abs(result.knn_overlap - result.knn_chance) < 0.03
    assert result.trustworthiness < 0.6 and result.continuity < 0.6


@settings(deadline=None, max_examples=25)
@given(seed=st.integers(0, 10_000), n=st.integers(24, 60), dim=st.integers(1, 4),
       k=st.integers(1, 8))
def test_a_space_compared_with_itself(seed: int, n: int, dim: int, k: int) -> None:
    codes = np.random.default_rng(seed).standard_normal((n, dim)) * (1 + seed % 7)
    result = compare_latent_spaces(codes, codes, n_landmarks=20, k=k, seed=seed)
    assert result.bottleneck == (0.0, 0.0)
    assert result.knn_overlap == 1.0
    assert result.trustworthiness == pytest.approx(1.0) and result.continuity == pytest.approx(1.0)
    assert result.betti[0] == result.betti[1]


def test_same_seed_same_result_and_json_keys(circle) -> None:
    copy = similar_copy(circle, angle=1.0, factor=0.5, dim=3)
    first = compare_latent_spaces(circle, copy, n_landmarks=40, k=np.int64(10),
                                  seed=np.int64(4)).to_dict()
    again = compare_latent_spaces(circle, copy, n_landmarks=40, seed=4).to_dict()
    assert first == again
    assert list(first) == [
        "n_samples", "latent_dims", "betti", "same_betti", "scales", "diameters", "diagrams",
        "normalized", "bottleneck", "k", "trustworthiness", "continuity", "knn_overlap",
        "knn_chance", "neighbourhood_rows", "subsampled", "seed", "statement",
    ]
    assert set(first["diagrams"]) == set(first["bottleneck"]) == {"H0", "H1"}
    text = json.dumps(first, allow_nan=False)  # no NaN or inf leaks into JSON
    h0_first = first["diagrams"]["H0"][0]
    assert [death for _, death in h0_first].count("inf") == 1
    assert json.loads(text) == first


def test_infinite_bottleneck_when_the_components_that_never_die_differ(monkeypatch) -> None:
    real = compare._diagrams
    calls = iter([0, 1])

    def one_extra_component(data_complex):
        h0, h1 = real(data_complex)
        if next(calls):
            h0 = np.vstack([h0, [[0.0, math.inf]]])
        return h0, h1

    monkeypatch.setattr(compare, "_diagrams", one_extra_component)
    codes = circle_cloud(60, seed=2).points
    result = compare_latent_spaces(codes, codes, n_landmarks=20)
    assert math.isinf(result.bottleneck[0]) and result.bottleneck[1] == 0.0
    assert result.to_dict()["bottleneck"]["H0"] == "inf"
    assert "never die" in result.statement and "H0 inf" in str(result)


def test_neighbourhood_scores_subsample_large_inputs_deterministically(circle) -> None:
    copy = similar_copy(circle, angle=0.3, factor=2.0, dim=4)
    result = compare_latent_spaces(circle, copy, n_landmarks=40, k=5, max_rows=100, seed=2)
    assert result.subsampled and result.neighbourhood_rows == 100 and result.n_samples == N
    assert "seeded subsample of 300" in result.statement
    assert result.knn_chance == pytest.approx(5 / 99) and result.knn_overlap > 0.99
    again = compare_latent_spaces(circle, copy, n_landmarks=40, k=5, max_rows=100, seed=2)
    assert again.to_dict() == result.to_dict()
    whole = compare_latent_spaces(circle, copy, n_landmarks=40, k=5, max_rows=N, seed=2)
    assert not whole.subsampled and "subsample" not in whole.statement


@pytest.mark.parametrize(
    ("first", "second", "kwargs", "match"),
    [
        (np.zeros((30, 2)), np.zeros((31, 2)), {}, "Z1 has 30 rows but Z2 has 31"),
        (np.full((30, 2), np.nan), np.zeros((30, 2)), {}, "Z1 has 60 non-finite"),
        (np.zeros((30, 2)), np.array([[np.inf, 0.0]] * 30), {}, "Z2 has 30 non-finite"),
        (np.empty((0, 2)), np.empty((0, 2)), {}, "Z1 needs at least 2 row"),
        (np.arange(30.0), np.arange(30.0), {}, "Z1 must have rank 2"),
        (np.zeros((30, 2)), [["a", "b"]] * 30, {}, "Z2 must be numeric"),
        (np.zeros((30, 2)), np.zeros((30, 2)), {"k": 15}, "k=15 is too large for 30 rows"),
        (np.zeros((30, 2)), np.zeros((30, 2)), {"k": 0}, "k must be an integer >= 1"),
        (np.zeros((30, 2)), np.zeros((30, 2)), {"k": True}, "k must be an integer"),
        (np.zeros((30, 2)), np.zeros((30, 2)), {"max_rows": 2}, "max_rows must be"),
        (np.zeros((30, 2)), np.zeros((30, 2)), {"seed": -1}, "seed must be an integer >= 0"),
        (np.zeros((30, 2)), np.zeros((30, 2)), {"n_landmarks": 1}, "n_landmarks must be"),
    ],
)
def test_bad_input_raises_bridge_error(first, second, kwargs, match) -> None:
    with pytest.raises(BridgeError, match=match):
        compare_latent_spaces(first, second, **kwargs)

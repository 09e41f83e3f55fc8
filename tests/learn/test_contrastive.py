"""SiameseNet, TripletNet, SimCLR, the pair/triplet helpers, the augmenter and linear_probe."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hottbridge.errors import LearnError
from learn.augment import augmenter
from learn.contrastive_losses import contrastive_loss, nt_xent, triplet_loss
from learn.data.digits import digits
from learn.metric_nets import SiameseNet, TripletNet
from learn.pairs import make_pairs, make_triplets
from learn.probe import linear_probe
from learn.simclr import SimCLR

N_IMAGES = 96


@pytest.fixture(scope="module")
def images_and_labels() -> tuple[np.ndarray, np.ndarray]:
    x, y = digits()
    return x[:N_IMAGES], y[:N_IMAGES]


def compiled(model: keras.Model, learning_rate: float = 3e-3) -> keras.Model:
    model.compile(optimizer=keras.optimizers.Adam(learning_rate))
    return model


def same_weights(a: keras.Model, b: keras.Model) -> bool:
    return all(np.array_equal(u, v) for u, v in zip(a.get_weights(), b.get_weights(), strict=True))


def reloaded(model: keras.Model, folder) -> keras.Model:
    path = folder / f"{model.name}.keras"
    model.save(path)
    return keras.saving.load_model(path)


# --- pairs and triplets -------------------------------------------------------------------


def identifiable(labels: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Samples whose single feature is their own index, so a row names its source sample."""
    return np.arange(len(labels), dtype=np.float32)[:, None], np.array(labels)


label_lists = st.lists(st.integers(0, 3), min_size=2, max_size=30).filter(
    lambda labels: len(set(labels)) >= 2
)


@settings(max_examples=40)
@given(label_lists, st.integers(1, 3), st.integers(0, 1000))
def test_pairs_are_balanced_and_labelled_truthfully(labels, per_sample, seed) -> None:
    x, y = identifiable(labels)
    left, right, same = make_pairs(x, y, per_sample=per_sample, seed=seed)
    i, j = left[:, 0].astype(int), right[:, 0].astype(int)
    assert len(same) == 2 * per_sample * len(labels)
    assert same.sum() == per_sample * len(labels)
    assert np.array_equal(same == 1, y[i] == y[j])
    counts = np.bincount(y)
    alone = counts[y[i]] == 1
    assert np.all((i != j) | alone | (same == 0))  # a positive partner is never the sample
    assert np.array_equal(np.sort(i), np.repeat(np.arange(len(labels)), 2 * per_sample))


@settings(max_examples=40)
@given(label_lists, st.integers(0, 1000))
def test_triplets_have_a_positive_and_a_negative(labels, seed) -> None:
    x, y = identifiable(labels)
    anchor, positive, negative = (part[:, 0].astype(int) for part in make_triplets(x, y, seed=seed))
    assert sorted(anchor) == list(range(len(labels)))
    assert np.array_equal(y[anchor], y[positive])
    assert np.all(y[anchor] != y[negative])
    alone = np.bincount(y)[y[anchor]] == 1
    assert np.all((anchor != positive) | alone)


@pytest.mark.parametrize("helper", [make_pairs, make_triplets])
def test_helpers_are_deterministic_in_the_seed(helper) -> None:
    x, y = identifiable([0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
    first, again, other = helper(x, y, seed=3), helper(x, y, seed=3), helper(x, y, seed=4)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not all(np.array_equal(a, b) for a, b in zip(first, other, strict=True))


@pytest.mark.parametrize("helper", [make_pairs, make_triplets])
@pytest.mark.parametrize(
    ("x", "labels", "message"),
    [
        (np.zeros((4, 2)), [0, 0, 0, 0], "at least 2 are needed"),
        (np.zeros((4, 2)), [0, 1, 0], "3 entries but there are 4 samples"),
        (np.zeros((4, 2)), [[0, 1], [0, 1]], "must be a 1-D array"),
        (np.zeros((4, 2)), [0.0, 1.0, np.nan, 1.0], "NaN or inf"),
        (np.zeros((0, 2)), [], "empty"),
        (np.array([[0.0, np.nan], [1, 1]]), [0, 1], "non-finite"),
        (np.zeros(4), [0, 1, 0, 1], "rank"),
        ([["a", "b"], ["c", "d"]], [0, 1], "numeric"),
    ],
)
def test_helpers_refuse_bad_data(helper, x, labels, message) -> None:
    with pytest.raises(LearnError, match=message):
        helper(x, labels)


def test_helpers_refuse_a_non_positive_count() -> None:
    with pytest.raises(LearnError, match="per_sample must be at least 1"):
        make_pairs(np.zeros((2, 1)), [0, 1], per_sample=0)


# --- augmenter ----------------------------------------------------------------------------


def test_augmenter_is_seeded_random_in_training_and_identity_otherwise(images_and_labels):
    x = images_and_labels[0][:16]
    views = [np.asarray(augmenter((8, 8, 1), seed=5)(x, training=True)) for _ in range(2)]
    assert np.array_equal(views[0], views[1])  # same seed, same first view
    view = augmenter((8, 8, 1), seed=5)
    first, second = np.asarray(view(x, training=True)), np.asarray(view(x, training=True))
    assert not np.allclose(first, second)  # two calls, two different views
    assert 0.0 <= first.min() and first.max() <= 1.0
    assert np.array_equal(np.asarray(view(x, training=False)), x)


def test_augmenter_adds_a_channel_to_grayscale_images(images_and_labels) -> None:
    x = images_and_labels[0][:4, :, :, 0]
    assert augmenter((8, 8), seed=0)(x, training=True).shape == (4, 8, 8, 1)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"crop": 0.95}, "crop must be in"),
        ({"brightness": -0.1}, "brightness must be in"),
        ({"contrast": 2.0}, "contrast must be in"),
        ({"blur_probability": 1.5}, "blur_probability must be in"),
        ({"blur_sigma": (0.0, 1.0)}, "blur_sigma must be"),
    ],
)
def test_augmenter_refuses_bad_strengths(options, message) -> None:
    with pytest.raises(LearnError, match=message):
        augmenter((8, 8, 1), **options)


def test_augmenter_refuses_vectors() -> None:
    with pytest.raises(LearnError, match=r"\(H, W\) or \(H, W, C\)"):
        augmenter((8,))


# --- SiameseNet and TripletNet ------------------------------------------------------------


@pytest.fixture(scope="module")
def pairs(images_and_labels):
    return make_pairs(*images_and_labels, seed=0)


@pytest.fixture(scope="module")
def triplets(images_and_labels):
    return make_triplets(*images_and_labels, seed=0)


@pytest.mark.slow
def test_siamese_training_lowers_the_loss_and_survives_save_load(pairs, tmp_path) -> None:
    left, right, same = pairs
    model = compiled(SiameseNet((8, 8, 1), 8, seed=0))
    before = model.evaluate((left, right), same, verbose=0)
    history = model.fit((left, right), same, epochs=2, batch_size=32, verbose=0)
    after = model.evaluate((left, right), same, verbose=0)
    assert after < before
    assert set(history.history) == {"loss"}
    loaded = reloaded(model, tmp_path)
    assert type(loaded) is SiameseNet and loaded.margin == model.margin
    assert same_weights(model, loaded)
    np.testing.assert_array_equal(loaded.embed(left), model.embed(left))
    assert loaded.evaluate((left, right), same, verbose=0) == pytest.approx(after)


@pytest.mark.slow
def test_triplet_training_lowers_the_loss_and_survives_save_load(triplets, tmp_path) -> None:
    model = compiled(TripletNet((8, 8, 1), 8, margin=0.5, seed=0))
    before = model.evaluate(triplets, verbose=0)
    model.fit(triplets, epochs=2, batch_size=32, verbose=0)
    after = model.evaluate(triplets, verbose=0)
    assert after < before
    loaded = reloaded(model, tmp_path)
    assert type(loaded) is TripletNet and loaded.margin == 0.5
    assert same_weights(model, loaded)
    np.testing.assert_array_equal(loaded.embed(triplets[0]), model.embed(triplets[0]))


def test_batch_loss_is_the_mean_contrastive_loss_of_the_embeddings(pairs) -> None:
    left, right, same = (part[:10] for part in pairs)
    model = SiameseNet((8, 8, 1), 4, margin=2.0, seed=1)
    expected = np.mean(contrastive_loss(same, model.embed(left), model.embed(right), 2.0))
    value = model.batch_losses(((left, right), same), training=False)["loss"]
    assert float(value) == pytest.approx(float(expected), rel=1e-5)


def test_triplet_batch_loss_is_the_mean_triplet_loss(triplets) -> None:
    parts = tuple(part[:10] for part in triplets)
    model = TripletNet((8, 8, 1), 4, margin=3.0, seed=1)
    expected = np.mean(triplet_loss(*(model.embed(part) for part in parts), 3.0))
    value = model.batch_losses((parts,), training=False)["loss"]
    assert float(value) == pytest.approx(float(expected), rel=1e-5)


def test_vector_inputs_get_a_dense_encoder() -> None:
    model = SiameseNet((5,), 3, hidden=(8,), seed=0)
    embedding = model.embed(np.ones((7, 5)))
    assert embedding.shape == (7, 3) and embedding.dtype == np.float32
    assert model.embed(np.ones((7, 5)), batch_size=2).tolist() == embedding.tolist()


@pytest.mark.parametrize("cls", [SiameseNet, TripletNet])
def test_same_seed_same_weights(cls) -> None:
    assert same_weights(cls((6,), 2, seed=4), cls((6,), 2, seed=4))
    assert not same_weights(cls((6,), 2, seed=4), cls((6,), 2, seed=5))


@pytest.fixture(scope="module")
def siamese() -> SiameseNet:
    return compiled(SiameseNet((4,), 2, hidden=(4,), seed=0))


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        (np.ones((3, 4)), np.ones(3), r"x = \(left, right\)"),
        ((np.ones((3, 4)), np.ones((2, 4))), np.ones(3), "3, 2 and 3 rows"),
        ((np.ones((3, 4)), np.ones((3, 4))), np.ones(2), "3, 3 and 2 rows"),
        ((np.ones((3, 4)), np.ones((3, 4))), np.array([0, 1, 2]), "1 .same class. or 0"),
        ((np.ones((3, 5)), np.ones((3, 4))), np.ones(3), r"left samples have shape \(5,\)"),
        ((np.ones((3, 4, 1)), np.ones((3, 4))), np.ones(3), "left must have rank 2"),
        ((np.full((3, 4), np.nan), np.ones((3, 4))), np.ones(3), "left has 12 non-finite"),
        ((np.ones((0, 4)), np.ones((0, 4))), np.ones(0), "left is empty"),
    ],
)
def test_siamese_fit_refuses_bad_data(siamese, x, y, message) -> None:
    with pytest.raises(LearnError, match=message):
        siamese.fit(x, y, verbose=0)


def test_fit_needs_compile() -> None:
    with pytest.raises(LearnError, match="compile the SiameseNet before fit"):
        SiameseNet((4,), 2).fit((np.ones((2, 4)), np.ones((2, 4))), np.ones(2))


def test_validation_data_is_checked(siamese) -> None:
    pair = (np.ones((3, 4)), np.ones((3, 4)))
    with pytest.raises(LearnError, match="left has 12 non-finite"):
        bad = (np.full((3, 4), np.inf), np.ones((3, 4)))
        siamese.fit(pair, np.ones(3), validation_data=(bad, np.ones(3)), verbose=0)


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        ((np.ones((3, 4)),) * 3, np.ones(3), "and no y"),
        ((np.ones((3, 4)),) * 2, None, r"x = \(anchor, positive, negative\)"),
        ((np.ones((3, 4)), np.ones((3, 4)), np.ones((2, 4))), None, r"\[3, 3, 2\] rows"),
        ((np.ones((3, 4)), np.ones((3, 4)), np.ones((3, 3))), None, "negative samples"),
    ],
)
def test_triplet_fit_refuses_bad_data(x, y, message) -> None:
    model = compiled(TripletNet((4,), 2, hidden=(4,), seed=0))
    with pytest.raises(LearnError, match=message):
        model.fit(x, y, verbose=0)


@pytest.mark.parametrize(
    ("x", "message"),
    [(np.ones((2, 3)), r"samples have shape \(3,\)"), (np.ones(4), "rank 2"), ([], "rank 2")],
)
def test_embed_refuses_bad_samples(siamese, x, message) -> None:
    with pytest.raises(LearnError, match=message):
        siamese.embed(x)


def test_embed_refuses_a_bad_batch_size(siamese) -> None:
    with pytest.raises(LearnError, match="batch_size must be at least 1"):
        siamese.embed(np.ones((2, 4)), batch_size=0)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"margin": 0.0}, "margin must be a positive number"),
        ({"embedding_dim": 0}, "embedding_dim must be at least 1"),
        ({"encoder": "dense"}, "encoder must be a keras.Model"),
        ({"architecture": "rnn"}, "architecture must be one of"),
    ],
)
def test_metric_nets_refuse_bad_options(options, message) -> None:
    with pytest.raises(LearnError, match=message):
        TripletNet((4,), **options)


def test_an_encoder_for_another_shape_is_refused() -> None:
    encoder = SiameseNet((5,), 2).encoder
    with pytest.raises(LearnError, match=r"takes samples of shape \(5,\)"):
        SiameseNet((4,), encoder=encoder)


# --- SimCLR -------------------------------------------------------------------------------


def fixed_view_loss(model: SimCLR, images: np.ndarray) -> float:
    """NT-Xent of two views drawn by fresh, fixed-seed augmenters: the same views every call."""
    views = [augmenter((8, 8, 1), seed=seed)(images, training=True) for seed in (11, 12)]
    first, second = (model.projection_head(model.encoder(view)) for view in views)
    return float(np.mean(nt_xent(first, second, model.temperature)))


@pytest.mark.slow
def test_simclr_training_lowers_the_loss_and_survives_save_load(images_and_labels, tmp_path):
    x, y = images_and_labels
    model = compiled(SimCLR((8, 8, 1), width=32, projection_dim=16, seed=0))
    before = fixed_view_loss(model, x)
    history = model.fit(x, epochs=3, batch_size=32, verbose=0)
    assert fixed_view_loss(model, x) < before
    assert set(history.history) == {"loss", "c_acc"}
    assert all(0.0 <= value <= 1.0 for value in history.history["c_acc"])
    loaded = reloaded(model, tmp_path)
    assert type(loaded) is SimCLR and loaded.temperature == model.temperature
    assert same_weights(model, loaded)
    np.testing.assert_array_equal(loaded.embed(x), model.embed(x))
    assert model.embed(x).shape == (N_IMAGES, 32)
    accuracy = linear_probe(model, x[:64], y[:64], x[64:], y[64:])
    assert 0.0 <= accuracy <= 1.0


def test_simclr_takes_grayscale_images_without_a_channel_axis(images_and_labels) -> None:
    x = images_and_labels[0][:8, :, :, 0]
    model = SimCLR((8, 8), width=8, projection_dim=4, filters=(4,), seed=0)
    assert model.embed(x).shape == (8, 8)
    values = model.batch_losses((x,), training=True)
    assert set(values) == {"loss", "c_acc"} and float(values["loss"]) > 0


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        (np.full((4, 8, 8, 1), 2.0), None, r"values in \[2, 2\]; scale them to \[0, 1\]"),
        (np.ones((4, 8, 8, 1)), np.ones(4), "unlabelled images"),
        (np.ones((4, 8, 8)), None, "must have rank 4"),
        (np.ones((4, 6, 6, 1)), None, r"samples have shape \(6, 6, 1\)"),
    ],
)
def test_simclr_fit_refuses_bad_data(x, y, message) -> None:
    model = compiled(SimCLR((8, 8, 1), width=8, projection_dim=4, filters=(4,), seed=0))
    with pytest.raises(LearnError, match=message):
        model.fit(x, y, verbose=0)


@pytest.mark.parametrize(
    ("shape", "options", "message"),
    [
        ((8,), {}, r"\(H, W\) or \(H, W, C\)"),
        ((8, 8, 1), {"temperature": 0.0}, "temperature must be a positive number"),
        ((8, 8, 1), {"projection_dim": 0}, "projection_dim must be at least 1"),
        ((8, 8, 1), {"width": 0}, "width must be at least 1"),
    ],
)
def test_simclr_refuses_bad_options(shape, options, message) -> None:
    with pytest.raises(LearnError, match=message):
        SimCLR(shape, **options)


# --- linear probe -------------------------------------------------------------------------


class Identity:
    """A stand-in model whose embedding is the data itself."""

    def embed(self, x):
        return np.asarray(x, dtype=np.float32)


def test_linear_probe_scores_a_separable_embedding_perfectly() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(80, 2)) + np.repeat([[0, 0], [8, 8]], 40, axis=0)
    y = np.repeat([0, 1], 40)
    order = rng.permutation(80)
    x, y = x[order], y[order]
    assert linear_probe(Identity(), x[:60], y[:60], x[60:], y[60:]) == 1.0


@pytest.mark.parametrize(
    ("model", "y_train", "y_test", "message"),
    [
        (object(), [0, 1, 0, 1], [0, 1], "needs a model with an embed"),
        (Identity(), [0, 0, 0, 0], [0, 1], "single class"),
        (Identity(), [0, 1, 0], [0, 1], "y_train has 3 entries"),
        (Identity(), [0, 1, 0, 1], [0], "y_test has 1 entries"),
    ],
)
def test_linear_probe_refuses_bad_input(model, y_train, y_test, message) -> None:
    with pytest.raises(LearnError, match=message):
        linear_probe(model, np.ones((4, 2)), y_train, np.ones((2, 2)), y_test)

"""Image folders: checked reading through Keras, and the write/read round trip."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import pytest
from PIL import Image

from hottbridge.errors import LearnError
from learn.data import digits, image_folder, rotating_glyph, save_image_folder, scan_image_folder

QUANTUM = 0.5 / 255 + 1e-6  # 8-bit rounding


@pytest.fixture(scope="module")
def some_digits() -> tuple[np.ndarray, np.ndarray]:
    images, labels = digits()
    return images[:40], labels[:40]


def _by_class(labels: np.ndarray) -> np.ndarray:
    """The order image_folder reads a saved set back in: by class, then by input position."""
    return np.lexsort((np.arange(len(labels)), labels))


def test_labelled_round_trip_is_exact_up_to_8_bits(some_digits, tmp_path: Path) -> None:
    images, labels = some_digits
    save_image_folder(images, labels, tmp_path / "set")
    read = image_folder(tmp_path / "set", image_size=None)
    order = _by_class(labels)
    assert read.images.shape == images.shape and read.images.dtype == np.float32
    assert np.abs(read.images - images[order]).max() <= QUANTUM
    assert read.class_names == tuple(str(c) for c in range(10))
    np.testing.assert_array_equal(read.labels, labels[order])


def test_named_classes_come_back_sorted(tmp_path: Path) -> None:
    images = rotating_glyph(6, size=8).images
    labels = np.array([0, 1, 0, 1, 0, 1])
    save_image_folder(images, labels, tmp_path / "set", class_names=["zebra", "ant"])
    read = image_folder(tmp_path / "set", image_size=(8, 8))
    assert read.class_names == ("ant", "zebra")
    names = np.array(["zebra", "ant"])
    assert list(np.array(read.class_names)[read.labels]) == sorted(names[labels])


def test_many_classes_keep_numeric_order(tmp_path: Path) -> None:
    images = np.zeros((12, 4, 4))
    labels = np.arange(12)
    save_image_folder(images, labels, tmp_path / "set")
    read = image_folder(tmp_path / "set", image_size=(4, 4))
    np.testing.assert_array_equal(read.labels, labels)
    assert read.class_names[:3] == ("00", "01", "02")


def test_flat_round_trip_keeps_the_order_and_colour(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    images = rng.uniform(0, 1, (7, 5, 6, 3)).astype(np.float32)
    save_image_folder(images, None, tmp_path / "flat")
    read = image_folder(tmp_path / "flat", image_size=None, color_mode="rgb", labels=None)
    assert read.labels is None and read.class_names is None
    assert np.abs(read.images - images).max() <= QUANTUM


def test_flat_reading_includes_subfolders_and_resizes(some_digits, tmp_path: Path) -> None:
    images, labels = some_digits
    save_image_folder(images[:10], labels[:10], tmp_path / "set")
    read = image_folder(tmp_path / "set", image_size=(16, 16), labels=None)
    assert read.images.shape == (10, 16, 16, 1)


def test_as_dataset_gives_scaled_batches_and_class_names(some_digits, tmp_path: Path) -> None:
    images, labels = some_digits
    save_image_folder(images, labels, tmp_path / "set")
    dataset = image_folder(tmp_path / "set", image_size=(8, 8), batch_size=16, as_numpy=False)
    assert dataset.class_names == tuple(str(c) for c in range(10))
    batches = list(dataset.as_numpy_iterator())
    assert [len(b[1]) for b in batches] == [16, 16, 8]
    assert max(b[0].max() for b in batches) <= 1.0


def test_shuffling_is_seeded(some_digits, tmp_path: Path) -> None:
    images, labels = some_digits
    save_image_folder(images, labels, tmp_path / "set")

    def read(seed: int) -> np.ndarray:
        return image_folder(tmp_path / "set", image_size=None, shuffle=True, seed=seed).labels

    assert np.array_equal(read(1), read(1))
    assert not np.array_equal(read(1), read(2))
    assert sorted(read(1)) == sorted(labels)


def _good_png(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.zeros((4, 4), np.uint8)).save(path)


def test_unreadable_files_are_all_listed(tmp_path: Path) -> None:
    _good_png(tmp_path / "a" / "good.png")
    _good_png(tmp_path / "b" / "good.png")
    (tmp_path / "a" / "garbage.jpg").write_bytes(b"not an image")
    data = (tmp_path / "a" / "good.png").read_bytes()
    (tmp_path / "b" / "cut.png").write_bytes(data[: len(data) // 2])
    Image.fromarray(np.zeros((4, 4), np.uint8)).save(tmp_path / "b" / "tiff.png", format="TIFF")
    (tmp_path / "b" / "notes.txt").write_text("ignored: not an image extension")
    with pytest.raises(LearnError, match="3 of 5 image file") as error:
        image_folder(tmp_path)
    message = str(error.value)
    assert "garbage.jpg" in message and "cut.png" in message and "TIFF" in message
    assert "good.png" not in message and "notes.txt" not in message


def test_long_lists_of_bad_files_are_cut(tmp_path: Path) -> None:
    for i in range(25):
        (tmp_path / "c" / f"{i}.png").parent.mkdir(exist_ok=True)
        (tmp_path / "c" / f"{i}.png").write_bytes(b"")
    with pytest.raises(LearnError, match="and 5 more"):
        scan_image_folder(tmp_path)


@pytest.mark.parametrize(
    ("layout", "kwargs", "message"),
    [
        ({}, {"path": "missing"}, "does not exist"),
        ({"file.png": True}, {"path": "file.png"}, "is a file, not a folder"),
        ({}, {}, "no class subfolders"),
        ({"top.png": True}, {}, "no class subfolders"),
        ({"a/x.png": True, "b/readme.txt": False}, {}, r"1 class folder\(s\).*b"),
        ({}, {"labels": None}, "holds no image files"),
        ({"a/x.png": True}, {"labels": "int"}, "labels must be 'inferred' or None"),
        ({"a/x.png": True}, {"color_mode": "cmyk"}, "color_mode must be one of"),
        ({"a/x.png": True}, {"image_size": 28}, r"image_size must be \(height, width\)"),
        ({"a/x.png": True}, {"image_size": (0, 4)}, "image_size must be at least 1"),
        ({"a/x.png": True}, {"batch_size": 0}, "batch_size must be at least 1"),
    ],
)
def test_bad_folders_raise_learn_errors(tmp_path: Path, layout, kwargs, message: str) -> None:
    for name, is_image in layout.items():
        if is_image:
            _good_png(tmp_path / name)
        else:
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_text("text")
    path = tmp_path / kwargs.pop("path", ".")
    with pytest.raises(LearnError, match=message):
        image_folder(path, **kwargs)


def test_mixed_sizes_need_an_image_size(tmp_path: Path) -> None:
    _good_png(tmp_path / "a" / "x.png")
    Image.fromarray(np.zeros((5, 4), np.uint8)).save(tmp_path / "a" / "y.png")
    with pytest.raises(LearnError, match="2 different sizes"):
        image_folder(tmp_path, image_size=None)


@pytest.mark.parametrize(
    ("images", "labels", "kwargs", "message"),
    [
        (np.zeros((2, 4, 4)), [0, 1, 2], {}, "labels has 3 entries but there are 2 images"),
        (np.zeros((2, 4, 4)), [0, -1], {}, "non-negative integers"),
        (np.zeros((2, 4, 4)), [0, 0.5], {}, "non-negative integers"),
        (np.zeros((2, 4, 4)), [0, 2], {"class_names": ["a", "b"]}, "2 names but labels go up"),
        (np.zeros((2, 4, 4)), [0, 1], {"class_names": ["a", "a"]}, "duplicates"),
        (np.zeros((2, 4, 4)), [0, 1], {"class_names": ["a", "../b"]}, "cannot be folder names"),
        (np.full((2, 4, 4), 2.0), None, {}, r"scaled to \[0, 1\]"),
        (np.zeros((2, 4, 4, 2)), None, {}, "1, 3 or 4 channels"),
        (np.zeros((4, 4)), None, {}, "rank 3 to 4"),
        ([["x"]], None, {}, "must be numeric"),
    ],
)
def test_bad_saves_raise_learn_errors(tmp_path: Path, images, labels, kwargs, message) -> None:
    with pytest.raises(LearnError, match=message):
        save_image_folder(images, labels, tmp_path / "out", **kwargs)


def test_save_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.png").write_bytes(b"")
    with pytest.raises(LearnError, match="not an empty folder"):
        save_image_folder(np.zeros((1, 4, 4)), None, tmp_path / "out")

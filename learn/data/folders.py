"""Folders of image files in and out: read a labelled tree through Keras, write a generated set.

:func:`image_folder` checks every file before Keras sees it, so a missing path, an empty
folder or an unreadable file is a :class:`LearnError` listing what is wrong rather than a
TensorFlow trace halfway through training. :func:`save_image_folder` writes PNGs in the layout
:func:`image_folder` reads back.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from hottbridge.errors import LearnError
from learn.validation import as_float_array, positive_int

#: the file extensions Keras' image_dataset_from_directory reads; other files are ignored
EXTENSIONS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
#: formats (as PIL names them) that TensorFlow's image decoder understands
DECODABLE = frozenset({"BMP", "GIF", "JPEG", "MPO", "PNG"})
COLOR_MODES = {"grayscale": 1, "rgb": 3, "rgba": 4}
CHANNELS = (1, 3, 4)
MAX_LISTED = 20
SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.+-]*$")


@dataclass(frozen=True)
class ImageFolder:
    """Images (n, height, width, channels) float32 in [0, 1]; with ``labels="inferred"``, labels
    (n,) int64 that index ``class_names`` (the subfolder names, sorted)."""

    images: np.ndarray
    labels: np.ndarray | None
    class_names: tuple[str, ...] | None


def _image_files(folder: Path) -> list[Path]:
    """Image files under ``folder`` in Keras' order (folders, then names, sorted)."""
    return [
        Path(root) / name
        for root, _, names in sorted(os.walk(folder), key=lambda entry: entry[0])
        for name in sorted(names)
        if name.lower().endswith(EXTENSIONS)
    ]


def _listing(items: list[str]) -> str:
    shown = "\n  ".join(items[:MAX_LISTED])
    more = f"\n  ... and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else ""
    return f"\n  {shown}{more}"


def _class_folders(root: Path) -> list[Path]:
    """The class subfolders Keras infers labels from; each must hold at least one image."""
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not folders:
        raise LearnError(
            f"{root} has no class subfolders: put each class's images in a subfolder named "
            "after the class, or pass labels=None to read a flat folder"
        )
    empty = [str(folder) for folder in folders if not _image_files(folder)]
    if empty:
        raise LearnError(
            f"{len(empty)} class folder(s) of {root} hold no {'/'.join(EXTENSIONS)} image:"
            f"{_listing(empty)}\nadd images or remove the folder(s)"
        )
    return folders


def _refuse_links_out_of(root: Path) -> None:
    """:class:`LearnError` listing every symlink below ``root`` (file or folder) whose target
    lies outside ``root``: a data folder is read from inside itself only."""
    inside = root.resolve()
    escaping = []
    for folder, subfolders, names in os.walk(root):
        for name in [*subfolders, *names]:
            entry = Path(folder) / name
            if entry.is_symlink() and not entry.resolve().is_relative_to(inside):
                escaping.append(f"{entry} -> {entry.resolve()}")
    if escaping:
        raise LearnError(
            f"{len(escaping)} symlink(s) under {root} point outside it:{_listing(escaping)}\n"
            "copy the files into the folder or remove the links"
        )


def _problem(path: Path) -> str | None:
    """Why TensorFlow could not decode the image file ``path``, or None if it can."""
    try:
        with Image.open(path) as image:
            found = image.format
            image.verify()
    except Exception as error:  # noqa: BLE001 - PIL raises many kinds for a bad file
        return f"{type(error).__name__}: {error}"
    if found not in DECODABLE:
        return f"a {found} image, which TensorFlow cannot decode: convert it to PNG or JPEG"
    return None


def _sizes(files: list[Path]) -> set[tuple[int, int]]:
    """The distinct (height, width) of the image files."""
    sizes = set()
    for path in files:
        with Image.open(path) as image:
            sizes.add((image.height, image.width))
    return sizes


def scan_image_folder(path: str | os.PathLike[str], labels: str | None = "inferred") -> list[Path]:
    """The image files Keras will read from ``path``, each checked to decode.

    Raises :class:`LearnError` for a missing path, a path that is not a folder, no class
    subfolders (with ``labels="inferred"``), empty class folders, no image files at all, symlinks
    that point outside ``path``, and files that do not decode (all listed).
    """
    root = Path(path)
    if labels not in ("inferred", None):
        raise LearnError(f"labels must be 'inferred' or None, got {labels!r}")
    if not root.exists():
        raise LearnError(
            f"image folder {root} does not exist: give a folder of images, one subfolder per "
            "class (or a flat folder with labels=None)"
        )
    if not root.is_dir():
        raise LearnError(f"{root} is a file, not a folder of images")
    _refuse_links_out_of(root)
    folders = _class_folders(root) if labels == "inferred" else [root]
    files = [file for folder in folders for file in _image_files(folder)]
    if not files:
        raise LearnError(f"{root} holds no image files (looked for {', '.join(EXTENSIONS)})")
    bad = [f"{file}: {why}" for file in files if (why := _problem(file))]
    if bad:
        raise LearnError(
            f"{len(bad)} of {len(files)} image file(s) under {root} cannot be read:"
            f"{_listing(bad)}\nfix or remove them"
        )
    return files


def _check_options(color_mode: str, image_size: Any, batch_size: int) -> None:
    if color_mode not in COLOR_MODES:
        raise LearnError(f"color_mode must be one of {sorted(COLOR_MODES)}, got {color_mode!r}")
    if image_size is not None and (
        not isinstance(image_size, tuple | list) or len(image_size) != 2
    ):
        raise LearnError(f"image_size must be (height, width) or None, got {image_size!r}")
    for side in image_size or ():
        positive_int(side, "image_size")
    positive_int(batch_size, "batch_size")


def image_folder(
    path: str | os.PathLike[str],
    image_size: tuple[int, int] | None = (28, 28),
    color_mode: str = "grayscale",
    batch_size: int = 32,
    labels: str | None = "inferred",
    shuffle: bool = False,
    seed: int = 0,
    as_numpy: bool = True,
) -> Any:
    """Read a folder of images, scaled to [0, 1] float32, resized to ``image_size``.

    With ``labels="inferred"`` each subfolder of ``path`` is a class (names sorted, label i is
    ``class_names[i]``); with ``labels=None`` every image below ``path`` is read, unlabelled.
    ``image_size=None`` keeps the files' own size (they must all agree). Files are checked first
    (see :func:`scan_image_folder`). Order is sorted by path unless ``shuffle`` (seeded).

    Returns an :class:`ImageFolder` of numpy arrays when ``as_numpy``, else the batched
    ``tf.data.Dataset`` of ``(images, labels)`` (or images alone), with ``.class_names``.
    """
    _check_options(color_mode, image_size, batch_size)
    files = scan_image_folder(path, labels)
    if image_size is None:
        sizes = _sizes(files)
        if len(sizes) > 1:
            raise LearnError(
                f"images under {path} have {len(sizes)} different sizes {sorted(sizes)[:5]}: "
                "pass image_size=(height, width) to resize them to one size"
            )
        image_size = sizes.pop()
    import keras  # deferred: importing Keras costs seconds, and only this function needs it

    dataset = keras.utils.image_dataset_from_directory(
        str(path),
        labels=labels,
        label_mode="int" if labels else None,
        color_mode=color_mode,
        batch_size=batch_size,
        image_size=tuple(image_size),
        shuffle=shuffle,
        seed=seed,
        verbose=False,
    )
    class_names = tuple(dataset.class_names) if labels else None
    if labels:
        dataset = dataset.map(lambda images, targets: (images / 255.0, targets))
    else:
        dataset = dataset.map(lambda images: images / 255.0)
    if not as_numpy:
        dataset.class_names = class_names
        return dataset
    batches = list(dataset.as_numpy_iterator())
    if not labels:
        return ImageFolder(np.concatenate(batches).astype(np.float32), None, None)
    images = np.concatenate([batch[0] for batch in batches]).astype(np.float32)
    targets = np.concatenate([batch[1] for batch in batches]).astype(np.int64)
    return ImageFolder(images, targets, class_names)


def _label_array(labels: Any, n: int) -> np.ndarray:
    """``labels`` as n non-negative ints, or a :class:`LearnError`."""
    values = as_float_array(labels, "labels", min_rank=1, max_rank=1, dtype=np.float64)
    if len(values) != n:
        raise LearnError(f"labels has {len(values)} entries but there are {n} images")
    if np.any(values < 0) or np.any(values != np.round(values)):
        raise LearnError("labels must be non-negative integers (class indices)")
    return values.astype(np.int64)


def _folder_names(labels: np.ndarray, class_names: Any) -> list[str]:
    """One safe folder name per class index: ``class_names`` or zero-padded label numbers.

    Zero padding keeps numeric order equal to the alphanumeric order Keras sorts classes by.
    """
    if class_names is None:
        width = len(str(int(labels.max())))
        return [f"{label:0{width}d}" for label in range(int(labels.max()) + 1)]
    names = [str(name) for name in class_names]
    if len(names) <= labels.max():
        raise LearnError(
            f"class_names has {len(names)} names but labels go up to {int(labels.max())}"
        )
    unsafe = [name for name in names if not SAFE_NAME.match(name)]
    if unsafe:
        raise LearnError(
            f"class names {unsafe[:MAX_LISTED]} cannot be folder names: use letters, digits, "
            "'_', '.', '+', '-' (not starting with '.', '+' or '-')"
        )
    if len(set(names)) != len(names):
        raise LearnError(f"class_names has duplicates: {names}")
    return names


def save_image_folder(
    images: Any,
    labels: Any,
    path: str | os.PathLike[str],
    class_names: Any = None,
) -> Path:
    """Write ``images`` (n, h, w[, 1|3|4]) in [0, 1] as 8-bit PNGs under the new folder ``path``.

    With ``labels`` (class indices) each image goes to the subfolder of its class, named by
    ``class_names[label]`` (default: the zero-padded label); with ``labels=None`` the folder is
    flat. Files are numbered in input order, so :func:`image_folder` reads them back in that
    order within each class. Returns the folder.
    """
    array = as_float_array(images, "images", min_rank=3, max_rank=4)
    if array.ndim == 3:
        array = array[..., None]
    channels = array.shape[-1]
    if channels not in CHANNELS:
        raise LearnError(f"images must have 1, 3 or 4 channels, got shape {array.shape}")
    if array.min() < 0.0 or array.max() > 1.0:
        raise LearnError(
            f"images must be scaled to [0, 1], got values in [{array.min()}, {array.max()}]"
        )
    root = Path(path)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise LearnError(f"{root} already exists and is not an empty folder: choose a new path")
    n = len(array)
    if labels is None:
        folders = [root] * n
    else:
        targets = _label_array(labels, n)
        names = _folder_names(targets, class_names)
        folders = [root / names[label] for label in targets]
    pixels = np.round(array * 255.0).astype(np.uint8)
    width = len(str(n - 1))
    for index, (folder, image) in enumerate(zip(folders, pixels, strict=True)):
        folder.mkdir(parents=True, exist_ok=True)
        Image.fromarray(image[..., 0] if channels == 1 else image).save(
            folder / f"{index:0{width}d}.png"
        )
    return root

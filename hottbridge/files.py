"""Output files written safely: checked before any work, written atomically, never through a symlink.

Commands that write results (``hottbridge train --out``, reports) call :func:`check_output` on
every target before they start working, so a bad target costs nothing, then write through
:func:`atomic_outputs`: each file is written to a temporary file in its own folder and moved
into place with ``os.replace`` only when every file is complete. A failure on the way leaves
the targets as they were and no temporary file behind. A symlink at a target is refused, never
followed; an existing target is refused unless ``force`` (the command's ``--force``).

Pure standard library, so ``hott``, ``learn`` and ``bridge`` may all use it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from hottbridge.errors import HottBridgeError


def check_output(
    path: object,
    flag: str,
    *,
    force: bool = False,
    error: type[HottBridgeError] = HottBridgeError,
) -> Path:
    """``path`` as a :class:`~pathlib.Path` that may be written, else ``error`` naming ``flag``.

    Refused: an empty or non-path value, a symlink (even with ``force``), a folder, an existing
    file unless ``force``, and a place where the file cannot be created (a parent that is a
    file, a folder without write permission, a read-only file system). Nothing is created:
    writability is probed with an anonymous temporary file that vanishes when closed.
    """
    if not isinstance(path, str | os.PathLike) or not str(path).strip():
        raise error(f"{flag} must be a file path, got {path!r}")
    target = Path(path)
    if target.is_symlink():
        raise error(
            f"{flag} {str(target)!r} is a symbolic link; hottbridge never writes through one: "
            "remove the link or choose another path"
        )
    if target.is_dir():
        raise error(f"{flag} {str(target)!r} is a folder; give the path of a file")
    if target.exists() and not force:
        raise error(
            f"{flag} {str(target)!r} already exists; pass --force to replace it, or choose "
            "another path"
        )
    folder = _nearest_existing(target.parent)
    if not folder.is_dir():
        raise error(f"{flag} {str(target)!r} cannot be created: {str(folder)!r} is not a folder")
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as failure:
        raise error(
            f"{flag} {str(target)!r} cannot be written: {str(folder)!r}: {failure.strerror}"
        ) from None
    return target


def _nearest_existing(folder: Path) -> Path:
    """``folder`` or its nearest ancestor that exists (the folder a new file would be made in)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _default_mode() -> int:
    """The permission bits a newly created file gets under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_outputs(paths: Sequence[Path]) -> Iterator[list[Path]]:
    """Temporary paths, one per target of ``paths`` (same folder, same suffix), to write to.

    When the ``with`` block ends normally each temporary file is flushed to disk and moved onto
    its target with ``os.replace`` (which replaces a symlink itself, never its target); if the
    block raises, the temporary files are removed and the targets are untouched. Missing
    folders are created. Check the targets with :func:`check_output` before the work starts.
    """
    temporaries: list[Path] = []
    try:
        for path in paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(
                prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent
            )
            os.close(handle)
            temporaries.append(Path(name))
        yield list(temporaries)
        mode = _default_mode()
        for temporary in temporaries:
            with open(temporary, "rb") as written:
                os.fsync(written.fileno())
            os.chmod(temporary, mode)
        for temporary, path in zip(temporaries, paths, strict=True):
            os.replace(temporary, path)
    finally:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (see :func:`atomic_outputs`)."""
    with atomic_outputs([path]) as (temporary,):
        temporary.write_text(text, encoding="utf-8")

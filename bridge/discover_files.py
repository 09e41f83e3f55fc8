"""The files discovery writes so a check can be rerun: the HIT and the loops (sample indices).

:func:`hit_text` writes a HIT as a ``hit`` declaration of the type theory
(:func:`hott.lang.model.hit_files.hit_source`), which :func:`hott.load_hit` — and so
``hottbridge check --hit FILE.hott`` — reads back as the same cell complex. It is the one place
that knows the format. The loops are JSON: ``{"points": {name: index}, "paths": {name:
[index, ...]}}``, indices into the data in the order they were loaded.
"""

from __future__ import annotations

import json
from pathlib import Path

from bridge.realization import LoopSpec
from hott import HIT, HottError
from hottbridge.errors import BridgeError
from hottbridge.files import write_text_atomic


def hit_text(hit: HIT, name: str | None = None) -> str:
    """``hit`` as a ``.hott`` declaration (points, paths, 2-cells; called ``name`` or its own
    name). A BridgeError for what the language cannot say (a name it does not allow, cells
    above dimension 2)."""
    from hott.lang.model.hit_files import hit_source

    try:
        return hit_source(hit, name)
    except HottError as error:
        raise BridgeError(f"cannot write {hit.name} as a .hott file: {error}") from None


def write_hit(hit: HIT, path: str | Path, name: str | None = None) -> Path:
    """Write :func:`hit_text` to ``path`` atomically; the path."""
    path = Path(path)
    write_text_atomic(path, hit_text(hit, name))
    return path


def write_loops(loops: LoopSpec, path: str | Path) -> Path:
    """Write the loops as JSON sample indices, atomically; the path."""
    path = Path(path)
    write_text_atomic(path, json.dumps({"points": loops.points, "paths": loops.paths},
                                       indent=1) + "\n")
    return path


def read_loops(path: str | Path, n_samples: int | None = None) -> LoopSpec:
    """The loops a JSON file gives (see the module); with ``n_samples``, every index must be a
    sample of data that size. A BridgeError names the file and what is wrong."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BridgeError(f"--loops {path}: cannot read it ({error.strerror})") from None
    except json.JSONDecodeError as error:
        raise BridgeError(f"--loops {path}:{error.lineno}:{error.colno}: not JSON: "
                          f"{error.msg}") from None
    if not (isinstance(raw, dict) and isinstance(raw.get("points"), dict)
            and isinstance(raw.get("paths"), dict)):
        raise BridgeError(f"--loops {path}: expected {{\"points\": {{...}}, \"paths\": {{...}}}}")
    indices = [*raw["points"].values(), *(i for v in raw["paths"].values()
                                          for i in (v if isinstance(v, list) else [v]))]
    if not all(isinstance(v, list) for v in raw["paths"].values()) or not all(
            isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in indices):
        raise BridgeError(f"--loops {path}: points map to sample indices and paths to lists "
                          "of sample indices (non-negative integers)")
    if n_samples is not None and indices and max(indices) >= n_samples:
        raise BridgeError(f"--loops {path}: sample index {max(indices)} is out of range for "
                          f"{n_samples} samples (was it written for other data?)")
    return LoopSpec(dict(raw["points"]), {k: list(v) for k, v in raw["paths"].items()})

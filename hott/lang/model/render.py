"""Values :func:`hott.lang.model.evaluate` returns, as ``hottbridge eval`` prints them: paths
freely reduced, and ``refl`` when the HIT's 2-cells decide a loop null-homotopic."""

from __future__ import annotations

from typing import Any

from hott.complex import Path
from hott.families import Family
from hott.lang.model.values import Con, show
from hott.maps import HITMap

__all__ = ["render"]


def render(value: Any) -> str:
    """A value :func:`evaluate` returned, as the CLI prints it."""
    if isinstance(value, (bool, int, Con)):
        return show(value)
    if isinstance(value, tuple):
        return "(" + ", ".join(render(v) for v in value) + ")"
    if isinstance(value, Path):
        return _canonical(value)
    if isinstance(value, Family):
        rows = [f"family over {value.hit.name}"]
        rows += [f"  fiber over {x}: {f}" for x, f in value.fibers.items()]
        rows += [f"  transport along {e}: {t.table}" if hasattr(t, "table") else
                 f"  transport along {e}: {t}" for e, t in value.transports.items()]
        return "\n".join(rows)
    if isinstance(value, HITMap):
        rows = [f"map {value.source.name} -> {value.target.name}"]
        rows += [f"  {x} ↦ {y}" for x, y in value.points.items()]
        rows += [f"  ap {e} = {_canonical(p)}" for e, p in value.paths.items()]
        return "\n".join(rows)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{render(k)} ↦ {render(v)}" for k, v in value.items()) + "}"
    return str(value)


def _canonical(path: Path) -> str:
    """The freely reduced word; ``refl`` when the 2-cells make it null-homotopic (decided)."""
    reduced = Path(path.hit, path.start, path.end, path.reduced)
    if path.reduced and path.is_loop and path.hit.cells(2):
        decision = path.hit.homotopic(reduced, path.hit.refl(path.start))
        if decision.value is True:
            return f"refl_{path.start} (= {reduced} by the 2-cells)"
    return str(reduced)

"""hott.library's Python builders and the same HITs declared in hott.lang give identical cell
complexes (points, paths with their ends, 2-cells with their attaching words)."""

from __future__ import annotations

import pytest

from hott import HIT
from hott.lang import check_text
from hott.lang.model import interpreter
from hott.library import (
    circle,
    figure_eight,
    interval,
    klein_bottle,
    point,
    projective_plane,
    sphere,
    torus,
)

DECLARATIONS = {
    "S1": (circle, "hit S1 where\n  base : S1\n  loop : base = base\n"),
    "T2": (torus, "hit T2 where\n  b : T2\n  p : b = b\n  q : b = b\n  surf : p · q = q · p\n"),
    "K": (klein_bottle,
          "hit K where\n  b : K\n  p : b = b\n  q : b = b\n  surf : p · q = q⁻¹ · p\n"),
    "RP2": (projective_plane, "hit RP2 where\n  b : RP2\n  e : b = b\n  twice : e · e = refl\n"),
    "Eight": (figure_eight, ("hit Eight where\n  base : Eight\n  a : base = base\n"
                            "  b : base = base\n")),
    # `zero` is the core's Nat constructor: the interval's ends are renamed (see RENAMED)
    "I": (interval, "hit I where\n  i0 : I\n  i1 : I\n  seg : i0 = i1\n"),
    "One": (point, "hit One where\n  pt : One\n"),
    "S2": (lambda: sphere(2), ("hit S2 where\n  N : S2\n  S : S2\n  merid_N : N = S\n"
                              "  merid_S : N = S\n  susp_merid_N : merid_N = merid_S\n"
                              "  susp_merid_S : merid_N = merid_S\n")),
}


RENAMED = {"i0": "zero", "i1": "one"}


def cells(hit: HIT) -> tuple:
    hit = HIT.from_cells(hit.name, [RENAMED.get(x, x) for x in hit.points],
                         {e: tuple(RENAMED.get(x, x) for x in ends)
                          for e, ends in hit.paths.items()},
                         {c: (RENAMED.get(hit.attaching_word(c).start, hit.attaching_word(c).start),
                              str(hit.attaching_word(c))) for c in hit.cells(2)})
    words = {c: (hit.attaching_word(c).start, hit.attaching_word(c).letters)
             for c in hit.cells(2)}
    return hit.points, dict(hit.paths), words


@pytest.mark.parametrize("name", sorted(DECLARATIONS))
def test_declared_hit_is_the_library_hit(name):
    build, text = DECLARATIONS[name]
    module = check_text(text, prelude=False, path=f"{name}.hott")
    declared = interpreter(module).model(name, ()).hit
    assert cells(declared) == cells(build())
    assert declared.homology() == build().homology()


def test_a_different_declaration_is_told_apart():
    module = check_text("hit K where\n  b : K\n  p : b = b\n  q : b = b\n"
                        "  surf : p · q = q · p\n", prelude=False, path="K.hott")
    assert cells(interpreter(module).model("K", ()).hit) != cells(klein_bottle())

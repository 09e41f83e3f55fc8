"""hott.library's Python builders and the same HITs declared in hott.lang give identical cell
complexes (points, paths with their ends, 2-cells with their attaching words, freely reduced:
the language composes paths as reduced words, so Σ S¹'s ``merid_base · merid_base⁻¹`` is
attached along ``refl``).

The library is not built from one prelude file: constructor names are global in the language
(the circle's ``base`` and the figure-eight's ``base`` cannot both be declared), and the
language has no 3-path constructors (S³, Σ T², ... are builder-only). So each HIT the language
can say is declared here on the core and compared with its builder, cell by cell; names the
language cannot use (``zero`` is Nat's, ``base.loop`` is not a name) are renamed.
"""

from __future__ import annotations

import pytest

from hott import HIT
from hott.lang import check_text
from hott.lang.model import interpreter
from hott.lang.model.hit_files import hit_in, hit_source
from hott.library import (
    LIBRARY,
    circle,
    empty,
    figure_eight,
    interval,
    klein_bottle,
    point,
    product,
    projective_plane,
    sphere,
    suspension,
    torus,
    wedge,
)
from hottbridge.errors import HottError

SPHERE2 = ("  N : S2\n  S : S2\n  merid_N : N = S\n  merid_S : N = S\n"
           "  susp_merid_N : merid_N = merid_S\n  susp_merid_S : merid_N = merid_S\n")

#: DSL name -> (builder, declaration, renaming of the builder's names to the declaration's)
DECLARATIONS = {
    "S1": (circle, "hit S1 where\n  base : S1\n  loop : base = base\n", {}),
    "T2": (torus, "hit T2 where\n  b : T2\n  p : b = b\n  q : b = b\n  surf : p · q = q · p\n",
           {}),
    "K": (klein_bottle,
          "hit K where\n  b : K\n  p : b = b\n  q : b = b\n  surf : p · q = q⁻¹ · p\n", {}),
    "RP2": (projective_plane, "hit RP2 where\n  b : RP2\n  e : b = b\n  twice : e · e = refl\n",
            {}),
    "Eight": (figure_eight, ("hit Eight where\n  base : Eight\n  a : base = base\n"
                            "  b : base = base\n"), {}),
    "I": (interval, "hit I where\n  i0 : I\n  i1 : I\n  seg : i0 = i1\n",
          {"zero": "i0", "one": "i1"}),  # `zero` is the core's Nat constructor
    "One": (point, "hit One where\n  pt : One\n", {}),
    "Zero": (empty, "hit Zero where\n", {}),
    "S0": (lambda: sphere(0), "hit S0 where\n  N : S0\n  S : S0\n", {}),
    "Sphere1": (lambda: sphere(1),
                ("hit Sphere1 where\n  N : Sphere1\n  S : Sphere1\n  merid_N : N = S\n"
                 "  merid_S : N = S\n"), {}),
    "S2": (lambda: sphere(2), "hit S2 where\n" + SPHERE2, {}),
    "SuspS1": (lambda: suspension(circle()),
               ("hit SuspS1 where\n  N : SuspS1\n  S : SuspS1\n  merid_base : N = S\n"
                "  susp_loop : merid_base = merid_base\n"), {}),
    "Wedge3": (lambda: wedge(circle(), circle(), circle()),
               ("hit Wedge3 where\n  base : Wedge3\n  loop : base = base\n"
                "  loop_2 : base = base\n  loop_3 : base = base\n"), {}),
    "T2x": (lambda: product(circle(), circle()),
            ("hit T2x where\n  bb : T2x\n  lb : bb = bb\n  bl : bb = bb\n"
             "  ll : lb · bl = bl · lb\n"),
            {"base.base": "bb", "loop.base": "lb", "base.loop": "bl", "loop.loop": "ll"}),
}
#: library entries the language cannot declare: cells of dimension 3
BUILDER_ONLY = {"sphere3", "Σ torus"}


def cells(hit: HIT, rename: dict[str, str] | None = None) -> tuple:
    """Points, paths with ends, and 2-cells with start and reduced letters, names renamed."""
    r = (rename or {}).get
    words = {r(c, c): (r(w.start, w.start), tuple((r(g, g), e) for g, e in w.reduced))
             for c in hit.cells(2) for w in [hit.attaching_word(c)]}
    return (tuple(r(x, x) for x in hit.points),
            {r(e, e): (r(s, s), r(t, t)) for e, (s, t) in hit.paths.items()}, words)


@pytest.mark.parametrize("name", sorted(DECLARATIONS))
def test_declared_hit_is_the_library_hit(name):
    build, text, rename = DECLARATIONS[name]
    module = check_text(text, prelude=False, path=f"{name}.hott")
    declared = interpreter(module).model(name, ()).hit
    assert cells(declared) == cells(build(), rename)
    assert declared.homology() == build().homology()


def test_every_library_hit_is_declared_or_builder_only():
    """Each LIBRARY entry's cell complex is one of the declarations, or has 3-cells."""
    declared = [cells(build(), rename) for build, _, rename in DECLARATIONS.values()]
    for name, make in LIBRARY.items():
        hit = make()
        if name in BUILDER_ONLY:
            assert hit.dimension == 3
            with pytest.raises(HottError, match="dimension 3"):
                hit_source(hit, "X")
            continue
        renames = [rename for _, _, rename in DECLARATIONS.values()]
        assert any(cells(hit, rename) in declared for rename in renames), name


def test_the_prelude_hits_are_the_library_hits():
    module = check_text("", path="p.hott")
    assert cells(hit_in(module, "S1")) == cells(circle())
    suspended_bool = hit_in(module, "Susp Bool")
    assert cells(suspended_bool) == cells(sphere(1), {
        "N": "north", "S": "south", "merid_N": "merid_true", "merid_S": "merid_false"})


@pytest.mark.parametrize("name", sorted(set(LIBRARY) - BUILDER_ONLY))
def test_written_library_hits_read_back_as_the_same_complex(name):
    hit = LIBRARY[name]()
    rename = next((r for _, _, r in DECLARATIONS.values() if set(r) & {
        *hit.points, *hit.paths}), {})
    renamed = HIT.from_cells("X", [rename.get(x, x) for x in hit.points],
                             {rename.get(e, e): (rename.get(s, s), rename.get(t, t))
                              for e, (s, t) in hit.paths.items()},
                             {rename.get(c, c): (rename.get(w.start, w.start), " ".join(
                                 f"{rename.get(g, g)}^{e}" for g, e in w.letters) or "refl")
                              for c in hit.cells(2) for w in [hit.attaching_word(c)]})
    again = hit_in(check_text(hit_source(renamed), prelude=False, path="w.hott"))
    assert cells(again) == cells(renamed)


def test_a_different_declaration_is_told_apart():
    module = check_text("hit K where\n  b : K\n  p : b = b\n  q : b = b\n"
                        "  surf : p · q = q · p\n", prelude=False, path="K.hott")
    assert cells(interpreter(module).model("K", ()).hit) != cells(klein_bottle())

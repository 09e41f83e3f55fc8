"""Building HITs (the DSL, from_cells, from_simplices), reading them back, paths, rendering,
and the foundation promise that ``import hott`` stays light."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hott import HIT, Path
from hott.library import circle, interval, sphere, torus
from hottbridge.errors import HottError


def test_builders_return_new_hits_and_leave_the_old_one_alone() -> None:
    empty = HIT("T")
    one = empty.point("b")
    two = one.path("p", "b", "b").path("q", "b", "b")
    done = two.cell("surf", "p q p^-1 q^-1")
    assert empty.cell_counts() == () and one.cell_counts() == (1,)
    assert two.cell_counts() == (1, 2) and done.cell_counts() == (1, 2, 1)
    assert done == HIT.from_cells(
        "T", ["b"], {"p": ("b", "b"), "q": ("b", "b")}, {"surf": "p q p^-1 q^-1"}
    )


def test_reading_back_the_constructors() -> None:
    t = torus()
    assert t.points == ("b",)
    assert t.paths == {"p": ("b", "b"), "q": ("b", "b")}
    assert t.cells(0) == ("b",) and t.cells(1) == ("p", "q") and t.cells(2) == ("surf",)
    assert t.cells(3) == ()
    assert t.dimension == 2 and HIT("E").dimension == -1
    assert [t.dim_of(c) for c in ("b", "p", "surf")] == [0, 1, 2]
    assert t.has_cell("p") and t.has_cell("p", 1) and not t.has_cell("p", 0)
    assert not t.has_cell("nope")
    assert str(t.attaching_word("surf")) == "p q p^-1 q^-1"


@pytest.mark.parametrize(
    ("hit", "cell", "boundary"),
    [
        (interval(), "seg", {"one": 1, "zero": -1}),
        (circle(), "loop", {}),
        (torus(), "surf", {}),
        (HIT("D").point("b").path("p", "b", "b").cell("d", "p^3"), "d", {"p": 3}),
        (sphere(3), "susp2_merid_N", {"susp_merid_N": 1, "susp_merid_S": -1}),
        (HIT("pt").point("x"), "x", {}),
    ],
)
def test_boundary_chains(hit: HIT, cell: str, boundary: dict) -> None:
    assert hit.boundary_chain(cell) == boundary


def test_from_cells_accepts_every_kind_of_cell() -> None:
    hit = HIT.from_cells(
        "X",
        ["a", "b"],
        {"e": ("a", "b"), "f": ("a", "b")},
        {"top": "e f^-1", "bottom": ("b", "f^-1 e"), "ball": (3, {"top": 1, "bottom": -1})},
    )
    assert hit.cell_counts() == (2, 2, 2, 1)
    assert hit.attaching_word("bottom").start == "b"
    assert hit.boundary_chain("ball") == {"top": 1, "bottom": -1}
    assert [str(g) for g in hit.homology()] == ["Z", "0", "0", "0"]  # a 3-ball


def test_a_cell_with_zero_boundary_needs_its_dimension() -> None:
    hit = sphere(2).cell("c", {}, dim=3)
    assert hit.cell_counts() == (2, 2, 2, 1) and hit.boundary_chain("c") == {}
    assert [g.rank for g in hit.homology()] == [1, 0, 1, 1]


def test_from_simplices_names_and_orients_cells() -> None:
    hit = HIT.from_simplices([(2, 0, 1)])
    assert hit.points == ("v0", "v1", "v2")
    assert hit.paths == {"s0_1": ("v0", "v1"), "s0_2": ("v0", "v2"), "s1_2": ("v1", "v2")}
    word = hit.attaching_word("s0_1_2")
    assert (word.start, str(word)) == ("v0", "s0_1 s1_2 s0_2^-1")


def test_from_simplices_closes_under_faces_and_ignores_repeats() -> None:
    hit = HIT.from_simplices([(0, 1, 2, 3), (3, 2, 1, 0), (1, 1, 4)])
    assert hit.cell_counts() == (5, 7, 4, 1)
    assert hit.boundary_chain("s0_1_2_3") == {"s1_2_3": 1, "s0_2_3": -1, "s0_1_3": 1,
                                              "s0_1_2": -1}
    assert hit.name == "K" and HIT.from_simplices([(0,)], name="dot").name == "dot"


def test_components_and_networkx() -> None:
    hit = HIT.from_simplices([(0, 1), (2, 3), (3, 4), (5,)])
    assert sorted(map(sorted, hit.components())) == [["v0", "v1"], ["v2", "v3", "v4"], ["v5"]]
    graph = interval().to_networkx()
    assert list(graph.nodes) == ["zero", "one"]
    assert list(graph.edges(keys=True)) == [("zero", "one", "seg")]


def test_equality_and_hash_follow_the_constructors() -> None:
    assert torus() == torus() and hash(torus()) == hash(torus())
    assert torus() != torus().cell("extra", "p q q^-1 p^-1")
    assert circle() != HIT("S1").point("base").path("loop2", "base", "base")
    assert len({torus(), torus(), circle()}) == 2


def test_table_lists_constructors() -> None:
    assert torus().table() == (
        "HIT T2: 1 point, 2 paths, 1 2-cell\n"
        "  point   b\n"
        "  path    p b ~> b\n"
        "  path    q b ~> b\n"
        "  2-cell  surf along p q p^-1 q^-1 at b"
    )
    big = HIT.from_simplices([(0, 1, 2, 3)]).table(limit=2)
    assert "... and 2 more points" in big and "3-cell  s0_1_2_3 boundary +1·s1_2_3" in big
    assert str(HIT("E")) == "HIT E: empty"
    assert repr(torus()) == "HIT('T2', cells=(1, 2, 1))"


# ------------------------------------------------------------------------ paths
def test_path_operations() -> None:
    t = torus()
    p, q = t.word("p"), t.word("q")
    assert str(p * q) == "p q" and (p * q) == p.concat(q)
    assert str(~(p * q)) == "q^-1 p^-1" and ~(p * q) == (p * q).inv()
    assert str(p**3) == "p^3" and p**-2 == ~p * ~p and (p**0).is_refl
    assert (p * ~p).is_refl and not (p * q).is_refl
    assert p * ~p == t.refl("b")
    assert p != q and (p * q) != (q * p)  # equal only up to the 2-cell: see homotopic
    assert repr(p * q) == "Path(T2: b ~> b, 'p q')"
    assert isinstance(p, Path) and p.hit is t and p.letters == (("p", 1),)


def test_paths_of_the_interval_compose_by_endpoints() -> None:
    i = interval()
    seg = i.word("seg")
    back = seg * ~seg
    assert (back.start, back.end, back.is_loop, back.is_refl) == ("zero", "zero", True, True)
    assert i.refl("one").is_refl and i.refl("one").start == "one"
    assert i.word("refl", start="one") == i.refl("one")
    with pytest.raises(HottError, match="seg .zero ~> one. with seg .zero ~> one.: one is not zero"):
        seg * seg


def test_homotopic_reduces_a_bare_refl_to_the_first_start() -> None:
    i = interval()
    assert i.homotopic("seg seg^-1", "refl").proved_equal
    assert i.homotopic("seg^-1 seg", "refl").proved_equal


# ------------------------------------------------------------------- foundation
def test_import_hott_does_not_load_tensorflow_or_keras() -> None:
    code = (
        "import json, sys\n"
        "import hott, hott.library, hott.maps, hott.families\n"
        "hott.library.torus().homology()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('tensorflow', 'keras', 'learn', 'bridge'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(result.stdout) == []

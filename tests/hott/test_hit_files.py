"""HITs in .hott files: hott.load_hit and `hottbridge hits FILE.hott` read hit declarations of
the type theory; hit_source writes them; errors name the file, line and column."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hott import HIT, load_hit
from hott.lang import check_text
from hott.lang.errors import ErrorKind, LangError
from hott.lang.model.hit_files import hit_in, hit_source, split_hit_spec
from hott.library import circle, klein_bottle, sphere, torus
from hottbridge.cli import main
from hottbridge.errors import HottError

SHAPES = """\
-- two HITs and a definition
hit T2 where
  b : T2
  p : b = b
  q : b = b
  surf : p · q = q · p

def two : Nat := 2

hit RP2 where
  x : RP2
  e : x = x
  twice : e · e = refl
"""


@pytest.fixture
def shapes(tmp_path):
    path = tmp_path / "shapes.hott"
    path.write_text(SHAPES, encoding="utf-8")
    return path


def test_load_hit_reads_the_named_hit(shapes) -> None:
    t2 = load_hit(shapes, "T2")
    assert (t2.name, t2.points, dict(t2.paths)) == ("T2", ("b",), {"p": ("b", "b"),
                                                                   "q": ("b", "b")})
    assert t2.attaching_word("surf").letters == torus().attaching_word("surf").letters
    assert [str(g) for g in load_hit(shapes, "RP2").homology()] == ["Z", "Z/2", "0"]


def test_one_hit_needs_no_name(tmp_path) -> None:
    path = tmp_path / "k.hott"
    path.write_text("hit K where\n  b : K\n  p : b = b\n  q : b = b\n"
                    "  surf : p · q = q⁻¹ · p\n", encoding="utf-8")
    assert load_hit(path).homology() == klein_bottle().homology()


def test_a_parameterised_hit_is_read_at_an_instance(shapes) -> None:
    susp = load_hit(shapes, "Susp Bool", prelude=True)
    assert (susp.points, sorted(susp.paths)) == (("north", "south"),
                                                 ["merid_false", "merid_true"])
    assert susp.betti_numbers() == circle().betti_numbers()
    with pytest.raises(LangError, match="Susp takes parameters: name one instance") as info:
        load_hit(shapes, "Susp", prelude=True)
    assert info.value.path == "prelude.hott"


@pytest.mark.parametrize(("name", "kind", "message"), [
    (None, ErrorKind.SCOPE, (r"shapes.hott declares 2 HITs: T2 \(.*shapes.hott:2:1\), "
                             r"RP2 \(.*shapes.hott:10:1\): name the HIT")),
    ("X", ErrorKind.SCOPE, r"no HIT named 'X': .*shapes.hott declares 2 HITs"),
    ("two", ErrorKind.NOT_IN_MODEL, r"'two' is not a HIT: .*declares 2 HITs: T2"),
    ("Nat", ErrorKind.NOT_IN_MODEL, r"'Nat' is not a HIT"),
])
def test_a_wrong_name_lists_the_hits_of_the_file(shapes, name, kind, message) -> None:
    with pytest.raises(LangError, match=message) as info:
        load_hit(shapes, name)
    assert info.value.kind is kind


def test_a_file_without_hits_says_so(tmp_path) -> None:
    path = tmp_path / "none.hott"
    path.write_text("def one : Nat := 1\n", encoding="utf-8")
    with pytest.raises(LangError, match="none.hott declares no HIT"):
        load_hit(path)


@pytest.mark.parametrize(("text", "where", "kind"), [
    ("hit X where\n  b : X\n  p : b = c\n", ":3:11", ErrorKind.SCOPE),
    ("hit X where\n  b : X\n  p : b = \n", ":3:10", ErrorKind.PARSE),
    ("hit X where\n  b : X\n  b : X\n", ":3:3", ErrorKind.DUPLICATE),
    ("hit S1 where\n  base : S1\n", ":1:1", ErrorKind.DUPLICATE),  # with the prelude only
])
def test_errors_in_the_file_name_file_line_col(tmp_path, text, where, kind) -> None:
    path = tmp_path / "bad.hott"
    path.write_text(text, encoding="utf-8")
    prelude = "S1" in text
    with pytest.raises(LangError) as info:
        load_hit(path, prelude=prelude)
    assert info.value.kind is kind
    assert str(info.value).startswith(f"{path}{where}: {kind.value}")


def test_the_prelude_is_off_by_default_so_library_names_are_free(tmp_path) -> None:
    path = tmp_path / "s1.hott"
    path.write_text(hit_source(circle()), encoding="utf-8")
    assert load_hit(path).paths == circle().paths


def test_a_missing_file_is_named(tmp_path) -> None:
    with pytest.raises(HottError, match="cannot read .*missing.hott"):
        load_hit(tmp_path / "missing.hott")


def test_split_hit_spec() -> None:
    assert split_hit_spec("a/b.hott:T2") == ("a/b.hott", "T2")
    assert split_hit_spec("a/b.hott") == ("a/b.hott", None)
    assert split_hit_spec("C:/x/b.hott") == ("C:/x/b.hott", None)
    assert split_hit_spec("b.hott:") == ("b.hott:", None)


def test_hit_source_refuses_what_the_language_cannot_say() -> None:
    with pytest.raises(HottError, match="dimension 3"):
        hit_source(sphere(3))
    for bad in ("zero", "a.b", "where", "x y"):
        with pytest.raises(HottError, match="cannot be a name in a .hott file"):
            hit_source(HIT("X").point(bad) if " " not in bad else HIT("X"), bad if " " in bad
                       else None)


_names = st.sampled_from(["a", "b", "c"])


@settings(max_examples=25, deadline=None)
@given(n_points=st.integers(1, 3), edges=st.lists(st.tuples(st.integers(0, 2),
                                                           st.integers(0, 2)), max_size=4),
       words=st.lists(st.lists(st.tuples(st.integers(0, 3), st.sampled_from([1, -1])),
                               min_size=1, max_size=5), max_size=2))
def test_a_written_hit_reads_back_as_the_same_complex(n_points, edges, words) -> None:
    """Random complexes: hit_source, then the checker and the model, give the same cells."""
    points = [f"x{i}" for i in range(n_points)]
    paths = {f"e{i}": (points[s % n_points], points[t % n_points])
             for i, (s, t) in enumerate(edges)}
    hit = HIT.from_cells("R", points, paths, {})
    for k, word in enumerate(words):  # keep only words that compose into loops
        letters = [(f"e{i % len(paths)}", e) for i, e in word] if paths else []
        try:
            hit = hit.cell(f"c{k}", " ".join(f"{g}^{e}" for g, e in letters) or "refl",
                           at=points[0])
        except HottError:
            continue
    again = hit_in(check_text(hit_source(hit), prelude=False, path="r.hott"))
    assert (again.points, dict(again.paths)) == (hit.points, dict(hit.paths))
    assert {c: (again.attaching_word(c).start, again.attaching_word(c).reduced)
            for c in again.cells(2)} == {c: (hit.attaching_word(c).start,
                                             hit.attaching_word(c).reduced)
                                         for c in hit.cells(2)}


def test_hits_command_on_a_file(shapes, capsys) -> None:
    assert main(["hits", str(shapes)]) == 0
    out = capsys.readouterr().out
    assert "T2" in out and "RP2" in out and "Z/2" in out and "⟨p, q | " in out
    assert main(["hits", f"{shapes}:RP2"]) == 0
    out = capsys.readouterr().out
    assert "2-cell  twice along e^2 at x" in out and "T2" not in out
    assert main(["hits", str(shapes), "T2"]) == 0
    assert "2-cell  surf along p q p^-1 q^-1" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["nope.hott"], "nope.hott: parse error: cannot read"),
    (["{shapes}", "X"], "no HIT named 'X'"),
    (["{shapes}:T2", "RP2"], "give the HIT once"),
    (["torus", "T2"], "goes with a FILE.hott only"),
])
def test_hits_command_errors_exit_2(shapes, capsys, args, message) -> None:
    assert main(["hits", *(a.format(shapes=shapes) for a in args)]) == 2
    assert message in capsys.readouterr().err


def test_import_hott_does_not_load_the_type_theory() -> None:
    code = ("import sys, hott; assert 'hott.lang' not in sys.modules; "
            "hott.load_hit; assert 'hott.lang' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)

"""hott.lang.model: closed terms evaluated in the groupoid of cell complexes (issue 13)."""

from __future__ import annotations

import pytest

from hott import HIT, Family, HITMap, Path
from hott.lang import ErrorKind, LangError, check_text, evaluate
from hott.lang.model import evaluate_term, render
from hottbridge.cli import main

ARITH = """
def add (m n : Nat) : Nat := Nat-rec Nat m (fun _ k => suc k) n
def mul (m n : Nat) : Nat := Nat-rec Nat 0 (fun _ k => add k m) n
def not (b : Bool) : Bool := Bool-rec Bool false true b
def not-equiv : equiv Bool Bool :=
  equiv_qinv not (not, fun b => Bool-ind (fun b' => not (not b') = b') refl refl b,
                       fun b => Bool-ind (fun b' => not (not b') = b') refl refl b)
-- the double cover of the circle: fibers Bool, loop acts by negation
def cover : S1 -> Type := S1-rec Type Bool (ua not-equiv)
"""


@pytest.fixture(scope="module")
def arith():
    return check_text(ARITH + """
def w : Int := winding (loop · loop · loop⁻¹ · loop)
def big : Int := winding (loop-pow 100000)
def minus-big : Int := winding (loop-pow (-100001))
def odd : Bool := transport cover (loop-pow 7) true
def even : Bool := transport cover (loop-pow (negsuc 5)) true
def twice : S1 -> S1 := S1-rec S1 base (loop · loop)
""", path="t.hott")


def test_winding_of_a_word_is_its_exponent_sum(arith):
    assert evaluate(arith, "w") == 2


def test_winding_of_a_large_power(arith):
    assert evaluate(arith, "big") == 100_000
    assert evaluate(arith, "minus-big") == -100_001


def test_transport_in_the_double_cover(arith):
    assert evaluate(arith, "odd") is False
    assert evaluate(arith, "even") is True


def test_a_family_defined_by_recursion_is_a_hott_family(arith):
    family = evaluate(arith, "cover")
    assert isinstance(family, Family)
    assert family.transport("loop", True) is False
    assert family.transport("loop loop", True) is True


def test_a_map_defined_by_recursion_is_a_hott_hitmap(arith):
    doubling = evaluate(arith, "twice")
    assert isinstance(doubling, HITMap)
    assert doubling.degree() == 2
    assert str(doubling.ap("loop^-1")) == "loop^-2"


def test_a_declared_hit_is_a_hott_hit_with_its_cells():
    module = check_text("hit T where\n  b : T\n  p : b = b\n  q : b = b\n"
                        "  surf : p · q = q · p\ndef pq : b = b := p · q · p⁻¹\n", path="t.hott")
    path = evaluate(module, "pq")
    assert isinstance(path, Path) and isinstance(path.hit, HIT)
    assert path.hit.cell_counts() == (1, 2, 1)
    assert path.hit.betti_numbers() == (1, 2, 1)
    assert render(path) == "p q p^-1"
    assert render(evaluate_term(module, "p · q · p⁻¹ · q⁻¹")).startswith("refl_b")


def test_a_parameterised_hit_at_a_finite_type(arith):
    square = evaluate(arith, "SuspBool_to_S1")
    assert square.source.name == "Susp(Bool)"
    assert square.source.cell_counts() == (2, 2)
    assert {e: str(p) for e, p in square.paths.items()} == {
        "merid_true": "loop", "merid_false": "refl_base"}
    assert str(evaluate_term(arith, "ap SuspBool_to_S1 (merid true · (merid false)⁻¹)")) == "loop"


def test_paths_in_sets_and_pairs(arith):
    assert repr(evaluate(arith, "winding_loop_pow")(3)) == "refl"
    assert evaluate_term(arith, "(add 2 3, not true)") == (5, False)
    assert evaluate_term(arith, "succ (negsuc 0)") == 0


def test_the_kernel_stops_at_ua_where_the_model_computes(arith):
    assert "ua" in arith.normal_form("w")
    assert evaluate(arith, "w") == 2


# --- outside the model ------------------------------------------------------------------------

def fails(program: str, name: str) -> LangError:
    module = check_text(program, path="bad.hott")
    with pytest.raises(LangError) as info:
        evaluate(module, name)
    assert info.value.kind is ErrorKind.NOT_IN_MODEL, info.value.render()
    return info.value


def test_an_uninterpreted_axiom_is_named_with_its_location():
    error = fails("axiom b0 : Bool\n\ndef c : Bool := Bool-rec Bool false true b0\n", "c")
    assert "b0" in error.message and error.path == "bad.hott" and error.span.line == 3


def test_a_type_is_not_a_value():
    error = fails("def t : Type := Bool\n", "t")
    assert "type as a result" in error.message and error.span.line == 1


def test_a_hit_with_infinitely_many_cells():
    error = fails("def s : Susp Nat := north\n", "s")
    assert "infinite" in error.message


def test_an_eliminator_into_a_non_set_family_along_a_path():
    error = fails("def f : base = base := ap (S1-ind (fun _ => S1) base "
                  "(transport_const loop base · loop)) loop\n", "f")
    assert "not a set" in error.message or "not sets" in error.message


def test_unknown_name():
    with pytest.raises(LangError) as info:
        evaluate(check_text("", path="t.hott"), "nope")
    assert info.value.kind is ErrorKind.SCOPE


# --- command line -----------------------------------------------------------------------------

def test_eval_command(tmp_path, capsys):
    source = tmp_path / "w.hott"
    source.write_text("def w : Int := winding (loop · loop · loop⁻¹ · loop)\n"
                      "axiom b0 : Bool\ndef c : Bool := Bool-rec Bool false true b0\n",
                      encoding="utf-8")
    assert main(["eval", str(source), "w", "--term", "loop-pow 3"]) == 0
    assert capsys.readouterr().out.splitlines() == ["w = 2", "loop-pow 3 = loop^3"]
    assert main(["eval", str(source), "c"]) == 2
    err = capsys.readouterr().err
    assert f"{source}:3:1: outside the model" in err and "b0" in err
    assert main(["eval", str(source)]) == 2

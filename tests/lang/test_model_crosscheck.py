"""Cross-checks: hott.lang evaluated in the model against hott's own computations."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hott import HITMap, universal_cover, winding_number
from hott.lang import check_text, evaluate
from hott.lang.model import evaluate_term
from hott.lang.model.values import Con
from hott.library import figure_eight, torus

SETTINGS = settings(max_examples=25, deadline=None)

PROGRAM = """
hit T2 where
  b : T2
  p : b = b
  q : b = b
  surf : p · q = q · p
hit S1vS1 where
  o : S1vS1
  a : o = o
  c : o = o
-- the universal cover of the torus: fibers Int * Int, p and q shift one coordinate
def shift1 : equiv (Int * Int) (Int * Int) :=
  equiv_qinv (fun (v : Int * Int) => (succ v.1, v.2))
    ((fun (v : Int * Int) => (pred v.1, v.2)),
     (fun (v : Int * Int) => ap (fun z => (z, v.2)) (succ_pred v.1)),
     (fun (v : Int * Int) => ap (fun z => (z, v.2)) (pred_succ v.1)))
def shift2 : equiv (Int * Int) (Int * Int) :=
  equiv_qinv (fun (v : Int * Int) => (v.1, succ v.2))
    ((fun (v : Int * Int) => (v.1, pred v.2)),
     (fun (v : Int * Int) => ap (fun z => (v.1, z)) (succ_pred v.2)),
     (fun (v : Int * Int) => ap (fun z => (v.1, z)) (pred_succ v.2)))
axiom shifts-commute : ua shift1 · ua shift2 = ua shift2 · ua shift1
def torus-cover : T2 -> Type := T2-rec Type (Int * Int) (ua shift1) (ua shift2) shifts-commute
-- the universal cover of the figure eight: fibers reduced words in a, c (snoc lists)
data Letter where
  la : Letter
  lA : Letter
  lc : Letter
  lC : Letter
data W where
  nil : W
  snoc : W -> Letter -> W
def last-is (l : Letter) (w : W) : Bool :=
  W-rec Bool false (fun _ l' _ => Letter-rec Bool
    (Letter-rec Bool true false false false l) (Letter-rec Bool false true false false l)
    (Letter-rec Bool false false true false l) (Letter-rec Bool false false false true l) l') w
def drop (w : W) : W := W-rec W nil (fun w' _ _ => w') w
def times (l inverse : Letter) (w : W) : W := Bool-rec W (drop w) (snoc w l) (last-is inverse w)
axiom times-inverse : (l m : Letter) -> homotopy (fun w => times l m (times m l w)) idmap
def mult (l m : Letter) : equiv W W :=
  equiv_qinv (times l m) (times m l, times-inverse l m, times-inverse m l)
def eight-cover : S1vS1 -> Type := S1vS1-rec Type W (ua (mult la lA)) (ua (mult lc lC))
"""


@pytest.fixture(scope="module")
def module():
    return check_text(PROGRAM, path="cross.hott")


def dsl_word(letters: list[tuple[str, int]], names: dict[str, str]) -> str:
    return " · ".join(names[g] if e == 1 else f"{names[g]}⁻¹" for g, e in letters)


def letters(alphabet: list[str]):
    return st.lists(st.tuples(st.sampled_from(alphabet), st.sampled_from([1, -1])),
                    min_size=1, max_size=12)


def hott_word(word: list[tuple[str, int]]) -> str:
    return " ".join(g if e == 1 else f"{g}^-1" for g, e in word)


@SETTINGS
@given(letters(["loop"]))
def test_winding_agrees_with_hott(module, word):
    value = evaluate_term(module, f"winding ({dsl_word(word, {'loop': 'loop'})})")
    assert value == winding_number(hott_word(word))


@SETTINGS
@given(letters(["p", "q"]), st.integers(-5, 5), st.integers(-5, 5))
def test_transport_in_the_universal_cover_of_the_torus(module, word, x, y):
    """The DSL cover shifts coordinate 1 along p and 2 along q; hott's cover uses its own
    basis of H1, read off from its transports of the origin along p and q."""
    value = evaluate_term(module, f"transport torus-cover ({dsl_word(word, {'p': 'p', 'q': 'q'})})"
                                  f" ({_int(x)}, {_int(y)})")
    cover = universal_cover(torus())
    e_p, e_q = cover.transport("p", (0, 0)), cover.transport("q", (0, 0))
    m, n = value[0] - x, value[1] - y
    assert cover.transport(hott_word(word), (0, 0)) == tuple(
        m * a + n * b for a, b in zip(e_p, e_q, strict=True))


@SETTINGS
@given(letters(["a", "b"]))
def test_transport_in_the_universal_cover_of_the_figure_eight(module, word):
    value = evaluate_term(module, f"transport eight-cover ({dsl_word(word, {'a': 'a', 'b': 'c'})})"
                                  " nil")
    expected = universal_cover(figure_eight()).transport(hott_word(word), ())
    assert _reduced(value) == expected


def _int(n: int) -> str:
    return f"pos {n}" if n >= 0 else f"negsuc {-n - 1}"


def _reduced(w: object) -> tuple[tuple[str, int], ...]:
    names = {"la": ("a", 1), "lA": ("a", -1), "lc": ("b", 1), "lC": ("b", -1)}
    out = []
    while isinstance(w, Con) and w.name == "snoc":
        w, letter = w.args
        out.append(names[letter.name])
    return tuple(reversed(out))


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["loop"]), st.integers(-3, 3)), max_size=4))
def test_maps_of_the_circle_have_hotts_degree(module, powers):
    word = [(g, 1 if e > 0 else -1) for g, e in powers for _ in range(abs(e))]
    image = dsl_word(word, {"loop": "loop"}) if word else "refl"
    text = f"def f : S1 -> S1 := S1-rec S1 base ({image})\n"
    fmap = evaluate(check_text(text, path="map.hott"), "f")
    reference = HITMap(fmap.source, fmap.target, {"base": "base"},
                       {"loop": hott_word(word) or "refl"})
    assert fmap.degree() == reference.degree() == sum(e for _, e in word)


@SETTINGS
@given(letters(["p", "q"]), letters(["p", "q"]))
def test_maps_into_the_torus_induce_hotts_h1(module, first, second):
    text = (f"def g : S1vS1 -> T2 := S1vS1-rec T2 b ({dsl_word(first, {'p': 'p', 'q': 'q'})})"
            f" ({dsl_word(second, {'p': 'p', 'q': 'q'})})\n")
    sub = check_text(PROGRAM + text, path="map.hott")
    gmap = evaluate(sub, "g")
    reference = HITMap(gmap.source, gmap.target, {"o": "b"},
                       {"a": hott_word(first), "c": hott_word(second)})
    assert gmap.induced_homology(1) == reference.induced_homology(1)
    assert {e: p.reduced for e, p in gmap.paths.items()} == {
        e: p.reduced for e, p in reference.paths.items()}


# --- the evaluator agrees with the kernel's normal forms on closed Bool, Nat and Int terms ---

ARITH = """
def add (m n : Nat) : Nat := Nat-rec Nat m (fun _ k => suc k) n
def mul (m n : Nat) : Nat := Nat-rec Nat 0 (fun _ k => add k m) n
def not (x : Bool) : Bool := Bool-rec Bool false true x
def even (n : Nat) : Bool := Nat-rec Bool true (fun _ e => not e) n
def neg (z : Int) : Int :=
  Int-rec Int (fun n => Nat-rec Int 0 (fun m _ => negsuc m) n) (fun n => pos (suc n)) z
"""

nats = st.recursive(
    st.integers(0, 4).map(str),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(["add", "mul"]), inner, inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda t: f"(suc {t})")),
    max_leaves=5)
ints = st.recursive(
    st.one_of(nats.map(lambda n: f"(pos {n})"), nats.map(lambda n: f"(negsuc {n})")),
    lambda inner: st.tuples(st.sampled_from(["succ", "pred", "neg"]), inner).map(
        lambda t: f"({t[0]} {t[1]})"),
    max_leaves=4)
bools = st.one_of(nats.map(lambda n: f"(even {n})"),
                  st.tuples(st.booleans(), nats).map(
                      lambda t: f"(not (Bool-rec Bool {str(t[0]).lower()} false (even {t[1]})))"))


def kernel_value(text: str) -> object:
    """The value of a closed normal form: ``true``/``false``, a numeral, ``pos n``,
    ``negsuc n`` (closed Nat normal forms are numerals, never ``suc`` chains)."""
    if text in ("true", "false"):
        return text == "true"
    ctor, _, digits = text.rpartition(" ")
    return -int(digits) - 1 if ctor == "negsuc" else int(digits)


@settings(max_examples=40, deadline=None)
@given(st.one_of(nats.map(lambda t: ("Nat", t)), ints.map(lambda t: ("Int", t)),
                 bools.map(lambda t: ("Bool", t))))
def test_evaluator_agrees_with_kernel_normal_forms(typed):
    type_, term = typed
    sub = check_text(ARITH + f"def t : {type_} := {term}\n", path="nf.hott")
    normal = sub.normal_form("t")
    assert re.fullmatch(r"true|false|(pos |negsuc )?[0-9]+", normal), normal
    assert evaluate(sub, "t") == kernel_value(normal)

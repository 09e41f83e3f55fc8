"""Negative tests of hott.lang: ill-typed and unsound programs, each refused with the right
error kind at the line and column of the culprit.

Every case is checked on the core only (``prelude=False``), so it does not depend on the
prelude. ``CONTROLS`` are near misses that must be accepted, so a checker that refuses
everything fails this file.
"""

from __future__ import annotations

import pytest

from hott.lang import ErrorKind, LangError, check_text

K = ErrorKind
S1 = "hit S1 where\n  base : S1\n  loop : base = base\n"
SUSP = ("hit Susp (A : Type) where\n  north : Susp A\n  south : Susp A\n"
        "  merid : A -> north = south\n")
ID = "def id {A : Type} (x : A) : A := x\n"

CASES = [
    # universes: never Type : Type, cumulativity only upwards
    ("type-in-type", 'def bad : Type := Type', K.UNIVERSE, 1, 19),
    ("type1-in-type1", 'def bad : Type 1 := Type 1', K.UNIVERSE, 1, 21),
    ("type1-in-type", 'def bad : Type := Type 1', K.UNIVERSE, 1, 19),
    ("type2-in-type1", 'def t : Type 1 := Type 2', K.UNIVERSE, 1, 19),
    ("type0-in-type", 'def t : Type := Type 0', K.UNIVERSE, 1, 17),
    ("cumulativity-downward", 'def f (A : Type 1) : Type := A', K.UNIVERSE, 1, 30),
    ("pi-over-type-is-large", 'def T : Type := (A : Type) -> A', K.UNIVERSE, 1, 22),
    ("sigma-over-type-is-large", 'def T : Type := (A : Type) * A', K.UNIVERSE, 1, 22),
    ("path-type-of-types-is-large", 'def T : Type := Nat = Nat', K.UNIVERSE, 1, 17),
    ("path-type-of-universes", 'def T : Type 1 := Type = Type', K.UNIVERSE, 1, 19),
    ("large-data-in-small-universe",
     'data Big where\n  mk : Type -> Big\ndef bad : Type := Big',
     K.UNIVERSE, 3, 19),
    ("large-parameter-data",
     'data W (A : Type 1) where\n  mk : A -> W A\ndef bad : Type := W Type',
     K.UNIVERSE, 3, 19),
    ("universe-through-implicit", ID + 'def bad : Type 1 := id Type', K.UNIVERSE, 2, 24),
    ("universe-through-hole", 'def bad : _ := Type 3', K.UNIVERSE, 1, 16),
    ("large-elimination-result",
     'def T : Type := Bool-rec (Type 1) Type Nat true',
     K.UNIVERSE, 1, 17),
    ("large-elimination-case",
     'def T (b : Bool) : Type := Bool-rec Type Nat Type b',
     K.UNIVERSE, 1, 46),
    ("universe-level-out-of-range", 'def t : Type := Type 99999999999', K.UNIVERSE, 1, 17),
    ("let-universe-in-itself", 'def f : Nat := let A : Type := Type in 0', K.UNIVERSE, 1, 32),
    # things that are not types
    ("numeral-as-type", 'def x : 3 := 3', K.NOT_A_TYPE, 1, 9),
    ("axiom-of-non-type", 'axiom a : 3', K.NOT_A_TYPE, 1, 11),
    ("binder-of-non-type", 'def f (x : 3) : Nat := 1', K.NOT_A_TYPE, 1, 12),
    ("id-over-non-type", 'def T : Type := Id 3 1 1', K.NOT_A_TYPE, 1, 20),
    ("variable-of-non-type", 'def f (A : Type) (B : A) (x : B) : Nat := 0', K.NOT_A_TYPE, 1, 31),
    ("constructor-as-type", 'def x : true := 3', K.NOT_A_TYPE, 1, 9),
    # identity types: no path where none is given
    ("refl-true-false", 'def p : true = false := refl', K.MISMATCH, 1, 25),
    ("path-between-types", 'def p : true = 0 := refl', K.MISMATCH, 1, 16),
    ("refl-distinct-variables", 'def r (x y : Nat) : x = y := refl', K.MISMATCH, 1, 30),
    ("refl-distinct-numerals", 'def p : 2 = 3 := refl', K.MISMATCH, 1, 18),
    ("funext-by-refl",
     'def fe (f g : Nat -> Nat) (h : (x : Nat) -> f x = g x) : f = g := refl',
     K.MISMATCH, 1, 67),
    ("no-eta-for-unit", 'def u (x : Unit) : x = tt := refl', K.MISMATCH, 1, 30),
    ("no-eta-for-bool",
     'def b (x : Bool) : Bool-rec Bool true false x = x := refl',
     K.MISMATCH, 1, 54),
    ("no-induction-by-refl",
     'def n (x : Nat) : Nat-rec Nat 0 (fun _ r => suc r) x = x := refl',
     K.MISMATCH, 1, 61),
    ("uip-by-refl", 'def uip {A : Type} {a : A} (p : a = a) : p = refl := refl', K.MISMATCH, 1, 54),
    ("axiom-k-by-refl",
     'def k {A : Type} {a : A} (p q : a = a) : p = q := refl',
     K.MISMATCH, 1, 51),
    ("j-stuck-on-variable-path",
     'def j {A : Type} {a b : A} (p : a = b) : J (fun x _ => A) a p = a := refl',
     K.MISMATCH, 1, 70),
    ("concat-endpoints",
     'def c {A : Type} {x y z : A} (p : x = y) (q : x = z) : x = z := p · q',
     K.MISMATCH, 1, 69),
    ("inverse-is-not-identity",
     'def c {A : Type} {x y : A} (p : x = y) : x = y := p ⁻¹',
     K.MISMATCH, 1, 51),
    ("inv-wrong-direction",
     'def c {A : Type} {x y : A} (p : x = y) : x = y := inv p',
     K.MISMATCH, 1, 51),
    ("ap-wrong-function", 'def a (p : 1 = 2) : suc 1 = 2 := ap suc p', K.MISMATCH, 1, 34),
    ("transport-wrong-family",
     'def t (p : 1 = 2) (u : 1 = 1) : 2 = 1 := transport (fun n => n = n) p u',
     K.MISMATCH, 1, 42),
    # based path induction
    ("j-motive-one-argument", 'def j : Nat := J (fun x => x) refl refl', K.MISMATCH, 1, 28),
    ("j-motive-not-a-family",
     'def j (p : 0 = 1) : Nat := J {Nat} {0} (fun x => Nat) 1 p',
     K.MISMATCH, 1, 50),
    ("j-motive-returns-a-path",
     'def j (p : 0 = 1) : Nat := J {Nat} {0} (fun x q => q) 1 p',
     K.MISMATCH, 1, 52),
    ("j-base-case-wrong-type",
     'def j : Nat := J {Nat} {0} (fun x p => Nat) true refl',
     K.MISMATCH, 1, 45),
    ("j-as-a-value", 'def f : Nat := J', K.MISMATCH, 1, 16),
    ("j-result-type",
     'def j (p : 0 = 1) : Bool := J {Nat} {0} (fun x q => Nat) 1 p',
     K.MISMATCH, 1, 29),
    # application and implicit arguments
    ("apply-numeral", 'def f : Nat := 3 4', K.NOT_A_FUNCTION, 1, 16),
    ("apply-variable", 'def f (x : Nat) : Nat := x x', K.NOT_A_FUNCTION, 1, 26),
    ("apply-let-variable", 'def f : Nat := let x : Nat := 1 in x x', K.NOT_A_FUNCTION, 1, 36),
    ("apply-constructor-constant", 'def f : Unit := tt tt', K.NOT_A_FUNCTION, 1, 17),
    ("apply-refl", 'def t : Nat := refl {Nat} {3} {4}', K.NOT_A_FUNCTION, 1, 16),
    ("implicit-after-explicit", ID + 'def t : Nat := id 3 {Nat}', K.NOT_A_FUNCTION, 2, 16),
    ("implicit-to-explicit-binder",
     'def id (A : Type) (x : A) : A := x\ndef t : Nat := id {Nat} 3',
     K.ICITNESS, 2, 20),
    ("implicit-to-function", 'def f (x : Nat) : Nat := x\ndef t : Nat := f {3}', K.ICITNESS, 2, 19),
    ("implicit-lambda-for-explicit-pi", 'def f : Nat -> Nat := fun {x} => x', K.ICITNESS, 1, 23),
    ("explicit-lambda-for-implicit-pi",
     'def f : {A : Type} -> A -> A := fun A x => x',
     K.MISMATCH, 1, 39),
    ("lambda-annotation-mismatch", 'def f : Nat -> Nat := fun (x : Bool) => 3', K.MISMATCH, 1, 32),
    ("lambda-for-non-function", 'def k : Bool -> Nat := fun b => b', K.MISMATCH, 1, 33),
    ("argument-wrong-type", 'def n : Nat := suc true', K.MISMATCH, 1, 20),
    ("unapplied-constructor", 'def n : Nat := suc', K.MISMATCH, 1, 16),
    ("type-as-element", 'def f (A : Type) : A := A', K.MISMATCH, 1, 25),
    ("variable-wrong-type", 'def f (A : Type) (x : A) : Nat := x', K.MISMATCH, 1, 35),
    ("universe-as-nat", 'def f : Nat := Type', K.MISMATCH, 1, 16),
    # pairs
    ("project-non-pair", 'def f (n : Nat) : Nat := n.1', K.NOT_A_PAIR, 1, 26),
    ("project-function", 'def f (g : Nat -> Nat) : Nat := g.1', K.NOT_A_PAIR, 1, 33),
    ("second-projection-type", 'def f (p : (n : Nat) * Bool) : Nat := p.2', K.MISMATCH, 1, 39),
    ("first-projection-type", 'def f (p : Nat * Bool) : Bool := p.1', K.MISMATCH, 1, 34),
    ("pair-for-nat", 'def p : Nat := (1, 2)', K.MISMATCH, 1, 16),
    ("pair-components-swapped", 'def f : Nat * Bool := (true, 1)', K.MISMATCH, 1, 24),
    ("dependent-pair-second", 'def f : (n : Nat) * n = 0 := (1, refl)', K.MISMATCH, 1, 34),
    # literals
    ("negative-numeral-as-nat", 'def n : Nat := -1', K.MISMATCH, 1, 16),
    ("numeral-as-bool", 'def n : Bool := 3', K.MISMATCH, 1, 17),
    ("numeral-too-long", 'def x : Nat := ' + '1' * 10_001, K.LIMIT, 1, 16),
    ("negative-numeral-under-pos", 'def i : Int := pos (-1)', K.MISMATCH, 1, 21),
    ("int-as-nat", 'def i : Nat := pos 1', K.MISMATCH, 1, 16),
    ("unit-as-bool", 'def b : Bool := tt', K.MISMATCH, 1, 17),
    ("true-as-nat", 'def x : Nat := true', K.MISMATCH, 1, 16),
    # let
    ("let-wrong-annotation", 'def l : Nat := let x : Bool := 3 in 4', K.MISMATCH, 1, 32),
    ("let-body-type", 'def l : Nat := let x : Bool := true in x', K.MISMATCH, 1, 40),
    ("nested-let-annotation",
     'def f : Nat := let x : Nat := 1 in let y : Bool := x in 2',
     K.MISMATCH, 1, 52),
    # Empty and absurd
    ("absurd-of-unit", 'def a (e : Unit) : Nat := absurd e', K.MISMATCH, 1, 34),
    ("absurd-unapplied", 'def a (e : Empty) : Nat := absurd', K.MISMATCH, 1, 28),
    ("absurd-wrong-target", 'def a (e : Empty) : Nat := absurd {Bool} e', K.MISMATCH, 1, 28),
    ("empty-from-unit", 'def e : Empty := absurd tt', K.MISMATCH, 1, 25),
    ("empty-rec-unapplied", 'def f (B : Type) : B := Empty-rec B', K.MISMATCH, 1, 25),
    # holes
    ("unsolved-hole", 'def h (n : Nat) : Bool := _', K.UNSOLVED, 1, 27),
    ("unsolved-hole-empty", 'def e : Empty := _', K.UNSOLVED, 1, 18),
    ("unsolved-hole-axiom-type", 'axiom a : _', K.UNSOLVED, 1, 11),
    ("unsolved-hole-argument", 'def f : Nat := (fun x => 3) _', K.UNSOLVED, 1, 29),
    ("unsolved-implicit", 'def f : Nat := let y := refl in 3', K.UNSOLVED, 1, 25),
    ("unsolved-polymorphic-hole", 'def f {A : Type} : A := _', K.UNSOLVED, 1, 25),
    # names, self-reference and axioms
    ("unknown-name", 'def f : Nat := nope', K.SCOPE, 1, 16),
    ("unknown-name-in-type", 'def f : Nope := 3', K.SCOPE, 1, 9),
    ("id-with-two-arguments", 'def f : Type := Id Nat 1', K.SCOPE, 1, 17),
    ("duplicate-definition", 'def a : Nat := 1\ndef a : Bool := true', K.DUPLICATE, 2, 1),
    ("duplicate-with-axiom", 'axiom ax : Nat\ndef ax : Nat := 2', K.DUPLICATE, 2, 1),
    ("duplicate-constructor", 'data D where\n  a : D\n  a : D', K.DUPLICATE, 3, 3),
    ("constructor-shadows-global", 'data D where\n  true : D', K.DUPLICATE, 2, 3),
    ("redeclare-core-type", 'data Nat where\n  z : Nat', K.DUPLICATE, 1, 1),
    ("redefine-core-function", 'def concat : Nat := 0', K.DUPLICATE, 1, 1),
    ("self-reference", 'def loopy : Nat := suc loopy', K.SELF_REFERENCE, 1, 24),
    ("self-reference-in-type", 'def a : a = a := refl', K.SELF_REFERENCE, 1, 9),
    ("self-reference-unapplied", 'def f {A : Type} (x : A) : Nat := f', K.SELF_REFERENCE, 1, 35),
    ("axiom-is-opaque", 'axiom ax : Nat\ndef t : ax = 0 := refl', K.MISMATCH, 2, 19),
    ("axiom-function-is-opaque",
     'axiom f : Nat -> Nat\ndef t : f 0 = 0 := refl',
     K.MISMATCH, 2, 20),
    # data declarations
    ("non-positive-data", 'data Bad where\n  mk : (Bad -> Nat) -> Bad', K.POSITIVITY, 2, 3),
    ("non-positive-with-parameter",
     'data D (A : Type) where\n  mk : (D A -> A) -> D A',
     K.POSITIVITY, 2, 3),
    ("positive-not-strictly", 'data D where\n  mk : ((D -> Nat) -> Nat) -> D', K.POSITIVITY, 2, 3),
    ("data-under-identity", 'data D where\n  mk : D = D -> D', K.POSITIVITY, 2, 3),
    ("data-under-sigma", 'data D where\n  mk : D * Nat -> D', K.POSITIVITY, 2, 3),
    ("non-uniform-parameter",
     'data List (A : Type) where\n  nil : List A\n  cons : A -> List Nat -> List A',
     K.POSITIVITY, 3, 3),
    ("constructor-wrong-return", 'data Bad where\n  mk : Nat', K.CONSTRUCTOR, 2, 3),
    ("constructor-wrong-parameter",
     'data List (A : Type) where\n  nil : List Nat',
     K.CONSTRUCTOR, 2, 3),
    ("constructor-implicit-argument", 'data D where\n  mk : {n : Nat} -> D', K.CONSTRUCTOR, 2, 3),
    # eliminators
    ("missing-case", 'def x : Nat := Bool-rec Nat 1', K.MISSING_CASE, 1, 16),
    ("missing-case-in-function", 'def x : Bool -> Nat := Bool-rec Nat 1', K.MISSING_CASE, 1, 24),
    ("missing-cases", 'def x : Nat := Bool-rec Nat', K.MISSING_CASE, 1, 16),
    ("missing-case-as-argument", 'def n : Nat := suc (Nat-rec Nat 0)', K.MISSING_CASE, 1, 21),
    ("missing-path-case", S1 + 'def f : S1 -> Nat := S1-rec Nat 0', K.MISSING_CASE, 4, 22),
    ("case-in-place-of-major", 'def x : Nat := Bool-rec Nat 1 true', K.MISMATCH, 1, 31),
    ("case-wrong-arity", 'def n : Nat := Nat-rec Nat 0 (fun n => n) 3', K.MISMATCH, 1, 40),
    ("dependent-case-wrong",
     'def b : false = true := Bool-ind (fun b => b = true) refl refl false',
     K.MISMATCH, 1, 59),
    # higher inductive types: no path computes away
    ("loop-is-not-refl", S1 + 'def bad : loop = refl := refl', K.MISMATCH, 4, 26),
    ("transport-along-loop-not-definitional",
     S1 + 'def t : transport (fun _ => Nat) loop 3 = 3 := refl',
     K.MISMATCH, 4, 48),
    ("ap-of-loop-not-definitional",
     S1 + 'def t : ap (fun _ => 0) loop = refl := refl',
     K.MISMATCH, 4, 40),
    ("circle-not-contractible-by-refl",
     S1 + 'def f (x : S1) : x = base := refl',
     K.MISMATCH, 4, 30),
    ("loop-case-wrong-type",
     S1 + 'def f : S1 -> Nat := S1-rec Nat 0 (refl {Bool})',
     K.MISMATCH, 4, 36),
    ("path-as-major", S1 + 'def f : Nat := S1-rec Nat 0 refl loop', K.MISMATCH, 4, 34),
    ("ind-loop-case-refl-is-not-a-dependent-path",
     S1 + 'def f : S1-ind (fun _ => Nat) 0 refl base = 1 := refl',
     K.MISMATCH, 4, 33),
    ("rec-computes-to-case", S1 + 'def f : S1-rec Nat 0 refl base = 1 := refl', K.MISMATCH, 4, 39),
    ("interval-endpoints-distinct",
     'hit I where\n  i0 : I\n  i1 : I\n  seg : i0 = i1\ndef bad : i0 = i1 := refl',
     K.MISMATCH, 5, 22),
    ("suspension-poles-distinct",
     SUSP + 'def bad : north {Bool} = south := refl',
     K.MISMATCH, 5, 35),
    ("merid-is-not-a-point", SUSP + 'def bad : Susp Bool := merid true', K.MISMATCH, 5, 24),
    # higher inductive types: constructor declarations
    ("hit-path-between-other-points",
     'hit H where\n  a : H\n  p : true = false',
     K.CONSTRUCTOR, 3, 3),
    ("hit-path-in-other-type",
     'hit H where\n  a : H\n  p : (x : Nat) -> x = x',
     K.CONSTRUCTOR, 3, 3),
    ("hit-path-sides-of-different-types",
     'hit H where\n  a : H\n  p : a = true',
     K.MISMATCH, 3, 11),
    ("hit-path-to-unknown-point", 'hit H where\n  a : H\n  p : a = b', K.SCOPE, 3, 11),
    ("two-path-different-endpoints",
     'hit H where\n  a : H\n  b : H\n  p : a = b\n  q : a = a\n  s : p = q',
     K.MISMATCH, 6, 11),
    ("two-path-reversed-endpoints",
     'hit H where\n  a : H\n  b : H\n  p : a = b\n  q : b = a\n  s : p = q',
     K.MISMATCH, 6, 11),
    ("three-path-constructor",
     'hit H where\n  a : H\n  p : a = a\n  s : p = p\n  t : s = s',
     K.CONSTRUCTOR, 5, 3),
    ("recursive-hit", 'hit H where\n  a : H\n  p : H -> a = a', K.POSITIVITY, 3, 3),
    ("hit-point-wrong-parameter",
     'hit Susp (A : Type) where\n  north : Susp Nat',
     K.CONSTRUCTOR, 2, 3),
    ("hit-point-wrong-return", 'hit H where\n  a : Nat', K.CONSTRUCTOR, 2, 3),
    ("hit-implicit-argument", 'hit H where\n  a : {n : Nat} -> H', K.CONSTRUCTOR, 2, 3),
]


def _refused(text: str) -> LangError:
    with pytest.raises(LangError) as info:
        check_text(text, prelude=False, path="t.hott")
    return info.value


def test_the_table_is_large_and_names_are_unique():
    assert len(CASES) >= 80
    assert len({name for name, *_ in CASES}) == len(CASES)


@pytest.mark.parametrize(("text", "kind", "line", "column"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_refused_with_kind_and_location(text, kind, line, column):
    err = _refused(text)
    assert err.kind is kind, err.render()
    assert err.span is not None, err.render()
    assert (err.span.line, err.span.column) == (line, column), err.render()
    assert err.path == "t.hott"
    assert err.render().startswith(f"t.hott:{line}:{column}: {kind.value}")


CONTROLS = {
    "type-in-type1": "def ok : Type 1 := Type",
    "cumulativity-upward": "def f (A : Type) : Type 1 := A",
    "refl-on-equal-numerals": "def p : 2 = 2 := refl",
    "large-numeral": "def x : Nat := 1000000000",
    "j-computes-on-refl": "def j : J {Nat} {0} (fun x q => Nat) 1 refl = 1 := refl",
    "implicit-application": ID + "def t : Nat := id {Nat} 3",
    "implicit-lambda": "def f : {A : Type} -> A -> A := fun {A} x => x",
    "partial-eliminator": "def f : Bool -> Nat := Bool-rec Nat 1 2",
    "eliminator-computes": "def f : Bool-rec Nat 1 2 false = 2 := refl",
    "rec-computes-on-base": S1 + "def f : S1-rec Nat 0 refl base = 0 := refl",
    "strictly-positive-tree": "data Tree where\n  leaf : Tree\n  node : (Nat -> Tree) -> Tree",
    "uniform-parameter": "data List (A : Type) where\n  nil : List A\n  cons : A -> List A -> List A",
    "two-path-same-endpoints": "hit H where\n  a : H\n  p : a = a\n  q : a = a\n  s : p = q",
    "local-shadows-own-name": "def a : Nat := let a : Nat := 1 in a",
    "hole-solved-by-unification": "def f : Nat := Bool-rec _ 1 2 true",
    "negative-numeral-as-int": "def i : Int := -1",
    "absurd-from-empty": "def a (e : Empty) : Nat := absurd e",
    # hit parameters named like the globals the generated rules mention (ap, transport)
    "hit-parameter-named-ap": "hit H (ap : Type) where\n  a : H ap\n  p : a = a",
    "hit-parameter-named-transport":
        "hit H (transport : Type) where\n  a : H transport\n  p : a = a",
}


@pytest.mark.parametrize("name", sorted(CONTROLS))
def test_near_misses_are_accepted(name):
    assert check_text(CONTROLS[name], prelude=False, path="t.hott").entries


def test_unsolved_hole_shows_goal_and_context():
    err = _refused("def h (A : Type) (n : Nat) (p : n = n) : A -> Bool := fun a => _")
    assert err.kind is K.UNSOLVED
    assert err.expected == "Bool"
    assert err.context == (("A", "Type"), ("n", "Nat"), ("p", "n = n"), ("a", "A"))
    assert "expected: Bool" in err.message and "p : n = n" in err.message


def test_mismatch_prints_both_types_with_user_names():
    err = _refused("def r (x y : Nat) : x = y := refl")
    assert err.kind is K.MISMATCH
    assert err.expected == "x = y"
    assert err.inferred in {"x = x", "y = y"}
    assert err.context == (("x", "Nat"), ("y", "Nat"))


def test_missing_case_names_the_missing_cases():
    err = _refused("def x : Nat := Bool-rec Nat")
    assert err.kind is K.MISSING_CASE
    assert "case-true, case-false" in err.detail

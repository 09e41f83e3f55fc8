"""The kernel of hott.lang: evaluation, conversion, unification, elaboration, declarations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hott.lang import ErrorKind, LangError, check_text
from hott.lang import syntax as S
from hott.lang.conversion import convertible
from hott.lang.evaluation import evaluate, normalise, quote
from hott.lang.presyntax import Icit
from hott.lang.signature import Signature
from hott.lang.unification import UnifyError, unify
from hott.lang.values import HMeta, VNe, var

E = Icit.EXPL


def check(text: str):
    return check_text(text, prelude=False, path="t.hott")


def fails(text: str, kind: ErrorKind, line: int | None = None) -> LangError:
    with pytest.raises(LangError) as info:
        check(text)
    assert info.value.kind is kind, info.value.render()
    if line is not None:
        assert info.value.span is not None and info.value.span.line == line
    assert info.value.path == "t.hott"
    return info.value


# --- evaluation and conversion ---------------------------------------------------------------

def test_beta_and_quote_round_trip():
    sig = Signature()
    ident = S.Lam("x", E, S.Var(0))
    tm = S.App(ident, S.U(0), E)
    assert normalise(sig, (), tm) == S.U(0)
    assert quote(sig, 0, evaluate(sig, (), ident)) == ident


def test_eta_for_functions_and_pairs():
    sig = Signature()
    f, p = var(0), var(1)
    eta_f = evaluate(sig, (f,), S.Lam("y", E, S.App(S.Var(1), S.Var(0), E)))
    assert convertible(sig, 2, eta_f, f)
    eta_p = evaluate(sig, (p,), S.Pair(S.Proj(S.Var(0), 1), S.Proj(S.Var(0), 2)))
    assert convertible(sig, 2, eta_p, p)
    assert not convertible(sig, 2, f, p)


# --- pattern unification ---------------------------------------------------------------------

def _meta(sig: Signature, arity: int) -> VNe:
    """A fresh metavariable of type ``Type -> … -> Type`` (``arity`` arrows)."""
    ty: S.Tm = S.U(0)
    for _ in range(arity):
        ty = S.Pi("x", E, S.U(0), ty)
    return VNe(HMeta(sig.metas.fresh(evaluate(sig, (), ty), None, hole=True, report=None)))


def test_pattern_solution_is_a_lambda():
    sig = Signature()
    m = _meta(sig, 1)
    lhs = evaluate(sig, (m, var(0)), S.App(S.Var(1), S.Var(0), E))
    unify(sig, 1, lhs, evaluate(sig, (var(0),), S.Pi("_", E, S.Var(0), S.Var(1))))
    solved = sig.metas.solution(m.head.id)
    assert normalise(sig, (), quote(sig, 0, solved)) == S.Lam(
        "x0", E, S.Pi("_", E, S.Var(0), S.Var(1)))


def test_occurs_check_and_scope_escape():
    sig = Signature()
    m = _meta(sig, 0)
    with pytest.raises(UnifyError, match="occurs"):
        unify(sig, 0, m, evaluate(sig, (m,), S.Pi("_", E, S.Var(0), S.Var(1))))
    m2 = _meta(sig, 0)
    with pytest.raises(UnifyError, match="scope"):
        unify(sig, 1, m2, var(0))


# --- elaboration of the language's features ---------------------------------------------------

FEATURES = {
    "identity": "def id {A : Type} (x : A) : A := x\ndef t : Bool := id true",
    "implicit-explicit": "def id {A : Type} (x : A) : A := x\ndef t : Nat := id {Nat} 3",
    "lambda": "def k : Nat -> Bool -> Nat := fun x _ => x",
    "typed-lambda": "def k : Nat -> Nat := fun (x : Nat) => suc x",
    "sigma": "def p : (n : Nat) * Bool := (2, false)\ndef q : Nat := p.1\ndef r : Bool := p.2",
    "let": "def l : Nat := let y : Nat := 3 in suc y",
    "hole-solved": "def h : Nat := suc _\n" if False else "def h : Nat -> Nat := fun (x : _) => x",
    "universe": "def u : Type 1 := Type\ndef c : Type 2 := Type",
    "int-numerals": "def z : Int := -3\ndef w : Int := 4",
    "id-type": "def e : Id Nat 1 1 := refl\ndef f : 1 = 1 := refl",
    "unit-empty": "def u : Unit := tt\ndef a (e : Empty) : Nat := absurd e",
    "concat-inv": "def c {A : Type} {x y : A} (p : x = y) : x = x := p · p ⁻¹",
    "ann": "def a : Nat := (3 : Nat)",
}


@pytest.mark.parametrize("name", sorted(FEATURES))
def test_feature_samples_check(name):
    assert check(FEATURES[name]).entries


def test_j_computes_on_refl():
    m = check("def jc {A : Type} (a : A) : J {A} {a} (fun x _ => A) a refl = a := refl")
    assert m.entry("jc").kind == "def"


def test_data_eliminators_compute():
    m = check("def add (m n : Nat) : Nat := Nat-rec Nat n (fun _ r => suc r) m\n"
              "def five : add 2 3 = 5 := refl\n"
              "def neg : Bool -> Bool := Bool-rec Bool false true\n"
              "def nn : neg (neg true) = true := refl")
    assert m.normalise("add 1 1") == m.normalise("2")
    fails("def add (m n : Nat) : Nat := Nat-rec Nat n (fun _ r => suc r) m\n"
          "def bad : add 2 2 = 5 := refl", ErrorKind.MISMATCH, 2)


S1 = "hit S1 where\n  base : S1\n  loop : base = base\n"


def test_hit_recursion_computes_on_points_and_has_loop_rule():
    m = check(S1 + "def r : S1-rec Nat 7 refl base = 7 := refl\n"
              "def rl : ap (S1-rec Nat 7 refl) loop = refl := S1-rec-loop Nat 7 refl")
    assert m.entry("S1-rec-loop").kind == "rule"
    assert "ap (S1-rec B case-base case-loop) loop = case-loop" in m.entry("S1-rec-loop").type
    assert m.entry("S1-ind-loop").type.endswith("apd (S1-ind P case-base case-loop) loop = "
                                                "case-loop")


def test_code_into_the_universe_via_an_axiom():
    m = check(S1 + "axiom ua {A B : Type} (f : A -> B) : A = B\n"
              "def s (z : Int) : Int := z\n"
              "def code : S1 -> Type := S1-rec Type Int (ua s)\n"
              "def c : code base = Int := refl\n"
              "def d : Int := transport code (refl {S1} {base}) 3")
    assert m.entry("code").axioms == ("ua",)
    assert m.entry("c").axioms == ("ua",)
    assert m.entry("s").axioms == ()


def test_loop_is_not_refl():
    fails(S1 + "def bad : loop = refl := refl", ErrorKind.MISMATCH, 4)


def test_two_path_constructor_sides_must_share_endpoints():
    fails("hit H where\n  a : H\n  b : H\n  p : a = b\n  q : a = a\n  s : p = q",
          ErrorKind.MISMATCH, 6)


# --- rejections --------------------------------------------------------------------------------

def test_type_in_type_is_rejected():
    fails("def bad : Type := Type", ErrorKind.UNIVERSE, 1)
    fails("def id {A : Type} (x : A) : A := x\ndef bad : Type 1 := id Type",
          ErrorKind.UNIVERSE, 2)


def test_strict_positivity():
    fails("data Bad where\n  mk : (Bad -> Nat) -> Bad", ErrorKind.POSITIVITY, 2)
    assert check("data Tree where\n  leaf : Tree\n  node : (Nat -> Tree) -> Tree").entries


def test_self_reference():
    fails("def loopy : Nat := suc loopy", ErrorKind.SELF_REFERENCE, 1)


def test_unsolved_hole_shows_goal_and_context():
    err = fails("def h (n : Nat) : Bool := _", ErrorKind.UNSOLVED, 1)
    assert err.expected == "Bool"
    assert err.context == (("n", "Nat"),)


def test_unknown_name_and_duplicate():
    fails("def a : Nat := nope", ErrorKind.SCOPE, 1)
    fails("def a : Nat := 1\ndef a : Nat := 2", ErrorKind.DUPLICATE, 2)


def test_non_utf8_file_names_the_file(tmp_path):
    from hott.lang import check_file
    bad = tmp_path / "bad.hott"
    bad.write_bytes(b"\xff\xfe def")
    with pytest.raises(LangError, match="bad.hott"):
        check_file(bad, prelude=False)


# --- properties --------------------------------------------------------------------------------

def _terms(depth: int):
    """Closed-ish untyped λ-terms over two free variables that are simply typed by shape."""
    leaf = st.sampled_from([S.Var(0), S.Var(1)])
    return st.recursive(leaf, lambda sub: st.one_of(
        st.builds(lambda b: S.App(S.Lam("x", E, b), S.Var(0), E), sub),
        st.builds(lambda a, b: S.Proj(S.Pair(a, b), 1), sub, sub),
        st.builds(lambda a, b: S.Proj(S.Pair(a, b), 2), sub, sub),
    ), max_leaves=depth)


def _subst_normalise(tm: S.Tm, env: list[S.Tm]) -> S.Tm:
    """Naive normalisation by substitution (for the fragment ``_terms`` produces)."""
    match tm:
        case S.Var(ix):
            return env[-1 - ix]
        case S.App(S.Lam(_, _, body), arg, _):
            return _subst_normalise(body, [*env, _subst_normalise(arg, env)])
        case S.Proj(S.Pair(a, b), index):
            return _subst_normalise(a if index == 1 else b, env)
    raise AssertionError(tm)


@given(_terms(12))
def test_nbe_agrees_with_substitution(tm):
    sig = Signature()
    env = (var(0), var(1))
    assert normalise(sig, env, tm) == quote(sig, 2, evaluate(sig, env, _subst_normalise(
        tm, [S.Var(1), S.Var(0)])))


@given(_terms(8), _terms(8), _terms(8))
def test_conversion_is_an_equivalence(a, b, c):
    sig = Signature()
    env = (var(0), var(1))
    va, vb, vc = (evaluate(sig, env, t) for t in (a, b, c))
    assert convertible(sig, 2, va, va)
    assert convertible(sig, 2, va, vb) == convertible(sig, 2, vb, va)
    if convertible(sig, 2, va, vb) and convertible(sig, 2, vb, vc):
        assert convertible(sig, 2, va, vc)

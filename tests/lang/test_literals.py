"""Numerals as literal values in the kernel: ``S.Lit`` / ``VLit`` for ``Nat``.

Conversion (``n ≡ suc (n-1)``, ``0 ≡ zero``), unification of ``suc ?m`` with a numeral,
eliminators on numerals against eliminators on ``suc`` chains, long numerals, and the step
budget on an eliminator run on a huge numeral.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hott.lang import ErrorKind, LangError, check_text
from hott.lang import syntax as S
from hott.lang.conversion import convertible
from hott.lang.evaluation import apply_const, evaluate, quote
from hott.lang.presyntax import Icit
from hott.lang.unification import UnifyError, unify
from hott.lang.values import EApp, HConst, HMeta, VLit, VNe

E = Icit.EXPL

BASE = """
def add (m n : Nat) : Nat := Nat-rec Nat m (fun _ k => suc k) n
def tri (n : Nat) : Nat := Nat-rec Nat 0 (fun k r => add (suc k) r) n
def pred (n : Nat) : Nat := Nat-rec Nat 0 (fun k _ => k) n
def f {n : Nat} (p : suc n = 6) : Nat := n
"""


@pytest.fixture(scope="module")
def module():
    return check_text(BASE, prelude=False, path="lit.hott")


def chain(n: int, base=None):
    """``suc (… (suc base))`` as a value kept unfolded (not canonicalised to a numeral)."""
    value = VLit(0) if base is None else base
    for _ in range(n):
        value = VNe(HConst("suc"), (EApp(value, E),))
    return value


# --- conversion -------------------------------------------------------------------------------

@pytest.mark.parametrize(("lit", "sucs", "equal"), [
    (0, 0, True), (1, 1, True), (5, 5, True), (5, 4, False), (4, 5, False), (0, 1, False),
    (3000, 3000, True), (3000, 2999, False),
])
def test_numeral_against_a_suc_chain(module, lit, sucs, equal):
    sig = module.sig.copy()
    assert convertible(sig, 0, VLit(lit), chain(sucs)) is equal
    assert convertible(sig, 0, chain(sucs), VLit(lit)) is equal


@pytest.mark.parametrize(("left", "right", "equal"), [
    ("0", "zero", True), ("3", "suc (suc (suc zero))", True), ("2", "suc 1", True),
    ("3", "suc (suc zero)", False), ("0", "suc zero", False), ("7", "7", True), ("7", "8", False),
])
def test_conversion_table_in_source(left, right, equal):
    text = BASE + f"def e : ({left} : Nat) = {right} := refl\n"
    if equal:
        assert check_text(text, prelude=False, path="lit.hott").entry("e")
    else:
        with pytest.raises(LangError) as info:
            check_text(text, prelude=False, path="lit.hott")
        assert info.value.kind is ErrorKind.MISMATCH


def test_zero_and_suc_of_a_numeral_are_numerals(module):
    sig = module.sig.copy()
    assert evaluate(sig, (), S.Glob("zero")).value == 0
    assert evaluate(sig, (), S.App(S.Glob("suc"), S.Lit(41), E)).value == 42
    assert quote(sig, 0, chain(3)) == S.Lit(3)  # a suc chain on a numeral reads back as one


# --- unification ------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 2, 10, 2000])
def test_suc_of_a_hole_against_a_numeral(module, n):
    sig = module.sig.copy()
    nat = evaluate(sig, (), S.Glob("Nat"))
    meta = sig.metas.fresh(nat, None, hole=True, report=None)
    unify(sig, 0, chain(1, VNe(HMeta(meta))), VLit(n))
    assert quote(sig, 0, sig.metas.solution(meta)) == S.Lit(n - 1)


def test_suc_of_a_hole_against_zero_fails(module):
    sig = module.sig.copy()
    meta = sig.metas.fresh(evaluate(sig, (), S.Glob("Nat")), None, hole=True, report=None)
    with pytest.raises(UnifyError):
        unify(sig, 0, chain(1, VNe(HMeta(meta))), VLit(0))


def test_implicit_argument_solved_from_a_numeral():
    m = check_text(BASE + "def t : f refl = 5 := refl\n", prelude=False, path="lit.hott")
    assert m.normalise("f {5} refl") == "5"


# --- eliminators ------------------------------------------------------------------------------

def _rec_on(sig, major):
    """``Nat-rec Nat 0 (fun k r => add (suc k) r) major`` (the triangular number)."""
    step = evaluate(sig, (), S.Lam("k", E, S.Lam("r", E, S.App(S.App(
        S.Glob("add"), S.App(S.Glob("suc"), S.Var(1), E), E), S.Var(0), E))))
    return apply_const(sig, "Nat-rec", (EApp(evaluate(sig, (), S.Glob("Nat")), E),
                                        EApp(VLit(0), E), EApp(step, E), EApp(major, E)))


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 25), st.integers(0, 40))  # a suc chain's folded hypotheses nest n deep
def test_eliminators_on_numerals_agree_with_suc_chains(module, n, m):
    sig = module.sig.copy()
    on_lit, on_chain = _rec_on(sig, VLit(n)), _rec_on(sig, chain(n))
    assert quote(sig, 0, on_lit, unfold_defs=True) == S.Lit(n * (n + 1) // 2)
    assert convertible(sig, 0, on_lit, on_chain)
    assert module.normalise(f"add {n} {m}") == str(n + m)
    assert module.normalise(f"pred {n}") == str(max(n - 1, 0))
    assert module.normalise(f"Nat-ind (fun _ => Nat) {m} (fun k r => suc r) {n}") == str(n + m)


def test_eliminator_on_a_suc_chain_over_a_variable_stays_a_chain(module):
    assert module.normalise("fun (x : Nat) => add x 2") == "fun x => suc (suc x)"
    assert module.normalise("fun (x : Nat) => add 2 (suc x)") == (
        "fun x => suc (Nat-rec Nat 2 (fun _ k => suc k) x)")


def test_eliminator_on_a_huge_numeral_spends_the_step_budget():
    text = BASE + "def e : Nat-rec Nat 0 (fun _ r => r) 1000000000 = 0 := refl\n"
    with pytest.raises(LangError) as info:
        check_text(text, prelude=False, path="lit.hott")
    assert info.value.kind is ErrorKind.LIMIT
    assert "steps" in info.value.message  # the budget, not Python's stack


# --- long numerals ----------------------------------------------------------------------------

def test_a_numeral_of_5000_digits_elaborates_and_prints_back(module):
    digits = "7" + "1234567890" * 499 + "123456788"
    assert len(digits) == 5000
    m = check_text(BASE + f"def big : Nat := {digits}\ndef e : suc big = add big 1 := refl\n",
                   prelude=False, path="lit.hott")
    assert m.normal_form("big") == digits
    assert module.normalise(f"suc {digits}") == digits[:-1] + "9"


def test_int_numerals_are_pos_and_negsuc_of_a_literal(module):
    assert module.normalise("(1000000 : Int)") == "pos 1000000"
    assert module.normalise("(-1000000 : Int)") == "negsuc 999999"


def test_folded_steps_on_a_large_numeral_do_not_nest(module):
    # each step's result is brought to weak head normal form, so 3000 folded `add`s stay flat
    assert module.normalise("Nat-rec Nat 0 (fun _ r => add r 1) 3000") == "3000"

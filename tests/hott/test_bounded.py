"""No call runs unbounded, huge powers are read as runs, homology never falls over.

* our Knuth–Bendix completion (:mod:`hott.knuth_bendix`) agrees with a faithful representation
  where it completes, and ends in an honest *undecided* where it does not;
* loops with powers like ``p^(10**20)`` are decided by the abelianisation and the free-abelian
  case exactly, and left undecided (with the reason) where only letter methods could decide;
* the iterative Smith form with transforms (:func:`hott.snf.smith_form`) is exact, and the
  wedge of 1 000 projective planes — where sympy's recursive Smith form raised RecursionError —
  has its homology basis and abelianisation computed.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hott import HIT
from hott.budget import Budget, OutOfBudget
from hott.knuth_bendix import complete
from hott.library import klein_bottle, torus
from hott.snf import invariant_factors, merge_diagonal, smith_form
from hott.word_problem import decide_homotopic
from hott.words import free_reduce

BIG = 10**20


def one_point(name: str, generators: str, *relators: str) -> HIT:
    hit = HIT(name).point("x")
    for g in generators.split():
        hit = hit.path(g, "x", "x")
    for i, relator in enumerate(relators):
        hit = hit.cell(f"r{i}", relator)
    return hit


GENUS2 = one_point("genus2", "a b c d", "a b a^-1 b^-1 c d c^-1 d^-1")
#: Two Baumslag–Solitar relators: infinite, not small cancellation, Knuth–Bendix does not end.
TWO_RELATORS = one_point("BS chain", "a b c", "a b a^-1 b^-2", "b c b^-1 c^-2")


# ------------------------------------------------------------------ Knuth–Bendix
def test_knuth_bendix_completes_and_decides_the_klein_bottle() -> None:
    hit = klein_bottle()
    presentation = hit.presentation()
    system = complete(presentation.generators, presentation.relators, Budget())
    # the relator and its rotations are trivial; a non-trivial loop stays non-empty
    for relator in presentation.relators:
        assert system.reduce(relator) == ()
        assert system.reduce(relator[1:] + relator[:1]) == ()
    g = presentation.generators[0]
    assert system.reduce(((g, 1),) * 5) != ()


def test_knuth_bendix_normal_forms_are_unique_in_z2() -> None:
    # Z^2 = ⟨x, y | x y x^-1 y^-1⟩: words with the same exponent sums have one normal form
    system = complete(["x", "y"], [(("x", 1), ("y", 1), ("x", -1), ("y", -1))], Budget())
    rng = random.Random(0)
    letters = [("x", 1), ("x", -1), ("y", 1), ("y", -1)]
    forms: dict[tuple[int, int], set] = {}
    for _ in range(200):
        word = tuple(rng.choice(letters) for _ in range(rng.randint(0, 12)))
        sums = (sum(e for g, e in word if g == "x"), sum(e for g, e in word if g == "y"))
        forms.setdefault(sums, set()).add(system.reduce(word))
    assert all(len(normal) == 1 for normal in forms.values())
    assert forms.get((0, 0), {()}) == {()}


def test_knuth_bendix_stops_at_its_budget() -> None:
    with pytest.raises(OutOfBudget):
        complete(["a", "b", "c"], [free_reduce(TWO_RELATORS.attaching_word(r).letters)
                                   for r in TWO_RELATORS.cells(2)], Budget(steps=5_000))


def test_a_long_two_relator_question_ends_undecided_within_its_budget() -> None:
    # [a c a^-1, c] is trivial (a c a^-1 commutes with c in neither an obvious nor a
    # small-cancellation way); no method may claim an answer, each must stop at its bound
    loop = TWO_RELATORS.word("a c a^-1 c a c^-1 a^-1 c^-1")
    decision = decide_homotopic(TWO_RELATORS, loop, TWO_RELATORS.refl("x"),
                                Budget(seconds=5.0, steps=50_000))
    assert decision.undecided, str(decision)
    assert "Knuth–Bendix completion did not finish within its budget" in decision.reason
    assert "coset enumeration" in decision.reason


def test_the_default_budget_also_ends_undecided() -> None:
    decision = TWO_RELATORS.homotopic("a c a^-1 c a c^-1 a^-1 c^-1", "refl")
    assert decision.undecided, str(decision)
    assert "Knuth–Bendix completion did not finish" in decision.reason


# ------------------------------------------------------------------ huge powers
def test_huge_powers_on_the_torus_are_decided_exactly() -> None:
    hit = torus()
    p, q = "p", "q"
    assert hit.homotopic(f"{p}^{BIG} {q}", f"{q} {p}^{BIG}").proved_equal
    different = hit.homotopic(f"{p}^{BIG} {q}", f"{q} {p}^{BIG + 1}")
    assert different.proved_different and different.method == "abelianization"


def test_huge_powers_on_a_genus2_surface() -> None:
    # abelianisation decides what it sees, at any power
    decision = GENUS2.homotopic(f"a^{BIG}", f"a^{BIG - 1}")
    assert (decision.value, decision.method) == (False, "abelianization")
    # a commutator of huge powers is zero in H1 and needs Dehn: honestly undecided
    decision = GENUS2.homotopic(f"a^{BIG} b a^-{BIG} b^-1", "refl")
    assert decision.undecided and "letters written out" in decision.reason, str(decision)
    # the same shape with small powers is decided by Dehn's algorithm
    decision = GENUS2.homotopic("a^3 b a^-3 b^-1", "refl")
    assert (decision.value, decision.method) == (False, "Dehn's algorithm"), str(decision)


def test_rewrite_runs_keeps_a_huge_power_as_one_run() -> None:
    presentation = torus().presentation()
    loop = torus().word(f"p^{BIG}")
    runs = presentation.rewrite_runs(loop)
    assert len(runs) == 1 and abs(runs[0][1]) == BIG
    assert presentation.abelian_sums(loop) == dict(runs)


# ------------------------------------------------------------------ Smith forms
def _dense(matrix: dict, rows: int, columns: int) -> np.ndarray:
    """A sparse ``{row: {column: value}}`` matrix as a dense exact (object) array."""
    out = np.zeros((rows, columns), dtype=object)
    for r, row in matrix.items():
        for c, v in row.items():
            out[r, c] = v
    return out


@settings(deadline=None, max_examples=150)
@given(st.integers(0, 6), st.integers(0, 6), st.data())
def test_smith_form_is_a_unimodular_diagonalisation(rows: int, columns: int, data) -> None:
    cells = st.dictionaries(st.tuples(st.integers(0, max(rows - 1, 0)),
                                      st.integers(0, max(columns - 1, 0))),
                            st.integers(-9, 9), max_size=rows * columns)
    entries: dict[int, dict[int, int]] = {}
    for (r, c), v in (data.draw(cells).items() if rows and columns else ()):
        if v:
            entries.setdefault(r, {})[c] = v
    smith = smith_form(entries, rows, columns)
    left, right = _dense(smith.left, rows, rows), _dense(smith.right, columns, columns)
    diagonal = np.zeros((rows, columns), dtype=object)
    for i, d in enumerate(smith.diagonal):
        diagonal[i, i] = d
    assert (left @ _dense(entries, rows, columns) @ right == diagonal).all()
    assert (left @ _dense(smith.left_inverse, rows, rows) == np.eye(rows, dtype=int)).all()
    assert (_dense(smith.right_inverse, columns, columns) @ right
            == np.eye(columns, dtype=int)).all()
    assert merge_diagonal(smith.diagonal) == invariant_factors(entries)


RP2 = [[0, 1, 2], [0, 2, 3], [0, 1, 5], [0, 4, 5], [0, 3, 4], [1, 2, 4], [1, 3, 4], [1, 3, 5],
       [2, 3, 5], [2, 4, 5]]


def test_wedge_of_1000_projective_planes_basis_and_abelianisation() -> None:
    n = 1000
    hit = HIT.from_simplices([[0 if v == 0 else v + 6 * k for v in f]
                              for k in range(n) for f in RP2])
    basis = hit.homology_basis(1)
    assert basis.orders == (2,) * n
    assert hit.abelianization() == hit.homology()[1]
    assert str(hit.abelianization()) == " ⊕ ".join(["Z/2"] * n)
    # the boundary of one triangle's edge cycle of the first summand: coordinates exist and are
    # 0 or 1 mod 2; twice a generator is zero
    generator = basis.generators[0]
    assert basis.coordinates({c: 2 * v for c, v in generator.items()}) == (0,) * n
    assert basis.coordinates(generator).count(1) == 1

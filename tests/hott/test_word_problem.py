"""``HIT.homotopic`` decides the word problem exactly where it can and says "undecided" where
it cannot. Every decided answer is checked against brute-force evaluation in a faithful
representation of the group, so nothing is reported as proved that is false."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hott import HIT, Decision, Path, UndecidedError
from hott.library import (
    LIBRARY,
    circle,
    figure_eight,
    klein_bottle,
    product,
    projective_plane,
    sphere,
    torus,
)
from hott.strategies import closed_words
from hott.words import Word, exponent_sums, free_reduce


def one_point(name: str, generators: str, *relators: str) -> HIT:
    hit = HIT(name).point("b")
    for g in generators.split():
        hit = hit.path(g, "b", "b")
    for i, relator in enumerate(relators):
        hit = hit.cell(f"r{i}", relator)
    return hit


S3 = one_point("S3", "s t", "s^2", "t^3", "s t s t")
Q8 = one_point("Q8", "i j", "i^4", "i^2 j^-2", "j^-1 i j i")
BS12 = one_point("BS(1,2)", "a c", "a c a^-1 c^-2")
#: Z² * Z: one commutator among three generators, so π1 is not abelian.
Z2_FREE_Z = one_point("Z2*Z", "x y z", "x y x^-1 y^-1")
KLEIN, TORUS, RP2, FIGURE_EIGHT = klein_bottle(), torus(), projective_plane(), figure_eight()


# ------------------------------------------------- faithful representations
def permutation(*images: int) -> tuple[int, ...]:
    return images


def compose(first: tuple, second: tuple) -> tuple:
    """First ``first``, then ``second``."""
    return tuple(second[x] for x in first)


def invert_permutation(p: tuple) -> tuple:
    out = [0] * len(p)
    for x, y in enumerate(p):
        out[y] = x
    return tuple(out)


def quaternion_product(x: tuple, y: tuple) -> tuple:
    a1, b1, c1, d1 = x
    a2, b2, c2, d2 = y
    return (a1 * a2 - b1 * b2 - c1 * c2 - d1 * d2, a1 * b2 + b1 * a2 + c1 * d2 - d1 * c2,
            a1 * c2 - b1 * d2 + c1 * a2 + d1 * b2, a1 * d2 + b1 * c2 - c1 * b2 + d1 * a2)


def klein_product(x: tuple, y: tuple) -> tuple:
    """π1(K) = Z ⋊ Z, the element q^n p^m written (n, m)."""
    (n, m), (k, l) = x, y
    return (n + (-1) ** m * k, m + l)


def klein_inverse(x: tuple) -> tuple:
    n, m = x
    return (-((-1) ** m) * n, -m)


def matrix_product(x: tuple, y: tuple) -> tuple:
    (a, b), (c, d) = x
    (e, f), (g, h) = y
    return ((a * e + b * g, a * f + b * h), (c * e + d * g, c * f + d * h))


def matrix_inverse(x: tuple) -> tuple:
    (a, b), (c, d) = x
    det = a * d - b * c
    return ((d / det, -b / det), (-c / det, a / det))


class Representation:
    """A faithful homomorphism from π1 of a one-point HIT to a concrete group."""

    def __init__(self, images: dict[str, Hashable], identity: Hashable,
                 product: Callable, inverse: Callable) -> None:
        self.images, self.identity, self.product, self.inverse = images, identity, product, inverse

    def __call__(self, word: Word) -> Hashable:
        element = self.identity
        for g, e in word:
            element = self.product(element, self.images[g] if e == 1 else
                                   self.inverse(self.images[g]))
        return element


def rational(rows: tuple) -> tuple:
    return tuple(tuple(Fraction(v) for v in row) for row in rows)


REPRESENTATIONS: dict[HIT, Representation] = {
    S3: Representation({"s": permutation(1, 0, 2), "t": permutation(1, 2, 0)},
                       permutation(0, 1, 2), compose, invert_permutation),
    Q8: Representation({"i": (0, 1, 0, 0), "j": (0, 0, 1, 0)}, (1, 0, 0, 0), quaternion_product,
                       lambda x: (x[0], -x[1], -x[2], -x[3])),
    BS12: Representation({"a": rational(((2, 0), (0, 1))), "c": rational(((1, 1), (0, 1)))},
                         rational(((1, 0), (0, 1))), matrix_product, matrix_inverse),
    KLEIN: Representation({"p": (0, 1), "q": (1, 0)}, (0, 0), klein_product, klein_inverse),
    TORUS: Representation({"p": (1, 0), "q": (0, 1)}, (0, 0),
                          lambda x, y: (x[0] + y[0], x[1] + y[1]), lambda x: (-x[0], -x[1])),
    RP2: Representation({"e": 1}, 0, lambda x, y: (x + y) % 2, lambda x: -x % 2),
    FIGURE_EIGHT: Representation({"a": (("a", 1),), "b": (("b", 1),)}, (),
                                 lambda x, y: free_reduce(x + y),
                                 lambda x: tuple((g, -e) for g, e in reversed(x))),
}


@pytest.mark.parametrize("hit", list(REPRESENTATIONS), ids=lambda hit: hit.name)
def test_representations_kill_the_relators(hit: HIT) -> None:
    represent = REPRESENTATIONS[hit]
    for cell in hit.cells(2):
        assert represent(hit.attaching_word(cell).letters) == represent.identity


def test_the_finite_representations_have_the_right_orders() -> None:
    for hit, order in ((S3, 6), (Q8, 8)):
        represent = REPRESENTATIONS[hit]
        seen, frontier = {represent.identity}, [represent.identity]
        while frontier:
            x = frontier.pop()
            for image in represent.images.values():
                y = represent.product(x, image)
                if y not in seen:
                    seen.add(y)
                    frontier.append(y)
        assert len(seen) == order
        assert hit.fundamental_group(simplify=False).order() == order


#: Groups where every question must be decided: free, abelian, finite, Knuth–Bendix.
ALWAYS_DECIDED = [S3, Q8, KLEIN, TORUS, RP2, FIGURE_EIGHT]


@settings(deadline=None, max_examples=150)
@given(st.sampled_from(list(REPRESENTATIONS)).flatmap(
    lambda hit: st.tuples(closed_words(hit, max_length=10), closed_words(hit, max_length=10))))
def test_every_decided_answer_agrees_with_a_faithful_representation(pair: tuple) -> None:
    p, q = pair
    hit = p.hit
    decision = hit.homotopic(p, q)
    represent = REPRESENTATIONS[hit]
    truth = represent(p.letters) == represent(q.letters)
    if hit in ALWAYS_DECIDED:
        assert not decision.undecided, str(decision)
    if not decision.undecided:
        assert decision.value == truth, f"{p} vs {q}: {decision}"


# ----------------------------------------------------------- exact methods
@pytest.mark.parametrize(
    ("hit", "first", "second", "value", "method"),
    [
        (circle(), "loop loop^-1", "refl", True, "free reduction"),
        (circle(), "loop^2", "loop loop", True, "free reduction"),
        (circle(), "loop^2", "loop", False, "free group"),
        (FIGURE_EIGHT, "a b", "b a", False, "free group"),
        (FIGURE_EIGHT, "a b a^-1 b^-1", "refl", False, "free group"),
        (sphere(1), "merid_N", "merid_S", False, "free group"),
        (sphere(2), "merid_N", "merid_S", True, "spanning tree and Tietze moves"),
        (TORUS, "p q", "q p", True, "abelian presentation"),
        (TORUS, "p q p q", "q^2 p^2", True, "abelian presentation"),
        (TORUS, "p q", "p", False, "abelianization"),
        (RP2, "e", "e^-1", True, "abelian presentation"),
        (RP2, "e", "refl", False, "abelianization"),
        (S3, "s t", "t^-1 s", True, "coset enumeration"),
        (S3, "s t", "t s", False, "coset enumeration"),
        (S3, "s", "t", False, "abelianization"),
        (Q8, "i^2", "j^2", True, "coset enumeration"),
        (Q8, "i j", "j i", False, "coset enumeration"),
        (Q8, "i j i j", "i^2", True, "coset enumeration"),
        (KLEIN, "p q", "q^-1 p", True, "Knuth–Bendix"),
        (KLEIN, "p^2 q", "q p^2", True, "Knuth–Bendix"),
        (KLEIN, "q p", "p q", False, "Knuth–Bendix"),
        (KLEIN, "p", "q", False, "abelianization"),
        (Z2_FREE_Z, "x y", "y x", True, "Knuth–Bendix"),
        (Z2_FREE_Z, "x z", "z x", False, "Knuth–Bendix"),  # one commutator is not all of them
    ],
)
def test_exact_decisions(hit: HIT, first: str, second: str, value: bool, method: str) -> None:
    decision = hit.homotopic(first, second)
    assert (decision.value, decision.method) == (value, method), str(decision)
    assert bool(decision) is value
    assert decision.proved_equal is value and decision.proved_different is not value


def test_abelianization_proof_names_the_image() -> None:
    decision = TORUS.homotopic("p q", "p")
    assert decision.reason == "the loop q has a non-zero image in H1 = Z^2"
    assert str(decision).startswith("not homotopic (abelianization)")


def test_baumslag_solitar_is_undecided_honestly() -> None:
    # [a c a^-1, c] = [c^2, c]: trivial, but not provably here
    decision = BS12.homotopic("a c a^-1 c a c^-1 a^-1 c^-1", "refl")
    assert decision.undecided and decision.value is None
    assert not decision.proved_equal and not decision.proved_different
    assert "coset enumeration did not close" in decision.reason
    assert "Knuth–Bendix completion did not finish" in decision.reason
    assert "no homomorphism to S_d (d ≤ 6) moves the loop" in decision.reason
    assert str(decision).startswith("undecided")
    with pytest.raises(UndecidedError, match="homotopy undecided: the loop .* is zero in H1"):
        bool(decision)


def test_a_permutation_witness_proves_what_h1_cannot_see() -> None:
    decision = BS12.homotopic("a c a^-1 c^-1", "refl")  # = c: zero in H1, not trivial
    assert (decision.value, decision.method) == (False, "permutation witness"), str(decision)
    assert "a ↦ (0 1), c ↦ (0 1 2)" in decision.reason


def test_baumslag_solitar_still_proves_what_h1_sees() -> None:
    assert BS12.abelianization().rank == 1  # H1 = Z on a: c = c^2 there
    assert BS12.homotopic("a", "refl").proved_different
    assert BS12.homotopic("a c", "c").proved_different


# ------------------------------------------------------ the relator method
# In BS(1,2) coset enumeration and Knuth–Bendix both give up, so only the relator method can
# prove a loop trivial: it must accept every rotation of a relator or of its inverse (and what
# cyclic reduction brings back to one), and nothing else of the same length.
@pytest.mark.parametrize(
    "loop",
    [
        "a c a^-1 c^-2",  # the relator itself (rotation by 0)
        "c^-2 a c a^-1",  # rotated by 3
        "c^-1 a c a^-1 c^-1",  # rotated by 4, the last rotation
        "c^2 a c^-1 a^-1",  # the inverse relator
        "a c^-1 a^-1 c^2",  # a rotation of the inverse
        "c a c a^-1 c^-3",  # a conjugate: cyclically reduced, it is the relator
    ],
)
def test_rotations_and_conjugates_of_a_relator_are_proved_trivial(loop: str) -> None:
    decision = BS12.homotopic(loop, "refl")
    assert (decision.value, decision.method) == (True, "relator"), str(decision)
    assert "conjugate of a 2-cell's boundary" in decision.reason
    assert REPRESENTATIONS[BS12](BS12.word(loop).letters) == REPRESENTATIONS[BS12].identity


@pytest.mark.parametrize(
    "loop",
    [
        "a c a^-1 c^2",  # = c^4: the relator's length and zero in H1, but no rotation of it
        "a c^-1 a^-1 c^-2",  # = c^-4
        "a^-1 c a c^-2",  # = c^(-3/2) in the representation
    ],
)
def test_a_word_of_a_relators_length_that_is_no_rotation_is_not_taken_for_one(
        loop: str) -> None:
    """Not trivial (the faithful representation says so), so never proved trivial; a
    homomorphism to a small permutation group proves it."""
    assert REPRESENTATIONS[BS12](BS12.word(loop).letters) != REPRESENTATIONS[BS12].identity
    decision = BS12.homotopic(loop, "refl")
    assert (decision.value, decision.method) == (False, "permutation witness"), str(decision)


def test_decision_is_a_plain_value() -> None:
    decision = Decision(None, "undecided", "why")
    assert decision.undecided and str(decision) == "undecided (undecided): why"
    with pytest.raises(UndecidedError):
        bool(decision)


# ------------------------------------------------- complexes with many points
MULTI_POINT_TORUS = product(sphere(1), sphere(1))


@settings(deadline=None, max_examples=60)
@given(st.tuples(closed_words(MULTI_POINT_TORUS, "N.N", 10),
                 closed_words(MULTI_POINT_TORUS, "N.N", 10)))
def test_abelian_fundamental_group_of_a_many_point_torus_agrees_with_h1(pair: tuple) -> None:
    p, q = pair
    basis = MULTI_POINT_TORUS.homology_basis(1)
    difference = exponent_sums((p * ~q).letters)
    truth = not any(basis.coordinates(difference))
    decision = MULTI_POINT_TORUS.homotopic(p, q)
    assert decision.value == truth, str(decision)


@pytest.mark.parametrize("name", ["sphere2", "sphere3", "Σ torus", "interval", "point"])
def test_simply_connected_hits_prove_every_loop_trivial(name: str) -> None:
    hit = LIBRARY[name]()

    @settings(deadline=None, max_examples=20)
    @given(closed_words(hit, max_length=10))
    def check(loop: Path) -> None:
        assert hit.homotopic(loop, hit.refl(loop.start)).proved_equal

    check()

"""π1 presentations: spanning trees, Tietze eliminations, rewriting loops into generators, and
the sympy groups built from them."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hott import HIT, AbelianGroup, Path
from hott.library import circle, figure_eight, projective_plane, sphere, torus
from hott.presentation import tietze_reduce
from hott.strategies import closed_words, library_hits
from hott.tietze import canonical
from hott.words import Word, cyclic_reduce, format_word, free_reduce, invert

#: Loops in the generators a, b, c, used as relators of one-point HITs.
relator_words = st.lists(
    st.tuples(st.sampled_from("abc"), st.sampled_from([1, -1])), min_size=1, max_size=6
).map(tuple)

#: Connected small simplicial complexes: every simplex has the vertex 0.
connected_complexes = st.lists(
    st.lists(st.integers(1, 6), min_size=1, max_size=3, unique=True), min_size=1, max_size=8
).map(lambda simplices: HIT.from_simplices([(0, *s) for s in simplices]))


def one_point_hit(relators: list[tuple]) -> HIT:
    return HIT.from_cells("G", ["x"], {g: ("x", "x") for g in "abc"},
                          {f"r{i}": format_word(r) for i, r in enumerate(relators)})


@pytest.mark.parametrize(
    ("generators", "relators", "survivors", "reduced", "eliminated"),
    [
        (["a", "b"], [(("a", 1), ("b", 1))], ["b"], [], [("a", (("b", -1),))]),
        (["a", "b", "c"], [(("a", 1), ("b", 1), ("c", -1)), (("a", 1), ("a", 1))],
         ["a", "c"], [(("a", 1), ("a", 1))], [("b", (("a", -1), ("c", 1)))]),
        (["a", "b", "c"], [(("a", 1), ("b", 1), ("a", -1), ("b", -1)), (("c", 1), ("a", 1),
                                                                         ("c", -1))],
         ["b", "c"], [], [("a", ())]),
        (["a"], [(("a", 1), ("a", -1))], ["a"], [], []),
        (["a", "b"], [(("a", 1), ("a", 1)), (("b", 1), ("b", 1))], ["a", "b"],
         [(("a", 1), ("a", 1)), (("b", 1), ("b", 1))], []),
    ],
)
def test_tietze_reduce(
    generators: list[str], relators: list[Word], survivors: list[str], reduced: list[Word],
    eliminated: list[tuple[str, Word]],
) -> None:
    assert tietze_reduce(generators, relators) == (survivors, reduced, eliminated)


def _naive_tietze(generators: list[str], relators: list[Word]):
    """Eliminations on relators rewritten in full at every step (the O(n²) way), with the same
    order: shortest relator first, then the generator in fewest relators, then by name."""
    words = {i: cyclic_reduce(r) for i, r in enumerate(relators) if cyclic_reduce(r)}
    alive, eliminated = list(generators), []
    while True:
        found = None
        for i in sorted(words, key=lambda i: (len(words[i]), i)):
            counts = Counter(g for g, _ in words[i])
            once = [g for g, n in counts.items() if n == 1]
            if once:
                found = i, min(once, key=lambda h: (sum(h in {g for g, _ in w}
                                                            for w in words.values()), h))
                break
        if found is None:
            return alive, words, eliminated
        i, g = found
        word = words.pop(i)
        p = next(p for p, (h, _) in enumerate(word) if h == g)
        rest = word[p + 1:] + word[:p]
        value = invert(rest) if word[p][1] == 1 else rest
        eliminated.append((g, value))
        alive.remove(g)
        for j in list(words):
            new = []
            for h, e in words[j]:
                new.extend((value if e == 1 else invert(value)) if h == g else [(h, e)])
            words[j] = cyclic_reduce(new)
            if not words[j]:
                del words[j]


@settings(deadline=None, max_examples=150)
@given(st.lists(st.lists(st.tuples(st.sampled_from("abcde"), st.sampled_from([1, -1])),
                         max_size=9), max_size=6))
def test_tietze_reduce_on_cyclic_lists_equals_rewriting_in_full(relators) -> None:
    """Splicing into cyclic linked lists (cancelling only at the seams) gives the eliminations,
    survivors and relators (up to rotation) of rewriting every relator in full each time: a
    lost cancellation across the cycle's seam, a stale letter or a wrong count shows here."""
    relators = [tuple(r) for r in relators]
    survivors, reduced, eliminated = tietze_reduce(list("abcde"), relators)
    alive, words, expected = _naive_tietze(list("abcde"), relators)
    assert (survivors, eliminated) == (alive, expected)
    assert [canonical(w) for w in reduced] == [canonical(words[i]) for i in sorted(words)]


@settings(deadline=None, max_examples=60)
@given(st.lists(relator_words, max_size=3))
def test_reduction_keeps_the_abelianization(relators: list[tuple]) -> None:
    """H1 by Smith normal form of the cellular complex is π1 made abelian by our reduced
    presentation: two independent computations."""
    hit = one_point_hit(relators)
    assert hit.abelianization() == hit.homology()[1]


@settings(deadline=None, max_examples=40)
@given(connected_complexes)
def test_abelianization_of_a_connected_complex_is_h1(hit: HIT) -> None:
    assert len(hit.components()) == 1
    assert hit.abelianization() == hit.homology()[1]


@settings(deadline=None, max_examples=40)
@given(st.one_of(library_hits(), connected_complexes).flatmap(
    lambda hit: st.tuples(closed_words(hit, hit.points[0]), closed_words(hit, hit.points[0]))))
def test_rewriting_is_a_homomorphism(pair: tuple[Path, Path]) -> None:
    p, q = pair
    presentation = p.hit.presentation(p.start)
    assert presentation.rewrite(p * q) == free_reduce(
        presentation.rewrite(p) + presentation.rewrite(q))
    assert presentation.rewrite(~p) == invert(presentation.rewrite(p))
    assert presentation.rewrite(p.hit.refl(p.start)) == ()


@settings(deadline=None, max_examples=40)
@given(st.one_of(library_hits(), connected_complexes))
def test_generator_loops_rewrite_to_their_generator(hit: HIT) -> None:
    presentation = hit.presentation()
    for point in presentation.points:
        tree = presentation.tree_path(point)
        assert (tree.start, tree.end) == (presentation.root, point)
        assert presentation.rewrite(tree * ~tree) == ()
        assert all(letter[0] in presentation.tree_edges for letter in tree.letters)
    for g in presentation.generators:
        loop = presentation.generator_loop(g)
        assert loop.start == loop.end == presentation.root
        assert presentation.rewrite(loop) == ((g, 1),)
    for cell in hit.cells(2):
        word = hit.attaching_word(cell)
        assert hit.homotopic(word, hit.refl(word.start)).proved_equal


def test_tree_and_generators_of_a_two_point_circle() -> None:
    presentation = sphere(1).presentation()
    assert presentation.root == "N" and presentation.tree_edges == {"merid_N"}
    assert presentation.generators == ["merid_S"]
    assert str(presentation.generator_loop("merid_S")) == "merid_S merid_N^-1"
    assert presentation.rewrite(sphere(1).word("merid_N merid_S^-1")) == (("merid_S", -1),)


def test_base_points_in_other_components() -> None:
    hit = (HIT("D").point("x").path("l", "x", "x").point("y").path("m", "y", "y")
           .path("n", "y", "y").cell("c", "m n m^-1 n^-1"))
    assert sorted(map(sorted, hit.components())) == [["x"], ["y"]]
    assert hit.presentation("x").generators == ["l"] and hit.presentation("x").is_free
    assert hit.presentation("y").generators == ["m", "n"]
    assert hit.abelianization("x") == AbelianGroup(1)
    assert hit.abelianization("y") == AbelianGroup(2)
    assert hit.homotopic("m n", "n m").proved_equal
    assert hit.homotopic("l", "refl").proved_different
    assert len(hit.fundamental_group("y").generators) == 2


def test_base_point_choice_gives_the_same_group() -> None:
    hit = sphere(1)
    assert hit.presentation("S").root == hit.presentation("N").root == "N"
    assert hit.abelianization("S") == hit.abelianization("N") == AbelianGroup(1)


@pytest.mark.parametrize(
    ("hit", "generators", "relators"),
    [(circle(), 1, 0), (figure_eight(), 2, 0), (torus(), 2, 1), (projective_plane(), 1, 1),
     (sphere(2), 0, 0)],
    ids=["S1", "S1∨S1", "T2", "RP2", "S2"],
)
def test_sympy_groups(hit: HIT, generators: int, relators: int) -> None:
    for simplify in (True, False):
        group = hit.fundamental_group(simplify=simplify)
        assert (len(group.generators), len(group.relators)) == (generators, relators)


def test_sympy_group_of_the_torus_has_a_commutator_relator() -> None:
    group = torus().fundamental_group()
    (relator,) = group.relators
    assert len(relator) == 4
    assert relator.exponent_sum(group.generators[0]) == 0
    assert relator.exponent_sum(group.generators[1]) == 0


def test_a_disk_has_a_trivial_group_after_tietze() -> None:
    disk = HIT("D2").point("b").path("e", "b", "b").cell("d", "e")
    assert disk.presentation().generators == [] and disk.fundamental_group().order() == 1
    assert disk.homotopic("e^5", "refl").proved_equal

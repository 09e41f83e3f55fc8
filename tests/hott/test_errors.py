"""Bad input is a HottError (a HottBridgeError) whose message names the offending constructor,
and the command line turns it into a message and exit status 2, never a traceback."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hott import HIT, HITMap, HottError
from hott.library import circle, figure_eight, interval, product, sphere, torus, wedge
from hottbridge.cli import main
from hottbridge.errors import HottBridgeError

I, T2, S2 = interval(), torus(), sphere(2)
TWO_POINTS = HIT("two").point("x").point("y").path("e", "x", "y").path("f", "x", "y")

CASES: list[tuple[str, Callable[[], object], str]] = [
    ("unknown source point", lambda: HIT("X").point("a").path("e", "a", "b"),
     "X: path 'e' has target 'b', which is not a point constructor; points are: a"),
    ("unknown path in a word", lambda: T2.word("p r"),
     "T2 has no path constructor 'r'; paths are: p, q"),
    ("a point in a word", lambda: I.word("zero"), "'zero' is a point constructor, not a path"),
    ("word does not compose", lambda: I.word("seg seg"),
     ("I: the word does not compose at 'seg': the path so far ends at one, but seg starts at "
      "zero\n  at line 1, column 5:\n    seg seg\n        \\^\\^\\^")),
    ("word does not compose later", lambda: TWO_POINTS.word("e f^-1 e f"),
     "does not compose at 'f'.*\n  at line 1, column 10:\n    e f\\^-1 e f\n             \\^$"),
    ("2-cell on an open word", lambda: I.cell("c", "seg"),
     ("I: 2-cell 'c' is attached along an open word 'seg' from zero to one; a 2-cell needs a "
      "closed word")),
    ("2-cell on a word that does not compose", lambda: I.cell("c", "seg seg"),
     "2-cell 'c': I: the word does not compose"),
    ("name used twice", lambda: I.point("seg"),
     "I: the name 'seg' is already used by a path constructor"),
    ("point used twice", lambda: I.path("zero", "zero", "one"),
     "I: the name 'zero' is already used by a point constructor"),
    ("reserved point name", lambda: I.point("refl"),
     "point name 'refl' is reserved for the constant path"),
    ("reserved path name", lambda: I.path("refl", "zero", "one"),
     "path name 'refl' is reserved"),
    ("invalid name", lambda: HIT("X").point("1a"), "point name '1a' is not valid"),
    ("empty HIT name", lambda: HIT(""), "a HIT needs a non-empty name"),
    ("boundary not a cycle", lambda: S2.cell("c", {"susp_merid_N": 1}),
     ("S2: cell 'c': its boundary {'susp_merid_N': 1} is not a cycle \\(its own boundary is "
      "{'merid_N': 1, 'merid_S': -1}, not 0\\)")),
    ("boundary of 1-cells", lambda: S2.cell("c", {"merid_N": 1}),
     "S2: cell 'c': the boundary chain needs cells of dimension >= 2"),
    ("empty boundary without dimension", lambda: S2.cell("c", {}),
     "cell 'c': the boundary must be a non-empty chain"),
    ("chain for a 2-cell", lambda: S2.cell("c", {}, dim=2),
     "cell 'c': a cell given by a chain has dimension >= 3, not 2"),
    ("word for a 3-cell", lambda: T2.cell("c", "p p^-1", dim=3),
     "cell 'c': a word gives a 2-cell, not a 3-cell"),
    ("refl without a start", lambda: I.word("refl"),
     "I: 'refl' needs its point: pass start=... \\(points: zero, one\\)"),
    ("empty word without a start", lambda: I.word(""), "'refl' needs its point"),
    ("start is not a point", lambda: T2.word("p", start="q"), "T2: 'q' is not a point"),
    ("word from another start", lambda: I.word(I.word("seg"), start="one"),
     "seg starts at zero, not at one"),
    ("homotopic, different endpoints", lambda: I.homotopic("seg", "seg seg^-1"),
     ("I: homotopy compares paths with the same endpoints, but seg goes zero ~> one and "
      "seg seg\\^-1 goes zero ~> zero")),
    ("homotopic, refl against an open path", lambda: I.homotopic("seg", "refl"),
     "homotopy compares paths with the same endpoints"),
    ("path of another HIT", lambda: circle().word(T2.word("p")),
     "is a path of T2, not of S1"),
    ("concat across HITs", lambda: T2.word("p") * circle().word("loop"),
     "is not a path of T2"),
    ("power of an open path", lambda: I.word("seg") ** 2,
     "only a loop has powers; seg goes zero ~> one"),
    ("non-integer power", lambda: T2.word("p") ** 1.5, "a path power must be an integer"),
    ("refl of a path", lambda: T2.refl("p"), "T2: refl needs a point; 'p' is not one"),
    ("attaching word of a path", lambda: T2.attaching_word("p"),
     "T2: 'p' is not a 2-cell; 2-cells: surf"),
    ("unknown constructor", lambda: T2.dim_of("zz"), "T2 has no constructor 'zz'"),
    ("unknown base point", lambda: T2.fundamental_group("zz"),
     "T2: base point 'zz' is not a point"),
    ("no base point at all", lambda: HIT("E").presentation(), "E has no points"),
    ("path ends not a pair", lambda: HIT.from_cells("X", ["a"], {"e": ("a",)}),
     "path 'e': give its ends as \\(source, target\\)"),
    ("empty simplex", lambda: HIT.from_simplices([[]]), "a simplex needs at least one vertex"),
    ("non-integer simplex", lambda: HIT.from_simplices([["a", 1]]),
     "a simplex is a sequence of integers"),
    ("fractional vertex", lambda: HIT.from_simplices([(0, 1.5)]),
     "a simplex is a sequence of integers"),
    ("negative homology degree", lambda: T2.homology_basis(-1),
     "homology degree must be a non-negative integer"),
    ("coordinates of a non-chain", lambda: T2.homology_basis(1).coordinates({"zz": 1}),
     "T2: 'zz' is not a 1-cell"),
    ("coordinates of a non-cycle", lambda: I.homology_basis(1).coordinates({"seg": 1}),
     "I: the chain {'seg': 1} is not a cycle"),
    ("negative sphere", lambda: sphere(-1), "sphere\\(n\\) needs an integer n >= 0"),
    ("product of a surface", lambda: product(T2, I),
     "product is defined here for complexes of dimension <= 1; T2 has dimension 2"),
    ("empty wedge", lambda: wedge(), "wedge needs one or more HITs"),
    ("wedge with an empty summand", lambda: wedge(T2, HIT("E")),
     "every summand of a wedge needs a point"),
    ("map of a missing point", lambda: HITMap(circle(), circle(), {}, {"loop": "loop"}),
     "no image for point constructor\\(s\\) base"),
    ("map with a wrong end", lambda: HITMap(circle(), I, {"base": "zero"}, {"loop": "seg"}),
     "path 'loop' : base ~> base must go to a path zero ~> zero"),
    ("map not respecting a 2-cell", lambda: HITMap(T2, figure_eight(), {"b": "base"},
                                                   {"p": "a", "q": "b a"}).check(),
     "2-cell 'surf' .* goes to the loop 'a b a a\\^-2 b\\^-1' of S1∨S1"),
    ("map of non-HITs", lambda: HITMap("T2", T2, {}, {}), "HITMap needs a source HIT"),
]


@pytest.mark.parametrize(("what", "action", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_a_hott_error(what: str, action: Callable[[], object], message: str) -> None:
    with pytest.raises(HottError, match=message) as info:
        action()
    assert isinstance(info.value, HottBridgeError)


def test_word_errors_carry_their_span() -> None:
    with pytest.raises(HottError) as info:
        TWO_POINTS.word("e f")
    span = info.value.span
    assert (span.line, span.column, span.length) == (1, 3, 1)


def test_cli_lists_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hits"]) == 0
    out = capsys.readouterr().out
    assert "hott.library" in out
    for name in ("torus", "klein_bottle", "projective_plane", "Z ⊕ Z/2"):
        assert name in out


def test_cli_shows_one_hit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hits", "torus"]) == 0
    assert "2-cell  surf along p q p^-1 q^-1 at b" in capsys.readouterr().out


def test_cli_reports_an_unknown_hit_without_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["hits", "nope"]) == 2
    captured = capsys.readouterr()
    assert "hottbridge hits: error: no library HIT named 'nope'; choose from point" in (
        captured.err)
    assert "Traceback" not in captured.err + captured.out


def test_cli_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("hottbridge ")

"""The files discovery writes: HITs that hott reads back, and loops as JSON sample indices."""

from __future__ import annotations

import json

import pytest

from bridge.discover_files import hit_text, read_loops, write_hit, write_loops
from bridge.realization import LoopSpec
from hott import HIT, load_hit
from hott.library import circle, figure_eight, klein_bottle, projective_plane, sphere, torus
from hottbridge.errors import BridgeError

SPHERE = HIT("S2").point("base").cell("surf", "refl", at="base")


@pytest.mark.parametrize("hit", [circle(), figure_eight(), torus(), klein_bottle(),
                                 projective_plane(), SPHERE, sphere(1)])
def test_a_written_hit_reads_back_with_the_same_cells(hit, tmp_path) -> None:
    again = load_hit(write_hit(hit, tmp_path / "written.hott", "written"))
    assert again.name == "written"
    assert (again.points, again.paths) == (hit.points, hit.paths)
    assert [again.attaching_word(c).letters for c in again.cells(2)] == [
        hit.attaching_word(c).letters for c in hit.cells(2)]
    assert again.homology() == hit.homology()


def test_a_hit_the_format_cannot_hold_is_refused(tmp_path) -> None:
    with pytest.raises(BridgeError, match="cannot be a name in a .hott file"):
        hit_text(figure_eight())  # S1∨S1 is not a name the language reads
    with pytest.raises(BridgeError, match="dimension 3"):
        hit_text(sphere(3), "S3")
    assert write_hit(torus(), tmp_path / "t.hott").read_text().startswith("hit T2 where\n")


def test_loops_round_trip(tmp_path) -> None:
    spec = LoopSpec({"base": 3}, {"loop": [3, 7, 1, 3]})
    assert read_loops(write_loops(spec, tmp_path / "loops.json"), n_samples=8) == spec


@pytest.mark.parametrize(("text", "message"), [
    ("{", "loops.json:1:2: not JSON"),
    ("[1, 2]", "expected"),
    ('{"points": {"b": 0}, "paths": {"p": 3}}', "lists of sample indices"),
    ('{"points": {"b": -1}, "paths": {}}', "non-negative integers"),
    ('{"points": {"b": true}, "paths": {}}', "non-negative integers"),
    ('{"points": {"b": 0}, "paths": {"p": [0, 9, 0]}}', "index 9 is out of range for 5"),
])
def test_bad_loop_files_are_named(tmp_path, text, message) -> None:
    path = tmp_path / "loops.json"
    path.write_text(text)
    with pytest.raises(BridgeError, match=message):
        read_loops(path, n_samples=5)


def test_a_missing_loop_file_is_named(tmp_path) -> None:
    with pytest.raises(BridgeError, match="cannot read it"):
        read_loops(tmp_path / "none.json")
    assert json.loads(write_loops(LoopSpec({}, {}), tmp_path / "e.json").read_text()) == {
        "points": {}, "paths": {}}

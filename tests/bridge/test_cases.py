"""Columnar cases (bridge.cases): a :class:`Cases` reads back exactly the :class:`Case` objects
it stands for, and a :class:`Windows` exactly the runs of a chain a list would hold."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bridge.cases import (
    FAILED,
    HELD,
    NOT_APPLICABLE,
    OUTCOMES,
    UNDECIDED,
    Case,
    Cases,
    Windows,
    columns,
)
from bridge.laws import LawResult
from hottbridge.errors import BridgeError


@given(st.lists(st.tuples(st.booleans(), st.floats(allow_nan=False)), max_size=30))
def test_verdicts_read_back_as_cases(rows) -> None:
    failed = np.array([f for f, _ in rows], dtype=bool)
    values = np.array([v for _, v in rows], dtype=float)
    cases = Cases.verdicts("path {}", failed, values, lambda i: f"bad {values[i]}")
    expected = [Case(f"path {i}", FAILED if f else HELD, f"bad {v}" if f else "", v)
                for i, (f, v) in enumerate(rows)]
    read = list(cases)
    assert len(cases) == len(rows) and read == expected
    assert cases.counts() == {HELD: int((~failed).sum()), FAILED: int(failed.sum()),
                              NOT_APPLICABLE: 0, UNDECIDED: 0}
    assert cases.first(FAILED) == (next((c for c in read if c.outcome == FAILED), None))
    if rows:
        assert cases[-1] == read[-1] and cases[1:3] == read[1:3]


def test_measured_mask_labels_and_reasons_per_case() -> None:
    cases = Cases(["a", "b", "c"], [OUTCOMES.index(NOT_APPLICABLE), OUTCOMES.index(HELD),
                                    OUTCOMES.index(UNDECIDED)], [1.0, 2.0, 3.0],
                  measured=[False, True, True], reasons=["away", "", "open"])
    assert list(cases) == [Case("a", NOT_APPLICABLE, "away"), Case("b", HELD, "", 2.0),
                           Case("c", UNDECIDED, "open", 3.0)]
    assert cases.first(FAILED) is None and cases.first(UNDECIDED).label == "c"
    with pytest.raises(IndexError):
        cases[3]
    with pytest.raises(IndexError):
        cases[-4]


def test_columns_of_the_wrong_size_or_code_are_refused() -> None:
    with pytest.raises(BridgeError, match="columns of 2 entries"):
        Cases("path {}", [0, 1], [1.0, 2.0, 3.0])
    with pytest.raises(BridgeError, match="columns of 2 entries"):
        Cases(["only one"], [0, 1])
    with pytest.raises(BridgeError, match="outcome codes"):
        Cases("path {}", [0, len(OUTCOMES)])


def test_a_result_from_columns_equals_one_from_case_objects() -> None:
    values = np.array([0.5, 3.0, 1.0])
    columnar = LawResult.from_cases("law", Cases.verdicts(
        "path {}", values > 2, values, lambda i: f"{values[i]} > 2"), value=3.0, tolerance=2.0)
    listed = LawResult.from_cases("law", list(columnar.cases), value=3.0, tolerance=2.0)
    assert columnar.to_dict() == listed.to_dict()
    assert columnar.to_dict()["cases"][1] == {"label": "path 1", "outcome": FAILED,
                                              "reason": "3.0 > 2", "value": 3.0}
    assert columnar.where == "path 1: 3.0 > 2" and columnar.failures == 1
    assert columnar == listed and "cases" not in columnar.to_dict(cases=False)


@given(st.integers(0, 7), st.integers(1, 4))
def test_windows_are_every_run_of_the_chain(n, arity) -> None:
    chain = [f"p{i}" for i in range(n)]
    runs = [tuple(chain[i:i + arity]) for i in range(len(chain) - arity + 1)]
    windows = Windows(chain, arity)
    assert len(windows) == len(runs) and list(windows) == runs
    assert columns(windows, arity) == columns(runs, arity) == [
        [run[k] for run in runs] for k in range(arity)]
    assert list(windows.map(str.upper)) == [tuple(p.upper() for p in run) for run in runs]
    if runs:
        assert windows[-1] == runs[-1] and windows[::2] == runs[::2]


def test_windows_and_columns_refuse_what_they_cannot_hold() -> None:
    with pytest.raises(BridgeError, match="at least one item"):
        Windows(["a"], 0)
    with pytest.raises(BridgeError, match="no item 2"):
        Windows(["a", "b", "c"], 2).column(2)
    with pytest.raises(BridgeError, match="cases of 2 member"):
        columns([("a", "b"), ("c",)], 2)


def test_cases_made_as_objects_are_kept_as_they_are() -> None:
    made = [Case("first", HELD, "", 3), Case("second", NOT_APPLICABLE, "away")]
    cases = Cases.of(iter(made))  # any iterable, read once
    assert list(cases) == made and cases[0].value == 3 and isinstance(cases[0].value, int)
    assert Cases.of(cases) is cases and cases.counts()[NOT_APPLICABLE] == 1

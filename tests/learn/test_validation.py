"""The shared argument checks of learn.validation and the one batching helper."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hottbridge.errors import LearnError
from learn.batching import apply_in_batches
from learn.validation import (
    check_choice,
    check_unit_interval,
    class_indices,
    in_interval,
    non_negative,
    positive_int,
    positive_number,
)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: positive_int(True, "n"), "n must be an integer, got True"),
        (lambda: positive_int(2.0, "n"), "n must be an integer"),
        (lambda: positive_int(0, "n"), "n must be at least 1, got 0"),
        (lambda: positive_int(2, "n", minimum=3), "n must be at least 3"),
        (lambda: positive_int(4, "k", maximum=3), "k must be an integer from 1 to 3, got 4"),
        (lambda: positive_int(False, "k", minimum=0, maximum=3), "k must be an integer from 0"),
        (lambda: positive_number(True, "margin"), "margin must be a positive number"),
        (lambda: positive_number(0.0, "margin"), "margin must be a positive number"),
        (lambda: positive_number(float("inf"), "margin"), "margin must be a positive number"),
        (lambda: positive_number("1", "margin"), "margin must be a positive number"),
        (lambda: non_negative(True, "beta"), "beta must be a number"),
        (lambda: non_negative(float("nan"), "beta"), "beta must be finite and >= 0"),
        (lambda: in_interval(True, "crop", 0.0, 0.9), r"crop must be in \[0, 0.9\]"),
        (lambda: in_interval(1.5, "crop", 0.0, 0.9), r"crop must be in \[0, 0.9\], got 1.5"),
        (lambda: check_choice("kind", "c", ("a", "b")), r"kind must be one of \('a', 'b'\)"),
        (lambda: check_choice("kind", ["a"], ("a", "b")), "kind must be one of"),
        (
            lambda: check_unit_interval(np.array([0.0, 2.0]), "x", "rescale"),
            r"x has values in \[0, 2\]; rescale",
        ),
        (lambda: class_indices([0, 3], 3, 2), r"integer class indices in \[0, 3\)"),
        (lambda: class_indices([0, 1], 3, 3), "2 entries but there are 3 samples"),
    ],
)
def test_checks_refuse_bad_values(call, message: str) -> None:
    with pytest.raises(LearnError, match=message):
        call()


def test_checks_return_the_value_in_its_plain_type() -> None:
    assert positive_int(np.int64(3), "n") == 3 and type(positive_int(np.int64(3), "n")) is int
    assert positive_int(0, "n", minimum=0) == 0
    assert positive_int(3, "k", maximum=3) == 3
    assert positive_number(np.float32(0.5), "t") == 0.5
    assert non_negative(0, "beta") == 0.0
    assert in_interval(0.9, "crop", 0.0, 0.9) == 0.9
    assert check_choice("kind", "a", ("a", "b")) == "a"
    assert class_indices([0.0, 2.0], 3, 2).tolist() == [0, 2]


@settings(deadline=None, max_examples=30)
@given(st.integers(1, 40), st.integers(1, 50))
def test_apply_in_batches_equals_one_call(n: int, batch_size: int) -> None:
    x = np.arange(n * 3, dtype=np.float32).reshape(n, 3)
    calls: list[int] = []

    def double(batch: np.ndarray) -> np.ndarray:
        calls.append(len(batch))
        return 2.0 * batch

    assert np.array_equal(apply_in_batches(double, x, batch_size), 2.0 * x)
    assert calls == [min(batch_size, n - start) for start in range(0, n, batch_size)]


def test_apply_in_batches_keeps_the_first_of_several_outputs() -> None:
    x = np.ones((5, 2), dtype=np.float32)
    result = apply_in_batches(lambda batch: [batch + 1.0, batch * 0.0], x, 2)
    assert np.array_equal(result, x + 1.0)


@pytest.mark.parametrize("batch_size", [0, True, 2.5])
def test_apply_in_batches_refuses_a_bad_batch_size(batch_size) -> None:
    with pytest.raises(LearnError, match="batch_size must be"):
        apply_in_batches(lambda batch: batch, np.ones((2, 2)), batch_size)

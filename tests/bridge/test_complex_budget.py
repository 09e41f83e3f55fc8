"""The budget of the persistence that chooses the scale (issue #15, class 4): past
``max_simplices`` a BridgeError says what to change; within it the scale is the unbudgeted one."""

from __future__ import annotations

import numpy as np
import pytest

from bridge.complex import DataComplex, choose_scale
from hottbridge.errors import BridgeError
from learn.data import circle_cloud


def test_an_unstructured_cloud_past_a_small_budget_is_refused_saying_what_to_change() -> None:
    landmarks = np.random.default_rng(0).normal(size=(60, 6))  # 60 + 1 770 edges > 1 000
    with pytest.raises(BridgeError) as caught:
        choose_scale(landmarks, max_simplices=1_000)
    message = str(caught.value)
    assert "choosing the scale of 60 landmarks" in message
    assert "more than 1000 simplices" in message and "at least 1830 counted" in message
    assert "fewer landmarks" in message and "--landmarks" in message
    assert "max_simplices" in message


def test_fit_passes_its_budget_to_the_scale_choice() -> None:
    codes = np.random.default_rng(1).normal(size=(200, 8))
    with pytest.raises(BridgeError, match="choosing the scale of 100 landmarks"):
        DataComplex(n_landmarks=100, max_simplices=4_000).fit(codes)


def test_the_budget_is_exact_at_its_edge() -> None:
    landmarks = np.random.default_rng(2).normal(size=(30, 3))  # 30 + 435 = 465 simplices
    assert choose_scale(landmarks, max_simplices=465).scale > 0
    with pytest.raises(BridgeError, match="at least 465 counted"):
        choose_scale(landmarks, max_simplices=464)


@pytest.mark.parametrize("seed", [0, 1])
def test_a_structured_cloud_under_the_default_budget_gets_the_unbudgeted_scale(seed) -> None:
    points = circle_cloud(300, dim=8, noise=0.02, seed=seed).points
    budgeted = DataComplex(n_landmarks=80, seed=seed).fit(points)
    unbudgeted = DataComplex(n_landmarks=80, seed=seed, max_simplices=10**12).fit(points)
    assert budgeted.scale_ == unbudgeted.scale_
    assert budgeted.scale_choice_ == unbudgeted.scale_choice_
    assert budgeted.betti_numbers() == unbudgeted.betti_numbers() == (1, 1, 0)


def test_the_collapsed_graphs_triangles_are_budgeted_too(monkeypatch) -> None:
    """Past the edge count, the triangles the scale's persistence expands are counted against
    PERSISTENCE_FACTOR times the budget, and stopped there with the same advice."""
    import bridge.complex as complex_module

    landmarks = np.random.default_rng(3).normal(size=(120, 8))  # 120 + 7 140 edges
    monkeypatch.setattr(complex_module, "PERSISTENCE_FACTOR", 0.3)  # 2 190 simplices
    with pytest.raises(BridgeError) as caught:
        choose_scale(landmarks, max_simplices=7_300)
    assert "the collapsed graph's triangles" in str(caught.value)
    assert "fewer landmarks" in str(caught.value)
    monkeypatch.setattr(complex_module, "PERSISTENCE_FACTOR", 100)
    assert choose_scale(landmarks, max_simplices=7_300).scale > 0

"""Circular coordinates against known angles, and the agreement measure's own laws."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bridge.circular import (
    circular_agreement,
    circular_coordinates,
    free_cocycles,
    wrapped_steps,
)
from bridge.complex import DataComplex
from hottbridge.errors import BridgeError
from learn.data import circle_cloud, disk_cloud, torus_cloud


@pytest.fixture(scope="module")
def ring():
    cloud = circle_cloud(1500, dim=8, noise=0.02, seed=3)
    return cloud, DataComplex(n_landmarks=120, seed=0).fit(cloud.points)


def test_a_noisy_circle_gets_a_coordinate_that_is_its_angle(ring) -> None:
    cloud, complex_ = ring
    cocycles = free_cocycles(complex_)
    assert cocycles.rank == 1 and set(np.unique(cocycles.values)) <= {-1, 0, 1}
    coordinates = circular_coordinates(complex_, cocycles)
    assert coordinates.residuals[0] < 1e-6  # the least-squares solve reached the harmonic one
    angle = cloud.param("angle")
    assert circular_agreement(coordinates.values[:, 0], angle) >= 0.95
    order = np.argsort(angle)
    assert abs(coordinates.winding([*order, order[0]])[0]) == 1
    assert ((coordinates.values >= 0) & (coordinates.values < 1)).all()


def test_a_torus_gets_two_independent_coordinates() -> None:
    cloud = torus_cloud(3000, dim=8, seed=0)
    complex_ = DataComplex(n_landmarks=250, seed=0).fit(cloud.points)
    coordinates = circular_coordinates(complex_, free_cocycles(complex_))
    assert coordinates.values.shape == (3000, 2)
    windings = []
    for name in ("angle1", "angle2"):  # each true angle's turn, read through both coordinates
        other = cloud.param("angle2" if name == "angle1" else "angle1")
        band = np.flatnonzero(np.abs(np.angle(np.exp(1j * (other - np.pi)))) < 0.3)
        order = band[np.argsort(cloud.param(name)[band])]
        windings.append(coordinates.winding([*order, order[0]]))
    assert abs(round(np.linalg.det(np.array(windings)))) == 1  # a basis of H^1


def test_a_disk_has_no_circular_coordinate() -> None:
    complex_ = DataComplex(n_landmarks=60, seed=0).fit(disk_cloud(400, seed=0).points)
    cocycles = free_cocycles(complex_)
    assert cocycles.rank == 0
    assert circular_coordinates(complex_, cocycles).values.shape == (400, 0)


def test_wrapped_steps_table() -> None:
    values = np.array([[0.9], [0.1], [0.4], [0.95]])
    assert wrapped_steps(values)[:, 0] == pytest.approx([0.2, 0.3, -0.45])


@settings(max_examples=30, deadline=None)
@given(shift=st.floats(0, 1), reflect=st.booleans(), seed=st.integers(0, 2**16))
def test_agreement_is_one_up_to_rotation_and_reflection(shift, reflect, seed) -> None:
    angle = np.random.default_rng(seed).uniform(0, 2 * np.pi, 50)
    turns = np.mod((-angle if reflect else angle) / (2 * np.pi) + shift, 1.0)
    assert circular_agreement(turns, angle) == pytest.approx(1.0)


def test_agreement_is_low_for_an_unrelated_coordinate() -> None:
    rng = np.random.default_rng(0)
    assert circular_agreement(rng.uniform(0, 1, 2000), rng.uniform(0, 2 * np.pi, 2000)) < 0.1


def test_agreement_needs_equal_one_dimensional_arrays() -> None:
    with pytest.raises(BridgeError, match="two equal 1-D arrays"):
        circular_agreement(np.zeros(3), np.zeros(4))
    with pytest.raises(BridgeError, match="two equal 1-D arrays"):
        circular_agreement(np.zeros((2, 2)), np.zeros((2, 2)))

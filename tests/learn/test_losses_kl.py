"""The KL divergences, log-densities and likelihoods of learn.losses, and the latent layers,
against closed forms computed independently with NumPy and SciPy."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from keras import ops
from scipy import stats

from learn.layers import CholeskyFactor, reparameterize_diagonal, reparameterize_full
from learn.losses import (
    bernoulli_nll,
    gaussian_nll,
    kl_diagonal_normal,
    kl_full_normal,
    log_normal_diagonal,
    log_normal_mixture,
)

TF_SETTINGS = settings(deadline=None, max_examples=25)
finite = st.floats(-3.0, 3.0, allow_nan=False, width=64)


def np_(tensor):
    return np.asarray(ops.convert_to_numpy(tensor), dtype="float64")


@st.composite
def gaussians(draw, max_k: int = 4):
    """(mean (b, k), lower-triangular L (b, k, k) with positive diagonal)."""
    batch = draw(st.integers(1, 3))
    k = draw(st.integers(1, max_k))
    mean = draw(arrays("float64", (batch, k), elements=finite))
    below = draw(arrays("float64", (batch, k, k), elements=finite))
    diagonal = draw(arrays("float64", (batch, k), elements=st.floats(0.1, 3.0, width=64)))
    cholesky = np.tril(below, -1) + np.einsum("bi,ij->bij", diagonal, np.eye(k))
    return mean, cholesky


def numpy_kl_full(mean: np.ndarray, cholesky: np.ndarray) -> np.ndarray:
    """KL(N(mu, S) || N(0, I)) = 0.5 (tr S + mu.mu - k - log det S), with S built explicitly."""
    out = []
    for mu, chol in zip(mean, cholesky, strict=True):
        cov = chol @ chol.T
        out.append(0.5 * (np.trace(cov) + mu @ mu - len(mu) - np.linalg.slogdet(cov)[1]))
    return np.array(out)


# ------------------------------------------------------------------- KL divergences


@TF_SETTINGS
@given(gaussians())
def test_kl_full_matches_numpy_closed_form(gaussian) -> None:
    mean, cholesky = gaussian
    np.testing.assert_allclose(
        np_(kl_full_normal(mean, cholesky)), numpy_kl_full(mean, cholesky), rtol=1e-6, atol=1e-8
    )


@TF_SETTINGS
@given(gaussians())
def test_kl_full_is_non_negative(gaussian) -> None:
    assert (np_(kl_full_normal(*gaussian)) >= -1e-9).all()


@TF_SETTINGS
@given(
    st.integers(1, 3).flatmap(
        lambda k: st.tuples(
            arrays("float64", (2, k), elements=finite), arrays("float64", (2, k), elements=finite)
        )
    )
)
def test_kl_diagonal_is_non_negative_and_equals_full_with_diagonal_factor(pair) -> None:
    mean, log_var = pair
    diagonal = np_(kl_diagonal_normal(mean, log_var))
    cholesky = np.einsum("bi,ij->bij", np.exp(0.5 * log_var), np.eye(mean.shape[1]))
    assert (diagonal >= -1e-9).all()
    np.testing.assert_allclose(diagonal, np_(kl_full_normal(mean, cholesky)), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("k", [1, 2, 5])
def test_kl_is_exactly_zero_at_the_standard_normal(k: int) -> None:
    zeros = np.zeros((3, k))
    assert (np_(kl_diagonal_normal(zeros, zeros)) == 0.0).all()
    assert (np_(kl_full_normal(zeros, np.broadcast_to(np.eye(k), (3, k, k)))) == 0.0).all()


@pytest.mark.parametrize(
    ("mean", "log_var", "expected"),
    [
        ([1.0], [0.0], 0.5),  # mean shift only: 0.5 * mu^2
        ([0.0], [np.log(4.0)], 0.5 * (4.0 - 1.0 - np.log(4.0))),
        ([3.0, -4.0], [0.0, 0.0], 12.5),  # 0.5 * |mu|^2
    ],
)
def test_kl_diagonal_table(mean, log_var, expected) -> None:
    value = np_(kl_diagonal_normal(np.array([mean]), np.array([log_var])))
    np.testing.assert_allclose(value, [expected], rtol=1e-12)


# ------------------------------------------------------------- log-densities


@TF_SETTINGS
@given(gaussians(max_k=3))
def test_log_normal_diagonal_matches_scipy(gaussian) -> None:
    mean, cholesky = gaussian
    log_var = 2.0 * np.log(np.diagonal(cholesky, axis1=1, axis2=2))
    z = mean[::-1] + 0.5
    expected = [
        stats.multivariate_normal(m, np.diag(np.exp(v))).logpdf(zi)
        for zi, m, v in zip(z, mean, log_var, strict=True)
    ]
    np.testing.assert_allclose(np_(log_normal_diagonal(z, mean, log_var)), expected, rtol=1e-6)


@TF_SETTINGS
@given(
    arrays("float64", (3, 2), elements=finite),
    arrays("float64", (4, 2), elements=finite),
    arrays("float64", (4, 2), elements=st.floats(-1.0, 1.0, width=64)),
    arrays("float64", (4,), elements=finite),
)
def test_log_normal_mixture_matches_a_weighted_sum_of_scipy_densities(
    z, means, log_vars, logits
) -> None:
    weights = np.exp(logits) / np.exp(logits).sum()
    expected = [
        np.log(
            sum(
                w * stats.multivariate_normal(m, np.diag(np.exp(v))).pdf(point)
                for w, m, v in zip(weights, means, log_vars, strict=True)
            )
        )
        for point in z
    ]
    np.testing.assert_allclose(
        np_(log_normal_mixture(z, means, log_vars, logits)), expected, rtol=1e-6
    )


def test_a_one_component_mixture_is_its_component() -> None:
    z = np.array([[0.3, -1.0], [2.0, 0.5]])
    mean, log_var = np.array([[0.5, 0.1]]), np.array([[0.2, -0.3]])
    np.testing.assert_allclose(
        np_(log_normal_mixture(z, mean, log_var, np.array([7.0]))),
        np_(log_normal_diagonal(z, mean, log_var)),
        rtol=1e-12,
    )


# -------------------------------------------------------------- likelihoods


@pytest.mark.parametrize(
    ("x", "p", "expected"),
    [
        ([[1.0, 0.0]], [[0.5, 0.5]], 2 * np.log(2.0)),
        ([[1.0, 1.0, 0.0]], [[0.9, 0.8, 0.2]], -np.log(0.9) - np.log(0.8) - np.log(0.8)),
        ([[0.25]], [[0.25]], -(0.25 * np.log(0.25) + 0.75 * np.log(0.75))),  # entropy
    ],
)
def test_bernoulli_nll_table(x, p, expected) -> None:
    np.testing.assert_allclose(np_(bernoulli_nll(np.array(x), np.array(p))), [expected], rtol=1e-6)


def test_bernoulli_nll_sums_over_every_data_axis() -> None:
    x = np.ones((2, 3, 4))
    np.testing.assert_allclose(np_(bernoulli_nll(x, np.full_like(x, 0.5))), [12 * np.log(2)] * 2)


@TF_SETTINGS
@given(
    arrays("float64", (2, 3, 2), elements=finite),
    arrays("float64", (2, 3, 2), elements=finite),
    st.floats(-2.0, 2.0, width=64),
)
def test_gaussian_nll_matches_scipy(x, mean, log_var) -> None:
    expected = -stats.norm(mean, np.exp(0.5 * log_var)).logpdf(x).sum(axis=(1, 2))
    np.testing.assert_allclose(np_(gaussian_nll(x, mean, log_var)), expected, rtol=1e-6)


# ----------------------------------------------------------- latent layers


@TF_SETTINGS
@given(st.integers(1, 4).flatmap(lambda k: st.tuples(st.just(k), st.integers(1, 3))))
def test_cholesky_factor_is_lower_triangular_with_positive_diagonal(k_and_batch) -> None:
    k, batch = k_and_batch
    params = np.random.default_rng(k).normal(size=(batch, CholeskyFactor.n_parameters(k)))
    factor = np_(CholeskyFactor(k)(params.astype("float32")))
    assert factor.shape == (batch, k, k)
    assert (np.triu(factor, 1) == 0.0).all()
    assert (np.diagonal(factor, axis1=1, axis2=2) > 0.0).all()
    rows, cols = np.tril_indices(k, -1)  # the strictly lower entries are the parameters
    lower_params = params[:, [i for i, (r, c) in enumerate(zip(*np.tril_indices(k))) if r != c]]
    np.testing.assert_allclose(factor[:, rows, cols], lower_params, rtol=1e-6)


def test_full_covariance_samples_have_covariance_l_l_transpose() -> None:
    cholesky = np.array([[1.0, 0.0], [0.8, 0.5]])
    eps = np.random.default_rng(0).standard_normal((20000, 2))
    mean = np.tile([1.0, -2.0], (len(eps), 1))
    z = np_(reparameterize_full(mean, np.broadcast_to(cholesky, (len(eps), 2, 2)), eps))
    np.testing.assert_allclose(z.mean(axis=0), [1.0, -2.0], atol=0.03)
    np.testing.assert_allclose(np.cov(z.T), cholesky @ cholesky.T, atol=0.03)


def test_diagonal_reparameterisation_is_mean_plus_scaled_noise() -> None:
    z = np_(reparameterize_diagonal(np.array([[1.0, 2.0]]), np.log([[4.0, 9.0]]), [[1.0, -1.0]]))
    np.testing.assert_allclose(z, [[3.0, -1.0]], rtol=1e-12)

"""The statistical primitives, against hand-worked cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from glimmers.core.analysis.insights import stats


def ar1_series(n: int, phi: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    values = np.zeros(n)
    shocks = rng.normal(0, 1, n)
    for t in range(1, n):
        values[t] = phi * values[t - 1] + shocks[t]
    return values


def test_bh_qvalues_by_hand():
    # Sorted p: 0.01, 0.03, 0.04, 0.20 -> p*m/rank: 0.04, 0.06, 0.0533, 0.20 -> running minimum from the top.
    q = stats.bh_qvalues([0.01, 0.04, 0.03, 0.20])
    assert q == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.20])
    assert stats.bh_qvalues([]) == []
    assert stats.bh_qvalues([0.3]) == pytest.approx([0.3])


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ([3, 4], [1, 3], 3.5 / 4),  # three wins and one tie out of four pairs
        ([1], [2], 0.0),
        ([2, 2], [2], 0.5),  # all ties
        ([5, 6, 7], [1, 2], 1.0),
        ([1, 2, 3], [1, 2, 3], 0.5),
    ],
)
def test_nap_by_hand(a, b, expected):
    assert stats.nap(a, b) == pytest.approx(expected)


def test_nap_of_an_empty_group_is_none():
    assert stats.nap([], [1.0]) is None and stats.nap([1.0], []) is None


def test_shrink_by_hand():
    # Q = 3^2 + 1^2 = 10 with k = 2 and sum w = 2, so tau^2 = (10 - 2) / 2 = 4 and the factor is 4 / 5.
    effects, ses = stats.shrink([3.0, -1.0], [1.0, 1.0])
    assert effects == pytest.approx([2.4, -0.8])
    assert ses == pytest.approx([math.sqrt(0.8)] * 2)


def test_shrink_fully_when_effects_spread_no_more_than_their_noise():
    effects, ses = stats.shrink([0.5, -0.5, 0.2], [1.0, 1.0, 2.0])  # Q < k, so tau^2 = 0
    assert effects == [0.0, 0.0, 0.0] and ses == [0.0, 0.0, 0.0]


def test_shrink_barely_when_the_spread_is_large():
    raw = [10.0, -10.0, 8.0]
    effects, ses = stats.shrink(raw, [1.0, 1.0, 1.0])  # tau^2 = (264 - 3) / 3 = 87
    assert effects == pytest.approx([r * 87 / 88 for r in raw])
    assert all(abs(e - r) < 0.02 * abs(r) for e, r in zip(effects, raw))
    assert all(0.99 < se < 1.0 for se in ses)


def test_shrink_pulls_noisy_effects_harder():
    effects, _ses = stats.shrink([2.0, 2.0, -1.0, 0.0], [0.3, 1.5, 0.3, 0.3])
    assert abs(effects[1]) < abs(effects[0]) < 2.0


def test_shrink_refuses_bad_input():
    assert stats.shrink([], []) == ([], [])
    with pytest.raises(ValueError):
        stats.shrink([1.0], [0.0])
    with pytest.raises(ValueError):
        stats.shrink([1.0, 2.0], [1.0])


@pytest.mark.parametrize(
    "effect, first, second, expected",
    [
        (1.0, 0.5, 2.0, True),
        (-1.0, -0.5, -2.0, True),
        (1.0, -0.1, 2.0, False),
        (-1.0, -0.5, 0.3, False),
        (0.0, 0.5, 0.5, False),
        (1.0, None, 2.0, None),
        (1.0, float("nan"), 2.0, None),
    ],
)
def test_same_sign_halves(effect, first, second, expected):
    assert stats.same_sign_halves(effect, first, second) is expected


@pytest.mark.parametrize("phi, seed", [(0.3, 1), (0.6, 2)])
def test_ar1_phi_recovers_the_truth_on_a_long_series(phi, seed):
    series = ar1_series(20_000, phi, seed)
    assert abs(stats.ar1_phi(list(series)) - phi) < 0.05
    gappy = [None if i % 8 == 3 else float(v) for i, v in enumerate(series)]  # a missed day in eight
    assert abs(stats.ar1_phi(gappy) - phi) < 0.05


def test_ar1_phi_needs_pairs_and_variation():
    assert stats.ar1_phi([1.0, None, 2.0, None, 3.0]) is None
    assert stats.ar1_phi([4.0] * 10) is None


def test_ar1_regression_recovers_an_effect_and_the_carry_over():
    rng = np.random.default_rng(5)
    n = 400
    x = (rng.random(n) < 0.3).astype(float)
    noise = ar1_series(n, 0.5, 6)
    y = 4.0 + 1.5 * x + noise
    fit = stats.ar1_regression(y, np.column_stack([np.ones(n), x]), ["const", "x"], "x")
    assert fit is not None
    assert fit.low < 1.5 < fit.high and fit.low > 0.8 and fit.p < 1e-6
    assert 0.35 < fit.rho < 0.65
    assert fit.n == n and fit.df == n - 3


def test_ar1_regression_gives_up_quietly_when_it_cannot_fit():
    rng = np.random.default_rng(0)
    x = rng.normal(size=30)
    const = np.ones(30)
    y = rng.normal(size=30)
    # Too few rows for the columns.
    assert stats.ar1_regression(y[:7], np.column_stack([const, x])[:7], ["const", "x"], "x") is None
    # A column that is a copy of another (singular design).
    assert stats.ar1_regression(y, np.column_stack([const, x, 2 * x]), ["const", "x", "x2"], "x") is None
    # A factor that never varies.
    assert stats.ar1_regression(y, np.column_stack([const, np.zeros(30)]), ["const", "x"], "x") is None
    # Missing values.
    y_gap = y.copy()
    y_gap[4] = np.nan
    assert stats.ar1_regression(y_gap, np.column_stack([const, x]), ["const", "x"], "x") is None
    # Asking for a column that is not there is a programming error, not missing data.
    with pytest.raises(ValueError):
        stats.ar1_regression(y, np.column_stack([const, x]), ["const", "x"], "z")


# The procedures written out in numpy, held to the libraries they stand in for
# (which the app no longer imports: see test_a_first_analysis_imports_no_heavy_statistics).


def test_bh_qvalues_are_scipys():
    from scipy.stats import false_discovery_control

    rng = np.random.default_rng(8)
    for m in (2, 5, 44):
        p = rng.random(m) ** 3
        p[1] = p[0]  # a tie
        assert stats.bh_qvalues(list(p)) == list(false_discovery_control(p, method="bh"))


def test_the_t_distribution_is_scipys():
    from scipy.stats import t

    df = np.array([1, 2, 5, 30, 365, 3649])
    assert np.array_equal(stats.t_quantile_975(df), t.ppf(0.975, df))
    for value in (0.0, 0.7, -2.5, 40.0):
        assert np.array_equal(stats.t_two_sided_p(value, df), 2 * t.sf(abs(value), df))


def test_the_recursive_filter_is_lfilter_to_the_last_bit():
    from scipy.signal import lfilter

    rng = np.random.default_rng(4)
    shocks, start = rng.standard_normal((50, 300)), rng.normal(size=50)
    ar1 = stats.recursive_filter(shocks, 1.0, 0.45)
    assert np.array_equal(ar1, lfilter([1.0], [1.0, -0.45], shocks, axis=1)) and ar1.flags.c_contiguous
    ewma, _state = lfilter([0.2], [1.0, -0.8], shocks, axis=1, zi=(0.8 * start)[:, None])
    assert np.array_equal(stats.recursive_filter(shocks, 0.2, 0.8, start), ewma)


@pytest.mark.parametrize("seed, noise", [*((seed, 1.0) for seed in range(30)), (30, 1e-6), (31, 1e-7)])
def test_glsar_is_statsmodels_glsar(seed, noise):
    """Small noise makes the coefficients settle after two fits: the path that stops early."""
    import warnings

    from statsmodels.regression.linear_model import GLSAR

    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(20, 600)), int(rng.integers(2, 16))
    x = np.column_stack([np.ones(n), (rng.random(n) < 0.3).astype(float), rng.normal(size=(n, k - 2))])
    y = x @ rng.normal(size=k) + noise * ar1_series(n, float(rng.uniform(-0.3, 0.9)), seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = GLSAR(y, x, rho=1).iterative_fit()
    assert expected.converged is (noise < 1)
    params, bse, rho, df = stats.glsar(y, x)
    assert params == pytest.approx(expected.params, rel=1e-12, abs=1e-12)
    assert bse == pytest.approx(expected.bse, rel=1e-12)
    assert rho == pytest.approx(float(expected.model.rho[0]), rel=1e-12, abs=1e-15) and df == expected.df_resid


@pytest.mark.parametrize("seed", range(12))
def test_the_joint_test_is_statsmodels_f_test_on_the_glsar_fit(seed):
    """Does a group of columns matter at all: the weekday gate's question, asked as statsmodels asks it."""
    import warnings

    from statsmodels.regression.linear_model import GLSAR

    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(60, 400))
    weekday = (np.arange(n) + int(rng.integers(7))) % 7
    dummies = [(weekday == w).astype(float) for w in range(1, 7)]
    x = np.column_stack([np.ones(n), *dummies, np.cos(np.pi * np.arange(n) / n)])
    monday = float(rng.choice([0.0, 0.8]))
    y = 5 + monday * (weekday == 0) + ar1_series(n, float(rng.uniform(0.1, 0.7)), seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitted = GLSAR(y, x, rho=1).iterative_fit()
    tested = np.zeros((6, x.shape[1]))
    tested[np.arange(6), np.arange(1, 7)] = 1.0
    expected = float(fitted.f_test(tested).pvalue)
    assert stats.ar1_joint_p(y, x, list(range(1, 7))) == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_the_joint_test_gives_up_quietly_when_it_cannot_fit():
    x = np.column_stack([np.ones(5), np.arange(5.0)])
    assert stats.ar1_joint_p(np.arange(5.0) ** 2, x, [1]) is None  # too few rows to spare
    y = np.random.default_rng(1).normal(size=80)
    same = np.column_stack([np.ones(80), np.ones(80)])
    assert stats.ar1_joint_p(y, same, [1]) is None  # a column that never varies
    assert stats.ar1_joint_p(y, np.column_stack([np.ones(80), y]), []) is None  # nothing to test

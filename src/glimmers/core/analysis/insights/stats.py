"""Small statistical tools the insights are built from, each tested by hand.

Kept separate from the analysis so each can be checked against worked
examples: false-discovery q-values, shrinkage of many noisy effects toward
zero, NAP, the split-half sign check, AR(1) inertia, the t distribution and
a regression with AR(1) errors. numpy and scipy.special are imported inside
the functions so that importing this module costs nothing.

The q-values and the AR(1) regression are the textbook procedures as
scipy's ``false_discovery_control`` and statsmodels' ``GLSAR`` compute them,
written out in numpy (the tests hold them to those libraries): importing
scipy.stats and statsmodels took about a second of every first run, more
than the whole analysis of ten years.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    import numpy as np

MIN_RESIDUAL_DF = 5  # fewer spare days than this leave the AR(1) estimate and the error meaningless


def bh_qvalues(pvalues: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values), in the input order.

    A finding is labelled only when its q is at most the chosen level, which
    keeps the expected share of false findings among those shown at that
    level however many tags were tested. Each sorted p is multiplied by
    m / rank, then a running minimum from the largest down keeps the q-values
    in the order of the p-values (capped at 1). A single p is its own q.
    """
    import numpy as np

    ps = np.asarray(pvalues, dtype=float)
    if len(ps) <= 1:
        return [float(p) for p in ps]
    order = np.argsort(ps)
    ordered = ps[order]
    ordered *= len(ps) / np.arange(1, len(ps) + 1, dtype=float)
    np.minimum.accumulate(ordered[::-1], out=ordered[::-1])
    q = np.empty_like(ordered)
    q[order] = ordered
    return [float(v) for v in np.clip(q, 0.0, 1.0)]


def t_quantile_975(df):
    """The 97.5% quantile of Student's t with ``df`` degrees of freedom: the half-width of a 95% range, in SEs."""
    from scipy.special import stdtrit

    return stdtrit(df, 0.975)


def t_two_sided_p(t, df):
    """The two-sided p-value of a t statistic (``df`` degrees of freedom)."""
    import numpy as np
    from scipy.special import stdtr

    return 2 * stdtr(df, -np.abs(t))


def shrink(effects: Sequence[float], ses: Sequence[float]) -> tuple[list[float], list[float]]:
    """Empirical-Bayes normal-normal shrinkage of many effects toward zero.

    Each tag's estimate is noisy; a tag used a few times will look extreme by
    chance. We treat true effects as drawn from N(0, tau^2) and estimate tau^2
    by the DerSimonian-Laird method of moments. Because the centre is fixed at
    zero rather than estimated, E[sum w*y^2] = k + tau^2 * sum w, hence
    tau^2 = max(0, (Q - k) / sum w) with w = 1/se^2. Each effect is then
    multiplied by tau^2 / (tau^2 + se^2) and its standard error by the square
    root of that factor. When the effects spread no more than their noise
    (tau^2 = 0) everything shrinks to zero; when they spread far more, barely
    at all. The uncertainty in tau^2 itself is ignored, as usual for this
    quick empirical-Bayes form.
    """
    if len(effects) != len(ses):
        raise ValueError("effects and ses must have the same length")
    if not effects:
        return [], []
    if any(not (se > 0 and math.isfinite(se)) for se in ses):
        raise ValueError("standard errors must be positive and finite")
    import numpy as np

    y, se = np.asarray(effects, dtype=float), np.asarray(ses, dtype=float)
    weights = 1.0 / se**2
    q_stat = float(np.sum(weights * y**2))
    tau2 = max(0.0, (q_stat - len(y)) / float(np.sum(weights)))
    factor = tau2 / (tau2 + se**2)
    return [float(v) for v in factor * y], [float(v) for v in se * np.sqrt(factor)]


def nap(a: Sequence[float], b: Sequence[float]) -> float | None:
    """Non-overlap of all pairs: the chance a value from ``a`` beats one from ``b``.

    Ties count one half. 0.5 means complete overlap. It is descriptive only
    (no p-value): on autocorrelated days the usual NAP test is overconfident.
    None when either group is empty.
    """
    if len(a) == 0 or len(b) == 0:
        return None
    import numpy as np

    ordered = np.sort(np.asarray(b, dtype=float))
    values = np.asarray(a, dtype=float)
    below = np.searchsorted(ordered, values, side="left")
    up_to = np.searchsorted(ordered, values, side="right")
    wins = float(below.sum()) + 0.5 * float((up_to - below).sum())
    return wins / (len(values) * len(ordered))


def recursive_filter(values, weight: float, carry: float, start=0.0):
    """y_t = weight * x_t + carry * y_(t-1) along each row of a 2-D array, with y_(-1) = ``start`` (per row).

    An AR(1) series from its shocks is (1, phi, 0); an EWMA is (lambda,
    1 - lambda, its starting value). The same arithmetic, in the same order,
    as scipy.signal's ``lfilter([weight], [1, -carry], values, axis=1,
    zi=carry * start)``, so the simulations give the same numbers to the last
    bit (tested) without importing scipy.signal. One step is one column of
    every row at once, so the loop is over days, never over rows; the result
    is laid out row by row again, as lfilter's is, so that sums over its rows
    add up in the same order too.
    """
    import numpy as np

    columns = np.ascontiguousarray(np.asarray(values, dtype=float).T)
    result = np.empty_like(columns)
    previous = carry * np.broadcast_to(np.asarray(start, dtype=float), columns.shape[1:])
    for day, column in enumerate(columns):
        result[day] = previous + weight * column
        previous = carry * result[day]
    return np.ascontiguousarray(result.T)


def same_sign_halves(effect: float, first: float | None, second: float | None) -> bool | None:
    """Whether both halves of the data point the same way as the whole.

    A real, stable difference should show up in the earlier and the later
    half alike; a chance blip usually lives in one of them. None when a half
    could not be estimated (then the check cannot pass).
    """
    if first is None or second is None or not (math.isfinite(first) and math.isfinite(second)):
        return None
    sign = math.copysign(1.0, effect) if effect != 0 else 0.0
    return sign != 0 and first * sign > 0 and second * sign > 0


def ar1_phi(series: Sequence[float | None]) -> float | None:
    """Lag-1 autocorrelation of a daily series, skipping missing days.

    ``series`` has one slot per calendar day, None or NaN where nothing was
    recorded, so only truly consecutive days form pairs. The estimate is the
    mean product of consecutive deviations over the variance of all recorded
    days. None with fewer than 3 pairs or no variation.
    """
    import numpy as np

    values = np.array([np.nan if v is None else float(v) for v in series], dtype=float)
    present = np.isfinite(values)
    if present.sum() < 3:
        return None
    centred = values - values[present].mean()
    variance = float(np.mean(centred[present] ** 2))
    pairs = present[1:] & present[:-1]
    if pairs.sum() < 3 or variance <= 0:
        return None
    covariance = float(np.mean(centred[1:][pairs] * centred[:-1][pairs]))
    return max(-1.0, min(1.0, covariance / variance))


@dataclass(frozen=True)
class Coefficient:
    """One coefficient of a regression with AR(1) errors, with its 95% interval."""

    estimate: float
    se: float
    low: float
    high: float
    p: float
    rho: float  # the AR(1) coefficient of the errors
    n: int  # rows used
    df: int  # residual degrees of freedom


def ar1_regression(
    y: Sequence[float], x: Sequence[Sequence[float]], names: Sequence[str], column: str
) -> Coefficient | None:
    """The ``column`` coefficient of ``y ~ x`` with AR(1) errors (``glsar``).

    ``x`` must already hold a constant column. Ordinary least squares on
    daily data treats 30 days as 30 independent facts; with day-to-day
    carry-over they are worth fewer, and its p-values come out far too small.
    GLSAR estimates the carry-over (rho) and refits on the whitened series.

    Returns None, never raises, when the fit cannot be trusted: too few rows
    for the columns (fewer than ``MIN_RESIDUAL_DF`` to spare), a design whose
    columns are not independent (a factor that never varies, or varies only
    with the day of the week), non-finite input, a numerical failure, or a
    non-finite result. The caller reports that as "not enough data".
    """
    import numpy as np

    y_arr = np.asarray(y, dtype=float)
    x_arr = np.asarray(x, dtype=float)
    if x_arr.ndim != 2 or len(names) != x_arr.shape[1] or column not in names or len(y_arr) != x_arr.shape[0]:
        raise ValueError("x must be a 2-D array with one name per column, and column one of them")
    rows, cols = x_arr.shape
    if rows - cols - 1 < MIN_RESIDUAL_DF or not (np.isfinite(y_arr).all() and np.isfinite(x_arr).all()):
        return None
    if np.linalg.matrix_rank(x_arr) < cols:
        return None
    index = list(names).index(column)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            params, bse, rho, df = glsar(y_arr, x_arr)
            estimate, se = float(params[index]), float(bse[index])
    except (ValueError, ArithmeticError, np.linalg.LinAlgError, RuntimeWarning):
        return None
    if not (math.isfinite(estimate) and math.isfinite(se) and se > 0 and abs(rho) < 1 and df > 0):
        return None
    t_crit = float(t_quantile_975(df))
    p = float(t_two_sided_p(estimate / se, df))
    return Coefficient(estimate, se, estimate - t_crit * se, estimate + t_crit * se, p, rho, rows, df)


def ar1_joint_p(y: Sequence[float], x: Sequence[Sequence[float]], tested: Sequence[int]) -> float | None:
    """p of the F test that the ``tested`` columns of ``y ~ x`` (AR(1) errors) are all zero.

    ``x`` must hold a constant column. rho comes from the full model's GLSAR
    fit; the full and the reduced design are then whitened with that same
    rho and compared by their residual sums of squares. None when the fit
    cannot be trusted (as ``ar1_regression``).
    """
    import numpy as np
    from scipy.special import fdtrc

    y_arr, x_arr = np.asarray(y, dtype=float), np.asarray(x, dtype=float)
    rows, cols = x_arr.shape
    if rows - cols - 1 < MIN_RESIDUAL_DF or not (np.isfinite(y_arr).all() and np.isfinite(x_arr).all()):
        return None
    if np.linalg.matrix_rank(x_arr) < cols or not tested:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            _params, _bse, rho, df = glsar(y_arr, x_arr)
            kept = [i for i in range(cols) if i not in set(tested)]
            full = _whitened_rss(y_arr, x_arr, rho)
            reduced = _whitened_rss(y_arr, x_arr[:, kept], rho)
            f = ((reduced - full) / len(tested)) / (full / df)
            p = float(fdtrc(len(tested), df, max(f, 0.0)))
    except (ValueError, ArithmeticError, np.linalg.LinAlgError, RuntimeWarning):
        return None
    return p if math.isfinite(p) and abs(rho) < 1 and df > 0 else None


def _whitened_rss(y, x, rho: float) -> float:
    import numpy as np

    xw, yw = x[1:] - rho * x[:-1], y[1:] - rho * y[:-1]
    resid = yw - xw @ np.linalg.lstsq(xw, yw, rcond=None)[0]
    return float(resid @ resid)


GLSAR_FITS = 3  # statsmodels' GLSAR.iterative_fit default (maxiter)
GLSAR_RTOL = 1e-4  # ... and its tolerance on the relative change of the coefficients


def glsar(y, x) -> tuple["np.ndarray", "np.ndarray", float, int]:
    """Coefficients, standard errors, rho and residual df of statsmodels' ``GLSAR(y, x, rho=1).iterative_fit()``.

    Each fit regresses y_t - rho * y_(t-1) on x_t - rho * x_(t-1) (the first
    day drops out) by least squares through the pseudo-inverse. rho starts at
    0 and is re-estimated after each fit by Yule-Walker from the unwhitened
    residuals: the lag-1 autocovariance over n - 1 pairs divided by the
    variance over n days. After the second fit the loop stops early when no
    coefficient moved by ``GLSAR_RTOL`` of itself; otherwise a third fit uses
    the newest rho. The result is statsmodels' to rounding
    (tests/core/insights/test_insights_stats.py), at a fraction of the cost.
    """
    import numpy as np

    rho, last = 0.0, None
    for _fit in range(GLSAR_FITS - 1):
        params, bse, df = _whitened_least_squares(y, x, rho)
        if last is not None and np.max(np.abs(last - params) / np.abs(last)) < GLSAR_RTOL:
            return params, bse, rho, df
        last = params
        resid = y - x @ params
        resid -= resid.mean()
        rho = float((resid[:-1] * resid[1:]).sum() / (len(resid) - 1) / ((resid**2).sum() / len(resid)))
    params, bse, df = _whitened_least_squares(y, x, rho)
    return params, bse, rho, df


def _whitened_least_squares(y, x, rho: float) -> tuple["np.ndarray", "np.ndarray", int]:
    """Least squares on the AR(1)-whitened rows, as statsmodels' pseudo-inverse fit does it."""
    import numpy as np

    xw, yw = x[1:] - rho * x[:-1], y[1:] - rho * y[:-1]
    u, s, vt = np.linalg.svd(xw, full_matrices=False)
    inverse = np.where(s > 1e-15 * s.max(), 1 / np.where(s > 0, s, 1), 0.0)
    pinv = vt.T @ (inverse[:, None] * u.T)
    params = pinv @ yw
    rank = int((s > s.max() * len(s) * np.finfo(float).eps).sum())
    df = len(yw) - rank
    wresid = yw - xw @ params
    scale = (wresid @ wresid) / df
    return params, np.sqrt(np.diag(pinv @ pinv.T * scale)), df

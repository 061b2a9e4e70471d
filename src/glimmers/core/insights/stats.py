"""Small statistical tools the insights are built from, each tested by hand.

Kept separate from the analysis so each can be checked against worked
examples: false-discovery q-values, shrinkage of many noisy effects toward
zero, NAP, the split-half sign check, AR(1) inertia and a regression with
AR(1) errors. numpy, scipy and statsmodels are imported inside the functions
so that importing this module costs nothing.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Sequence

MIN_RESIDUAL_DF = 5  # fewer spare days than this leave the AR(1) estimate and the error meaningless


def bh_qvalues(pvalues: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values), in the input order.

    A finding is labelled only when its q is at most the chosen level, which
    keeps the expected share of false findings among those shown at that
    level however many tags were tested.
    """
    if len(pvalues) == 0:
        return []
    from scipy.stats import false_discovery_control

    return [float(q) for q in false_discovery_control(list(pvalues), method="bh")]


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
    """The ``column`` coefficient of ``y ~ x`` with AR(1) errors (statsmodels GLSAR).

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
    from scipy import stats
    from statsmodels.regression.linear_model import GLSAR

    index = list(names).index(column)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            warnings.simplefilter("ignore", UserWarning)
            result = GLSAR(y_arr, x_arr, rho=1).iterative_fit()
            rho = float(np.ravel(result.model.rho)[0])
            estimate, se = float(result.params[index]), float(result.bse[index])
            df = int(result.df_resid)
    except (ValueError, ArithmeticError, np.linalg.LinAlgError, RuntimeWarning):
        return None
    if not (math.isfinite(estimate) and math.isfinite(se) and se > 0 and abs(rho) < 1 and df > 0):
        return None
    t_crit = float(stats.t.ppf(0.975, df))
    p = float(2 * stats.t.sf(abs(estimate / se), df))
    return Coefficient(estimate, se, estimate - t_crit * se, estimate + t_crit * se, p, rho, rows, df)

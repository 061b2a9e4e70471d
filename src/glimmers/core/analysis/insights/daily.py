"""Day-level models: daily factors, levers, the day of the week, and sleep both ways.

The unit is the day's mean numbness. Days carry over into each other, so
every model is ``numbness_d ~ lever_d + numbness_(d-1) + day of week +
smooth trend`` with AR(1) errors (docs/INSIGHTS.md), fitted by
``stats.ar1_regression``. Each model is one test in the FDR family. The day
of the week is asked differently (``_weekday_findings``).

Timing follows how the person records: ``sleep_hours`` on day d is the night
before d; ``alcohol_units`` on day d is that evening, so it is compared with
day d+1; the other factors and the levers are same-day. The reverse
direction for sleep (today's numbness, then tonight's sleep) is fitted too
and reported in hours of sleep: neither direction is assumed to be the cause.

Rows need the outcome, yesterday's outcome and the predictor. Days without
them drop out and the rows either side are treated as neighbours; with
about one day in eight missing this slightly blurs the AR(1) estimate but
keeps every complete day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from glimmers.core.journal import measures
from glimmers.core.i18n import gettext_noop
from glimmers.core.analysis.insights.findings import Finding
from glimmers.core.analysis.insights.stats import Coefficient, ar1_regression, same_sign_halves
from glimmers.core.analysis.insights.table import Table

if TYPE_CHECKING:
    import numpy as np

MIN_VARYING_DAYS = 10  # a continuous factor must move away from its usual value on this many days


@dataclass(frozen=True)
class Predictor:
    """One day-level test: which values, shifted how, and how to read them."""

    key: str
    family: str
    label: str
    source: str
    lag: int = 0  # 1: the value recorded the day before
    threshold: str | None = None  # "below:6" or "above:0" makes it yes/no
    step: float = 1.0  # continuous effects are reported per this much


# The daily factors' tests, as each factor declares them (core.journal.measures),
# then the toolkit's levers.
PREDICTORS = (
    *(
        Predictor(factor.finding_key(test), "factor", test.label, name, lag=test.lag, threshold=test.threshold,
                  step=test.step)
        for name, factor in measures.FACTORS.items()
        for test in factor.predicts
    ),
    Predictor("lever:activity_done", "helps", gettext_noop("days with a planned activity"), "activity_done",
              threshold="above:0"),
    Predictor("lever:exercise_done", "helps", gettext_noop("days with a toolkit exercise"), "exercise_done",
              threshold="above:0"),
    Predictor("lever:glimmer_logged", "helps", gettext_noop("days you noted a glimmer"), "glimmer_logged",
              threshold="above:0"),
)
WEEKDAYS = (
    ("mon", gettext_noop("Mondays")), ("tue", gettext_noop("Tuesdays")), ("wed", gettext_noop("Wednesdays")),
    ("thu", gettext_noop("Thursdays")), ("fri", gettext_noop("Fridays")), ("sat", gettext_noop("Saturdays")),
    ("sun", gettext_noop("Sundays")),
)
REVERSE_SLEEP_LABEL = gettext_noop("sleep after harder days")


def _shift(values: "np.ndarray", lag: int) -> "np.ndarray":
    import numpy as np

    if lag == 0:
        return values
    shifted = np.full_like(values, np.nan)
    shifted[lag:] = values[:-lag]
    return shifted


def _trend(n_days: int) -> "np.ndarray":
    """A smooth trend: a few slow cosines over the whole span.

    One per 90 days, at least one and at most eight, so the trend follows
    months-long drift (like slow thawing) but never single weeks.
    """
    import numpy as np

    terms = max(1, min(8, n_days // 90))
    t = (np.arange(n_days) + 0.5) / max(n_days, 1)
    return np.column_stack([np.cos(np.pi * k * t) for k in range(1, terms + 1)])


def _fit(
    y: "np.ndarray", columns: list[tuple[str, "np.ndarray"]], rows: "np.ndarray"
) -> tuple[Coefficient | None, tuple[float, float]]:
    """Fit with AR(1) errors on ``rows``; the first column is the one reported.

    Columns that never vary on these rows are dropped (a weekday never seen,
    say). The halves are refitted by least squares on the series whitened
    with the full fit's rho: cheap, and only their signs are used.
    """
    import numpy as np

    if rows.sum() <= len(columns) + 1:
        return None, (math.nan, math.nan)
    x = np.column_stack([np.ones(int(rows.sum()))] + [values[rows] for _name, values in columns])
    names = ["const"] + [name for name, _values in columns]
    varying = [0, 1] + [i for i in range(2, x.shape[1]) if np.ptp(x[:, i]) > 0]
    x, names = x[:, varying], [names[i] for i in varying]
    outcome = y[rows]
    coefficient = ar1_regression(outcome, x, names, names[1])
    if coefficient is None:
        return None, (math.nan, math.nan)
    halves = []
    cut = len(outcome) // 2
    for part in (slice(0, cut), slice(cut, None)):
        yp, xp = outcome[part], x[part]
        yw, xw = yp[1:] - coefficient.rho * yp[:-1], xp[1:] - coefficient.rho * xp[:-1]
        if len(yw) <= xw.shape[1] or np.linalg.matrix_rank(xw) < xw.shape[1]:
            halves.append(math.nan)
            continue
        halves.append(float(np.linalg.lstsq(xw, yw, rcond=None)[0][1]))
    return coefficient, (halves[0], halves[1])


def _finding(key: str, family: str, label: str, fit: Coefficient | None, halves: tuple[float, float],
             predictor: "np.ndarray", outcome: "np.ndarray", table: Table, sd: float, *, binary: bool,
             step: float = 1.0, unit: str = "points") -> Finding:
    from glimmers.core.analysis.insights.stats import nap

    n_with = int((predictor > 0).sum()) if binary else len(predictor)
    n_without = int((predictor == 0).sum()) if binary else None
    if fit is None:
        return Finding(key=key, family=family, label=label, effect=0.0, low=0.0, high=0.0, sd_units=0.0,
                       n_with=n_with, n_without=n_without, days=len(predictor), p=None, sd=sd, span=table.span,
                       kind="binary" if binary else "continuous", unit=unit)
    first, second = (None if math.isnan(h) else h for h in halves)
    return Finding(
        key=key, family=family, label=label,
        effect=fit.estimate * step, low=fit.low * step, high=fit.high * step, sd_units=fit.estimate * step / sd,
        n_with=n_with, n_without=n_without, days=fit.n, p=fit.p, se=fit.se * step, sd=sd, span=table.span,
        halves_agree=same_sign_halves(fit.estimate, first, second),
        nap=nap(outcome[predictor > 0], outcome[predictor == 0]) if binary else None,
        kind="binary" if binary else "continuous", unit=unit,
    )


def _predictor_values(table: Table, predictor: Predictor) -> "np.ndarray":
    import numpy as np

    values = _shift(table.values.get(predictor.source, np.full(table.n_days, np.nan)), predictor.lag)
    if predictor.threshold is None:
        return values
    side, _sep, cut = predictor.threshold.partition(":")
    flags = values < float(cut) if side == "below" else values > float(cut)
    return np.where(np.isnan(values), np.nan, flags.astype(float))


@dataclass(frozen=True)
class _Design:
    """What every day-level model holds besides its predictor: yesterday (with a stand-in flag),
    the day of the week, the slow trend, and which days have an outcome."""

    y: "np.ndarray"
    y_lag: "np.ndarray"
    lag_gap: "np.ndarray"
    weekday: "np.ndarray"
    dummies: list
    trend_cols: list
    base: "np.ndarray"

    @property
    def covariates(self) -> list:
        return [("lag", self.y_lag), ("lag_gap", self.lag_gap), *self.dummies, *self.trend_cols]


def _design(table: Table) -> _Design:
    import numpy as np

    y = table.daily
    y_lag, lag_gap = _lagged(y)
    weekday = table.weekday()
    trend = _trend(table.n_days)
    return _Design(
        y, y_lag, lag_gap, weekday, [(f"dow{w}", (weekday == w).astype(float)) for w in range(1, 7)],
        [(f"trend{k}", trend[:, k]) for k in range(trend.shape[1])], np.isfinite(y),
    )


def day_level_findings(table: Table, sd: float) -> list[Finding]:
    """Raw findings for every factor, lever, weekday, and sleep after numbness."""
    import numpy as np

    design = _design(table)
    y, base = design.y, design.base
    findings = []
    for predictor in PREDICTORS:
        x = _predictor_values(table, predictor)
        rows = base & np.isfinite(x)
        binary = predictor.threshold is not None
        fit, halves = None, (math.nan, math.nan)
        if binary or _varies(x[rows]):
            fit, halves = _fit(y, [("x", x), *design.covariates], rows)
        findings.append(_finding(predictor.key, predictor.family, predictor.label, fit, halves, x[rows], y[rows],
                                 table, sd, binary=binary, step=predictor.step))
    findings.extend(_weekday_findings(table, y, design.weekday, design.trend_cols, base, sd))
    findings.append(_reverse_sleep(table, y, design.dummies, design.trend_cols))
    return findings


# Step-down level for "does the week vary": a day is singled out only while the days
# not yet singled out still differ among themselves at this level.
WEEKDAY_STEP_P = 0.05


def _weekday_findings(table: Table, y, weekday, trend_cols: list, base, sd: float) -> list[Finding]:
    """Each day of the week against the other days, gated by joint tests, step by step.

    No model holds "yesterday's numbness": a day that stands out (a heavy
    Monday, say) would make the next day look lighter than yesterday
    predicts, and a real Monday effect came out as "Tuesdays are lighter".
    The AR(1) errors carry the day-to-day inertia instead.

    Step down: while the days not yet singled out differ among themselves
    (one joint F test, at ``WEEKDAY_STEP_P``), the one furthest from the
    rest of them is singled out. Each day is then compared with the days
    that were never singled out, so a real Monday is not part of the "other
    days" that Tuesday is held against. A day's p is never below the joint
    test that let it be asked, so no day is claimed unless the week varies.
    """
    import numpy as np

    from glimmers.core.analysis.insights.stats import ar1_joint_p

    days = [w for w in range(7) if ((weekday == w) & base).any()]
    flags = {w: (weekday == w).astype(float) for w in range(7)}

    def contrast(w, others_out):
        nuisance = [(f"out{o}", flags[o]) for o in others_out if o != w]
        return _fit(y, [("x", flags[w]), *nuisance, *trend_cols], base)

    def joint(candidates, out):
        if len(candidates) < 2:
            return None
        rows = base
        x = np.column_stack([np.ones(int(rows.sum())), *(flags[w][rows] for w in candidates[1:]),
                             *(flags[o][rows] for o in out), *(values[rows] for _name, values in trend_cols)])
        return ar1_joint_p(y[rows], x, list(range(1, len(candidates))))

    out: list[int] = []
    gate: dict[int, float] = {}
    while True:
        candidates = [w for w in days if w not in out]
        p_joint = joint(candidates, out)
        for w in candidates:
            gate[w] = 1.0 if p_joint is None else p_joint
        if p_joint is None or p_joint > WEEKDAY_STEP_P:
            break
        fits = {w: contrast(w, out)[0] for w in candidates}
        ranked = sorted((fit.p, w) for w, fit in fits.items() if fit is not None)
        if not ranked:
            break
        out.append(ranked[0][1])
    found = []
    for w, (suffix, label) in enumerate(WEEKDAYS):
        fit, halves = contrast(w, out)
        if fit is not None:
            fit = replace(fit, p=max(fit.p, gate.get(w, 1.0)))
        found.append(_finding(f"weekday:{suffix}", "time", label, fit, halves, flags[w][base], y[base], table, sd,
                              binary=True))
    return found


def day_level_tags(table: Table, sd: float, within: list[Finding]) -> list[Finding]:
    """Tags with too few days of two or more check-ins, tested again at the day level.

    Someone who checks in once a day gives the within-day comparison
    nothing to work with, and their tags were never analysed. For each tag
    whose within-day test lacks the early minimum of days, the day-level
    model asks instead whether days with the tag differ from days without
    (yesterday, weekday and slow trend held as for the factors). The
    day-level finding takes the tag's place only when it has the data the
    within-day one lacks, so each tag is still one test in the family.
    """
    import numpy as np

    from glimmers.core.analysis.insights.findings import EARLY_MIN_DAYS

    thin = {f.key: f for f in within if f.key.startswith("tag:") and f.n_with < EARLY_MIN_DAYS}
    if not thin or len(table.pair_moment) == 0:
        return within
    design = _design(table)
    y, base = design.y, design.base
    index = {f"tag:{name}": i for i, name in enumerate(table.tag_names)}
    replaced = {}
    for key, finding in thin.items():
        if key not in index:
            continue
        tagged_days = np.unique(table.day[table.pair_moment[table.pair_tag == index[key]]])
        x = np.zeros(table.n_days)
        x[tagged_days] = 1.0
        with_days, without_days = int(x[base].sum()), int(base.sum() - x[base].sum())
        if with_days < EARLY_MIN_DAYS or without_days < EARLY_MIN_DAYS:
            continue
        fit, halves = _fit(y, [("x", x), *design.covariates], base)
        replaced[key] = replace(_finding(key, "context", finding.label, fit, halves, x[base], y[base], table, sd,
                                         binary=True), day_level=True)
    return [replaced.get(f.key, f) for f in within]


def _lagged(y: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
    """Yesterday's numbness, with the person's mean standing in when yesterday is missing.

    Dropping every day after a missed day would throw away about one recorded
    day in eight. Instead those days get the mean as yesterday's value and a
    0/1 column marking the stand-in, so the lag's coefficient is learnt only
    from real pairs while the day still informs the lever's effect.
    """
    import numpy as np

    lag = _shift(y, 1)
    gap = ~np.isfinite(lag)
    mean = float(np.nanmean(y)) if np.isfinite(y).any() else 0.0
    return np.where(gap, mean, lag), gap.astype(float)


def _varies(values: "np.ndarray") -> bool:
    """Enough days away from the usual value for a per-unit effect to mean anything."""
    import numpy as np

    if len(values) == 0:
        return False
    _levels, counts = np.unique(values, return_counts=True)
    return len(values) - int(counts.max()) >= MIN_VARYING_DAYS


def _reverse_sleep(table: Table, y: "np.ndarray", dummies: list, trend_cols: list) -> Finding:
    """Tonight's sleep (recorded tomorrow) on today's numbness, given last night's sleep.

    Reported in hours of sleep per point of numbness. Its ``sd`` is the SD of
    sleep over the SD of daily numbness, so ``sd_units`` is the standardised
    slope and the 0.3 SD floor means the same thing as for numbness.
    """
    import numpy as np

    sleep = table.values.get("sleep_hours", np.full(table.n_days, np.nan))
    tonight = np.full_like(sleep, np.nan)
    tonight[:-1] = sleep[1:]
    rows = np.isfinite(tonight) & np.isfinite(y) & np.isfinite(sleep)
    sd_sleep = float(np.std(tonight[rows], ddof=1)) if rows.sum() > 2 else 0.0
    sd_daily = float(np.std(y[rows], ddof=1)) if rows.sum() > 2 else 0.0
    ratio = sd_sleep / sd_daily if sd_sleep > 0 and sd_daily > 0 else 1.0
    fit, halves = None, (math.nan, math.nan)
    if _varies(y[rows]) and _varies(sleep[rows]):
        fit, halves = _fit(tonight, [("numbness", y), ("last_night", sleep), *dummies, *trend_cols], rows)
    return _finding("lag:sleep_hours", "factor", REVERSE_SLEEP_LABEL, fit, halves, y[rows], tonight[rows], table,
                    ratio, binary=False, unit="hours")

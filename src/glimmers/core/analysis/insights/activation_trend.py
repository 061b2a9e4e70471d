"""Behavioural activation over time: are predictions moving closer to experience?

Numbness makes "it won't be worth it" feel like a fact; predicting pleasure
and mastery before an activity and rating them afterwards tests that. Over
months, a person may find their predictions catching up with what actually
happens. This module shows the gap (actual minus predicted, as in
``glimmers.core.toolkit.activation``) per ``PERIOD_DAYS``-day period, and whether the
distance between prediction and experience (the absolute gap) is shrinking; for
how hard activities were expected to be, too, once any have both ratings.

Four-week periods rather than calendar months, so every period is equally
long and a slope per period means the same thing throughout. The trend is an
ordinary least-squares slope of each activity's absolute gap on time, with a
t interval: activities are occasional events, not a daily series, so the
day-to-day carry-over that needs AR(1) models elsewhere matters much less
here. It is only given with ``MIN_RATED`` compared activities spread over at
least ``MIN_SPAN_DAYS`` days; before that the answer is "not enough yet".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import fmean
from typing import Iterable

from glimmers.core.toolkit.experiments import day_words
from glimmers.core.i18n import _, ngettext, pgettext

PERIOD_DAYS = 28
MIN_RATED = 12
MIN_SPAN_DAYS = 28
DIRECTIONS = ("closer", "further", "no_clear_change", "not_enough")

# (done, predicted pleasure, actual pleasure, predicted mastery, actual mastery[, predicted dread, actual dread])
Row = tuple


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    pleasure_count: int
    pleasure_gap: float | None  # mean actual - predicted
    pleasure_distance: float | None  # mean |actual - predicted|
    mastery_count: int
    mastery_gap: float | None
    mastery_distance: float | None


@dataclass(frozen=True)
class Trend:
    """Change in the mean distance between prediction and experience, in points per period."""

    count: int
    span_days: int
    slope: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def direction(self) -> str:
        if self.slope is None:
            return "not_enough"
        if self.high < 0:
            return "closer"
        if self.low > 0:
            return "further"
        return "no_clear_change"


@dataclass(frozen=True)
class ActivationTrend:
    periods: tuple[Period, ...]
    pleasure: Trend
    mastery: Trend
    dread: Trend = Trend(0, 0)

    def words(self) -> str:
        if self.pleasure.direction == self.mastery.direction == self.dread.direction == "not_enough":
            count = max(self.pleasure.count, self.mastery.count, self.dread.count)
            if count == 0:
                return _("Predict before and rate after an activity, and how the two compare over time will "
                         "show here.")
            return ngettext(
                "%(n)d activity has a prediction and a rating so far; at least %(min)d spread over %(weeks)d weeks "
                "or more will show whether predictions are moving closer to experience.",
                "%(n)d activities have a prediction and a rating so far; at least %(min)d spread over %(weeks)d weeks "
                "or more will show whether predictions are moving closer to experience.",
                count) % {"n": count, "min": MIN_RATED, "weeks": PERIOD_DAYS // 7}
        sentences = []
        dread = pgettext("the prediction compared, after 'For'", "how hard things would be")
        for label, trend in ((_("pleasure"), self.pleasure), (_("mastery"), self.mastery), (dread, self.dread)):
            if trend.count == 0:
                continue
            values = {"what": label, "n": trend.count, "min": MIN_RATED, "weeks": PERIOD_DAYS // 7}
            if trend.direction == "not_enough":
                sentences.append(ngettext(
                    "For %(what)s, %(n)d activity has a prediction and a rating; at least %(min)d over %(weeks)d "
                    "weeks or more will show whether predictions are moving closer to experience.",
                    "For %(what)s, %(n)d activities have a prediction and a rating; at least %(min)d over %(weeks)d "
                    "weeks or more will show whether predictions are moving closer to experience.",
                    trend.count) % values)
                continue
            values |= {"size": abs(trend.slope), "low": abs(trend.high if trend.slope < 0 else trend.low),
                       "high": abs(trend.low if trend.slope < 0 else trend.high)}
            if trend.direction == "closer":
                text = _("For %(what)s, your predictions are moving closer to how activities turn out: the gap "
                         "shrinks by about %(size).1f points every %(weeks)d weeks (plausible range %(low).1f to "
                         "%(high).1f).")
            elif trend.direction == "further":
                text = _("For %(what)s, your predictions are drifting further from how activities turn out: the "
                         "gap grows by about %(size).1f points every %(weeks)d weeks (plausible range %(low).1f to "
                         "%(high).1f).")
            else:
                text = _("For %(what)s, there is no clear change yet in how close your predictions are to how "
                         "activities turn out (%(n)d activities).")
            sentences.append(text % values)
        return " ".join(sentences)

    def period_words(self, period: Period) -> str:
        """One line for a table row or a chart's text alternative."""
        return _("%(start)s to %(end)s: %(p)d compared for pleasure, %(m)d for mastery.") % {
            "start": day_words(period.start), "end": day_words(period.end),
            "p": period.pleasure_count, "m": period.mastery_count}


def _trend(points: list[tuple[int, float]]) -> Trend:
    """OLS slope of |gap| on time in periods, with a 95% t interval."""
    span = (max(d for d, _g in points) - min(d for d, _g in points)) if points else 0
    if len(points) < MIN_RATED or span < MIN_SPAN_DAYS:
        return Trend(len(points), span)
    from glimmers.core.analysis.insights.stats import t_quantile_975

    x = [d / PERIOD_DAYS for d, _g in points]
    y = [abs(g) for _d, g in points]
    mx, my = fmean(x), fmean(y)
    sxx = sum((a - mx) ** 2 for a in x)
    slope = sum((a - mx) * (b - my) for a, b in zip(x, y)) / sxx
    residual = sum((b - my - slope * (a - mx)) ** 2 for a, b in zip(x, y)) / (len(x) - 2)
    half = float(t_quantile_975(len(x) - 2)) * math.sqrt(residual / sxx)
    return Trend(len(points), span, slope, slope - half, slope + half)


def _mean(values: list[float]) -> float | None:
    return fmean(values) if values else None


def activation_trend(items: Iterable[Row]) -> ActivationTrend:
    """Items are (done_date, predicted_pleasure, actual_pleasure, predicted_mastery, actual_mastery); None allowed."""
    rows = []
    dread_points = []
    for done, pp, ap, pm, am, *dread in items:
        day = done.date() if isinstance(done, datetime) else done
        pleasure = None if pp is None or ap is None else float(ap) - float(pp)
        mastery = None if pm is None or am is None else float(am) - float(pm)
        if pleasure is not None or mastery is not None:
            rows.append((day, pleasure, mastery))
        if len(dread) == 2 and None not in dread:
            dread_points.append((day, float(dread[1]) - float(dread[0])))
    if not rows and not dread_points:
        return ActivationTrend((), Trend(0, 0), Trend(0, 0))
    if not rows:
        start = min(day for day, _gap in dread_points)
        start -= timedelta(days=start.weekday())
        return ActivationTrend((), Trend(0, 0), Trend(0, 0), _trend([((day - start).days, gap) for day, gap in dread_points]))
    rows.sort(key=lambda row: row[0])
    first = rows[0][0] - timedelta(days=rows[0][0].weekday())  # periods start on a Monday
    buckets: dict[int, list[tuple[float | None, float | None]]] = {}
    for day, pleasure, mastery in rows:
        buckets.setdefault((day - first).days // PERIOD_DAYS, []).append((pleasure, mastery))
    periods = []
    for index in range(max(buckets) + 1):
        members = buckets.get(index, [])
        p = [g for g, _m in members if g is not None]
        m = [g for _p, g in members if g is not None]
        start = first + timedelta(days=index * PERIOD_DAYS)
        periods.append(Period(start, start + timedelta(days=PERIOD_DAYS - 1), len(p), _mean(p),
                              _mean([abs(g) for g in p]), len(m), _mean(m), _mean([abs(g) for g in m])))
    pleasure = _trend([((day - first).days, g) for day, g, _m in rows if g is not None])
    mastery = _trend([((day - first).days, g) for day, _p, g in rows if g is not None])
    dread = _trend([((day - first).days, gap) for day, gap in dread_points])
    return ActivationTrend(tuple(periods), pleasure, mastery, dread)

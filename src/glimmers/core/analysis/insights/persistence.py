"""Persistent or situational: does numbness stay, or move with what is going on?

docs/INSIGHTS.md (persistence) lists three descriptions, reported side by side:

* inertia: the lag-1 autocorrelation phi of daily means, told as a
  half-life (ln 0.5 / ln phi days: how long until half of a day's extra
  numbness has eased). Undefined when phi <= 0 (nothing carries over).
* how the ups and downs split between days and within days (variance
  components from the individual check-ins);
* numbness on low-stress days against other days (a regression with AR(1)
  errors and a calibrated interval, ``ar1_effect``, so carry-over does not
  shrink the interval) and how often it still
  stays above the person's own threshold on those calmer days.

High inertia with little lift on calm days reads as "persistent"; a clear
lift on calm days with fast decay as "situational", with slow decay as
"mixed"; much within-day change and nothing else as "changeable"; anything
else as "unclear". Only a clear lift on calmer days is worded as moving
"with what is going on": pure noise once was. The labels describe a pattern
in the data and never diagnose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean
from typing import Mapping, Sequence

from glimmers.core.toolkit.experiments import day_words
from glimmers.core.i18n import _, ngettext
from glimmers.core.analysis.insights import stats
from glimmers.core.analysis.insights.experiment_results import ar1_effect, compare_words

LOW_STRESS_MAX = 3.0  # stress 0-10; 0-3 is the calm third of the scale
DEFAULT_THRESHOLD = 5.0
MIN_DAYS_FOR_INERTIA = 28  # four weeks: fewer pairs leave phi too uncertain to read as a half-life
MIN_CONTEXT_DAYS = 10  # low-stress and other days each: the "early hint" gate of docs/INSIGHTS.md
MIN_SPLIT_DAYS = 10  # days with two or more check-ins before splitting variance within/between days
# Why these limits: daily phi in simulated and published mood data runs about 0.3-0.6. A half-life of
# one day (phi 0.5) means half a bad day's excess is still there the next morning: the upper half of
# that range, so "high inertia". One point is the effect-size floor in docs/INSIGHTS.md, so a smaller
# lift on calm days is "little lift". Staying above the person's own threshold on at least half of the
# calm days means calm alone does not lift it. When half or more of the variation is within days,
# numbness moves with the moment: a large context contrast even without stress ratings.
SLOW_HALF_LIFE_DAYS = 1.0
SMALL_LIFT_POINTS = 1.0
MOSTLY_ABOVE_SHARE = 0.5
LARGE_WITHIN_DAY_SHARE = 0.5
PATTERNS = ("persistent", "situational", "mixed", "changeable", "unclear", "not_enough_data")


def bias_corrected_phi(phi: float, n: int) -> float:
    """The lag-1 estimate runs low by about (1 + 3 phi) / n on short series; add that back (kept below 1)."""
    return min(0.99, phi + (1 + 3 * phi) / n) if n > 0 else phi


def half_life(phi: float | None) -> float | None:
    """Days until half of a deviation has decayed: ln 0.5 / ln phi; None when nothing carries over."""
    if phi is None or not 0 < phi < 1:
        return None
    return math.log(0.5) / math.log(phi)


def inertia(daily: Mapping[date, float]) -> float | None:
    """Bias-corrected phi of daily means over the calendar (missing days break pairs, never join them)."""
    days = sorted(d for d, v in daily.items() if v is not None and math.isfinite(v))
    if len(days) < MIN_DAYS_FOR_INERTIA:
        return None
    span = (days[-1] - days[0]).days + 1
    series = [daily.get(days[0] + timedelta(days=i)) for i in range(span)]
    phi = stats.ar1_phi(series)
    return None if phi is None else bias_corrected_phi(phi, len(days))


def between_day_share(moments: Sequence[tuple[date, float]]) -> tuple[float | None, int]:
    """Share of variance between days (one-way ANOVA components), and the days with 2+ check-ins.

    Days with one check-in still count towards the between-day part; only
    days with two or more tell us anything about variation within a day.
    """
    by_day: dict[date, list[float]] = {}
    for day, value in moments:
        if value is not None and math.isfinite(value):
            by_day.setdefault(day, []).append(float(value))
    split_days = sum(1 for values in by_day.values() if len(values) >= 2)
    total, k = sum(len(v) for v in by_day.values()), len(by_day)
    if split_days < MIN_SPLIT_DAYS or total - k <= 0:
        return None, split_days
    grand = fmean(x for values in by_day.values() for x in values)
    ss_between = sum(len(v) * (fmean(v) - grand) ** 2 for v in by_day.values())
    ss_within = sum((x - fmean(v)) ** 2 for v in by_day.values() for x in v)
    ms_between, ms_within = ss_between / (k - 1), ss_within / (total - k)
    n0 = (total - sum(len(v) ** 2 for v in by_day.values()) / total) / (k - 1)
    between = max(0.0, (ms_between - ms_within) / n0)
    if between + ms_within <= 0:
        return None, split_days
    return between / (between + ms_within), split_days


@dataclass(frozen=True)
class Persistence:
    days: int
    phi: float | None
    half_life: float | None
    share_between: float | None
    split_days: int
    low_stress_days: int
    other_stress_days: int
    low_stress_mean: float | None
    low_stress_above: int  # low-stress days with numbness above the threshold
    effect: float | None  # low-stress minus other days, points
    low: float | None
    high: float | None
    threshold: float
    pattern: str

    @property
    def lift(self) -> float | None:
        """How much lower numbness was on calm days (positive = lower)."""
        return None if self.effect is None else -self.effect

    def words(self) -> str:
        parts = []
        if self.half_life is not None and self.half_life >= 1:
            parts.append(_("When a day is more numb than usual, about half of the extra is typically still there "
                           "%(n).1f days later.") % {"n": self.half_life})
        elif self.phi is not None:
            parts.append(_("When a day is more numb than usual, most of the extra has usually eased by the next day."))
        if self.effect is not None:
            numbers = compare_words(self.effect, self.low, self.high) | {
                "t": f"{self.threshold:g}", "k": self.low_stress_above, "n": self.low_stress_days}
            if self.effect < 0 and self.low_stress_above:
                text = _("On low-stress days numbness averaged %(amount)s on other days (%(range)s), but it "
                         "stayed above %(t)s on %(k)d of %(n)d such days.")
            else:
                text = _("On low-stress days numbness averaged %(amount)s on other days (%(range)s), and it "
                         "was above %(t)s on %(k)d of %(n)d such days.")
            parts.append(text % numbers)
        if self.share_between is not None:
            between = round(100 * self.share_between)
            parts.append(_("About %(b)d%% of the ups and downs are from one day to another and %(w)d%% within a "
                           "day.") % {"b": between, "w": 100 - between})
        parts.append(self._pattern_words())
        return " ".join(parts)

    def _pattern_words(self) -> str:
        if self.pattern == "persistent":
            return _("Taken together, your numbness looks fairly steady: it carries over from day to day and "
                     "eases little on calmer days. If it has been like this for weeks, that is worth telling "
                     "a doctor or therapist.")
        if self.pattern == "situational":
            return _("Taken together, your numbness seems to move with what is going on: it eases in calmer "
                     "moments and does not carry over for long.")
        if self.pattern == "changeable":
            return _("Taken together, your numbness changes a lot within a day and does not carry over for long; "
                     "what it moves with does not show clearly yet.")
        if self.pattern == "mixed":
            return _("Taken together, part of your numbness moves with what is going on and part of it stays: "
                     "it eases on calmer days and also carries over from one day to the next. Both are common.")
        if self.pattern == "unclear":
            return _("Taken together, no clear pattern shows yet: your numbness does not clearly ease on calmer "
                     "days, and it does not clearly stay high either.")
        more = max(0, MIN_DAYS_FOR_INERTIA - self.days)
        values = {"n": more, "k": MIN_CONTEXT_DAYS, "low": f"{LOW_STRESS_MAX:g}"}
        if self.phi is None and more == 0:
            return _("Your ratings have varied too little so far to tell whether numbness is steady or moves "
                     "with what is going on.")
        if self.phi is None and self.effect is None:
            return ngettext(
                "To tell whether numbness is steady or moves with what is going on, this needs about %(n)d more "
                "day with a check-in and stress rated on at least %(k)d calmer days (0-%(low)s) and %(k)d others.",
                "To tell whether numbness is steady or moves with what is going on, this needs about %(n)d more "
                "days with a check-in and stress rated on at least %(k)d calmer days (0-%(low)s) and %(k)d others.",
                more) % values
        if self.phi is None:
            return ngettext(
                "To tell whether numbness is steady or moves with what is going on, this needs about %(n)d more "
                "day with a check-in.",
                "To tell whether numbness is steady or moves with what is going on, this needs about %(n)d more "
                "days with a check-in.", more) % values
        return _("To tell whether numbness is steady or moves with what is going on, this needs stress rated on "
                 "at least %(k)d calmer days (0-%(low)s) and %(k)d others.") % values


def classify(phi: float | None, effect: float | None, high: float | None, above_share: float | None,
             share_between: float | None) -> str:
    """The pattern label from the three descriptions, using the named thresholds above."""
    if phi is None or effect is None:
        return "not_enough_data"
    life = half_life(phi)
    slow = life is not None and life >= SLOW_HALF_LIFE_DAYS
    lift = -effect
    if slow and lift < SMALL_LIFT_POINTS and (above_share or 0) >= MOSTLY_ABOVE_SHARE:
        return "persistent"
    clear_lift = lift >= SMALL_LIFT_POINTS and high is not None and high < 0
    within_large = share_between is not None and 1 - share_between >= LARGE_WITHIN_DAY_SHARE
    if clear_lift:
        # it eases on calmer days: "moves with what is going on" rests on that, and only on that
        return "mixed" if slow else "situational"
    if not slow and within_large:
        return "changeable"
    # Nothing clear either way; pure noise lands here, and is not called "moves with what is going on"
    return "unclear"


def persistence(daily: Mapping[date, float], stress_by_day: Mapping[date, float] | None = None, *,
                moments: Sequence[tuple[date, float]] = (), threshold: float = DEFAULT_THRESHOLD) -> Persistence:
    """Describe how numbness persists; every part is None-safe on thin data."""
    days = {d: float(v) for d, v in daily.items() if v is not None and math.isfinite(v)}
    phi = inertia(days)
    share, split_days = between_day_share(moments)
    rated = sorted((d, v, float(stress_by_day[d])) for d, v in days.items()
                   if stress_by_day and stress_by_day.get(d) is not None and math.isfinite(stress_by_day[d]))
    calm = [v for _d, v, s in rated if s <= LOW_STRESS_MAX]
    above = sum(1 for v in calm if v > threshold)
    others = len(rated) - len(calm)
    fit = None
    if len(calm) >= MIN_CONTEXT_DAYS and others >= MIN_CONTEXT_DAYS:
        rows = [(1.0, float(s <= LOW_STRESS_MAX)) for _d, _v, s in rated]
        fit = ar1_effect([d for d, _v, _s in rated], [v for _d, v, _s in rated], rows, ["const", "calm"], "calm")
    effect, low, high = (fit.estimate, fit.low, fit.high) if fit else (None, None, None)
    pattern = classify(phi, effect, high, above / len(calm) if calm else None, share)
    return Persistence(len(days), phi, half_life(phi), share, split_days, len(calm), others,
                       fmean(calm) if calm else None, above, effect, low, high, threshold, pattern)


@dataclass(frozen=True)
class MostDaysAbove:
    """For the triage prompt: was numbness above the threshold on most days of the last ``window`` days?"""

    result: bool
    days_above: tuple[date, ...]
    days_with_data: int
    window_start: date | None
    window_end: date | None
    threshold: float
    enough_data: bool

    def words(self) -> str:
        if not self.enough_data:
            return _("There are too few check-ins in the last two weeks to say how most days went.")
        text = _("Numbness was above %(t)s on %(k)d of the %(n)d days you checked in from %(start)s to %(end)s.") % {
            "t": f"{self.threshold:g}", "k": len(self.days_above), "n": self.days_with_data,
            "start": day_words(self.window_start), "end": day_words(self.window_end)}
        if self.result:
            text += " " + _("When numbness stays high for two weeks or more, talking it over with a doctor or "
                            "therapist can help.")
        return text


def most_days_above(daily: Mapping[date, float], threshold: float = DEFAULT_THRESHOLD, window: int = 14,
                    share: float = 0.5, *, today: date | None = None, min_days: int = 7) -> MostDaysAbove:
    """True when more than ``share`` of the days with data in the last ``window`` days were above ``threshold``.

    "More than half the days" is the frequency clinicians know from the
    PHQ-9, so the default share is 0.5 (strictly more). At least
    ``min_days`` days with data are needed: a handful of check-ins cannot
    speak for two weeks. The window ends at ``today`` (default: the last day
    with data).
    """
    present = {d: float(v) for d, v in daily.items() if v is not None and math.isfinite(v)}
    end = today or (max(present) if present else None)
    if end is None:
        return MostDaysAbove(False, (), 0, None, None, threshold, False)
    start = end - timedelta(days=window - 1)
    inside = sorted(d for d in present if start <= d <= end)
    above = tuple(d for d in inside if present[d] > threshold)
    enough = len(inside) >= min_days
    return MostDaysAbove(enough and len(above) > share * len(inside), above, len(inside), start, end, threshold,
                         enough)

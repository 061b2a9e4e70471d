"""Numbness before and after a medication event on the timeline.

The same before/after model as a lever experiment (``piecewise_ar1``: a
phase dummy with AR(1) errors), because the problem is the same: days carry
over into each other, and a plain comparison of means would treat 28 days as
28 independent facts. Up to ``WINDOW_DAYS`` days on each side are used, and
at least ``MIN_DAYS_EACH_SIDE`` days with a check-in on each side are needed
before anything is said. The event day itself is left out (it is unclear
which side it belongs to), and the window stops short of any other
medication event so two changes are not blended into one.

What the words may and may not say: glimmers never advises starting,
stopping or changing a medicine, and never says the medicine caused a
change (a before/after comparison cannot show that: the reason for the
change, the season, life events and the slow course of numbness itself all
move at the same time). The words always point to the prescriber.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping, Sequence

from glimmers.core.toolkit.experiments import MIN_PHASE_DAYS, day_words
from glimmers.core.i18n import _
from glimmers.core.analysis.insights.experiment_results import PiecewiseResult, compare_words, piecewise_ar1
from glimmers.core.care.medication import MedicationEvent, kind_label

WINDOW_DAYS = 28  # four weeks each side: enough days for a fair comparison, near enough to the change
MIN_DAYS_EACH_SIDE = MIN_PHASE_DAYS
STATUSES = ("not_enough_data", "higher", "lower", "no_clear_difference")


@dataclass(frozen=True)
class MedicationChange:
    """Numbness around one event. ``fit.effect`` is after minus before, in points."""

    event: MedicationEvent
    fit: PiecewiseResult
    window_start: date
    window_end: date

    @property
    def status(self) -> str:
        fit = self.fit
        if not fit.enough_data or not fit.fitted or fit.low is None:
            return "not_enough_data"
        if fit.low > 0:
            return "higher"
        if fit.high < 0:
            return "lower"
        return "no_clear_difference"

    def words(self) -> str:
        what = {"name": self.event.name, "kind": kind_label(self.event.kind), "day": day_words(self.event.day)}
        prescriber = _("Questions about a medicine are best raised with your prescriber; please don't stop or "
                       "change a medicine on your own.")
        if self.status == "not_enough_data":
            return " ".join([_(
                "Not enough check-ins around %(name)s (%(kind)s on %(day)s) to compare yet: each side needs at "
                "least %(min)d days with a check-in within %(window)d days; there are %(before)d before and "
                "%(after)d after.") % (what | {"min": MIN_DAYS_EACH_SIDE, "window": WINDOW_DAYS,
                                               "before": self.fit.before_days, "after": self.fit.after_days}),
                prescriber])
        numbers = what | compare_words(self.fit.effect, self.fit.low, self.fit.high) | {
            "before": self.fit.before_days, "after": self.fit.after_days}
        parts = [_("On the %(after)d days with a check-in after %(name)s (%(kind)s on %(day)s), numbness was "
                   "%(amount)s on the %(before)d days before (%(range)s).") % numbers]
        if self.status == "no_clear_difference":
            parts.append(_("That is no clear difference either way."))
        else:
            parts.append(_("This is a change that came at the same time, not proof that the medicine caused it: "
                           "other things may also have changed."))
        if self.status == "higher":
            parts.append(_("It is worth raising with your prescriber; please don't stop or change a medicine on "
                           "your own."))
        else:
            parts.append(prescriber)
        return " ".join(parts)


def medication_change(daily: Mapping[date, float], event: MedicationEvent, *,
                      others: Sequence[MedicationEvent] = (), today: date | None = None,
                      window_days: int = WINDOW_DAYS) -> MedicationChange:
    """Compare numbness before and after ``event``, stopping short of ``others`` and of ``today``."""
    start = event.day - timedelta(days=window_days)
    end = event.day + timedelta(days=window_days)
    for other in others:
        if other.day < event.day:
            start = max(start, other.day + timedelta(days=1))
        elif other.day > event.day:
            end = min(end, other.day - timedelta(days=1))
    if today is not None:
        end = min(end, today)
    around = {d: v for d, v in daily.items() if d != event.day}
    fit = piecewise_ar1(around, event.day + timedelta(days=1), start=start, end=end)
    return MedicationChange(event, fit, start, end)

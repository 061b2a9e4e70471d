"""The medication timeline: events, and whether numbness moved around them.

glimmers never advises starting, stopping or changing a medicine. When
numbness rose after a change, it says so plainly, suggests raising it with
the prescriber and reminds the person not to stop suddenly on their own.
Every event and the timeline come with ``antidepressant_note``: the first
weeks after a start, a dose change or a stop can feel worse for some people.

The before/after comparison uses daily mean numbness in the 14 days before
and the 14 days after the change day (the day itself left out). The
plausible range allows for day-to-day carry-over: the standard error uses
an effective sample size n(1 - r)/(1 + r) with r the lag-1 autocorrelation
of each phase, so a run of similar days is not counted as independent
evidence. The full analysis (AR(1) models, FDR) comes with the insights.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean
from typing import Mapping

from glimmers.core import text as stored_text
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _

KINDS = ("start", "change", "stop")
NAME_MAX = 100
DOSE_MAX = 60
NOTE_MAX = 2000
WINDOW_DAYS = 14
MIN_DAYS_EACH_SIDE = 10
MIN_RISE_POINTS = 1.0


@dataclass(frozen=True)
class MedicationEvent:
    name: str
    kind: str
    day: date
    dose: str = ""
    note: str = ""


def antidepressant_note() -> str:
    """Shown with every medicine event and on the timeline: glimmers cannot tell
    which medicine is an antidepressant, so the note says whom it is for."""
    return _(
        "A note on antidepressants: in the first weeks after starting one, changing the dose or stopping, "
        "some people feel worse for a while, including more agitation or darker thoughts. Tell your prescriber "
        "about any change you notice, and never stop or change a medicine without them."
    )


def kind_label(kind: str) -> str:
    return {"start": _("started"), "change": _("dose changed"), "stop": _("stopped")}[kind]


def validate_event(*, name: str, kind: str, day: date, dose: str = "", note: str = "", today: date) -> MedicationEvent:
    name = stored_text.clean(name, field="name", label=_("The medicine's name"))
    dose = stored_text.clean(dose, field="dose", label=_("The dose"))
    note = stored_text.clean(note, field="note", label=_("The note"), multiline=True)
    if not name:
        raise InvalidInput(_("Give the medicine's name."), field="name")
    if len(name) > NAME_MAX:
        raise InvalidInput(_("The medicine's name can be up to %(n)d characters.") % {"n": NAME_MAX}, field="name")
    if kind not in KINDS:
        raise InvalidInput(_("The event must be one of: start, change, stop."), field="kind")
    if len(dose) > DOSE_MAX:
        raise InvalidInput(_("The dose can be up to %(n)d characters.") % {"n": DOSE_MAX}, field="dose")
    if len(note) > NOTE_MAX:
        raise InvalidInput(_("The note can be up to %(n)d characters.") % {"n": NOTE_MAX}, field="note")
    if day > today:
        raise InvalidInput(_("%(day)s is in the future; record a change on or after the day it happens.") % {"day": day.isoformat()}, field="day")
    return MedicationEvent(name=name, kind=kind, day=day, dose=dose, note=note)


@dataclass(frozen=True)
class Shift:
    """Daily mean numbness before and after one event."""

    before_mean: float | None
    after_mean: float | None
    before_days: int
    after_days: int
    low: float | None = None  # plausible range of after - before
    high: float | None = None

    @property
    def enough_data(self) -> bool:
        return self.before_days >= MIN_DAYS_EACH_SIDE and self.after_days >= MIN_DAYS_EACH_SIDE

    @property
    def difference(self) -> float | None:
        if self.before_mean is None or self.after_mean is None:
            return None
        return self.after_mean - self.before_mean

    @property
    def rose(self) -> bool:
        """A clear rise: at least a point, and the whole plausible range above zero."""
        return self.enough_data and self.difference >= MIN_RISE_POINTS and self.low is not None and self.low > 0


def _lag1(values: list[float]) -> float:
    if len(values) < 3:
        return 0.0
    mean = fmean(values)
    top = sum((a - mean) * (b - mean) for a, b in zip(values, values[1:]))
    bottom = sum((v - mean) ** 2 for v in values)
    return max(0.0, min(0.9, top / bottom)) if bottom else 0.0


def _variance_of_mean(values: list[float]) -> float:
    n = len(values)
    mean = fmean(values)
    variance = sum((v - mean) ** 2 for v in values) / (n - 1)
    r = _lag1(values)
    effective = max(2.0, n * (1 - r) / (1 + r))
    return variance / effective


def shift_around(day: date, daily_means: Mapping[date, float]) -> Shift:
    before = [daily_means[d] for d in (day - timedelta(days=i) for i in range(WINDOW_DAYS, 0, -1)) if d in daily_means]
    after = [daily_means[d] for d in (day + timedelta(days=i) for i in range(1, WINDOW_DAYS + 1)) if d in daily_means]
    before_mean = fmean(before) if before else None
    after_mean = fmean(after) if after else None
    low = high = None
    if len(before) >= 2 and len(after) >= 2:
        se = math.sqrt(_variance_of_mean(before) + _variance_of_mean(after))
        difference = after_mean - before_mean
        low, high = difference - 1.96 * se, difference + 1.96 * se
    return Shift(before_mean, after_mean, len(before), len(after), low, high)


def shift_words(event: MedicationEvent, shift: Shift) -> str:
    """One or two plain sentences about numbness around the event."""
    what = {"name": event.name, "kind": kind_label(event.kind), "day": event.day.strftime("%d %b %Y")}
    if not shift.enough_data:
        missing = max(0, MIN_DAYS_EACH_SIDE - shift.before_days) + max(0, MIN_DAYS_EACH_SIDE - shift.after_days)
        return _(
            "Not enough check-ins around %(name)s (%(kind)s %(day)s) to compare yet: "
            "about %(n)d more days with a check-in are needed."
        ) % (what | {"n": missing})
    numbers = {
        "before": f"{shift.before_mean:.1f}",
        "after": f"{shift.after_mean:.1f}",
        "diff": f"{abs(shift.difference):.1f}",
        "low": f"{shift.low:.1f}",
        "high": f"{shift.high:.1f}",
    }
    if shift.rose:
        return _(
            "In the two weeks after %(name)s was %(kind)s on %(day)s, numbness averaged %(after)s, "
            "up %(diff)s points from %(before)s in the two weeks before (plausible range of the rise "
            "%(low)s to %(high)s). Many things can change at once, so this does not show the medicine "
            "caused it, but it is worth raising with your prescriber. Please do not stop or change a "
            "medicine on your own: stopping suddenly can cause problems of its own."
        ) % (what | numbers)
    return _(
        "No clear rise in numbness around %(name)s (%(kind)s %(day)s): %(before)s before, %(after)s after "
        "(plausible range of the difference %(low)s to %(high)s)."
    ) % (what | numbers)

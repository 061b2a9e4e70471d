"""How a questionnaire total moved between two administrations.

A change counts as *reliable* when it is at least the instrument's
reliable-change points (PHQ-9: 5; GAD-7: 4, not yet verified), so that
ordinary week-to-week wobble is not read as a shift. A *rise* of that size
is said plainly, with the suggestion to tell a doctor or therapist
(``Change.rise_note``). *Response* (a drop of half or more) and *remission*
(PHQ-9 below 5) are commonly used definitions, reported as such and never as
a verdict on the person; they apply only from a starting total of at least
the instrument's ``response_baseline`` (PHQ-9: 10, the moderate range), so a
fall from 1 to 0 is neither. Lower totals mean fewer symptoms, so a fall is
"better".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Literal

from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _, ngettext
from glimmers.core.i18n import gettext_noop
from glimmers.core.care.instruments import Instrument, Score

Direction = Literal["better", "worse", "same"]

COMMON_DEFINITION_NOTE = gettext_noop("Response and remission are commonly used definitions, not a verdict.")


@dataclass(frozen=True)
class Change:
    instrument_key: str
    previous_total: int
    current_total: int
    difference: int  # current minus previous
    direction: Direction
    reliable: bool | None  # None when the instrument has no reliable-change points
    reliable_change_points: int | None
    reliable_change_verified: bool
    response: bool | None  # None when the definition does not apply
    remission: bool | None
    remission_below: int | None = None
    instrument_title: str = ""

    @property
    def notable_rise(self) -> bool:
        """A rise of at least the reliable-change points (PHQ-9: 5; GAD-7: 4)."""
        return bool(self.reliable) and self.direction == "worse"

    @property
    def rise_note(self) -> str:
        """Plain words for a notable rise, suggesting a doctor or therapist; empty otherwise."""
        if not self.notable_rise:
            return ""
        return ngettext(
            "Your %(title)s total has gone up by %(points)d point since last time. A rise of %(size)d points or "
            "more is worth telling a doctor or therapist about, soon rather than at a routine visit.",
            "Your %(title)s total has gone up by %(points)d points since last time. A rise of %(size)d points or "
            "more is worth telling a doctor or therapist about, soon rather than at a routine visit.",
            self.difference,
        ) % {"title": self.instrument_title, "points": self.difference, "size": self.reliable_change_points}

    @property
    def words(self) -> str:
        """A few plain sentences about the change, in our words."""
        numbers = {"points": abs(self.difference), "before": self.previous_total, "now": self.current_total}
        if self.direction == "same":
            parts = [_("The same total as last time (%(now)d).") % numbers]
        elif self.direction == "better":
            parts = [ngettext(
                "Down %(points)d point since last time (from %(before)d to %(now)d).",
                "Down %(points)d points since last time (from %(before)d to %(now)d).",
                numbers["points"],
            ) % numbers]
        else:
            parts = [ngettext(
                "Up %(points)d point since last time (from %(before)d to %(now)d).",
                "Up %(points)d points since last time (from %(before)d to %(now)d).",
                numbers["points"],
            ) % numbers]
        if self.reliable and self.direction != "same":
            parts.append(_("A change this size is larger than ordinary ups and downs."))
        elif self.reliable is False and self.direction != "same":
            parts.append(_("A change this size is within ordinary ups and downs, so on its own it does not show a real shift."))
        if self.reliable is not None and self.direction != "same" and not self.reliable_change_verified:
            parts.append(_("(The size used for this questionnaire is a working figure we have not yet confirmed.)"))
        if self.response:
            parts.append(_("That is a fall of half or more, which is commonly called a response."))
        if self.remission and self.direction == "better":
            parts.append(_("A total under %(below)d is commonly called remission.") % {"below": self.remission_below})
        if self.response or (self.remission and self.direction == "better"):
            parts.append(self.definitions_note)
        return " ".join(parts)

    @property
    def definitions_note(self) -> str:
        """The label that must go with any mention of response or remission."""
        return _(COMMON_DEFINITION_NOTE)


def compare_totals(instrument: Instrument, previous_total: int, current_total: int) -> Change:
    """Compare two totals of the same questionnaire."""
    for total in (previous_total, current_total):
        if not isinstance(total, int) or isinstance(total, bool) or not 0 <= total <= instrument.max_total:
            raise InvalidInput(
                _("A %(title)s total must be from 0 to %(max)d.") % {"title": instrument.title, "max": instrument.max_total}
            )
    difference = current_total - previous_total
    direction: Direction = "better" if difference < 0 else "worse" if difference > 0 else "same"
    points = instrument.reliable_change
    reliable = None if points is None else abs(difference) >= points
    # Response and remission only describe a fall from the moderate range or
    # above; from a lower start the definitions do not apply (None).
    applies = instrument.response_baseline is not None and previous_total >= instrument.response_baseline
    response = None
    if instrument.response_reduction is not None and applies:
        response = (previous_total - current_total) >= instrument.response_reduction * previous_total
    remission = None
    if instrument.remission_below is not None and applies:
        remission = current_total < instrument.remission_below
    return Change(
        instrument_key=instrument.key,
        previous_total=previous_total,
        current_total=current_total,
        difference=difference,
        direction=direction,
        reliable=reliable,
        reliable_change_points=points,
        reliable_change_verified=instrument.reliable_change_verified,
        response=response,
        remission=remission,
        remission_below=instrument.remission_below,
        instrument_title=instrument.title,
    )


def compare(previous: Score, current: Score) -> Change:
    """Compare two scored administrations of the same questionnaire."""
    if previous.instrument.key != current.instrument.key:
        raise InvalidInput(
            _("Only results of the same questionnaire can be compared (%(a)s and %(b)s are different).")
            % {"a": previous.instrument.title, "b": current.instrument.title}
        )
    return compare_totals(current.instrument, previous.total, current.total)


@dataclass(frozen=True)
class TrendStep:
    taken_at: datetime
    score: Score
    change: Change | None  # against the previous result of the same questionnaire


def trend(scores_with_dates: Iterable[tuple[datetime, Score]]) -> tuple[TrendStep, ...]:
    """The history oldest first, each step compared with the one before it.

    Different questionnaires may be mixed: each is compared only with its
    own previous result. Results taken at the same moment keep their order.
    """
    ordered = sorted(scores_with_dates, key=lambda pair: pair[0])
    last: dict[str, Score] = {}
    steps = []
    for taken_at, score in ordered:
        before = last.get(score.instrument.key)
        steps.append(TrendStep(taken_at, score, compare(before, score) if before else None))
        last[score.instrument.key] = score
    return tuple(steps)

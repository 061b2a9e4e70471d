"""Behavioural activation: values, small planned activities, and the gap
between what a person predicts and what they then experience.

Numbness makes "it won't help" feel like a fact. Predicting pleasure and
mastery before an activity and rating them after turns that into something
the person can check. So does dread: people low in mood tend to foresee
pleasure fairly well but to expect things to be harder and more unpleasant
than they turn out, so "how hard do you expect it to be?" is asked before
and "how hard was it?" after, and for dread a lower rating after is the
better surprise. This module holds the rules and the arithmetic; the
tables live in ``glimmers.toolkit``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import fmean
from typing import Collection, Iterable, Sequence

from glimmers.core import text as stored_text
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _, ngettext
from glimmers.core.i18n import gettext_noop

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("pleasure", gettext_noop("Pleasure: something enjoyable, however small")),
    ("mastery", gettext_noop("Mastery: a small task that is done once it is done")),
    ("connection", gettext_noop("Connection: a moment with another person")),
    ("body", gettext_noop("Body: movement, rest, food, fresh air")),
    ("meaning", gettext_noop("Meaning: something in line with what matters to you")),
)
CATEGORY_KEYS = tuple(key for key, _label in CATEGORIES)

MAX_VALUES = 3
NAME_MAX = 60
ACTION_MAX = 200
TITLE_MAX = 120
GLIMMER_MAX = 500
# A plan for "now" typed a minute ago is not in the past.
PAST_GRACE = timedelta(minutes=5)
PLAN_AHEAD = timedelta(days=366)
# Below this many rated activities the gap is shown per activity only.
PATTERN_MINIMUM = 3


def category_label(key: str) -> str:
    return _(dict(CATEGORIES)[key])


def _text(value: str | None, field: str, limit: int, *, required: bool = True) -> str:
    text = " ".join(stored_text.clean(value, field=field, label=field.capitalize()).split())
    if required and not text:
        raise InvalidInput(_("%(field)s cannot be empty.") % {"field": field.capitalize()}, field=field)
    if len(text) > limit:
        raise InvalidInput(
            _("%(field)s can be at most %(limit)d characters (this one has %(count)d).")
            % {"field": field.capitalize(), "limit": limit, "count": len(text)},
            field=field,
        )
    return text


def validate_rating(value, field: str) -> int | None:
    """A 0-10 rating; None means "not rated"."""
    if value is None or value == "":
        return None
    try:
        number = int(value)
        if isinstance(value, float) and value != number:
            raise ValueError
    except (TypeError, ValueError, OverflowError):  # OverflowError: infinity
        raise InvalidInput(_("%(field)s must be a whole number from 0 to 10.") % {"field": field.capitalize()}, field=field)
    if not 0 <= number <= 10:
        raise InvalidInput(
            _("%(field)s must be from 0 to 10; %(value)s is outside that.") % {"field": field.capitalize(), "value": number},
            field=field,
        )
    return number


def validate_title(title: str) -> str:
    return _text(title, "title", TITLE_MAX)


def validate_category(key: str) -> str:
    key = (key or "").strip().lower()
    if key not in CATEGORY_KEYS:
        raise InvalidInput(
            _("'%(key)s' is not a kind of activity; choose one of: %(keys)s.") % {"key": key, "keys": ", ".join(CATEGORY_KEYS)},
            field="category",
        )
    return key


@dataclass(frozen=True)
class Value:
    name: str
    action: str


def validate_values(pairs: Sequence[tuple[str, str]]) -> tuple[Value, ...]:
    """Up to three values, each with one small action. Names must differ."""
    if len(pairs) > MAX_VALUES:
        raise InvalidInput(
            _("Keep it to %(max)d values for now; three is plenty to start with.") % {"max": MAX_VALUES}, field="values"
        )
    values = tuple(Value(_text(name, "value", NAME_MAX), _text(action, "action", ACTION_MAX)) for name, action in pairs)
    names = [value.name.casefold() for value in values]
    if len(set(names)) != len(names):
        raise InvalidInput(_("Each value needs a different name."), field="values")
    return values


@dataclass(frozen=True)
class PlannedActivity:
    title: str
    category: str
    when: datetime
    predicted_pleasure: int | None
    predicted_mastery: int | None
    value: str = ""
    predicted_dread: int | None = None  # how hard or unpleasant it is expected to be


def validate_plan(
    *, title: str, category: str, when: datetime, now: datetime, predicted_pleasure=None, predicted_mastery=None, value: str = "",
    known_values: Collection[str] | None = None, predicted_dread=None,
) -> PlannedActivity:
    """A scheduled activity. Planning something in the past is refused: that
    is a record of what happened, and it has its own path (``validate_done``)."""
    if when.tzinfo is None:
        raise InvalidInput(_("The time needs a time zone."), field="when")
    if when < now - PAST_GRACE:
        raise InvalidInput(
            _("That time has already passed. To note something you have already done, log it as done instead."), field="when"
        )
    if when > now + PLAN_AHEAD:
        raise InvalidInput(_("Activities can be planned up to a year ahead."), field="when")
    value = " ".join(stored_text.clean(value, field="value", label=_("The value")).split())
    if value and known_values is not None and value not in known_values:
        choices = ", ".join(known_values) or _("none yet")
        raise InvalidInput(_("'%(value)s' is not one of your values (%(choices)s).") % {"value": value, "choices": choices}, field="value")
    if len(value) > NAME_MAX:
        raise InvalidInput(_("A value's name can be at most %(limit)d characters.") % {"limit": NAME_MAX}, field="value")
    return PlannedActivity(
        title=validate_title(title),
        category=validate_category(category),
        when=when,
        predicted_pleasure=validate_rating(predicted_pleasure, "predicted pleasure"),
        predicted_mastery=validate_rating(predicted_mastery, "predicted mastery"),
        value=value,
        predicted_dread=validate_rating(predicted_dread, "expected difficulty"),
    )


@dataclass(frozen=True)
class Experience:
    actual_pleasure: int | None
    actual_mastery: int | None
    glimmer: str
    actual_dread: int | None = None  # how hard or unpleasant it was


def validate_done(*, actual_pleasure=None, actual_mastery=None, glimmer: str = "", actual_dread=None) -> Experience:
    experience = Experience(
        validate_rating(actual_pleasure, "pleasure"),
        validate_rating(actual_mastery, "mastery"),
        _text(glimmer, "glimmer", GLIMMER_MAX, required=False),
        validate_rating(actual_dread, "difficulty"),
    )
    rated = (experience.actual_pleasure, experience.actual_mastery, experience.actual_dread)
    if all(value is None for value in rated) and not experience.glimmer:
        raise InvalidInput(
            _("Rate pleasure, mastery or how hard it was (0-10), or note a glimmer, so there is something to compare."), field="pleasure"
        )
    return experience


@dataclass(frozen=True)
class Rated:
    """One done activity with whatever predictions and ratings it has."""

    title: str
    category: str
    predicted_pleasure: int | None
    predicted_mastery: int | None
    actual_pleasure: int | None
    actual_mastery: int | None
    predicted_dread: int | None = None
    actual_dread: int | None = None

    @property
    def pleasure_gap(self) -> int | None:
        if self.predicted_pleasure is None or self.actual_pleasure is None:
            return None
        return self.actual_pleasure - self.predicted_pleasure

    @property
    def mastery_gap(self) -> int | None:
        if self.predicted_mastery is None or self.actual_mastery is None:
            return None
        return self.actual_mastery - self.predicted_mastery

    @property
    def dread_gap(self) -> int | None:
        """How much harder (positive) or easier (negative) it was than expected."""
        if self.predicted_dread is None or self.actual_dread is None:
            return None
        return self.actual_dread - self.predicted_dread

    @property
    def went_better(self) -> bool:
        """More pleasure or mastery than predicted, or easier than expected."""
        return any(gap is not None and gap > 0 for gap in (self.pleasure_gap, self.mastery_gap)) or (
            self.dread_gap is not None and self.dread_gap < 0
        )

    @property
    def compared(self) -> bool:
        return any(gap is not None for gap in (self.pleasure_gap, self.mastery_gap, self.dread_gap))


@dataclass(frozen=True)
class Gap:
    """Mean prediction and experience over some activities (None when nothing pairs)."""

    count: int
    predicted: float | None
    actual: float | None

    @property
    def difference(self) -> float | None:
        if self.predicted is None or self.actual is None:
            return None
        return self.actual - self.predicted


def _gap(pairs: list[tuple[int, int]]) -> Gap:
    if not pairs:
        return Gap(0, None, None)
    return Gap(len(pairs), fmean(p for p, _a in pairs), fmean(a for _p, a in pairs))


@dataclass(frozen=True)
class GapRow:
    title: str
    times: int
    pleasure: Gap
    mastery: Gap
    dread: Gap = Gap(0, None, None)


@dataclass(frozen=True)
class GapSummary:
    rows: tuple[GapRow, ...]
    pleasure: Gap
    mastery: Gap
    better_than_expected: int
    compared: int
    dread: Gap = Gap(0, None, None)

    def words(self) -> str:
        """One or two plain sentences; descriptive only, no promise and no blame."""
        if self.compared == 0:
            return _("Predict before and rate after an activity, and the difference will show here.")
        if self.compared < PATTERN_MINIMUM:
            return ngettext(
                "%(n)d activity compared so far; a few more will show whether there is a pattern.",
                "%(n)d activities compared so far; a few more will show whether there is a pattern.",
                self.compared,
            ) % {"n": self.compared}
        sentences = []
        for label, gap in ((_("pleasure"), self.pleasure), (_("mastery"), self.mastery)):
            if gap.count < PATTERN_MINIMUM or gap.difference is None:
                continue
            amount = abs(gap.difference)
            if amount < 0.5:
                sentence = _("For %(what)s, what happened was close to what you predicted (%(n)d activities).")
            elif gap.difference > 0:
                sentence = _("For %(what)s, activities came out %(amount).1f points higher than you predicted, on average over %(n)d.")
            else:
                sentence = _(
                    "For %(what)s, activities came out %(amount).1f points lower than you predicted, on average over %(n)d. "
                    "That is worth knowing too: it may point to activities that suit you better."
                )
            sentences.append(sentence % {"what": label, "amount": amount, "n": gap.count})
        if self.dread.count >= PATTERN_MINIMUM and self.dread.difference is not None:
            amount = abs(self.dread.difference)
            if amount < 0.5:
                sentence = _("For how hard things would be, what happened was close to what you expected (%(n)d activities).")
            elif self.dread.difference < 0:
                sentence = _(
                    "For how hard things would be, activities came out %(amount).1f points easier than you expected, on average "
                    "over %(n)d. Dread often guesses high; this is your own check of it."
                )
            else:
                sentence = _(
                    "For how hard things would be, activities came out %(amount).1f points harder than you expected, on average "
                    "over %(n)d. That is worth knowing: smaller steps, or a different time of day, may suit you better."
                )
            sentences.append(sentence % {"amount": amount, "n": self.dread.count})
        sentences.append(
            _("%(better)d of %(n)d went better than expected in at least one way.") % {"better": self.better_than_expected, "n": self.compared}
        )
        return " ".join(sentences)


def gap_summary(items: Iterable[Rated]) -> GapSummary:
    """Per activity (titles compared case-insensitively) and overall."""
    groups: dict[str, list[Rated]] = defaultdict(list)
    titles: dict[str, str] = {}
    pleasure: list[tuple[int, int]] = []
    mastery: list[tuple[int, int]] = []
    dread: list[tuple[int, int]] = []
    better = compared = 0
    for item in items:
        key = " ".join(item.title.casefold().split())
        groups[key].append(item)
        titles.setdefault(key, item.title)
        if item.compared:
            compared += 1
            better += item.went_better
        if item.pleasure_gap is not None:
            pleasure.append((item.predicted_pleasure, item.actual_pleasure))
        if item.mastery_gap is not None:
            mastery.append((item.predicted_mastery, item.actual_mastery))
        if item.dread_gap is not None:
            dread.append((item.predicted_dread, item.actual_dread))
    rows = []
    for key, members in groups.items():
        rows.append(
            GapRow(
                title=titles[key],
                times=len(members),
                pleasure=_gap([(m.predicted_pleasure, m.actual_pleasure) for m in members if m.pleasure_gap is not None]),
                mastery=_gap([(m.predicted_mastery, m.actual_mastery) for m in members if m.mastery_gap is not None]),
                dread=_gap([(m.predicted_dread, m.actual_dread) for m in members if m.dread_gap is not None]),
            )
        )
    rows.sort(key=lambda row: (-row.times, row.title.casefold()))
    return GapSummary(tuple(rows), _gap(pleasure), _gap(mastery), better, compared, _gap(dread))

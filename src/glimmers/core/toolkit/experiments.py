"""Lever experiments: try one everyday change and compare it honestly.

A person picks one lever (a consistent wake time, a daylight walk, ...) and
either alternates "on" and "off" weeks in an order drawn at random, or runs
a plain before/after comparison. The alternating design is recommended for
reversible levers: because the order is random and every balanced order was
equally likely, a randomisation test over the ``assignment_count`` possible
orders gives an exact answer even when days are autocorrelated.

This module only makes the design and the data right: the schedule, which
phase a day belongs to, sensible limits, and the daily adherence log. The
analysis itself (the randomisation test on weekly means, piecewise
regression with AR(1) errors for before/after) comes with the insights work.

The random order comes from ``random.Random(seed)`` with a stored seed, so it
can be re-derived and audited. The stored ``schedule`` stays the record of
truth, though: Python only promises a stable ``random()`` stream for a seed,
not a stable ``sample`` algorithm across versions.
"""

from __future__ import annotations

import math
import random
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterator, Mapping, Sequence

from glimmers.core import text as stored_text
from glimmers.core.content import KEY_PATTERN, ContentError, per_language, read_content
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _, ngettext
from glimmers.core.i18n import gettext_noop

ALTERNATING = "alternating"
BEFORE_AFTER = "before_after"
DESIGNS = (ALTERNATING, BEFORE_AFTER)
RECOMMENDED_DESIGN = ALTERNATING
DESIGN_LABELS = {
    ALTERNATING: gettext_noop("Alternating weeks, in a random order (recommended)"),
    BEFORE_AFTER: gettext_noop("Before and after"),
}

LEVER_KEYS = ("wake_time", "daylight_walk", "fewer_alcohol_days", "recovery_block", "less_late_scrolling")
CUSTOM = "custom"
CUSTOM_NAME_MAX = 80

MIN_WEEKS, MAX_WEEKS, DEFAULT_WEEKS = 4, 16, 8
# Fewer days per phase leaves ordinary ups and downs no room to even out.
MIN_PHASE_DAYS = 14
MAX_TOTAL_DAYS = 180
MAX_START_AHEAD_DAYS = 366
# Below this many possible orders, the randomisation test can never reach p < 0.05.
MIN_ORDERS_FOR_A_CLEAR_ANSWER = 20

ADHERENCE = ("yes", "partly", "no")
ADHERENCE_LABELS = {"yes": gettext_noop("Yes"), "partly": gettext_noop("Partly"), "no": gettext_noop("No")}

_WEEKDAYS = (
    gettext_noop("Monday"), gettext_noop("Tuesday"), gettext_noop("Wednesday"), gettext_noop("Thursday"),
    gettext_noop("Friday"), gettext_noop("Saturday"), gettext_noop("Sunday"),
)
_MONTHS = (
    gettext_noop("January"), gettext_noop("February"), gettext_noop("March"), gettext_noop("April"),
    gettext_noop("May"), gettext_noop("June"), gettext_noop("July"), gettext_noop("August"),
    gettext_noop("September"), gettext_noop("October"), gettext_noop("November"), gettext_noop("December"),
)


def day_words(day: date) -> str:
    """'Monday 7 December': plain, unambiguous, and translatable."""
    return f"{_(_WEEKDAYS[day.weekday()])} {day.day} {_(_MONTHS[day.month - 1])}"


# Words that say a lever is about drinking. Such a lever carries the caution
# for heavy daily drinkers; a false match only adds a sentence that starts
# "If you drink heavily every day", so the list leans towards matching.
ALCOHOL_WORDS = frozenset({
    "alcohol", "alcoholic", "alcohol-free", "booze", "boozing", "drink", "drinks", "drinking", "drunk",
    "wine", "beer", "beers", "pint", "pints", "cider", "lager", "vodka", "gin", "whisky", "whiskey", "rum",
    "sober", "sobriety", "teetotal", "hangover", "hangovers",
})
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def mentions_alcohol(*texts: str) -> bool:
    """Whether any of the texts talks about alcohol (by ``ALCOHOL_WORDS``)."""
    return any(word in ALCOHOL_WORDS or word.split("-")[0] in ALCOHOL_WORDS
               for text in texts for word in _WORD.findall((text or "").casefold()))


@dataclass(frozen=True)
class Lever:
    key: str
    name: str
    on: str
    off: str
    adherence_question: str
    reversible: bool = True
    caution: str = ""  # shown wherever the lever is offered, started or shown

    @property
    def identity(self) -> str:
        """What "the same lever" means: the key, or the name for custom levers."""
        return f"{CUSTOM}:{self.name.casefold()}" if self.key == CUSTOM else self.key


@per_language
def levers() -> tuple[Lever, ...]:
    """The built-in levers, in the order they are offered."""
    name = "levers.toml"
    found = parse_levers(read_content(name, "glimmers.levers/1"), name)
    if {lever.key for lever in found} != set(LEVER_KEYS):
        raise ContentError(f"{name}: expected exactly the levers {', '.join(LEVER_KEYS)}")
    return found


def parse_levers(data: Mapping, name: str = "levers.toml") -> tuple[Lever, ...]:
    """Check each lever in a levers file and build them; refuse a wrong file loudly."""
    found = []
    for row in data.get("lever", []):
        texts = [row.get(part) for part in ("name", "on", "off", "adherence_question")]
        key = row.get("key", "")
        if not KEY_PATTERN.match(key) or key == CUSTOM or not all(isinstance(t, str) and t.strip() for t in texts):
            raise ContentError(f"{name}: every lever needs a snake_case key and name, on, off, adherence_question")
        if not isinstance(row.get("reversible"), bool):
            raise ContentError(f"{name}: lever {key} must say whether it is reversible (true or false)")
        caution = row.get("caution", "")
        if not isinstance(caution, str) or ("caution" in row and not caution.strip()):
            raise ContentError(f"{name}: lever {key} has a caution that is not a sentence")
        if mentions_alcohol(key.replace("_", " "), *texts) and not caution.strip():
            raise ContentError(f"{name}: lever {key} is about alcohol, so it needs a caution for heavy daily drinkers")
        found.append(Lever(key, *texts, reversible=row["reversible"], caution=" ".join(caution.split())))
    keys = [lever.key for lever in found]
    if len(set(keys)) != len(keys):
        raise ContentError(f"{name}: every lever needs its own key")
    return tuple(found)


def lever(key: str) -> Lever:
    wanted = (key or "").strip().lower()
    for candidate in levers():
        if candidate.key == wanted:
            return candidate
    raise InvalidInput(
        _("'%(key)s' is not one of the levers; choose one of: %(keys)s, or name your own.")
        % {"key": key, "keys": ", ".join(LEVER_KEYS)},
        field="lever",
    )


def custom_lever(name: str, *, reversible: bool = True) -> Lever:
    """A lever the person names themselves, with plain generic wording."""
    cleaned = " ".join(stored_text.clean(name, field="lever_name", label=_("The name of your change")).split())
    if not cleaned:
        raise InvalidInput(_("Give your change a short name."), field="lever_name")
    if len(cleaned) > CUSTOM_NAME_MAX:
        raise InvalidInput(
            _("Keep the name to %(max)d characters (this one has %(count)d).")
            % {"max": CUSTOM_NAME_MAX, "count": len(cleaned)},
            field="lever_name",
        )
    return _custom(cleaned, reversible=reversible)


def stored_custom_lever(name: str) -> Lever:
    """The custom lever of an experiment already stored, named as it was stored
    (never refused again: a name from an older version must still show)."""
    return _custom(name)


def _custom(cleaned: str, *, reversible: bool = True) -> Lever:
    return Lever(
        key=CUSTOM,
        name=cleaned,
        on=_("Do the change you chose: %(name)s.") % {"name": cleaned},
        off=_("Carry on as you usually would."),
        adherence_question=_("Did you manage “%(name)s” today?") % {"name": cleaned},
        reversible=reversible,
        caution=alcohol_caution() if mentions_alcohol(cleaned) else "",
    )


def alcohol_caution() -> str:
    """The caution for drinking less, from the built-in alcohol lever (so it is worded once)."""
    return next(lever.caution for lever in levers() if lever.caution and mentions_alcohol(lever.key.replace("_", " ")))


def caution_words(lever: Lever) -> str:
    """The lever's caution as it is shown, or "" when it has none."""
    return _("Safety note: %(caution)s") % {"caution": _(lever.caution)} if lever.caution else ""


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_weeks(weeks: int, on_weeks: int | None) -> int:
    if not _whole(weeks) or not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise InvalidInput(
            _("An alternating experiment runs for %(low)d to %(high)d weeks.") % {"low": MIN_WEEKS, "high": MAX_WEEKS},
            field="weeks",
        )
    if on_weeks is None:
        if weeks % 2:
            raise InvalidInput(_("Choose an even number of weeks so that half can be on and half off."), field="weeks")
        return weeks // 2
    if not _whole(on_weeks) or not 1 <= on_weeks <= weeks - 1:
        raise InvalidInput(
            _("Choose between 1 and %(most)d weeks on, so there are both on and off weeks to compare.")
            % {"most": weeks - 1},
            field="on_weeks",
        )
    return on_weeks


def assign_weeks(seed: int, weeks: int = DEFAULT_WEEKS, on_weeks: int | None = None) -> tuple[bool, ...]:
    """Which weeks are "on": exactly ``on_weeks`` of them, drawn at random.

    A private ``random.Random(seed)`` is used, never the global generator, so
    the same seed always gives the same order and nothing else is disturbed.
    """
    if not _whole(seed) or seed < 0:
        raise InvalidInput(_("The seed must be a whole number of 0 or more."), field="seed")
    k = _check_weeks(weeks, on_weeks)
    chosen = set(random.Random(seed).sample(range(weeks), k))
    return tuple(week in chosen for week in range(weeks))


def assignment_count(weeks: int, on_weeks: int) -> int:
    """How many balanced orders were possible: the randomisation test's denominator."""
    return math.comb(weeks, on_weeks)


def new_seed() -> int:
    """A fresh 32-bit seed; stored with the experiment so the order can be re-derived."""
    return secrets.randbits(32)


@dataclass(frozen=True)
class Experiment:
    """One planned experiment. Build it with ``plan_alternating`` or ``plan_before_after``."""

    lever: Lever
    design: str
    start: date
    weeks: int | None = None
    on_weeks: int | None = None
    seed: int | None = None
    schedule: tuple[bool, ...] = ()
    baseline_days: int | None = None
    change_days: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.design == ALTERNATING:
            if not self.lever.reversible:
                raise InvalidInput(
                    _("Alternating weeks need a change you can switch on and off; try before and after instead."),
                    field="design",
                )
            if self.start.weekday() != 0:
                raise InvalidInput(_("Alternating weeks run Monday to Sunday, so start on a Monday."), field="start")
            k = _check_weeks(self.weeks, self.on_weeks)
            object.__setattr__(self, "on_weeks", k)
            # A stored schedule is the record; without one, derive it from the seed.
            schedule = tuple(bool(on) for on in self.schedule) or assign_weeks(self.seed, self.weeks, k)
            object.__setattr__(self, "schedule", schedule)
            if len(schedule) != self.weeks or sum(schedule) != k:
                message = _("The schedule must have %(weeks)d weeks with %(on)d of them on.")
                raise InvalidInput(message % {"weeks": self.weeks, "on": k}, field="schedule")
        elif self.design == BEFORE_AFTER:
            for value, label in ((self.baseline_days, _("the baseline")), (self.change_days, _("the change period"))):
                if not _whole(value) or value < MIN_PHASE_DAYS:
                    raise InvalidInput(
                        _("Each phase needs at least %(min)d days so ordinary ups and downs can even out; "
                          "%(phase)s has %(days)s.") % {"min": MIN_PHASE_DAYS, "phase": label, "days": value},
                        field="days",
                    )
        else:
            raise InvalidInput(_("Choose alternating weeks or before and after."), field="design")
        if self.total_days > MAX_TOTAL_DAYS:
            raise InvalidInput(
                _("An experiment can run for up to %(max)d days; this one would run for %(days)d.")
                % {"max": MAX_TOTAL_DAYS, "days": self.total_days},
                field="days",
            )

    @property
    def total_days(self) -> int:
        if self.design == ALTERNATING:
            return 7 * self.weeks
        return self.baseline_days + self.change_days

    @property
    def end(self) -> date:
        """The last day, inclusive."""
        return self.start + timedelta(days=self.total_days - 1)

    @property
    def orders(self) -> int:
        """The number of possible orders (alternating only; 0 otherwise)."""
        return assignment_count(self.weeks, self.on_weeks) if self.design == ALTERNATING else 0

    def week_of(self, day: date) -> int | None:
        """1-based week number counted from the start, or None outside the experiment."""
        if not self.start <= day <= self.end:
            return None
        return (day - self.start).days // 7 + 1

    def phase_on(self, day: date) -> str | None:
        """The day's phase: "on"/"off" (alternating), "baseline"/"change" (before/after), None outside."""
        week = self.week_of(day)
        if week is None:
            return None
        if self.design == ALTERNATING:
            return "on" if self.schedule[week - 1] else "off"
        return "baseline" if (day - self.start).days < self.baseline_days else "change"

    def days(self) -> Iterator[tuple[date, str]]:
        for offset in range(self.total_days):
            day = self.start + timedelta(days=offset)
            yield day, self.phase_on(day)

    def describe(self) -> str:
        if self.design == ALTERNATING:
            on = ngettext("%(n)d week on", "%(n)d weeks on", self.on_weeks) % {"n": self.on_weeks}
            return _(
                "%(weeks)d weeks from %(start)s: %(on)s, %(off)d off, in an order drawn at random "
                "(one of %(orders)d possible orders)."
            ) % {"weeks": self.weeks, "start": day_words(self.start), "on": on, "off": self.weeks - self.on_weeks,
                 "orders": self.orders}
        return _("%(total)d days from %(start)s: %(baseline)d days as usual, then %(change)d days with the change.") % {
            "total": self.total_days, "start": day_words(self.start), "baseline": self.baseline_days,
            "change": self.change_days,
        }


def plan_alternating(
    lever: Lever, start: date, *, seed: int, weeks: int = DEFAULT_WEEKS, on_weeks: int | None = None
) -> Experiment:
    """Alternating weeks from the first Monday on or after ``start``."""
    _check_not_too_far(start)
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    note = ""
    if monday != start:
        note = _("Weeks run Monday to Sunday, so the start moved from %(asked)s to %(start)s.") % {
            "asked": day_words(start), "start": day_words(monday)}
    k = _check_weeks(weeks, on_weeks)
    return Experiment(
        lever, ALTERNATING, monday, weeks=weeks, on_weeks=k, seed=seed, schedule=assign_weeks(seed, weeks, k), note=note
    )


def plan_before_after(
    lever: Lever, start: date, *, baseline_days: int = MIN_PHASE_DAYS, change_days: int = MIN_PHASE_DAYS
) -> Experiment:
    _check_not_too_far(start)
    return Experiment(lever, BEFORE_AFTER, start, baseline_days=baseline_days, change_days=change_days)


def _check_not_too_far(start: date) -> None:
    """Dates near the end of the calendar cannot hold an experiment (and are typos)."""
    if start > date(9000, 1, 1):
        raise InvalidInput(_("An experiment can start up to a year ahead."), field="start")


def validate_new(
    experiment: Experiment, today: date, existing: Sequence[Experiment | tuple[str, date, date]] = ()
) -> list[str]:
    """Refuse what would make results unreadable; return gentler warnings.

    ``existing`` holds other experiments, or ``(lever identity, start, end)``
    tuples for stored ones (``Lever.identity`` is the key for built-in levers).
    """
    if experiment.start > today + timedelta(days=MAX_START_AHEAD_DAYS):
        raise InvalidInput(_("An experiment can start up to a year ahead."), field="start")
    if experiment.start < today:
        when = {"start": day_words(experiment.start)}
        message = _("An experiment can start today or later; %(start)s has already passed.")
        raise InvalidInput(message % when, field="start")
    warnings: list[str] = []
    for other in existing:
        if isinstance(other, Experiment):
            identity, name, start, end = other.lever.identity, other.lever.name, other.start, other.end
        else:
            identity, start, end = other
            name = next((lv.name for lv in levers() if lv.key == identity), identity.removeprefix(f"{CUSTOM}:"))
        if start > experiment.end or end < experiment.start:
            continue
        dates = {"name": name, "start": day_words(start), "end": day_words(end)}
        if identity == experiment.lever.identity:
            raise InvalidInput(
                _("You already have an experiment on %(name)s from %(start)s to %(end)s; "
                  "one at a time on the same lever keeps the results clear.") % dates,
                field="start",
            )
        warnings.append(
            _("This overlaps your experiment on %(name)s (%(start)s to %(end)s), so it will be harder "
              "to tell which change made a difference.") % dates
        )
    if experiment.design == ALTERNATING and experiment.orders < MIN_ORDERS_FOR_A_CLEAR_ANSWER:
        warnings.append(
            _("With only %(orders)d possible orders, even a real change cannot show up clearly; "
              "more weeks would help.") % {"orders": experiment.orders}
        )
    return warnings


# The answer in the words of the language spoken is understood too ("sí", "en parte").
def validate_adherence(value: str) -> str:
    cleaned = " ".join((value or "").strip().lower().split())
    spoken = {_(label).lower(): key for key, label in ADHERENCE_LABELS.items()}
    cleaned = spoken.get(cleaned, {"si": "yes"}.get(cleaned, cleaned))
    if cleaned not in ADHERENCE:
        raise InvalidInput(_("Answer yes, partly or no."), field="adherence")
    return cleaned


def adherence_label(value: str) -> str:
    return _(ADHERENCE_LABELS[validate_adherence(value)])


@dataclass(frozen=True)
class PhaseAdherence:
    phase: str
    days_elapsed: int
    logged: int = 0
    yes: int = 0
    partly: int = 0
    no: int = 0


@dataclass(frozen=True)
class AdherenceSummary:
    """How much has been logged, per phase. Counts only: no judgement."""

    start: date
    total_days: int
    days_elapsed: int  # including today
    days_left: int  # after today
    phases: tuple[PhaseAdherence, ...] = field(default=())

    @property
    def days_logged(self) -> int:
        return sum(phase.logged for phase in self.phases)

    def phase(self, name: str) -> PhaseAdherence:
        return next(p for p in self.phases if p.phase == name)

    def words(self) -> str:
        if self.days_elapsed == 0:
            return _("The experiment begins on %(start)s.") % {"start": day_words(self.start)}
        if self.days_logged == 0:
            return _("Nothing logged yet; a quick yes, partly or no whenever you remember is plenty.")
        # Only what was logged: a count of days not logged would read as days missed.
        days = ngettext("%(n)d day", "%(n)d days", self.days_logged) % {"n": self.days_logged}
        if self.days_left == 0:
            return _("You logged %(days)s.") % {"days": days}
        return _("You've logged %(days)s so far.") % {"days": days}


def adherence_summary(experiment: Experiment, logs: Mapping[date, str], today: date) -> AdherenceSummary:
    """Count the daily answers up to and including ``today``; later or outside days are ignored."""
    names = ("on", "off") if experiment.design == ALTERNATING else ("baseline", "change")
    counts = {name: {"days_elapsed": 0, "logged": 0, "yes": 0, "partly": 0, "no": 0} for name in names}
    for day, phase in experiment.days():
        if day > today:
            break
        counts[phase]["days_elapsed"] += 1
        if day in logs:
            answer = validate_adherence(logs[day])
            counts[phase]["logged"] += 1
            counts[phase][answer] += 1
    elapsed = sum(c["days_elapsed"] for c in counts.values())
    phases = tuple(PhaseAdherence(name, **counts[name]) for name in names)
    return AdherenceSummary(experiment.start, experiment.total_days, elapsed, experiment.total_days - elapsed, phases)

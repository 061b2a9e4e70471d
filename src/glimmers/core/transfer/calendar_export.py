"""Self-care reminders as an iCalendar file for the person's own calendar.

Glimmers makes no network calls, so it cannot nudge anyone by itself. An
``.ics`` file handed to the calendar the person already uses can: each
reminder becomes an event with a pop-up alarm, at local wall-clock times in
the person's own zone, so a 22:00 wind-down stays at 22:00 across a change
of the clocks.

The file is built with the ``icalendar`` library (never by hand) and is
deterministic: UIDs come from the input and the timestamp is passed in, so
the same reminders always give the same bytes. A VTIMEZONE for the zone is
generated from the system's zoneinfo with ``Timezone.from_tzinfo`` (present
in icalendar 6.1 and 7), covering only the years the reminders need.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable, Sequence
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone

from glimmers.core.content import KEY_PATTERN, ContentError, per_language, read_content
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _
from glimmers.core.when import localise, parse_clock, zone

PRODID = "-//glimmers//glimmers//EN"
UID_DOMAIN = "glimmers.local"
TITLE_MAX = 200
DESCRIPTION_MAX = 2000
MAX_MINUTES = 24 * 60
MAX_DAYS = 366
# Open-ended daily reminders still need a finite VTIMEZONE; clients that know
# the zone by name use their own rules anyway.
OPEN_ENDED_YEARS = 10


@dataclass(frozen=True)
class SelfCareKind:
    key: str
    title: str
    description: str
    time: time
    minutes: int
    alarm_minutes_before: int


@per_language
def self_care_kinds() -> tuple[SelfCareKind, ...]:
    """Hydration, daylight, movement and sleep, from ``content/self_care.toml``."""
    name = "self_care.toml"
    kinds = []
    for row in read_content(name, "glimmers.self_care/1").get("reminder", []):
        try:
            kind = SelfCareKind(
                key=row["key"],
                title=row["title"],
                description=row["description"],
                time=parse_clock(row["time"]),
                minutes=int(row["minutes"]),
                alarm_minutes_before=int(row["alarm_minutes_before"]),
            )
        except (KeyError, TypeError, ValueError, InvalidInput) as exc:
            raise ContentError(f"{name}: malformed reminder {row!r}") from exc
        if not KEY_PATTERN.match(kind.key) or not kind.title.strip() or not 1 <= kind.minutes <= MAX_MINUTES:
            raise ContentError(f"{name}: reminder {kind.key!r} needs a snake_case key, a title and 1-1440 minutes")
        if not 0 <= kind.alarm_minutes_before <= MAX_MINUTES:
            raise ContentError(f"{name}: reminder {kind.key!r} alarm must be 0-1440 minutes before")
        kinds.append(kind)
    keys = [kind.key for kind in kinds]
    if len(set(keys)) != len(keys) or not {"hydration", "daylight", "movement", "sleep"} <= set(keys):
        raise ContentError(f"{name}: needs unique keys including hydration, daylight, movement and sleep")
    return tuple(kinds)


@dataclass(frozen=True)
class Reminder:
    """One calendar entry with a pop-up alarm; ``daily`` repeats it until ``until``."""

    uid: str
    title: str
    start: datetime  # timezone-aware, any zone; shown in the person's zone
    minutes: int
    description: str = ""
    alarm_minutes_before: int = 0
    daily: bool = False
    until: date | None = None  # last day it happens, inclusive, in the person's zone

    def __post_init__(self) -> None:
        if not self.uid.strip():
            raise InvalidInput(_("A reminder needs an identifier."), field="uid")
        if not self.title.strip() or len(self.title) > TITLE_MAX:
            raise InvalidInput(
                _("A reminder needs a title of up to %(max)d characters.") % {"max": TITLE_MAX}, field="title"
            )
        if len(self.description) > DESCRIPTION_MAX:
            raise InvalidInput(
                _("Keep the note to %(max)d characters.") % {"max": DESCRIPTION_MAX}, field="description"
            )
        if self.start.tzinfo is None or self.start.utcoffset() is None:
            raise InvalidInput(_("A reminder's time needs a time zone."), field="start")
        if isinstance(self.minutes, bool) or not isinstance(self.minutes, int) or not 1 <= self.minutes <= MAX_MINUTES:
            raise InvalidInput(_("A reminder lasts from 1 minute to 24 hours."), field="minutes")
        alarm = self.alarm_minutes_before
        if isinstance(alarm, bool) or not isinstance(alarm, int) or not 0 <= alarm <= MAX_MINUTES:
            raise InvalidInput(_("The alarm can come from 0 minutes to 24 hours before."), field="alarm_minutes_before")
        if self.until is not None and not self.daily:
            raise InvalidInput(_("Only a daily reminder can have an end date."), field="until")


def self_care_reminders(
    zone_name: str, *, start_day: date, days: int = 14, keys: Iterable[str] | None = None
) -> list[Reminder]:
    """Daily reminders at their usual local times for ``days`` days from ``start_day``."""
    tz = zone(zone_name)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise InvalidInput(_("Reminders can run for 1 to %(max)d days.") % {"max": MAX_DAYS}, field="days")
    kinds = {kind.key: kind for kind in self_care_kinds()}
    wanted = list(kinds) if keys is None else list(dict.fromkeys(keys))
    unknown = [key for key in wanted if key not in kinds]
    if unknown:
        raise InvalidInput(
            _("'%(key)s' is not a kind of reminder; choose from: %(keys)s.")
            % {"key": unknown[0], "keys": ", ".join(kinds)},
            field="keys",
        )
    until = start_day + timedelta(days=days - 1)
    return [
        Reminder(
            uid=f"self-care-{key}-{start_day.isoformat()}@{UID_DOMAIN}",
            title=kinds[key].title,
            start=_wall_clock(start_day, kinds[key].time, tz),
            minutes=kinds[key].minutes,
            description=kinds[key].description,
            alarm_minutes_before=kinds[key].alarm_minutes_before,
            daily=True,
            until=until,
        )
        for key in wanted
    ]


def _wall_clock(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """A local time on a day; if the clocks skip it, the moment just after the jump."""
    try:
        return localise(day, clock, tz)
    except InvalidInput:
        return datetime.combine(day, clock, tzinfo=tz).astimezone(timezone.utc).astimezone(tz)


def build_calendar(
    reminders: Sequence[Reminder], *, zone_name: str, now: datetime, name: str = "glimmers"
) -> bytes:
    """One VCALENDAR with a VTIMEZONE and one VEVENT (with a VALARM) per reminder."""
    tz = zone(zone_name)
    if now.tzinfo is None or now.utcoffset() is None:
        raise InvalidInput(_("The export time needs a time zone."), field="now")
    uids = [reminder.uid for reminder in reminders]
    if len(set(uids)) != len(uids):
        raise InvalidInput(_("Each reminder needs its own identifier."), field="uid")
    for reminder in reminders:
        if reminder.until is not None and reminder.until < reminder.start.astimezone(tz).date():
            raise InvalidInput(
                _("“%(title)s” would end before it starts.") % {"title": reminder.title}, field="until"
            )

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", tz.key)
    if reminders:
        first, last = _years_needed(reminders, tz)
        # Added before the events so strict readers meet the zone before its use.
        calendar.add_component(Timezone.from_tzinfo(tz, tz.key, first, last))
    stamp = now.astimezone(timezone.utc)
    for reminder in reminders:
        calendar.add_component(_event(reminder, tz, stamp))
    return calendar.to_ical()


def _years_needed(reminders: Sequence[Reminder], tz: ZoneInfo) -> tuple[date, date]:
    starts = [reminder.start.astimezone(tz).date() for reminder in reminders]
    ends = [reminder.until or reminder.start.astimezone(tz).date() for reminder in reminders]
    last_year = max(ends).year + 1
    if any(reminder.daily and reminder.until is None for reminder in reminders):
        last_year = max(last_year, max(starts).year + OPEN_ENDED_YEARS)
    return date(min(starts).year, 1, 1), date(last_year + 1, 1, 1)


def _event(reminder: Reminder, tz: ZoneInfo, stamp: datetime) -> Event:
    start = reminder.start.astimezone(tz)
    event = Event()
    event.add("uid", reminder.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    # Wall-clock arithmetic, so a daily reminder keeps its length across DST.
    event.add("dtend", start + timedelta(minutes=reminder.minutes))
    event.add("summary", reminder.title)
    if reminder.description:
        event.add("description", reminder.description)
    event.add("transp", "TRANSPARENT")  # a reminder should not mark the person busy
    if reminder.daily:
        rule: dict[str, object] = {"freq": "daily"}
        if reminder.until is not None:
            # RFC 5545: with a TZID start, UNTIL must be in UTC. End of the last local day.
            last = _wall_clock(reminder.until, time(23, 59, 59), tz)
            rule["until"] = last.astimezone(timezone.utc)
        event.add("rrule", rule)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", reminder.title)
    alarm.add("trigger", timedelta(minutes=-reminder.alarm_minutes_before))
    event.add_component(alarm)
    return event

"""Turning what a person types about *when* into an exact instant.

Times are stored in UTC together with the IANA zone the person was in, so
that "which day" is always the person's own local day. The clock is passed
in, never read behind the caller's back.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _, pgettext

EARLIEST = date(1970, 1, 1)
# The last day anyone can mean in a journal. Far enough for any plan, near
# enough that arithmetic on it (a day later, a zone's offset) never leaves
# the calendar Python knows (years 1 to 9999).
LATEST = date(2999, 12, 31)
# A little slack for clocks that disagree between a phone and a laptop.
FUTURE_SLACK = timedelta(minutes=5)

_TIME = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})$")
_DATE = re.compile(r"^(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})$")


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: a folder such as "America", a name too long
        raise InvalidInput(_("Unknown time zone: %(name)s.") % {"name": name}, field="timezone") from exc


# Names the time-zone database gives to plain UTC.
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/GMT", "GMT", "Universal", "Zulu", "UCT"})


def from_utc_text(text: str) -> datetime:
    """An instant kept as UTC text without its zone, as Django keeps instants
    on SQLite ("2026-11-20 12:00:00.5"). Adding the offset to the text before
    reading is several times faster than setting the zone after."""
    return datetime.fromisoformat(text + "+00:00")


def zone_label(name: str) -> str:
    """A time zone as a person reads it: "UTC" for its many database names,
    else the place with spaces ("America/New York")."""
    return "UTC" if name in _UTC_NAMES else name.replace("_", " ")


def parse_date(text: str, *, today: date | None = None, field: str = "date") -> date:
    """Parse YYYY-MM-DD, "today", "yesterday" or "tomorrow"."""
    cleaned = text.strip().lower()
    relative = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if today is not None and cleaned in relative:
        return today + timedelta(days=relative[cleaned])
    match = _DATE.match(cleaned)
    if not match:
        raise InvalidInput(
            _("%(text)s is not a date; use YYYY-MM-DD, for example 2026-03-14.") % {"text": text}, field=field
        )
    try:
        parsed = date(int(match["y"]), int(match["mo"]), int(match["d"]))
    except ValueError:
        raise InvalidInput(_("%(text)s is not a real calendar date.") % {"text": text}, field=field) from None
    check_day(parsed, field=field)
    return parsed


def check_day(day: date, *, field: str = "date") -> None:
    """Refuse a day outside the years a journal can mean (1970 to 2999)."""
    if day < EARLIEST:
        raise InvalidInput(_("Dates before 1970 are not accepted."), field=field)
    if day > LATEST:
        raise InvalidInput(_("Dates after 2999 are not accepted."), field=field)


def parse_clock(text: str, *, field: str = "time") -> time:
    match = _TIME.match(text.strip())
    if not match or int(match["h"]) > 23 or int(match["m"]) > 59:
        raise InvalidInput(_("%(text)s is not a time of day; use HH:MM, for example 21:30.") % {"text": text}, field=field)
    return time(int(match["h"]), int(match["m"]))


def localise(day: date, clock: time, tz: ZoneInfo, *, field: str = "when") -> datetime:
    """Attach a zone to a local wall-clock time, refusing times that never happened.

    On the night clocks go forward some wall-clock times do not exist; on the
    night they go back some happen twice, and we take the first.
    """
    check_day(day, field=field)
    naive = datetime.combine(day, clock)
    aware = naive.replace(tzinfo=tz, fold=0)
    round_trip = aware.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None)
    if round_trip != naive:
        raise InvalidInput(
            _("%(when)s does not exist in %(zone)s: the clocks changed then.")
            % {"when": naive.strftime("%Y-%m-%d %H:%M"), "zone": tz.key},
            field=field,
        )
    return aware


def parse_when(text: str, *, now: datetime, tz: ZoneInfo, field: str = "when") -> datetime:
    """Parse the moment of an entry and return it as an aware UTC datetime.

    Accepts "now", "HH:MM" (today), a date (noon that day), "today HH:MM",
    "yesterday HH:MM", "YYYY-MM-DD HH:MM" and full ISO 8601 with an offset.
    """
    result = parse_moment(text, now=now, tz=tz, field=field)
    check_moment(result, now=now, field=field)
    return result


def parse_moment(text: str, *, now: datetime, tz: ZoneInfo, field: str = "when") -> datetime:
    """Like ``parse_when`` but the moment may lie ahead (for plans and reminders)."""
    cleaned = " ".join(text.strip().replace("T", " ", 1).split()) if text else ""
    if not cleaned or cleaned.lower() == "now":
        return now.astimezone(timezone.utc)
    return _parse_moment(cleaned, now.astimezone(tz), tz, field).astimezone(timezone.utc)


def _parse_moment(cleaned: str, local_now: datetime, tz: ZoneInfo, field: str) -> datetime:
    try:
        explicit = datetime.fromisoformat(cleaned)
    except ValueError:
        explicit = None
    if explicit is not None and explicit.tzinfo is not None:
        # Checked before any conversion: 0001-01-01T00:00+14:00 lies before
        # the first instant Python can hold in UTC.
        check_day(explicit.date(), field=field)
        return explicit
    parts = cleaned.split(" ")
    if len(parts) == 1:
        if _TIME.match(parts[0]):
            return localise(local_now.date(), parse_clock(parts[0], field=field), tz, field=field)
        return localise(parse_date(parts[0], today=local_now.date(), field=field), time(12, 0), tz, field=field)
    if len(parts) == 2:
        day = parse_date(parts[0], today=local_now.date(), field=field)
        clock_text = parts[1][:5] if len(parts[1]) == 8 and parts[1][5] == ":" else parts[1]
        return localise(day, parse_clock(clock_text, field=field), tz, field=field)
    raise InvalidInput(
        _("%(text)s is not a moment I understand; try 'yesterday 21:30' or '2026-03-14 08:00'.") % {"text": cleaned},
        field=field,
    )


def check_moment(moment: datetime, *, now: datetime, field: str = "when") -> None:
    if not isinstance(moment, datetime):
        raise InvalidInput(_("%(field)s must be a date and time.") % {"field": field.replace("_", " ").capitalize()}, field=field)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(_("A time without a zone cannot be stored."), field=field)
    if moment > now + FUTURE_SLACK:
        raise InvalidInput(_("That moment is in the future; check-ins record what has happened."), field=field)
    check_day(moment.date(), field=field)


def local_date(moment: datetime, tz_name: str) -> date:
    """The person's calendar day for an instant, in the zone they were in."""
    return moment.astimezone(zone(tz_name)).date()


# Short names for dates shown to people, in the language spoken (strftime's
# %a and %b follow the C locale, which is English whatever is spoken).
def weekday_short(day: date) -> str:
    return (
        pgettext("weekday, short", "Mon"), pgettext("weekday, short", "Tue"), pgettext("weekday, short", "Wed"),
        pgettext("weekday, short", "Thu"), pgettext("weekday, short", "Fri"), pgettext("weekday, short", "Sat"),
        pgettext("weekday, short", "Sun"),
    )[day.weekday()]


def month_short(day: date) -> str:
    return (
        pgettext("month, short", "Jan"), pgettext("month, short", "Feb"), pgettext("month, short", "Mar"),
        pgettext("month, short", "Apr"), pgettext("month, short", "May"), pgettext("month, short", "Jun"),
        pgettext("month, short", "Jul"), pgettext("month, short", "Aug"), pgettext("month, short", "Sep"),
        pgettext("month, short", "Oct"), pgettext("month, short", "Nov"), pgettext("month, short", "Dec"),
    )[day.month - 1]


def shown_day(day: date, *, weekday: bool = True, year: bool = True) -> str:
    """"Sun 06 Dec 2026" in English, "dom 06 dic 2026" in Spanish: the person's words for a day."""
    parts = [weekday_short(day)] if weekday else []
    parts += [f"{day.day:02d}", month_short(day)] + ([str(day.year)] if year else [])
    return " ".join(parts)


def shown_moment(moment: datetime, *, year: bool = True) -> str:
    """A local moment as a day and a 24-hour time: "Sun 06 Dec 2026 15:26"."""
    return f"{shown_day(moment.date(), year=year)} {moment:%H:%M}"

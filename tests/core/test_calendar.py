"""Self-care reminders exported as iCalendar, read back with the icalendar library."""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from glimmers.core.transfer import calendar_export as ce
from glimmers.core.errors import InvalidInput

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 20, 9, 30, tzinfo=timezone.utc)
START = date(2026, 3, 27)  # two days before Berlin moves its clocks forward
# A planned activity given in UTC: 07:00 UTC on the first day of summer time is 09:00 in Berlin.
ONE_OFF = ce.Reminder(
    uid="plan-42@glimmers.local",
    title="Coffee with Sam",
    start=datetime(2026, 3, 29, 7, 0, tzinfo=timezone.utc),
    minutes=45,
    description="The café by the park.",
    alarm_minutes_before=30,
)


def build(**overrides):
    reminders = ce.self_care_reminders("Europe/Berlin", start_day=START, days=14) + [ONE_OFF]
    return ce.build_calendar(reminders, zone_name="Europe/Berlin", now=NOW, **overrides)


def events_by_uid(raw: bytes) -> dict:
    return {str(event["UID"]): event for event in Calendar.from_ical(raw).walk("VEVENT")}


def test_self_care_kinds_load():
    kinds = {kind.key: kind for kind in ce.self_care_kinds()}
    assert set(kinds) == {"hydration", "daylight", "movement", "sleep"}
    assert kinds["sleep"].time == time(22, 0)
    assert all(kind.title and kind.description and kind.minutes > 0 for kind in kinds.values())


def test_calendar_header():
    calendar = Calendar.from_ical(build(name="My reminders"))
    assert str(calendar["PRODID"]) == "-//glimmers//glimmers//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "My reminders"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Berlin"


def test_a_vtimezone_for_the_zone_is_included():
    calendar = Calendar.from_ical(build())
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Berlin"]
    assert {sub.name for sub in timezones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert calendar.get_missing_tzids() == set()


def test_every_event_has_a_display_alarm_with_the_expected_trigger():
    events = events_by_uid(build())
    expected = {kind.key: kind.alarm_minutes_before for kind in ce.self_care_kinds()}
    assert len(events) == 5
    for uid, event in events.items():
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert str(alarms[0]["DESCRIPTION"]) == str(event["SUMMARY"])
        minutes = 30 if uid == ONE_OFF.uid else expected[uid.split("-")[2]]
        assert alarms[0]["TRIGGER"].dt == timedelta(minutes=-minutes)
    assert events["self-care-hydration-2026-03-27@glimmers.local"].walk("VALARM")[0]["TRIGGER"].dt == timedelta(0)


def test_daily_events_keep_their_wall_time_in_berlin_across_the_clock_change():
    events = events_by_uid(build())
    event = events["self-care-sleep-2026-03-27@glimmers.local"]
    start = event["DTSTART"]
    assert start.params["TZID"] == "Europe/Berlin"
    assert start.dt.replace(tzinfo=None) == datetime(2026, 3, 27, 22, 0)
    assert event["DTEND"].params["TZID"] == "Europe/Berlin"
    assert event["DTEND"].dt - start.dt == timedelta(minutes=30)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["DAILY"]
    # UNTIL is in UTC: the end of 9 April in Berlin (CEST, UTC+2).
    assert rule["UNTIL"] == [datetime(2026, 4, 9, 21, 59, 59, tzinfo=timezone.utc)]
    dtstart = start.dt.replace(tzinfo=BERLIN)
    occurrences = list(rrulestr(rule.to_ical().decode(), dtstart=dtstart))
    assert len(occurrences) == 14
    assert {o.astimezone(BERLIN).time() for o in occurrences} == {time(22, 0)}
    offsets = [o.astimezone(BERLIN).utcoffset() for o in occurrences]
    assert offsets[0] == timedelta(hours=1) and offsets[-1] == timedelta(hours=2)


def test_reminders_starting_on_the_day_the_clocks_change():
    reminders = ce.self_care_reminders("Europe/Berlin", start_day=date(2026, 3, 29), days=3, keys=["hydration"])
    event = events_by_uid(ce.build_calendar(reminders, zone_name="Europe/Berlin", now=NOW))[reminders[0].uid]
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTSTART"].dt.replace(tzinfo=None) == datetime(2026, 3, 29, 11, 0)
    assert reminders[0].start.utcoffset() == timedelta(hours=2)


def test_a_one_off_reminder_in_utc_comes_out_in_local_time():
    event = events_by_uid(build())[ONE_OFF.uid]
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTSTART"].dt.replace(tzinfo=None) == datetime(2026, 3, 29, 9, 0)
    assert event["DTEND"].dt.replace(tzinfo=None) == datetime(2026, 3, 29, 9, 45)
    assert "RRULE" not in event
    assert str(event["DESCRIPTION"]) == "The café by the park."


def test_dtstamp_is_now_in_utc_and_uids_are_unique():
    raw = build()
    events = Calendar.from_ical(raw).walk("VEVENT")
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids)) == 5
    assert all(event["DTSTAMP"].dt == NOW for event in events)
    assert b"DTSTAMP:20260320T093000Z" in raw


def test_same_input_gives_identical_bytes():
    assert build() == build()
    assert ce.self_care_reminders("Europe/Berlin", start_day=START) == ce.self_care_reminders(
        "Europe/Berlin", start_day=START
    )


def test_other_zones_get_their_own_local_times():
    reminders = ce.self_care_reminders("America/New_York", start_day=START, keys=["daylight"])
    raw = ce.build_calendar(reminders + [ONE_OFF], zone_name="America/New_York", now=NOW)
    events = events_by_uid(raw)
    assert events[ONE_OFF.uid]["DTSTART"].dt.replace(tzinfo=None) == datetime(2026, 3, 29, 3, 0)
    assert events[reminders[0].uid]["DTSTART"].dt.replace(tzinfo=None) == datetime(2026, 3, 27, 12, 30)
    assert [str(tz["TZID"]) for tz in Calendar.from_ical(raw).walk("VTIMEZONE")] == ["America/New_York"]


def test_unknown_zone_is_refused():
    with pytest.raises(InvalidInput):
        ce.self_care_reminders("Mars/Olympus_Mons", start_day=START)
    with pytest.raises(InvalidInput):
        ce.build_calendar([ONE_OFF], zone_name="Europe/Atlantis", now=NOW)


def test_bad_input_is_refused():
    with pytest.raises(InvalidInput):
        ce.self_care_reminders("Europe/Berlin", start_day=START, keys=["yoga"])
    with pytest.raises(InvalidInput):
        ce.self_care_reminders("Europe/Berlin", start_day=START, days=0)
    with pytest.raises(InvalidInput):
        ce.Reminder("x", "Walk", datetime(2026, 3, 29, 7, 0), 10)  # no zone
    with pytest.raises(InvalidInput):
        ce.Reminder("x", "Walk", NOW, 0)
    with pytest.raises(InvalidInput):
        ce.Reminder("x", "Walk", NOW, 10, alarm_minutes_before=-5)
    with pytest.raises(InvalidInput):
        ce.build_calendar([ONE_OFF, ONE_OFF], zone_name="Europe/Berlin", now=NOW)
    with pytest.raises(InvalidInput):
        ce.build_calendar([ONE_OFF], zone_name="Europe/Berlin", now=datetime(2026, 3, 20))


def test_an_empty_calendar_is_still_valid():
    calendar = Calendar.from_ical(ce.build_calendar([], zone_name="Europe/Berlin", now=NOW))
    assert calendar.walk("VEVENT") == [] and str(calendar["VERSION"]) == "2.0"

"""Turning what people type about time into instants, DST edges included."""

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from glimmers.core.errors import InvalidInput
from glimmers.core import when
from glimmers.core.when import parse_date, parse_moment, parse_when

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)  # 13:00 in Berlin


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", NOW),
        ("now", NOW),
        ("09:15", datetime(2026, 11, 20, 8, 15, tzinfo=timezone.utc)),
        ("yesterday 21:30", datetime(2026, 11, 19, 20, 30, tzinfo=timezone.utc)),
        ("today 07:00", datetime(2026, 11, 20, 6, 0, tzinfo=timezone.utc)),
        ("2026-11-18", datetime(2026, 11, 18, 11, 0, tzinfo=timezone.utc)),
        ("2026-11-18 08:00", datetime(2026, 11, 18, 7, 0, tzinfo=timezone.utc)),
        ("2026-11-18T08:00", datetime(2026, 11, 18, 7, 0, tzinfo=timezone.utc)),
        ("2026-11-18T08:00:00", datetime(2026, 11, 18, 7, 0, tzinfo=timezone.utc)),
        ("2026-07-01 08:00", datetime(2026, 7, 1, 6, 0, tzinfo=timezone.utc)),  # summer time
        ("2026-11-18T08:00:00-05:00", datetime(2026, 11, 18, 13, 0, tzinfo=timezone.utc)),
    ],
)
def test_understood_moments(text, expected):
    assert parse_when(text, now=NOW, tz=BERLIN) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("2026-02-30 10:00", "not a real calendar date"),
        ("2026-13-01", "not a real calendar date"),
        ("24:00", "not a time of day"),
        ("soon", "not a date"),
        ("2026-11-21 09:00", "future"),
        ("1969-12-31", "before 1970"),
        ("2026-03-29 02:30", "does not exist"),  # clocks jump from 02:00 to 03:00 in Berlin
        ("a b c", "not a moment"),
    ],
)
def test_impossible_moments(text, message):
    with pytest.raises(InvalidInput, match=message):
        parse_when(text, now=NOW, tz=BERLIN)


def test_the_repeated_hour_takes_the_first_pass():
    # 02:30 happens twice on 2026-10-25 in Berlin; the first is still summer time (UTC+2).
    assert parse_when("2026-10-25 02:30", now=NOW, tz=BERLIN) == datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc)


def test_moments_ahead_are_for_plans_only():
    assert parse_moment("tomorrow 10:00", now=NOW, tz=BERLIN) == datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)
    with pytest.raises(InvalidInput, match="future"):
        parse_when("tomorrow 10:00", now=NOW, tz=BERLIN)


def test_dates():
    today = date(2026, 11, 20)
    assert parse_date("yesterday", today=today) == date(2026, 11, 19)
    assert parse_date("Tomorrow", today=today) == date(2026, 11, 21)
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    with pytest.raises(InvalidInput):
        parse_date("2025-02-29")


@pytest.mark.parametrize(
    "text, message",
    [
        ("0001-01-01T00:00:00+14:00", "before 1970"),  # before the first instant Python can hold in UTC
        ("9999-12-31T23:59:59-14:00", "after 2999"),  # after the last one
        ("9999-12-31T23:59:59.999999+00:00", "after 2999"),
        ("3000-01-01", "after 2999"),
        ("3000-01-01 10:00", "after 2999"),
        ("0001-01-01", "before 1970"),
    ],
)
def test_moments_beyond_the_journal_years_are_refused_before_any_arithmetic(text, message):
    with pytest.raises(InvalidInput, match=message):
        parse_moment(text, now=NOW, tz=ZoneInfo("Pacific/Kiritimati"))
    with pytest.raises(InvalidInput, match=message):
        parse_moment(text, now=NOW, tz=ZoneInfo("Etc/GMT+12"))


def test_the_last_day_still_works_in_every_offset():
    for zone_name in ("Pacific/Kiritimati", "Etc/GMT+12", "UTC"):
        moment = parse_moment("2999-12-31 23:59", now=NOW, tz=ZoneInfo(zone_name))
        assert moment.tzinfo is timezone.utc


@pytest.mark.parametrize("name", ["America", "__pycache__", "x" * 300, "zone.tab", "../etc/passwd", "Europe/Berlin\n", "\udcff"])
def test_zone_names_that_are_folders_or_files_are_refused_in_words(name):
    from glimmers.core.when import zone

    with pytest.raises(InvalidInput, match="Unknown time zone"):
        zone(name)


def test_a_moment_that_is_not_a_datetime_is_refused_in_words():
    from glimmers.core.when import check_moment

    for value in ("2026-11-19", None, date(2026, 11, 19)):
        with pytest.raises(InvalidInput):
            check_moment(value, now=NOW)


@pytest.mark.parametrize("name, label", [("Etc/UTC", "UTC"), ("UTC", "UTC"), ("GMT", "UTC"), ("Europe/Berlin", "Europe/Berlin"),
                                         ("America/New_York", "America/New York")])
def test_a_zone_is_named_as_a_person_reads_it(name, label):
    assert when.zone_label(name) == label

"""Turning what people type about time into instants, DST edges included."""

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from glimmers.core.errors import InvalidInput
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

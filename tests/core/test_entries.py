"""The rules every record must pass, tested at their edges."""

from datetime import date, datetime, time, timezone
from decimal import Decimal

import pytest

from glimmers.core.journal import entries
from glimmers.core.errors import InvalidInput

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def checkin(**values):
    return entries.validate_checkin({"occurred_at": NOW, "timezone": "Europe/Berlin"} | values, now=NOW)


@pytest.mark.parametrize(
    "name, value, expected",
    [
        ("numbness", 0, 0),
        ("numbness", 10, 10),
        ("numbness", "7", 7),
        ("numbness", " 3 ", 3),
        ("numbness", 5.0, 5),
        ("mood", "-5", -5),
        ("mood", "+5", 5),
        ("energy", "", None),
        ("stress", None, None),
    ],
)
def test_ratings_accept_the_whole_scale(name, value, expected):
    assert entries.rating(name, value) == expected


@pytest.mark.parametrize(
    "name, value",
    [("numbness", -1), ("numbness", 11), ("numbness", "7.5"), ("numbness", 7.5), ("numbness", "seven"),
     ("numbness", True), ("mood", -6), ("mood", 6), ("energy", 11), ("stress", "-1")],
)
def test_ratings_refuse_values_off_the_scale(name, value):
    with pytest.raises(InvalidInput) as problem:
        entries.rating(name, value)
    assert problem.value.field == name
    assert "whole number" in problem.value.message


def test_a_checkin_needs_at_least_one_thing():
    with pytest.raises(InvalidInput, match="at least one thing"):
        checkin()
    assert checkin(note="I feel nothing").note == "I feel nothing"
    assert checkin(tags=["alone"]).tags == (entries.Tag("other", "alone"),)


def test_text_is_trimmed_normalised_and_limited():
    assert checkin(note="  cafe\u0301 \r\nline ").note == "caf\u00e9 \nline"
    with pytest.raises(InvalidInput, match="20000"):
        checkin(note="x" * 20_001)
    assert len(checkin(note="x" * 20_000).note) == 20_000
    with pytest.raises(InvalidInput, match="control characters"):
        checkin(note="bell\x07")


@pytest.mark.parametrize(
    "raw, expected",
    [("Work", entries.Tag("other", "work")), ("where:Home", entries.Tag("where", "home")),
     ("  who :  my   sister ", entries.Tag("who", "my sister")), (entries.Tag("body", "fog"), entries.Tag("body", "fog"))],
)
def test_tags_parse_and_normalise(raw, expected):
    assert entries.tag(raw) == expected


@pytest.mark.parametrize("raw", ["", "where:", "a;b", "x|y", "Bad Category:name", "n" * 41])
def test_bad_tags_are_refused(raw):
    with pytest.raises(InvalidInput):
        entries.tag(raw)


def test_tags_are_deduplicated_sorted_and_capped():
    assert entries.tags(["b", "a", "B"]) == (entries.Tag("other", "a"), entries.Tag("other", "b"))
    with pytest.raises(InvalidInput, match="At most 30"):
        entries.tags([f"t{i}" for i in range(31)])


def test_forms_and_warning_signs_must_be_known_keys():
    record = checkin(forms=["no_drive", "blunted"], warning_signs=["going_through_motions"])
    assert record.forms == ("blunted", "no_drive")
    with pytest.raises(InvalidInput, match="Unknown forms: sad"):
        checkin(forms=["sad"])
    with pytest.raises(InvalidInput, match="warning signs"):
        checkin(warning_signs=["tired"])


def test_future_moments_are_refused_but_a_little_clock_skew_is_not():
    from datetime import timedelta

    assert checkin(numbness=3, occurred_at=NOW + timedelta(minutes=4)).numbness == 3
    with pytest.raises(InvalidInput, match="future"):
        checkin(numbness=3, occurred_at=NOW + timedelta(minutes=6))


def test_unknown_time_zone_is_refused():
    with pytest.raises(InvalidInput, match="Unknown time zone"):
        checkin(numbness=3, timezone="Mars/Olympus")


def test_local_date_follows_the_zone_the_person_was_in():
    late = datetime(2026, 11, 19, 23, 30, tzinfo=timezone.utc)
    assert checkin(numbness=1, occurred_at=late).local_date == date(2026, 11, 20)  # 00:30 in Berlin
    assert checkin(numbness=1, occurred_at=late, timezone="America/New_York").local_date == date(2026, 11, 19)


def test_glimmer_needs_words():
    with pytest.raises(InvalidInput, match="Describe the glimmer"):
        entries.validate_glimmer({"occurred_at": NOW, "timezone": "UTC", "text": "  "}, now=NOW)
    record = entries.validate_glimmer(
        {"occurred_at": NOW, "timezone": "UTC", "text": "warm tea", "preceded_by": "a call"}, now=NOW
    )
    assert (record.text, record.preceded_by) == ("warm tea", "a call")


@pytest.mark.parametrize(
    "name, value, expected",
    [("sleep_hours", "6.5", Decimal("6.5")), ("sleep_hours", 0, Decimal("0.0")), ("sleep_hours", "24", Decimal("24.0")),
     ("alcohol_units", "2", Decimal("2.0")), ("daylight_minutes", "10", Decimal("10")), ("movement_minutes", "", None)],
)
def test_day_amounts(name, value, expected):
    assert entries.amount(name, value) == expected


@pytest.mark.parametrize(
    "name, value",
    [("sleep_hours", "25"), ("sleep_hours", "-1"), ("sleep_hours", "6.55"), ("sleep_hours", "NaN"), ("sleep_hours", "lots"),
     ("daylight_minutes", "10.5"), ("cannabis_uses", "31")],
)
def test_day_amounts_out_of_range(name, value):
    with pytest.raises(InvalidInput) as problem:
        entries.amount(name, value)
    assert problem.value.field == name


def test_day_factors_cannot_be_in_the_future():
    today = date(2026, 11, 20)
    record = entries.validate_day({"day": today, "wake_time": "07:15", "sleep_hours": "7"}, today=today)
    assert record.wake_time == time(7, 15)
    with pytest.raises(InvalidInput, match="today or earlier"):
        entries.validate_day({"day": date(2026, 11, 21)}, today=today)
    with pytest.raises(InvalidInput, match="HH:MM"):
        entries.validate_day({"day": today, "wake_time": "25:00"}, today=today)

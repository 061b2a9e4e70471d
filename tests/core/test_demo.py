"""The demo journal: deterministic, valid, plausible, and safe to show a newcomer.

Pure tests: no Django, no database, fixed dates, never the real clock.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import fields
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import pytest

from glimmers.core import demo
from glimmers.core.transfer.bundle import Bundle
from glimmers.core.journal.entries import validate_checkin, validate_day, validate_glimmer
from glimmers.core.errors import InvalidInput

END = date(2026, 11, 20)
ZONE = "Europe/London"  # two clock changes a year
NOW = datetime.combine(END + timedelta(days=1), time(0), tzinfo=ZoneInfo(ZONE)).astimezone(UTC)
RISK = re.compile(
    r"\b(kill|die|dead|suicid\w*|hurt myself|end it|self[- ]harm|overdose|hopeless|no point|can't go on|disappear)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=None)
def journal(days: int, seed: int = 7, zone: str = ZONE) -> Bundle:
    return demo.generate(days=days, end=END, timezone=zone, seed=seed)


def daily_numbness(bundle: Bundle) -> dict[date, float]:
    by_day = defaultdict(list)
    for checkin in bundle.checkins:
        by_day[checkin.local_date].append(checkin.numbness)
    return {day: statistics.fmean(values) for day, values in by_day.items()}


def within_day_effect(bundle: Bundle, doing: str) -> float:
    """Mean of (check-in numbness − its day's mean) over check-ins tagged doing:<doing>."""
    by_day = defaultdict(list)
    for checkin in bundle.checkins:
        by_day[checkin.local_date].append(checkin)
    gaps = []
    for checkins in by_day.values():
        mean = statistics.fmean(c.numbness for c in checkins)
        gaps += [c.numbness - mean for c in checkins if len(checkins) > 1 and demo_tag(c, "doing", doing)]
    return statistics.fmean(gaps)


def shallow(record) -> dict:
    """A record's fields as a mapping, keeping tags as Tag objects."""
    return {field.name: getattr(record, field.name) for field in fields(record)}


def demo_tag(record, category: str, name: str) -> bool:
    return any(tag.category == category and tag.name == name for tag in record.tags)


# --- determinism ---------------------------------------------------------------


def test_same_seed_gives_the_same_journal():
    first = demo.generate(days=60, end=END, timezone=ZONE, seed=42)
    second = demo.generate(days=60, end=END, timezone=ZONE, seed=42)
    assert first == second
    assert [c.uid for c in first.checkins] == [c.uid for c in second.checkins]


def test_a_different_seed_gives_a_different_journal():
    first = demo.generate(days=60, end=END, timezone=ZONE, seed=1)
    second = demo.generate(days=60, end=END, timezone=ZONE, seed=2)
    assert [c.numbness for c in first.checkins] != [c.numbness for c in second.checkins]
    assert {c.uid for c in first.checkins}.isdisjoint(c.uid for c in second.checkins)


# --- shape ---------------------------------------------------------------------


def test_120_days_have_plausible_counts():
    bundle = journal(120)
    per_day = defaultdict(int)
    for checkin in bundle.checkins:
        per_day[checkin.local_date] += 1
    assert set(per_day.values()) <= {1, 2, 3, 4}
    assert 0.10 <= 1 - len(per_day) / 120 <= 0.20
    assert per_day[END] >= 1  # the demo ends on a recorded day
    glimmers_per_day = defaultdict(int)
    for glimmer in bundle.glimmers:
        glimmers_per_day[glimmer.local_date] += 1
    assert len(bundle.glimmers) >= 40
    assert max(glimmers_per_day.values()) <= 3
    assert 0.75 <= len(bundle.days) / 120 <= 0.95
    assert 0.25 <= sum(bool(c.note) for c in bundle.checkins) / len(bundle.checkins) <= 0.55


def test_everything_lies_within_the_range_and_nothing_in_the_future():
    bundle = journal(120)
    start = END - timedelta(days=119)
    for record in [*bundle.checkins, *bundle.glimmers]:
        assert start <= record.local_date <= END
        assert record.occurred_at <= NOW
        assert record.occurred_at.utcoffset() == timedelta(0)
    assert all(start <= day.day <= END for day in bundle.days)
    assert len({day.day for day in bundle.days}) == len(bundle.days)


def test_every_record_passes_the_validators_unchanged():
    bundle = journal(120)
    for checkin in bundle.checkins:
        assert validate_checkin(shallow(checkin), now=NOW) == checkin
    for glimmer in bundle.glimmers:
        assert validate_glimmer(shallow(glimmer), now=NOW) == glimmer
    for day in bundle.days:
        assert validate_day(shallow(day), today=END) == day


def test_records_are_marked_as_demo_with_unique_stable_stamps():
    bundle = journal(120)
    entries = [*bundle.checkins, *bundle.glimmers]
    assert {entry.source for entry in entries} == {"demo"}
    assert len({entry.uid for entry in entries}) == len(entries)
    for entry in entries:
        assert entry.created_at == entry.updated_at == entry.occurred_at
        assert entry.deleted_at is None
    assert all(day.updated_at is not None and day.updated_at <= NOW for day in bundle.days)


def test_numbness_stays_on_the_scale_with_a_real_spread():
    values = [checkin.numbness for checkin in journal(120).checkins]
    assert min(values) >= 0 and max(values) <= 10
    assert statistics.stdev(values) > 1


def test_forms_and_warning_signs_come_more_often_when_numbness_is_high():
    checkins = journal(365).checkins
    high = [c for c in checkins if c.numbness >= 7]
    low = [c for c in checkins if c.numbness <= 4]
    assert statistics.fmean(bool(c.forms) for c in high) > statistics.fmean(bool(c.forms) for c in low)
    assert statistics.fmean(bool(c.warning_signs) for c in high) > statistics.fmean(bool(c.warning_signs) for c in low)
    assert all(c.numbness >= 7 for c in checkins if c.self_talk)


# --- planted patterns ------------------------------------------------------------


def test_a_short_night_shows_in_the_following_days_numbness():
    # A day's sleep_hours is last night's sleep, recorded that day.
    bundle = journal(365)
    daily = daily_numbness(bundle)
    short = {day.day for day in bundle.days if day.sleep_hours is not None and day.sleep_hours < 6}
    after_short = [mean for day, mean in daily.items() if day in short]
    others = [mean for day, mean in daily.items() if day not in short]
    assert len(after_short) >= 20
    assert statistics.fmean(after_short) - statistics.fmean(others) > 0.5


def test_meetings_and_walks_show_within_the_day():
    bundle = journal(365)
    assert within_day_effect(bundle, "meeting") > 0.3
    assert within_day_effect(bundle, "walk") < -0.5
    walks = [c for c in bundle.checkins if demo_tag(c, "doing", "walk")]
    assert all(demo_tag(c, "where", "outdoors") for c in walks)


def test_numbness_eases_over_the_year():
    daily = daily_numbness(journal(365))
    ordered = [daily[day] for day in sorted(daily)]
    assert statistics.fmean(ordered[:60]) > statistics.fmean(ordered[-60:])


# --- words -----------------------------------------------------------------------


def test_no_risk_language_anywhere_in_the_demo():
    bundle = journal(365)
    texts = [c.note for c in bundle.checkins] + [c.self_talk for c in bundle.checkins]
    texts += [g.text for g in bundle.glimmers] + [g.preceded_by for g in bundle.glimmers]
    phrases = demo.demo_phrases()
    banks = [phrases.notes, phrases.glimmer_text, phrases.preceded_by]
    texts += [line for bank in banks for lines in bank.values() for line in lines] + list(phrases.self_talk)
    assert [text for text in texts if RISK.search(text)] == []


def test_the_phrase_banks_are_full_enough():
    phrases = demo.demo_phrases()
    assert sum(len(lines) for lines in phrases.notes.values()) >= 25
    assert all(phrases.notes[level] for level in ("low", "mid", "high"))
    assert len(phrases.self_talk) >= 10
    assert sum(len(lines) for lines in phrases.glimmer_text.values()) >= 25
    assert sum(len(lines) for lines in phrases.preceded_by.values()) >= 15
    assert any(scene.doing == "meeting" for scene in demo.demo_scenes())


# --- edges -----------------------------------------------------------------------


def test_a_time_lost_to_the_clocks_going_forward_is_nudged_an_hour():
    london = ZoneInfo(ZONE)
    moment = demo.local_moment(date(2026, 3, 29), 1 * 60 + 30, london)  # 01:30 never happened
    assert moment.astimezone(london).time() == time(2, 30)


def test_other_zones_and_a_single_day_work():
    bundle = journal(1, zone="Pacific/Auckland")
    assert bundle.checkins and all(c.local_date == END for c in bundle.checkins)
    assert journal(30, zone="America/New_York").checkins


@pytest.mark.parametrize("days", [0, -3, demo.MAX_DAYS + 1])
def test_a_nonsense_length_is_refused(days):
    with pytest.raises(InvalidInput):
        demo.generate(days=days, end=END, timezone=ZONE, seed=1)


def test_the_demo_toolkit_is_checked_reproducible_and_shows_the_prediction_gap():
    from glimmers.core.toolkit import activation, experiments, toolkit_records

    bundle = journal(150)
    toolkit = bundle.toolkit
    assert toolkit == journal(150).toolkit  # the same seed, the same rows
    assert toolkit_records.from_plain(toolkit_records.to_plain(toolkit)) == toolkit
    assert len(toolkit["plans"]) == 1 and toolkit["plan_marks"] and toolkit["values"]
    summary = activation.gap_summary(
        activation.Rated(a["title"], a["category"], a["predicted_pleasure"], a["predicted_mastery"], a["actual_pleasure"], a["actual_mastery"])
        for a in toolkit["activities"] if a["done_at"] is not None
    )
    assert summary.compared >= 10 and summary.pleasure.difference > 1  # experience outruns prediction
    [experiment] = toolkit["experiments"]
    assert list(experiments.assign_weeks(experiment["seed"], 8, 4)) == experiment["schedule"]
    assert all(row["day"] <= END for row in toolkit["adherence"])
    texts = [a["glimmer"] for a in toolkit["activities"]] + [a["title"] for a in toolkit["activities"]]
    assert [text for text in texts if RISK.search(text)] == []

"""The summary at the top of the insights: the page's own numbers in a few plain sentences."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from statistics import fmean

from glimmers.core.analysis.insights import story
from glimmers.core.analysis.insights.payload import Insights

STORED = Path(__file__).parents[2] / "data" / "insights_payload_v4.json"


def year() -> Insights:
    """A year's demo journal, as the dashboard stored it."""
    return Insights.from_json(json.loads(STORED.read_text(encoding="utf-8")))


def test_the_summary_restates_the_pages_own_numbers():
    insights = year()
    said = story.summary(insights, early_hint_min_days=45)
    points = insights.trend.points
    recent = [value for day, value in points if day > insights.today - timedelta(days=30)]
    assert said[0] == (f"Over the last 3 months you rated numbness on {len(points)} days, and it averaged "
                       f"{fmean(v for _d, v in points):.1f} on its 0 to 10 scale.")
    assert said[1] == f"Over the last month it averaged {fmean(recent):.1f}."
    # the two clearest on each side, by name, in the order the findings are listed
    assert said[2] == ("Higher numbness went most clearly with short nights (under 6 hours) and 'meeting'. "
                       "Lower numbness went most clearly with 'walk' and 'outdoors'.")
    assert said[3] == f"In the last 30 days you noted {insights.wins.glimmers} glimmers."
    assert not any(word in " ".join(said) for word in ("better", "worse", "improv", "caus"))


def test_patterns_are_named_before_early_hints():
    insights = year()
    worse = insights.findings.worse
    hinted = (replace(worse[0], status="early_hint"),) + worse[1:]
    said = story.summary(replace(insights, findings=replace(insights.findings, worse=hinted)), early_hint_min_days=45)
    assert "Higher numbness went most clearly with 'meeting' and 'colleagues'." in said[2]


def test_with_nothing_clear_it_says_so_plainly_and_says_when_patterns_are_looked_for():
    insights = year()
    empty = replace(insights.findings, worse=(), helps=(), lighter=())
    said = story.summary(replace(insights, findings=empty), early_hint_min_days=45)
    assert said[2].startswith("Nothing stands out clearly yet")
    young = replace(empty, young=True, days=20)
    said = story.summary(replace(insights, findings=young), early_hint_min_days=45)
    assert said[2] == "What goes with better or worse numbness is looked for from 45 days of entries; there are 20 so far."


def test_a_short_or_empty_journal_gets_no_month_line_and_no_summary_without_check_ins():
    insights = year()
    few = replace(insights.trend, points=insights.trend.points[-5:])
    said = story.summary(replace(insights, trend=few, wins=replace(insights.wins, glimmers=0)), early_hint_min_days=45)
    assert said[0].startswith("Over the last 3 months you rated numbness on 5 days")
    assert not any(line.startswith("Over the last month") or "glimmer" in line for line in said)
    nothing = replace(insights.trend, points=())
    assert story.summary(replace(insights, trend=nothing), early_hint_min_days=45) == ()


def test_about_mood_the_levels_keep_their_sign_and_the_directions_turn_round():
    insights = year()
    mood = replace(insights, measure="mood", trend=replace(insights.trend, points=tuple(
        (day, round(value - 6, 2)) for day, value in insights.trend.points)))
    said = story.summary(mood, early_hint_min_days=45)
    assert said[0].startswith("Over the last 3 months you rated mood on ") and "on its −5 to +5 scale." in said[0]
    assert "averaged −" in said[0]
    assert said[2].startswith("Lower mood went most clearly with") and "Higher mood went most clearly with" in said[2]

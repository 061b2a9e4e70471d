"""The behavioural-activation prediction gap over time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from glimmers.core.analysis.insights.activation_trend import MIN_RATED, PERIOD_DAYS, activation_trend

MONDAY = date(2026, 2, 2)


def test_periods_by_hand():
    items = [
        (MONDAY + timedelta(days=2), 2, 5, 3, 3),  # pleasure gap +3, mastery 0
        (MONDAY + timedelta(days=10), 4, 3, None, 6),  # pleasure -1, mastery not predicted
        (datetime(2026, 3, 3, 18, 30), None, None, 2, 6),  # second period: mastery +4 only
        (MONDAY + timedelta(days=5), None, 7, None, None),  # nothing to compare: ignored
    ]
    result = activation_trend(items)
    first, second = result.periods
    assert (first.start, first.end) == (MONDAY, MONDAY + timedelta(days=PERIOD_DAYS - 1))
    assert (first.pleasure_count, first.pleasure_gap, first.pleasure_distance) == (2, 1.0, 2.0)
    assert (first.mastery_count, first.mastery_gap, first.mastery_distance) == (1, 0.0, 0.0)
    assert (second.pleasure_count, second.pleasure_gap) == (0, None)
    assert (second.mastery_count, second.mastery_gap) == (1, 4.0)
    assert result.pleasure.direction == "not_enough" and result.pleasure.count == 2
    assert result.words().startswith("2 activities have a prediction and a rating so far")
    assert "2 compared for pleasure, 1 for mastery" in result.period_words(first)


def test_predictions_moving_closer_by_hand():
    # One activity a week for 16 weeks; the pleasure gap shrinks from 4 by exactly 1 point every 4 weeks
    # (gap = 4 - weeks / 4), so the slope of |gap| is -1 per period with no scatter.
    items = [(MONDAY + timedelta(days=7 * w), 2, 2 + 4 - w / 4, 5, 5 + (1 if w % 2 else -1)) for w in range(16)]
    result = activation_trend(items)
    assert result.pleasure.count == 16
    assert result.pleasure.slope == pytest.approx(-1.0)
    assert result.pleasure.direction == "closer"
    # Mastery: always 1 point off, alternating sides: no change in distance.
    assert result.mastery.slope == pytest.approx(0.0, abs=1e-12)
    assert result.mastery.direction == "no_clear_change"
    words = result.words()
    assert "For pleasure, your predictions are moving closer" in words and "about 1.0 points every 4 weeks" in words
    assert "For mastery, there is no clear change yet" in words


def test_drifting_further_and_the_minimum():
    items = [(MONDAY + timedelta(days=7 * w), 5, 5 - (w // 3), None, None) for w in range(MIN_RATED)]
    result = activation_trend(items)
    assert result.pleasure.direction == "further" and result.pleasure.low > 0
    assert "drifting further" in result.words()
    # One fewer rated activity: not enough yet.
    assert activation_trend(items[:-1]).pleasure.direction == "not_enough"
    # Twelve on one day: enough activities but no time to see a trend.
    same_day = [(MONDAY, 3, 6, None, None)] * MIN_RATED
    assert activation_trend(same_day).pleasure.direction == "not_enough"
    assert activation_trend([]).words().startswith("Predict before and rate after")

"""Behavioural activation: validation, and the prediction gap worked by hand."""

from datetime import datetime, timedelta, timezone

import pytest

from glimmers.core.toolkit import activation, goals
from glimmers.core.toolkit.activation import Rated
from glimmers.core.errors import InvalidInput

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def test_gap_per_activity_and_overall_by_hand():
    items = [
        Rated("Walk", "body", 2, 3, 6, 5),  # +4, +2
        Rated("walk ", "body", 4, None, 5, 7),  # +1, mastery not predicted
        Rated("Call Sam", "connection", 5, 5, 3, 5),  # -2, 0
        Rated("tidy", "mastery", None, None, 4, 6),  # nothing to compare
    ]
    summary = activation.gap_summary(items)
    walk, call, tidy = summary.rows
    assert (walk.title, walk.times) == ("Walk", 2)  # titles compare case- and space-insensitively
    assert (walk.pleasure.count, walk.pleasure.predicted, walk.pleasure.actual, walk.pleasure.difference) == (2, 3.0, 5.5, 2.5)
    assert (walk.mastery.count, walk.mastery.difference) == (1, 2.0)
    assert call.pleasure.difference == -2.0 and call.mastery.difference == 0.0
    assert tidy.pleasure.count == 0 and tidy.pleasure.difference is None
    # overall: pleasure pairs (2,6) (4,5) (5,3) -> predicted 11/3, actual 14/3; mastery (3,5) (5,5)
    assert summary.pleasure.count == 3 and summary.pleasure.difference == pytest.approx(1.0)
    assert summary.mastery.count == 2 and summary.mastery.difference == pytest.approx(1.0)
    assert (summary.compared, summary.better_than_expected) == (3, 2)


def test_gap_words_are_descriptive_and_honest_about_little_data():
    assert "Predict before" in activation.gap_summary([]).words()
    few = activation.gap_summary([Rated("a", "body", 1, 1, 5, 5)])
    assert "1 activity compared so far" in few.words()
    higher = activation.gap_summary([Rated(f"a{i}", "body", 2, 2, 5, 4) for i in range(4)])
    assert "3.0 points higher than you predicted, on average over 4" in higher.words()
    lower = activation.gap_summary([Rated(f"a{i}", "body", 6, 6, 4, 6) for i in range(3)])
    words = lower.words()
    assert "2.0 points lower" in words and "worth knowing" in words and "close to what you predicted" in words
    for text in (higher.words(), lower.words()):
        assert "because" not in text and "caused" not in text  # no causal claims


@pytest.mark.parametrize("value, ok", [(0, True), (10, True), ("7", True), (None, True), ("", True),
                                       (-1, False), (11, False), (2.5, False), ("x", False)])
def test_ratings(value, ok):
    if ok:
        activation.validate_rating(value, "pleasure")
    else:
        with pytest.raises(InvalidInput, match="0 (to|and) 10|from 0 to 10"):
            activation.validate_rating(value, "pleasure")


def test_plans_must_lie_ahead_and_name_a_known_kind():
    planned = activation.validate_plan(title="  a   walk ", category="Body", when=NOW + timedelta(hours=1), now=NOW, predicted_pleasure=3)
    assert (planned.title, planned.category, planned.predicted_pleasure) == ("a walk", "body", 3)
    activation.validate_plan(title="now", category="body", when=NOW - timedelta(minutes=4), now=NOW)  # typed a moment ago
    with pytest.raises(InvalidInput, match="already passed"):
        activation.validate_plan(title="walk", category="body", when=NOW - timedelta(hours=1), now=NOW)
    with pytest.raises(InvalidInput, match="not a kind of activity"):
        activation.validate_plan(title="walk", category="fun", when=NOW, now=NOW)
    with pytest.raises(InvalidInput, match="at most 120"):
        activation.validate_plan(title="x" * 121, category="body", when=NOW, now=NOW)


def test_done_needs_something_to_compare_and_values_are_at_most_three():
    with pytest.raises(InvalidInput, match="Rate pleasure, mastery or how hard it was"):
        activation.validate_done()
    assert activation.validate_done(glimmer="sun on my face").glimmer == "sun on my face"
    assert len(activation.validate_values([("a", "1"), ("b", "2"), ("c", "3")])) == 3
    with pytest.raises(InvalidInput, match="three"):
        activation.validate_values([("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")])
    with pytest.raises(InvalidInput, match="different name"):
        activation.validate_values([("Care", "1"), ("care", "2")])


def test_tiny_goals():
    assert goals.validate_text("  open   the curtains ") == "open the curtains"
    with pytest.raises(InvalidInput, match="for example"):
        goals.validate_text("   ")
    with pytest.raises(InvalidInput, match="one line"):
        goals.validate_text("x" * 161)
    with pytest.raises(InvalidInput):
        goals.validate_text("ok", "someday")
    assert goals.examples().goals and goals.examples().enough

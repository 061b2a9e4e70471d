"""The window of tolerance: three answers, an offer at each edge, and plan emphases from counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from glimmers.core.errors import InvalidInput
from glimmers.core.journal import tolerance
from glimmers.core.toolkit import exercises, guides, window

TODAY = date(2026, 11, 20)


def test_the_content_names_three_answers_and_real_exercises_for_each_edge():
    settings = window.window()
    assert [state.key for state in settings.states] == ["over", "within", "under"]
    known = {exercise.key for exercise in exercises.exercises()}
    for state in settings.states:
        assert state.label and state.hint
        assert state.edge == (state.key != "within")
        assert set(state.exercises) <= known and bool(state.exercises) == state.edge
    assert guides.guide(window.GUIDE).title == "Your window of tolerance"


def test_an_answer_is_a_key_a_friendly_word_or_nothing():
    assert tolerance.checked(" Over ") == "over" and tolerance.checked("too-little") == "under"
    assert tolerance.checked("") == "" and tolerance.checked(None) == ""
    with pytest.raises(InvalidInput, match="over, within, under"):
        tolerance.checked("sideways")


def test_only_an_edge_brings_an_offer():
    assert window.offer("within") is None and window.offer("") is None
    assert window.offer("over").exercises and window.offer("under").after


def _answers(*pairs: tuple[int, str]) -> list[tuple[date, str]]:
    return [(TODAY - timedelta(days=ago), key) for ago, key in pairs]


def test_marks_count_the_recent_days_only():
    counted = window.marks(_answers((0, "under"), (3, "under"), (13, "over"), (14, "over"), (-1, "under")), today=TODAY)
    assert counted.counts == {"over": 1, "within": 0, "under": 2} and counted.days == 14


def test_an_edge_marked_often_enough_tilts_a_new_plan_and_the_commoner_edge_leads():
    under = window.window().state("under").emphasis
    over = window.window().state("over").emphasis
    assert window.plan_emphases(window.marks(_answers((0, "under"), (1, "under")), today=TODAY)) == ()
    three_under = _answers((0, "under"), (1, "under"), (2, "under"))
    assert window.plan_emphases(window.marks(three_under, today=TODAY)) == (under,)
    both = three_under + _answers((3, "over"), (4, "over"), (5, "over"), (6, "over"))
    assert window.plan_emphases(window.marks(both, today=TODAY)) == (over, under)


def test_the_sentence_counts_and_never_judges():
    assert window.told(window.marks([], today=TODAY)) == ""
    text = window.told(window.marks(_answers((0, "under"), (1, "under"), (2, "under"), (3, "within")), today=TODAY))
    assert "“too little” 3 times" in text and "“about right” once" in text and "A new plan will lean towards" in text
    for word in ("bad", "wrong", "should", "failed"):
        assert word not in text.lower()

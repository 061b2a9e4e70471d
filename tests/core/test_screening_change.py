"""Change between administrations: reliable change, direction, and the commonly
used response and remission definitions, always labelled as such."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from glimmers.core.care import instruments, screening_change
from glimmers.core.errors import InvalidInput

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def phq9(total: int) -> instruments.Score:
    values, left = [], total
    for _ in range(9):
        values.append(min(3, left))
        left -= values[-1]
    return instruments.score(instruments.instrument("phq9"), values)


def gad7(total: int) -> instruments.Score:
    values, left = [], total
    for _ in range(7):
        values.append(min(3, left))
        left -= values[-1]
    return instruments.score(instruments.instrument("gad7"), values)


@pytest.mark.parametrize(
    "before, after, difference, direction, reliable",
    [
        (14, 10, -4, "better", False),
        (14, 9, -5, "better", True),
        (9, 14, 5, "worse", True),
        (9, 13, 4, "worse", False),
        (7, 7, 0, "same", False),
    ],
)
def test_phq9_reliable_change_is_five_points(before, after, difference, direction, reliable):
    change = screening_change.compare(phq9(before), phq9(after))
    assert (change.difference, change.direction, change.reliable) == (difference, direction, reliable)
    assert change.reliable_change_points == 5 and change.reliable_change_verified


def test_gad7_uses_four_points_and_says_it_is_unconfirmed():
    change = screening_change.compare(gad7(12), gad7(8))
    assert change.reliable and change.reliable_change_points == 4 and not change.reliable_change_verified
    assert "not yet confirmed" in change.words
    assert not screening_change.compare(gad7(12), gad7(9)).reliable
    assert change.response is None and change.remission is None  # PHQ-9 definitions only


def test_short_screens_have_no_reliable_change_figure():
    phq2 = instruments.instrument("phq2")
    change = screening_change.compare_totals(phq2, 5, 1)
    assert change.reliable is None and change.direction == "better"
    assert "ordinary ups and downs" not in change.words


@pytest.mark.parametrize(
    "before, after, response, remission",
    [
        (20, 10, True, False),  # exactly half
        (20, 11, False, False),
        (14, 6, True, False),  # a response, not (yet) under 5
        (12, 4, True, True),  # remission
        (12, 5, True, False),  # 5 is not under 5
        (10, 4, True, True),  # a baseline of exactly 10 counts
        (16, 20, False, False),
        # below a baseline of 10 the definitions do not apply at all (None)
        (9, 0, None, None),
        (8, 4, None, None),
        (3, 1, None, None),
        (1, 0, None, None),
        (0, 0, None, None),
    ],
)
def test_response_and_remission(before, after, response, remission):
    change = screening_change.compare(phq9(before), phq9(after))
    assert (change.response, change.remission) == (response, remission)


def test_the_baseline_is_a_named_setting_of_the_phq9():
    assert instruments.instrument("phq9").response_baseline == 10
    assert instruments.instrument("gad7").response_baseline is None


@pytest.mark.parametrize("before, after", [(1, 0), (4, 0), (9, 3), (0, 0)])
def test_a_small_score_getting_smaller_is_never_called_response_or_remission(before, after):
    words = screening_change.compare(phq9(before), phq9(after)).words
    assert "response" not in words and "remission" not in words
    assert screening_change.COMMON_DEFINITION_NOTE not in words


def test_response_and_remission_words_from_a_moderate_start():
    assert "commonly called a response" in screening_change.compare(phq9(14), phq9(6)).words
    assert "commonly called remission" not in screening_change.compare(phq9(14), phq9(6)).words
    words = screening_change.compare(phq9(12), phq9(4)).words
    assert "commonly called remission" in words and words.endswith("not a verdict.")


@pytest.mark.parametrize(
    "make, before, after, rise",
    [
        (phq9, 9, 14, True), (phq9, 4, 20, True), (phq9, 9, 13, False), (phq9, 14, 9, False),
        (gad7, 8, 12, True), (gad7, 8, 11, False), (gad7, 12, 8, False),
    ],
)
def test_a_rise_of_the_reliable_change_points_is_said_plainly(make, before, after, rise):
    change = screening_change.compare(make(before), make(after))
    assert change.notable_rise is rise
    if rise:
        points = change.reliable_change_points
        assert change.rise_note.startswith(f"Your {make(0).instrument.title} total has gone up by {after - before} points")
        assert f"A rise of {points} points or more is worth telling a doctor or therapist about" in change.rise_note
        assert "safe" not in change.rise_note.lower()
    else:
        assert change.rise_note == ""


def test_short_screens_never_get_a_rise_note():
    assert screening_change.compare_totals(instruments.instrument("phq2"), 0, 6).rise_note == ""


def test_response_and_remission_are_labelled_as_common_definitions():
    change = screening_change.compare(phq9(16), phq9(4))
    assert "commonly called a response" in change.words
    assert "commonly called remission" in change.words
    assert change.words.endswith("Response and remission are commonly used definitions, not a verdict.")
    assert change.definitions_note == "Response and remission are commonly used definitions, not a verdict."


def test_words_are_plain_and_never_reassure():
    for before, after in [(14, 6), (6, 14), (10, 10), (1, 0), (0, 1), (27, 0)]:
        words = screening_change.compare(phq9(before), phq9(after)).words
        assert "safe" not in words.lower()
    assert screening_change.compare(phq9(5), phq9(4)).words.startswith("Down 1 point since last time")
    assert screening_change.compare(phq9(6), phq9(14)).words.startswith("Up 8 points since last time (from 6 to 14).")


def test_only_the_same_questionnaire_can_be_compared():
    with pytest.raises(InvalidInput, match="same questionnaire"):
        screening_change.compare(phq9(5), gad7(5))
    with pytest.raises(InvalidInput, match="PHQ-9 total must be from 0 to 27"):
        screening_change.compare_totals(instruments.instrument("phq9"), 5, 28)


def test_trend_orders_by_date_and_compares_within_each_questionnaire():
    history = [
        (T0 + timedelta(days=14), phq9(8)),
        (T0, phq9(15)),
        (T0 + timedelta(days=7), gad7(9)),
        (T0 + timedelta(days=21), gad7(4)),
        (T0 + timedelta(days=28), phq9(3)),
    ]
    steps = screening_change.trend(history)
    assert [step.taken_at for step in steps] == sorted(moment for moment, _score in history)
    assert [step.change.difference if step.change else None for step in steps] == [None, None, -7, -5, -5]
    assert steps[2].change.reliable and steps[3].change.reliable and not steps[3].change.reliable_change_verified
    # 8 -> 3: a fall of more than half, but from under 10, so neither word applies
    assert steps[4].change.remission is None and steps[4].change.response is None
    # 15 -> 8 starts at 10 or more, so the definitions apply: not half, not under 5
    assert steps[2].change.response is False and steps[2].change.remission is False

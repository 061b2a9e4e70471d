"""The pure rules for medicine events and the safety plan."""

from datetime import date, timedelta

import pytest

from glimmers.core import medication, safety_plan
from glimmers.core.errors import InvalidInput

TODAY = date(2026, 11, 20)
CHANGE = date(2026, 10, 20)


def means(before: list[float], after: list[float]) -> dict[date, float]:
    days = {CHANGE - timedelta(days=len(before) - i): v for i, v in enumerate(before)}
    days |= {CHANGE + timedelta(days=i + 1): v for i, v in enumerate(after)}
    return days


def test_a_clear_rise_is_named_with_its_range_and_the_prescriber():
    shift = medication.shift_around(CHANGE, means([3, 4, 3, 4] * 3 + [3, 4], [7, 6, 7, 6] * 3 + [7, 6]) | {CHANGE: 9})
    assert shift.before_days == shift.after_days == 14
    assert shift.difference == pytest.approx(3.0)  # the change day itself is left out
    assert shift.rose and 0 < shift.low < 3 < shift.high
    event = medication.MedicationEvent("examplamine", "start", CHANGE)
    words = medication.shift_words(event, shift)
    assert "up 3.0 points from 3.5" in words and "prescriber" in words and "do not stop" in words


def test_a_small_difference_is_not_called_a_rise():
    shift = medication.shift_around(CHANGE, means([4, 5] * 7, [5, 5] * 7))
    assert shift.difference == pytest.approx(0.5) and not shift.rose
    words = medication.shift_words(medication.MedicationEvent("x", "change", CHANGE), shift)
    assert words.startswith("No clear rise")


def test_a_run_of_similar_days_widens_the_range():
    values = [2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8]
    interleaved = [2, 8, 3, 7, 4, 6, 5, 5, 6, 4, 7, 3, 8, 2]  # the same days, in an order with no carry-over
    drifting = medication.shift_around(CHANGE, means(values, [v + 2 for v in values]))
    jumping = medication.shift_around(CHANGE, means(interleaved, [v + 2 for v in interleaved]))
    assert drifting.difference == pytest.approx(jumping.difference) == pytest.approx(2)
    assert (drifting.high - drifting.low) > 1.5 * (jumping.high - jumping.low)


def test_too_few_days_says_how_many_more():
    shift = medication.shift_around(CHANGE, means([5] * 4, [6] * 12))
    assert not shift.enough_data and not shift.rose
    words = medication.shift_words(medication.MedicationEvent("x", "stop", CHANGE), shift)
    assert "about 6 more days" in words


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": " "}, "Give the medicine's name"),
        ({"name": "x" * 101}, "up to 100"),
        ({"kind": "pause"}, "start, change, stop"),
        ({"dose": "1" * 61}, "up to 60"),
        ({"day": TODAY + timedelta(days=1)}, "in the future"),
    ],
)
def test_bad_events_are_refused(changes, message):
    values = {"name": "examplamine", "kind": "start", "day": TODAY, "dose": "", "note": ""} | changes
    with pytest.raises(InvalidInput, match=message):
        medication.validate_event(**values, today=TODAY)


def test_the_plan_has_six_numbered_steps_and_a_closing_one():
    steps = safety_plan.steps()
    assert [s.number for s in steps] == [1, 2, 3, 4, 5, 6, None]
    assert steps[-1].key == "what_matters"


def test_plan_lines_are_cleaned_and_checked():
    plan = safety_plan.validate({"coping_alone": " walk \n\n music ", "what_matters": ["the sea", " "]})
    assert plan.get("coping_alone") == ("walk", "music") and plan.get("what_matters") == ("the sea",)
    assert plan.get("distraction") == ()
    text = safety_plan.as_text(plan)
    assert "2. Things I can do on my own to get through\n   - walk\n   - music" in text
    assert "(not filled in yet)" in text
    with pytest.raises(InvalidInput, match="no step called"):
        safety_plan.validate({"nope": "x"})
    with pytest.raises(InvalidInput, match="up to 20 lines"):
        safety_plan.validate({"distraction": "\n".join(str(i) for i in range(21))})

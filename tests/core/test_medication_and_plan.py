"""The pure rules for medicine events and the safety plan."""

from datetime import date, timedelta

import pytest

from glimmers.core.care import medication
from glimmers.core.safety import safety_plan
from glimmers.core.errors import InvalidInput

TODAY = date(2026, 11, 20)


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

"""Guided exercises: the content loads and checks, schedules add up, the pacer keeps time."""

import re

import pytest

from glimmers.core.toolkit import exercises as ex
from glimmers.core.content import ContentError
from glimmers.core.errors import InvalidInput, NotFound

KEYS = {
    "senses_54321",
    "box_breathing",
    "five_breaths",
    "body_scan",
    "mindful_walk",
    "temperature_shift",
    "senses_gratitude",
    "gentle_stretches",
    "slow_flow",
    "three_quiet_minutes",
}


def _every_text():
    for exercise in ex.exercises():
        yield from (exercise.name, exercise.summary, exercise.caution)
        yield from (step.text for step in exercise.steps)
    yield from (label for _key, label in ex.SHIFTS)


# --- content -----------------------------------------------------------------------


def test_the_spec_s_exercises_are_all_there_and_valid():
    found = ex.exercises()
    assert {exercise.key for exercise in found} == KEYS
    for exercise in found:
        assert exercise.name and exercise.summary and exercise.steps
        assert exercise.rounds >= 1 and exercise.minutes >= 1
        for step in exercise.steps:
            assert step.text and len(step.text) <= ex.STEP_TEXT_MAX
            assert isinstance(step.seconds, int) and step.seconds > 0
            assert step.kind in ex.KINDS


def test_content_is_read_once_and_cached():
    assert ex.exercises() is ex.exercises()


@pytest.mark.parametrize("key", sorted(KEYS))
def test_every_schedule_is_contiguous_and_adds_up(key):
    exercise = ex.exercise(key)
    schedule = exercise.schedule()
    assert len(schedule) == exercise.steps_total == len(exercise.steps) * exercise.rounds
    assert schedule[0].starts_at == 0
    assert schedule[-1].ends_at == exercise.total_seconds
    assert exercise.total_seconds == sum(step.seconds for step in exercise.steps) * exercise.rounds
    for index, (earlier, later) in enumerate(zip(schedule, schedule[1:])):
        assert earlier.index == index and earlier.ends_at == later.starts_at
    assert [s.round for s in schedule] == [r for r in range(1, exercise.rounds + 1) for _ in exercise.steps]
    assert all(s.seconds == s.step.seconds for s in schedule)
    # "minutes" is an honest approximation of the real length
    assert abs(exercise.total_seconds - exercise.minutes * 60) <= 60


def test_lengths_the_spec_names():
    assert ex.exercise("body_scan").total_seconds == 300
    assert ex.exercise("box_breathing").total_seconds == 6 * 16
    assert ex.exercise("five_breaths").total_seconds == 5 * (4 + 6)
    assert 240 <= ex.exercise("mindful_walk").total_seconds <= 360
    assert 90 <= ex.exercise("temperature_shift").total_seconds <= 150
    assert 150 <= ex.exercise("senses_gratitude").total_seconds <= 210


@pytest.mark.parametrize("key", ["gentle_stretches", "slow_flow", "three_quiet_minutes"])
def test_body_practices_are_trauma_sensitive(key):
    """Yoga, tai chi/qigong-style movement and meditation: eyes may stay open, the pace is the person's, stopping is fine."""
    caution = ex.exercise(key).caution.lower()
    assert "eyes open" in caution and ("stop" in caution) and ("pace" in caution or "speed" in caution or "safer" in caution)
    assert 150 <= ex.exercise(key).total_seconds <= 210


def test_box_breathing_cycles_in_hold_out_hold_four_seconds_each():
    box = ex.exercise("box_breathing")
    assert box.rounds == 6
    kinds = [s.step.kind for s in box.schedule()]
    assert kinds == ["breathe_in", "hold", "breathe_out", "hold"] * 6
    assert {step.seconds for step in box.steps} == {4}
    assert "4-4-4" in box.summary
    assert box.caution  # holds are optional


def test_five_breaths_is_in_four_out_six_five_times():
    breaths = ex.exercise("five_breaths")
    assert [(step.kind, step.seconds) for step in breaths.steps] == [("breathe_in", 4), ("breathe_out", 6)]
    assert breaths.rounds == 5


def test_senses_count_down_from_five_to_one():
    steps = ex.exercise("senses_54321").steps
    for number, sense, step in zip(("five", "four", "three", "two", "one"), ("see", "sound", "feel", "smell", "taste"), steps):
        assert number in step.text.lower() and sense in step.text.lower()
        assert 20 <= step.seconds <= 30


def test_body_scan_says_eyes_can_stay_open():
    assert "eyes open" in ex.exercise("body_scan").caution


def test_no_words_of_pressure_or_blame():
    for text in _every_text():
        lowered = text.lower()
        assert "streak" not in lowered and "fail" not in lowered, text
        assert not re.search(r"\b(must|should)\b", lowered), text


def test_unknown_exercise_names_the_ones_that_exist():
    with pytest.raises(NotFound) as raised:
        ex.exercise("cold_plunge")
    assert "cold_plunge" in raised.value.message
    for key in KEYS:
        assert key in raised.value.message


def test_a_broken_step_fails_loudly():
    row = {"key": "odd", "name": "Odd", "summary": "s", "minutes": 1, "step": [{"text": "t", "seconds": 0, "kind": "notice"}]}
    with pytest.raises(ContentError):
        ex._exercise(row)
    row["step"] = [{"text": "t", "seconds": 60, "kind": "dance"}]
    with pytest.raises(ContentError):
        ex._exercise(row)
    row["step"] = [{"text": "t", "seconds": 60, "kind": "notice"}]
    assert ex._exercise(row).total_seconds == 60
    with pytest.raises(ContentError):
        ex._exercise({**row, "rounds": 0})
    with pytest.raises(ContentError):
        ex._exercise({**row, "minutes": 30})  # says half an hour, lasts a minute


# --- answers -----------------------------------------------------------------------


def test_shift_answers():
    assert [key for key, _label in ex.SHIFTS] == ["none", "little", "noticeable"]
    assert ex.shift_label("little") == "A little"
    assert ex.validate_shift(" Noticeable ") == "noticeable"
    with pytest.raises(InvalidInput):
        ex.validate_shift("huge")


@pytest.mark.parametrize("value, expected", [(0, 0), (10, 10), ("7", 7), (" 3 ", 3), (5.0, 5), (None, None), ("", None)])
def test_ratings_accepted(value, expected):
    assert ex.validate_rating(value, "Numbness before") == expected


@pytest.mark.parametrize("value", [-1, 11, "x", "11", "-1", 2.5, True, [3]])
def test_ratings_refused(value):
    with pytest.raises(InvalidInput) as raised:
        ex.validate_rating(value, "Numbness after")
    assert raised.value.message == "Numbness after must be a whole number from 0 to 10."
    assert raised.value.field == "Numbness after"


# --- the pacer ---------------------------------------------------------------------


@pytest.fixture
def box():
    return ex.exercise("box_breathing")


def test_positions_at_exact_boundaries(box):
    pacer = ex.Pacer(box, start=1000.0)
    first = pacer.at(1000.0)
    assert first.step.index == 0 and first.step.step.kind == "breathe_in"
    assert (first.elapsed, first.seconds_left_in_step, first.steps_done, first.fraction) == (0, 4, 0, 0)
    assert not first.finished and not first.paused

    just_before = pacer.at(1003.75)
    assert just_before.step.index == 0 and just_before.seconds_left_in_step == 0.25

    boundary = pacer.at(1004.0)  # a step's end belongs to the next step
    assert boundary.step.index == 1 and boundary.step.step.kind == "hold"
    assert boundary.seconds_left_in_step == 4 and boundary.steps_done == 1

    round_two = pacer.at(1016.0)
    assert round_two.step.round == 2 and round_two.step.index == 4 and round_two.steps_done == 4

    halfway = pacer.at(1048.0)
    assert halfway.fraction == 0.5 and halfway.steps_done == 12


def test_before_the_start_counts_as_the_start(box):
    position = ex.Pacer(box, start=50.0).at(49.0)
    assert position.elapsed == 0 and position.step.index == 0


def test_finished_at_the_end_and_after(box):
    pacer = ex.Pacer(box, start=0.0)
    last = pacer.at(95.5)
    assert last.step.index == 23 and last.steps_done == 23 and not last.finished
    for now in (96.0, 500.0):
        done = pacer.at(now)
        assert done.finished and done.step is None
        assert done.steps_done == 24 and done.elapsed == 96 and done.fraction == 1
        assert done.seconds_left_in_step == 0
    assert pacer.outcome(96.0) == ex.Outcome("box_breathing", True, 24, 24, 96.0)


def test_pause_freezes_elapsed_and_resume_carries_on(box):
    pacer = ex.Pacer(box, start=0.0)
    pacer.pause(6.0)
    pacer.pause(7.0)  # a second pause changes nothing
    for now in (6.0, 30.0, 600.0):
        frozen = pacer.at(now)
        assert frozen.paused and frozen.elapsed == 6.0
        assert frozen.step.index == 1 and frozen.seconds_left_in_step == 2.0
    pacer.resume(600.0)
    pacer.resume(700.0)  # resuming while running changes nothing
    carried_on = pacer.at(601.0)
    assert not carried_on.paused and carried_on.elapsed == 7.0
    assert carried_on.step.index == 1 and carried_on.seconds_left_in_step == 1.0
    assert pacer.at(600.0 + 90.0).finished

    stopped = pacer.outcome(620.0)
    assert not stopped.completed
    assert stopped.active_seconds == 26.0 and stopped.steps_done == 6 and stopped.steps_total == 24


def test_two_pauses_add_up(box):
    pacer = ex.Pacer(box, start=0.0)
    pacer.pause(10.0)
    pacer.resume(20.0)
    pacer.pause(30.0)
    pacer.resume(45.0)
    assert pacer.at(50.0).elapsed == 25.0


def test_steps_done_counts_ended_steps():
    scan = ex.exercise("body_scan")
    pacer = ex.Pacer(scan, start=0.0)
    assert [pacer.at(t).steps_done for t in (0, 29.9, 30, 31, 299.9, 300)] == [0, 0, 1, 1, 9, 10]

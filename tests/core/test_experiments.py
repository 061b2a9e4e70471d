"""Lever experiments: balanced random schedules, phases, limits and adherence."""

from collections import Counter
from datetime import date, timedelta

import pytest

from glimmers.core.toolkit import experiments as ex
from glimmers.core.errors import InvalidInput

TODAY = date(2026, 11, 20)  # a Friday
MONDAY = date(2026, 12, 7)


def test_the_five_levers_load_with_their_wording():
    levers = ex.levers()
    assert [lever.key for lever in levers] == list(ex.LEVER_KEYS)
    for lever in levers:
        assert lever.name and lever.on and lever.off and lever.reversible is True
        assert lever.adherence_question.endswith("?")
    assert ex.lever("wake_time").name == "A consistent wake time"


def test_unknown_lever_is_refused():
    with pytest.raises(InvalidInput):
        ex.lever("more_coffee")


def test_custom_levers_are_named_by_the_person():
    lever = ex.custom_lever("  No screens   at dinner ")
    assert (lever.key, lever.name) == ("custom", "No screens at dinner")
    assert "No screens at dinner" in lever.adherence_question and lever.on and lever.off
    assert ex.custom_lever("x" * 80).name == "x" * 80
    for bad in ("", "   ", "x" * 81):
        with pytest.raises(InvalidInput):
            ex.custom_lever(bad)


@pytest.mark.parametrize("weeks, on_weeks, k", [(8, None, 4), (4, None, 2), (16, None, 8), (10, 3, 3), (5, 2, 2)])
def test_assignment_is_balanced_for_every_seed(weeks, on_weeks, k):
    for seed in range(500):
        schedule = ex.assign_weeks(seed, weeks, on_weeks)
        assert len(schedule) == weeks and sum(schedule) == k


def test_assignment_is_reproducible_and_varies_between_seeds():
    assert ex.assign_weeks(12345) == ex.assign_weeks(12345)
    assert len({ex.assign_weeks(seed) for seed in range(20)}) > 1


def test_assignment_does_not_touch_the_global_generator():
    import random

    random.seed(7)
    expected = random.random()
    random.seed(7)
    ex.assign_weeks(99)
    assert random.random() == expected


def test_each_week_is_on_about_half_the_time():
    counts = Counter()
    for seed in range(2000):
        for week, on in enumerate(ex.assign_weeks(seed)):
            counts[week] += on
    for week in range(8):
        assert 0.45 <= counts[week] / 2000 <= 0.55


def test_all_seventy_orders_are_reachable():
    orders = {ex.assign_weeks(seed) for seed in range(3000)}
    assert len(orders) == ex.assignment_count(8, 4) == 70


def test_assignment_count():
    assert ex.assignment_count(8, 4) == 70
    assert ex.assignment_count(16, 8) == 12870


@pytest.mark.parametrize(
    "weeks, on_weeks",
    [(2, None), (3, None), (7, None), (18, None), (8, 0), (8, 8), (8, -1), (8, 9), (True, None), (8.0, None)],
)
def test_invalid_weeks_are_refused(weeks, on_weeks):
    with pytest.raises(InvalidInput):
        ex.assign_weeks(1, weeks, on_weeks)


def test_invalid_seed_is_refused():
    with pytest.raises(InvalidInput):
        ex.assign_weeks(-1)


def test_new_seed_is_a_32_bit_number():
    seed = ex.new_seed()
    assert isinstance(seed, int) and 0 <= seed < 2**32


def test_alternating_start_moves_to_the_next_monday_and_says_so():
    wednesday = date(2026, 12, 2)
    experiment = ex.plan_alternating(ex.lever("daylight_walk"), wednesday, seed=5)
    assert experiment.start == MONDAY
    assert "Wednesday 2 December" in experiment.note and "Monday 7 December" in experiment.note
    assert experiment.schedule == ex.assign_weeks(5)
    on_monday = ex.plan_alternating(ex.lever("daylight_walk"), MONDAY, seed=5)
    assert on_monday.start == MONDAY and on_monday.note == ""


def test_alternating_phases_and_weeks_at_the_boundaries():
    experiment = ex.plan_alternating(ex.lever("wake_time"), MONDAY, seed=11)
    assert experiment.end == MONDAY + timedelta(days=55)
    assert experiment.end.weekday() == 6
    phase = lambda week: "on" if experiment.schedule[week - 1] else "off"  # noqa: E731
    assert experiment.phase_on(MONDAY - timedelta(days=1)) is None
    assert experiment.week_of(MONDAY - timedelta(days=1)) is None
    assert (experiment.week_of(MONDAY), experiment.phase_on(MONDAY)) == (1, phase(1))
    sunday = MONDAY + timedelta(days=6)
    assert (experiment.week_of(sunday), experiment.phase_on(sunday)) == (1, phase(1))
    assert (experiment.week_of(sunday + timedelta(days=1)), experiment.phase_on(sunday + timedelta(days=1))) == (2, phase(2))
    assert (experiment.week_of(experiment.end), experiment.phase_on(experiment.end)) == (8, phase(8))
    assert experiment.phase_on(experiment.end + timedelta(days=1)) is None
    days = list(experiment.days())
    assert len(days) == 56 and Counter(p for _d, p in days) == {"on": 28, "off": 28}


def test_alternating_description_is_plain():
    experiment = ex.plan_alternating(ex.lever("wake_time"), MONDAY, seed=11)
    assert experiment.describe() == (
        "8 weeks from Monday 7 December: 4 weeks on, 4 off, in an order drawn at random (one of 70 possible orders)."
    )


def test_before_after_phases_at_the_boundaries():
    start = date(2026, 12, 2)
    experiment = ex.plan_before_after(ex.lever("fewer_alcohol_days"), start, baseline_days=14, change_days=21)
    assert experiment.start == start and experiment.end == start + timedelta(days=34)
    assert experiment.phase_on(start - timedelta(days=1)) is None
    assert experiment.phase_on(start) == "baseline"
    assert experiment.phase_on(start + timedelta(days=13)) == "baseline"
    assert experiment.phase_on(start + timedelta(days=14)) == "change"
    assert experiment.phase_on(experiment.end) == "change"
    assert experiment.phase_on(experiment.end + timedelta(days=1)) is None
    assert experiment.week_of(start + timedelta(days=7)) == 2 and experiment.week_of(experiment.end) == 5
    assert "35 days from Wednesday 2 December" in experiment.describe()


@pytest.mark.parametrize("baseline, change", [(13, 14), (14, 13), (0, 30)])
def test_short_before_after_phases_are_refused(baseline, change):
    with pytest.raises(InvalidInput, match="14 days"):
        ex.plan_before_after(ex.lever("recovery_block"), MONDAY, baseline_days=baseline, change_days=change)


def test_more_than_180_days_is_refused():
    ex.plan_before_after(ex.lever("recovery_block"), MONDAY, baseline_days=90, change_days=90)
    with pytest.raises(InvalidInput, match="180"):
        ex.plan_before_after(ex.lever("recovery_block"), MONDAY, baseline_days=90, change_days=91)


def test_a_stored_schedule_must_be_balanced():
    lever = ex.lever("wake_time")
    ex.Experiment(lever, ex.ALTERNATING, MONDAY, weeks=4, seed=1, schedule=(True, False, False, True))
    with pytest.raises(InvalidInput):
        ex.Experiment(lever, ex.ALTERNATING, MONDAY, weeks=4, seed=1, schedule=(True, True, True, False))
    with pytest.raises(InvalidInput):
        ex.Experiment(lever, ex.ALTERNATING, MONDAY + timedelta(days=1), weeks=4, seed=1)


def test_past_start_is_refused():
    experiment = ex.plan_before_after(ex.lever("wake_time"), TODAY - timedelta(days=1))
    with pytest.raises(InvalidInput):
        ex.validate_new(experiment, TODAY, [])
    assert ex.validate_new(ex.plan_before_after(ex.lever("wake_time"), TODAY), TODAY, []) == []


def test_overlapping_experiment_on_the_same_lever_is_refused_with_its_dates():
    existing = ex.plan_alternating(ex.lever("wake_time"), MONDAY, seed=1)
    new = ex.plan_before_after(ex.lever("wake_time"), MONDAY + timedelta(days=30))
    with pytest.raises(InvalidInput) as raised:
        ex.validate_new(new, TODAY, [existing])
    assert "Monday 7 December" in raised.value.message and "Sunday 31 January" in raised.value.message
    with pytest.raises(InvalidInput):
        ex.validate_new(new, TODAY, [("wake_time", existing.start, existing.end)])
    after = ex.plan_before_after(ex.lever("wake_time"), existing.end + timedelta(days=1))
    assert ex.validate_new(after, TODAY, [existing]) == []


def test_overlap_on_another_lever_is_allowed_with_a_warning():
    existing = ex.plan_alternating(ex.lever("wake_time"), MONDAY, seed=1)
    new = ex.plan_alternating(ex.lever("daylight_walk"), MONDAY + timedelta(days=14), seed=2)
    warnings = ex.validate_new(new, TODAY, [existing])
    assert len(warnings) == 1 and "harder" in warnings[0] and "consistent wake time" in warnings[0]
    mine = ex.custom_lever("Cold showers")
    assert len(ex.validate_new(ex.plan_before_after(ex.custom_lever("Tea"), MONDAY), TODAY, [(mine.identity, MONDAY, MONDAY)])) == 1


def test_few_possible_orders_are_flagged():
    small = ex.plan_alternating(ex.lever("wake_time"), MONDAY, seed=3, weeks=4)
    assert small.orders == 6
    assert any("6 possible orders" in warning for warning in ex.validate_new(small, TODAY))


def test_adherence_values():
    assert ex.ADHERENCE == ("yes", "partly", "no")
    assert ex.validate_adherence(" Partly ") == "partly"
    assert ex.adherence_label("no") == "No"
    for bad in ("", "maybe", None):
        with pytest.raises(InvalidInput):
            ex.validate_adherence(bad)


def test_adherence_summary_counts_per_phase():
    experiment = ex.plan_before_after(ex.lever("less_late_scrolling"), MONDAY)
    logs = {MONDAY + timedelta(days=i): answer for i, answer in enumerate(["yes", "no", "partly"] * 6)}
    logs[MONDAY - timedelta(days=3)] = "yes"  # before the experiment: ignored
    today = MONDAY + timedelta(days=15)
    summary = ex.adherence_summary(experiment, logs, today)
    assert (summary.days_elapsed, summary.days_left, summary.days_logged) == (16, 12, 16)
    baseline, change = summary.phase("baseline"), summary.phase("change")
    assert (baseline.days_elapsed, baseline.logged, baseline.yes, baseline.no, baseline.partly) == (14, 14, 5, 5, 4)
    assert (change.days_elapsed, change.logged) == (2, 2)
    assert summary.words() == "You've logged 16 days so far."
    sparse = ex.adherence_summary(experiment, {MONDAY: "yes", MONDAY + timedelta(days=2): "no"}, MONDAY + timedelta(days=3))
    assert sparse.words() == "You've logged 2 days so far."


def test_adherence_words_stay_gentle():
    experiment = ex.plan_alternating(ex.lever("wake_time"), MONDAY, seed=4)
    cases = [
        ({}, MONDAY - timedelta(days=2)),
        ({}, MONDAY + timedelta(days=5)),
        ({MONDAY: "no"}, MONDAY + timedelta(days=9)),
        ({MONDAY + timedelta(days=i): "yes" for i in range(0, 56, 3)}, experiment.end + timedelta(days=10)),
    ]
    for logs, today in cases:
        words = ex.adherence_summary(experiment, logs, today).words().lower()
        assert words.endswith(".")
        assert not any(bad in words for bad in ("fail", "miss", "streak", "only", "should"))
    finished = ex.adherence_summary(experiment, cases[-1][0], cases[-1][1])
    assert finished.days_left == 0 and finished.words() == "You logged 19 days."


def test_bad_adherence_value_in_logs_is_refused():
    experiment = ex.plan_before_after(ex.lever("wake_time"), MONDAY)
    with pytest.raises(InvalidInput):
        ex.adherence_summary(experiment, {MONDAY: "sort of"}, MONDAY)

"""Lever experiment results, checked against cases worked out by hand."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from glimmers.core.toolkit.experiments import ALTERNATING, BEFORE_AFTER
from glimmers.core.analysis.insights.experiment_results import (
    analyse_experiment,
    nap,
    piecewise_ar1,
    randomisation_test,
    shift_interval,
)

MONDAY = date(2026, 3, 2)


def test_four_weeks_two_on_enumerated_by_hand():
    # Weekly means 3, 5, 4, 6; on-weeks are weeks 0 and 2 (means 3 and 4).
    # Observed: mean(on) - mean(off) = 3.5 - 5.5 = -2.
    # The 6 orders with two on-weeks, and their mean(on) - mean(off):
    #   {0,1}: 4.0 - 5.0 = -1      {1,2}: 4.5 - 4.5 =  0
    #   {0,2}: 3.5 - 5.5 = -2 (*)  {1,3}: 5.5 - 3.5 = +2
    #   {0,3}: 4.5 - 4.5 =  0      {2,3}: 5.0 - 4.0 = +1
    # "less": only {0,2} is <= -2, so p = 1/6.
    # "two-sided": |gap| >= 2 for {0,2} and {1,3}, so p = 2/6.
    result = randomisation_test([3, 5, 4, 6], [True, False, True, False])
    assert (result.statistic, result.extreme, result.assignments) == (-2.0, 1, 6)
    assert result.p_value == pytest.approx(1 / 6)
    assert result.smallest_p == pytest.approx(1 / 6)
    two = randomisation_test([3, 5, 4, 6], [True, False, True, False], alternative="two-sided")
    assert (two.extreme, two.p_value) == (2, pytest.approx(1 / 3))
    assert two.smallest_p == pytest.approx(2 / 6)  # the mirror-image order always ties
    # "greater": every order is >= -2, so p = 6/6.
    assert randomisation_test([3, 5, 4, 6], [True, False, True, False], alternative="greater").p_value == 1.0


def test_eight_weeks_four_lowest_on_gives_one_in_seventy():
    means = [1, 5, 2, 6, 3, 7, 4, 8]  # the on-weeks hold the four lowest means
    schedule = [True, False] * 4
    result = randomisation_test(means, schedule)
    assert result.assignments == math.comb(8, 4) == 70
    assert result.extreme == 1 and result.p_value == pytest.approx(1 / 70)
    assert result.smallest_p == pytest.approx(1 / 70)
    assert result.statistic == pytest.approx(2.5 - 6.5)
    assert randomisation_test(means, schedule, alternative="two-sided").p_value == pytest.approx(2 / 70)


def test_ties_count_as_at_least_as_extreme():
    # Means 3, 4, 4, 6 with weeks 0 and 1 on: gap = 3.5 - 5.0 = -1.5.
    #   {0,1}: 3.5 - 5.0 = -1.5 (*)  {1,2}: 4.0 - 4.5 = -0.5
    #   {0,2}: 3.5 - 5.0 = -1.5      {1,3}: 5.0 - 3.5 = +1.5
    #   {0,3}: 4.5 - 4.0 = +0.5      {2,3}: 5.0 - 3.5 = +1.5
    # "less": {0,1} and its tie {0,2}: 2/6. "two-sided": four orders reach |1.5|: 4/6.
    assert randomisation_test([3, 4, 4, 6], [True, True, False, False]).p_value == pytest.approx(2 / 6)
    two = randomisation_test([3, 4, 4, 6], [True, True, False, False], alternative="two-sided")
    assert two.p_value == pytest.approx(4 / 6)


def test_missing_weeks_are_dropped_from_statistic_and_enumeration():
    # Six weeks, two without data; left: weeks 0 (on, 3), 1 (off, 5), 3 (off, 6), 4 (on, 4).
    # Two of four on: 6 orders, values 3, 5, 6, 4 with {0,3} on, gap 3.5 - 5.5 = -2:
    # {0,1} -1, {0,2} 0, {0,3} -2 (*), {1,2} +2, {1,3} 0, {2,3} +1  ->  p = 1/6.
    result = randomisation_test([3, 5, None, 6, 4, float("nan")], [True, False, True, False, True, False])
    assert (result.on_weeks, result.off_weeks, result.assignments, result.extreme) == (2, 2, 6, 1)
    assert result.statistic == -2.0


def test_untestable_when_one_arm_has_no_data():
    result = randomisation_test([None, 5, None, 6], [True, False, True, False])
    assert not result.testable and result.p_value is None and result.smallest_p is None
    with pytest.raises(ValueError):
        randomisation_test([1, 2], [True, False], alternative="bigger")
    with pytest.raises(ValueError):
        randomisation_test([1, 2, 3], [True, False])


def test_shift_interval_by_hand():
    # Shifting the on-weeks (1, 2, 3, 4) up by d: at d = 3 (i.e. shift -1 tested) they become 2..5 against
    # 5..8, so two orders and their mirrors reach |gap| = 3: p = 4/70 > 0.05, plausible; just beyond, only
    # the observed order and its mirror do: p = 2/70, rejected. So the range ends at -1 and, alike, at -7.
    low, high = shift_interval([1, 5, 2, 6, 3, 7, 4, 8], [True, False] * 4)
    assert low == pytest.approx(-7.0, abs=0.01) and high == pytest.approx(-1.0, abs=0.01)
    # With 6 orders no shift can be rejected at 5%: no range.
    assert shift_interval([3, 5, 4, 6], [True, False, True, False]) is None


def test_nap_by_hand():
    assert nap([1, 2], [3]) == 1.0  # every on-day less numb
    assert nap([4], [3]) == 0.0
    assert nap([3], [3]) == 0.5  # a tie counts one half
    # Pairs (1,2) 1, (1,3) 1, (3,2) 0, (3,3) 0.5: 2.5 / 4.
    assert nap([1, 3], [2, 3]) == pytest.approx(0.625)
    # Pairs (2,3) 1, (2,3) 1, (4,3) 0, (4,3) 0: 2 / 4.
    assert nap([2, 4], [3, 3]) == 0.5
    assert nap([], [1]) is None


def _ar1_days(seed: int, days: int, phi: float = 0.4, sd: float = 1.5, missing: float = 0.1, level: float = 5.0):
    import numpy as np

    rng = np.random.default_rng(seed)
    values = np.zeros(days)
    values[0] = rng.standard_normal()
    for i in range(1, days):
        values[i] = phi * values[i - 1] + math.sqrt(1 - phi**2) * rng.standard_normal()
    keep = rng.random(days) >= missing
    return {MONDAY + timedelta(days=i): float(level + sd * v) for i, v in enumerate(values) if keep[i]}


def test_piecewise_recovers_a_planted_shift_within_its_interval():
    daily = _ar1_days(11, 56)
    change = MONDAY + timedelta(days=28)
    daily = {d: v - (2.5 if d >= change else 0.0) for d, v in daily.items()}  # about 1.7 usual-day SDs
    fit = piecewise_ar1(daily, change)
    assert fit.fitted and fit.enough_data
    assert fit.low <= -2.5 <= fit.high
    assert fit.high < 0, f"a drop this large over four weeks a side should be clear: {fit}"
    with_trend = piecewise_ar1(daily, change, trend=True, slope_change=True)
    assert with_trend.fitted and with_trend.high - with_trend.low > fit.high - fit.low


def test_piecewise_interval_keeps_its_coverage_under_carry_over():
    # The interval is calibrated for autocorrelation; across 60 null people it should cover zero about
    # 95% of the time (GLSAR's own interval managed 85-91% at these sizes).
    covered = 0
    for seed in range(60):
        fit = piecewise_ar1(_ar1_days(100 + seed, 28, phi=0.6), MONDAY + timedelta(days=14))
        covered += fit.low <= 0 <= fit.high
    assert covered >= 52, f"covered {covered} of 60"


def test_piecewise_is_none_safe_on_thin_data():
    fit = piecewise_ar1({MONDAY: 4.0, MONDAY + timedelta(days=1): 5.0}, MONDAY + timedelta(days=1))
    assert not fit.fitted and not fit.enough_data and fit.effect is None
    flat = {MONDAY + timedelta(days=i): 5.0 for i in range(30)}
    assert piecewise_ar1(flat, MONDAY + timedelta(days=15)).effect is None


def _weekly(means_by_week, days_per_week=7):
    return {MONDAY + timedelta(days=7 * w + i): m + (0.3 if i % 2 else -0.3)
            for w, m in enumerate(means_by_week) for i in range(days_per_week)}


SCHEDULE = (True, False, False, True, True, False, True, False)


def test_alternating_result_and_its_words():
    daily = _weekly([3 if on else 6 for on in SCHEDULE])
    end = MONDAY + timedelta(days=55)
    result = analyse_experiment(ALTERNATING, daily, start=MONDAY, end=end, schedule=SCHEDULE,
                                today=end + timedelta(days=1))
    assert result.status == "result"
    assert (result.weeks_with_change, result.weeks_without_change, result.days_with_change) == (4, 4, 28)
    assert result.effect == pytest.approx(-3.0)
    assert result.p_value == pytest.approx(1 / 70) and (result.extreme, result.assignments) == (1, 70)
    # Every on-week is exactly 3 points below every off-week, so only a shift of 3 is plausible.
    assert result.low == pytest.approx(-3.0, abs=0.01) and result.high == pytest.approx(-3.0, abs=0.01)
    assert 0.5 < result.nap <= 1.0
    words = result.words()
    assert "3.0 points lower than in the weeks without" in words
    assert "1 of the 70 possible week orders" in words
    assert "picked at random" in words and "about you in these weeks" in words


def test_alternating_running_and_too_early():
    daily = _weekly([3 if on else 6 for on in SCHEDULE[:4]])
    end = MONDAY + timedelta(days=55)
    running = analyse_experiment(ALTERNATING, daily, start=MONDAY, end=end, schedule=SCHEDULE,
                                 today=MONDAY + timedelta(days=28))
    assert running.status == "running" and running.assignments == 6
    assert running.low is None  # 6 orders cannot give a 95% range
    # No range, so no comparison is worded: every claim needs its plausible range.
    assert "no comparison is given" in running.words() and "points" not in running.words()
    early = analyse_experiment(ALTERNATING, _weekly([3, 6, 6]), start=MONDAY, end=end, schedule=SCHEDULE,
                               today=MONDAY + timedelta(days=20))
    assert early.status == "too_early" and early.effect is None
    assert "so far there are 1 and 2" in early.words()
    # A week with only two check-in days does not count as a week with data.
    sparse = analyse_experiment(ALTERNATING, _weekly([3, 6, 6, 3], days_per_week=2), start=MONDAY, end=end,
                                schedule=SCHEDULE, today=MONDAY + timedelta(days=30))
    assert sparse.status == "too_early" and sparse.weeks_with_change == 0
    future = analyse_experiment(ALTERNATING, {}, start=MONDAY, end=end, schedule=SCHEDULE,
                                today=MONDAY - timedelta(days=3))
    assert future.status == "too_early" and "starts on" in future.words()


def test_before_after_gate_and_words():
    start, baseline = MONDAY, 14
    end = start + timedelta(days=27)
    daily = _ar1_days(5, 28, missing=0.0)
    daily = {d: v - (2.0 if d >= start + timedelta(days=baseline) else 0.0) for d, v in daily.items()}
    partial = {d: v for d, v in daily.items() if d < start + timedelta(days=19)}
    early = analyse_experiment(BEFORE_AFTER, partial, start=start, end=end, baseline_days=baseline,
                               change_days=14, today=start + timedelta(days=18))
    assert early.status == "too_early" and early.days_with_change == 5
    assert "about 9 more days" in early.words()
    done = analyse_experiment(BEFORE_AFTER, daily, start=start, end=end, baseline_days=baseline, change_days=14,
                              today=end + timedelta(days=2))
    assert done.status == "result" and done.effect < 0 and done.low <= done.effect <= done.high
    words = done.words()
    assert "Other things may also have changed" in words
    assert "coincided with the habit, not proof that it caused it" in words
    assert "plausible range" in words
    ended_thin = analyse_experiment(BEFORE_AFTER, partial, start=start, end=end, baseline_days=baseline,
                                    today=end + timedelta(days=5))
    assert ended_thin.status == "too_early" and "ended without enough check-ins" in ended_thin.words()
    for text in (words, early.words(), ended_thin.words()):
        assert "relapse" not in text.lower() and "caused by" not in text.lower()

"""Numbness before and after a medication event: the words point to the prescriber, never to a decision."""

from __future__ import annotations

import math
from datetime import date, timedelta

from glimmers.core.analysis.insights.medication_change import MIN_DAYS_EACH_SIDE, medication_change
from glimmers.core.care.medication import MedicationEvent

EVENT = MedicationEvent(name="Examplex", kind="start", day=date(2026, 5, 4), dose="10 mg")


def _around(seed: int, rise: float, days_each_side: int = 28, phi: float = 0.4, missing: float = 0.0):
    import numpy as np

    rng = np.random.default_rng(seed)
    total = 2 * days_each_side + 1
    values = np.zeros(total)
    values[0] = rng.standard_normal()
    for i in range(1, total):
        values[i] = phi * values[i - 1] + math.sqrt(1 - phi**2) * rng.standard_normal()
    first = EVENT.day - timedelta(days=days_each_side)
    daily = {}
    for i, v in enumerate(values):
        day = first + timedelta(days=i)
        if rng.random() >= missing:
            daily[day] = float(4.0 + 1.2 * v + (rise if day > EVENT.day else 0.0))
    return daily


def _never_advises(words: str) -> None:
    lowered = words.lower()
    assert "prescriber" in lowered
    assert "please don't stop or change a medicine on your own" in lowered
    for phrase in ("you should stop", "stop taking", "reduce the dose", "increase the dose", "caused by",
                   "side effect", "relapse"):
        assert phrase not in lowered


def test_a_rise_after_the_event_is_reported_with_the_prescriber_in_mind():
    result = medication_change(_around(1, 2.5, missing=0.1), EVENT)
    assert result.status == "higher"
    assert result.fit.low <= 2.5 <= result.fit.high and result.fit.low > 0
    words = result.words()
    assert "points higher than on the" in words and "plausible range" in words
    assert "not proof that the medicine caused it" in words
    assert "worth raising with your prescriber" in words
    _never_advises(words)


def test_no_clear_difference_still_points_to_the_prescriber():
    result = medication_change(_around(2, 0.0), EVENT)
    assert result.status == "no_clear_difference"
    assert result.fit.low < 0 < result.fit.high
    assert "no clear difference either way" in result.words()
    _never_advises(result.words())


def test_needs_two_weeks_with_check_ins_on_each_side():
    daily = _around(3, 1.0)
    result = medication_change(daily, EVENT, today=EVENT.day + timedelta(days=10))
    assert result.status == "not_enough_data" and result.fit.after_days == 10
    assert f"at least {MIN_DAYS_EACH_SIDE} days with a check-in" in result.words()
    assert "there are 28 before and 10 after" in result.words()
    _never_advises(result.words())


def test_event_day_left_out_and_window_stops_at_other_events():
    daily = _around(4, 0.0)
    result = medication_change(daily, EVENT)
    assert result.fit.before_days == 28 and result.fit.after_days == 28  # the event day itself is in neither
    earlier = MedicationEvent(name="Otherol", kind="stop", day=EVENT.day - timedelta(days=10))
    later = MedicationEvent(name="Examplex", kind="change", day=EVENT.day + timedelta(days=20))
    clipped = medication_change(daily, EVENT, others=[earlier, later])
    assert clipped.window_start == earlier.day + timedelta(days=1)
    assert clipped.window_end == later.day - timedelta(days=1)
    assert (clipped.fit.before_days, clipped.fit.after_days) == (9, 19)
    assert clipped.status == "not_enough_data"

"""Persistent or situational, and "most days above threshold" for triage."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from glimmers.core.analysis.insights.persistence import (
    between_day_share,
    bias_corrected_phi,
    classify,
    half_life,
    inertia,
    most_days_above,
    persistence,
)

START = date(2026, 1, 5)


def test_half_life_by_hand():
    assert half_life(0.5) == pytest.approx(1.0)  # ln 0.5 / ln 0.5
    assert half_life(0.25) == pytest.approx(0.5)  # 0.25 = 0.5^2, so half is gone in half a day
    assert half_life(0.5**0.5) == pytest.approx(2.0)
    assert half_life(0.0) is None and half_life(-0.2) is None and half_life(None) is None


def test_bias_correction_adds_back_the_usual_shortfall():
    assert bias_corrected_phi(0.5, 50) == pytest.approx(0.5 + 2.5 / 50)
    assert bias_corrected_phi(0.98, 10) == 0.99


def test_between_day_share_by_hand():
    # Ten days with two check-ins each: day means alternate 0 and 2, each check-in is its mean -1 or +1.
    # Within: 20 squared deviations of 1 over N - k = 10 -> MSW = 2.
    # Between: grand mean 1, SSB = 10 days * 2 check-ins * 1^2 = 20 over k - 1 = 9 -> MSB = 20/9.
    # n0 = 2, so between-day variance = (20/9 - 2) / 2 = 1/9 and the share = (1/9) / (1/9 + 2) = 1/19.
    moments = []
    for i in range(10):
        mean = 0.0 if i % 2 == 0 else 2.0
        day = START + timedelta(days=i)
        moments += [(day, mean - 1), (day, mean + 1)]
    share, split_days = between_day_share(moments)
    assert split_days == 10 and share == pytest.approx(1 / 19)
    assert between_day_share(moments[:18]) == (None, 9)  # fewer than 10 days with two check-ins


def _person(seed, days, phi, calm_lift, level=6.5, noise=1.0, within=0.5):
    import numpy as np

    rng = np.random.default_rng(seed)
    carry = np.zeros(days)
    carry[0] = rng.standard_normal()
    for i in range(1, days):
        carry[i] = phi * carry[i - 1] + math.sqrt(1 - phi**2) * rng.standard_normal()
    stress = rng.integers(0, 11, days).astype(float)
    numbness = level + noise * carry - calm_lift * (stress <= 3)
    daily = {START + timedelta(days=i): float(v) for i, v in enumerate(numbness)}
    stress_by_day = {START + timedelta(days=i): float(s) for i, s in enumerate(stress)}
    moments = [(START + timedelta(days=i), float(v + within * rng.standard_normal()))
               for i, v in enumerate(numbness) for _ in range(3)]
    return daily, stress_by_day, moments


def test_steady_numbness_reads_as_persistent():
    daily, stress, moments = _person(4, 90, phi=0.8, calm_lift=0.2)
    result = persistence(daily, stress, moments=moments)
    assert result.pattern == "persistent"
    assert result.half_life >= 1.0 and result.lift < 1.0
    assert result.low_stress_above >= result.low_stress_days / 2
    words = result.words()
    assert "half of the extra is typically still there" in words
    assert "On low-stress days numbness averaged" in words and "plausible range" in words
    assert "looks fairly steady" in words


def test_numbness_that_moves_with_stress_reads_as_situational():
    daily, stress, moments = _person(5, 90, phi=0.1, calm_lift=2.0)
    result = persistence(daily, stress, moments=moments, threshold=6)
    assert result.pattern == "situational"
    assert result.lift >= 1.0 and result.high < 0
    assert result.threshold == 6
    assert "points lower than on other days" in result.words()
    assert "move with what is going on" in result.words()


def test_classify_thresholds():
    assert classify(None, -2.0, -1.0, 0.1, 0.5) == "not_enough_data"
    assert classify(0.6, -0.5, 0.1, 0.8, 0.9) == "persistent"
    assert classify(0.6, -0.5, 0.1, 0.3, 0.9) == "unclear"  # slow, but calm days usually below the threshold
    assert classify(0.6, -1.5, -0.5, 0.3, 0.9) == "mixed"  # carries over, and eases clearly on calm days
    assert classify(0.2, -1.5, -0.5, 0.3, 0.9) == "situational"
    assert classify(0.2, -0.3, 0.4, 0.3, 0.3) == "changeable"  # most of the variation is within days, nothing more
    assert classify(0.2, -0.3, 0.4, 0.6, 0.9) == "unclear"


def test_pure_noise_is_not_said_to_move_with_what_is_going_on():
    import numpy as np

    rng = np.random.default_rng(11)
    for seed in range(5):
        days = [START + timedelta(days=i) for i in range(120)]
        daily = {day: float(5 + rng.standard_normal()) for day in days}
        stress = {day: float(rng.integers(0, 11)) for day in days}
        moments = [(day, value + 0.3 * float(rng.standard_normal())) for day, value in daily.items() for _ in range(2)]
        words = persistence(daily, stress, moments=moments).words()
        assert "moves with what is going on" not in words and "move with what is going on" not in words, (seed, words)


def test_thin_data_says_what_is_missing():
    result = persistence({START + timedelta(days=i): 6.0 + (i % 3) for i in range(10)})
    assert result.pattern == "not_enough_data" and result.phi is None and inertia({}) is None
    assert "about 18 more days with a check-in" in result.words()
    assert "stress rated on at least 10 calmer days" in result.words()


def test_most_days_above_by_hand():
    days = [START + timedelta(days=i) for i in range(14)]
    # 9 of 14 days above 5 (a 5 is not above 5).
    values = [6, 7, 5, 6, 8, 4, 6, 6, 5, 7, 6, 3, 5, 6]
    result = most_days_above(dict(zip(days, values)))
    assert result.result and result.enough_data
    above = tuple(d for d, v in zip(days, values) if v > 5)
    assert result.days_above == above and len(above) == 9 and result.days_with_data == 14
    assert (result.window_start, result.window_end) == (days[0], days[-1])
    assert "above 5 on 9 of the 14 days" in result.words() and "doctor or therapist" in result.words()
    # Exactly half is not "most".
    half = most_days_above(dict(zip(days, [6] * 7 + [4] * 7)))
    assert not half.result and half.enough_data and "doctor" not in half.words()
    # Older days fall outside the two-week window.
    older = {START - timedelta(days=i): 9.0 for i in range(1, 30)} | dict(zip(days, [4] * 14))
    assert not most_days_above(older).result
    thin = most_days_above(dict(zip(days[:6], [8] * 6)), today=days[-1])
    assert not thin.result and not thin.enough_data and "too few check-ins" in thin.words()
    assert most_days_above({}).result is False

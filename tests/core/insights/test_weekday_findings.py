"""The day of the week: one real day is found, and it does not make claims about the others."""

from __future__ import annotations

import pytest

from glimmers.core.analysis.insights import triggers
from glimmers.core.analysis.insights.simulate import simulate_person


def _weekdays(person):
    analysis = triggers.analyse(person.moments, person.days, today=person.today)
    return {f.key: f for f in analysis.findings if f.key.startswith("weekday:")}


@pytest.mark.slow
def test_a_heavy_monday_is_found_and_no_other_day_is_claimed():
    # a year of check-ins, Mondays 1 SD more numb: before, Tuesdays "0.8 points lighter" came out in half of them
    found, others = 0, []
    for seed in range(10):
        days = _weekdays(simulate_person(1000 + seed, 365, monday_sd=1.0))
        found += days["weekday:mon"].shown and days["weekday:mon"].effect > 0
        others += [key for key, f in days.items() if f.shown and key != "weekday:mon"]
        # Tuesday is held against the days that were never singled out, not against a heavy Monday
        assert abs(days["weekday:tue"].effect) < 0.5, days["weekday:tue"]
    assert found >= 9 and others == [], others


def test_with_no_weekday_effect_no_day_is_claimed_unless_the_week_as_a_whole_varies():
    claimed = []
    for seed in range(6):
        days = _weekdays(simulate_person(2000 + seed, 200))
        claimed += [key for key, f in days.items() if f.shown]
        # a day's p is never below the joint test's: when the week as a whole does not vary (p > 0.05),
        # every day's p is above 0.05 too, whatever its own contrast says
        ps = [f.p for f in days.values() if f.p is not None]
        assert len(ps) == 7 and (min(ps) > 0.05 or len(set(round(p, 12) for p in ps)) < 7), ps
    assert claimed == []

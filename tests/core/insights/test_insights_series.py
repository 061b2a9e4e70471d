"""Input records, the reference day-level and within-day views, and the arrays built from them."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from glimmers.core.analysis.insights.series import DayInput, Moment, daily_means, within_day
from glimmers.core.analysis.insights.table import tabulate, within_person_sd

D0 = date(2026, 3, 2)  # a Monday


def m(offset: int, hour: int, numbness: float, *tags: str) -> Moment:
    return Moment(D0 + timedelta(days=offset), hour, numbness, frozenset(tags))


MOMENTS = [m(0, 8, 6), m(0, 13, 4, "doing:meeting"), m(0, 20, 5), m(1, 9, 7), m(3, 9, 2, "who:alone"), m(3, 21, 4)]


def test_moment_hour_must_be_a_clock_hour():
    with pytest.raises(ValueError):
        Moment(D0, 24, 5.0)


def test_day_input_reads_blank_as_missing_not_zero():
    day = DayInput(D0, {"sleep_hours": 7.5, "alcohol_units": None})
    assert day.value("sleep_hours") == 7.5
    assert day.value("alcohol_units") is None and day.value("daylight_minutes") is None


def test_daily_means():
    assert daily_means(MOMENTS) == {D0: 5.0, D0 + timedelta(days=1): 7.0, D0 + timedelta(days=3): 3.0}
    assert daily_means([]) == {}


def test_within_day_only_keeps_days_with_two_check_ins():
    pairs = within_day(MOMENTS)
    assert [round(dev, 9) for _m, dev in pairs] == [1.0, -1.0, 0.0, -1.0, 1.0]
    assert all(moment.day != D0 + timedelta(days=1) for moment, _dev in pairs)


def test_table_matches_the_reference_views():
    days = [DayInput(D0, {"sleep_hours": 5.5}), DayInput(D0 + timedelta(days=2), {"glimmer_logged": 1.0}),
            DayInput(D0 + timedelta(days=9), {"sleep_hours": 8.0})]  # after today: ignored
    table = tabulate(MOMENTS, days, today=D0 + timedelta(days=4))
    assert table.start == D0 and table.n_days == 4 and table.span == 5
    means = daily_means(MOMENTS)
    expected = [means.get(D0 + timedelta(days=i), np.nan) for i in range(4)]
    np.testing.assert_allclose(table.daily, expected)
    assert list(table.count) == [3, 1, 0, 2]
    assert np.isnan(table.values["sleep_hours"][1]) and table.values["sleep_hours"][0] == 5.5
    assert table.values["glimmer_logged"][2] == 1.0 and np.isnan(table.values["glimmer_logged"][0])
    assert list(table.weekday()) == [0, 1, 2, 3]
    assert sorted(table.tag_names) == ["doing:meeting", "who:alone"]
    tagged = {table.tag_names[t]: int(i) for i, t in zip(table.pair_moment, table.pair_tag)}
    assert tagged == {"doing:meeting": 1, "who:alone": 4}


def test_empty_and_single_rating_tables():
    empty = tabulate([], [], today=D0)
    assert empty.n_days == 0 and within_person_sd(empty) is None
    assert within_person_sd(tabulate([m(0, 8, 5)], [], today=D0)) is None
    assert within_person_sd(tabulate([m(0, 8, 5), m(0, 9, 5)], [], today=D0)) is None  # no variation
    assert within_person_sd(tabulate(MOMENTS, [], today=D0 + timedelta(days=5))) == pytest.approx(
        np.std([6, 4, 5, 7, 2, 4], ddof=1))

"""The gates, rule by rule: each one on its own must be able to stop a finding."""

from __future__ import annotations

from dataclasses import replace

import pytest

from glimmers.core.analysis.insights.findings import Finding, data_tier, days_to_detect, gate, ranked

# Passes every gate as a pattern when it is the only test in the family.
PASSING = Finding(
    key="tag:doing:meeting", family="context", label="meeting",
    effect=1.5, low=0.8, high=2.2, sd_units=1.25, n_with=25, n_without=40, days=65, p=0.001,
    halves_agree=True, se=0.35, sd=1.2, span=80,
)


def gated(finding: Finding) -> Finding:
    return gate([finding])[0]


def test_the_reference_finding_is_a_pattern():
    result = gated(PASSING)
    assert result.status == "pattern" and result.q == pytest.approx(0.001) and result.more_days_needed is None


@pytest.mark.parametrize(
    "rule, changes, status",
    [
        ("q above 0.10", dict(p=0.2, low=-0.1), "no_clear_difference"),
        ("q above 0.10, range clear of zero", dict(p=0.12), "no_clear_difference"),
        ("below 1 point and 0.3 SD", dict(effect=0.3, low=0.1, high=0.5, sd_units=0.25), "no_clear_difference"),
        ("1 point is not needed when 0.3 SD is met", dict(effect=0.5, low=0.2, high=0.8, sd_units=0.42), "pattern"),
        ("0.3 SD is not needed when 1 point is met", dict(sd=5.0, sd_units=0.3), "pattern"),
        ("under 1 point and under 0.3 of a large SD", dict(effect=0.9, low=0.4, high=1.4, sd=5.0),
         "no_clear_difference"),
        ("halves disagree", dict(halves_agree=False), "no_clear_difference"),
        ("a half could not be estimated", dict(halves_agree=None), "no_clear_difference"),
        ("range includes zero", dict(low=-0.05), "no_clear_difference"),
        ("fewer than 20 days with", dict(n_with=15), "early_hint"),
        ("fewer than 20 days without", dict(n_without=19), "early_hint"),
        ("fewer than 60 days in all", dict(days=59), "early_hint"),
        ("fewer than 10 days with", dict(n_with=9), "not_enough_data"),
        ("fewer than 10 days without", dict(n_without=9), "not_enough_data"),
        ("no p-value (the model could not be fit)", dict(p=None), "not_enough_data"),
        ("continuous, 49 paired days", dict(kind="continuous", n_with=49, n_without=None), "not_enough_data"),
        ("continuous, 50 paired days", dict(kind="continuous", n_with=50, n_without=None), "pattern"),
        ("negative effects pass the same way", dict(effect=-1.5, low=-2.2, high=-0.8, sd_units=-1.25), "pattern"),
    ],
)
def test_each_rule(rule, changes, status):
    assert gated(replace(PASSING, **changes)).status == status, rule


def test_the_fdr_correction_counts_every_test_in_the_family():
    alone = replace(PASSING, p=0.01)
    assert gated(alone).status == "pattern"
    others = [replace(PASSING, key=f"tag:other:t{i}", p=0.5, effect=0.1, low=-0.5, high=0.7) for i in range(19)]
    result = gate([alone, *others])
    assert result[0].q == pytest.approx(0.2) and result[0].status == "no_clear_difference"
    assert all(f.status == "no_clear_difference" for f in result)


def test_findings_below_the_data_minimum_are_not_in_the_family():
    alone = replace(PASSING, p=0.01)
    untested = [replace(PASSING, key=f"tag:other:t{i}", p=0.5, n_with=3) for i in range(19)]
    result = gate([alone, *untested])
    assert result[0].status == "pattern" and result[0].q == pytest.approx(0.01)
    assert all(f.status == "not_enough_data" and f.q is None for f in result[1:])


def test_gate_keeps_the_order():
    items = [replace(PASSING, key=f"k{i}") for i in range(5)]
    assert [f.key for f in gate(items)] == [f"k{i}" for i in range(5)]


def test_more_days_for_not_enough_data_follows_the_current_rate():
    # 5 days with the tag in 50 calendar days: one every 10 days, so 5 more need about 50 days.
    finding = gated(replace(PASSING, n_with=5, n_without=30, days=35, span=50))
    assert finding.status == "not_enough_data" and finding.more_days_needed == 50
    # The slower count decides: 4 days without in 50 calendar days needs 6 more, about 75 days.
    finding = gated(replace(PASSING, n_with=30, n_without=4, days=34, span=50))
    assert finding.more_days_needed == 75


def test_more_days_for_an_early_hint_is_the_way_to_a_pattern():
    # 40 days so far in a span of 40; 20 more days in all are needed for 60.
    finding = gated(replace(PASSING, n_with=20, n_without=20, days=40, span=40))
    assert finding.status == "early_hint" and finding.more_days_needed == 20


def test_no_more_days_promised_for_a_tag_never_used_or_far_off():
    assert gated(replace(PASSING, n_with=0)).more_days_needed is None
    assert gated(replace(PASSING, n_with=1, span=400)).more_days_needed is None  # 9 * 400 days: a guess


def test_more_days_to_detect():
    # Wide range, no clear difference: se 0.35, target is the floor 0.36 -> 65 * (2.9 * 0.35 / 0.36)^2 days in all.
    wide = replace(PASSING, effect=0.1, low=-0.6, high=0.8, p=0.8, span=65)
    expected = 65 * (2.9 * 0.35 / 0.36) ** 2 - 65
    assert days_to_detect(wide) == pytest.approx(expected, abs=1)
    assert gated(wide).more_days_needed == days_to_detect(wide)
    # A narrow range inside the floor: waiting would not help.
    narrow = replace(PASSING, effect=0.05, low=-0.2, high=0.3, p=0.7, se=0.12)
    assert days_to_detect(narrow) is None and gated(narrow).more_days_needed is None


def test_data_tiers():
    assert data_tier(PASSING) == "pattern"
    assert data_tier(replace(PASSING, n_with=10, n_without=10)) == "early"
    assert data_tier(replace(PASSING, n_with=10, n_without=9)) == "none"


def test_ranked_puts_patterns_first_then_size():
    small = replace(PASSING, key="a", sd_units=0.5, status="pattern")
    big = replace(PASSING, key="b", sd_units=-2.0, status="pattern")
    hint = replace(PASSING, key="c", sd_units=3.0, status="early_hint")
    assert [f.key for f in ranked([hint, small, big])] == ["b", "a", "c"]


def test_reverse_sleep_uses_the_sd_floor_only():
    hours = replace(PASSING, key="lag:sleep_hours", unit="hours", kind="continuous", n_without=None, n_with=80,
                    effect=-0.2, low=-0.3, high=-0.1, sd=0.8, sd_units=-0.25)
    assert hours.floor == pytest.approx(0.24)
    assert gated(hours).status == "no_clear_difference"
    assert gated(replace(hours, effect=-0.3, low=-0.4, high=-0.2, sd_units=-0.375)).status == "pattern"


def test_looks_small_needs_the_whole_raw_range_inside_the_margin():
    small = replace(PASSING, effect=0.05, low=-0.2, high=0.3, se=0.12, sd=2.0)
    assert small.margin == 0.4 and small.looks_small
    # a real 0.64-point effect whose range reaches past the margin is not "small"
    assert not replace(small, effect=0.64, low=0.1, high=1.2).looks_small
    # the margin is never wider than the person's own floor (0.3 SD of a small SD)
    narrow = replace(small, sd=0.8)
    assert narrow.margin == pytest.approx(0.24) and not narrow.looks_small


def test_a_range_with_no_width_or_no_error_never_looks_small():
    # tags that spread no more than their noise are all shrunk to exactly zero: that says nothing about one
    shrunk = replace(PASSING, effect=0.3, low=-0.5, high=1.1, se=0.4, sd=2.0, shrunk=(0.0, 0.0, 0.0))
    assert not shrunk.looks_small
    assert not replace(shrunk, low=0.0, high=0.0).looks_small  # no width at all
    assert not replace(shrunk, low=-0.1, high=0.2, se=None).looks_small
    assert replace(shrunk, low=-0.1, high=0.2).looks_small  # the raw range decides, not the shrunk one

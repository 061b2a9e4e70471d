"""Every finding in plain words: sizes with ranges, honest "not yet", never a cause."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from glimmers.core.analysis.insights import daily, within
from glimmers.core.analysis.insights.findings import Finding
from glimmers.core.analysis.insights.words import describe, sentences, substance, substance_caveats

FORBIDDEN = re.compile(r"caus|because|due to|leads to worse|proves|diagnos|disorder|depress|relapse", re.IGNORECASE)

BASE = Finding(
    key="factor:sleep_hours:short", family="factor", label="short nights (under 6 hours)",
    effect=1.2, low=0.5, high=1.9, sd_units=1.0, n_with=25, n_without=50, days=75, p=0.001, q=0.01,
    halves_agree=True, status="pattern", se=0.35, sd=1.2, span=90,
)


def every_key() -> list[tuple[str, str]]:
    keys = [(p.key, p.label) for p in daily.PREDICTORS]
    keys += [(f"weekday:{suffix}", label) for suffix, label in daily.WEEKDAYS]
    keys += [(f"hour:{suffix}", label) for suffix, label, _hours in within.TIMES_OF_DAY]
    keys += [("lag:sleep_hours", daily.REVERSE_SLEEP_LABEL), ("tag:doing:meeting", "meeting")]
    return keys


def variants(key: str, label: str) -> list[Finding]:
    base = replace(BASE, key=key, label=label, unit="hours" if key.startswith("lag:") else "points")
    down = replace(base, effect=-1.2, low=-1.9, high=-0.5)
    return [
        base, down, replace(base, status="early_hint", more_days_needed=20),
        replace(base, status="no_clear_difference", more_days_needed=12, low=-0.4),
        replace(base, status="no_clear_difference", more_days_needed=None, effect=0.1, low=-0.2, high=0.3),
        replace(base, status="no_clear_difference", more_days_needed=None, effect=0.1, low=-1.2, high=1.5),
        replace(base, status="not_enough_data", more_days_needed=1),
        replace(base, status="not_enough_data", more_days_needed=30),
        replace(base, status="not_enough_data", more_days_needed=None),
    ]


@pytest.mark.parametrize("key, label", every_key())
def test_every_key_and_status_reads_plainly_and_never_claims_a_cause(key, label):
    for finding in variants(key, label):
        text = describe(finding)
        assert not FORBIDDEN.search(text), text
        # Alcohol or cannabis with less numbness carries its caveat (tested below); the rest reads as any finding.
        caveat = substance_caveats().get(substance(key) or "", "")
        needs_caveat = bool(caveat) and finding.shown and finding.effect < 0
        assert (bool(caveat) and caveat in text) == needs_caveat, text
        text = text.replace(f" {caveat}", "") if needs_caveat else text
        assert "%(" not in text and "{" not in text, text
        assert 20 < len(text) < 330, text
        assert 1 <= len(re.findall(r"[.!?](?:\s|$)", text)) <= 2, text  # one or two sentences


def test_every_day_level_key_has_its_own_sentence():
    assert {p.key for p in daily.PREDICTORS} | {"lag:sleep_hours"} <= set(sentences())


def test_a_pattern_gives_size_range_and_caveat():
    text = describe(BASE)
    assert text.startswith("On days after a short night (under 6 hours), numbness averaged 1.2 points higher "
                           "(plausible range 0.5 to 1.9).")
    assert "not proof" in text


def test_lower_numbness_is_worded_as_lower_with_a_positive_range():
    text = describe(replace(BASE, key="tag:doing:walk", label="walk", effect=-1.04, low=-1.5, high=-0.6))
    assert "'walk'" in text and "had numbness 1.0 points lower" in text and "plausible range 0.6 to 1.5" in text


def test_an_early_hint_says_so():
    assert "early hint" in describe(replace(BASE, status="early_hint"))


def test_not_yet_is_a_first_class_answer():
    meeting = replace(BASE, key="tag:doing:meeting", label="meeting", status="no_clear_difference",
                      more_days_needed=12)
    assert describe(meeting) == "No clear difference yet for 'meeting' — about 12 more days would tell more."
    assert "1 more day " in describe(replace(meeting, more_days_needed=1))
    thin = replace(meeting, status="not_enough_data", more_days_needed=30)
    assert describe(thin).startswith("Not enough entries yet for 'meeting'") and "30 more days" in describe(thin)
    assert describe(replace(thin, more_days_needed=None)) == "Not enough entries yet to say anything about 'meeting'."


def test_a_clear_absence_of_a_big_difference_is_said():
    small = replace(BASE, key="lever:activity_done", label="days with a planned activity",
                    status="no_clear_difference", effect=0.05, low=-0.2, high=0.3)
    assert "looks small (under 0.4 points)" in describe(small)


def test_the_small_difference_margin_is_rounded_up_so_the_sentence_stays_true():
    # a floor of 0.3 SD of 1.2 is 0.36 points: "under 0.4", never "under 0.3" of a range reaching 0.35
    small = replace(BASE, key="lever:activity_done", label="days with a planned activity", status="no_clear_difference",
                    effect=0.05, low=-0.25, high=0.35, se=0.15, sd=1.2)
    assert "looks small (under 0.4 points)" in describe(small)
    shrunk_to_nothing = replace(small, key="tag:who:alone", label="alone", effect=0.15, low=-0.6, high=0.9,
                                shrunk=(0.0, 0.0, 0.0))
    assert "looks small" not in describe(shrunk_to_nothing)


def test_about_mood_worse_is_lower_and_the_words_say_so():
    from glimmers.core.analysis.insights.outcome import OUTCOMES

    mood = OUTCOMES["mood"]
    # on the engine's scale positive is worse: for mood, that is lower mood
    assert describe(BASE, mood).startswith("On days after a short night (under 6 hours), mood averaged 1.2 points lower")
    walk = replace(BASE, key="tag:doing:walk", label="walk", effect=-0.8, low=-1.2, high=-0.4)
    assert "Check-ins tagged 'walk' had mood 0.8 points higher than your other check-ins" in describe(walk, mood)
    # alcohol going with *better* mood still carries its caveat
    drink = replace(BASE, key="factor:alcohol_units:any", label="alcohol the evening before", effect=-0.9, low=-1.4,
                    high=-0.4)
    assert "mood averaged 0.9 points higher" in describe(drink, mood) and "A word on alcohol" in describe(drink, mood)
    assert "numb" not in describe(walk, mood)

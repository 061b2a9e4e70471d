"""PHQ-9, PHQ-2, GAD-7, GAD-2: exact wording and codes, every band edge, the
safety item, and input that is refused whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from glimmers.core.care import instruments
from glimmers.core.errors import InvalidInput

CLINICAL = Path(__file__).resolve().parents[3] / "shared" / "CLINICAL.md"

NOTICE = (
    "Copyright © Pfizer Inc. All rights reserved. Developed by Drs. Robert L. Spitzer, "
    "Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer "
    "Inc. No permission required to reproduce, translate, display or distribute."
)
STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
ANSWER_CODES = [(0, "Not at all", "LA6568-5"), (1, "Several days", "LA6569-3"),
                (2, "More than half the days", "LA6570-1"), (3, "Nearly every day", "LA6571-9")]
PHQ9_LOINC = ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"]
GAD7_LOINC = ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"]
GAD7_TEXT = [
    "Feeling nervous, anxious, or on edge", "Not being able to stop or control worrying",
    "Worrying too much about different things", "Trouble relaxing",
    "Being so restless that it is hard to sit still", "Becoming easily annoyed or irritable",
    "Feeling afraid, as if something awful might happen",
]
FUNCTIONAL = [(0, "Not difficult at all", "LA6572-7"), (1, "Somewhat difficult", "LA6573-5"),
              (2, "Very difficult", "LA6575-0"), (3, "Extremely difficult", "LA6574-3")]


def answers_for(key: str, total: int, *, keep_last_zero: bool = False) -> list[int]:
    """Answers that add up to ``total``, filling from the first item."""
    count = len(instruments.instrument(key).items)
    slots = count - 1 if keep_last_zero else count
    values = []
    for _ in range(slots):
        values.append(min(3, total))
        total -= values[-1]
    assert total == 0
    return values + [0] * (count - slots)


# ------------------------------------------------------------------ bands


@pytest.mark.parametrize(
    "key, total, band, above",
    [
        ("phq9", 0, "minimal", False), ("phq9", 4, "minimal", False),
        ("phq9", 5, "mild", False), ("phq9", 9, "mild", False),
        ("phq9", 10, "moderate", True), ("phq9", 14, "moderate", True),
        ("phq9", 15, "moderately_severe", True), ("phq9", 19, "moderately_severe", True),
        ("phq9", 20, "severe", True), ("phq9", 27, "severe", True),
        ("phq2", 0, "below_cutoff", False), ("phq2", 2, "below_cutoff", False),
        ("phq2", 3, "at_or_above_cutoff", True), ("phq2", 6, "at_or_above_cutoff", True),
        ("gad7", 0, "minimal", False), ("gad7", 4, "minimal", False),
        ("gad7", 5, "mild", False), ("gad7", 9, "mild", False),
        ("gad7", 10, "moderate", True), ("gad7", 14, "moderate", True),
        ("gad7", 15, "severe", True), ("gad7", 21, "severe", True),
        ("gad2", 0, "below_cutoff", False), ("gad2", 2, "below_cutoff", False),
        ("gad2", 3, "at_or_above_cutoff", True), ("gad2", 6, "at_or_above_cutoff", True),
    ],
)
def test_every_band_edge(key, total, band, above):
    instrument = instruments.instrument(key)
    result = instruments.score(instrument, answers_for(key, total, keep_last_zero=key == "phq9" and total <= 24))
    assert (result.total, result.band.key, result.above_cutoff) == (total, band, above)
    assert result.max_total == {"phq9": 27, "phq2": 6, "gad7": 21, "gad2": 6}[key]


def test_band_labels_are_the_standard_names():
    labels = {band.key: band.label for band in instruments.instrument("phq9").bands}
    assert labels == {"minimal": "minimal", "mild": "mild", "moderate": "moderate",
                      "moderately_severe": "moderately severe", "severe": "severe"}
    assert [band.key for band in instruments.instrument("gad7").bands] == ["minimal", "mild", "moderate", "severe"]


def test_cutoffs_and_reliable_change_points():
    by_key = {i.key: i for i in instruments.instruments()}
    assert [i for i in by_key] == ["phq9", "phq2", "gad7", "gad2"]
    assert (by_key["phq9"].cutoff, by_key["phq2"].cutoff, by_key["gad2"].cutoff) == (10, 3, 3)
    assert (by_key["phq9"].reliable_change, by_key["phq9"].reliable_change_verified) == (5, True)
    assert (by_key["gad7"].reliable_change, by_key["gad7"].reliable_change_verified) == (4, False)
    assert by_key["phq2"].reliable_change is None and by_key["gad2"].reliable_change is None


# ------------------------------------------------------------------ wording and codes


def test_exact_wording_and_notice():
    phq9 = instruments.instrument("phq9")
    assert phq9.stem == STEM
    assert phq9.items[0].text == "Little interest or pleasure in doing things"
    assert phq9.items[5].text == (
        "Feeling bad about yourself — or that you are a failure or have let yourself or your family down"
    )
    assert phq9.items[8].text == "Thoughts that you would be better off dead, or of hurting yourself in some way"
    assert [item.text for item in instruments.instrument("gad7").items] == GAD7_TEXT
    assert all(i.notice == NOTICE and i.stem == STEM for i in instruments.instruments())
    assert phq9.functional.text == (
        "If you checked off any problems, how difficult have these problems made it for you to do your work, "
        "take care of things at home, or get along with other people?"
    )


def test_all_loinc_codes():
    phq9, phq2, gad7, gad2 = (instruments.instrument(k) for k in ("phq9", "phq2", "gad7", "gad2"))
    assert [item.loinc for item in phq9.items] == PHQ9_LOINC
    assert [item.loinc for item in gad7.items] == GAD7_LOINC
    assert [item.loinc for item in phq2.items] == PHQ9_LOINC[:2]
    assert [item.loinc for item in gad2.items] == GAD7_LOINC[:2]
    assert [item.text for item in phq2.items] == [item.text for item in phq9.items[:2]]
    assert (phq9.panel_loinc, phq9.total_loinc) == ("44249-1", "44261-6")
    assert phq2.total_loinc == "55758-7"
    assert (gad7.panel_loinc, gad7.total_loinc) == ("69737-5", "70274-6")
    assert gad2.total_loinc is None  # not verified: left out rather than guessed
    for instrument in (phq9, phq2, gad7, gad2):
        assert [(o.value, o.label, o.code) for o in instrument.options] == ANSWER_CODES


def test_functional_question_codes_keep_their_odd_order():
    question = instruments.instrument("phq9").functional
    assert question.loinc == "69722-7"
    assert [(o.value, o.label, o.code) for o in question.options] == FUNCTIONAL
    result = instruments.score(instruments.instrument("phq9"), [0] * 9, functional=2)
    assert result.functional_option.code == "LA6575-0"  # "Very difficult"
    assert instruments.instrument("gad7").functional is None


def test_link_ids_are_stable_and_unique():
    link_ids = [item.link_id for i in instruments.instruments() for item in i.items]
    assert link_ids[:2] == ["phq9-1", "phq9-2"] and "gad2-2" in link_ids
    assert len(link_ids) == len(set(link_ids))


@pytest.mark.skipif(not CLINICAL.exists(), reason="the shared clinical facts are not beside this checkout")
def test_data_agrees_with_the_clinical_facts_file():
    text = " ".join(CLINICAL.read_text(encoding="utf-8").split())
    assert NOTICE in text and STEM in text
    for item in instruments.instrument("phq9").items:
        assert f"| {item.number} | {item.text} | {item.loinc} |" in text
    for item in instruments.instrument("gad7").items:
        assert f"{item.number} {item.text} ({item.loinc})" in text
    for _value, label, code in ANSWER_CODES + FUNCTIONAL:
        assert re.search(rf"{re.escape(label)} (= \d )?\({code}\)", text), (label, code)


# ------------------------------------------------------------------ safety item


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_item_9_above_zero_is_a_safety_signal_whatever_the_total(item9):
    result = instruments.score(instruments.instrument("phq9"), [0] * 8 + [item9])
    assert result.safety_signal and result.total == item9 and result.band.key == "minimal"


@pytest.mark.parametrize("key", ["phq9", "phq2", "gad7", "gad2"])
@pytest.mark.parametrize("total", [0, 2, 6])
def test_no_signal_is_never_called_safe(key, total):
    instrument = instruments.instrument(key)
    result = instruments.score(instrument, answers_for(key, total, keep_last_zero=key == "phq9"))
    assert not result.safety_signal
    words = [result.band.label, result.meaning] + [band.label for band in instrument.bands]
    assert not any("safe" in word.lower() for word in words)


def test_short_screens_never_raise_the_signal():
    for key in ("phq2", "gad2", "gad7"):
        instrument = instruments.instrument(key)
        assert not instruments.score(instrument, [3] * len(instrument.items)).safety_signal
        assert not instruments.safety_signal_in_partial(instrument, [3] * len(instrument.items))


@pytest.mark.parametrize(
    "so_far, expected",
    [([], False), ([3] * 8, False), ([0] * 8 + [0], False), ([0] * 8 + [1], True),
     ([None] * 8 + [2], True), ([0] * 8 + [None], False), ([0] * 8 + ["x"], False)],
)
def test_signal_in_an_abandoned_questionnaire(so_far, expected):
    assert instruments.safety_signal_in_partial(instruments.instrument("phq9"), so_far) is expected


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "answers, message",
    [
        ([0] * 8, "The PHQ-9 has 9 questions, but 8 answers were given."),
        ([0] * 10, "The PHQ-9 has 9 questions, but 10 answers were given."),
        ([0, 0, 0, 4, 0, 0, 0, 0, 0], "Item 4 needs an answer from 0 to 3."),
        ([0, 0, 0, None, 0, 0, 0, 0, 0], "Item 4 needs an answer from 0 to 3."),
        ([-1, 0, 0, 0, 0, 0, 0, 0, 0], "Item 1 needs an answer from 0 to 3."),
        ([0, 0, 0, 0, 0, 0, 0, 0, True], "Item 9 needs an answer from 0 to 3."),
        ([0, 0, 1.0, 0, 0, 0, 0, 0, 0], "Item 3 needs an answer from 0 to 3."),
    ],
)
def test_bad_answers_are_refused_with_the_item_number(answers, message):
    with pytest.raises(InvalidInput) as caught:
        instruments.score(instruments.instrument("phq9"), answers)
    assert caught.value.message == message


def test_bad_functional_answers():
    with pytest.raises(InvalidInput, match="closing question needs an answer from 0 to 3"):
        instruments.score(instruments.instrument("phq9"), [0] * 9, functional=4)
    with pytest.raises(InvalidInput, match="GAD-7 has no closing question"):
        instruments.score(instruments.instrument("gad7"), [0] * 7, functional=1)


def test_unknown_instrument():
    with pytest.raises(InvalidInput, match="no questionnaire called 'bdi'.*phq9, phq2, gad7, gad2"):
        instruments.instrument("bdi")


@pytest.mark.parametrize(
    "text, expected",
    [("0,1,2,3,0,1,2,3,0", (0, 1, 2, 3, 0, 1, 2, 3, 0)), (" 0, 1,2 ,3,0,1,2,3, 1 ", (0, 1, 2, 3, 0, 1, 2, 3, 1))],
)
def test_parse_answers(text, expected):
    assert instruments.parse_answers(instruments.instrument("phq9"), text) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "The PHQ-9 has 9 questions: give 9 answers separated by commas, e.g. 0,0,0,0,0,0,0,0,0."),
        ("0,1,2", "The PHQ-9 has 9 questions: give 9 answers separated by commas, e.g. 0,0,0,0,0,0,0,0,0."),
        ("0,1,,3,0,1,2,3,0", "Item 3 needs an answer from 0 to 3."),
        ("0,1,2,x,0,1,2,3,0", "Item 4 needs an answer from 0 to 3."),
        ("0,1,2,3,0,1,2,3,-1", "Item 9 needs an answer from 0 to 3."),
        ("0,1,2,3,0,1,2,3,²", "Item 9 needs an answer from 0 to 3."),
        ("0,1,2,3,0,1,2,3,7", "Item 9 needs an answer from 0 to 3."),
    ],
)
def test_parse_answers_errors(text, message):
    with pytest.raises(InvalidInput) as caught:
        instruments.parse_answers(instruments.instrument("phq9"), text)
    assert caught.value.message == message


# ------------------------------------------------------------------ grades and what comes first


@pytest.mark.parametrize(
    "total, grade, words, support",
    [
        (9, "below_cutoff", "below 10, the usual screening threshold", None),
        (12, "at_cutoff", "looking at it more closely with a doctor or therapist", None),
        (14, "at_cutoff", "looking at it more closely with a doctor or therapist", None),
        (15, "soon", "within the next few days, not weeks", None),
        (17, "soon", "within the next few days, not weeks", None),
        (19, "soon", "within the next few days, not weeks", None),
        (20, "urgent", "the highest range", instruments.SUPPORT_HIGH_TOTAL),
        (24, "urgent", "the highest range", instruments.SUPPORT_HIGH_TOTAL),
        (27, "urgent", "the highest range", instruments.SUPPORT_SELF_HARM),  # 27 needs item 9 at 3
    ],
)
def test_phq9_totals_are_graded(total, grade, words, support):
    result = instruments.score(instruments.instrument("phq9"), answers_for("phq9", total, keep_last_zero=total <= 24))
    assert result.grade == grade and words in result.meaning
    assert result.support_reason == support
    if grade == "urgent":
        assert "today" in result.meaning and "crisis line" in result.meaning
    if grade != "soon":
        assert "few days" not in result.meaning
    assert "safe" not in result.meaning.lower() and "medic" not in result.meaning.lower()


def test_item9_comes_first_whatever_the_total():
    low = instruments.score(instruments.instrument("phq9"), [1, 1, 0, 0, 0, 0, 0, 0, 1])
    assert (low.total, low.grade, low.support_reason) == (3, "below_cutoff", instruments.SUPPORT_SELF_HARM)
    high = instruments.score(instruments.instrument("phq9"), [3, 3, 3, 3, 3, 3, 3, 0, 1])
    assert high.grade == "urgent" and high.support_reason == instruments.SUPPORT_SELF_HARM  # item 9 wins


def test_gad7_and_the_short_screens_have_no_urgent_grade():
    for key in ("gad7", "phq2", "gad2"):
        instrument = instruments.instrument(key)
        result = instruments.score(instrument, [3] * len(instrument.items))
        assert result.grade == "at_cutoff" and result.support_reason is None
    phq9 = instruments.instrument("phq9")
    assert (phq9.cutoff, phq9.soon_from, phq9.urgent_from) == (10, 15, 20)


@pytest.mark.parametrize(
    "so_far, expected",
    [
        ([], None), ([3, 3, 3, 3, 3, 3], None), ([3, 3, 3, 3, 3, 3, 2], instruments.SUPPORT_HIGH_TOTAL),
        ([3, 3, None, 3, 3, 3, 3, 2], instruments.SUPPORT_HIGH_TOTAL), ([3, 3, "x", 3, 3, 3, 1], None),
        ([0] * 8 + [1], instruments.SUPPORT_SELF_HARM),
        ([3] * 6 + [1, 0, 0, 3, 3], None),  # answers past the last item do not count
    ],
)
def test_support_reason_in_a_partial_questionnaire(so_far, expected):
    assert instruments.support_reason_in_partial(instruments.instrument("phq9"), so_far) == expected


def test_only_the_phq2_says_it_does_not_ask_about_self_harm():
    phq2 = instruments.score(instruments.instrument("phq2"), [0, 0])
    assert "does not ask about thoughts of self-harm" in phq2.not_asked_note
    assert "help is one step away" in phq2.not_asked_note
    for key in ("phq9", "gad7", "gad2"):
        instrument = instruments.instrument(key)
        assert instruments.score(instrument, [0] * len(instrument.items)).not_asked_note == ""


@pytest.mark.parametrize(
    "key, answers, longer",
    [("phq2", [2, 1], "phq9"), ("phq2", [3, 3], "phq9"), ("phq2", [1, 1], None),
     ("gad2", [1, 2], "gad7"), ("gad2", [0, 2], None), ("phq9", [3] * 9, None), ("gad7", [3] * 7, None)],
)
def test_short_screens_at_the_cutoff_offer_the_longer_one(key, answers, longer):
    result = instruments.score(instruments.instrument(key), answers)
    assert (result.follow_up.key if result.follow_up else None) == longer
    if longer:
        title = instruments.instrument(longer).title
        assert f"The {title} looks at this more closely" in result.follow_up_words
    else:
        assert result.follow_up_words == ""


def test_grade_thresholds_must_rise():
    from dataclasses import replace

    from glimmers.core.content import ContentError

    phq9 = instruments.instrument("phq9")
    with pytest.raises(ContentError, match="cutoff < soon_from < urgent_from"):
        instruments._check_grades(replace(phq9, soon_from=21))
    with pytest.raises(ContentError, match="response_baseline"):
        instruments._check_grades(replace(phq9, response_baseline=None))
    instruments._check_grades(phq9)

"""The numbness profile: our own statements, ranked forms, plan emphases, and
the label that it is not a diagnostic test."""

from __future__ import annotations

import pytest

from glimmers.core import content
from glimmers.core.care import profile
from glimmers.core.errors import InvalidInput

FORMS = ["blunted", "detached", "no_pleasure", "no_drive", "burnout", "grief", "medication"]


def answers(**by_key: int) -> dict[str, int]:
    base = {question.key: 0 for question in profile.check().questions}
    base.update(by_key)
    return base


def test_the_check_is_our_own_and_covers_every_form():
    check = profile.check()
    assert 8 <= len(check.questions) <= 14
    assert [form.key for form in check.forms] == FORMS
    assert {q.form for q in check.questions} == set(FORMS)
    assert check.scale == ("Not at all", "Sometimes", "Often", "Nearly always")
    shared = {choice.key: choice.label for choice in content.numbness_forms()}
    for form in check.forms:
        if form.key in shared:
            assert form.label == shared[form.key]  # one label per form across the app


def test_disclaimer_says_it_is_not_a_diagnostic_test():
    result = profile.profile([0] * len(profile.check().questions))
    assert "not a validated or diagnostic test" in result.disclaimer
    assert result.disclaimer == profile.DISCLAIMER


@pytest.mark.parametrize(
    "given, leading, emphases",
    [
        (answers(behind_glass=3, hollow=2), ("detached",), ["grounding_first", "slower_pacing"]),
        (answers(lands_flat=2, good_news_barely_registers=2), ("no_pleasure",), ["behavioural_activation", "notice_glimmers"]),
        (answers(used_up=3, eases_on_breaks=3), ("burnout",), ["recovery_blocks", "stress_load"]),
        (answers(since_a_loss=3), ("grief",), ["gentle_connection"]),
        (answers(since_a_medicine=2), ("medication",), ["talk_to_prescriber"]),
        (answers(cannot_start=2, do_not_mind_what_i_do=2), ("no_drive",), ["tiny_steps", "behavioural_activation"]),
        (answers(turned_down=3, feeling_does_not_arrive=1), ("blunted",), ["body_awareness", "notice_glimmers"]),
    ],
)
def test_each_form_leads_to_its_plan_emphases(given, leading, emphases):
    result = profile.profile(given)
    assert result.leading == leading
    assert [e.key for e in result.emphases] == emphases
    assert all(e.why for e in result.emphases)


def test_forms_are_ranked_and_emphases_merge_without_repeats():
    result = profile.profile(answers(
        behind_glass=3, hollow=3, lands_flat=2, good_news_barely_registers=2, cannot_start=2, do_not_mind_what_i_do=1,
    ))
    assert [form.key for form in result.forms][:3] == ["detached", "no_pleasure", "no_drive"]
    assert result.leading == ("detached", "no_pleasure", "no_drive")
    keys = [e.key for e in result.emphases]
    assert keys == ["grounding_first", "slower_pacing", "behavioural_activation", "notice_glimmers", "tiny_steps"]
    assert result.scores["detached"] == 6 and result.forms[0].share == 1.0


def test_at_most_three_forms_lead():
    result = profile.profile([3] * len(profile.check().questions))
    assert len(result.leading) == 3


def test_any_hint_of_a_medicine_brings_the_prescriber_conversation():
    result = profile.profile(answers(behind_glass=3, hollow=3, since_a_medicine=1))
    assert "medication" not in result.leading
    prescriber = [e for e in result.emphases if e.key == "talk_to_prescriber"]
    assert prescriber and "do not stop" in prescriber[0].why and "suddenly" in prescriber[0].why


def test_medicine_words_never_advise_stopping_or_changing():
    why = {e.key: e.why for e in profile.check().emphases.values()}["talk_to_prescriber"].lower()
    assert "please do not stop or change a medicine on your own" in why
    for e in profile.check().emphases.values():
        assert "safe" not in e.why.lower()


def test_nothing_stands_out():
    result = profile.profile(answers(turned_down=1, lands_flat=1))
    assert result.leading == () and result.emphases == ()
    assert "No one form stands out" in result.summary


def test_summary_names_the_leading_forms():
    result = profile.profile(answers(behind_glass=3, hollow=3))
    assert result.summary == "The forms that stand out most in your answers: Empty or detached."


def test_sequence_and_mapping_give_the_same_profile():
    check = profile.check()
    as_list = [i % 4 for i in range(len(check.questions))]
    as_map = {q.key: v for q, v in zip(check.questions, as_list)}
    assert profile.profile(as_list) == profile.profile(as_map)


@pytest.mark.parametrize(
    "given, message",
    [
        ([0] * 3, "The profile has 12 statements, but 3 answers were given."),
        ([0, 0, 0, 4] + [0] * 8, "Statement 4 needs an answer from 0 to 3."),
        ({"hollow": 1}, "Statement 1 needs an answer from 0 to 3."),
        ({**answers(), "nope": 1}, "There is no statement called nope in the profile."),
    ],
)
def test_bad_answers(given, message):
    with pytest.raises(InvalidInput) as caught:
        profile.profile(given)
    assert caught.value.message == message


def test_parse_answers():
    assert profile.parse_answers("0,1,2,3,0,1,2,3,0,1,2,3") == (0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3)
    with pytest.raises(InvalidInput, match="Statement 2 needs an answer from 0 to 3"):
        profile.parse_answers("0,9,2,3,0,1,2,3,0,1,2,3")
    with pytest.raises(InvalidInput, match="12 statements"):
        profile.parse_answers("0,1")

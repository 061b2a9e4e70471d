"""Triage: each outcome, every red flag, the safety signal (also in a partial
set), medical-check prompts, and missing answers."""

from __future__ import annotations

import pytest

from glimmers.core import triage
from glimmers.core.errors import InvalidInput

RED_FLAGS = [
    "suicide_thoughts", "self_harm_thoughts", "losing_time", "voices_or_fixed_beliefs",
    "cannot_care_for_self", "after_head_injury", "neurological_or_personality_change",
]
IMPAIRMENT = ["impairs_work", "impairs_relationships", "impairs_parenting", "impairs_self_care"]
MEDICAL_SIGNS = ["fatigue", "weight_change", "hair_loss", "palpitations", "appetite_change"]


def all_no(**yes: bool) -> dict[str, bool]:
    answers = {question.key: False for question in triage.questions()}
    answers.update(yes)
    return answers


def test_questions_cover_the_spec():
    keys = {q.key for q in triage.questions()}
    assert {"most_days_two_weeks", "hopeless", "dangerous_coping", "new_and_unexplained"} | set(
        RED_FLAGS + IMPAIRMENT + MEDICAL_SIGNS
    ) == keys
    assert {q.key for q in triage.questions() if q.safety} == {"suicide_thoughts", "self_harm_thoughts"}


def test_no_yes_means_self_help_but_never_safe():
    result = triage.triage(all_no())
    assert result.outcome == "self_help" and result.label == "Keep going with self-help"
    assert result.reasons == () and not result.safety_signal and result.medical_check == ()
    assert "not a guarantee" in result.message
    for outcome in triage.OUTCOMES:
        words = triage.Triage(outcome, (), False, (), (), {}).message
        assert "safe" not in words.lower()
    assert not any("safe" in q.reason.lower() or "safe" in q.text.lower() for q in triage.questions())


def test_duration_alone_stays_self_help_with_a_reason():
    result = triage.triage(all_no(most_days_two_weeks=True))
    assert result.outcome == "self_help"
    assert result.reasons == (
        "It has been there most days for two weeks or more. If it does not start to lift, mention it to a doctor.",
    )


@pytest.mark.parametrize("key", IMPAIRMENT + ["hopeless", "dangerous_coping"])
def test_impairment_or_risk_means_a_professional_soon(key):
    result = triage.triage(all_no(**{key: True}))
    assert result.outcome == "professional_soon" and result.label == "Talk to a professional soon"
    assert not result.safety_signal and len(result.reasons) == 1


@pytest.mark.parametrize("key", RED_FLAGS)
def test_every_red_flag_means_help_now(key):
    result = triage.triage(all_no(**{key: True}, impairs_work=True, most_days_two_weeks=True))
    assert result.outcome == "help_now" and result.label == "Get help now"
    assert result.red_flags == (key,)
    assert result.reasons[0] == next(q.reason for q in triage.questions() if q.key == key)  # most pressing first
    assert result.safety_signal is (key in ("suicide_thoughts", "self_harm_thoughts"))
    assert "cannot send help" in result.message


def test_medical_check_needs_new_numbness_and_a_body_sign():
    assert triage.triage(all_no(new_and_unexplained=True)).medical_check == ()
    assert triage.triage(all_no(fatigue=True)).medical_check == ()
    result = triage.triage(all_no(new_and_unexplained=True, palpitations=True))
    assert [c.key for c in result.medical_check] == [
        "thyroid", "anaemia", "deficiencies", "sleep_disorders", "medication_interactions"
    ]
    assert result.outcome == "self_help"  # a check is suggested alongside, not instead
    assert "medical check" in result.medical_intro
    assert "You have felt your heart racing or pounding." in result.reasons


@pytest.mark.parametrize("sign", MEDICAL_SIGNS)
def test_each_body_sign_prompts_a_check(sign):
    assert triage.triage(all_no(new_and_unexplained=True, **{sign: True})).medical_check


def test_missing_answers_are_listed():
    answers = all_no()
    del answers["hopeless"], answers["hair_loss"]
    with pytest.raises(InvalidInput) as caught:
        triage.triage(answers)
    numbers = {q.key: q.number for q in triage.questions()}
    assert caught.value.message == (
        f"Triage has {len(triage.questions())} questions; these still need a yes or no: "
        f"{numbers['hopeless']}, {numbers['hair_loss']} (hopeless, hair_loss)."
    )


def test_unknown_and_non_yes_no_answers():
    with pytest.raises(InvalidInput, match="no triage question called: bogus"):
        triage.triage({**all_no(), "bogus": True})
    with pytest.raises(InvalidInput, match="need a yes or no: hopeless"):
        triage.triage({**all_no(), "hopeless": "maybe"})


@pytest.mark.parametrize(
    "so_far, expected",
    [
        ({}, False),
        ({"most_days_two_weeks": True, "impairs_work": True}, False),
        ({"self_harm_thoughts": True}, True),
        ({"most_days_two_weeks": False, "suicide_thoughts": True}, True),
        ({"suicide_thoughts": False, "self_harm_thoughts": False}, False),
        ({"suicide_thoughts": "yes", "unknown": True}, False),
    ],
)
def test_safety_signal_in_a_partial_set(so_far, expected):
    assert triage.safety_signal_in_partial(so_far) is expected


def test_a_partial_set_with_a_safety_answer_is_refused_but_still_detectable():
    partial = {"most_days_two_weeks": True, "self_harm_thoughts": True}
    assert triage.safety_signal_in_partial(partial)
    with pytest.raises(InvalidInput, match="still need a yes or no"):
        triage.triage(partial)


def test_parse_answers_in_order_and_by_key():
    count = len(triage.questions())
    parsed = triage.parse_answers(",".join(["y"] + ["n"] * (count - 1)))
    assert parsed["most_days_two_weeks"] is True and sum(parsed.values()) == 1 and len(parsed) == count
    assert triage.parse_answers("suicide_thoughts=yes, hopeless=no") == {"suicide_thoughts": True, "hopeless": False}
    assert triage.safety_signal_in_partial(triage.parse_answers("n,n,n,n,n,n,yes"))
    with pytest.raises(InvalidInput, match="hopeless needs yes or no, not 'perhaps'"):
        triage.parse_answers("hopeless=perhaps")
    with pytest.raises(InvalidInput, match=f"Triage has {count} questions"):
        triage.parse_answers(",".join(["n"] * (count + 1)))

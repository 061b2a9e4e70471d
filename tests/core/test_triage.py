"""Triage: each outcome, every red flag, the safety signal (also in a partial
set), medical-check prompts, and missing answers."""

from __future__ import annotations

import pytest

from glimmers.core.care import triage
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


# ------------------------------------------------------------------ recent questionnaires

from datetime import datetime, timedelta, timezone  # noqa: E402

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def recent(instrument: str, total: int, days_ago: float, *, item9: bool = False) -> triage.RecentScore:
    return triage.RecentScore(instrument, total, item9, NOW - timedelta(days=days_ago))


def test_a_recent_phq9_of_22_means_help_now_with_a_dated_reason():
    result = triage.triage(all_no(), [recent("phq9", 22, 5)], now=NOW)
    assert result.outcome == "help_now" and result.recent_urgent
    assert result.reasons == ("Your PHQ-9 of 2026-11-15 was 22 of 27, in the highest range.",)
    assert result.recent_flags == ("recent_phq9_high",) and result.red_flags == ()
    assert not result.safety_signal  # today's answers disclosed nothing; the PHQ-9 row keeps its own signal
    assert [used.total for used in result.recent_used] == [22]


def test_a_phq9_30_days_old_is_ignored_and_the_result_says_so():
    result = triage.triage(all_no(), [recent("phq9", 22, 30)], now=NOW)
    assert result.outcome == "self_help" and not result.recent_urgent and result.reasons == ()
    assert result.recent_notes == ("Not used: your latest PHQ-9, from 2026-10-21, is more than 28 days old.",)
    assert result.recent_used == ()


def test_the_four_week_edge():
    assert triage.triage(all_no(), [recent("phq9", 22, 28)], now=NOW).outcome == "help_now"
    assert triage.triage(all_no(), [recent("phq9", 22, 28 + 1 / 86400)], now=NOW).outcome == "self_help"
    assert triage.recent_settings().days == 28


def test_item9_in_a_recent_phq9_means_help_now_whatever_its_total():
    result = triage.triage(all_no(), [recent("phq9", 3, 2, item9=True)], now=NOW)
    assert result.outcome == "help_now" and result.recent_flags == ("recent_phq9_item9",)
    assert "PHQ-9 of 2026-11-18" in result.reasons[0] and "hurting yourself" in result.reasons[0]


@pytest.mark.parametrize(
    "score, outcome, flag, words",
    [
        (recent("phq9", 10, 1), "professional_soon", "recent_phq9_cutoff", "10 of 27, at or above the usual screening threshold"),
        (recent("phq9", 14, 1), "professional_soon", "recent_phq9_cutoff", "14 of 27"),
        (recent("phq9", 17, 1), "professional_soon", "recent_phq9_soon", "within the next few days"),
        (recent("phq9", 19, 1), "professional_soon", "recent_phq9_soon", "19 of 27"),
        (recent("gad7", 10, 1), "professional_soon", "recent_gad7_cutoff", "Your GAD-7 of 2026-11-19 was 10 of 21"),
        (recent("gad7", 21, 1), "professional_soon", "recent_gad7_cutoff", "21 of 21"),
    ],
)
def test_recent_scores_in_the_professional_range(score, outcome, flag, words):
    result = triage.triage(all_no(), [score], now=NOW)
    assert result.outcome == outcome and result.recent_flags == (flag,) and not result.recent_urgent
    assert len(result.reasons) == 1 and words in result.reasons[0] and "2026-11-19" in result.reasons[0]


def test_low_recent_scores_are_looked_at_but_change_nothing():
    result = triage.triage(all_no(), [recent("phq9", 9, 3), recent("gad7", 9, 3)], now=NOW)
    assert result.outcome == "self_help" and result.reasons == () and result.recent_flags == ()
    assert result.recent_notes == (
        "Also looked at: your PHQ-9 of 2026-11-17, 9 of 27.",
        "Also looked at: your GAD-7 of 2026-11-17, 9 of 21.",
    )


def test_only_the_latest_of_each_questionnaire_counts():
    # an older 22 is followed by a newer 4: the latest is the one used, and said so
    result = triage.triage(all_no(), [recent("phq9", 22, 10), recent("phq9", 4, 2)], now=NOW)
    assert result.outcome == "self_help" and [used.total for used in result.recent_used] == [4]
    assert result.recent_notes == ("Also looked at: your PHQ-9 of 2026-11-18, 4 of 27.",)
    # short screens are not used
    assert triage.triage(all_no(), [recent("phq2", 6, 1), recent("gad2", 6, 1)], now=NOW).recent_used == ()


def test_answers_and_recent_scores_together_most_pressing_first():
    result = triage.triage(
        all_no(losing_time=True, impairs_work=True), [recent("phq9", 24, 1), recent("gad7", 12, 1)], now=NOW
    )
    assert result.outcome == "help_now" and result.red_flags == ("losing_time",)
    assert result.reasons[0] == "You have been losing time or not recognising yourself."
    assert "24 of 27" in result.reasons[1]
    assert result.reasons[2] == "It is getting in the way of work or study."
    assert "GAD-7" in result.reasons[3]
    # a recent score never softens an answer: help now stays help now
    assert triage.triage(all_no(suicide_thoughts=True), [recent("phq9", 0, 1)], now=NOW).outcome == "help_now"


def test_recent_scores_need_a_clock():
    with pytest.raises(ValueError, match="now"):
        triage.triage(all_no(), [recent("phq9", 22, 1)])
    assert triage.triage(all_no()).recent_notes == ()  # nothing recent: no clock needed


def test_recent_wording_is_plain_and_never_reassures():
    for score in (recent("phq9", 22, 1), recent("phq9", 4, 1), recent("phq9", 22, 40), recent("phq9", 1, 1, item9=True)):
        result = triage.triage(all_no(), [score], now=NOW)
        for words in result.reasons + result.recent_notes:
            assert "safe" not in words.lower() and "diagnos" not in words.lower()


def test_triage_stays_pure():
    import subprocess
    import sys

    code = (
        "import sys; from glimmers.core.care import triage; triage.recent_settings(); "
        "assert not any(name.startswith('django') for name in sys.modules), 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={"PATH": "", "PYTHONPATH": ":".join(sys.path)})

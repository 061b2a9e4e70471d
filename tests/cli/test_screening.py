"""Screening from the terminal: scripted and asked, the item 9 path, triage,
the numbness profile, history with change, and bad input that saves nothing."""

import json
import re

import pytest

from glimmers.care.models import ScreeningResult
from glimmers.core.care import triage

pytestmark = pytest.mark.django_db

CRISIS = "findahelpline.com"  # the international directory is in every crisis block
NO_MONITOR = "not monitored"


def test_scripted_phq9_prints_total_band_and_notice(glimmers, clock):
    result = glimmers("screen", "phq9", "--answers", "1,1,1,1,2,2,2,2,0", "--functional", "1")
    assert result.code == 0, result.err
    assert "PHQ-9: 12 of 27, moderate" in result.out
    assert "at or above 10" in result.out and "not a diagnosis" in result.out
    assert "Copyright © Pfizer Inc." in result.out
    assert CRISIS not in result.out + result.err  # no safety signal, no crisis block
    row = ScreeningResult.objects.get()
    assert (row.instrument, row.total, row.outcome, row.functional, row.safety_signal) == ("phq9", 12, "moderate", 1, False)
    assert row.answers == [1, 1, 1, 1, 2, 2, 2, 2, 0]


def test_item9_scripted_shows_crisis_lines_and_plan_before_the_score(glimmers, clock):
    glimmers("safety-plan", "set", "people_to_ask", "my sister Ana")
    result = glimmers("screen", "phq9", "--answers", "0,0,0,0,0,0,0,0,1")
    assert result.code == 0, result.err
    out = result.out
    assert CRISIS in out and NO_MONITOR in out and "my sister Ana" in out
    assert out.index(CRISIS) < out.index("PHQ-9: 1 of 27")  # support comes first
    assert "matters more than the total" in out
    assert not re.search(r"\bsafe\b", out, re.IGNORECASE)  # never read as "safe"
    assert ScreeningResult.objects.get().safety_signal is True  # saving is not blocked


def test_item9_with_json_keeps_stdout_machine_readable(glimmers, clock):
    result = glimmers("screen", "phq9", "--answers", "0,0,0,0,0,0,0,0,2", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["safety_signal"] is True and data["total"] == 2 and data["band"] == "minimal"
    assert CRISIS in result.err


def test_item9_asked_interactively_shows_support_straight_after_the_answer(glimmers, clock):
    result = glimmers("screen", "phq9", input="0\n0\n0\n0\n0\n0\n0\n0\n3\n\n")
    assert result.code == 0, result.err
    out = result.out
    assert out.index("9. Thoughts that you would be better off dead") < out.index(CRISIS)
    assert out.index(CRISIS) < out.index("If you checked off any problems")  # before the closing question
    assert ScreeningResult.objects.get().total == 3


def test_abandoned_after_item9_still_shows_crisis_lines_and_saves_nothing(glimmers, clock):
    result = glimmers("screen", "phq9", input="1\n1\n1\n1\n1\n1\n1\n1\n2\n")  # stops at the closing question
    assert CRISIS in result.out and NO_MONITOR in result.out
    assert result.code == 130 and "nothing was saved" in result.err
    assert not ScreeningResult.objects.exists()


def test_scripted_partial_answers_with_item9_are_refused_but_still_show_support(glimmers, clock):
    result = glimmers("screen", "phq9", "--answers", "0,0,0,0,0,0,0,0,2,1")
    assert result.code == 2 and "give 9 answers" in result.err
    assert CRISIS in result.err
    assert not ScreeningResult.objects.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["screen", "phq9", "--answers", "0,0,0"], "The PHQ-9 has 9 questions"),
        (["screen", "phq9", "--answers", "0,0,0,0,0,0,0,0,4"], "Item 9 needs an answer from 0 to 3."),
        (["screen", "gad7", "--answers", "0,0,a,0,0,0,0"], "Item 3 needs an answer from 0 to 3."),
        (["screen", "phq2", "--answers", "-1,0"], "Item 1 needs an answer"),
        (["screen", "gad7", "--answers", "0,0,0,0,0,0,0", "--functional", "2"], "has no closing question"),
        (["screen", "profile", "--answers", "1,2"], "The profile has"),
        (["screen", "triage", "--answers", "y,maybe"], "needs yes or no"),
        (["screen", "bdi"], "Invalid value"),
    ],
)
def test_bad_answers_exit_2_with_one_line_and_save_nothing(glimmers, clock, args, message):
    result = glimmers(*args)
    assert result.code == 2, result.out
    assert message in result.err and "Traceback" not in result.err
    assert not ScreeningResult.objects.exists()


def test_each_questionnaire_scores_and_history_shows_reliable_change(glimmers, clock):
    assert "GAD-7: 21 of 21, severe" in glimmers("screen", "gad7", "--answers", "3,3,3,3,3,3,3").out
    assert "PHQ-2: 6 of 6" in glimmers("screen", "phq2", "--answers", "3,3").out
    assert "GAD-2: 0 of 6" in glimmers("screen", "gad2", "--answers", "0,0").out
    glimmers("screen", "phq9", "--answers", "2,2,2,2,2,2,2,2,0")
    clock.shift(14 * 86400)
    later = glimmers("screen", "phq9", "--answers", "1,1,1,1,1,1,1,1,0")
    assert "Down 8 points since last time (from 16 to 8)" in later.out
    assert "commonly called a response" in later.out and "commonly used definitions" in later.out
    history = glimmers("screen", "history")
    assert history.code == 0
    lines = history.out.splitlines()
    assert "PHQ-9 8 of 27, mild  (-8, more than ordinary ups and downs)" in lines[0]
    assert any("GAD-7 21 of 21, severe" in line for line in lines)
    data = json.loads(glimmers("screen", "history", "--json").out)
    assert data[0]["change"] == {"difference": -8, "reliable": True, "notable_rise": False}


def test_history_when_empty(glimmers, clock):
    assert "No screening results yet" in glimmers("screen", "history").out


def _yes_no(**yes):
    return ",".join("y" if yes.get(q.key) else "n" for q in triage.questions())


def test_triage_outcomes_in_plain_words(glimmers, clock):
    calm = glimmers("screen", "triage", "--answers", _yes_no())
    assert "Keep going with self-help" in calm.out and "not a guarantee" in calm.out
    assert CRISIS not in calm.out
    soon = glimmers("screen", "triage", "--answers", _yes_no(impairs_work=True, most_days_two_weeks=True))
    assert "Talk to a professional soon" in soon.out and "getting in the way of work" in soon.out
    medical = glimmers("screen", "triage", "--answers", _yes_no(new_and_unexplained=True, fatigue=True))
    assert "worth a medical check" in medical.out


@pytest.mark.parametrize("flag", ["suicide_thoughts", "self_harm_thoughts", "losing_time", "after_head_injury"])
def test_triage_red_flags_show_crisis_lines_first(glimmers, clock, flag):
    result = glimmers("screen", "triage", "--answers", _yes_no(**{flag: True}))
    assert result.code == 0
    assert result.out.index(CRISIS) < result.out.index("Get help now")
    assert ScreeningResult.objects.get().safety_signal is True


def test_triage_asked_shows_support_right_after_a_red_flag_and_when_abandoned(glimmers, clock):
    keys = [q.key for q in triage.questions()]
    stop = keys.index("suicide_thoughts")
    answers = "n\n" * stop + "y\n"  # then the input runs out: abandoned
    result = glimmers("screen", "triage", input=answers)
    assert CRISIS in result.out and result.code == 130
    assert result.out.count(CRISIS) == 1  # shown once, not again on leaving
    assert not ScreeningResult.objects.exists()


def test_partial_scripted_triage_with_a_red_flag_shows_support_then_refuses(glimmers, clock):
    result = glimmers("screen", "triage", "--answers", "suicide_thoughts=yes")
    assert result.code == 2 and "still need a yes or no" in result.err
    assert CRISIS in result.out
    assert not ScreeningResult.objects.exists()


def test_numbness_profile_names_forms_and_plan_emphasis(glimmers, clock):
    from glimmers.core.care import profile

    answers = ",".join("3" if q.form == "detached" else "0" for q in profile.check().questions)
    result = glimmers("screen", "profile", "--answers", answers)
    assert result.code == 0, result.err
    assert "Empty or detached" in result.out and "Grounding first" in result.out
    assert "not a validated or diagnostic test" in result.out
    row = ScreeningResult.objects.get()
    assert (row.instrument, row.outcome) == ("profile", "detached")
    assert "Numbness profile: Empty or detached" in glimmers("screen", "history").out


def test_profile_asked_interactively(glimmers, clock):
    from glimmers.core.care import profile

    count = len(profile.check().questions)
    result = glimmers("screen", "profile", input="0\n" * count)
    assert result.code == 0, result.err
    assert "No one form stands out" in result.out


# ------------------------------------------------------------------ grades


def _phq9(total: int, *, item9: int = 0) -> str:
    """Scripted PHQ-9 answers adding up to ``total``, item 9 as given."""
    values, left = [], total - item9
    for _ in range(8):
        values.append(min(3, left))
        left -= values[-1]
    assert left == 0
    return ",".join(str(value) for value in values + [item9])


SEVERE_OPENING = "A score like this deserves care soon"


@pytest.mark.parametrize(
    "total, band, words, absent",
    [
        (9, "mild", "This is below 10, the usual screening threshold", "within the next few days"),
        (12, "moderate", "looking at it more closely with a doctor or therapist", "within the next few days"),
        (17, "moderately severe", "worth talking to a doctor within the next few days, not weeks", "highest range"),
    ],
)
def test_grades_below_20_have_their_own_words_and_no_crisis_block(glimmers, clock, total, band, words, absent):
    result = glimmers("screen", "phq9", "--answers", _phq9(total))
    assert result.code == 0, result.err
    assert f"PHQ-9: {total} of 27, {band}" in result.out and words in result.out
    assert absent not in result.out
    assert CRISIS not in result.out + result.err and SEVERE_OPENING not in result.out


@pytest.mark.parametrize("answers, total", [(_phq9(20), 20), (_phq9(24), 24), ("3,3,3,3,3,3,3,3,3", 27)])
def test_a_total_of_20_or_more_shows_support_before_the_score(glimmers, clock, answers, total):
    glimmers("safety-plan", "set", "people_to_ask", "my sister Ana")
    result = glimmers("screen", "phq9", "--answers", answers)
    assert result.code == 0, result.err
    out = result.out
    score_line = out.index(f"PHQ-9: {total} of 27, severe")
    assert out.index(CRISIS) < score_line and out.index("my sister Ana") < score_line
    assert NO_MONITOR in out and "the highest range" in out[score_line:]
    opening = SELF_HARM_OPENING if total == 27 else SEVERE_OPENING  # 27 needs item 9 at 3
    assert out.index(opening) < out.index(CRISIS)
    assert out.count(CRISIS) == 1  # one block, not two
    assert not re.search(r"\bsafe\b", out, re.IGNORECASE)
    assert ScreeningResult.objects.get().total == total  # saving is not blocked


SELF_HARM_OPENING = "Thank you for answering honestly"


def test_item9_of_1_with_a_total_of_3_shows_support_first(glimmers, clock):
    result = glimmers("screen", "phq9", "--answers", "1,1,0,0,0,0,0,0,1")
    out = result.out
    assert out.index(SELF_HARM_OPENING) < out.index(CRISIS) < out.index("PHQ-9: 3 of 27, minimal")
    assert "matters more than the total" in out and SEVERE_OPENING not in out


def test_a_severe_total_with_json_keeps_stdout_clean(glimmers, clock):
    result = glimmers("screen", "phq9", "--answers", _phq9(22), "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert (data["total"], data["grade"], data["support_first"], data["safety_signal"]) == (22, "urgent", True, False)
    assert "highest range" in data["meaning"] and data["next"] is None
    assert CRISIS in result.err and SEVERE_OPENING in result.err


def test_a_severe_total_asked_interactively_shows_support_before_the_closing_question(glimmers, clock):
    result = glimmers("screen", "phq9", input="3\n3\n3\n3\n3\n3\n2\n0\n0\n\n")
    assert result.code == 0, result.err
    out = result.out
    assert out.index("9. Thoughts that you would be better off dead") < out.index(SEVERE_OPENING)
    assert out.index(CRISIS) < out.index("If you checked off any problems") < out.index("PHQ-9: 20 of 27")
    assert out.count(CRISIS) == 1


def test_abandoned_with_a_severe_total_still_shows_support(glimmers, clock):
    result = glimmers("screen", "phq9", input="3\n3\n3\n3\n3\n3\n3\n")  # stops at question 8
    assert result.code == 130 and CRISIS in result.out and SEVERE_OPENING in result.out
    assert not ScreeningResult.objects.exists()


def test_refused_scripted_answers_that_already_add_up_to_20_show_support(glimmers, clock):
    result = glimmers("screen", "phq9", "--answers", "3,3,3,3,3,3,3,0")
    assert result.code == 2 and "give 9 answers" in result.err
    assert CRISIS in result.err and SEVERE_OPENING in result.err
    assert not ScreeningResult.objects.exists()


# ------------------------------------------------------------------ rises, response and remission


def test_a_rise_of_5_is_said_plainly_with_a_doctor_or_therapist(glimmers, clock):
    glimmers("screen", "phq9", "--answers", _phq9(9))
    clock.shift(14 * 86400)
    later = glimmers("screen", "phq9", "--answers", _phq9(15))
    assert "Up 6 points since last time (from 9 to 15)" in later.out
    assert "Your PHQ-9 total has gone up by 6 points since last time" in later.out
    assert "worth telling a doctor or therapist" in later.out
    history = glimmers("screen", "history")
    lines = history.out.splitlines()
    assert "PHQ-9 15 of 27, moderately severe  (+6, more than ordinary ups and downs)" in lines[0]
    assert "worth telling a doctor or therapist" in lines[1]
    data = json.loads(glimmers("screen", "history", "--json").out)
    assert data[0]["change"] == {"difference": 6, "reliable": True, "notable_rise": True}
    assert data[1]["change"] is None


def test_a_rise_of_4_on_the_phq9_gets_no_rise_note_but_on_the_gad7_it_does(glimmers, clock):
    glimmers("screen", "phq9", "--answers", _phq9(5))
    clock.shift(86400)
    assert "gone up" not in glimmers("screen", "phq9", "--answers", _phq9(9)).out
    glimmers("screen", "gad7", "--answers", "1,1,1,1,1,0,0")
    clock.shift(86400)
    result = glimmers("screen", "gad7", "--answers", "2,2,2,1,1,1,0", "--json")
    change = json.loads(result.out)["change"]
    assert change["notable_rise"] is True and "A rise of 4 points or more" in change["rise_note"]
    assert "not yet confirmed" in change["words"]


def test_a_fall_from_1_to_0_is_neither_response_nor_remission(glimmers, clock):
    glimmers("screen", "phq9", "--answers", "1,0,0,0,0,0,0,0,0")
    clock.shift(86400)
    out = glimmers("screen", "phq9", "--answers", "0,0,0,0,0,0,0,0,0").out
    assert "Down 1 point since last time (from 1 to 0)" in out
    assert "response" not in out and "remission" not in out


@pytest.mark.parametrize(
    "before, after, present, absent",
    [(14, 6, "commonly called a response", "commonly called remission"),
     (12, 4, "commonly called remission", "within the next few days")],
)
def test_response_and_remission_from_a_moderate_start(glimmers, clock, before, after, present, absent):
    glimmers("screen", "phq9", "--answers", _phq9(before))
    clock.shift(28 * 86400)
    out = glimmers("screen", "phq9", "--answers", _phq9(after)).out
    assert present in out and absent not in out
    assert "commonly used definitions, not a verdict" in out


# ------------------------------------------------------------------ the short screens lead to the longer ones


@pytest.fixture
def at_a_terminal(monkeypatch):
    monkeypatch.setattr("glimmers.cli.common.interactive", lambda: True)


def test_phq2_says_it_does_not_ask_about_self_harm(glimmers, clock):
    out = glimmers("screen", "phq2", "--answers", "0,1").out
    assert "The PHQ-2 does not ask about thoughts of self-harm" in out
    assert "help is one step away" in out and "glimmers help-now" in out
    assert "glimmers screen phq9" not in out  # below 3: no offer
    assert "does not ask about" not in glimmers("screen", "gad2", "--answers", "0,1").out


def test_scripted_phq2_of_3_prints_the_next_command(glimmers, clock):
    result = glimmers("screen", "phq2", "--answers", "2,1")
    assert result.code == 0, result.err
    assert "PHQ-2: 3 of 6" in result.out
    assert "The PHQ-9 looks at this more closely" in result.out
    assert "To answer it: glimmers screen phq9" in result.out
    assert "Would you like" not in result.out
    assert [row.instrument for row in ScreeningResult.objects.all()] == ["phq2"]


def test_scripted_phq2_stays_scripted_even_at_a_terminal(glimmers, clock, at_a_terminal):
    result = glimmers("screen", "phq2", "--answers", "3,3")
    assert "Would you like" not in result.out and "To answer it: glimmers screen phq9" in result.out


def test_phq2_with_json_has_a_next_field(glimmers, clock):
    data = json.loads(glimmers("screen", "phq2", "--answers", "2,2", "--json").out)
    assert data["next"] == "glimmers screen phq9"
    assert "does not ask about thoughts of self-harm" in data["not_asked_note"]
    assert json.loads(glimmers("screen", "phq2", "--answers", "1,1", "--json").out)["next"] is None
    assert json.loads(glimmers("screen", "gad2", "--answers", "3,0", "--json").out)["next"] == "glimmers screen gad7"


def test_phq2_of_3_at_a_terminal_offers_the_phq9_and_runs_it(glimmers, clock, at_a_terminal):
    # PHQ-2 answers, Enter (yes, the default), then the PHQ-9 and its closing question
    result = glimmers("screen", "phq2", input="2\n1\n\n" + "1\n" * 9 + "\n")
    assert result.code == 0, result.err
    out = result.out
    assert out.index("PHQ-2: 3 of 6") < out.index("Would you like to answer the PHQ-9 now?")
    assert out.index("Would you like to answer the PHQ-9 now?") < out.index("PHQ-9: 9 of 27, mild")
    assert "To answer it:" not in out
    assert CRISIS in out  # the PHQ-9's item 9 at 1: support, straight after that answer
    assert sorted(row.instrument for row in ScreeningResult.objects.all()) == ["phq2", "phq9"]


def test_phq2_at_a_terminal_can_decline_the_phq9(glimmers, clock, at_a_terminal):
    result = glimmers("screen", "phq2", input="3\n3\nn\n")
    assert result.code == 0, result.err
    assert "Would you like to answer the PHQ-9 now?" in result.out
    assert "Any time: glimmers screen phq9" in result.out
    assert [row.instrument for row in ScreeningResult.objects.all()] == ["phq2"]


def test_phq2_answered_from_a_pipe_prints_the_command_instead_of_asking(glimmers, clock):
    result = glimmers("screen", "phq2", input="2\n2\n")
    assert result.code == 0, result.err
    assert "Would you like" not in result.out and "To answer it: glimmers screen phq9" in result.out


def test_stopping_the_offered_phq9_keeps_the_phq2(glimmers, clock, at_a_terminal):
    result = glimmers("screen", "phq2", input="3\n3\ny\n0\n0\n")
    assert result.code == 130
    assert "stopped; the PHQ-9 was not saved. Your PHQ-2 result is saved as s" in result.err
    assert [row.instrument for row in ScreeningResult.objects.all()] == ["phq2"]


def test_gad2_of_3_at_a_terminal_offers_the_gad7(glimmers, clock, at_a_terminal):
    result = glimmers("screen", "gad2", input="2\n2\n\n" + "2\n" * 7)
    assert result.code == 0, result.err
    assert "Would you like to answer the GAD-7 now? It has 7 questions" in result.out
    assert "GAD-7: 14 of 21, moderate" in result.out
    assert "does not ask about" not in result.out
    assert sorted(row.instrument for row in ScreeningResult.objects.all()) == ["gad2", "gad7"]


# ------------------------------------------------------------------ triage remembers recent questionnaires


def test_triage_with_a_recent_phq9_of_22_means_help_now_support_first(glimmers, clock):
    glimmers("screen", "phq9", "--answers", _phq9(22))
    clock.shift(5 * 86400)
    result = glimmers("screen", "triage", "--answers", _yes_no())
    assert result.code == 0, result.err
    out = result.out
    assert out.index(CRISIS) < out.index("Get help now")
    assert "A questionnaire you answered in the last few weeks needs prompt care" in out
    assert "Your PHQ-9 of 2026-11-20 was 22 of 27, in the highest range." in out
    assert ScreeningResult.objects.filter(instrument="triage").get().outcome == "help_now"


def test_triage_ignores_a_phq9_30_days_old_and_says_so(glimmers, clock):
    glimmers("screen", "phq9", "--answers", _phq9(22))
    clock.shift(30 * 86400)
    result = glimmers("screen", "triage", "--answers", _yes_no())
    assert "Keep going with self-help" in result.out and CRISIS not in result.out
    assert "Not used: your latest PHQ-9, from 2026-11-20, is more than 28 days old." in result.out


def test_triage_json_names_the_recent_results(glimmers, clock):
    glimmers("screen", "gad7", "--answers", "2,2,2,2,1,1,1")
    clock.shift(86400)
    data = json.loads(glimmers("screen", "triage", "--answers", _yes_no(), "--json").out)
    assert data["outcome"] == "professional_soon" and data["recent_flags"] == ["recent_gad7_cutoff"]
    assert data["reasons"] == ["Your GAD-7 of 2026-11-20 was 11 of 21, at or above the usual screening threshold."]
    assert [(used["instrument"], used["total"]) for used in data["recent_used"]] == [("gad7", 11)]
    assert data["support_shown"] is False

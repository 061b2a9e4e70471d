"""Screening from the terminal: scripted and asked, the item 9 path, triage,
the numbness profile, history with change, and bad input that saves nothing."""

import json
import re

import pytest

from glimmers.care.models import ScreeningResult
from glimmers.core import triage

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
    assert data[0]["change"] == {"difference": -8, "reliable": True}


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
    from glimmers.core import profile

    answers = ",".join("3" if q.form == "detached" else "0" for q in profile.check().questions)
    result = glimmers("screen", "profile", "--answers", answers)
    assert result.code == 0, result.err
    assert "Empty or detached" in result.out and "Grounding first" in result.out
    assert "not a validated or diagnostic test" in result.out
    row = ScreeningResult.objects.get()
    assert (row.instrument, row.outcome) == ("profile", "detached")
    assert "Numbness profile: Empty or detached" in glimmers("screen", "history").out


def test_profile_asked_interactively(glimmers, clock):
    from glimmers.core import profile

    count = len(profile.check().questions)
    result = glimmers("screen", "profile", input="0\n" * count)
    assert result.code == 0, result.err
    assert "No one form stands out" in result.out

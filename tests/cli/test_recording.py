"""Recording from the terminal: what a person types, what they see, what is stored."""

import json

import pytest

from glimmers.journal import models

pytestmark = pytest.mark.django_db


def test_scripted_checkin_prints_what_was_saved(glimmers, clock):
    result = glimmers("checkin", "--numbness", "7", "--mood", "-2", "--tag", "work", "--tag", "meeting",
                      "--note", "flat after the review")
    assert result.code == 0, result.err
    assert "Saved check-in c" in result.out
    assert "Fri 20 Nov 2026 13:00" in result.out  # shown in the person's zone
    assert "numbness 7/10" in result.out and "mood \u22122" in result.out
    row = models.CheckIn.objects.get()
    assert (row.numbness, row.mood, row.note) == (7, -2, "flat after the review")
    assert sorted(str(t) for t in row.tags.all()) == ["doing:meeting", "where:work"]


def test_checkin_json_output_and_backdating(glimmers, clock):
    result = glimmers("checkin", "-n", "4", "--at", "yesterday 21:30", "--body", "heavy limbs",
                      "--form", "detached", "--sign", "cancelled_plans", "--self-talk", "pull yourself together", "--json")
    saved = json.loads(result.out)
    assert saved["occurred_at"] == "2026-11-19T20:30:00+00:00"
    assert saved["local_date"] == "2026-11-19"
    assert saved["forms"] == ["detached"] and saved["warning_signs"] == ["cancelled_plans"]
    assert saved["tags"] == ["body:heavy limbs"]


def test_interactive_checkin_asks_and_allows_skipping(glimmers, clock):
    result = glimmers("checkin", input="6\n\n\n3\n\nhome, alone\nnothing much\n")
    assert result.code == 0, result.err
    row = models.CheckIn.objects.get()
    assert (row.numbness, row.mood, row.energy, row.stress, row.note) == (6, None, None, 3, "nothing much")
    assert sorted(str(t) for t in row.tags.all()) == ["where:home", "who:alone"]


def test_a_mistake_in_the_questions_is_asked_again_and_nothing_before_it_is_lost(glimmers, clock):
    """A mood of -6 at the third question, a tag with a semicolon: each is said and asked
    again; the numbness, the other answers and the note typed last are all kept."""
    result = glimmers("checkin", input="6\n-6\n-2\n\n4\n\nwork;late\nwork\nI felt a bit more here today\n")
    assert result.code == 0, result.err
    assert "Mood must be a whole number from -5 to 5." in result.out + result.err
    assert "without : ; | , or #" in result.out + result.err
    row = models.CheckIn.objects.get()
    assert (row.numbness, row.mood, row.energy, row.stress) == (6, -2, None, 4)
    assert row.note == "I felt a bit more here today"
    assert [str(t) for t in row.tags.all()] == ["where:work"]


def test_interactive_checkin_with_nothing_given_saves_nothing(glimmers, clock):
    result = glimmers("checkin", input="\n\n\n\n\n\n\n")
    assert result.code == 2
    assert "at least one thing" in result.err
    assert not models.CheckIn.objects.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["checkin", "--numbness", "11"], "Numbness must be a whole number from 0 to 10."),
        (["checkin", "--mood", "-9"], "Mood must be a whole number from -5 to 5."),
        (["checkin", "-n", "3", "--at", "2026-02-30 10:00"], "2026-02-30 is not a real calendar date."),
        (["checkin", "-n", "3", "--at", "tomorrow"], "in the future"),
            (["checkin", "-n", "3", "--at", "someday"], "not a date"),
        (["checkin", "-n", "3", "--at", "2026-11-21 10:00"], "in the future"),
        (["checkin", "-n", "3", "--note", "x" * 20_001], "the limit is 20000"),
        (["checkin", "-n", "3", "--form", "sad"], "Unknown forms: sad"),
        (["checkin", "-n", "3", "--tag", "a;b"], "without : ; | , or #"),
        (["glimmer", "   "], "Describe the glimmer"),
        (["day", "--sleep", "25"], "sleep hours must be a number from 0 to 24."),
        (["day", "--date", "2026-11-21", "--sleep", "7"], "today or earlier"),
        (["day", "--wake", "7am"], "HH:MM"),
    ],
)
def test_bad_input_is_one_readable_line_and_writes_nothing(glimmers, clock, args, message):
    result = glimmers(*args)
    assert result.code == 2
    assert message in result.err
    assert result.err.startswith("glimmers: ") and result.err.count("\n") == 1
    assert "Traceback" not in result.err + result.out
    assert not models.CheckIn.objects.exists() and not models.Glimmer.objects.exists()
    assert not models.DayFactors.objects.exists()


def test_unknown_option_is_one_line_with_a_hint(glimmers):
    result = glimmers("checkin", "--numbnes", "3")
    assert result.code == 2
    assert result.err.strip() == "glimmers: No such option '--numbnes'. Did you mean '--numbness'? (see 'glimmers checkin --help')"


@pytest.mark.parametrize("written, kept", [("7,5", "7.5"), (",5", "0.5"), ("7.5", "7.5")])
def test_a_decimal_comma_is_read_as_a_decimal_point(glimmers, clock, written, kept):
    result = glimmers("day", "--sleep", written)
    assert result.code == 0, result.err
    assert str(models.DayFactors.objects.get().sleep_hours) == kept


def test_a_comma_before_three_digits_is_refused_not_guessed(glimmers, clock):
    """"1,500" may mean one and a half or fifteen hundred: neither is stored."""
    result = glimmers("day", "--movement", "1,500")
    assert result.code == 2 and "must be a number" in result.err
    assert not models.DayFactors.objects.exists()


def test_glimmer_and_day(glimmers, clock):
    result = glimmers("glimmer", "shoulders dropped on the walk", "--after", "walk")
    assert result.code == 0 and "Saved glimmer g" in result.out and "After: walk" in result.out
    result = glimmers("day", "--sleep", "6.5", "--alcohol", "2", "--daylight", "10")
    assert result.code == 0 and "Sleep: 6.5 h" in result.out
    result = glimmers("day", "--movement", "30", "--clear", "alcohol")
    shown = glimmers("day").out
    assert "Movement: 30 min" in shown and "Sleep: 6.5 h" in shown and "Alcohol" not in shown
    assert "Nothing recorded" in glimmers("day", "--date", "yesterday").out


def test_edit_changes_values_and_tags(glimmers, clock):
    glimmers("checkin", "-n", "7", "-t", "work", "-t", "meeting", "--note", "flat")
    ref = models.CheckIn.objects.get().ref
    result = glimmers("edit", ref, "--numbness", "5", "--untag", "meeting", "--tag", "who:alone")
    assert result.code == 0, result.err
    row = models.CheckIn.objects.get()
    assert row.numbness == 5 and sorted(str(t) for t in row.tags.all()) == ["where:work", "who:alone"]
    assert glimmers("edit", ref, "--text", "x").code == 2
    glimmers("glimmer", "a warm cup")
    glimmer_ref = models.Glimmer.objects.get().ref
    assert "numbness cannot be set on a glimmer" in glimmers("edit", glimmer_ref, "--numbness", "3").err
    assert glimmers("edit", glimmer_ref, "--after", "tea").code == 0
    assert models.Glimmer.objects.get().preceded_by == "tea"
    assert "There is no entry c999999" in glimmers("edit", "c999999", "-n", "1").err


def test_support_read_before_validation_never_echoes_a_terminal_escape(glimmers, clock):
    """Words are read for support before they are checked; a note that will be
    refused for its control characters must not reach the terminal with them."""
    result = glimmers("checkin", "--note", "I no longer want to die\x1b[2J\x1b]0;owned\x07")
    assert "You wrote “I no longer want to die" in result.out  # support came first
    assert "\x1b" not in result.out + result.err and "\x07" not in result.out + result.err
    assert result.code == 2 and "control characters" in result.err
    assert models.CheckIn.objects.count() == 0

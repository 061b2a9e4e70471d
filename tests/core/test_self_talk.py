"""The inner critic's themes are counted from a person's own words, once per check-in, and never judged."""

from __future__ import annotations

from datetime import date

from glimmers.core.toolkit import self_talk


def test_themes_are_matched_as_whole_words_and_phrases():
    assert self_talk.themes_in("I'm so lazy, I should have done it. Everyone else manages.") == (
        "lazy_weak", "shoulds", "comparing")
    assert self_talk.themes_in("The failsafe worked; shoulder pain today") == ()  # no part-word matches
    assert self_talk.themes_in("I shouldn’t feel like this") == ("shoulds",)  # a curly apostrophe too


def test_a_check_in_counts_once_per_theme_and_untouched_themes_are_left_out():
    counts = self_talk.count_themes(["lazy lazy lazy", "You should, you must", "", "a calm day"])
    assert counts == {"lazy_weak": 1, "shoulds": 1}


def test_support_words_are_not_themes():
    """Being a burden or not wanting to live is read by the risk check, which offers help; it is not counted here."""
    for words in ("I am a burden to everyone", "there is no way out", "I don't want to be here anymore"):
        assert self_talk.themes_in(words) == ()


def test_the_kind_question_changes_with_the_day():
    asked = {self_talk.reframe_prompt(date(2026, 12, day)) for day in range(1, 9)}
    assert len(asked) > 1 and all(question.endswith("?") for question in asked)

"""Irritation or sadness named more often lately points to what the way back can feel like,
in the person's words in either language, and says a harder time is possible too."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client

from glimmers.core.analysis.insights.returning import returning

TODAY = date(2026, 11, 20)


def _days(*pairs: tuple[int, str]) -> list[tuple[date, str]]:
    return [(TODAY - timedelta(days=ago), words) for ago, words in pairs]


def test_more_often_lately_is_said_with_both_readings():
    found = returning(_days((0, "irritable"), (2, "work sad"), (5, "cried at the film"), (20, "angry")), today=TODAY)
    assert (found.recent, found.before) == (3, 1)
    assert "3 check-ins of the last two weeks, against 1" in found.sentence
    assert "feeling coming back" in found.sentence and "harder time" in found.sentence


@pytest.mark.parametrize("pairs", [
    ((0, "sad"), (1, "sad")),  # too few
    ((0, "sad"), (1, "sad"), (2, "sad"), (15, "sad"), (16, "angry")),  # not twice as many as before
    ((0, "sadder than ever, tired"), (1, "madness"), (2, "scary")),  # whole words only
])
def test_nothing_is_said_without_a_clear_rise(pairs):
    assert returning(_days(*pairs), today=TODAY) is None


def test_spanish_words_count_whatever_is_spoken():
    assert returning(_days((0, "hoy estoy triste"), (1, "enfadada"), (3, "lloré")), today=TODAY).recent == 3


@pytest.mark.django_db
def test_the_insights_show_it_with_the_link_on_the_web_and_in_the_terminal(clock, glimmers):
    for note in ("so irritable today", "sad and tired", "snapped at everyone"):
        assert glimmers("checkin", "-n", "6", "--note", note).code == 0
    page = Client().get("/insights/").content.decode()
    section = page.split('id="returning-heading"', 1)[1].split("</section>", 1)[0]
    assert "3 check-ins of the last two weeks" in section and 'href="/guides/understanding/#recovery"' in section
    terminal = glimmers("insights")
    assert "Other feelings, lately" in terminal.out and "glimmers guide understanding" in terminal.out

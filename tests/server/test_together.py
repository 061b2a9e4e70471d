"""Checking in together, by its rules: once a day each, the other's answer only after one's own,
a warm note once of each kind a day, nothing while paused, nothing that counts days; and closing
an account ends everything it shared or was shared."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from glimmers.core.errors import InvalidInput

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 20)


@pytest.fixture
def pair(make_person):
    from glimmers.sharing import pairing

    ana, ben = make_person("ana"), make_person("ben")
    together, _code = pairing.propose(ana)
    return ana, ben, pairing.accept(together, ben)


def test_each_sees_the_other_only_after_answering(pair):
    from glimmers.sharing import pairing

    ana, ben, together = pair
    pairing.answer(together, ben, day=DAY, numbness=7, word="granite")
    assert pairing.day_for(together, ana, DAY).theirs is None  # ana has not answered
    pairing.answer(together, ana, day=DAY, numbness=3, phrase="detached")
    seen = pairing.day_for(together, ana, DAY)
    assert seen.theirs.word == "granite" and seen.mine.numbness == 3
    pairing.answer(together, ana, day=DAY, numbness=4, word="calmer")  # once a day: the second replaces the first
    assert pairing.day_for(together, ben, DAY).theirs.numbness == 4


@pytest.mark.parametrize("values, field", [
    ({"numbness": 11, "word": "x"}, "numbness"),
    ({"numbness": "soft", "word": "x"}, "numbness"),
    ({"numbness": 5, "word": "a word far too long for one single word here"}, "word"),
    ({"numbness": 5, "word": "four words are many"}, "word"),
    ({"numbness": 5, "phrase": "not_one_of_ours"}, "phrase"),
    ({"numbness": 5}, "word"),
])
def test_answers_are_checked(pair, values, field):
    from glimmers.sharing import pairing

    _ana, ben, together = pair
    with pytest.raises(InvalidInput) as problem:
        pairing.answer(together, ben, day=DAY, **values)
    assert problem.value.field == field


def test_a_note_goes_once_of_each_kind_a_day_and_nothing_while_paused(pair):
    from glimmers.sharing import pairing

    ana, ben, together = pair
    assert pairing.send_note(together, ana, day=DAY, phrase="thinking_of_you") is True
    assert pairing.send_note(together, ana, day=DAY, phrase="thinking_of_you") is False
    assert pairing.day_for(together, ben, DAY).notes_to_me[0].phrase == "thinking_of_you"
    paused = pairing.set_state(together, ben, "pause")
    with pytest.raises(InvalidInput):
        pairing.answer(paused, ana, day=DAY, numbness=2, word="quiet")
    with pytest.raises(InvalidInput):
        pairing.send_note(paused, ana, day=DAY, phrase="small_steps_count")
    assert pairing.set_state(paused, ana, "resume").status == "active"  # either may resume


def test_nothing_counts_days_in_the_words_or_on_the_page(pair):
    from glimmers.core.sharing import together as words

    ana, _ben, together = pair
    texts = [note.phrase for note in words.support_notes()]
    page = Client()
    page.force_login(ana)
    texts.append(page.get(f"/together/{together.public_id}/").content.decode())
    for text in texts:
        assert not re.search(r"streak|in a row|missed|you haven.t|days? without", text, re.IGNORECASE), text[:200]


def test_closing_an_account_ends_what_it_shared_and_what_was_shared_with_it(pair, make_person):
    from glimmers.sharing import grants
    from glimmers.sharing.models import Grant, Pairing

    ana, ben, together = pair
    cara = make_person("cara")
    given, _code = grants.propose(ana, role="trusted", scope_keys=["weekly_summary"], ends_at=None)
    grants.accept(given, ben)
    received, _code = grants.propose(cara, role="trusted", scope_keys=["weekly_summary"], ends_at=None)
    grants.accept(received, ana)
    assert grants.end_everything_for(ana) == 3
    assert set(Grant.every_owner.values_list("status", flat=True)) == {"inactive"}
    assert Pairing.every_owner.get(pk=together.pk).status == "ended"
    visitor = Client()
    visitor.force_login(ben)
    assert visitor.get(f"/shared/{given.public_id}/").status_code == 404

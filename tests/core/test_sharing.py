"""Words for sharing: phrases, audiences and the composed message."""

from __future__ import annotations

import pytest

from glimmers.core.toolkit import sharing
from glimmers.core.errors import InvalidInput


def test_the_phrase_lists_load_with_unique_keys():
    for listing, minimum in ((sharing.feelings(), 12), (sharing.needs(), 10), (sharing.audiences(), 3)):
        keys = [entry.key for entry in listing]
        assert len(keys) >= minimum and len(keys) == len(set(keys))
    phrases = {entry.phrase for entry in sharing.feelings()}
    assert {"I feel detached", "my energy is capped at a low level", "things that used to matter feel far away"} <= phrases
    assert {"friend", "partner", "therapist"} <= {audience.key for audience in sharing.audiences()}
    for need in sharing.needs():
        assert need.phrase[0].islower() and not need.phrase.endswith(".")


def test_a_message_for_a_friend():
    message = sharing.compose("friend", ["detached", "low_energy"], ["walk_together", "check_in_no_answer_needed"])
    friend = {a.key: a for a in sharing.audiences()}["friend"]
    lines = message.split("\n")
    assert lines[0] == friend.opening and lines[-1] == friend.closing
    assert lines[1] == "I feel detached. My energy is capped at a low level."
    assert lines[2] == "What would help is a short walk together, or you checking in without needing an answer."
    assert len(lines) == 4


def test_a_message_for_a_partner_with_the_person_s_own_words():
    message = sharing.compose("partner", ["far_away"], extra="  Sunday evenings are the hardest.  ")
    partner = {a.key: a for a in sharing.audiences()}["partner"]
    assert message.split("\n") == [
        partner.opening,
        "Things that used to matter feel far away.",
        "Sunday evenings are the hardest.",
        partner.closing,
    ]


def test_a_message_for_a_therapist_is_a_plain_list():
    message = sharing.compose("therapist", ["detached", "sleep_is_off"], ["time_in_sessions"], "Worse since October.")
    therapist = {a.key: a for a in sharing.audiences()}["therapist"]
    assert message.split("\n") == [
        therapist.opening,
        "- I feel detached.",
        "- My sleep has been off lately.",
        "What I think would help:",
        "- time in our sessions to talk about this numbness",
        "In my own words: Worse since October.",
        therapist.closing,
    ]


def test_repeated_keys_collapse_keeping_their_order():
    once = sharing.compose("friend", ["low_energy", "detached"], ["patience", "walk_together"])
    twice = sharing.compose("friend", ["low_energy", "detached", "low_energy"], ["patience", "walk_together", "patience"])
    assert once == twice
    assert once.index("My energy") < once.index("I feel detached")


@pytest.mark.parametrize(
    "audience, feelings, needs, bad, field",
    [
        ("boss", ["detached"], [], "boss", "audience"),
        ("friend", ["detached", "sad_ish"], [], "sad_ish", "feelings"),
        ("friend", ["detached"], ["a_holiday"], "a_holiday", "needs"),
    ],
)
def test_unknown_keys_are_named_with_the_valid_ones(audience, feelings, needs, bad, field):
    with pytest.raises(InvalidInput) as caught:
        sharing.compose(audience, feelings, needs)
    assert bad in caught.value.message
    assert caught.value.field == field
    valid = {"audience": sharing.audiences(), "feelings": sharing.feelings(), "needs": sharing.needs()}[field]
    assert all(entry.key in caught.value.message for entry in valid)


def test_at_least_one_feeling_is_needed():
    with pytest.raises(InvalidInput) as caught:
        sharing.compose("friend", [], ["walk_together"])
    assert caught.value.field == "feelings"


def test_own_words_are_limited_to_500_characters():
    assert "x" * 500 in sharing.compose("friend", ["detached"], extra="x" * 500)
    with pytest.raises(InvalidInput) as caught:
        sharing.compose("friend", ["detached"], extra="x" * 501)
    assert caught.value.field == "extra" and "500" in caught.value.message

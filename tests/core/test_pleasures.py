"""The micro-pleasure and novelty library, and the "did anything shift?" answers."""

from __future__ import annotations

import pytest

from glimmers.core.toolkit import pleasures
from glimmers.core.errors import InvalidInput, NotFound


def test_the_library_loads_with_enough_varied_entries():
    entries = pleasures.pleasures()
    assert len(entries) >= 30
    keys = [entry.key for entry in entries]
    assert len(keys) == len(set(keys))
    for entry in entries:
        assert entry.text and entry.minutes >= 1
        assert set(entry.senses) <= set(pleasures.SENSES)
        assert isinstance(entry.novelty, bool)
    assert any(entry.novelty for entry in entries) and not all(entry.novelty for entry in entries)
    assert any(not entry.senses for entry in entries)


@pytest.mark.parametrize("key", ["one_song", "three_minutes_of_sunlight", "a_textured_food", "a_familiar_scent", "three_line_journal", "a_new_recipe", "a_different_route_home"])
def test_the_spec_s_examples_are_there(key):
    assert pleasures.pleasure(key).key == key


def test_an_unknown_entry_is_not_found():
    with pytest.raises(NotFound) as caught:
        pleasures.pleasure("skydiving")
    assert "skydiving" in caught.value.message


def test_pick_is_deterministic_and_varies_with_the_seed():
    assert pleasures.pick(5) == pleasures.pick(5)
    assert len({pleasures.pick(seed).key for seed in range(40)}) > 10


@pytest.mark.parametrize("sense", pleasures.SENSES)
@pytest.mark.parametrize("novelty", [True, False, None])
def test_pick_filters_by_sense_and_novelty(sense, novelty):
    for seed in range(10):
        chosen = pleasures.pick(seed, sense=sense, novelty=novelty)
        assert sense in chosen.senses
        if novelty is not None:
            assert chosen.novelty is novelty


def test_pick_avoids_excluded_keys_and_falls_back_when_nothing_is_left():
    first = pleasures.pick(8, sense="smell", novelty=False)
    second = pleasures.pick(8, sense="smell", novelty=False, exclude={first.key})
    assert second.key != first.key
    everything = {entry.key for entry in pleasures.pleasures()}
    fallback = pleasures.pick(8, sense="smell", novelty=False, exclude=everything)
    assert "smell" in fallback.senses and fallback.novelty is False


def test_pick_rejects_unknown_senses_and_lists_them():
    with pytest.raises(InvalidInput) as caught:
        pleasures.pick(1, sense="sixth")
    assert "sixth" in caught.value.message
    assert all(sense in caught.value.message for sense in pleasures.SENSES)
    assert caught.value.field == "sense"


def test_shift_answers_and_labels():
    assert [key for key, _label in pleasures.SHIFTS] == ["none", "little", "noticeable"]
    assert pleasures.shift_label("none") == "Nothing this time"
    assert pleasures.shift_label("little") == "A little, 1-2%"
    assert pleasures.shift_label("noticeable") == "Something noticeable"
    with pytest.raises(InvalidInput) as caught:
        pleasures.shift_label("huge")
    assert "none, little, noticeable" in caught.value.message


def test_the_note_says_nothing_is_a_fine_answer():
    assert "fine answer" in pleasures.NOTE
    assert pleasures.note() == pleasures.NOTE

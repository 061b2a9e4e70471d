"""The 14-day reconnection plan: cue library, tailoring, swaps, and progress
that never counts against anyone."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from glimmers.core.toolkit import plan
from glimmers.core.care import profile
from glimmers.core.errors import InvalidInput, NotFound
from glimmers.core.toolkit.plan import DayState

TODAY = date(2026, 11, 20)
EMPHASES = set(profile.check().emphases)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


# ---------------------------------------------------------------- the library


def test_the_cue_library_loads_and_is_well_formed():
    cues = plan.cues()
    keys = [cue.key for cue in cues]
    assert len(keys) == len(set(keys))
    per_slot = Counter(cue.slot for cue in cues)
    assert set(per_slot) == set(plan.SLOTS)
    assert all(count >= 12 for count in per_slot.values())
    for cue in cues:
        assert 1 <= cue.minutes <= 15
        assert set(cue.suits) <= EMPHASES, cue.key
        assert cue.intensity in ("gentle", "active")
        assert cue.text and cue.text[0].isupper()


def test_grounding_cues_exist_for_the_detached_case():
    for key in ("feet_on_floor", "cool_water_on_wrists", "name_five_sounds"):
        cue = plan.cue(key)
        assert cue.slot in ("body", "sensory")
        assert "grounding_first" in cue.suits and cue.intensity == "gentle"


def test_an_unknown_cue_is_not_found_with_a_helpful_sentence():
    with pytest.raises(NotFound) as caught:
        plan.cue("jump_in_the_lake")
    assert "jump_in_the_lake" in caught.value.message
    assert "such as" in caught.value.message


# ---------------------------------------------------------------- building


def test_a_plan_is_deterministic_for_its_seed_and_differs_between_seeds():
    assert plan.build_plan(42) == plan.build_plan(42)
    assert plan.build_plan(42, ["grounding_first"]) == plan.build_plan(42, ["grounding_first"])
    assert plan.build_plan(42).days != plan.build_plan(43).days


@pytest.mark.parametrize("emphases", [(), ("grounding_first", "slower_pacing"), ("gentle_connection",), ("tiny_steps", "behavioural_activation")])
def test_fourteen_days_of_four_slots_without_repeats(emphases):
    built = plan.build_plan(7, emphases)
    assert len(built.days) == plan.PLAN_DAYS == 14
    assert [day.number for day in built.days] == list(range(1, 15))
    for day in built.days:
        assert len(day.cues) == 4
        assert {cue.slot for cue in day.cues} == set(plan.SLOTS)
    for slot in plan.SLOTS:
        keys = [day.cue_for(slot).key for day in built.days]
        assert len(keys) == len(set(keys)), slot


def test_without_emphases_the_order_is_balanced():
    built = plan.build_plan(3)
    assert built.emphases == ()
    for day in built.days:
        assert tuple(cue.slot for cue in day.cues) == ("body", "sensory", "connection", "meaning")


def test_grounding_and_slower_pacing_shape_the_opening_days():
    built = plan.build_plan(11, ("grounding_first", "slower_pacing"))
    assert built.emphases == ("grounding_first", "slower_pacing")
    for day in built.days:
        assert tuple(cue.slot for cue in day.cues)[:2] == ("body", "sensory")
    for day in built.days[:4]:
        for cue in day.cues:
            assert cue.intensity == "gentle" and cue.minutes <= 5, (day.number, cue.key)
        for slot in ("body", "sensory"):
            assert "grounding_first" in day.cue_for(slot).suits


@pytest.mark.parametrize("seed", range(20))
def test_suiting_cues_are_drawn_first(seed):
    emphases = ("tiny_steps", "notice_glimmers")
    built = plan.build_plan(seed, emphases)
    for slot in plan.SLOTS:
        suiting = [cue for cue in plan.cues() if cue.slot == slot and set(cue.suits) & set(emphases)]
        chosen = [day.cue_for(slot) for day in built.days]
        fits = [bool(set(cue.suits) & set(emphases)) for cue in chosen]
        # every suiting cue is used before any cue that does not suit
        expected = min(len(suiting), plan.PLAN_DAYS)
        assert fits == [True] * expected + [False] * (plan.PLAN_DAYS - expected), slot


def test_gentle_connection_keeps_connection_cues_gentle():
    for seed in range(10):
        built = plan.build_plan(seed, ["gentle_connection"])
        assert all(day.cue_for("connection").intensity == "gentle" for day in built.days)
        assert built.days[0].cues[0].slot == "connection"


def test_unknown_emphases_are_ignored_and_repeats_dropped():
    built = plan.build_plan(5, ["retired_emphasis", "slower_pacing", "slower_pacing", ""])
    assert built.emphases == ("slower_pacing",)
    assert built.days == plan.build_plan(5, ["slower_pacing"]).days


def test_the_seed_must_be_a_whole_number():
    with pytest.raises(InvalidInput):
        plan.build_plan("seven")  # type: ignore[arg-type]


# ---------------------------------------------------------------- swapping


def test_swap_gives_a_different_cue_deterministically():
    built = plan.build_plan(21)
    for day in (1, 7, 14):
        for slot in plan.SLOTS:
            current = built.day(day).cue_for(slot)
            swapped = plan.swap(built, day, slot)
            assert swapped.slot == slot and swapped.key != current.key
            assert swapped == plan.swap(built, day, slot)


def test_swap_attempts_walk_through_new_cues_and_avoid_what_was_used():
    built = plan.build_plan(21)
    first, second = plan.swap(built, 3, "body"), plan.swap(built, 3, "body", attempt=2)
    assert first != second
    avoided = plan.swap(built, 3, "body", already_used={first.key})
    assert avoided.key not in (first.key, built.day(3).cue_for("body").key)


def test_swap_keeps_to_the_plan_s_emphases_where_it_can():
    built = plan.build_plan(9, ("slower_pacing", "gentle_connection"))
    for attempt in range(1, 6):
        early = plan.swap(built, 2, "meaning", attempt=attempt)
        assert early.intensity == "gentle" and early.minutes <= 5
        assert plan.swap(built, 10, "connection", attempt=attempt).intensity == "gentle"


def test_swap_still_offers_something_when_everything_was_used():
    built = plan.build_plan(4)
    everything = {cue.key for cue in plan.cues()}
    swapped = plan.swap(built, 1, "sensory", already_used=everything)
    assert swapped.slot == "sensory" and swapped != built.day(1).cue_for("sensory")


@pytest.mark.parametrize("day", [0, 15, -1, True])
def test_swap_rejects_days_outside_the_plan(day):
    with pytest.raises(InvalidInput) as caught:
        plan.swap(plan.build_plan(1), day, "body")
    assert "1 to 14" in caught.value.message


def test_swap_rejects_unknown_slots_and_lists_the_slots():
    with pytest.raises(InvalidInput) as caught:
        plan.swap(plan.build_plan(1), 2, "soul")
    assert all(slot in caught.value.message for slot in plan.SLOTS)
    with pytest.raises(InvalidInput):
        plan.swap(plan.build_plan(1), 2, "body", attempt=0)


# ---------------------------------------------------------------- progress


@pytest.mark.parametrize(
    "states, expected",
    [
        pytest.param([], 1, id="nothing opened yet"),
        pytest.param([DayState(1, TODAY, 0, False)], 1, id="opened today, nothing done yet"),
        pytest.param([DayState(1, TODAY, 2, False)], 1, id="opened and tried today"),
        pytest.param([DayState(1, ago(1), 1, False)], 2, id="tried yesterday"),
        pytest.param([DayState(1, ago(1), 0, True)], 2, id="skipped yesterday"),
        pytest.param([DayState(1, ago(1), 0, False)], 1, id="a missed day waits"),
        pytest.param([DayState(1, ago(9), 3, False), DayState(2, ago(8), 0, False)], 2, id="a long gap still waits"),
        pytest.param([DayState(3, ago(2), 1, False), DayState(1, ago(4), 1, False), DayState(2, ago(3), 2, False)], 4, id="order does not matter"),
        pytest.param([DayState(14, TODAY, 4, False)], 14, id="last day, today"),
        pytest.param([DayState(14, ago(1), 1, False)], None, id="finished"),
        pytest.param([DayState(14, ago(1), 0, True)], None, id="finished by skipping the last day"),
        pytest.param([DayState(14, ago(3), 0, False)], 14, id="last day waits"),
    ],
)
def test_current_day(states, expected):
    assert plan.current_day(states, TODAY) == expected


def test_summary_counts_what_was_done():
    states = [
        DayState(1, ago(6), 2, False),
        DayState(2, ago(5), 0, True),
        DayState(3, ago(3), 4, False),
        DayState(4, ago(1), 3, False),
    ]
    result = plan.summary(states)
    assert (result.days_touched, result.cues_done, result.days_skipped, result.finished) == (3, 9, 1, False)
    assert result.words() == "You have tried 9 cues over 3 days."


@pytest.mark.parametrize(
    "states",
    [
        [],
        [DayState(1, ago(5), 0, False)],
        [DayState(1, ago(5), 0, True), DayState(2, ago(2), 0, True)],
        [DayState(1, ago(5), 1, False)],
        [DayState(1, ago(5), 3, False)],
        [DayState(n, ago(20 - n), n % 3, n % 3 == 0) for n in range(1, 15)],
        [DayState(n, ago(30 - 2 * n), 1, False) for n in range(1, 10)],
    ],
)
def test_summary_words_never_mention_what_was_not_done(states):
    words = plan.summary(states).words().lower()
    assert words.endswith(".") and words.count(".") == 1
    for banned in ("miss", "fail", "streak", "behind", "skip", "only"):
        assert banned not in words


def test_a_finished_plan_says_so():
    states = [DayState(n, ago(15 - n), 1, False) for n in range(1, 15)]
    result = plan.summary(states)
    assert result.finished
    assert result.words() == "You tried 14 cues and reached the end of the plan."


def test_welcome_back_after_a_gap_is_warm_and_without_judgement():
    states = [DayState(1, ago(6), 2, False), DayState(2, ago(4), 0, False)]
    words = plan.welcome_back(states, TODAY)
    assert words is not None and "day 2" in words
    for banned in ("miss", "fail", "streak", "behind", "again", "away"):
        assert banned not in words.lower()


@pytest.mark.parametrize(
    "states",
    [
        [],
        [DayState(1, TODAY, 0, False)],
        [DayState(1, ago(1), 1, False)],
        [DayState(14, ago(5), 1, False)],  # finished: nothing to pick up
    ],
)
def test_no_welcome_back_without_a_gap_or_after_finishing(states):
    assert plan.welcome_back(states, TODAY) is None

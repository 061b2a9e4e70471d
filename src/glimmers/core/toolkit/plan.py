"""The 14-day reconnection plan: four small cues a day, tailored and forgiving.

Every day offers one cue per slot (body, sensory, connection, meaning) from
``content/plan_cues.toml``. A plan is a pure function of a seed and the
emphases chosen by the numbness profile, so the same person sees the same
plan on every device and in every test, and nothing random needs storing.

The plan counts progress, never failure. A day that was opened and left
untouched simply waits until the person comes back; there is no penalty, no
restart from zero and nothing that resembles a run of days to protect.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Collection, Sequence

from glimmers.core.care import profile
from glimmers.core.content import KEY_PATTERN, ContentError, per_language, read_content
from glimmers.core.errors import InvalidInput, NotFound
from glimmers.core.i18n import _, ngettext
from glimmers.core.i18n import gettext_noop

_FILE = "plan_cues.toml"
_SCHEMA = "glimmers.plan_cues/1"

SLOTS = ("body", "sensory", "connection", "meaning")
# What each slot is called on screen (marked for translation where it is used).
SLOT_LABELS = {
    "body": gettext_noop("Body"), "sensory": gettext_noop("Senses"),
    "connection": gettext_noop("Connection"), "meaning": gettext_noop("Meaning"),
}
PLAN_DAYS = 14
INTENSITIES = ("gentle", "active")
MINUTES_MIN, MINUTES_MAX = 1, 15
MIN_CUES_PER_SLOT = 12
# The opening days that "slower_pacing" and "grounding_first" shape.
EARLY_DAYS = 4
# The longest cue "slower_pacing" allows in the opening days.
SLOW_MINUTES = 5

# Emphases that bring a slot to the front of each day, strongest claim first.
# Grounding comes first because steadying the senses is meant to precede
# anything that asks for feeling or effort.
_LEADING_SLOTS = (
    ("grounding_first", ("body", "sensory")),
    ("body_awareness", ("body",)),
    ("notice_glimmers", ("sensory",)),
    ("gentle_connection", ("connection",)),
    ("behavioural_activation", ("meaning",)),
)


@dataclass(frozen=True)
class Cue:
    key: str
    slot: str
    text: str
    minutes: int
    suits: tuple[str, ...]
    intensity: str  # "gentle" or "active"

    @property
    def gentle(self) -> bool:
        return self.intensity == "gentle"


@dataclass(frozen=True)
class PlanDay:
    number: int  # 1..PLAN_DAYS
    cues: tuple[Cue, ...]  # one per slot, in display order

    def cue_for(self, slot: str) -> Cue:
        for item in self.cues:
            if item.slot == slot:
                return item
        raise InvalidInput(_slot_message(slot), field="slot")


@dataclass(frozen=True)
class Plan:
    seed: int
    emphases: tuple[str, ...]  # the known emphases it was tailored for, in order
    days: tuple[PlanDay, ...]

    def day(self, number: int) -> PlanDay:
        _check_day(number)
        return self.days[number - 1]


def _slot_message(slot: str) -> str:
    return _("There is no plan slot called “%(slot)s”. The slots are: %(slots)s.") % {
        "slot": slot,
        "slots": ", ".join(SLOTS),
    }


def _check_day(number: object) -> int:
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= PLAN_DAYS:
        raise InvalidInput(
            _("Plan days are numbered 1 to %(days)d.") % {"days": PLAN_DAYS},
            field="day",
        )
    return number


@per_language
def cues() -> tuple[Cue, ...]:
    """Every cue in file order, validated on first read.

    Besides the shape of each cue, the library must hold enough gentle, short
    cues for the opening days of a slower plan and enough gentle grounding
    cues for a grounding-first plan; otherwise tailoring would quietly fall
    back to cues the emphasis was meant to avoid.
    """
    data = read_content(_FILE, _SCHEMA)
    emphasis_keys = set(profile.check().emphases)
    found: list[Cue] = []
    for row in data.get("cue", []):
        key = row.get("key", "")
        where = f"{_FILE}: cue {key!r}"
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            raise ContentError(f"{_FILE}: every cue needs a snake_case key ({row!r})")
        if row.get("slot") not in SLOTS:
            raise ContentError(f"{where} has slot {row.get('slot')!r}; expected one of {SLOTS}")
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ContentError(f"{where} needs text")
        minutes = row.get("minutes")
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not MINUTES_MIN <= minutes <= MINUTES_MAX:
            raise ContentError(f"{where} needs whole minutes from {MINUTES_MIN} to {MINUTES_MAX}")
        suits = row.get("suits", [])
        if not isinstance(suits, list) or any(item not in emphasis_keys for item in suits):
            raise ContentError(f"{where} suits unknown emphases {suits!r}")
        if row.get("intensity") not in INTENSITIES:
            raise ContentError(f"{where} needs intensity 'gentle' or 'active'")
        found.append(Cue(key, row["slot"], text.strip(), minutes, tuple(suits), row["intensity"]))
    keys = [item.key for item in found]
    if len(set(keys)) != len(keys):
        raise ContentError(f"{_FILE}: cue keys must be unique")
    for slot in SLOTS:
        in_slot = [item for item in found if item.slot == slot]
        if len(in_slot) < MIN_CUES_PER_SLOT:
            raise ContentError(f"{_FILE}: slot {slot!r} needs at least {MIN_CUES_PER_SLOT} cues")
        if sum(1 for item in in_slot if _slow_enough(item)) < EARLY_DAYS:
            raise ContentError(f"{_FILE}: slot {slot!r} needs {EARLY_DAYS} gentle cues of {SLOW_MINUTES} minutes or less")
        if slot in ("body", "sensory") and sum(1 for item in in_slot if _grounding(item) and _slow_enough(item)) < EARLY_DAYS:
            raise ContentError(f"{_FILE}: slot {slot!r} needs {EARLY_DAYS} short, gentle grounding cues")
    return tuple(found)


def slot_label(slot: str) -> str:
    return _(SLOT_LABELS[slot]) if slot in SLOT_LABELS else slot


def cue(key: str) -> Cue:
    """One cue by key; NotFound names the key and shows what keys look like."""
    for item in cues():
        if item.key == key:
            return item
    raise NotFound(
        _("There is no plan cue called “%(key)s”. Cue names are lower-case words joined by underscores, such as “%(example)s”.")
        % {"key": key, "example": cues()[0].key},
        field="cue",
    )


def _in_slot(slot: str) -> tuple[Cue, ...]:
    return tuple(item for item in cues() if item.slot == slot)


def _slow_enough(item: Cue) -> bool:
    return item.gentle and item.minutes <= SLOW_MINUTES


def _grounding(item: Cue) -> bool:
    return item.gentle and "grounding_first" in item.suits


def known_emphases(emphases: Sequence[str]) -> tuple[str, ...]:
    """The emphases we know, deduplicated in order; unknown keys are dropped.

    Emphases come from stored data, so a key renamed or retired in a later
    release must not break an existing plan.
    """
    if isinstance(emphases, str):
        emphases = (emphases,)
    known = profile.check().emphases
    return tuple(dict.fromkeys(key for key in emphases if isinstance(key, str) and key in known))


def display_order(emphases: Sequence[str]) -> tuple[str, ...]:
    """The order of slots within a day: emphasised slots first, then the rest."""
    chosen = set(known_emphases(emphases))
    order: list[str] = []
    for emphasis, slots in _LEADING_SLOTS:
        if emphasis in chosen:
            order.extend(slot for slot in slots if slot not in order)
    order.extend(slot for slot in SLOTS if slot not in order)
    return tuple(order)


def _allowed(item: Cue, day: int, emphases: tuple[str, ...]) -> bool:
    """The firm limits an emphasis puts on a day's cue."""
    if "slower_pacing" in emphases and day <= EARLY_DAYS and not _slow_enough(item):
        return False
    if "gentle_connection" in emphases and item.slot == "connection" and not item.gentle:
        return False
    return True


def _tier(item: Cue, day: int, emphases: tuple[str, ...]) -> int:
    """Lower is preferred: grounding in the first days, then cues that suit."""
    if "grounding_first" in emphases and day <= EARLY_DAYS and item.slot in ("body", "sensory") and _grounding(item):
        return 0
    if set(item.suits) & set(emphases):
        return 1
    return 2


def build_plan(seed: int, emphases: Sequence[str] = ()) -> Plan:
    """The 14 days for a seed, tailored to the emphases.

    Each slot's cues are shuffled by ``random.Random(seed)``, then each day
    takes the first unused cue that the emphases allow, preferring the ones
    that suit them. A cue repeats within a slot only when every allowed cue
    has been used.
    """
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise InvalidInput(_("A plan needs a whole number as its seed."), field="seed")
    chosen = known_emphases(emphases)
    rng = random.Random(seed)
    by_slot: dict[str, list[Cue]] = {}
    for slot in SLOTS:  # fixed order, so the random draws are the same every time
        pool = list(_in_slot(slot))
        rng.shuffle(pool)
        position = {item.key: index for index, item in enumerate(pool)}
        used: list[str] = []
        for day in range(1, PLAN_DAYS + 1):
            allowed = [item for item in pool if _allowed(item, day, chosen)] or pool
            pick = min(
                allowed,
                key=lambda item: (used.count(item.key), _tier(item, day, chosen), position[item.key]),
            )
            used.append(pick.key)
            by_slot.setdefault(slot, []).append(pick)
    order = display_order(chosen)
    days = tuple(
        PlanDay(number, tuple(by_slot[slot][number - 1] for slot in order)) for number in range(1, PLAN_DAYS + 1)
    )
    return Plan(seed=seed, emphases=chosen, days=days)


def swap(plan: Plan, day_number: int, slot: str, *, already_used: Collection[str] = (), attempt: int = 1) -> Cue:
    """A different cue for one slot of one day, the same for the same request.

    The slot's cues are shuffled by (seed, day, slot) and ``attempt`` walks
    through that order, so "another one" keeps offering something new even if
    the caller remembers nothing. The current cue is never offered while
    another exists; cues in ``already_used`` or elsewhere in the plan's slot,
    and cues the plan's emphases rule out, are avoided where possible.
    """
    _check_day(day_number)
    if slot not in SLOTS:
        raise InvalidInput(_slot_message(slot), field="slot")
    if not isinstance(attempt, int) or isinstance(attempt, bool) or attempt < 1:
        raise InvalidInput(_("The attempt number starts at 1."), field="attempt")
    current = plan.day(day_number).cue_for(slot)
    pool = list(_in_slot(slot))
    random.Random(f"glimmers.plan.swap/{plan.seed}/{day_number}/{slot}").shuffle(pool)
    others = [item for item in pool if item.key != current.key]
    if not others:
        return current
    avoid = set(already_used)
    in_plan = {day.cue_for(slot).key for day in plan.days}
    allowed = [item for item in others if _allowed(item, day_number, plan.emphases)]
    for candidates in (
        [item for item in allowed if item.key not in avoid and item.key not in in_plan],
        [item for item in allowed if item.key not in avoid],
        allowed,
        others,
    ):
        if candidates:
            return candidates[(attempt - 1) % len(candidates)]
    return others[0]  # pragma: no cover - "others" is never empty here


# ---------------------------------------------------------------- progress


@dataclass(frozen=True)
class DayState:
    """What happened on one plan day: when it was first opened and what was tried."""

    number: int
    opened_on: date
    done: int  # cues tried that day
    skipped: bool  # the person chose to move on


def _moved_on(state: DayState) -> bool:
    return state.done > 0 or state.skipped


def _last(states: Sequence[DayState]) -> DayState | None:
    valid = [state for state in states if 1 <= state.number <= PLAN_DAYS]
    return max(valid, key=lambda state: (state.number, state.opened_on)) if valid else None


def current_day(states: Sequence[DayState], today: date) -> int | None:
    """The plan day to show today, or None once the plan is finished.

    A day opened earlier with nothing tried is shown again: a missed day
    waits rather than counting against anyone. A day the person tried
    something on, or chose to skip, leads to the next one.
    """
    last = _last(states)
    if last is None:
        return 1
    if last.opened_on >= today or not _moved_on(last):
        return last.number
    return last.number + 1 if last.number < PLAN_DAYS else None


@dataclass(frozen=True)
class Summary:
    days_touched: int  # days with at least one cue tried
    cues_done: int
    days_skipped: int
    finished: bool

    def words(self) -> str:
        """One plain sentence about what was done; never about what was not."""
        if self.cues_done <= 0:
            return _("Your plan is ready whenever you would like to try a cue.")
        if self.finished:
            return ngettext(
                "You tried %(cues)d cue and reached the end of the plan.",
                "You tried %(cues)d cues and reached the end of the plan.",
                self.cues_done,
            ) % {"cues": self.cues_done}
        if self.days_touched == 1:
            return ngettext(
                "You have tried %(cues)d cue so far.",
                "You have tried %(cues)d cues so far.",
                self.cues_done,
            ) % {"cues": self.cues_done}
        return _("You have tried %(cues)d cues over %(days)d days.") % {
            "cues": self.cues_done,
            "days": self.days_touched,
        }


def summary(states: Sequence[DayState]) -> Summary:
    """Totals over the plan's days; later entries for the same day win."""
    by_day: dict[int, DayState] = {}
    for state in states:
        if 1 <= state.number <= PLAN_DAYS:
            by_day[state.number] = state
    last = by_day.get(PLAN_DAYS)
    return Summary(
        days_touched=sum(1 for state in by_day.values() if state.done > 0),
        cues_done=sum(max(state.done, 0) for state in by_day.values()),
        days_skipped=sum(1 for state in by_day.values() if state.skipped),
        finished=last is not None and _moved_on(last),
    )


def welcome_back(states: Sequence[DayState], today: date) -> str | None:
    """A warm line after a gap of two days or more; None otherwise.

    Nothing is said about the gap itself, and nothing at all once the plan is
    finished, since there is nothing left to pick up.
    """
    if not states:
        return None
    last_seen = max(state.opened_on for state in states)
    if (today - last_seen).days < 2:
        return None
    number = current_day(states, today)
    if number is None:
        return None
    return _("Good to see you. Your plan picks up right where you left it, on day %(day)d.") % {"day": number}

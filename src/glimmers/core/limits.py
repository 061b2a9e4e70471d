"""Scales and sizes: the one place the ranges of every recorded value live."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Scale:
    """A whole-number rating scale, inclusive at both ends."""

    name: str
    low: int
    high: int
    low_label: str
    high_label: str

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and self.low <= value <= self.high


NUMBNESS = Scale("numbness", 0, 10, "feelings fully present", "feel nothing")
MOOD = Scale("mood", -5, 5, "very unpleasant", "very pleasant")
ENERGY = Scale("energy", 0, 10, "empty", "plenty")
STRESS = Scale("stress", 0, 10, "none", "overwhelming")

SCALES = {scale.name: scale for scale in (NUMBNESS, MOOD, ENERGY, STRESS)}


@dataclass(frozen=True)
class Amount:
    """A measured daily amount with a plausible range and a decimal precision."""

    name: str
    low: Decimal
    high: Decimal
    places: int  # decimal places kept
    unit: str


SLEEP_HOURS = Amount("sleep_hours", Decimal(0), Decimal(24), 1, "h")
ALCOHOL_UNITS = Amount("alcohol_units", Decimal(0), Decimal(60), 1, "units")
CANNABIS_USES = Amount("cannabis_uses", Decimal(0), Decimal(30), 0, "times")
LATE_SCREEN_MINUTES = Amount("late_screen_minutes", Decimal(0), Decimal(720), 0, "min")
DAYLIGHT_MINUTES = Amount("daylight_minutes", Decimal(0), Decimal(1440), 0, "min")
MOVEMENT_MINUTES = Amount("movement_minutes", Decimal(0), Decimal(1440), 0, "min")

AMOUNTS = {
    amount.name: amount
    for amount in (
        SLEEP_HOURS,
        ALCOHOL_UNITS,
        CANNABIS_USES,
        LATE_SCREEN_MINUTES,
        DAYLIGHT_MINUTES,
        MOVEMENT_MINUTES,
    )
}

# Text sizes, in characters.
NOTE_MAX = 20_000
SELF_TALK_MAX = 2_000
GLIMMER_TEXT_MAX = 500
PRECEDED_BY_MAX = 200
DAY_NOTE_MAX = 2_000
TAG_NAME_MAX = 40
TAG_CATEGORY_MAX = 24
TAGS_PER_ENTRY_MAX = 30

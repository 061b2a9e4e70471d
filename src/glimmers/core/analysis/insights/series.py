"""What the insights engine reads: check-ins and days, as plain values.

The Django side turns stored check-ins and day factors into these records, so
the analysis never touches the database or time zones: ``Moment.day`` and
``Moment.hour`` are already local to the person. The two helpers here are the
reference definitions of the day-level and within-day views of the data; the
vectorised analysis in ``table`` is tested against them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Mapping

from glimmers.core.journal import measures

# Daily factors as the person records them (declared in core.journal.measures).
# ``sleep_hours`` on day d is the night before d; ``alcohol_units`` on day d
# is that evening's drinking.
FACTORS = tuple(measures.FACTORS)
# Day-level yes/no levers the Django side derives from the toolkit records.
LEVERS = ("activity_done", "exercise_done", "glimmer_logged")


@dataclass(frozen=True)
class Moment:
    """One check-in: its local day and hour, its numbness (0-10) and its tags.

    Tags are "category:name" strings (``"doing:meeting"``, ``"who:alone"``)
    so the engine needs no knowledge of the ``Tag`` class.
    """

    day: date
    hour: int
    numbness: float
    tags: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not 0 <= self.hour <= 23:
            raise ValueError(f"hour must be 0-23, not {self.hour}")


@dataclass(frozen=True)
class DayInput:
    """One day's factors and levers; any key may be missing or None (not recorded)."""

    day: date
    factors: Mapping[str, float | None] = field(default_factory=dict)

    def value(self, name: str) -> float | None:
        """The recorded value, or None when blank; a missing value is never read as zero."""
        raw = self.factors.get(name)
        return None if raw is None else float(raw)


def daily_means(moments: Iterable[Moment]) -> dict[date, float]:
    """Each day's mean numbness: the unit of every day-level model.

    Averaging first keeps a day with five check-ins from counting five times
    against a day with one.
    """
    sums: dict[date, list[float]] = {}
    for moment in moments:
        total = sums.setdefault(moment.day, [0.0, 0.0])
        total[0] += moment.numbness
        total[1] += 1
    return {day: total / count for day, (total, count) in sorted(sums.items())}


def within_day(moments: Iterable[Moment]) -> list[tuple[Moment, float]]:
    """Each check-in with its distance from its own day's mean.

    Only days with at least two check-ins count: with one check-in there is
    nothing to compare against. Subtracting the day's mean removes everything
    that moves the whole day (sleep, a rough week, slow drift), so a tag is
    compared only with other moments of the same day.
    """
    by_day: dict[date, list[Moment]] = {}
    for moment in moments:
        by_day.setdefault(moment.day, []).append(moment)
    result = []
    for day in sorted(by_day):
        group = by_day[day]
        if len(group) < 2:
            continue
        mean = sum(m.numbness for m in group) / len(group)
        result.extend((m, m.numbness - mean) for m in group)
    return result

"""The journal as numpy arrays on a calendar, built once per analysis.

Every test afterwards is a handful of array operations instead of a Python
loop over check-ins per tag; that is what keeps ten years of data well under
a second. Days run from the first recorded day to the last one on or before
``today``; a day with nothing recorded is NaN, never zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Iterable, Mapping

from glimmers.core.analysis.insights.series import FACTORS, LEVERS, DayInput, Moment

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True, eq=False)
class Table:
    """Check-ins and days, aligned on consecutive calendar days.

    ``day``, ``hour`` and ``numbness`` have one entry per check-in;
    ``pair_moment``/``pair_tag`` list every (check-in, tag) pair, tag as an
    index into ``tag_names``. ``daily`` and ``count`` have one slot per
    calendar day; so does every array in ``values`` (factors and levers).
    ``span`` counts calendar days from the first record to ``today``: the
    basis of "at the rate you have been logging".
    """

    start: date
    span: int
    day: "np.ndarray"
    hour: "np.ndarray"
    numbness: "np.ndarray"
    tag_names: tuple[str, ...]
    pair_moment: "np.ndarray"
    pair_tag: "np.ndarray"
    daily: "np.ndarray"
    count: "np.ndarray"
    values: Mapping[str, "np.ndarray"]

    @property
    def n_days(self) -> int:
        return len(self.daily)

    def weekday(self) -> "np.ndarray":
        """Monday = 0 ... Sunday = 6 for every calendar slot."""
        import numpy as np

        return (np.arange(self.n_days) + self.start.weekday()) % 7


def tabulate(moments: Iterable[Moment], days: Iterable[DayInput], *, today: date) -> Table:
    """Arrays for everything recorded on or before ``today``.

    The single Python loop over check-ins happens here; it only collects
    numbers and tag indexes, the counting is done by numpy.
    """
    import numpy as np

    kept = [m for m in moments if m.day <= today]
    day_inputs = [d for d in days if d.day <= today]
    ordinals = [m.day.toordinal() for m in kept] + [d.day.toordinal() for d in day_inputs]
    if not ordinals:
        empty = np.zeros(0)
        return Table(today, 0, empty.astype(int), empty.astype(int), empty, (), empty.astype(int),
                     empty.astype(int), empty, empty.astype(int), {})
    first, last = min(ordinals), max(ordinals)
    n_days = last - first + 1
    vocabulary: dict[str, int] = {}
    pair_moment: list[int] = []
    pair_tag: list[int] = []
    for index, moment in enumerate(kept):
        for tag in moment.tags:
            pair_moment.append(index)
            pair_tag.append(vocabulary.setdefault(tag, len(vocabulary)))
    day = np.fromiter((m.day.toordinal() - first for m in kept), dtype=np.int64, count=len(kept))
    hour = np.fromiter((m.hour for m in kept), dtype=np.int64, count=len(kept))
    numbness = np.fromiter((m.numbness for m in kept), dtype=float, count=len(kept))
    count = np.bincount(day, minlength=n_days)
    totals = np.bincount(day, weights=numbness, minlength=n_days)
    daily = np.full(n_days, np.nan)
    np.divide(totals, count, out=daily, where=count > 0)
    values = {name: np.full(n_days, np.nan) for name in (*FACTORS, *LEVERS)}
    for record in day_inputs:
        slot = record.day.toordinal() - first
        for name, raw in record.factors.items():
            if raw is not None:
                if name not in values:
                    values[name] = np.full(n_days, np.nan)
                values[name][slot] = float(raw)
    return Table(
        start=date.fromordinal(first),
        span=today.toordinal() - first + 1,
        day=day,
        hour=hour,
        numbness=numbness,
        tag_names=tuple(vocabulary),
        pair_moment=np.asarray(pair_moment, dtype=np.int64),
        pair_tag=np.asarray(pair_tag, dtype=np.int64),
        daily=daily,
        count=count,
        values=values,
    )


def within_person_sd(table: Table) -> float | None:
    """The SD of all the person's ratings around their own mean.

    "0.3 SD" in the effect floor and every ``sd_units`` are measured against
    this: how much this person's numbness usually moves, not a population norm.
    """
    if len(table.numbness) < 2:
        return None
    sd = float(table.numbness.std(ddof=1))
    return sd if sd > 0 else None

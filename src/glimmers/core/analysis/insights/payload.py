"""The insights as the app shows them: one typed value, and its JSON.

``analysis.dashboard`` computes an :class:`Insights` once per change of the
data; the dashboard page, ``glimmers insights`` and the clinician report
read it, and ``analysis.cache`` keeps it as JSON. Declaring it once, here,
means a reader cannot ask for something the producer never wrote.

The JSON is a public interface (``glimmers insights --json``, pinned by
``tests/cli/test_insights_json.py``), so it is written in one place and
always the same way: fields in the order declared below, the members of a
mapping in the order of their keys, dates as ISO strings, tuples as arrays.
So a stored result prints exactly as a fresh one, whatever the database did
to the order of members (PostgreSQL's ``jsonb`` keeps its own).
``Insights.from_json`` reads back what ``to_json`` wrote, checking every
field on the way, and raises ``PayloadError`` for anything else, such as a
result stored by a release with another shape; the cache then computes
afresh.

The words are already translated and the numbers already rounded as shown:
a reader only arranges them.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import types
import typing
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Mapping


class PayloadError(ValueError):
    """Stored JSON that is not an ``Insights`` of this release."""


@dataclass(frozen=True, slots=True)
class FindingLine:
    """One finding as it is shown: effect and 95% range in points of the measure, its own way round
    (+1 is more numb, or better mood; hours for sleep after numbness), rounded to two decimals, and its sentence. ``days`` is the days the test used.
    ``words`` is the whole sentence; ``sentence`` leaves out the caveat every finding of its
    status shares, for pages that say it once above the findings."""

    subject: str
    key: str
    family: str
    status: str
    effect: float
    low: float
    high: float
    unit: str
    days: int
    more_days_needed: int | None
    words: str
    sentence: str


@dataclass(frozen=True, slots=True)
class Findings:
    """What goes with more or less numbness. ``tested`` is the size of the FDR family;
    ``young`` means early hints are held back for want of days."""

    days: int
    checkins: int
    young: bool
    worse: tuple[FindingLine, ...]
    lighter: tuple[FindingLine, ...]
    helps: tuple[FindingLine, ...]
    no_difference: tuple[FindingLine, ...]
    waiting: tuple[FindingLine, ...]
    tested: int


@dataclass(frozen=True, slots=True)
class Week:
    start: date
    mean: float | None  # one decimal; None for a week without check-ins
    days: int


@dataclass(frozen=True, slots=True)
class Trend:
    """Daily means (two decimals) and weekly means over the last weeks, for the chart and its table."""

    points: tuple[tuple[date, float], ...]
    weeks: tuple[Week, ...]


@dataclass(frozen=True, slots=True)
class Screening:
    ref: str
    instrument: str
    taken_on: date
    total: int | None
    words: str
    difference: int | None  # from the previous result of the same questionnaire
    reliable: bool


@dataclass(frozen=True, slots=True)
class Wins:
    """Counts over the last 30 days, and glimmers per day for the month's calendar."""

    glimmers: int
    cues: int
    activities: int
    exercises: int
    glimmer_days: Mapping[date, int]


@dataclass(frozen=True, slots=True)
class Persistence:
    pattern: str
    words: str
    half_life: float | None
    most_days_above: bool
    most_days_above_words: str


@dataclass(frozen=True, slots=True)
class EarlyWarning:
    status: str
    words: str
    since: date | None


@dataclass(frozen=True, slots=True)
class Experiment:
    ref: str
    lever: str
    design: str
    status: str
    start: date
    end: date
    words: str
    adherence: str
    effect: float | None
    low: float | None
    high: float | None
    p: float | None


@dataclass(frozen=True, slots=True)
class Medication:
    ref: str
    day: date
    name: str
    kind: str
    dose: str
    status: str
    words: str


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    pleasure_gap: float | None
    pleasure_count: int
    mastery_gap: float | None
    mastery_count: int


@dataclass(frozen=True, slots=True)
class Activation:
    words: str
    periods: tuple[Period, ...]


@dataclass(frozen=True, slots=True)
class Insights:
    """Everything the dashboard, ``glimmers insights`` and the report show, as of ``today``."""

    today: date
    measure: str  # what the findings, the trend and the early warning are about: "numbness", "mood"...
    rated_days: Mapping[str, int]  # days each measure was rated on, for choosing another
    findings: Findings
    trend: Trend
    screening: tuple[Screening, ...]
    wins: Wins
    persistence: Persistence
    early_warning: EarlyWarning
    experiments: tuple[Experiment, ...]
    medication: tuple[Medication, ...]
    activation: Activation
    warning_signs: Mapping[str, int]  # warning sign key -> days it was noted
    inner_critic: Mapping[str, int]  # self-talk theme key -> check-ins that touched it, last 90 days

    def to_json(self) -> dict[str, Any]:
        return _write(self)

    @classmethod
    def from_json(cls, data: Any) -> Insights:
        return _read(cls, data, "")


def _write(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {field.name: _write(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_write(item) for item in value]
    if isinstance(value, Mapping):
        return {_write(key): _write(item) for key, item in sorted(value.items())}
    return value


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def _read(hint: Any, data: Any, where: str) -> Any:
    """``data`` as the type ``hint``, or PayloadError naming where it departs."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is types.UnionType:  # "X | None"
        if data is None:
            return None
        (inner,) = (arg for arg in args if arg is not type(None))
        return _read(inner, data, where)
    if origin is tuple:
        if not isinstance(data, list):
            raise PayloadError(f"{where}: expected a list")
        if args[1:] == (...,):
            return tuple(_read(args[0], item, f"{where}[{i}]") for i, item in enumerate(data))
        if len(data) != len(args):
            raise PayloadError(f"{where}: expected {len(args)} items")
        return tuple(_read(arg, item, f"{where}[{i}]") for i, (arg, item) in enumerate(zip(args, data)))
    if origin is collections.abc.Mapping:
        if not isinstance(data, dict):
            raise PayloadError(f"{where}: expected an object")
        return {_read(args[0], key, f"{where} key"): _read(args[1], item, f"{where}.{key}") for key, item in data.items()}
    if dataclasses.is_dataclass(hint):
        names = [field.name for field in dataclasses.fields(hint)]
        if not isinstance(data, dict) or set(data) != set(names):  # PostgreSQL keeps members in its own order
            raise PayloadError(f"{where}: expected the members {names}")
        hints = _hints(hint)
        return hint(**{name: _read(hints[name], data[name], f"{where}.{name}") for name in names})
    if hint is date:
        try:
            return date.fromisoformat(data)
        except (TypeError, ValueError):
            raise PayloadError(f"{where}: expected an ISO date") from None
    if hint is float and type(data) is int:  # JSON has one kind of number
        return data
    if type(data) is not hint:
        raise PayloadError(f"{where}: expected {hint.__name__}")
    return data

"""The window of tolerance: where a check-in says the person is, and what may help.

One optional check-in question (too much, too little, about right). An edge
brings a few exercises right after saving, never more than an offer; marks
of one edge on several recent check-ins tilt a new 14-day plan towards what
suits that edge. The explanation is the "window" guide.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from glimmers.core.content import KEY_PATTERN, ContentError, per_language, read_content
from glimmers.core.i18n import _, ngettext
from glimmers.core.journal.tolerance import KEYS, OVER, UNDER, WITHIN

_FILE = "window_of_tolerance.toml"
_SCHEMA = "glimmers.window_of_tolerance/1"
GUIDE = "window"
__all__ = ["GUIDE", "KEYS", "OVER", "UNDER", "WITHIN", "Marks", "State", "Window", "label", "marks", "offer", "offered_exercises", "plan_emphases", "told", "window"]


@dataclass(frozen=True)
class State:
    key: str
    label: str
    hint: str
    after: str = ""  # said after saving a check-in at this edge
    exercises: tuple[str, ...] = ()  # exercise keys offered then
    emphasis: str = ""  # the plan emphasis this edge suits

    @property
    def edge(self) -> bool:
        return self.key != WITHIN


@dataclass(frozen=True)
class Window:
    question: str
    states: tuple[State, ...]
    plan_marks: int
    plan_days: int

    def state(self, key: str) -> State | None:
        return next((state for state in self.states if state.key == key), None)


@per_language
def window() -> Window:
    """The question and its three answers, checked against the exercises and plan emphases."""
    from glimmers.core.care import profile
    from glimmers.core.toolkit import exercises

    data = read_content(_FILE, _SCHEMA)
    known_exercises = {exercise.key for exercise in exercises.exercises()}
    known_emphases = set(profile.check().emphases)
    states = []
    for row in data.get("state", []):
        key = row.get("key", "")
        if not KEY_PATTERN.match(key) or not row.get("label") or not row.get("hint"):
            raise ContentError(f"{_FILE}: every state needs a key, a label and a hint ({row!r})")
        offered = tuple(row.get("exercises", ()))
        unknown = sorted(set(offered) - known_exercises)
        if unknown:
            raise ContentError(f"{_FILE}: {key} offers unknown exercises {unknown}")
        emphasis = row.get("emphasis", "")
        if emphasis and emphasis not in known_emphases:
            raise ContentError(f"{_FILE}: {key} names an unknown plan emphasis {emphasis!r}")
        if key != WITHIN and not (row.get("after") and offered and emphasis):
            raise ContentError(f"{_FILE}: the edge {key} needs words for after saving, exercises and an emphasis")
        states.append(State(key, row["label"], row["hint"], row.get("after", ""), offered, emphasis))
    if tuple(state.key for state in states) != KEYS:
        raise ContentError(f"{_FILE}: needs the states {', '.join(KEYS)}, in that order")
    marks, days = data.get("plan_marks"), data.get("plan_days")
    if not (isinstance(marks, int) and isinstance(days, int) and 1 <= marks <= days):
        raise ContentError(f"{_FILE}: plan_marks and plan_days must be whole numbers, marks no more than days")
    return Window(data["question"], tuple(states), marks, days)


def offer(key: str) -> State | None:
    """What to offer after saving a check-in at ``key``: its state at an edge, else None."""
    state = window().state(key) if key else None
    return state if state is not None and state.edge else None


def offered_exercises(state: State) -> tuple:
    """The exercises an edge offers, in its order, as :class:`exercises.Exercise`."""
    from glimmers.core.toolkit import exercises

    known = {exercise.key: exercise for exercise in exercises.exercises()}
    return tuple(known[key] for key in state.exercises)


def label(key: str) -> str:
    """A stored answer in words ("Too little"); the key itself for one this release does not know."""
    state = window().state(key)
    return state.label if state else key


@dataclass(frozen=True)
class Marks:
    """How often each answer was given on check-ins in a stretch of days."""

    counts: dict[str, int]
    days: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def marks(answers: Iterable[tuple[date, str]], *, today: date, days: int | None = None) -> Marks:
    """Count the answers of check-ins in the ``days`` up to and including ``today``."""
    span = days or window().plan_days
    first = today - timedelta(days=span - 1)
    counted = Counter(key for day, key in answers if key in KEYS and first <= day <= today)
    return Marks({key: counted.get(key, 0) for key in KEYS}, span)


def plan_emphases(counted: Marks) -> tuple[str, ...]:
    """The emphases a new plan takes from recent marks: each edge marked often enough,
    the edge marked more often first."""
    settings = window()
    edges = [state for state in settings.states if state.edge and counted.counts.get(state.key, 0) >= settings.plan_marks]
    edges.sort(key=lambda state: -counted.counts[state.key])
    return tuple(dict.fromkeys(state.emphasis for state in edges))


def told(counted: Marks) -> str:
    """The recent answers in one plain sentence, or "" when there were none: counts, no judgement."""
    if not counted.total:
        return ""
    settings = window()
    parts = [
        ngettext("“%(label)s” once", "“%(label)s” %(n)d times", counted.counts[state.key]) % {"label": state.label.lower(), "n": counted.counts[state.key]}
        for state in settings.states
        if counted.counts[state.key]
    ]
    sentence = _("In your check-ins of the last %(days)d days, the window question was answered %(answers)s.") % {
        "days": counted.days, "answers": _(", ").join(parts),
    }
    leaning = plan_emphases(counted)
    if leaning:
        from glimmers.core.care import profile

        names = profile.check().emphases
        sentence += " " + _("A new plan will lean towards: %(emphases)s.") % {"emphases": _(", ").join(names[key].label for key in leaning)}
    return sentence

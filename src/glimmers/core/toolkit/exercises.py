"""Guided grounding and breathing exercises, paced in real time (SPEC F4.5).

The scripts live in ``glimmers/content/exercises.toml``; this module loads and
checks them, lays each one out on a timeline (:meth:`Exercise.schedule`) and
paces a run with :class:`Pacer`, a small state machine that is handed the time
rather than reading a clock, so it can be driven by a real clock, a web page's
timer or a test.

Nothing here imports Django or touches the database; a display (terminal or
web) asks the pacer where things stand and draws that.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Literal

from glimmers.core.content import KEY_PATTERN, ContentError, per_language, read_content
from glimmers.core.errors import InvalidInput, NotFound
from glimmers.core.i18n import _
from glimmers.core.i18n import gettext_noop

_FILE = "exercises.toml"
_SCHEMA = "glimmers.exercises/1"

StepKind = Literal["breathe_in", "hold", "breathe_out", "notice", "move"]
KINDS: tuple[StepKind, ...] = ("breathe_in", "hold", "breathe_out", "notice", "move")
BREATHING_KINDS: frozenset[str] = frozenset({"breathe_in", "hold", "breathe_out"})
STEP_TEXT_MAX = 120  # step text is shown large; longer belongs in the summary

# Boundaries closer than this count as reached, so float sums never leave a
# step a hair's breadth from its end.
_EPSILON = 1e-9

# Answers to "did anything shift?" after an exercise. None of them is wrong.
SHIFTS: tuple[tuple[str, str], ...] = (
    ("none", gettext_noop("Nothing shifted this time")),
    ("little", gettext_noop("A little")),
    ("noticeable", gettext_noop("Something noticeable")),
)
RATING_LOW, RATING_HIGH = 0, 10


@dataclass(frozen=True)
class Step:
    """One paced instruction: a few words shown large for ``seconds``."""

    text: str
    seconds: int
    kind: StepKind

    @property
    def is_breathing(self) -> bool:
        return self.kind in BREATHING_KINDS


@dataclass(frozen=True)
class ScheduledStep:
    """A step placed on the timeline of a whole exercise.

    ``index`` counts from 0 across every round; ``round`` counts from 1.
    ``starts_at`` and ``ends_at`` are active seconds from the start.
    """

    index: int
    round: int
    step: Step
    starts_at: float
    ends_at: float

    @property
    def seconds(self) -> float:
        return self.ends_at - self.starts_at


@dataclass(frozen=True)
class Exercise:
    """A guided exercise: its steps, repeated ``rounds`` times."""

    key: str
    name: str
    summary: str
    minutes: int  # approximate, for lists and menus
    caution: str
    steps: tuple[Step, ...]
    rounds: int = 1

    @property
    def total_seconds(self) -> int:
        return sum(step.seconds for step in self.steps) * self.rounds

    @property
    def steps_total(self) -> int:
        """How many steps a full run shows, counting every round."""
        return len(self.steps) * self.rounds

    def schedule(self) -> tuple[ScheduledStep, ...]:
        """Every step of every round, in order, with its start and end."""
        laid_out = []
        at = 0
        for round_number in range(1, self.rounds + 1):
            for step in self.steps:
                laid_out.append(ScheduledStep(len(laid_out), round_number, step, float(at), float(at + step.seconds)))
                at += step.seconds
        return tuple(laid_out)


@dataclass(frozen=True)
class Position:
    """Where a run stands at one moment.

    ``step`` is None once the exercise is finished. ``elapsed`` counts active
    seconds only: time spent paused is left out.
    """

    step: ScheduledStep | None
    seconds_left_in_step: float
    elapsed: float
    fraction: float
    finished: bool
    paused: bool
    steps_done: int


@dataclass(frozen=True)
class Outcome:
    """How a run ended. Stopping early is an ordinary outcome, not a shortfall."""

    exercise_key: str
    completed: bool
    steps_done: int
    steps_total: int
    active_seconds: float


# --- loading -------------------------------------------------------------------


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _step(key: str, row: Any) -> Step:
    if not isinstance(row, dict):
        raise ContentError(f"{_FILE}: {key} has a step that is not a table")
    text, seconds, kind = row.get("text"), row.get("seconds"), row.get("kind")
    if not isinstance(text, str) or not text.strip() or len(text) > STEP_TEXT_MAX:
        raise ContentError(f"{_FILE}: {key} needs step text of 1 to {STEP_TEXT_MAX} characters ({row!r})")
    if not _whole(seconds) or seconds <= 0:
        raise ContentError(f"{_FILE}: {key} step {text!r} needs whole seconds above 0")
    if kind not in KINDS:
        raise ContentError(f"{_FILE}: {key} step {text!r} has kind {kind!r}; expected one of {', '.join(KINDS)}")
    return Step(text.strip(), seconds, kind)


def _exercise(row: Any) -> Exercise:
    if not isinstance(row, dict):
        raise ContentError(f"{_FILE}: every exercise must be a table")
    key = row.get("key", "")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise ContentError(f"{_FILE}: every exercise needs a snake_case key ({key!r})")
    for name in ("name", "summary"):
        if not isinstance(row.get(name), str) or not row[name].strip():
            raise ContentError(f"{_FILE}: {key} needs a {name}")
    caution = row.get("caution", "")
    if not isinstance(caution, str):
        raise ContentError(f"{_FILE}: {key} caution must be text")
    minutes, rounds = row.get("minutes"), row.get("rounds", 1)
    if not _whole(minutes) or minutes < 1:
        raise ContentError(f"{_FILE}: {key} needs minutes as a whole number of at least 1")
    if not _whole(rounds) or rounds < 1:
        raise ContentError(f"{_FILE}: {key} rounds must be a whole number of at least 1")
    rows = row.get("step")
    if not isinstance(rows, list) or not rows:
        raise ContentError(f"{_FILE}: {key} needs at least one step")
    exercise = Exercise(
        key=key,
        name=row["name"].strip(),
        summary=row["summary"].strip(),
        minutes=minutes,
        caution=caution.strip(),
        steps=tuple(_step(key, step) for step in rows),
        rounds=rounds,
    )
    if abs(exercise.total_seconds - minutes * 60) > max(60, exercise.total_seconds // 2):
        raise ContentError(
            f"{_FILE}: {key} says about {minutes} minutes but its steps take {exercise.total_seconds} seconds"
        )
    return exercise


@per_language
def exercises() -> tuple[Exercise, ...]:
    """Every guided exercise, in the order the content file lists them."""
    found = tuple(_exercise(row) for row in read_content(_FILE, _SCHEMA).get("exercise", []))
    keys = [exercise.key for exercise in found]
    if not keys or len(set(keys)) != len(keys):
        raise ContentError(f"{_FILE}: exercise keys must be present and unique")
    return found


def exercise(key: str) -> Exercise:
    """One exercise by key; NotFound names the keys that exist."""
    for candidate in exercises():
        if candidate.key == key:
            return candidate
    raise NotFound(
        _("There is no exercise called %(key)s. The exercises are: %(keys)s.")
        % {"key": key, "keys": ", ".join(candidate.key for candidate in exercises())},
        field="exercise",
    )


# --- answers after an exercise ---------------------------------------------------


def shift_label(key: str) -> str:
    """The words for a "did anything shift?" answer (unknown keys come back as they are)."""
    labels = dict(SHIFTS)
    return _(labels[key]) if key in labels else key


def validate_shift(value: Any) -> str:
    """A "did anything shift?" answer: one of the keys in :data:`SHIFTS`."""
    keys = [key for key, _label in SHIFTS]
    cleaned = value.strip().lower() if isinstance(value, str) else value
    if cleaned not in keys:
        raise InvalidInput(_("Please choose one of: %(keys)s.") % {"keys": ", ".join(keys)}, field="shift")
    return cleaned


def validate_rating(value: Any, field: str) -> int | None:
    """A 0–10 numbness rating before or after an exercise; None when left blank.

    Accepts whole numbers and text such as ``"7"``; refuses anything else,
    including ``True``/``False`` and numbers with a fraction.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number: Any = None
    if isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            number = None
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif _whole(value):
        number = value
    if number is None or not RATING_LOW <= number <= RATING_HIGH:
        raise InvalidInput(
            _("%(field)s must be a whole number from %(low)d to %(high)d.")
            % {"field": field, "low": RATING_LOW, "high": RATING_HIGH},
            field=field,
        )
    return number


# --- pacing ----------------------------------------------------------------------


class Pacer:
    """Paces one run of an exercise. Pure: every call is told the time.

    Times are plain floats in seconds from any steady clock (for example
    ``time.monotonic()``). Pausing freezes the run; resuming carries on from
    the same point, and paused time never counts towards ``elapsed``.
    """

    def __init__(self, exercise: Exercise, start: float):
        self.exercise = exercise
        self.start = start
        self._schedule = exercise.schedule()
        self._ends = [scheduled.ends_at for scheduled in self._schedule]
        self._paused_for = 0.0
        self._paused_since: float | None = None

    @property
    def paused(self) -> bool:
        return self._paused_since is not None

    @property
    def schedule(self) -> tuple[ScheduledStep, ...]:
        return self._schedule

    def pause(self, now: float) -> None:
        """Freeze the run at ``now``. Pausing twice changes nothing."""
        if self._paused_since is None:
            self._paused_since = now

    def resume(self, now: float) -> None:
        """Carry on from where the pause began. Resuming while running changes nothing."""
        if self._paused_since is not None:
            self._paused_for += max(0.0, now - self._paused_since)
            self._paused_since = None

    def elapsed(self, now: float) -> float:
        """Active seconds since the start, from 0 up to the exercise's total."""
        until = self._paused_since if self._paused_since is not None else now
        active = until - self.start - self._paused_for
        return min(max(0.0, active), float(self.exercise.total_seconds))

    def at(self, now: float) -> Position:
        """Where the run stands at ``now``. A step's end belongs to the next step."""
        elapsed = self.elapsed(now)
        total = self.exercise.total_seconds
        steps_done = bisect_right(self._ends, elapsed + _EPSILON)
        finished = steps_done >= len(self._schedule)
        if finished:
            elapsed = float(total)
        current = None if finished else self._schedule[steps_done]
        left = 0.0 if current is None else max(0.0, current.ends_at - elapsed)
        return Position(
            step=current,
            seconds_left_in_step=left,
            elapsed=elapsed,
            fraction=min(1.0, elapsed / total) if total else 1.0,
            finished=finished,
            paused=self.paused,
            steps_done=steps_done,
        )

    def outcome(self, now: float) -> Outcome:
        """How the run stands as a result: completed only if every step was reached."""
        position = self.at(now)
        return Outcome(
            exercise_key=self.exercise.key,
            completed=position.finished,
            steps_done=position.steps_done,
            steps_total=len(self._schedule),
            active_seconds=position.elapsed,
        )

"""The terminal runner for guided exercises (used by ``glimmers ground``).

:func:`run` paces an :class:`~glimmers.core.toolkit.exercises.Exercise` with the pure
:class:`~glimmers.core.toolkit.exercises.Pacer`, drawing a live display on a terminal
or plain lines when output goes to a file or pipe. Ctrl-C pauses; the person
then chooses to go on or stop, and either is fine.

The clock, the sleep and the pause question are injected so the runner can be
tested without waiting; rich is imported only when a run starts.
"""

from __future__ import annotations

import math
import time
from typing import Callable, Optional

from glimmers.cli.common import HELP_NOW_HINT
from glimmers.core.errors import InvalidInput
from glimmers.core.toolkit.exercises import Exercise, Outcome, Pacer, Position, Step
from glimmers.core.i18n import _
from glimmers.core.i18n import gettext_noop

Ask = Callable[[], Optional[str]]
Clock = Callable[[], float]
Sleep = Callable[[float], object]

PAUSE_PROMPT = gettext_noop("Paused. Press Enter to go on, or type q then Enter to stop.")
FOOTER = gettext_noop("Ctrl-C to pause or stop")
STOP_WORDS = frozenset({"q", "quit", "stop", "exit"})
COUNTDOWN_KEY = "five_minute_start"
COUNTDOWN_MAX_MINUTES = 120

_MIN_SLEEP = 0.01  # never spin: a real clock may land a hair short of a boundary
_METER_WIDTH = 20
_BAR_WIDTH = 40
_BREATH_WORDS = {
    "breathe_in": gettext_noop("in"),
    "hold": gettext_noop("hold"),
    "breathe_out": gettext_noop("out"),
}
_BREATH_DOING = {
    "breathe_in": gettext_noop("breathing in"),
    "hold": gettext_noop("holding"),
    "breathe_out": gettext_noop("breathing out"),
}


def run(
    exercise: Exercise,
    *,
    console,
    clock: Clock = time.monotonic,
    sleep: Sleep = time.sleep,
    ask: Ask | None = None,
    tick: float = 0.25,
) -> Outcome:
    """Guide the person through ``exercise`` in real time and say how it ended.

    ``console`` is a rich Console. On a terminal a live display redraws every
    ``tick`` seconds; otherwise each step is printed as one line when it
    begins. Ctrl-C pauses and calls ``ask()``: plain Enter goes on (so does
    any answer that is not a stop word); "q", end of input or a second Ctrl-C
    stops with ``completed=False``.
    """
    if tick <= 0:
        raise ValueError("tick must be a positive number of seconds")
    runner = _Runner(exercise, console, clock, sleep, tick)
    question = ask if ask is not None else _stdin_ask(console)
    runner.introduce()
    while True:
        try:
            runner.pace()
        except KeyboardInterrupt:
            runner.pacer.pause(clock())
            if not _goes_on(question):
                outcome = runner.pacer.outcome(clock())
                runner.farewell(outcome)
                return outcome
            runner.resume()
            continue
        outcome = runner.pacer.outcome(clock())
        runner.farewell(outcome)
        return outcome


def countdown(
    minutes: int,
    *,
    label: str,
    console,
    clock: Clock = time.monotonic,
    sleep: Sleep = time.sleep,
    ask: Ask | None = None,
    tick: float = 0.25,
) -> Outcome:
    """A "just start for a few minutes" timer: one step of ``minutes`` minutes.

    ``label`` is what the person is starting (shown large); the outcome's
    exercise key is always ``five_minute_start``.
    """
    return run(countdown_exercise(minutes, label), console=console, clock=clock, sleep=sleep, ask=ask, tick=tick)


def countdown_exercise(minutes: int, label: str) -> Exercise:
    """The one-step exercise behind :func:`countdown`."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= COUNTDOWN_MAX_MINUTES:
        raise InvalidInput(
            _("Minutes must be a whole number from 1 to %(high)d.") % {"high": COUNTDOWN_MAX_MINUTES}, field="minutes"
        )
    text = " ".join((label or "").split()) or _("Just begin; a few minutes is plenty.")
    return Exercise(
        key=COUNTDOWN_KEY,
        name=_("%(n)d-minute start") % {"n": minutes},
        summary=_("Give it %(n)d minutes. You can stop any time, and carrying on afterwards is up to you.") % {"n": minutes},
        minutes=minutes,
        caution="",
        steps=(Step(text, minutes * 60, "notice"),),
    )


# --- pausing ---------------------------------------------------------------------


def _stdin_ask(console) -> Ask:
    def ask() -> str:
        return console.input(_(PAUSE_PROMPT) + " ")

    return ask


def _goes_on(ask: Ask) -> bool:
    """Ask whether to carry on.

    A stop word ("q"), end of input or Ctrl-C stops. Anything else, plain Enter
    included, goes on: resuming is the choice that is easy to undo.
    """
    try:
        answer = ask()
    except (EOFError, KeyboardInterrupt):
        return False
    if answer is None:
        return False
    return answer.strip().lower() not in STOP_WORDS


# --- drawing ---------------------------------------------------------------------


def _clock_text(seconds: float) -> str:
    whole = int(seconds + 1e-9)
    return f"{whole // 60}:{whole % 60:02d}"


def _seconds_left(position: Position) -> int:
    """Whole seconds for the countdown, counting 3, 2, 1 and never showing 0 mid-step."""
    return max(1, math.ceil(position.seconds_left_in_step - 1e-9))


class _Runner:
    """One run's drawing state; the pacing itself lives in the Pacer."""

    def __init__(self, exercise: Exercise, console, clock: Clock, sleep: Sleep, tick: float):
        self.exercise = exercise
        self.console = console
        self.clock = clock
        self.sleep = sleep
        self.tick = tick
        self.pacer = Pacer(exercise, clock())
        self.printed = -1  # index of the last step printed in plain mode
        self.resumed = False

    # -- the loop --

    def resume(self) -> None:
        """Carry on after a pause; plain output says where things pick up again."""
        self.pacer.resume(self.clock())
        self.resumed = True

    def pace(self) -> None:
        """Run until the exercise is finished; KeyboardInterrupt passes through."""
        if self.console.is_terminal:
            self._pace_live()
        else:
            self._pace_plain()

    def _wait(self, position: Position) -> None:
        self.sleep(max(_MIN_SLEEP, min(self.tick, position.seconds_left_in_step)))

    def _pace_plain(self) -> None:
        while True:
            position = self.pacer.at(self.clock())
            if position.finished:
                return
            assert position.step is not None
            if position.step.index != self.printed or self.resumed:
                self._print_step(position)
            self._wait(position)

    def _pace_live(self) -> None:
        from rich.live import Live

        position = self.pacer.at(self.clock())
        if position.finished:
            return
        with Live(self._view(position), console=self.console, auto_refresh=False, transient=True) as live:
            while True:
                self._wait(position)
                position = self.pacer.at(self.clock())
                if position.finished:
                    return
                live.update(self._view(position), refresh=True)

    # -- plain lines --

    def _line(self, text: str, style: str = "") -> None:
        from rich.text import Text

        self.console.print(Text(text, style=style))

    def introduce(self) -> None:
        self._line(self.exercise.name, "bold")
        self._line(self.exercise.summary)
        if self.exercise.caution:
            self._line(self.exercise.caution, "italic")
        if not self.console.is_terminal:
            self._line(_(FOOTER), "dim")
        self._line("")

    def _print_step(self, position: Position) -> None:
        scheduled = position.step
        assert scheduled is not None
        numbers = f"{scheduled.index + 1}/{self.exercise.steps_total}"
        if self.resumed and scheduled.index == self.printed:
            self._line(
                _("%(numbers)s  Going on: %(text)s (%(n)d s left)")
                % {"numbers": numbers, "text": scheduled.step.text, "n": _seconds_left(position)}
            )
        else:
            self._line(
                _("%(numbers)s  %(text)s (%(n)d s)")
                % {"numbers": numbers, "text": scheduled.step.text, "n": scheduled.step.seconds}
            )
        self.printed = scheduled.index
        self.resumed = False

    def farewell(self, outcome: Outcome) -> None:
        self._line("")
        if outcome.completed:
            self._line(_("Finished. Take a moment before moving on, if you like."))
            return
        self._line(_("Stopped. That is fine; you can come back to it any time."))
        if self.exercise.key != COUNTDOWN_KEY:  # grounding is often reached for in a hard moment
            self._line(_(HELP_NOW_HINT), "dim")

    # -- the live view --

    def _view(self, position: Position):
        from rich.console import Group
        from rich.panel import Panel
        from rich.progress_bar import ProgressBar
        from rich.table import Table
        from rich.text import Text

        scheduled = position.step
        assert scheduled is not None
        exercise = self.exercise
        where = _("step %(n)d of %(total)d") % {"n": scheduled.index + 1, "total": exercise.steps_total}
        if exercise.rounds > 1:
            where += " · " + _("round %(n)d of %(total)d") % {"n": scheduled.round, "total": exercise.rounds}
        header = Text.assemble((exercise.name, "bold"), ("  " + where, "dim"))

        big = Text(scheduled.step.text, style="bold", justify="center")
        step_panel = Panel(big, padding=(1, 2))
        left = Text(_("%(n)d s left") % {"n": _seconds_left(position)}, style="bold", justify="center")

        parts = [header, step_panel, left]
        if scheduled.step.is_breathing:
            parts.extend(self._breath(position))

        progress = Table.grid(padding=(0, 1))
        progress.add_row(
            ProgressBar(
                total=float(exercise.total_seconds),
                completed=position.elapsed,
                width=_BAR_WIDTH,
                complete_style="cyan",
                finished_style="cyan",
            ),
            Text(f"{_clock_text(position.elapsed)} / {_clock_text(exercise.total_seconds)}"),
        )
        parts.extend([Text(""), progress, Text(_(FOOTER), style="dim")])
        return Group(*parts)

    def _breath(self, position: Position):
        """The breathing cycle in words, the current phase in capitals and brackets, and a meter."""
        from rich.text import Text

        scheduled = position.step
        assert scheduled is not None
        steps = self.exercise.steps
        here = scheduled.index % len(steps)
        cycle = Text(justify="center")
        for number, step in enumerate(steps):
            if not step.is_breathing:
                continue
            if len(cycle):
                cycle.append(" → ", style="dim")
            word = _(_BREATH_WORDS[step.kind])
            if number == here:
                cycle.append(f"[ {word.upper()} ]", style="bold reverse")
            else:
                cycle.append(word, style="dim")

        within = 1.0 - position.seconds_left_in_step / scheduled.seconds if scheduled.seconds else 1.0
        level = _breath_level(steps, here, within)
        filled = round(level * _METER_WIDTH)
        meter = Text(justify="center")
        meter.append("█" * filled + "░" * (_METER_WIDTH - filled))
        meter.append("  " + _(_BREATH_DOING[scheduled.step.kind]), style="bold")
        return [cycle, meter]


def _breath_level(steps: tuple[Step, ...], here: int, within: float) -> float:
    """How full the lungs are, 0 to 1: rising on in, falling on out, steady on hold."""
    kind = steps[here].kind
    if kind == "breathe_in":
        return within
    if kind == "breathe_out":
        return 1.0 - within
    for back in range(1, len(steps) + 1):  # a hold keeps the level of the breath before it
        before = steps[(here - back) % len(steps)].kind
        if before == "breathe_in":
            return 1.0
        if before == "breathe_out":
            return 0.0
    return 1.0

"""The terminal runner for guided exercises, driven by a fake clock: nothing here waits."""

import io
import re

import pytest
from rich.console import Console

from glimmers.cli import ground_display
from glimmers.core.errors import InvalidInput
from glimmers.core.toolkit.exercises import exercise

TICK = 0.25
START = 1000.0
ANSI = re.compile(r"\x1b\[")


class FakeClock:
    """A clock that only moves when the runner sleeps (or a test says so).

    ``interrupt_at`` lists active moments at which the next sleep raises
    KeyboardInterrupt instead of sleeping, as Ctrl-C would.
    """

    def __init__(self, interrupt_at=()):
        self.now = START
        self.interrupt_at = sorted(interrupt_at)
        self.sleeps = []
        self.interrupted_at = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        assert 0 < seconds <= TICK
        if self.interrupt_at and self.now - START >= self.interrupt_at[0]:
            self.interrupt_at.pop(0)
            self.interrupted_at.append(self.now)
            raise KeyboardInterrupt
        self.sleeps.append(seconds)
        self.now += seconds


class FakeAsk:
    """Answers the pause question from a list; each answer may take some (fake) time."""

    def __init__(self, clock, *answers, wait=0.0):
        self.clock = clock
        self.answers = list(answers)
        self.wait = wait
        self.calls = 0

    def __call__(self):
        self.calls += 1
        self.clock.now += self.wait
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException) or (isinstance(answer, type) and issubclass(answer, BaseException)):
            raise answer
        return answer


@pytest.fixture(autouse=True)
def no_real_sleeping(monkeypatch):
    def refuse(_seconds):
        raise AssertionError("a test tried to really sleep")

    monkeypatch.setattr("time.sleep", refuse)


def console(terminal: bool) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=terminal, width=80), out


def run(name, terminal, clock, ask=None):
    screen, out = console(terminal)
    outcome = ground_display.run(exercise(name), console=screen, clock=clock, sleep=clock.sleep, ask=ask, tick=TICK)
    return outcome, out.getvalue()


both = pytest.mark.parametrize("terminal", [False, True], ids=["piped", "terminal"])


@both
@pytest.mark.parametrize("name", ["box_breathing", "senses_54321", "five_breaths"])
def test_runs_to_the_end_in_real_time(terminal, name):
    clock = FakeClock()
    outcome, text = run(name, terminal, clock)
    chosen = exercise(name)
    assert outcome.completed and outcome.exercise_key == name
    assert outcome.steps_done == outcome.steps_total == chosen.steps_total
    assert outcome.active_seconds == chosen.total_seconds
    assert abs((clock.now - START) - chosen.total_seconds) <= TICK
    assert "Finished" in text and "Ctrl-C to pause or stop" in text


@both
def test_ctrl_c_then_enter_resumes_and_leaves_the_pause_out(terminal):
    clock = FakeClock(interrupt_at=[10.0])
    ask = FakeAsk(clock, "", wait=100.0)
    outcome, text = run("box_breathing", terminal, clock, ask)
    assert ask.calls == 1 and clock.interrupted_at == [START + 10.0]
    assert outcome.completed and outcome.steps_done == 24
    assert outcome.active_seconds == 96.0
    assert abs((clock.now - START) - (96.0 + 100.0)) <= TICK
    if terminal:  # the live display stopped cleanly each time and started again
        assert text.count("\x1b[?25l") == text.count("\x1b[?25h") == 2
    else:
        assert "Going on: Breathe out slowly (2 s left)" in text


@both
def test_q_stops_early_and_that_is_recorded_plainly(terminal):
    clock = FakeClock(interrupt_at=[30.0])
    outcome, text = run("box_breathing", terminal, clock, FakeAsk(clock, " Q "))
    assert not outcome.completed
    assert outcome.steps_done == 7 < outcome.steps_total == 24
    assert outcome.active_seconds == 30.0
    assert clock.now - START == 30.0
    assert "Stopped" in text and "help-now" in text
    assert "Finished" not in text
    if terminal:
        assert text.count("\x1b[?25l") == text.count("\x1b[?25h") == 1


@both
@pytest.mark.parametrize("answer", [KeyboardInterrupt, EOFError, None, "stop"])
def test_a_second_ctrl_c_or_end_of_input_stops(terminal, answer):
    clock = FakeClock(interrupt_at=[5.0])
    outcome, _text = run("five_breaths", terminal, clock, FakeAsk(clock, answer))
    assert not outcome.completed and outcome.steps_done == 1 and outcome.active_seconds == 5.0


def test_pausing_twice_and_going_on_each_time():
    clock = FakeClock(interrupt_at=[3.0, 20.0])
    ask = FakeAsk(clock, "", "", wait=7.0)
    outcome, _text = run("five_breaths", True, clock, ask)
    assert ask.calls == 2 and outcome.completed and outcome.active_seconds == 50.0
    assert abs((clock.now - START) - 64.0) <= TICK


def test_piped_output_is_one_plain_line_per_step_in_order():
    clock = FakeClock()
    _outcome, text = run("senses_54321", False, clock)
    assert not ANSI.search(text)
    steps = exercise("senses_54321").steps
    places = [text.index(step.text) for step in steps]
    assert places == sorted(places)
    lines = [line for line in text.splitlines() if re.match(r"^\d+/\d+  ", line)]
    assert lines == [f"{n}/{len(steps)}  {step.text} ({step.seconds} s)" for n, step in enumerate(steps, start=1)]


def test_piped_output_repeats_each_round():
    _outcome, text = run("five_breaths", False, FakeClock())
    assert text.count("In through your nose") == 5 and "10/10  Out, long and easy (6 s)" in text


def test_the_live_display_shows_breathing_in_words_not_just_colour():
    _outcome, text = run("box_breathing", True, FakeClock())
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    for phase in ("[ IN ]", "[ HOLD ]", "[ OUT ]", "breathing in", "holding", "breathing out"):
        assert phase in plain
    assert "round 6 of 6" in plain and "step 1 of 24" in plain and "4 s left" in plain and "1 s left" in plain
    assert "Box breathing" in plain and "Breathe in slowly" in plain


def test_the_live_display_has_no_breath_meter_for_other_steps():
    _outcome, text = run("temperature_shift", True, FakeClock())
    assert "breathing" not in text and "[ HOLD ]" not in text
    assert "Pick up something cool or warm" in text


@pytest.mark.parametrize("answer, completed", [("\n", True), ("q\n", False), ("", False)])
def test_the_default_question_reads_one_line_from_stdin(monkeypatch, answer, completed):
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    clock = FakeClock(interrupt_at=[5.0])
    outcome, text = run("five_breaths", False, clock)
    assert outcome.completed is completed
    assert "Paused. Press Enter to go on, or type q then Enter to stop." in text


@both
def test_five_minute_countdown(terminal):
    clock = FakeClock()
    screen, out = console(terminal)
    outcome = ground_display.countdown(
        5, label="Open the laptop and write one line", console=screen, clock=clock, sleep=clock.sleep
    )
    assert outcome.exercise_key == "five_minute_start"
    assert outcome.completed and outcome.steps_done == outcome.steps_total == 1
    assert outcome.active_seconds == 300.0 and clock.now - START == 300.0
    assert "5-minute start" in out.getvalue() and "Open the laptop and write one line" in out.getvalue()


def test_countdown_can_be_stopped():
    clock = FakeClock(interrupt_at=[60.0])
    screen, out = console(False)
    outcome = ground_display.countdown(
        5, label="Tidy one shelf", console=screen, clock=clock, sleep=clock.sleep, ask=FakeAsk(clock, "q")
    )
    assert not outcome.completed and outcome.steps_done == 0 and outcome.active_seconds == 60.0
    assert "Stopped" in out.getvalue() and "help-now" not in out.getvalue()


@pytest.mark.parametrize("minutes", [0, -5, 121, True, 2.5])
def test_countdown_minutes_are_checked(minutes):
    with pytest.raises(InvalidInput):
        ground_display.countdown_exercise(minutes, "anything")


def test_a_blank_countdown_label_gets_gentle_words():
    assert ground_display.countdown_exercise(5, "   ").steps[0].text


def test_tick_must_be_positive():
    screen, _out = console(False)
    with pytest.raises(ValueError):
        ground_display.run(exercise("five_breaths"), console=screen, clock=FakeClock(), sleep=FakeClock().sleep, tick=0)

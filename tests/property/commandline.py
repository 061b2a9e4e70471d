"""Running the CLI in-process as a person would, for the generated cases and
the bad-input corpus: the exit point, the check of what a failure looks like,
and a working folder and journal to run commands against."""

from __future__ import annotations

import contextlib
import io
import re
import sys
from datetime import timedelta
from pathlib import Path

from .strategies import TODAY, seeds

EXIT_INTERNAL = 70
# Support shown on stderr (words that worry, with --json) comes before a refusal.
SUPPORT_MARKERS = ("glimmers help-now", "Reaching out to someone you trust")
PASSPHRASE = "a long passphrase"


def invoke(args: list[str], stdin: str) -> tuple[int, str, str]:
    """Run ``main`` as a terminal would: standard output and error encode strictly as UTF-8."""
    from glimmers.cli import main

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)
    saved_stdin, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(list(args))
                code = 0
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    finally:
        sys.stdin = saved_stdin
    return code, out.buffer.getvalue().decode("utf-8", "replace"), err.buffer.getvalue().decode("utf-8", "replace")


def assert_one_readable_line(args, code: int, out: str, err: str) -> None:
    shown = f"\nargs: {args!r}\nexit: {code}\nstderr: {err[-2000:]!r}"
    assert code != EXIT_INTERNAL, "an internal error" + shown
    assert "Traceback" not in err, shown
    if code == 0:
        return
    lines = err.rstrip("\n").split("\n")
    problems = [line for line in lines if line.startswith("glimmers: ")]
    assert len(problems) == 1 and lines[-1].startswith("glimmers: "), "not one 'glimmers: ' line, last" + shown
    if len(lines) > 1:
        assert any(marker in err for marker in SUPPORT_MARKERS), "more than one line on stderr" + shown


class FakeClock:
    """Exercises and timers run on this clock: each sleep moves it on at once."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def quiet_machinery(patch) -> None:
    """What must not reach a real terminal, browser or clock while commands run in-process."""
    from glimmers.cli import ground_display
    from glimmers.core.transfer import backup_file

    patch.setenv("GLIMMERS_BACKUP_PASSPHRASE", PASSPHRASE)
    patch.setattr(backup_file, "SCRYPT_LOG2_N", 4)  # encrypted backups in milliseconds, not half a second
    patch.setattr("click.termui.hidden_prompt_func", input)  # a passphrase prompt reads standard input
    patch.setattr("webbrowser.open", lambda *args, **kwargs: True)
    real_run = ground_display.run

    def run_at_once(exercise, **options):
        fake = FakeClock()
        return real_run(exercise, **{**options, "clock": fake, "sleep": fake.sleep})

    patch.setattr(ground_display, "run", run_at_once)


def make_files(work: Path) -> list[str]:
    """Files to import, restore and write over: real ones, damaged ones, odd ones."""
    from glimmers.core.transfer import backup_file
    from glimmers.core import demo
    from glimmers.core.transfer.formats import exporters

    for name, data in seeds().items():
        (work / name).write_bytes(data)
    bundle = demo.generate(days=10, end=TODAY - timedelta(days=1), timezone="Europe/Berlin", seed=5)
    journal = exporters()["json"]().write(bundle)
    (work / "journal.json").write_bytes(journal)
    (work / "backup.json.gz").write_bytes(backup_file.seal(journal))
    (work / "backup.enc").write_bytes(backup_file.seal(journal, PASSPHRASE))
    (work / "damaged.json").write_bytes(journal[:5000])
    (work / "deep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    (work / "folder").mkdir()
    (work / "link.json").symlink_to(work / "journal.json")
    (work / "empty.csv").write_bytes(b"")
    return sorted(str(path) for path in work.iterdir())


SEEDING = {
    "activity": ("activity", "plan", "walk", "-c", "body", "--when", "tomorrow 10:00"),
    "goal": ("goal", "add", "one step"),
    "med": ("meds", "add", "sertraline", "--start", "--on", "yesterday"),
    "experiment": ("experiment", "start", "wake_time"),
    "plan": ("plan", "start", "--yes"),
    "safety plan": ("safety-plan", "set", "coping_alone", "a walk"),
}


def fill_journal(work: Path) -> dict[str, str]:
    """Entries of every kind (a demo journal, then a planned activity, a goal,
    a medicine, an experiment, a plan and a safety plan); returns the
    reference of one of each by kind ("checkin", "glimmer", "goal", ...)."""
    code, _out, err = invoke(["import", str(work / "journal.json")], "")
    assert code == 0, err
    refs = {}
    for kind, args in SEEDING.items():
        code, out, err = invoke(list(args), "")
        assert code == 0, (args, err)
        found = re.search(r"\b([a-z][0-9]{1,6})\b", out)
        if found:
            refs[kind] = found.group(1)
    listed = invoke(["list", "--json", "--limit", "1000"], "")[1]
    for kind, letter in (("checkin", "c"), ("glimmer", "g")):
        refs[kind] = next(found for found in re.findall(r'"ref": "([cg][0-9]+)"', listed) if found[0] == letter)
    return refs

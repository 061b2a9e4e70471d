"""What the terminal shows on any safety signal: calm words, the crisis lines
for the person's country, and their safety plan. Never blocks, never asks.

Support for words is decided before the journal is touched (``support_first``),
so a broken, full or locked journal still shows it; ``keeping_words`` then
says plainly when an entry could not be saved and keeps the words safe.
"""

from __future__ import annotations

import contextlib
import os
import unicodedata
from datetime import datetime, timezone

import click

from glimmers.core.i18n import _


def _country() -> str:
    try:
        from glimmers import config

        return config.country_choice().code
    except Exception:  # noqa: BLE001 - support must appear whatever else fails
        return ""


def emergency_number(country: str | None = None) -> str | None:
    """The number to dial for an emergency where the person is, if known."""
    try:
        from glimmers.core.content import emergency_for

        found = emergency_for(_country() if country is None else country)
        return found.number if found is not None else None
    except Exception:  # noqa: BLE001 - the words fall back to "your local emergency number"
        return None


def _stored_plan():
    """The saved safety plan, read whichever way the journal opens now.

    Support can come before the command opens the journal (``support_first``)
    or on the lean path, which never sets Django up: then the plan is read
    with ``sqlite3``. Otherwise the command's journal is opened as it would
    be a moment later. Raises when the journal cannot be read.
    """
    from glimmers.core.safety import safety_plan

    state = _session()
    if state is None or not state.opened:
        from glimmers.lean import journal as lean
        from glimmers.lean.read import safety_plan_steps

        journal = lean.open_journal(demo=bool(state and state.demo))
        if journal is not None:
            try:
                return safety_plan.from_stored(safety_plan_steps(journal))
            finally:
                journal.close()
        if state is not None:
            state.open()
    from glimmers.care import safety_plan as stored

    return stored.load()


def _plan_text() -> str:
    """The saved plan with how to review it, or how to start one; never fails.

    When the journal cannot be read, the words say where the plan is kept
    instead of claiming there is none."""
    from glimmers.core.safety import safety_plan
    from glimmers.core.text import printable

    try:
        plan = _stored_plan()
    except Exception:  # noqa: BLE001 - a broken database must not hide the crisis lines
        return _("Your safety plan, if you have saved one: glimmers safety-plan") + "\n"
    if not plan.is_empty:
        return printable(safety_plan.as_text(plan)) + _("Look it over, or add to it: glimmers safety-plan edit") + "\n"
    return _("You have no safety plan saved yet. 'glimmers safety-plan edit' helps you write one, a step at a time.") + "\n"


def show_support(
    opening: str, *, urgent: str = "", light: bool = False, with_plan: bool = True, err: bool = False, country: str | None = None
) -> None:
    """Print ``urgent`` (the emergency line, when there is one), ``opening``,
    then the crisis lines and the safety plan.

    ``light`` prints only the words and where the crisis lines are, for words
    that are negated or in the past. ``country`` is the code already read
    from the settings (read again when not given). ``err`` sends everything to stderr, for
    commands whose stdout is JSON for a script.
    """
    from glimmers.cli.safety import crisis_text

    say = lambda text="", **style: click.echo(click.style(text, **style) if style else text, err=err)  # noqa: E731
    say()
    if urgent:
        say(urgent, bold=True, fg="red")
    say(opening, bold=True)
    if light:
        say(_("Crisis lines, any time: glimmers help-now. Your safety plan: glimmers safety-plan."))
        say()
        return
    say(_("If you can, tell someone you trust how you are doing right now."))
    say()
    say(crisis_text(_country() if country is None else country))
    if with_plan:
        say()
        say(_plan_text().rstrip())
    say()


def _session():
    try:
        from glimmers.cli.common import session

        return session()
    except RuntimeError:  # no click context: called outside a command
        return None


def show_for_words(*texts: str | None, err: bool = False) -> str:
    """Scan the words and show support if they call for it. Returns the level."""
    from glimmers import prepared_store
    from glimmers.core.safety.risk_language import offer, scan

    prepared_store.install()  # the lexicon and model, prepared by an earlier command
    reading = scan("\n".join(text for text in texts if text))
    if not reading.offered:
        return reading.level
    code = _country()  # read the settings once for the number and the lines
    made = offer(reading, emergency=emergency_number(code))
    show_support(made.message, urgent=made.urgent, light=made.light, err=err, country=code)
    state = _session()
    if state is not None and reading.offered:
        state.support_level = reading.level
    return reading.level


def support_first(*texts: str | None, err: bool = False) -> str:
    """Before anything touches the journal: support for these words, if they call for it."""
    state = _session()
    level = show_for_words(*texts, err=err)
    if state is not None and any(text and text.strip() for text in texts):
        state.words_read = True
    return level


def offer_if_words_worry(*texts: str | None, err: bool = False) -> None:
    """After saving words that were asked for on the way (a prompt): support if
    they call for it. Does nothing when ``support_first`` already read them."""
    state = _session()
    if state is not None and state.words_read:
        return
    show_for_words(*texts, err=err)


def _storage_failure(exc: BaseException) -> bool:
    from glimmers.db import DatabaseProblem

    if isinstance(exc, (DatabaseProblem, OSError)):
        return True
    try:
        import sqlite3

        from django.db import DatabaseError
    except ImportError:
        return False
    return isinstance(exc, (DatabaseError, sqlite3.DatabaseError))


def keep_words(texts: list[str]) -> str | None:
    """Write words that could not be saved to a file only their owner can read.

    Returns the file's path, or None when even that failed (a full disk)."""
    try:
        from glimmers import paths

        folder = paths.private_folder(paths.home() / "unsaved")
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        path = folder / f"words-{stamp}.txt"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), paths.PRIVATE_FILE)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("\n\n".join(texts) + "\n")
        return str(path)
    except Exception:  # noqa: BLE001 - then the words are printed instead
        return None


@contextlib.contextmanager
def keeping_words(*texts: str | None):
    """Around a command's journal work: when the journal cannot be opened or
    written, say the entry was not saved and keep the person's words."""
    try:
        yield
    except BaseException as exc:
        words = [text for text in texts if text and text.strip()]
        if not words or not _storage_failure(exc):
            raise
        from glimmers.db import DatabaseProblem, database_problem

        problem = database_problem(exc)  # the real cause: damaged, disk full, read-only, locked...
        kept = keep_words(words)
        if kept:
            tail = _("This entry was NOT saved. Your words are kept in %(path)s, readable by you alone.") % {"path": kept}
        else:
            click.echo(_("This entry was NOT saved. Your words, to copy somewhere safe:"), err=True)
            for text in words:  # not yet checked: no control character reaches the terminal
                click.echo("".join(ch if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs") else "\ufffd" for ch in text), err=True)
            tail = _("This entry was NOT saved; your words are printed above.")
        raise DatabaseProblem(f"{tail} {problem.message}", kind=problem.kind) from exc

"""What every command shares: the clock, the person's zone, consoles, opening the journal."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cached_property

import click

HELP_NOW_HINT = "In crisis or feeling unsafe? Run 'glimmers help-now' for crisis lines (no login, works offline)."


@dataclass
class Session:
    """Per-invocation state, kept on the click context."""

    demo: bool = False
    opened: bool = False

    @cached_property
    def zone_name(self) -> str:
        from glimmers import config

        return config.load().resolved_timezone()

    @property
    def zone(self):
        from glimmers.core.when import zone

        return zone(self.zone_name)

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def today(self) -> date:
        return self.now().astimezone(self.zone).date()

    def open(self) -> None:
        if not self.opened:
            from glimmers import db

            db.open_journal(demo=self.demo)
            self.opened = True


def session() -> Session:
    return click.get_current_context().find_root().ensure_object(Session)


def console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def error_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def interactive() -> bool:
    return sys.stdin.isatty() and os.environ.get("CI", "") == ""


def local(moment: datetime) -> datetime:
    return moment.astimezone(session().zone)


def opens_journal(command):
    """Open the journal (set up Django, apply migrations) before the command runs.

    Put it directly above ``def`` so click's options stay attached.
    """
    import functools

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        session().open()
        return command(*args, **kwargs)

    return wrapper


def write_output(path, data: bytes):
    """Write a file the person asked for, whole or not at all; a bad path is one readable line."""
    from pathlib import Path

    from glimmers.core.errors import InvalidInput
    from glimmers.core.i18n import _
    from glimmers.paths import atomic_write

    if str(path) == "-":  # the usual shorthand for standard output, for pipes
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return path
    target = Path(str(path)).expanduser()
    try:
        if not str(path).strip() or target.is_dir():
            raise InvalidInput(_("Give a file name to write to, not a folder."), field="file")
        if target.is_symlink() or (target.exists() and not target.is_file()):
            # Never replace a link, a device or a pipe with a plain file.
            raise InvalidInput(_("%(path)s is not a plain file; choose another name.") % {"path": target}, field="file")
        atomic_write(target, data)
    except OSError as problem:
        raise InvalidInput(
            _("Cannot write %(path)s: %(reason)s.") % {"path": target, "reason": problem.strerror or problem}, field="file"
        ) from None
    return target

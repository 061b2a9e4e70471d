"""What every command shares: the clock, the person's zone, consoles, opening the journal."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cached_property

import click

from glimmers.core.i18n import gettext_noop

# Translated where it is shown.
HELP_NOW_HINT = gettext_noop("In crisis or feeling unsafe? Run 'glimmers help-now' for crisis lines (no login, works offline).")


@dataclass
class Session:
    """Per-invocation state, kept on the click context."""

    demo: bool = False
    opened: bool = False
    words_read: bool = False  # the risk-language check already ran on this command's words
    support_level: str = "none"  # what that check called for

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
            from glimmers import people  # its models need the settings open_journal made

            # The command acts as the journal's one person until it ends.
            click.get_current_context().find_root().with_resource(people.acting_as_the_local_person())
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


def terminal_output() -> bool:
    """Standard output is a terminal: a question there is seen, not mixed into a pipe or a file."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


# Commands before which glimmers never asks for the country: help comes first,
# always, 'config' is where the country is set anyway, and 'doctor' is run
# when something is already wrong.
NO_COUNTRY_QUESTION = frozenset({"help-now", "config", "doctor", "server"})
# Arguments that mean "no conversation": help text, versions, output for scripts.
_QUIET_ARGUMENTS = ("--help", "-h", "--version", "--json")


def ask_country_first(command: str | None, arguments=()) -> None:
    """Ask once for the country, before the first command run by a person at a terminal.

    Only when no country is saved and it has not been asked before; never
    before ``help-now`` or ``config``, never for ``--json`` or ``--help``, and
    never when input or output is not a terminal (scripts, pipes, tests).
    Reading the settings file is the whole cost when there is nothing to ask.
    """
    if command is None or command in NO_COUNTRY_QUESTION:
        return
    if any(argument.split("=", 1)[0] in _QUIET_ARGUMENTS for argument in arguments):
        return
    if not (interactive() and terminal_output()):
        return
    from glimmers import config

    if config.should_ask_country():
        ask_country()


def ask_country() -> None:
    """The question itself: a known code is saved, Enter skips (and is remembered)."""
    from glimmers import config
    from glimmers.core.errors import InvalidInput
    from glimmers.core.i18n import _

    click.echo(_("Which country are you in? It decides which crisis lines glimmers shows. Two letters such as GB, US, DE, IN; Enter to skip."))
    guess = config.system_country()
    if guess:
        click.echo(_("(This computer's language setting suggests %(code)s.)") % {"code": guess})
    code = ""
    while True:
        answer = click.prompt(_("Country"), default="", show_default=False).strip()
        if not answer:
            break
        try:
            code = config.known_country(answer)
            break
        except InvalidInput as problem:
            click.echo(problem.message)
    try:
        if code:
            config.save("country", code)
        else:
            config.mark_country_asked()
    except OSError as problem:  # the command matters more than remembering the answer
        click.echo(_("Could not save that (%(reason)s); 'glimmers config country XX' sets it any time.") % {"reason": problem.strerror or problem})
    else:
        if code:
            from glimmers.core.content import country_name

            click.echo(
                _("Saved: crisis lines will show for %(name)s (%(code)s). Change any time: glimmers config country XX")
                % {"name": country_name(code), "code": code}
            )
        else:
            click.echo(_("Skipped; glimmers will not ask again. Choose any time: glimmers config country XX"))
    click.echo("")


def local(moment: datetime) -> datetime:
    return moment.astimezone(session().zone)


def opens_journal(command=None, *, words: tuple[str, ...] = ()):
    """Open the journal (set up Django, apply migrations) before the command runs.

    Put it directly above ``def`` so click's options stay attached. With
    ``words=("note", ...)`` the risk-language check reads those options
    first: support appears before anything touches the journal, so a broken,
    full or locked journal still shows it, and a failure to save keeps the
    words (see ``glimmers.cli.support``).
    """
    import functools

    def decorate(command):
        @functools.wraps(command)
        def wrapper(*args, **kwargs):
            if not words:
                session().open()
                return command(*args, **kwargs)
            from glimmers.cli.support import keeping_words, support_first

            texts = [kwargs.get(name) for name in words]
            support_first(*texts, err=bool(kwargs.get("as_json")))
            with keeping_words(*texts):
                session().open()
                return command(*args, **kwargs)

        return wrapper

    return decorate(command) if command is not None else decorate


def write_stdout(data: bytes) -> None:
    """Bytes to standard output; a closed or full output is one readable line, not a traceback."""
    from glimmers.core.errors import OutputProblem
    from glimmers.core.i18n import _

    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        raise OutputProblem(_("Standard output is closed, so there is nowhere to write; use --out FILE."))
    try:
        stream.write(data)
        stream.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as problem:
        reason = describe_os_error(problem) if isinstance(problem, OSError) else _("it is closed")
        raise OutputProblem(_("Could not write to standard output (%(reason)s).") % {"reason": reason}) from None


def write_output(path, data: bytes):
    """Write a file the person asked for with :func:`glimmers.paths.safe_write`
    (private, whole or not at all, never through a link); ``-`` is standard
    output. Every failure is one readable line naming its cause."""
    from pathlib import Path

    from glimmers.core.errors import InvalidInput, OutputProblem
    from glimmers.core.i18n import _
    from glimmers.paths import NotAPlainFile, safe_write

    if str(path) == "-":  # the usual shorthand for standard output, for pipes
        write_stdout(data)
        return path
    target = Path(str(path)).expanduser()
    try:
        if not str(path).strip() or target.is_dir():
            raise InvalidInput(_("Give a file name to write to, not a folder."), field="file")
        return safe_write(target, data)
    except NotAPlainFile:
        # Never replace a link, a device or a pipe with a plain file.
        raise InvalidInput(_("%(path)s is not a plain file; choose another name.") % {"path": target}, field="file") from None
    except OSError as problem:
        import errno

        message = _("Cannot write %(path)s: %(reason)s. Nothing was written.") % {
            "path": target, "reason": describe_os_error(problem),
        }
        if problem.errno in (errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG):
            raise InvalidInput(message, field="file") from None  # a mistake in the name, not a failing disk
        raise OutputProblem(message) from None


def describe_os_error(problem: OSError) -> str:
    """The real cause of a failed write, in plain words."""
    import errno

    from glimmers.core.i18n import _

    known = {
        errno.ENOSPC: _("the disk is full"),
        errno.EDQUOT: _("the disk quota is used up"),
        errno.EROFS: _("the disk is read-only"),
        errno.EACCES: _("permission denied"),
        errno.EPERM: _("permission denied"),
        errno.ENOENT: _("the folder does not exist"),
        errno.ENOTDIR: _("part of the path is not a folder"),
        errno.ENAMETOOLONG: _("the name is too long"),
        errno.EIO: _("the disk reported an input/output error"),
    }
    return known.get(problem.errno, problem.strerror or str(problem))

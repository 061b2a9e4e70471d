"""The ``glimmers`` command. Commands live in modules by group; this file
wires them together and is the single exit point that turns errors into one
readable line and an exit code (never a traceback)."""

from __future__ import annotations

import contextlib
import errno
import importlib
import re
import sys
import traceback
from datetime import datetime, timezone

import click

from glimmers import __version__
from glimmers.cli.arguments import check_arguments
from glimmers.cli.common import HELP_NOW_HINT, Session, ask_country_first, error_console
from glimmers.cli.streams import WatchedOutput, checked_prompts, drop_stdout, tolerant_output, watched_stdout
from glimmers.core.errors import GlimmersError

EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


# Each command's module, so a command imports only what it needs: a check-in
# does not pay for the import code, the web server or the screening modules.
COMMAND_MODULES: dict[str, str] = {
    "checkin": "journal",
    "glimmer": "journal",
    "day": "journal",
    "edit": "journal",
    "list": "browse",
    "search": "browse",
    "show": "browse",
    "tags": "browse",
    "delete": "trash",
    "trash": "trash",
    "export": "data",
    "import": "data",
    "backup": "data",
    "restore": "data",
    "doctor": "doctor",
    "serve": "serve",
    "demo": "serve",
    "server": "server",
    "config": "setup",
    "help-now": "safety",
    "safety-plan": "safety_plan",
    "meds": "meds",
    "screen": "screening",
    "plan": "plan",
    "activity": "activity",
    "goal": "goal",
    "pleasure": "pleasure",
    "ground": "ground",
    "experiment": "experiment",
    "calendar": "calendar",
    "share": "share",
    "guide": "guide",
    "insights": "insights",
    "report": "insights",
}


_COMMAND_ARGUMENTS = "glimmers.command_arguments"


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module_name = COMMAND_MODULES.get(name)
        if module_name is None:
            return None
        module = importlib.import_module(f"glimmers.cli.{module_name}")
        command = next(c for c in module.COMMANDS if c.name == name)
        command.epilog = command.epilog or HELP_NOW_HINT
        check_arguments(command)
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[_COMMAND_ARGUMENTS] = tuple(rest)  # for the root callback, which runs before they are parsed
        return name, command, rest


def every_command() -> dict[str, click.Command]:
    """Load every command (for docs and tests)."""
    ctx = click.Context(cli)
    return {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}


@click.group(
    cls=LazyGroup, epilog=HELP_NOW_HINT, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option("--demo", is_flag=True, help="Use the separate demo journal (see 'glimmers demo').")
@click.version_option(__version__, prog_name="glimmers")
@click.pass_context
def cli(ctx: click.Context, demo: bool) -> None:
    """glimmers: notice numbness, catch glimmers, find what helps.

    Everything stays on this computer. This is not a medical device and
    nobody monitors what you write.
    """
    ctx.obj = Session(demo=demo)
    _speak_chosen_language()
    if ctx.invoked_subcommand is None:
        click.echo(_start())
        return
    ask_country_first(ctx.invoked_subcommand, ctx.meta.get(_COMMAND_ARGUMENTS, ()))


def _speak_chosen_language() -> None:
    """The language from the settings file, else the environment's; never raises (help must appear)."""
    from glimmers import config
    from glimmers.core import i18n

    try:
        i18n.activate(config.load().language)
    except Exception:  # noqa: BLE001 - a broken settings file speaks the environment's language
        i18n.activate("")


def _start() -> str:
    """What bare ``glimmers`` shows: a few ways to begin and where help is, not every command."""
    from glimmers.core.i18n import _

    ways = [
        ("glimmers checkin", _("how you are right now: a few short questions, each one optional")),
        ('glimmers glimmer "…"', _("a small moment of interest, warmth or ease")),
        ("glimmers list", _("what you have written so far")),
        ("glimmers guide understanding", _("what numbness is, and what the way back can look like")),
        ("glimmers serve", _("the same in your web browser, on this computer only")),
        ("glimmers --help", _("every command")),
    ]
    width = max(len(command) for command, _words in ways)
    lines = [_("glimmers: notice numbness, catch glimmers, find what helps."), "", _("Ways to begin:")]
    lines += [f"  {command.ljust(width)}   {words}" for command, words in ways]
    return "\n".join([*lines, "", _(HELP_NOW_HINT)])


def _log_unexpected(exc: BaseException) -> str:
    """Keep the details for a bug report without showing them to the person."""
    try:
        from glimmers import paths

        log = paths.ensure_home() / "errors.log"
        with log.open("a", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(f"--- {datetime.now(timezone.utc).isoformat()} glimmers {__version__}\n")
            handle.write("".join(traceback.format_exception(exc)))
        return str(log)
    except OSError:
        return ""


def _database_error(exc: BaseException) -> GlimmersError | None:
    try:
        from django.db import DatabaseError
    except ImportError:
        return None
    import sqlite3

    if isinstance(exc, (DatabaseError, sqlite3.DatabaseError)):
        from glimmers import db

        return db.database_problem(exc)
    return None


# Failures of the computer rather than of glimmers: a full, read-only or
# failing disk. One line naming the cause, exit 74.
_ENVIRONMENT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO})
# A name the person gave that cannot be used: one line, exit 2.
_NAME_ERRNOS = frozenset({errno.ENAMETOOLONG, errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.ELOOP})


def _environment_problem(exc: OSError) -> GlimmersError | None:
    """An OSError no command turned into words: the full disk, or a file that
    cannot be used (a name too long, permission denied). Commands say it more
    precisely where they can; this is the last line of defence."""
    from glimmers.cli.common import describe_os_error
    from glimmers.core.errors import InvalidInput, OutputProblem
    from glimmers.core.i18n import _

    where = exc.filename if isinstance(exc.filename, str) else ""
    if exc.errno in _ENVIRONMENT_ERRNOS:
        problem = OutputProblem
    elif where and exc.errno in (_NAME_ERRNOS | {errno.EACCES, errno.EPERM}):
        problem = InvalidInput if exc.errno in _NAME_ERRNOS else OutputProblem
    else:
        return None
    if where:
        return problem(_("%(path)s cannot be used: %(reason)s.") % {"path": where, "reason": describe_os_error(exc)})
    return problem(_("The computer refused a read or write: %(reason)s.") % {"reason": describe_os_error(exc)})


# Line breaks of every kind (click lists choices on separate lines; a message
# may quote what was typed), and characters a terminal would act on.
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")
_UNSHOWABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def one_line(message: str) -> str:
    """A message as one line of plain text: line breaks become spaces, a tab a
    space, and anything a terminal would act on is written out (ESC as \\x1b)."""
    flat = _LINE_BREAKS.sub(" ", message.strip()).replace("\t", " ")
    return _UNSHOWABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), flat)


def _fail(message: str, code: int) -> None:
    """The one place a failure reaches the person: one line on stderr, an exit code."""
    try:
        error_console().print(f"glimmers: {one_line(message)}", markup=False)
    except (OSError, ValueError):
        pass  # standard error is closed or full too: the exit code still tells
    sys.exit(code)


def _command_name(args: list[str]) -> str | None:
    """The command a command line asks for (the root's own options are flags)."""
    return next((arg for arg in args if not arg.startswith("-")), None)


def _help_on_stderr(args: list[str]) -> bool:
    """help-now whose standard output cannot be written: the crisis lines go to
    standard error instead, because they must reach the person."""
    if _command_name(args) != "help-now" or sys.stderr is None:
        return False
    try:
        with contextlib.redirect_stdout(sys.stderr):
            cli.main(args=args, prog_name="glimmers", standalone_mode=False)
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - the line after it still explains
        return False
    return True


def _output_failure(args: list[str], problem: BaseException | None) -> None:
    """Standard output is closed or cannot be written: one line, exit 74."""
    from glimmers.cli.common import describe_os_error
    from glimmers.core.errors import OutputProblem
    from glimmers.core.i18n import _

    if problem is None:
        message = _("Standard output is closed, so there is nowhere to show the result; nothing was done.")
    elif isinstance(problem, OSError):
        message = _("Could not write to standard output (%(reason)s).") % {"reason": describe_os_error(problem)}
    else:
        message = _("Could not write to standard output (it is closed).")
    if _help_on_stderr(args):
        message += " " + _("The crisis lines above were written to standard error instead.")
    _fail(message, OutputProblem.exit_code)


def _reader_stopped(stdout: WatchedOutput) -> None:
    """The program reading our output stopped early (glimmers list | head): not a
    failure, so no message and exit 0, whichever writer met the closed pipe."""
    drop_stdout(stdout.stream)
    sys.exit(0)


def _invoke(args: list[str]) -> int:
    try:
        cli.main(args=args, prog_name="glimmers", standalone_mode=False)
        code = 0
    except click.exceptions.Exit as done:
        code = done.exit_code
    # Buffered output is written now, while a failure can still be told.
    if sys.stdout is not None:
        sys.stdout.flush()
    return code


def main(argv: list[str] | None = None) -> None:
    from glimmers.core.i18n import _

    args = list(sys.argv[1:] if argv is None else argv)
    tolerant_output()
    if sys.stdout is None:  # started with standard output closed (glimmers list >&-)
        _output_failure(args, None)
    with checked_prompts(), watched_stdout() as stdout:
        try:
            code = _invoke(args)
        except click.Abort:
            _fail(_("stopped; nothing was saved."), EXIT_INTERRUPTED)
        except click.ClickException as problem:
            hint = _(" (see '%(command)s --help')") % {"command": problem.ctx.command_path} if getattr(problem, "ctx", None) and problem.ctx.parent else ""
            _fail(f"{problem.format_message()}{hint}", problem.exit_code)
        except GlimmersError as problem:
            _fail(problem.message, problem.exit_code)
        except KeyboardInterrupt:
            _fail(_("stopped; nothing half-saved."), EXIT_INTERRUPTED)
        except BrokenPipeError:
            _reader_stopped(stdout)
        except SystemExit:
            if isinstance(stdout.failure, BrokenPipeError):
                _reader_stopped(stdout)  # rich ends with SystemExit(1) on a broken pipe
            raise
        except (OSError, ValueError) as problem:
            if stdout.failure is None:
                _unexpected(problem)
            if isinstance(stdout.failure, BrokenPipeError):
                _reader_stopped(stdout)
            drop_stdout(stdout.stream)
            _output_failure(args, stdout.failure)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            _unexpected(exc)
    if code:
        sys.exit(code)


def _unexpected(exc: Exception) -> None:
    known = _database_error(exc)
    if known is None and isinstance(exc, OSError):
        known = _environment_problem(exc)
    if known is not None:
        _fail(known.message, known.exit_code)
    log = _log_unexpected(exc)
    from glimmers.core.i18n import _

    where = _(" Details were written to %(log)s.") % {"log": log} if log else ""
    _fail(_("something went wrong inside glimmers (%(kind)s); nothing was lost.") % {"kind": type(exc).__name__} + where, EXIT_INTERNAL)

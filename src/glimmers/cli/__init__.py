"""The ``glimmers`` command. Commands live in modules by group; this file
wires them together and is the single exit point that turns errors into one
readable line and an exit code (never a traceback)."""

from __future__ import annotations

import importlib
import sys
import traceback
from datetime import datetime, timezone

import click

from glimmers import __version__
from glimmers.cli.common import HELP_NOW_HINT, Session, ask_country_first, error_console
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
    "serve": "serve",
    "demo": "serve",
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
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[_COMMAND_ARGUMENTS] = tuple(rest)  # for the root callback, which runs before they are parsed
        return name, command, rest


def every_command() -> dict[str, click.Command]:
    """Load every command (for docs and tests)."""
    ctx = click.Context(cli)
    return {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}


@click.group(cls=LazyGroup, epilog=HELP_NOW_HINT, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--demo", is_flag=True, help="Use the separate demo journal (see 'glimmers demo').")
@click.version_option(__version__, prog_name="glimmers")
@click.pass_context
def cli(ctx: click.Context, demo: bool) -> None:
    """glimmers: notice numbness, catch glimmers, find what helps.

    Everything stays on this computer. This is not a medical device and
    nobody monitors what you write.
    """
    ctx.obj = Session(demo=demo)
    ask_country_first(ctx.invoked_subcommand, ctx.meta.get(_COMMAND_ARGUMENTS, ()))


def _log_unexpected(exc: BaseException) -> str:
    """Keep the details for a bug report without showing them to the person."""
    try:
        from glimmers import paths

        log = paths.ensure_home() / "errors.log"
        with log.open("a", encoding="utf-8") as handle:
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


def _fail(message: str, code: int) -> None:
    """The one place a failure reaches the person: one line on stderr, an exit code."""
    error_console().print(f"glimmers: {message}", markup=False)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="glimmers", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.Abort:
        _fail("stopped; nothing was saved.", EXIT_INTERRUPTED)
    except click.ClickException as problem:
        hint = f" (see '{problem.ctx.command_path} --help')" if getattr(problem, "ctx", None) and problem.ctx.parent else ""
        _fail(f"{problem.format_message()}{hint}", problem.exit_code)
    except GlimmersError as problem:
        _fail(problem.message, problem.exit_code)
    except KeyboardInterrupt:
        _fail("stopped; nothing half-saved.", EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        known = _database_error(exc)
        if known is not None:
            _fail(known.message, known.exit_code)
        log = _log_unexpected(exc)
        where = f" Details were written to {log}." if log else ""
        _fail(f"something went wrong inside glimmers ({type(exc).__name__}); nothing was lost.{where}", EXIT_INTERNAL)

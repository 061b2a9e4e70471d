"""``doctor``: check the journal and say plainly what is wrong and what to do.

It never needs a working journal: on SQLite it reads the files directly
(read-only, without Django), so it runs when every other command refuses.
``--salvage`` copies what can still be read from a damaged journal into a
fresh one (see ``glimmers.repair``).

Exit codes: 0 all is well; 1 something needs attention but the journal is
sound (permissions, little free space, a layout from a newer glimmers,
records pointing to missing ones); 5 the journal is damaged or cannot be
opened. After ``--salvage``: 0 when the fresh journal is in place.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from glimmers.cli.common import console, session
from glimmers.core.i18n import _

MARKS = {"ok": "ok", "note": "note", "problem": "PROBLEM", "not applicable": "n/a"}


def _database(demo: bool) -> dict:
    from glimmers import settings

    environ = dict(os.environ)
    if demo:
        environ["GLIMMERS_DEMO"] = "1"
    return settings.database(environ)


def _summary(examination) -> str:
    from glimmers.health import EXIT_ATTENTION, EXIT_DAMAGED

    if examination.exit_code == EXIT_DAMAGED:
        return _("The journal is damaged or cannot be opened; the lines marked PROBLEM say what to do.")
    if examination.exit_code == EXIT_ATTENTION:
        return _("The journal was not found damaged, but something needs attention (see PROBLEM above).")
    return _("All is well.")


def _print_checks(examination) -> None:
    from glimmers.core.text import printable

    out = console()
    backend = "SQLite" if examination.backend == "sqlite" else "PostgreSQL"
    out.print(printable(_("Journal: %(where)s (%(backend)s)") % {"where": examination.journal, "backend": backend}), markup=False)
    for check in examination.checks:
        line = f"  {MARKS[check.status]:<8} {check.title}: {check.says}"
        if check.advice and check.status in ("problem", "note"):
            line += " " + _("What to do: %(advice)s") % {"advice": check.advice}
        out.print(printable(line), markup=False)
    out.print(_summary(examination), markup=False)


def _describe_salvage(report) -> list[str]:
    lines = [
        _("Salvaged %(n)s records into a fresh journal. The damaged journal was moved aside to %(moved)s (never deleted).")
        % {"n": report.recovered, "moved": report.moved_to}
    ]
    for table in report.tables:
        if not table.worth_telling:
            continue
        if not table.readable:
            lines.append("  " + _("%(kind)s: could not be read at all (the journal's list of tables is damaged there)") % {"kind": table.kind})
            continue
        parts = [_("%(n)s recovered") % {"n": table.recovered}]
        if table.lost:
            parts.append(_("%(n)s lost") % {"n": table.lost})
        elif table.lost is None:
            parts.append(_("some lost (at most %(n)s)") % {"n": table.lost_at_most})
        if table.left_out:
            parts.append(_("%(n)s left out because what they belonged to was lost") % {"n": table.left_out})
        lines.append(f"  {table.kind}: {', '.join(parts)}")
    if report.complete:
        lines.append(_("Nothing was lost."))
    lines.append(_("Make a backup now: glimmers backup FILE. If you have an older backup, compare before deleting anything."))
    return lines


def _salvage(examination, *, demo: bool, yes: bool, as_json: bool) -> None:
    from glimmers import db, repair
    from glimmers.core.errors import GlimmersError
    from glimmers.core.text import json_text, printable

    if examination.backend != "sqlite":
        raise GlimmersError(
            _("Salvage works on a SQLite journal; on PostgreSQL use the server's own tools, or bring back a backup with 'glimmers restore FILE'.")
        )
    path = Path(examination.journal)
    if not path.exists():
        raise GlimmersError(_("There is no journal at %(path)s to salvage.") % {"path": path})
    integrity, links = examination.check("integrity"), examination.check("foreign_keys")
    if not examination.damaged and not (links is not None and links.status == "problem"):
        if integrity is not None and integrity.status == "problem":  # it could not be checked (locked, unreadable)
            raise db.DatabaseProblem(
                _("The journal could not be checked, so nothing was salvaged: %(why)s %(advice)s")
                % {"why": integrity.says, "advice": integrity.advice}
            )
        message = _("The journal passed every check; there is nothing to salvage.")
        click.echo(json_text({"salvage": None, "message": message, **examination.as_dict()}, indent=1) if as_json else message)
        return
    state = session()
    moment = state.now().astimezone(state.zone)
    if not yes:
        click.confirm(
            _("Copy everything that can still be read into a fresh journal? The damaged one is moved aside to %(aside)s, never deleted.")
            % {"aside": repair.aside_name(path, moment)},
            abort=True,
            err=as_json,
        )
    db.configure(demo=demo)
    report = repair.salvage(path, moment=moment)
    if as_json:
        click.echo(json_text({"salvage": report.as_dict(), **examination.as_dict()}, indent=1))
        return
    for line in _describe_salvage(report):
        console().print(printable(line), markup=False)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the checks (and any salvage) as JSON, for scripts.")
@click.option("--salvage", is_flag=True, help="Copy everything still readable from a damaged journal into a fresh one; the damaged file is moved aside, never deleted.")
@click.option("--yes", is_flag=True, help="With --salvage: do not ask first.")
def doctor(as_json, salvage, yes):
    """Check the journal and say plainly what is wrong and what to do.

    Works when the journal is damaged and every other command refuses.
    Exit code 0: all is well; 1: something needs attention; 5: the journal
    is damaged or cannot be opened.
    """
    from glimmers import health, paths
    from glimmers.core.text import json_text

    state = session()
    examination = health.examine(_database(state.demo), home=paths.home())
    if salvage:
        _salvage(examination, demo=state.demo, yes=yes, as_json=as_json)
        return
    if as_json:
        click.echo(json_text(examination.as_dict(), indent=1))
    else:
        _print_checks(examination)
    if examination.exit_code:
        sys.stdout.flush()
        sys.exit(examination.exit_code)  # click's own Exit is swallowed outside standalone mode


COMMANDS = (doctor,)

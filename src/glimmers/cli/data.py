"""Data in and out: ``export``, ``import``, ``backup`` and ``restore``."""

from __future__ import annotations

import os
from pathlib import Path

import click

from glimmers.cli.common import console, opens_journal, session
from glimmers.core.i18n import _

PASSPHRASE_VARIABLE = "GLIMMERS_BACKUP_PASSPHRASE"


def _context():
    from glimmers.core.formats import ReadContext

    state = session()
    return ReadContext(now=state.now(), timezone=state.zone_name)


@click.command()
@click.option(
    "--format", "format_name", type=click.Choice(["json", "csv", "fhir"]), default="json", show_default=True,
    help="json or csv: everything, losslessly. fhir: questionnaire results as a FHIR R4B Bundle for a clinician's system.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: the screen).")
@opens_journal
def export(format_name, out):
    """Export everything, the trash included, losslessly (or, with --format fhir,
    the questionnaire results for a clinician's system)."""
    from glimmers.journal import transfer

    from glimmers.cli.common import write_output

    data = transfer.export_bytes(format_name)
    target = write_output("-" if out is None else out, data)
    if out is not None and str(out) != "-":
        console().print(_("Exported to %(path)s.") % {"path": target}, markup=False)


def _describe(report) -> list[str]:
    verb = _("Would add") if report.dry_run else _("Added")
    lines = [
        _("%(verb)s %(c)s check-ins, %(g)s glimmers and %(d)s days of factors (from %(source)s).")
        % {"verb": verb, "c": report.checkins, "g": report.glimmers, "d": report.days, "source": report.source}
    ]
    if report.screenings or report.medications or report.safety_plan:
        lines.append(
            _("%(verb)s %(s)s screening results, %(m)s medicine events%(plan)s.")
            % {
                "verb": verb, "s": report.screenings, "m": report.medications,
                "plan": _(" and the safety plan") if report.safety_plan else "",
            }
        )
    if report.toolkit:
        lines.append(_("%(verb)s %(n)s toolkit records (plan, activities, goals, exercises, experiments...).") % {"verb": verb, "n": report.toolkit})
    if report.already_present:
        lines.append(_("%(n)s entries were already in your journal and were left as they are.") % {"n": report.already_present})
    if report.days_kept:
        lines.append(_("%(n)s days already had factors; yours were kept.") % {"n": report.days_kept})
    lines.extend(report.remarks)
    if report.dry_run:
        lines.append(_("Dry run: nothing was written. Run again without --dry-run to import."))
    return lines


@click.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--from",
    "source",
    type=click.Choice(["auto", "glimmers", "daylio", "jrnl"]),
    default="auto",
    show_default=True,
    help="What made the file; 'auto' recognises it.",
)
@click.option("--dry-run", is_flag=True, help="Check the file and show what would happen, writing nothing.")
@opens_journal
def import_file(file, source, dry_run):
    """Import a glimmers export, a Daylio CSV or a jrnl JSON export (all or nothing)."""
    from glimmers.core.errors import ImportProblem
    from glimmers.journal import transfer

    try:
        data = file.expanduser().read_bytes()
    except FileNotFoundError:
        raise ImportProblem(_("There is no file at %(path)s.") % {"path": file}) from None
    context = _context()
    format_name, bundle = transfer.parse(data, None if source == "auto" else source, context)
    report = transfer.write_bundle(bundle, source=format_name, now=context.now, dry_run=dry_run)
    for line in _describe(report):
        console().print(line, markup=False)


def _passphrase(*, confirm: bool) -> str:
    if os.environ.get(PASSPHRASE_VARIABLE):
        return os.environ[PASSPHRASE_VARIABLE]
    return click.prompt(_("Backup passphrase"), hide_input=True, confirmation_prompt=confirm)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--encrypt", is_flag=True, help=f"Encrypt with a passphrase (asked, or from ${PASSPHRASE_VARIABLE}).")
@opens_journal
def backup(file, encrypt):
    """Write a complete backup of the journal to FILE (readable by you alone)."""
    from glimmers.cli.common import write_output
    from glimmers.journal.backup import backup_bytes

    passphrase = _passphrase(confirm=True) if encrypt else None
    data, count = backup_bytes(passphrase=passphrase)
    file = write_output(file, data)
    if str(file) == "-":
        return
    note = _(" (encrypted: keep the passphrase safe; without it the backup cannot be read)") if encrypt else ""
    console().print(_("Backed up %(n)s records to %(path)s%(note)s.") % {"n": count, "path": file, "note": note}, markup=False)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@opens_journal
def restore(file, yes):
    """Replace the journal with a backup (the current journal is saved first)."""
    from glimmers.core import backup_file
    from glimmers.core.errors import ImportProblem
    from glimmers.core.refs import looks_like_ref
    from glimmers.journal.backup import read_backup, restore_bundle

    if not file.exists() and looks_like_ref(str(file)):
        raise ImportProblem(
            _("%(ref)s is not a backup file. To bring back a deleted entry: glimmers trash restore %(ref)s") % {"ref": file}
        )
    try:
        encrypted = backup_file.is_encrypted(file.expanduser().read_bytes()[:64])
    except (FileNotFoundError, IsADirectoryError):
        encrypted = False  # restore_backup explains
    passphrase = _passphrase(confirm=False) if encrypted else None
    context = _context()
    bundle = read_backup(file, context=context, passphrase=passphrase)  # fully checked before anything changes
    if not yes:
        click.confirm(
            _("Replace the journal with this backup (%(n)s records)? A copy of the current journal is kept")
            % {"n": len(bundle)},
            abort=True,
        )
    report, safety = restore_bundle(bundle, now=context.now)
    console().print(
        _(
            "Restored %(c)s check-ins, %(g)s glimmers, %(d)s days, %(s)s screening results, %(m)s medicine events, "
            "%(t)s toolkit records and %(plan)s. The journal as it was is saved at %(safety)s."
        )
        % {
            "c": report.checkins, "g": report.glimmers, "d": report.days, "s": report.screenings,
            "m": report.medications, "t": report.toolkit, "plan": _("the safety plan") if report.safety_plan else _("no safety plan"),
            "safety": safety,
        },
        markup=False,
    )


COMMANDS = (export, import_file, backup, restore)

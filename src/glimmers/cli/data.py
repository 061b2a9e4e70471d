"""Data in and out: ``export``, ``import``, ``backup`` and ``restore``."""

from __future__ import annotations

import os
from pathlib import Path

import click

from glimmers.cli.common import console, opens_journal, session
from glimmers.core.i18n import _, ngettext

PASSPHRASE_VARIABLE = "GLIMMERS_BACKUP_PASSPHRASE"


def _context(mood_map=None):
    from glimmers.core.transfer.formats import ReadContext

    state = session()
    return ReadContext(now=state.now(), timezone=state.zone_name, mood_map=mood_map or {})


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
    from glimmers import transfer

    from glimmers.cli.common import write_output

    data = transfer.export_bytes(format_name)
    if out is None and format_name == "csv":
        from glimmers.cli.common import terminal_output

        if terminal_output():  # shown on a screen, not piped: words from older versions written out
            from glimmers.core.text import printable

            data = printable(data.decode("utf-8").replace("\r\n", "\n")).encode("utf-8")
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
@click.option("--mood-map", "mood_map", default="", metavar="NAME=SCORE,...",
              help="Daylio: your score from -5 to +5 for each of your own mood names, e.g. \"tired=-2,fine=1\".")
@opens_journal
def import_file(file, source, dry_run, mood_map):
    """Import a glimmers export, a Daylio CSV or a jrnl JSON export (all or nothing).

    Daylio's five standard moods get scores from -5 to +5 on their own; for
    mood names you made yourself, glimmers asks for a score (in a terminal)
    or takes them from --mood-map. Without one, a mood is kept as a tag.
    """
    from glimmers.core import input_limits
    from glimmers.core.transfer.formats import daylio
    from glimmers import transfer

    data = input_limits.read_file(file)  # at most MAX_FILE_BYTES; a missing or unreadable file is one line
    scores = daylio.parse_mood_map(mood_map)
    context = _context(scores)
    format_name, bundle = transfer.parse(data, None if source == "auto" else source, context)
    if format_name == "daylio":
        asked = _ask_mood_scores(data, scores)
        if asked:
            context = _context({**scores, **asked})
            format_name, bundle = transfer.parse(data, format_name, context)
    report = transfer.write_bundle(bundle, source=format_name, now=context.now, dry_run=dry_run)
    from glimmers.core.text import printable

    for line in _describe(report):
        console().print(printable(line), markup=False)  # remarks can quote the file


def _ask_mood_scores(data: bytes, given: dict) -> dict:
    """In a terminal, a score for each mood name that has none yet; Enter keeps it as a tag only."""
    from glimmers.cli.common import interactive
    from glimmers.cli.journal import _asked
    from glimmers.core.transfer.formats import daylio

    known = daylio.scores_with(given)
    missing = [(mood, count) for mood, count in daylio.moods_in(data).most_common() if mood not in known]
    if not missing or not interactive():
        return {}
    console().print(_("Your Daylio export has moods of your own. Give each a score from −5 (very unpleasant) to +5 "
                      "(very pleasant), or press Enter to keep it as a tag only."), markup=False)
    answers = {}
    for mood, count in missing:
        answer = _asked(ngettext("%(mood)s (%(count)d entry)", "%(mood)s (%(count)d entries)", count)
                        % {"mood": mood, "count": count},
                        lambda text, mood=mood: daylio.mood_score(text, name=mood) if str(text).strip() else None)
        if answer is not None:
            answers[mood] = answer
    return answers


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
    from glimmers.transfer.backup import backup_bytes

    passphrase = _passphrase(confirm=True) if encrypt else None
    data, count = backup_bytes(passphrase=passphrase)
    file = write_output(file, data)
    if str(file) == "-":
        return
    note = _(" (encrypted: keep the passphrase safe; without it the backup cannot be read)") if encrypt else ""
    console().print(_("Backed up %(n)s records to %(path)s%(note)s.") % {"n": count, "path": file, "note": note}, markup=False)


def _damage_on_opening():
    """Open the journal; a damaged SQLite journal is returned as its problem
    instead of raised (restore can put a fresh one in its place). Every
    other failure (full, read-only, locked...) is raised as it is."""
    from glimmers import repair
    from glimmers.db import DatabaseProblem

    try:
        session().open()
    except DatabaseProblem as problem:
        if problem.kind == "damaged" and repair.is_sqlite():
            return problem
        raise
    return None


def _damaged_while_copying(exc: BaseException) -> bool:
    """The journal opened and passed its quick check, but reading it for the safety copy hit damage."""
    import sqlite3

    from django.db import DatabaseError

    from glimmers import db, repair

    return isinstance(exc, (DatabaseError, sqlite3.DatabaseError, db.DatabaseProblem)) and repair.is_sqlite() and db.classify(exc)[0] == "damaged"


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(file, yes):
    """Replace the journal with a backup (the current journal is saved first).

    Works on a damaged journal too: the damaged file is moved aside with
    the date in its name (never deleted) and the backup goes into a fresh one.
    """
    from glimmers import db
    from glimmers.core.transfer import backup_file
    from glimmers.core.errors import ImportProblem
    from glimmers.core.refs import looks_like_ref

    state = session()
    db.configure(demo=state.demo)  # settings only: the journal is opened after the backup is checked
    from glimmers import repair
    from glimmers.transfer.backup import read_backup, restore_bundle, restore_over_damaged

    if not file.exists() and looks_like_ref(str(file)):
        raise ImportProblem(
            _("%(ref)s is not a backup file. To bring back a deleted entry: glimmers trash restore %(ref)s") % {"ref": file}
        )
    try:
        with file.expanduser().open("rb") as handle:  # the start only: the file may be huge, or a device
            encrypted = backup_file.is_encrypted(handle.read(64))
    except OSError:
        encrypted = False  # read_backup explains
    passphrase = _passphrase(confirm=False) if encrypted else None
    context = _context()
    bundle = read_backup(file, context=context, passphrase=passphrase)  # fully checked before anything changes
    damage = _damage_on_opening()
    moment = state.now().astimezone(state.zone)
    if not yes:
        if damage is None:
            question = _("Replace the journal with this backup (%(n)s records)? A copy of the current journal is kept") % {"n": len(bundle)}
        else:
            question = _(
                "The journal at %(path)s is damaged. Move it aside to %(aside)s (kept, never deleted) and restore "
                "this backup (%(n)s records) into a fresh journal?"
            ) % {"path": repair.journal_path(), "aside": repair.aside_name(repair.journal_path(), moment), "n": len(bundle)}
        click.confirm(question, abort=True)
    safety = moved = None
    if damage is None:
        try:
            report, safety = restore_bundle(bundle, now=context.now)
        except Exception as exc:  # noqa: BLE001 - only damage found while copying is handled here
            if not _damaged_while_copying(exc):
                raise
            damage = exc
    if damage is not None:
        report, moved = restore_over_damaged(bundle, now=context.now, moment=moment)
    restored = _(
        "Restored %(c)s check-ins, %(g)s glimmers, %(d)s days, %(s)s screening results, %(m)s medicine events, "
        "%(t)s toolkit records and %(plan)s."
    ) % {
        "c": report.checkins, "g": report.glimmers, "d": report.days, "s": report.screenings,
        "m": report.medications, "t": report.toolkit, "plan": _("the safety plan") if report.safety_plan else _("no safety plan"),
    }
    if moved is not None:
        kept = _(
            "The damaged journal was moved aside to %(moved)s; no copy could be read out of it first, so that file is "
            "the copy. Delete it yourself once you are sure you no longer need it."
        ) % {"moved": moved}
    else:
        kept = _("The journal as it was is saved at %(safety)s.") % {"safety": safety}
    console().print(f"{restored} {kept}", markup=False)


COMMANDS = (export, import_file, backup, restore)

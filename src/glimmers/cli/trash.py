"""Deleting safely: ``delete`` moves to the trash; ``trash`` lists, restores, empties."""

from __future__ import annotations

import click

from glimmers.cli import render
from glimmers.cli.common import console, opens_journal, session
from glimmers.core.i18n import _, ngettext


@click.command()
@click.argument("refs", nargs=-1, required=True)
@opens_journal
def delete(refs):
    """Move entries to the trash (they can be restored)."""
    from django.db import transaction

    from glimmers.journal import store

    state = session()
    now = state.now()
    with transaction.atomic():  # all or none
        rows = [store.trash(ref, now=now) for ref in refs]
    for row in rows:
        console().print(_("Moved %(ref)s to the trash. 'glimmers trash restore %(ref)s' brings it back.") % {"ref": row.ref})


@click.group(invoke_without_command=True)
@click.pass_context
@opens_journal
def trash(ctx):
    """List what is in the trash; restore or empty it."""
    if ctx.invoked_subcommand:
        return
    from glimmers.journal import queries

    rows = queries.timeline(queries.TimelineFilter(trashed=True), limit=1000)
    out = console()
    if not rows:
        out.print(_("The trash is empty."))
        return
    for row in rows:
        out.print(f"{row.ref}  {render.moment(row)}  {render.summary(row)}", markup=False)


@trash.command(name="restore")
@click.argument("refs", nargs=-1, required=True)
@opens_journal
def trash_restore(refs):
    """Bring entries back from the trash."""
    from django.db import transaction

    from glimmers.journal import store

    with transaction.atomic():
        rows = [store.restore(ref) for ref in refs]
    for row in rows:
        console().print(_("Restored %(ref)s.") % {"ref": row.ref})


@trash.command(name="empty")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@opens_journal
def trash_empty(yes):
    """Delete everything in the trash for good."""
    from glimmers.journal import store

    if not yes:
        click.confirm(_("Delete everything in the trash for good? This cannot be undone"), abort=True)
    removed = store.empty_trash()
    console().print(ngettext("Deleted %(n)s entry for good.", "Deleted %(n)s entries for good.", removed) % {"n": removed})


COMMANDS = (delete, trash)

"""``meds``: the medication timeline (start, dose change, stop) and what
numbness did around each change. Never advice to change a medicine."""

from __future__ import annotations

import click

from glimmers.cli.common import opens_journal, session
from glimmers.core.i18n import _
from glimmers.core.text import json_text, printable

def never_advice() -> str:
    return _(
        "glimmers never suggests starting, stopping or changing a medicine. "
        "Please talk to your prescriber before any change, and do not stop a medicine abruptly on your own."
    )


def antidepressant_note() -> str:
    """The note on the first weeks of a change, with help one command away."""
    from glimmers.core.care import medication

    return medication.antidepressant_note() + " " + _("If things feel unsafe, help is one step away: glimmers help-now")


@click.group(name="meds")
def meds():
    """The medication timeline: record changes and see numbness around them."""


@meds.command(name="add")
@click.argument("name")
@click.option("--start", "kind", flag_value="start", help="You started this medicine.")
@click.option("--change", "kind", flag_value="change", help="The dose changed.")
@click.option("--stop", "kind", flag_value="stop", help="You stopped it (or your prescriber stopped it).")
@click.option("--dose", default="", metavar="TEXT", help="The dose, in your own words (e.g. '20 mg daily').")
@click.option("--on", "on", metavar="DATE", help="The day it happened (YYYY-MM-DD, 'yesterday'). Default today.")
@click.option("--note", default="", help="Anything worth remembering about it.")
@opens_journal
def meds_add(name, kind, dose, on, note):
    """Record a medicine starting, changing dose or stopping."""
    from glimmers.care import medication as stored
    from glimmers.core.care import medication
    from glimmers.core.when import parse_date

    if kind is None:
        raise click.UsageError(_("say what happened: --start, --change or --stop"))
    state = session()
    today = state.today()
    day = parse_date(on, today=today, field="on") if on else today
    event = medication.validate_event(name=name, kind=kind, day=day, dose=dose, note=note, today=today)
    row = stored.add(event, now=state.now())
    click.echo(_("Saved %(ref)s: %(name)s %(kind)s on %(day)s.") % {
        "ref": row.ref, "name": printable(row.name), "kind": medication.kind_label(row.kind), "day": row.day.isoformat()
    })
    click.echo(never_advice())
    click.echo(antidepressant_note())


@meds.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
@opens_journal
def meds_list(as_json):
    """The timeline, newest first, with numbness in the four weeks around each change."""
    from glimmers.care import medication as stored
    from glimmers.core.care import medication

    items = stored.timeline(today=session().today())
    if as_json:
        click.echo(json_text([
            {
                "ref": item.row.ref, "name": item.row.name, "kind": item.row.kind, "dose": item.row.dose,
                "day": item.row.day.isoformat(), "note": item.row.note,
                "numbness_before": item.change.fit.before_mean, "numbness_after": item.change.fit.after_mean,
                "days_before": item.change.fit.before_days, "days_after": item.change.fit.after_days,
                "status": item.change.status, "rose": item.rose, "words": item.words,
            }
            for item in items
        ], indent=2))
        return
    if not items:
        click.echo(_("No medicines recorded. Try: glimmers meds add sertraline --start --dose '50 mg'"))
        return
    for item in items:
        row = item.row
        dose = f" ({printable(row.dose)})" if row.dose else ""
        click.echo(click.style(f"{row.ref}  {row.day.isoformat()}  {printable(row.name)}{dose}: {medication.kind_label(row.kind)}", bold=True))
        if row.note:
            click.echo(f"    {printable(row.note)}")
        click.echo(f"    {printable(item.words)}")
    click.echo("")
    click.echo(never_advice())
    click.echo(antidepressant_note())


@meds.command(name="delete")
@click.argument("ref")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@opens_journal
def meds_delete(ref, yes):
    """Remove a wrongly entered medicine event (this cannot be undone)."""
    from glimmers.care import medication as stored

    row = stored.get(ref)
    if not yes:
        click.confirm(_("Remove %(ref)s (%(name)s, %(day)s)?") % {"ref": row.ref, "name": printable(row.name), "day": row.day}, abort=True)
    stored.delete(ref)
    click.echo(_("Removed %(ref)s.") % {"ref": row.ref})


COMMANDS = (meds,)

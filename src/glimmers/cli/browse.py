"""Looking back: ``list``, ``search``, ``show`` and ``tags``."""

from __future__ import annotations

import click

from glimmers.cli import render
from glimmers.cli.common import console, opens_journal, session
from glimmers.core.i18n import _, ngettext
from glimmers.core.text import json_text, printable


def _table(rows, *, title: str):
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False, expand=False)
    table.add_column(_("id"), style="bold", no_wrap=True)
    table.add_column(_("when"), no_wrap=True)
    table.add_column(_("entry"), overflow="fold")
    for row in rows:
        table.add_row(row.ref, render.moment(row), Text(render.summary(row)))  # Text: stored words are never markup
    return table


def _print_rows(rows, total: int, *, as_json: bool, title: str, empty: str) -> None:
    if as_json:
        click.echo(json_text([render.entry_json(row) for row in rows], indent=1))
        return
    out = console()
    if not rows:
        out.print(printable(empty), markup=False)
        return
    out.print(_table(rows, title=title))
    if total > len(rows):
        out.print(_("Showing %(shown)s of %(total)s; use --limit or --since for more.") % {"shown": len(rows), "total": total})


def _selection(**kwargs):
    from glimmers.core.journal.search import TimelineFilter

    return TimelineFilter(**kwargs)


def _opened():
    """The journal for the lean path (``glimmers.lean``), or None once it has been
    opened Django's way: the same checks either way, before anything is read."""
    from glimmers.lean.journal import open_journal

    state = session()
    lean = open_journal(demo=state.demo)
    if lean is None:
        state.open()
    else:
        click.get_current_context().call_on_close(lean.close)
    return lean


def _found(lean, selection, limit: int) -> tuple[list, int]:
    """A page of the selection, newest first, and how many entries it holds."""
    if lean is None:
        from glimmers.journal import queries

        rows = queries.timeline(selection, limit=limit)
        return rows, queries.count(selection) if len(rows) == limit else len(rows)
    from glimmers.lean import read

    rows = read.timeline(lean, selection, limit=limit)
    return rows, read.count(lean, selection) if len(rows) == limit else len(rows)


def _kinds(only: str | None) -> tuple[str, ...]:
    return {"checkins": ("checkin",), "glimmers": ("glimmer",)}.get(only or "", ("checkin", "glimmer"))


@click.command(name="list")
@click.option("--since", metavar="DATE", help="From this day (YYYY-MM-DD, 'yesterday').")
@click.option("--until", metavar="DATE", help="Up to and including this day.")
@click.option("--tag", "-t", metavar="[CATEGORY:]NAME", help="Only entries with this tag.")
@click.option("--only", type=click.Choice(["checkins", "glimmers"]), help="Only one kind of entry.")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(1, 100_000), help="How many to show.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_entries(since, until, tag, only, limit, as_json):
    """Show the timeline, newest first."""
    from glimmers.core.when import parse_date

    lean = _opened()
    state = session()
    today = state.today()
    selection = _selection(
        since=parse_date(since, today=today, field="since") if since else None,
        until=parse_date(until, today=today, field="until") if until else None,
        tag=tag,
        kinds=_kinds(only),
    )
    rows, total = _found(lean, selection, limit)
    _print_rows(rows, total, as_json=as_json, title=_("Timeline"), empty=_("Nothing here yet. 'glimmers checkin' records your first check-in."))


# As on the web's timeline (its search box takes 200). Far longer text is no
# search anyone means, and SQLite refuses a LIKE pattern over 50,000 bytes.
SEARCH_MAX = 200


@click.command()
@click.argument("text")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(1, 100_000), help="How many to show.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def search(text, limit, as_json):
    """Find entries whose notes, self-talk, glimmers or tags contain every word."""
    lean = _opened()
    if not text.strip():
        raise click.UsageError(_("Give a word to search for."))
    if len(text) > SEARCH_MAX:
        from glimmers.core.errors import InvalidInput

        raise InvalidInput(
            _("Search for at most %(max)s characters at a time (this is %(length)s).") % {"max": SEARCH_MAX, "length": len(text)},
            field="text",
        )
    selection = _selection(text=text)
    rows, total = _found(lean, selection, limit)
    _print_rows(
        rows,
        total,
        as_json=as_json,
        title=ngettext("%(n)s match", "%(n)s matches", total) % {"n": total},
        empty=_("No entries mention %(text)s.") % {"text": text},
    )


@click.command()
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@opens_journal
def show(ref, as_json):
    """Show one entry in full (ids as in 'glimmers list': c12, g5)."""
    from glimmers.journal import store

    row = store.get_entry(ref)
    if as_json:
        click.echo(json_text(render.entry_json(row), indent=1))
        return
    out = console()
    out.print(f"[bold]{row.ref}[/bold]")
    for label, value in render.detail(row):
        out.print(f"  {label}: {value}", markup=False)


@click.command()
@opens_journal
def tags():
    """List your tags by category, with how often each is used."""
    from rich.text import Text

    from glimmers.journal import queries

    rows = queries.tag_usage()
    out = console()
    if not rows:
        out.print(_("No tags yet. Add some with 'glimmers checkin --tag work --tag where:home'."))
        return
    category = None
    for row in rows:
        if row.category != category:
            category = row.category
            out.print(Text(printable(category), style="bold"))
        out.print(f"  {printable(row.name)} ({row.uses})", markup=False)


COMMANDS = (list_entries, search, show, tags)

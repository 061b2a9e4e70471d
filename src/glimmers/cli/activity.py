"""``activity``: behavioural activation. Values, small planned activities,
a prediction before and a rating after, and the gap between the two."""

from __future__ import annotations

import click

from glimmers.cli.common import interactive, local, opens_journal, session
from glimmers.core.toolkit.activation import CATEGORY_KEYS
from glimmers.core.i18n import _
from glimmers.core.when import shown_moment
from glimmers.core.text import printable

CATEGORY_CHOICE = click.Choice(CATEGORY_KEYS, case_sensitive=False)


@click.group(name="activity")
def activity_command():
    """Plan small activities, predict how they'll feel, then compare with how they went."""


@activity_command.command(name="values")
@click.argument("pairs", nargs=-1, metavar="[VALUE=ACTION]...")
@opens_journal
def activity_values(pairs):
    """Show your values, or set up to three: glimmers activity values "connection=text Sam on Sundays"."""
    from glimmers.core.toolkit import activation
    from glimmers.toolkit import activities

    if pairs:
        parsed = []
        for pair in pairs:
            name, sep, action = pair.partition("=")
            if not sep:
                raise click.BadParameter(_("write each as VALUE=ACTION, for example curiosity=read one page of something new"))
            parsed.append((name, action))
        activities.set_values(activation.validate_values(parsed))
    rows = activities.values()
    if not rows:
        click.echo(_("No values yet. Name up to three things that matter to you, each with one small action, e.g."))
        click.echo('  glimmers activity values "connection=send Sam a photo" "curiosity=read one page of something new"')
        return
    click.echo(click.style(_("What matters to you, and one small action for each:"), bold=True))
    for row in rows:
        click.echo(f"  {printable(row.name)}: {printable(row.action)}")


def _prediction(value, label):
    from glimmers.core.toolkit import activation

    if value is None and interactive():
        value = click.prompt(label, default="", show_default=False) or None
    return activation.validate_rating(value, label)


@activity_command.command(name="plan")
@click.argument("title")
@click.option("--category", "-c", type=CATEGORY_CHOICE, required=True, help="pleasure, mastery, connection, body or meaning.")
@click.option("--when", "when", required=True, metavar="WHEN", help="e.g. 'tomorrow 10:00', '18:30', '2026-12-01 09:00'.")
@click.option("--pleasure", "-p", type=int, help="How much pleasure you expect, 0-10.")
@click.option("--mastery", "-m", type=int, help="How much sense of achievement you expect, 0-10.")
@click.option("--dread", "-d", type=int, help="How hard or unpleasant you expect it to be, 0-10 (0 easy, 10 very hard).")
@click.option("--value", "value", default="", metavar="NAME", help="Which of your values it serves.")
@opens_journal(words=("title",))
def activity_plan(title, category, when, pleasure, mastery, dread, value):
    """Schedule an activity and predict how it will feel."""
    from glimmers.core.toolkit import activation
    from glimmers.core.when import parse_moment
    from glimmers.toolkit import activities

    state = session()
    moment = parse_moment(when, now=state.now(), tz=state.zone, field="when")
    planned = activation.validate_plan(
        title=title, category=category, when=moment, now=state.now(),
        predicted_pleasure=_prediction(pleasure, _("Expected pleasure (0-10, Enter to skip)")),
        predicted_mastery=_prediction(mastery, _("Expected mastery (0-10, Enter to skip)")),
        predicted_dread=_prediction(dread, _("How hard or unpleasant do you expect it to be? (0 easy - 10 very hard, Enter to skip)")),
        value=value, known_values=[row.name for row in activities.values()],
    )
    row = activities.schedule(planned, timezone=state.zone_name, now=state.now())
    from glimmers.cli.support import offer_if_words_worry

    click.echo(_("Planned %(ref)s: %(title)s, %(when)s.") % {"ref": row.ref, "title": printable(row.title), "when": shown_moment(local(row.scheduled_for), year=False)})
    click.echo(_("Afterwards: glimmers activity rate %(ref)s --pleasure N --mastery N --dread N") % {"ref": row.ref})
    offer_if_words_worry(row.title)


def _experience(pleasure, mastery, glimmer, dread=None):
    from glimmers.core.toolkit import activation

    if pleasure is None and mastery is None and dread is None and not glimmer and interactive():
        pleasure = click.prompt(_("Pleasure it gave (0-10, Enter to skip)"), default="", show_default=False) or None
        mastery = click.prompt(_("Mastery it gave (0-10, Enter to skip)"), default="", show_default=False) or None
        dread = click.prompt(_("How hard or unpleasant was it? (0 easy - 10 very hard, Enter to skip)"), default="", show_default=False) or None
        glimmer = click.prompt(_("Any glimmer, however small? (Enter to skip)"), default="", show_default=False)
    return activation.validate_done(actual_pleasure=pleasure, actual_mastery=mastery, actual_dread=dread, glimmer=glimmer or "")


@activity_command.command(name="rate")
@click.argument("ref")
@click.option("--pleasure", "-p", type=int, help="The pleasure it actually gave, 0-10.")
@click.option("--mastery", "-m", type=int, help="The sense of achievement it gave, 0-10.")
@click.option("--dread", "-d", type=int, help="How hard or unpleasant it was, 0-10 (0 easy, 10 very hard).")
@click.option("--glimmer", "-g", default="", help="Any tiny shift you noticed.")
@opens_journal(words=("glimmer",))
def activity_rate(ref, pleasure, mastery, dread, glimmer):
    """Rate a planned activity afterwards."""
    from glimmers.cli.support import offer_if_words_worry
    from glimmers.toolkit import activities

    row = activities.rate(ref, _experience(pleasure, mastery, glimmer, dread), now=session().now())
    click.echo(_("Rated %(ref)s: %(title)s.") % {"ref": row.ref, "title": printable(row.title)})
    _say_gap(row)
    offer_if_words_worry(row.glimmer)


def _say_gap(row) -> None:
    from glimmers.toolkit import activities

    rated = activities.rated(row)
    for label, gap, predicted, actual in (
        (_("pleasure"), rated.pleasure_gap, rated.predicted_pleasure, rated.actual_pleasure),
        (_("mastery"), rated.mastery_gap, rated.predicted_mastery, rated.actual_mastery),
    ):
        if gap is not None:
            click.echo(_("  %(what)s: you predicted %(p)d, it was %(a)d (%(gap)+d).") % {"what": label.capitalize(), "p": predicted, "a": actual, "gap": gap})
    if rated.dread_gap is not None:
        click.echo(
            _("  How hard: you expected %(p)d, it was %(a)d (%(gap)+d; lower is easier).")
            % {"p": rated.predicted_dread, "a": rated.actual_dread, "gap": rated.dread_gap}
        )


@activity_command.command(name="log")
@click.argument("title")
@click.option("--category", "-c", type=CATEGORY_CHOICE, required=True, help="pleasure, mastery, connection, body or meaning.")
@click.option("--when", "when", default="now", metavar="WHEN", help="When you did it (default now).")
@click.option("--pleasure", "-p", type=int, help="Pleasure, 0-10.")
@click.option("--mastery", "-m", type=int, help="Mastery, 0-10.")
@click.option("--dread", "-d", type=int, help="How hard or unpleasant it was, 0-10.")
@click.option("--glimmer", "-g", default="", help="Any tiny shift you noticed.")
@opens_journal(words=("title", "glimmer"))
def activity_log(title, category, when, pleasure, mastery, dread, glimmer):
    """Record something you already did (without a prediction)."""
    from glimmers.cli.support import offer_if_words_worry
    from glimmers.core.toolkit import activation
    from glimmers.core.when import parse_when
    from glimmers.toolkit import activities

    state = session()
    moment = parse_when(when, now=state.now(), tz=state.zone)
    experience = _experience(pleasure, mastery, glimmer, dread)
    title = activation.validate_title(title)
    row = activities.log_past(
        title=title, category=activation.validate_category(category), when=moment, experience=experience,
        timezone=state.zone_name, now=state.now(),
    )
    click.echo(_("Logged %(ref)s: %(title)s.") % {"ref": row.ref, "title": printable(row.title)})
    offer_if_words_worry(row.title, row.glimmer)


@activity_command.command(name="list")
@opens_journal
def activity_list():
    """Coming up, waiting for a rating, and recently done."""
    from glimmers.core.toolkit import activation
    from glimmers.toolkit import activities

    now = session().now()
    sections = (
        (_("Coming up"), activities.upcoming(now)),
        (_("How did these go? (glimmers activity rate REF)"), activities.waiting(now)),
        (_("Recently done"), activities.done(limit=10)),
    )
    shown = False
    for title, rows in sections:
        if not rows:
            continue
        shown = True
        click.echo(click.style(title, bold=True))
        for row in rows:
            moment = shown_moment(local(row.done_at or row.scheduled_for), year=False)
            key = activation.category_label(row.category).split(":")[0]
            click.echo(f"  {row.ref:>5}  {moment}  {printable(row.title)}  [{key}]")
    if not shown:
        click.echo(_("No activities yet. Try: glimmers activity plan \"ten-minute walk\" -c body --when \"tomorrow 10:00\" -p 3 -m 4"))


@activity_command.command(name="gap")
@opens_journal
def activity_gap():
    """Prediction against experience, per activity and overall."""
    from rich.table import Table
    from rich.text import Text

    from glimmers.cli.common import console
    from glimmers.toolkit import activities

    summary = activities.gap_summary()
    out = console()
    if summary.rows and summary.compared:
        table = Table(title=_("Predicted and actual (means, 0-10)"))
        columns = [_("activity"), _("times"), _("pleasure: predicted → actual"), _("mastery: predicted → actual")]
        dread = summary.dread.count > 0
        if dread:
            columns.append(_("how hard: expected → actual"))
        for column in columns:
            table.add_column(column)

        def cell(gap):
            return "–" if gap.difference is None else f"{gap.predicted:.1f} → {gap.actual:.1f} ({gap.difference:+.1f})"

        for row in summary.rows:
            cells = [Text(printable(row.title)), str(row.times), cell(row.pleasure), cell(row.mastery)]
            table.add_row(*cells, *([cell(row.dread)] if dread else []))
        out.print(table)
    out.print(printable(summary.words()), markup=False)


@activity_command.command(name="delete")
@click.argument("ref")
@opens_journal
def activity_delete(ref):
    """Remove an activity (for mistakes; this cannot be undone)."""
    from glimmers.toolkit import activities

    row = activities.delete(ref)
    click.echo(_("Removed %(ref)s (%(title)s).") % {"ref": printable(ref), "title": printable(row.title)})


COMMANDS = (activity_command,)

"""``goal``: tiny goals, one "enough" for today, and a five-minute start timer."""

from __future__ import annotations

import click

from glimmers.cli.common import opens_journal, session
from glimmers.cli.support import offer_if_words_worry
from glimmers.core.i18n import _
from glimmers.core.text import printable


def _show_day() -> None:
    from glimmers.core.toolkit import goals as core_goals
    from glimmers.toolkit import goals

    today = session().today()
    rows = goals.for_day(today)
    enough = [row for row in rows if row.kind == core_goals.ENOUGH]
    tiny = [row for row in rows if row.kind == core_goals.GOAL]
    if enough:
        click.echo(click.style(_("Enough for today: %(text)s") % {"text": printable(enough[0].text)}, bold=True))
    if tiny:
        for row in tiny:
            click.echo(f"  {'[x]' if row.done_at else '[ ]'} {row.ref:>4}  {printable(row.text)}")
    if not rows:
        examples = core_goals.examples()
        click.echo(_("Nothing set for today. A goal can be tiny: '%(goal)s'") % {"goal": examples.goals[0]})
        click.echo(_("Or say what would be enough today: glimmers goal enough \"%(enough)s\"") % {"enough": examples.enough[0]})


@click.group(name="goal", invoke_without_command=True)
@click.pass_context
@opens_journal
def goal_command(ctx):
    """Tiny goals and "enough for today"; 'glimmers goal start' runs a 5-minute timer."""
    if ctx.invoked_subcommand is None:
        _show_day()


@goal_command.command(name="add")
@click.argument("text")
@opens_journal(words=("text",))
def goal_add(text):
    """Add a tiny goal for today (small enough to seem almost silly)."""
    from glimmers.toolkit import goals

    state = session()
    row = goals.add(text, kind="goal", day=state.today(), now=state.now())
    click.echo(_("Added %(ref)s: %(text)s") % {"ref": row.ref, "text": printable(row.text)})
    offer_if_words_worry(row.text)


@goal_command.command(name="enough")
@click.argument("text")
@opens_journal(words=("text",))
def goal_enough(text):
    """Say what would be enough for today (replaces today's earlier one)."""
    from glimmers.toolkit import goals

    state = session()
    row = goals.add(text, kind="enough", day=state.today(), now=state.now())
    click.echo(_("Enough for today: %(text)s") % {"text": printable(row.text)})
    offer_if_words_worry(row.text)


@goal_command.command(name="done")
@click.argument("ref")
@click.option("--undo", is_flag=True, help="Mark it as not done after all.")
@opens_journal
def goal_done(ref, undo):
    """Mark a goal as done."""
    from glimmers.toolkit import goals

    row = goals.mark_done(ref, now=session().now(), done=not undo)
    click.echo((_("Not done yet: %(text)s") if undo else _("Done: %(text)s")) % {"text": printable(row.text)})


@goal_command.command(name="delete")
@click.argument("ref")
@opens_journal
def goal_delete(ref):
    """Remove a goal."""
    from glimmers.toolkit import goals

    row = goals.delete(ref)
    click.echo(_("Removed: %(text)s") % {"text": printable(row.text)})


@goal_command.command(name="examples")
def goal_examples():
    """Examples of tiny goals and of "enough"."""
    from glimmers.core.toolkit import goals as core_goals

    examples = core_goals.examples()
    click.echo(click.style(_("Tiny goals"), bold=True))
    for text in examples.goals:
        click.echo(f"  - {text}")
    click.echo(click.style(_("Enough for today"), bold=True))
    for text in examples.enough:
        click.echo(f"  - {text}")


@goal_command.command(name="start")
@click.argument("what", required=False, default="")
@click.option("--minutes", type=click.IntRange(1, 30), default=5, show_default=True, help="How long the timer runs.")
def goal_start(what, minutes):
    """A start timer: do WHAT for just five minutes, then stop if you like."""
    from glimmers.cli.common import console
    from glimmers.cli.ground_display import countdown
    from glimmers.core.toolkit import goals as core_goals

    click.echo(core_goals.start_words())
    label = printable(what) or _("Just start")
    outcome = countdown(minutes, label=label, console=console())
    if outcome.completed:
        click.echo(_("Time. You started, and that was the hard part. Stop here or carry on, both are fine."))


COMMANDS = (goal_command,)

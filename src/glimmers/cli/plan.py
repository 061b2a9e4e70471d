"""``plan``: the 14-day reconnection plan, one day of four small cues at a time."""

from __future__ import annotations

import click

from glimmers.cli.common import opens_journal, session
from glimmers.core.i18n import _

def show_today() -> None:
    from glimmers.core.toolkit import plan as core_plan
    from glimmers.core.care import profile
    from glimmers.toolkit import plan as stored

    state = session()
    view = stored.today(today=state.today())
    if view is None:
        click.echo(_("No plan yet. 'glimmers plan start' begins 14 days of small cues: one for the body, the senses, connection and meaning each day."))
        return
    if view.welcome_back:
        click.echo(view.welcome_back)
        click.echo("")
    if view.number is None:
        click.echo(_("All 14 days are behind you. %(summary)s") % {"summary": view.summary.words()})
        click.echo(_("'glimmers plan start' begins a fresh plan whenever you like."))
        return
    click.echo(click.style(_("Day %(n)d of 14") % {"n": view.number}, bold=True))
    if view.skipped:
        click.echo(_("Today is set aside as a rest day. Doing a cue anyway is welcome too."))
    for item in view.cues:
        box = "[x]" if item.done else "[ ]"
        click.echo(f"  {box} {core_plan.slot_label(item.slot)} ({item.cue.minutes} min): {item.cue.text}")
    if view.emphases:
        names = profile.check().emphases
        labels = [names[key].label for key in view.emphases if key in names]
        if labels:
            click.echo("")
            click.echo(_("Tailored by your numbness profile: %(labels)s.") % {"labels": ", ".join(labels)})
    click.echo("")
    click.echo(view.summary.words())
    open_slots = [item.slot for item in view.cues if not item.done]
    if open_slots:
        click.echo(_("Mark one: glimmers plan done %(slot)s. Another idea: glimmers plan swap %(slot)s. A rest day: glimmers plan skip.")
                   % {"slot": open_slots[0]})


@click.group(name="plan", invoke_without_command=True)
@click.pass_context
@opens_journal
def plan_command(ctx):
    """The 14-day reconnection plan: today's four small cues."""
    if ctx.invoked_subcommand is None:
        show_today()


@plan_command.command(name="start")
# Seeds glimmers draws itself have 31 bits; the column holds 63.
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), hidden=True, help="Choose the cue order (for tests and demos).")
@click.option("--yes", is_flag=True, help="Start afresh even if a plan is running.")
@opens_journal
def plan_start(seed, yes):
    """Start a new 14-day plan (tailored by your latest numbness profile, if any)."""
    from glimmers.toolkit import plan as stored

    state = session()
    if stored.current() is not None and not yes:
        click.confirm(_("A plan is already running. Start a fresh one? (What you did stays in your history.)"), abort=True)
    row = stored.start(now=state.now(), today=state.today(), seed=seed)
    if not row.emphases:
        click.echo(_("Tip: the numbness profile ('glimmers screen profile') tailors the plan to how numbness shows up for you."))
    show_today()


def _slot_argument():
    return click.argument("slot", metavar="SLOT")


@plan_command.command(name="done")
@_slot_argument()
@opens_journal
def plan_done(slot):
    """Mark today's cue for SLOT (body, sensory, connection or meaning) as done."""
    from glimmers.toolkit import plan as stored

    state = session()
    item = stored.mark_done(slot, now=state.now(), today=state.today(), timezone=state.zone_name)
    click.echo(_("Done: %(text)s") % {"text": item.cue.text})
    click.echo(_("Did anything shift, even a little? 'glimmers glimmer \"...\"' keeps it."))


@plan_command.command(name="undo")
@_slot_argument()
@opens_journal
def plan_undo(slot):
    """Unmark today's cue for SLOT."""
    from glimmers.toolkit import plan as stored

    if stored.undo(slot, today=session().today()):
        click.echo(_("Unmarked."))
    else:
        click.echo(_("Nothing to unmark for that cue today."))


@plan_command.command(name="swap")
@_slot_argument()
@opens_journal
def plan_swap(slot):
    """Swap today's cue for SLOT for another one."""
    from glimmers.toolkit import plan as stored

    cue = stored.swap(slot, today=session().today())
    click.echo(_("Instead: %(text)s (%(minutes)d min)") % {"text": cue.text, "minutes": cue.minutes})


@plan_command.command(name="skip")
@opens_journal
def plan_skip():
    """Set today aside as a rest day; the plan goes on tomorrow."""
    from glimmers.toolkit import plan as stored

    number = stored.set_aside(today=session().today())
    click.echo(_("Day %(n)d is a rest day. Rest is part of the plan; the next day is ready tomorrow.") % {"n": number})


@plan_command.command(name="history")
@opens_journal
def plan_history():
    """What you did in this plan, day by day."""
    from glimmers.core.toolkit import plan as core_plan
    from glimmers.toolkit import plan as stored

    days = stored.history()
    if not days:
        click.echo(_("Nothing marked yet in this plan."))
        return
    for day in days:
        marks = list(day.marks.all())
        what = ", ".join(core_plan.cue(mark.cue_key).text for mark in marks) or (_("rest day") if day.skipped else _("looked at"))
        label = _("Day %(n)d") % {"n": day.number}
        click.echo(f"{label}  {day.opened_on.isoformat()}  {what}")


@plan_command.command(name="stop")
@opens_journal
def plan_stop():
    """End the current plan (what you did is kept)."""
    from glimmers.toolkit import plan as stored

    stored.stop(now=session().now())
    click.echo(_("The plan is closed. What you did is kept. 'glimmers plan start' begins a new one any time."))


COMMANDS = (plan_command,)

"""``experiment``: test one lever fairly, with weeks on and off drawn at random
(or a plain before/after). The analysis comes with the insights; this sets
the design up right and keeps a daily yes / partly / no."""

from __future__ import annotations

import click

from glimmers.cli.common import opens_journal, session
from glimmers.core.toolkit import experiments
from glimmers.core.i18n import _
from glimmers.core.text import printable


@click.group(name="experiment", invoke_without_command=True)
@click.pass_context
@opens_journal
def experiment_command(ctx):
    """Lever experiments: what to do today, start one, log how it went."""
    if ctx.invoked_subcommand is None:
        _today()


def _phase_words(design, phase: str) -> str:
    lever = design.lever
    if phase in ("on", "change"):
        return _("On: %(what)s") % {"what": printable(lever.on)}
    return _("Off: %(what)s") % {"what": printable(lever.off)}


def _today() -> None:
    from glimmers.toolkit import experiments as stored

    today = session().today()
    rows = stored.running(today)
    if not rows:
        upcoming = [row for row in stored.all_rows() if row.start > today and row.stopped_on is None]
        if upcoming:
            for row in upcoming:
                click.echo(_("%(ref)s %(name)s begins on %(start)s.") % {"ref": row.ref, "name": printable(row.lever_name), "start": row.start.isoformat()})
        else:
            click.echo(_("No experiment running. 'glimmers experiment levers' shows what you could test; 'glimmers experiment start LEVER' begins."))
        return
    for row in rows:
        design = stored.design_of(row)
        phase = design.phase_on(today)
        week = _("week %(n)d") % {"n": design.week_of(today)}
        click.echo(click.style(f"{row.ref}  {printable(row.lever_name)}", bold=True) + f"  ({week})")
        click.echo("  " + _phase_words(design, phase))
        _caution(design.lever)
        click.echo("  " + printable(design.lever.adherence_question) + "  " + _("→ glimmers experiment log yes|partly|no --ref %(ref)s") % {"ref": row.ref})
        click.echo("  " + printable(stored.summary(row, today).words()))


def _caution(lever, indent: str = "  ") -> None:
    """A lever's caution (drinking less, for heavy daily drinkers), wherever the lever appears."""

    words = experiments.caution_words(lever)
    if words:
        click.echo(indent + words)


@experiment_command.command(name="levers")
def experiment_levers():
    """The levers you can test."""

    for lever in experiments.levers():
        click.echo(f"  {lever.key:<20} {lever.name}: {lever.on}")
        _caution(lever, indent=" " * 23)
    click.echo(_("  Or your own: glimmers experiment start custom --name \"no news after 8pm\""))


@experiment_command.command(name="start")
@click.argument("lever_key", metavar="LEVER")
@click.option("--name", default="", help="The name of your own lever (with LEVER 'custom').")
@click.option("--design", type=click.Choice(experiments.DESIGNS), default=experiments.ALTERNATING, show_default=True,
              help="alternating: weeks on and off in a random order (recommended); before_after: at least 14 days each.")
@click.option("--start", "start_text", default="", metavar="DATE", help="First day (default: the next Monday for alternating, today for before_after).")
@click.option("--weeks", type=int, default=8, show_default=True, help="Alternating: how many weeks in all.")
@click.option("--on-weeks", type=int, default=None, help="Alternating: how many of them on (default half).")
@click.option("--baseline-days", type=int, default=14, show_default=True, help="Before/after: days as usual first.")
@click.option("--change-days", type=int, default=14, show_default=True, help="Before/after: days with the change.")
@opens_journal
def experiment_start(lever_key, name, design, start_text, weeks, on_weeks, baseline_days, change_days):
    """Start an experiment on one lever."""
    from glimmers.core.when import parse_date
    from glimmers.toolkit import experiments as stored

    state = session()
    today = state.today()
    lever = experiments.custom_lever(name) if lever_key == experiments.CUSTOM else experiments.lever(lever_key)
    start = parse_date(start_text, today=today, field="start") if start_text else today
    if design == experiments.ALTERNATING:
        planned = experiments.plan_alternating(lever, start, seed=experiments.new_seed(), weeks=weeks, on_weeks=on_weeks)
    else:
        planned = experiments.plan_before_after(lever, start, baseline_days=baseline_days, change_days=change_days)
    row, warnings = stored.create(planned, today=today, now=state.now())
    click.echo(_("Started %(ref)s: %(name)s.") % {"ref": row.ref, "name": printable(row.lever_name)})
    _caution(lever, indent="")
    if planned.note:
        click.echo(planned.note)
    click.echo(planned.describe())
    for warning in warnings:
        click.echo(_("Note: %(warning)s") % {"warning": warning})
    _schedule(row)


def _schedule(row) -> None:
    from datetime import timedelta

    from glimmers.toolkit import experiments as stored

    design = stored.design_of(row)
    if design.design == experiments.ALTERNATING:
        for week, on in enumerate(design.schedule, start=1):
            monday = design.start + timedelta(days=7 * (week - 1))
            label, state = _("week %(n)d") % {"n": week}, (_("on") if on else _("off"))
            click.echo(f"  {label:>8}  {monday.isoformat()}  {state}")
    else:
        change = design.start + timedelta(days=design.baseline_days)
        for day, words in ((design.start, _("as usual")), (change, _("with the change")), (design.end, _("last day"))):
            click.echo(f"  {day.isoformat()}  {words}")


@experiment_command.command(name="list")
@opens_journal
def experiment_list():
    """Every experiment, newest first."""
    from glimmers.toolkit import experiments as stored

    rows = stored.all_rows()
    if not rows:
        click.echo(_("No experiments yet."))
    for row in rows:
        state = _(" (stopped %(day)s)") % {"day": row.stopped_on.isoformat()} if row.stopped_on else ""
        click.echo(f"  {row.ref:>4}  {row.start.isoformat()} – {row.end.isoformat()}  {printable(row.lever_name)}  [{row.design}]{state}")
        _caution(stored.design_of(row).lever, indent=" " * 8)


@experiment_command.command(name="show")
@click.argument("ref")
@opens_journal
def experiment_show(ref):
    """The design, the week-by-week schedule and what you logged."""
    from glimmers.toolkit import experiments as stored

    row = stored.get(ref)
    design = stored.design_of(row)
    click.echo(click.style(f"{row.ref}  {printable(row.lever_name)}", bold=True))
    click.echo(design.describe())
    _caution(design.lever, indent="")
    _schedule(row)
    click.echo(printable(stored.summary(row, session().today()).words()))


@experiment_command.command(name="log")
@click.argument("answer", type=click.Choice(experiments.ADHERENCE))
@click.option("--ref", default="", help="Which experiment (needed only when several are running).")
@click.option("--on", "on", default="", metavar="DATE", help="The day (default today).")
@click.option("--note", default="", help="A few words, if you like.")
@opens_journal
def experiment_log(answer, ref, on, note):
    """Log today's answer to the experiment's question: yes, partly or no."""
    from glimmers.core.when import parse_date
    from glimmers.toolkit import experiments as stored

    today = session().today()
    day = parse_date(on, today=today, field="on") if on else today
    if not ref:
        rows = stored.running(day)
        if len(rows) != 1:
            raise click.UsageError(
                _("say which experiment with --ref; running: %(refs)s") % {"refs": ", ".join(r.ref for r in rows)}
                if rows else _("no experiment is running on that day")
            )
        ref = rows[0].ref
    entry = stored.log(ref, day, answer, today=today, note=note)
    click.echo(_("Logged %(answer)s for %(day)s.") % {"answer": answer, "day": entry.day.isoformat()})


@experiment_command.command(name="stop")
@click.argument("ref")
@opens_journal
def experiment_stop(ref):
    """End an experiment early; what you logged is kept."""
    from glimmers.toolkit import experiments as stored

    row = stored.stop(ref, today=session().today())
    click.echo(_("Stopped %(ref)s. What you logged is kept.") % {"ref": row.ref})


COMMANDS = (experiment_command,)

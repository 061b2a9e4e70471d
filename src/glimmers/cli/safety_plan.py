"""``safety-plan``: show, edit and print the personal safety plan."""

from __future__ import annotations

from pathlib import Path

import click

from glimmers.cli.common import opens_journal, session
from glimmers.core.i18n import _
from glimmers.core.text import printable


@click.group(name="safety-plan", invoke_without_command=True)
@click.pass_context
@opens_journal
def safety_plan_command(ctx):
    """Your safety plan: six steps and what matters most (shown with crisis lines)."""
    if ctx.invoked_subcommand:
        return
    _show(with_crisis_lines=True)


def _show(*, with_crisis_lines: bool) -> None:
    from glimmers.care import safety_plan as stored
    from glimmers.cli.safety import crisis_text
    from glimmers.core.safety import safety_plan

    plan = stored.load()
    click.echo(printable(safety_plan.as_text(plan, ideas=True)))
    if plan.is_empty:
        click.echo(_("Nothing is written yet. 'glimmers safety-plan edit' walks through the steps; any step can stay empty."))
        click.echo("")
    if with_crisis_lines:
        config_country = _country()
        click.echo(crisis_text(config_country))


def _country() -> str:
    from glimmers.cli.support import _country as country

    return country()


@safety_plan_command.command(name="edit")
@click.option("--step", "only", metavar="STEP", help="Edit one step only (its key, e.g. coping_alone).")
@opens_journal
def safety_plan_edit(only):
    """Write or change the plan, step by step (Enter keeps what is there)."""
    from glimmers.care import safety_plan as stored
    from glimmers.core.safety import safety_plan

    current = stored.load()
    chosen = [step for step in safety_plan.steps() if only in (None, step.key)]
    if not chosen:
        keys = ", ".join(safety_plan.step_keys())
        raise click.BadParameter(_("no step %(key)s; the steps are %(keys)s") % {"key": only, "keys": keys}, param_hint="--step")
    lines = {key: current.get(key) for key in safety_plan.step_keys()}
    click.echo(_("Your safety plan. Separate items with ';'. Enter keeps what is there; '-' clears a step."))
    for step in chosen:
        click.echo("")
        heading = f"{step.number}. {step.title}" if step.number else step.title
        click.echo(click.style(heading, bold=True))
        click.echo(f"   {step.prompt}")
        for line in safety_plan.example_lines(step):
            click.echo(line)
        answer = click.prompt(_("   Your words"), default="; ".join(lines[step.key]), show_default=False).strip()
        lines[step.key] = () if answer == "-" else tuple(part.strip() for part in answer.split(";") if part.strip())
    plan = safety_plan.validate(lines)
    stored.save(plan, now=session().now())
    click.echo("")
    click.echo(_("Saved. 'glimmers safety-plan' shows it with the crisis lines; 'glimmers safety-plan print' gives a copy to print."))


@safety_plan_command.command(name="set")
@click.argument("step")
@click.argument("items", nargs=-1)
@opens_journal
def safety_plan_set(step, items):
    """Replace one step's items, for scripts: glimmers safety-plan set coping_alone "walk" "music"."""
    from glimmers.care import safety_plan as stored
    from glimmers.core.safety import safety_plan

    current = stored.load()
    lines = {key: current.get(key) for key in safety_plan.step_keys()}
    if step not in lines:
        keys = ", ".join(safety_plan.step_keys())
        raise click.BadParameter(_("no step %(key)s; the steps are %(keys)s") % {"key": step, "keys": keys}, param_hint="STEP")
    lines[step] = tuple(items)
    stored.save(safety_plan.validate(lines), now=session().now())
    click.echo(_("Saved %(n)d item(s) for %(step)s.") % {"n": len(items), "step": step})


@safety_plan_command.command(name="print")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of the screen.")
@opens_journal
def safety_plan_print(out):
    """A plain-text copy with the crisis lines, to print or keep on paper."""
    from glimmers.care import safety_plan as stored
    from glimmers.cli.safety import crisis_text
    from glimmers.core.safety import safety_plan

    # Made printable for the file too: a copy read with 'cat' later is a terminal as well.
    text = printable(safety_plan.as_text(stored.load())) + "\n" + crisis_text(_country()) + "\n"
    if out:
        from glimmers.cli.common import write_output

        target = write_output(out, text.encode("utf-8"))
        click.echo(_("Wrote %(path)s.") % {"path": target})
    else:
        click.echo(text, nl=False)


COMMANDS = (safety_plan_command,)

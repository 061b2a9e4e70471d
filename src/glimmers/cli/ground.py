"""``ground``: guided grounding and mindfulness, paced in real time.

A quick numbness rating before and after, and "did anything shift?". An
exercise stopped part-way is saved as it is, marked incomplete.
"""

from __future__ import annotations

import click

from glimmers.cli.common import interactive, local, session
from glimmers.core.toolkit import exercises
from glimmers.core.i18n import _


def _ask_rating(given, question):

    if given is None and interactive():
        given = click.prompt(question, default="", show_default=False) or None
    return exercises.validate_rating(given, "numbness") if given is not None else None


@click.command(name="ground")
@click.argument("exercise_key", required=False, metavar="[EXERCISE]")
@click.option("--history", "history", is_flag=True, help="Show the exercises you did lately instead.")
@click.option("--before", type=int, help="Numbness now, 0-10 (asked if left out and you are at a terminal).")
@click.option("--after", type=int, help="Numbness afterwards, 0-10.")
@click.option("--shift", type=click.Choice([key for key, _label in exercises.SHIFTS]), help="Did anything shift?")
def ground_command(exercise_key, history, before, after, shift):
    """Run a guided exercise (Ctrl-C pauses or stops). Bare lists the exercises.

    glimmers ground box_breathing
    """

    if history:
        session().open()
        _history()
        return
    if not exercise_key:
        for item in exercises.exercises():
            click.echo(f"  {item.key:<18} {item.name} (~{item.minutes} min): {item.summary}")
        click.echo("")
        click.echo(_("Start one with: glimmers ground KEY"))
        return
    exercise = exercises.exercise(exercise_key)
    if after is not None:
        exercises.validate_rating(after, "numbness after")  # refused now, not after the exercise
    session().open()
    _run(exercise, before, after, shift)


def _run(exercise, before, after, shift) -> None:
    from glimmers.cli.common import console
    from glimmers.cli.ground_display import run
    from glimmers.toolkit import exercises as stored

    state = session()
    before = _ask_rating(before, _("Numbness right now, 0 (feelings present) to 10 (feel nothing)? Enter to skip"))
    started_at = state.now()
    outcome = run(exercise, console=console())
    # Saved at once, so a Ctrl-C at the questions below loses nothing.
    row = stored.save(outcome, started_at=started_at, timezone=state.zone_name, numbness_before=before)
    try:
        after = _ask_rating(after, _("Numbness now, 0-10? Enter to skip"))
        if shift is None and interactive():
            choices = "/".join(key for key, _label in exercises.SHIFTS)
            shift = click.prompt(_("Did anything shift, even a little? (%(choices)s, Enter to skip)") % {"choices": choices},
                                 default="", show_default=False, type=click.Choice(["", *dict(exercises.SHIFTS)]))
    except (click.Abort, KeyboardInterrupt):
        click.echo("")
        click.echo(_("Saved %(ref)s without the after-questions.") % {"ref": row.ref})
        return
    stored.note_after(row, numbness_after=after, shift=shift or "")
    if outcome.completed:
        click.echo(_("Saved %(ref)s.") % {"ref": row.ref})
    else:
        click.echo(_("Saved %(ref)s as it is: %(done)d of %(total)d steps.") % {"ref": row.ref, "done": outcome.steps_done, "total": outcome.steps_total})


def _history() -> None:
    from glimmers.toolkit import exercises as stored

    rows = stored.recent()
    if not rows:
        click.echo(_("No exercises yet. 'glimmers ground' lists them."))
    labels = dict(exercises.SHIFTS)
    for row in rows:
        name = exercises.exercise(row.exercise_key).name
        state = _("finished") if row.completed else _("stopped at %(done)d/%(total)d") % {"done": row.steps_done, "total": row.steps_total}
        ratings = ""
        if row.numbness_before is not None or row.numbness_after is not None:
            show = lambda value: "–" if value is None else str(value)  # noqa: E731
            ratings = f"  {_('numbness')} {show(row.numbness_before)} → {show(row.numbness_after)}"
        shift = f"  {_(labels[row.shift])}" if row.shift in labels else ""
        click.echo(f"  {row.ref:>5}  {local(row.started_at).strftime('%Y-%m-%d %H:%M')}  {name} ({state}){ratings}{shift}")


COMMANDS = (ground_command,)

"""``pleasure``: the micro-pleasure and novelty library, and whether anything shifted."""

from __future__ import annotations

import click

from glimmers.cli.common import local, opens_journal, session
from glimmers.core.toolkit.pleasures import shift_keys
from glimmers.core.i18n import _

SHIFT_CHOICE = click.Choice(shift_keys())


@click.group(name="pleasure", invoke_without_command=True)
@click.pass_context
def pleasure_command(ctx):
    """Small pleasures and new things to try; log whether anything shifted by even 1-2%."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(pleasure_list)


@pleasure_command.command(name="list")
@click.option("--sense", help="Only those for one sense: sight, sound, smell, taste, touch or movement.")
@click.option("--new", "novelty", is_flag=True, default=None, help="Only the new-to-you ones.")
@click.option("--make", "making", is_flag=True, help="Only small things to make: drawing, sound, words, with your hands.")
def pleasure_list(sense, novelty, making):
    """Browse the library."""
    from glimmers.core.toolkit import pleasures

    shown = [
        p for p in pleasures.pleasures()
        if (sense is None or sense in p.senses) and (novelty is None or p.novelty == novelty) and (not making or p.making)
    ]
    if sense is not None and sense not in pleasures.SENSES:
        raise click.BadParameter(_("choose one of: %(senses)s") % {"senses": ", ".join(pleasures.SENSES)}, param_hint="--sense")
    for item in shown:
        tag = f" ({pleasures.making_label(item.making)})" if item.making else (_(" (new)") if item.novelty else "")
        click.echo(f"  {item.key:<24} {item.text} [{item.minutes} min]{tag}")
    click.echo("")
    click.echo(_("Try one, then: glimmers pleasure log KEY --shift none|little|noticeable"))


@pleasure_command.command(name="pick")
@click.option("--sense", help="Pick for one sense.")
@click.option("--new", "novelty", is_flag=True, default=None, help="Pick something new to you.")
@click.option("--make", "making", is_flag=True, help="Pick a small thing to make.")
@opens_journal
def pleasure_pick(sense, novelty, making):
    """Pick one at random, preferring ones you have not tried yet."""
    import secrets

    from glimmers.core.toolkit import pleasures
    from glimmers.toolkit import pleasures as stored

    item = pleasures.pick(secrets.randbits(31), sense=sense, novelty=novelty, exclude=stored.tried_keys(), making=making)
    click.echo(click.style(item.text, bold=True) + f"  [{item.minutes} min]")
    click.echo(_("Afterwards: glimmers pleasure log %(key)s --shift none|little|noticeable") % {"key": item.key})


@pleasure_command.command(name="log")
@click.argument("key")
@click.option("--shift", type=SHIFT_CHOICE, required=True, help="none, little (1-2%) or noticeable.")
@click.option("--note", default="", help="Anything you noticed.")
@opens_journal(words=("note",))
def pleasure_log(key, shift, note):
    """Log a try and whether anything shifted."""
    from glimmers.cli.support import offer_if_words_worry
    from glimmers.core.toolkit import pleasures
    from glimmers.toolkit import pleasures as stored

    state = session()
    row = stored.log(key, shift, note=note, now=state.now(), timezone=state.zone_name)
    click.echo(_("Logged: %(text)s (%(shift)s).") % {"text": pleasures.pleasure(row.pleasure_key).text, "shift": pleasures.shift_label(shift)})
    if shift == "none":
        click.echo(pleasures.note())
    offer_if_words_worry(row.note)


@pleasure_command.command(name="history")
@opens_journal
def pleasure_history():
    """What you tried lately."""
    from glimmers.core.toolkit import pleasures
    from glimmers.toolkit import pleasures as stored

    rows = stored.recent()
    if not rows:
        click.echo(_("Nothing logged yet."))
    for row in rows:
        click.echo(f"  {local(row.tried_at).strftime('%Y-%m-%d %H:%M')}  {pleasures.pleasure(row.pleasure_key).text}  → {pleasures.shift_label(row.shift)}")


COMMANDS = (pleasure_command,)

"""``share``: put vague feelings into concrete words for someone you trust."""

from __future__ import annotations

import click

from glimmers.cli.common import opens_journal, session
from glimmers.core.i18n import _
from glimmers.core.text import printable


@click.group(name="share", invoke_without_command=True)
@click.option("--to", "audience", default="friend", show_default=True, help="friend, partner or therapist.")
@click.option("--feel", "feelings", multiple=True, metavar="KEY", help="A feeling (repeat for more); 'glimmers share words' lists them.")
@click.option("--need", "needs", multiple=True, metavar="KEY", help="What would help (repeat for more).")
@click.option("--add", "extra", default="", help="Your own words to add at the end.")
@click.option("--save", is_flag=True, help="Keep the message in your journal.")
@click.pass_context
def share_command(ctx, audience, feelings, needs, extra, save):
    """Build a short message from chosen feelings and needs, to copy or save.

    glimmers share --to friend --feel detached --feel low_energy --need walk_together
    """
    if ctx.invoked_subcommand is not None:
        return
    from glimmers.cli.support import keeping_words, support_first
    from glimmers.core.toolkit import sharing

    support_first(extra)  # own words are read first, even when the message cannot be built
    if not feelings:
        click.echo(_("Choose at least one feeling with --feel KEY. These are the words to choose from:"))
        ctx.invoke(share_words)
        return
    text = sharing.compose(audience, feelings, needs, extra)
    click.echo(printable(text))

    if save:
        with keeping_words(text):
            session().open()
            from glimmers.toolkit import sharing as stored

            row = stored.save(audience, text, now=session().now())
        click.echo("")
        click.echo(_("Saved as %(ref)s. Nothing is sent: copy it into a message yourself.") % {"ref": row.ref})


@share_command.command(name="words")
def share_words():
    """The feelings, needs and audiences to choose from."""
    from glimmers.core.toolkit import sharing

    for title, items in ((_("Feelings (--feel)"), sharing.feelings()), (_("What would help (--need)"), sharing.needs())):
        click.echo(click.style(title, bold=True))
        for item in items:
            click.echo(f"  {item.key:<22} {item.phrase}")
    click.echo(click.style(_("Who it is for (--to)"), bold=True))
    for item in sharing.audiences():
        click.echo(f"  {item.key:<22} {item.label}")


@share_command.command(name="saved")
@opens_journal
def share_saved():
    """Messages you saved."""
    from glimmers.cli.common import local
    from glimmers.toolkit import sharing as stored

    rows = stored.saved()
    if not rows:
        click.echo(_("No saved messages."))
    for row in rows:
        click.echo(click.style(f"{row.ref}  {local(row.created_at).strftime('%Y-%m-%d')}  ({printable(row.audience)})", bold=True))
        click.echo(printable(row.text))
        click.echo("")


COMMANDS = (share_command,)

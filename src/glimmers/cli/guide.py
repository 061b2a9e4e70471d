"""``guide``: guides for supporters, gentle contact, therapy, and the way back when numbness returns."""

from __future__ import annotations

import click

from glimmers.core.i18n import _


@click.command(name="guide")
@click.argument("key", required=False)
def guide_command(key):
    """Read a guide: supporters, contact, therapy or relapse. Bare lists them."""
    from glimmers.core.toolkit import guides

    if not key:
        for item in guides.guides():
            click.echo(f"  {item.key:<12} {item.title}: {item.summary}")
        click.echo("")
        click.echo(_("Read one with: glimmers guide KEY"))
        return
    click.echo(guides.as_text(guides.guide(key)))


COMMANDS = (guide_command,)

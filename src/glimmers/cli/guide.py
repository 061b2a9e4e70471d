"""``guide``: guides for supporters, gentle contact, therapy, and the way back when numbness returns."""

from __future__ import annotations

import click

from glimmers.core.i18n import _


@click.command(name="guide")
@click.argument("key", required=False)
def guide_command(key):
    """Read a guide: understanding, support, supporters, contact, therapy or relapse. Bare lists them."""
    from glimmers.core.toolkit import guides

    if not key:
        for item in guides.guides():
            click.echo(f"  {item.key:<12} {item.title}: {item.summary}")
        click.echo("")
        click.echo(_("Read one with: glimmers guide KEY"))
        return
    click.echo(guides.as_text(guides.guide(key)))
    if key == "support":
        click.echo("")
        click.echo(_where_to_look())


def _where_to_look() -> str:
    """The person's country's national directory, after the levels of support."""
    from glimmers import config
    from glimmers.core.care import support_directories

    directory = support_directories.for_country(config.country_choice().code)
    if directory is None:
        return _("Where to look: glimmers does not list a national directory for your country. A family doctor or a "
                 "local mental health charity can tell you what exists near you.")
    lines = [_("Where to look: %(name)s. %(what)s") % {"name": directory.name, "what": directory.what}]
    if directory.web:
        lines.append(f"  {directory.web}")
    if directory.call:
        lines.append("  " + _("Call %(number)s.") % {"number": directory.call} + (f" {directory.call_notes}" if directory.call_notes else ""))
    lines.append(_("(Checked on %(day)s.)") % {"day": directory.last_verified.isoformat()})
    return "\n".join(lines)


COMMANDS = (guide_command,)

"""``help-now``: crisis lines at once. Touches no database, needs no login,
works offline, and keeps working when everything else is broken."""

from __future__ import annotations

import click

from glimmers.core.i18n import _


def crisis_text(country: str | None) -> str:
    from glimmers.core.content import crisis_lines_for

    lines = [
        _("If you might act on thoughts of harming yourself, or you are in danger now, contact emergency services or a crisis line."),
        "",
    ]
    chosen = crisis_lines_for(country)
    if country and len(chosen) == 1:
        lines += [
            _("glimmers has no lines stored for %(code)s; the international directory below lists services by country.")
            % {"code": country.upper()},
            "",
        ]
    for entry in chosen:
        lines.append(f"{entry.name}" + (f" ({entry.code})" if entry.code != "INTL" else ""))
        if entry.emergency:
            lines.append("  " + _("Emergency: %(number)s") % {"number": entry.emergency})
        for service in entry.services:
            ways = [
                _("call %(n)s") % {"n": service.call} if service.call else "",
                _("text %(n)s") % {"n": service.text} if service.text else "",
                service.web,
                service.email,
            ]
            lines.append(f"  {service.name}: " + ", ".join(way for way in ways if way))
            if service.notes:
                lines.append(f"    {service.notes}")
        lines.append("  " + _("(last checked %(date)s)") % {"date": entry.last_verified.isoformat()})
    lines += [
        "",
        _("Reaching out to someone you trust, right now, also counts."),
        _("glimmers is not monitored: nobody sees what you write here and it cannot send help."),
    ]
    return "\n".join(lines)


@click.command(name="help-now")
@click.option("--country", metavar="CC", help="Two-letter country code, e.g. US, GB, AU. Default: your setting.")
def help_now(country):
    """Crisis lines, straight away. Needs nothing else to work."""
    if not country:
        try:
            from glimmers import config

            country = config.load().resolved_country()
        except Exception:  # noqa: BLE001 - help must appear whatever else fails
            country = ""
    click.echo(crisis_text(country))


COMMANDS = (help_now,)

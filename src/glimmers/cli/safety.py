"""``help-now``: crisis lines at once. Touches no database, needs no login,
works offline, and keeps working when everything else is broken."""

from __future__ import annotations

import click

from glimmers.core.i18n import _

CHANGE_HINT = "glimmers config country XX"


def _choice_for(country: str | None):
    """Where the country comes from: the settings (or the locale) for None, else "given"."""
    from glimmers.config import CountryChoice, country_choice

    settled = country_choice()
    if not country or not country.strip():
        return settled
    from glimmers.core.content import canonical_code

    code = canonical_code(country)
    if code == canonical_code(settled.code):
        # Callers that pass the resolved setting on still get it labelled by its origin.
        return settled
    return CountryChoice(code, "given")


def where_from(choice, name: str) -> str:
    """One sentence: which country is shown, where that came from, how to change it."""
    shown = {"name": name, "code": choice.code, "locale": choice.locale, "hint": CHANGE_HINT}
    if choice.source == "none" or not choice.code:
        return (
            _("No country chosen: showing the international directory. Choose yours: %(hint)s, or glimmers help-now --country XX.")
            % shown
        )
    if not name:
        return (
            _("glimmers does not know the country code %(code)s, so it shows the international directory. Choose yours: %(hint)s.")
            % shown
        )
    if choice.source == "settings":
        return _("Showing lines for %(name)s (%(code)s), from your settings. Change: %(hint)s") % shown
    if choice.source == "locale":
        return (
            _("Showing lines for %(name)s (%(code)s), guessed from this computer's language setting (%(locale)s); if that is wrong: %(hint)s")
            % shown
        )
    return (
        _("Showing lines for %(name)s (%(code)s), as asked; your settings are unchanged. To make it your country: glimmers config country %(code)s")
        % shown
    )


def _emergency_line(entry) -> list[str]:
    if entry is None or not entry.emergency:
        return [_("If someone is hurt or in danger, call your local emergency number now.")]
    lines = [
        _("Emergency number in %(name)s: %(number)s. Call it if someone is hurt, in danger, or has taken something.")
        % {"name": entry.name, "number": entry.emergency}
    ]
    if entry.emergency_other:
        lines.append("  " + entry.emergency_other)
    verified = entry.emergency_number.verified
    if verified:
        lines.append("  " + _("(last checked %(date)s)") % {"date": verified.isoformat()})
    return lines


def _service_line(service) -> list[str]:
    ways = [
        _("call %(n)s") % {"n": service.call} if service.call else "",
        _("text %(n)s") % {"n": service.text} if service.text else "",
        service.web,
        service.email,
    ]
    lines = [f"  {service.name}: " + ", ".join(way for way in ways if way)]
    if service.notes:
        lines.append(f"    {service.notes}")
    return lines


def _fallback_text() -> str:
    """When even the content files cannot be read: words that need no data."""
    return "\n".join(
        [
            _("If someone is hurt or in danger, call your local emergency number now."),
            _("If you might act on thoughts of harming yourself, or you are in danger now, contact emergency services or a crisis line."),
            _("Crisis lines for every country: https://findahelpline.com"),
            "",
            _("Reaching out to someone you trust, right now, also counts."),
            _("glimmers is not monitored: nobody sees what you write here and it cannot send help."),
        ]
    )


def crisis_text(country: str | None = None) -> str:
    """The crisis lines as text: the emergency number first, then where the
    country came from, the country's lines and the international directory.

    ``country`` is a code given for this once (``help-now --country``), or
    None (or "") for the person's setting, else the guess from the locale.
    """
    try:
        from glimmers.core.content import country_name, crisis_lines_for

        choice = _choice_for(country)
        chosen = crisis_lines_for(choice.code)
        name = country_name(choice.code) if choice.code else ""
    except Exception:  # noqa: BLE001 - help must appear whatever else fails
        return _fallback_text()
    own = chosen[0] if not chosen[0].is_international else None
    lines = _emergency_line(own)
    lines += [
        "",
        _("If you might act on thoughts of harming yourself, or you are in danger now, contact emergency services or a crisis line."),
        "",
        where_from(choice, name),
        "",
    ]
    if own is not None and not own.services:
        lines += [
            _("glimmers has no crisis lines stored for %(name)s yet; the international directory below lists services by country.")
            % {"name": own.name},
            "",
        ]
    for entry in chosen:
        if not entry.services:
            continue  # its emergency number is at the top
        if entry.is_international:
            lines.append(entry.name)
        else:
            lines.append(f"{entry.name} ({entry.code})")
        for service in entry.services:
            lines += _service_line(service)
        lines.append("  " + _("(last checked %(date)s)") % {"date": entry.last_verified.isoformat()})
    lines += [
        "",
        _("Reaching out to someone you trust, right now, also counts."),
        _("glimmers is not monitored: nobody sees what you write here and it cannot send help."),
    ]
    return "\n".join(lines)


# Words typed after it ("glimmers help-now please") never stand between a
# person and the crisis lines: they are accepted and left unread.
@click.command(name="help-now", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
# A bare --country (the code forgotten) shows the usual lines rather than a usage error.
@click.option(
    "--country", metavar="CC", is_flag=False, flag_value="",
    help="Two-letter country code, e.g. US, GB, AU, just this once. Default: your setting.",
)
def help_now(country):
    """Crisis lines, straight away. Needs nothing else to work."""
    click.echo(crisis_text(country or None))


COMMANDS = (help_now,)

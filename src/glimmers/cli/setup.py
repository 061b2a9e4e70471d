"""``config``: the person's settings (time zone, country)."""

from __future__ import annotations

import click

from glimmers.cli.common import console
from glimmers.core.i18n import _


def country_origin(choice) -> str:
    """How the country for crisis lines was decided, in a few words."""
    from glimmers.core.content import country_name

    name = country_name(choice.code) if choice.code else ""
    shown = {"code": choice.code, "name": name or _("unknown code"), "locale": choice.locale}
    if choice.source == "settings":
        return _("%(code)s (%(name)s), chosen by you") % shown
    if choice.source == "locale":
        return _("not chosen; guessed %(code)s (%(name)s) from this computer's language setting (%(locale)s)") % shown
    return _("not chosen; crisis lines show the international directory")


def _list_countries(out) -> None:
    from glimmers.core.content import INTERNATIONAL, crisis_countries

    out.print(_("Country codes glimmers knows (* = with crisis lines; the others show their emergency number):"), markup=False)
    for entry in crisis_countries():
        if entry.code != INTERNATIONAL:
            out.print(f"{entry.code}  {entry.name}{' *' if entry.services else ''}", markup=False)


def _said_about_country(out, code: str) -> None:
    from glimmers.core.content import crisis_lines_for

    entry = crisis_lines_for(code)[0]
    if not entry.services:
        out.print(
            _("glimmers has no crisis lines stored for %(name)s (%(code)s) yet; 'glimmers help-now' shows its emergency number (%(number)s) and the international directory.")
            % {"name": entry.name, "code": code, "number": entry.emergency or "?"},
            markup=False,
        )


@click.command(name="config")
@click.argument("key", required=False)
@click.argument("value", required=False)
@click.option("--list", "list_codes", is_flag=True, help="With 'country': list the country codes glimmers knows.")
def config_command(key, value, list_codes):
    """Show settings, or set one: glimmers config timezone Europe/Berlin.

    An empty VALUE ("") goes back to the default. 'glimmers config country
    --list' shows the country codes.
    """
    from glimmers import config, paths

    out = console()
    if list_codes:
        if key not in (None, "country") or value is not None:
            raise click.UsageError(_("--list goes with 'country' alone: glimmers config country --list"))
        _list_countries(out)
        return
    if key is None:
        current = config.load()
        out.print(_("Data folder: %(path)s") % {"path": paths.home()}, markup=False)
        for name in config.KEYS:
            stored = getattr(current, name)
            if name == "country":
                shown = country_origin(config.country_choice())
            else:
                resolved = getattr(current, f"resolved_{name}")()
                shown = stored or _("(system default: %(value)s)") % {"value": resolved or _("unknown")}
            out.print(f"{name} = {shown}", markup=False)
            out.print(f"    {_(config.HELP[name])}", markup=False, style="dim")
        return
    if value is None:
        config.validate(key, "")
        if key == "country":
            out.print(f"country = {country_origin(config.country_choice())}", markup=False)
        else:
            out.print(f"{key} = {getattr(config.load(), key) or ''}", markup=False)
        return
    updated = config.save(key, value)
    if key == "country" and updated.country:
        from glimmers.core.content import country_name

        out.print(
            _("Saved: country = %(code)s (%(name)s)") % {"code": updated.country, "name": country_name(updated.country)}, markup=False
        )
        _said_about_country(out, updated.country)
        return
    out.print(_("Saved: %(key)s = %(value)s") % {"key": key, "value": getattr(updated, key) or _("(default)")}, markup=False)
    if key == "country":
        out.print(country_origin(config.country_choice()), markup=False)


COMMANDS = (config_command,)

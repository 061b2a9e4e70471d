"""``config``: the person's settings (time zone, country)."""

from __future__ import annotations

import click

from glimmers.cli.common import console
from glimmers.core.i18n import _


@click.command(name="config")
@click.argument("key", required=False)
@click.argument("value", required=False)
def config_command(key, value):
    """Show settings, or set one: glimmers config timezone Europe/Berlin.

    An empty VALUE ("") goes back to the system default.
    """
    from glimmers import config, paths

    out = console()
    if key is None:
        current = config.load()
        out.print(_("Data folder: %(path)s") % {"path": paths.home()}, markup=False)
        for name in config.KEYS:
            stored = getattr(current, name)
            resolved = getattr(current, f"resolved_{name}")()
            shown = stored or _("(system default: %(value)s)") % {"value": resolved or _("unknown")}
            out.print(f"{name} = {shown}", markup=False)
            out.print(f"    {config.HELP[name]}", markup=False, style="dim")
        return
    if value is None:
        config.validate(key, "")
        out.print(f"{key} = {getattr(config.load(), key) or ''}", markup=False)
        return
    updated = config.save(key, value)
    out.print(_("Saved: %(key)s = %(value)s") % {"key": key, "value": getattr(updated, key) or _("(system default)")}, markup=False)
    if key == "country" and updated.country:
        from glimmers.core.content import crisis_lines_for

        if len(crisis_lines_for(updated.country)) == 1:
            out.print(
                _("glimmers has no crisis lines stored for %(code)s yet; 'glimmers help-now' will show the international directory.")
                % {"code": updated.country},
                markup=False,
            )


COMMANDS = (config_command,)

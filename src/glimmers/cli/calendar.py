"""``calendar``: reminders in the person's own calendar (iCalendar with alarms)."""

from __future__ import annotations

from pathlib import Path

import click

from glimmers.cli.common import opens_journal, session
from glimmers.core.i18n import _


@click.group(name="calendar")
def calendar_command():
    """Put plan cues, planned activities and self-care reminders into your calendar."""


@calendar_command.command(name="export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--days", type=click.IntRange(1, 90), default=14, show_default=True, help="How many days ahead.")
@click.option("--no-self-care", is_flag=True, help="Leave out the hydration, daylight, movement and sleep reminders.")
@click.option("--no-plan", is_flag=True, help="Leave out the plan's daily cues.")
@click.option("--no-activities", is_flag=True, help="Leave out planned activities.")
@click.option(
    "--titles/--no-titles", default=None,
    help="Keep or hide the activities' own titles (default: the calendar_titles setting, normally shown).",
)
@opens_journal
def calendar_export(file, days, no_self_care, no_plan, no_activities, titles):
    """Write an .ics file to import into any calendar app."""
    from glimmers.cli.common import write_output
    from glimmers.toolkit import calendar

    state = session()
    data = calendar.build(
        now=state.now(), zone_name=state.zone_name, days=days,
        self_care=not no_self_care, plan=not no_plan, activities=not no_activities, titles=titles,
    )
    file = write_output(file, data)
    events = data.count(b"BEGIN:VEVENT")
    click.echo(_("Wrote %(n)d reminders to %(file)s (times in %(zone)s). Open it with your calendar app to import them.")
               % {"n": events, "file": file, "zone": state.zone_name})


@calendar_command.command(name="url")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="The port 'glimmers serve' uses (default its default).")
def calendar_url(port):
    """The address a calendar app on this computer can subscribe to while 'glimmers serve' runs."""
    from glimmers.toolkit.calendar import feed_key

    click.echo(_feed_address(port, feed_key()))
    click.echo(_("Anyone with this address can read your reminders (not your journal). It works while 'glimmers serve' is running."))
    click.echo(_("'glimmers calendar new-key' makes a new address; 'glimmers config calendar_titles hide' keeps activity titles out."))


def _feed_address(port: int | None, key: str) -> str:
    from glimmers.cli.serve import DEFAULT_PORT, HOST

    return f"http://{HOST}:{port or DEFAULT_PORT}/calendar.ics?key={key}"


@calendar_command.command(name="new-key")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="The port 'glimmers serve' uses (default its default).")
def calendar_new_key(port):
    """Make a new subscription address; the old one stops working at once."""
    from glimmers.toolkit.calendar import feed_key

    try:
        key = feed_key(rotate=True)
    except OSError as problem:
        from glimmers.cli.common import describe_os_error
        from glimmers.core.errors import OutputProblem

        raise OutputProblem(_("Could not save a new key: %(reason)s. The old address still works.") % {"reason": describe_os_error(problem)}) from None
    click.echo(_feed_address(port, key))
    click.echo(_("The old address no longer works; give this one to your calendar app."))


COMMANDS = (calendar_command,)

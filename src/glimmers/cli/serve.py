"""``serve`` and ``demo``: the local web app on this computer only."""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import click

from glimmers.cli.common import console, session
from glimmers.core.errors import GlimmersError
from glimmers.core.i18n import _

HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def access_token(*, rotate: bool) -> str:
    """The token that guards the web app, kept readable by its owner alone."""
    from glimmers import paths

    return paths.secret("access_token", rotate=rotate)


def run_server(*, port: int, open_browser: bool, rotate_token: bool) -> None:
    import waitress
    from django.core.wsgi import get_wsgi_application

    token = access_token(rotate=rotate_token)
    os.environ["GLIMMERS_ACCESS_TOKEN"] = token
    state = session()
    state.open()
    try:
        server = waitress.create_server(get_wsgi_application(), host=HOST, port=port, threads=4, ident="glimmers")
    except OSError as problem:
        raise GlimmersError(
            _("Port %(port)s cannot be used (%(reason)s). Try --port 0 for any free port.")
            % {"port": port, "reason": problem.strerror or problem}
        ) from None
    base = f"http://{HOST}:{server.effective_port}/"
    url = f"{base}?token={token}"
    out = console()
    out.print(_("glimmers is running, on this computer only:"))
    out.print(f"  {url}", markup=False, soft_wrap=True)
    out.print(_("Crisis lines (no token needed): %(url)shelp-now/") % {"url": base}, markup=False)
    out.print(_("Press Ctrl-C to stop."))
    out.file.flush()
    if open_browser:
        import webbrowser

        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        server.run()
    except KeyboardInterrupt:
        out.print(_("Stopped. Everything you saved is kept."))
    finally:
        server.close()


@click.command()
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port.")
@click.option("--no-browser", is_flag=True, help="Do not open a browser window.")
@click.option("--new-token", is_flag=True, help="Make a new access token (old links stop working).")
def serve(port, no_browser, new_token):
    """Start the web app on 127.0.0.1, protected by an access token."""
    run_server(port=port, open_browser=not no_browser, rotate_token=new_token)


@click.command()
@click.option("--days", default=150, show_default=True, type=click.IntRange(7, 3650), help="How many days of history.")
@click.option("--seed", default=7, show_default=True, type=int, help="The same seed gives the same demo.")
@click.option("--reset", is_flag=True, help="Throw the demo journal away and make it again.")
@click.option("--no-serve", is_flag=True, help="Only fill the demo journal; do not start the web app.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535))
@click.option("--no-browser", is_flag=True, help="Do not open a browser window.")
def demo(days, seed, reset, no_serve, port, no_browser):
    """Fill a separate demo journal with realistic made-up months, then open it.

    Your own journal is never touched. Use 'glimmers --demo COMMAND' to
    explore the demo from the terminal.
    """
    state = session()
    state.demo = True
    state.open()
    from glimmers.core import demo as demo_data
    from glimmers.journal import models, transfer

    out = console()
    if reset:
        from django.db import transaction

        with transaction.atomic():
            for model in (models.CheckIn, models.Glimmer, models.DayFactors, models.Tag):
                model.objects.all().delete()
    if models.CheckIn.objects.exists():
        out.print(_("The demo journal is already filled (use --reset to make it again)."))
    else:
        with out.status(_("Making %(days)s days of demo entries…") % {"days": days}):
            # The demo ends yesterday, so nothing in it lies later than now (an export re-imports cleanly).
            bundle = demo_data.generate(days=days, end=state.today() - timedelta(days=1), timezone=state.zone_name, seed=seed)
            report = transfer.write_bundle(bundle, source="demo", now=state.now())
        out.print(
            _("Demo journal ready: %(c)s check-ins, %(g)s glimmers, %(d)s days of factors, %(t)s toolkit records. All made up.")
            % {"c": report.checkins, "g": report.glimmers, "d": report.days, "t": report.toolkit}
        )
    if not no_serve:
        run_server(port=port, open_browser=not no_browser, rotate_token=False)


COMMANDS = (serve, demo)

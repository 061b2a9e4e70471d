"""``serve`` and ``demo``: the local web app on this computer only."""

from __future__ import annotations

import threading
from datetime import timedelta

import click

from glimmers.cli.common import console, session
from glimmers.core.errors import GlimmersError
from glimmers.core.i18n import _

HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def serving_settings(*, token: str, port: int) -> None:
    """Settings that belong to this one running server, applied before any request.

    The access token is new at every start and lives only in this process
    (never in the environment a browser inherits). Cookies carry the port in
    their names, so the journal's server and the demo's do not overwrite each
    other's sign-in; each server's sessions are signed with a key of its own
    (see ``glimmers.settings``) and end when it stops.
    """
    from django.conf import settings

    settings.GLIMMERS_ACCESS_TOKEN = token
    settings.SESSION_COOKIE_NAME = f"glimmers_session_{port}"
    settings.CSRF_COOKIE_NAME = f"glimmers_csrf_{port}"


def redirect_file(url: str, port: int):
    """A page only its owner can read that forwards the browser to ``url``.

    The browser is started with this file's name, so the token never
    appears in any process's arguments (which every account can list with
    ps). Returns the file, or None when it could not be written.
    """
    from html import escape

    from glimmers import paths

    open_words = _("Open glimmers")
    page = (
        "<!doctype html>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0;url={escape(url)}\">\n"
        "<title>glimmers</title>\n"
        f"<p><a href=\"{escape(url)}\">{escape(open_words)}</a></p>\n"
    )
    try:
        return paths.safe_write(paths.ensure_home() / f"open-{port}.html", page.encode("utf-8"))
    except OSError:
        return None


# Files earlier versions kept: a token that never expired and a signing key
# that outlived the server. Neither is used any more.
RETIRED_SECRETS = ("access_token", "secret_key")


def _forget_retired_secrets() -> None:
    from glimmers import paths

    for name in RETIRED_SECRETS:
        try:
            (paths.home() / name).unlink()
        except OSError:
            pass


def _stop_on_terminate() -> None:
    """Treat a polite kill (SIGTERM, as service managers send) like Ctrl-C,
    so the browser file is removed and the stop is reported."""
    import signal

    def stop(_number, _frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, stop)
    except (ValueError, OSError, AttributeError):  # not the main thread, or no SIGTERM here
        pass


def run_server(*, port: int, open_browser: bool) -> None:
    import secrets

    import waitress
    from django.core.wsgi import get_wsgi_application

    token = secrets.token_urlsafe(32)
    state = session()
    state.open()
    from glimmers import db

    db.refuse_unwritable()  # a read-only journal is one line now, not an error page at the first save
    try:
        server = waitress.create_server(get_wsgi_application(), host=HOST, port=port, threads=4, ident="glimmers")
    except OSError as problem:
        raise GlimmersError(
            _("Port %(port)s cannot be used (%(reason)s). Try --port 0 for any free port.")
            % {"port": port, "reason": problem.strerror or problem}
        ) from None
    serving_settings(token=token, port=server.effective_port)
    _forget_retired_secrets()
    base = f"http://{HOST}:{server.effective_port}/"
    url = f"{base}?token={token}"
    out = console()
    out.print(_("glimmers is running, on this computer only:"))
    out.print(f"  {url}", markup=False, soft_wrap=True)
    out.print(_("Crisis lines (no token needed): %(url)shelp-now/") % {"url": base}, markup=False)
    out.print(_("The link works until glimmers stops. Press Ctrl-C to stop."))
    out.file.flush()
    opener = redirect_file(url, server.effective_port) if open_browser else None
    if open_browser and opener is None:
        out.print(_("(Could not prepare the browser window; open the link above yourself.)"))
    if opener is not None:
        import webbrowser

        threading.Timer(0.5, webbrowser.open, args=(opener.as_uri(),)).start()
    _stop_on_terminate()
    try:
        try:
            server.run()  # returns when Ctrl-C or SIGTERM stops it (waitress takes the interrupt)
        except KeyboardInterrupt:
            pass
        out.print(_("Stopped. Everything you saved is kept."))
    finally:
        server.close()
        if opener is not None:
            opener.unlink(missing_ok=True)


@click.command()
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port.")
@click.option("--no-browser", is_flag=True, help="Do not open a browser window.")
@click.option("--new-token", is_flag=True, hidden=True, help="Kept for old scripts: every start makes a new token now.")
def serve(port, no_browser, new_token):
    """Start the web app on 127.0.0.1, protected by an access token.

    The token is new at every start and the link stops working when glimmers
    stops; a browser left idle for a day signs in again.
    """
    run_server(port=port, open_browser=not no_browser)


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
    from glimmers import transfer
    from glimmers.journal import models

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
        run_server(port=port, open_browser=not no_browser)


COMMANDS = (serve, demo)

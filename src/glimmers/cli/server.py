"""``glimmers server``: run, check and look after the multi-user server.

Everything is set by environment variables (docs/DEPLOY.md); ``--local``
tries it on this computer with none of them but DATABASE_URL.
"""

from __future__ import annotations

import os
import sys

import click

from glimmers.core.errors import GlimmersError, InvalidInput

SETTINGS_MODULE = "glimmers.server.django_settings"
DEFAULT_BIND = "127.0.0.1:8000"


class ServerProblem(GlimmersError):
    exit_code = 1


def _local_option(function):
    return click.option(
        "--local", is_flag=True,
        help="Try the server on this computer: loopback only, plain HTTP, emails printed, anyone may sign up.",
    )(function)


def _use_server_settings(local: bool) -> None:
    """Choose the server's settings before Django starts (and for any process started from here).

    A process that already runs glimmers with other settings (a test, a host of the
    command line) is refused in one sentence: Django's settings cannot change once loaded,
    and nothing of the server may run on the local app's settings."""
    from django.apps import apps
    from django.conf import settings

    if apps.ready and not getattr(settings, "GLIMMERS_ACCOUNTS", False):
        raise ServerProblem("glimmers server runs in a process of its own: this one already runs glimmers with other settings.")
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    if local:
        os.environ["GLIMMERS_SERVER_LOCAL"] = "1"


def _setup(local: bool) -> None:
    _use_server_settings(local)
    import django

    django.setup()


def default_workers() -> int:
    """gunicorn's rule of thumb: two workers a core, and one more."""
    return 2 * (os.cpu_count() or 1) + 1


@click.group(name="server")
def server_command():
    """The multi-user server: many people, each signed in, on PostgreSQL (see docs/DEPLOY.md)."""


@server_command.command(name="run")
@_local_option
@click.option("--bind", default=DEFAULT_BIND, show_default=True, help="The address and port to listen on (HOST:PORT).")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Worker processes (default: two a core, and one).")
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True, help="Threads in each worker.")
def run(local, bind, workers, threads):
    """Serve with gunicorn (run 'glimmers server init' once first)."""
    _use_server_settings(local)
    from glimmers.server.settings import build

    build()  # a missing or bad setting stops here with one sentence, before any worker starts
    arguments = [
        sys.executable, "-m", "gunicorn", "glimmers.server.wsgi:application",
        "--config", "python:glimmers.server.gunicorn_conf",
        "--bind", bind,
        "--workers", str(workers or default_workers()),
        "--worker-class", "gthread", "--threads", str(threads),
        # Longer than the proxy keeps an idle connection (60 s in deploy/): the proxy closes
        # it first, never in the moment a request is on its way (gunicorn's default is 2 s).
        "--keep-alive", "75",
        "--forwarded-allow-ips", os.environ.get("GLIMMERS_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "--max-requests", "5000", "--max-requests-jitter", "500",
        "--graceful-timeout", "20", "--timeout", "60",
    ]
    click.echo(f"glimmers server on http://{bind} (Ctrl-C stops it; put a TLS proxy in front)", err=True)
    os.execv(sys.executable, arguments)


@server_command.command(name="check")
@_local_option
def check(local):
    """Django's deploy checks and glimmers' own: settings, database, migrations, staff two-factor."""
    _setup(local)
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    problems = []
    try:
        call_command("check", deploy=True, fail_level="ERROR")
    except SystemCheckError as failed:
        problems.append(str(failed).strip())
    problems += _database_problems()
    if problems:
        raise ServerProblem("\n".join(problems))
    click.echo("The server's settings, database and migrations are ready.")


def _database_problems() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        connection.ensure_connection()
    except Exception as exc:  # noqa: BLE001 - any failure to connect is the same news
        return [f"The database cannot be reached: {type(exc).__name__}."]
    executor = MigrationExecutor(connection)
    waiting = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if waiting:
        return [f"{len(waiting)} database migrations are not applied: run 'glimmers server init'."]
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.filter(is_staff=True, is_active=True)
    without = staff.exclude(pk__in=Authenticator.objects.values("user_id")).count()
    if without:
        click.echo(f"Note: {without} staff account(s) have no two-factor sign-in yet; they must set it up before the admin opens.", err=True)
    return []


@server_command.command(name="init")
@_local_option
@click.option("--admin-email", default="", help="Make the first staff account with this address (asks for its password).")
def init(local, admin_email):
    """Prepare the database and files: migrate, the shared cache table, static files, the first admin."""
    _use_server_settings(local)
    _make_database_if_missing()
    _setup(local)
    from django.core.management import call_command

    click.echo("Applying database migrations…", err=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    click.echo("Collecting static files…", err=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    if admin_email:
        _first_admin(admin_email)
    click.echo("Ready. Start it with 'glimmers server run" + (" --local" if local else "") + "'.")


def _make_database_if_missing() -> None:
    """Create the database DATABASE_URL names when its server is there but the database is not
    (on a fresh machine, the first step then needs nothing else)."""
    import psycopg
    import psycopg.sql

    from glimmers.server.settings import build

    database = build()["DATABASES"]["default"]
    where = {"host": database.get("HOST") or None, "port": database.get("PORT") or None,
             "user": database.get("USER") or None, "password": database.get("PASSWORD") or None}
    try:
        psycopg.connect(dbname=database["NAME"], connect_timeout=10, **where).close()
        return
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise ServerProblem(f"The database server cannot be reached: {str(exc).strip().splitlines()[0]}") from None
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=10, **where) as admin:
            admin.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(database["NAME"])))
    except psycopg.Error as exc:
        raise ServerProblem(
            f"The database {database['NAME']} does not exist and could not be made ({type(exc).__name__}); create it first."
        ) from None
    click.echo(f"Made the database {database['NAME']}.", err=True)


def _first_admin(email: str) -> None:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.db import transaction

    from glimmers.server.accounts import AccountAdapter

    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(f"{email!r} is not an email address.") from None
    users = get_user_model()
    if users.objects.filter(email__iexact=email).exists():
        click.echo(f"{email} already has an account; nothing changed.", err=True)
        return
    password = os.environ.get("GLIMMERS_ADMIN_PASSWORD") or click.prompt(
        f"Password for {email}", hide_input=True, confirmation_prompt=True
    )
    user = users(email=email, username=AccountAdapter(None).generate_unique_username([]), is_staff=True, is_superuser=True)
    try:
        validate_password(password, user)
    except ValidationError as refused:
        raise InvalidInput(" ".join(refused.messages)) from None
    user.set_password(password)
    with transaction.atomic():
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    click.echo(f"Made the staff account {email}. It must set up two-factor sign-in before the admin opens.", err=True)


@server_command.command(name="invite")
@_local_option
@click.option("--days", type=click.IntRange(1, 90), default=7, show_default=True, help="How long the code works.")
def invite(local, days):
    """Make a one-time sign-up code (for GLIMMERS_SIGNUP=invite); it is shown only now."""
    _setup(local)
    from glimmers.server.accounts import make_invitation

    code, row = make_invitation(days)
    click.echo(code)
    click.echo(f"Works once, until {row.expires_at:%Y-%m-%d %H:%M} UTC.", err=True)


@server_command.command(name="purge")
@_local_option
def purge(local):
    """Delete the accounts closed more than 30 days ago with everything in them, and ended
    sessions and old failed sign-ins (run daily)."""
    _setup(local)
    from glimmers.server.housekeeping import forget_the_stale, purge_closed

    count = purge_closed()
    stale = forget_the_stale()
    click.echo(f"Deleted {count} closed account(s) whose 30 days had passed, {stale['sessions']} ended session(s) "
               f"and {stale['failed_sign_ins']} failed sign-in record(s) older than a day.")


COMMANDS = [server_command]

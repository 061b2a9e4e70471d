"""Opening the journal: Django set up lazily, the schema brought up to date.

Commands that need no database (``help-now``, ``--help``) never come here,
so they stay fast and keep working when the database is damaged.
"""

from __future__ import annotations

import os
import sqlite3
from importlib import resources

from glimmers.core.errors import GlimmersError
from glimmers.core.i18n import _


class DatabaseProblem(GlimmersError):
    exit_code = 5


def configure(*, demo: bool = False) -> None:
    """Load settings and apps without touching the database."""
    if demo:
        os.environ["GLIMMERS_DEMO"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.web.settings")
    from django.apps import apps

    if not apps.ready:
        import django

        django.setup()


APPS_WITH_MIGRATIONS = ("journal", "care", "reconnect", "analysis")


def _migrations_on_disk() -> set[tuple[str, str]]:
    return {
        (app, item.name[:-3])
        for app in APPS_WITH_MIGRATIONS
        for item in resources.files(f"glimmers.{app}.migrations").iterdir()
        if item.name.endswith(".py") and item.name[:4].isdigit()
    }


def ensure_schema() -> None:
    """Apply pending migrations; cheap (one query) when there are none."""
    from django.core.management import call_command
    from django.db import DatabaseError, connection
    from django.db.migrations.recorder import MigrationRecorder

    for attempt in range(2):
        try:
            applied = MigrationRecorder(connection).applied_migrations()
            if _migrations_on_disk() <= set(applied):
                return
            call_command("migrate", verbosity=0, interactive=False)
            return
        except (DatabaseError, sqlite3.DatabaseError) as exc:
            if attempt == 0 and "already exists" in str(exc):
                continue  # another process migrated at the same moment
            raise database_problem(exc) from exc


def database_problem(exc: BaseException) -> DatabaseProblem:
    from django.conf import settings

    where = settings.DATABASES["default"]["NAME"]
    return DatabaseProblem(
        _(
            "The journal database at %(where)s could not be opened (%(reason)s). "
            "Nothing was changed. 'glimmers restore FILE' brings back a backup; "
            "'glimmers help-now' shows crisis lines."
        )
        % {"where": where, "reason": str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}
    )


def private_sqlite_files() -> None:
    """Keep a SQLite journal readable by its owner alone, wherever it lives.

    SQLite creates a missing file with the umask's mode (often 0644) and gives
    its -wal and -shm files the main file's mode; so the file is created
    here first at 0600, and an existing one of ours that others can read is
    tightened. (A journal named by DATABASE_URL may lie outside the private
    data folder.)
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3"):
        return
    main = str(database["NAME"])
    if main == ":memory:" or main.startswith("file:"):
        return
    try:
        descriptor = os.open(main, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        os.close(descriptor)
    except OSError:
        pass  # it exists (tightened below), or SQLite will name the real problem
    for path in (main, main + "-wal", main + "-shm"):
        try:
            found = os.stat(path)
            if found.st_uid == os.geteuid() and found.st_mode & 0o077:
                os.chmod(path, 0o600)
        except OSError:
            continue


def open_journal(*, demo: bool = False) -> None:
    configure(demo=demo)
    private_sqlite_files()
    ensure_schema()

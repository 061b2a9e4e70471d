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


def open_journal(*, demo: bool = False) -> None:
    configure(demo=demo)
    ensure_schema()

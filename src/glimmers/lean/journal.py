"""Opening the journal for the lean path, or deciding that the lean path does not apply.

What the journal must look like is written out here: the migrations (read
from the migration folders, never imported) and the columns of every table
the lean path reads or writes. When either differs, the lean path steps
aside and Django's takes over, so a row is never written by a reader that
does not know all its columns.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from glimmers import db, settings

# Every column of every table the lean path reads or writes.
COLUMNS: dict[str, frozenset[str]] = {
    "journal_checkin": frozenset(
        {
            "id", "owner_id", "uid", "occurred_at", "timezone", "local_date", "source", "created_at", "updated_at",
            "deleted_at", "numbness", "mood", "energy", "stress", "forms", "warning_signs", "self_talk", "note",
            "tolerance_window",
        }
    ),
    "journal_glimmer": frozenset(
        {
            "id", "owner_id", "uid", "occurred_at", "timezone", "local_date", "source", "created_at", "updated_at",
            "deleted_at", "text", "preceded_by",
        }
    ),
    "journal_tag": frozenset({"id", "owner_id", "category", "name"}),
    "journal_checkin_tags": frozenset({"id", "checkin_id", "tag_id"}),
    "journal_glimmer_tags": frozenset({"id", "glimmer_id", "tag_id"}),
}
# The local app's one person (``glimmers.people.LOCAL_USERNAME``; a test keeps the two the same).
LOCAL_USERNAME = "glimmers-local-person"
# Set to 0 to send every command down Django's path.
SWITCH = "GLIMMERS_LEAN"


@dataclass
class Journal:
    """An open SQLite journal the lean path may use, and the person it belongs to."""

    connection: sqlite3.Connection
    person: int

    def close(self) -> None:
        self.connection.close()


def _django_set_up() -> bool:
    apps = sys.modules.get("django.apps")
    return apps is not None and apps.apps.ready


def _migrations_as_shipped(applied: set[tuple[str, str]]) -> bool:
    """The journal has exactly the migrations of this release: glimmers' own,
    and those of the Django apps it records (the people's tables)."""
    shipped = db.migrations_shipped(applied)
    return shipped is not None and applied == shipped


def _layout_known(connection: sqlite3.Connection) -> bool:
    for table, columns in COLUMNS.items():
        found = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if found != columns:
            return False
    applied = {(app, name) for app, name in connection.execute("SELECT app, name FROM django_migrations")}
    return _migrations_as_shipped(applied)


def _connect(path: Path, database: dict) -> sqlite3.Connection:
    """A connection set up as Django sets up its own (``glimmers.settings.sqlite_database``)."""
    options = database["OPTIONS"]
    connection = sqlite3.connect(path, timeout=options["timeout"], isolation_level=None)
    for pragma in options["init_command"].split(";"):
        if pragma.strip():
            connection.execute(pragma)
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def open_journal(*, demo: bool = False) -> Journal | None:
    """The journal, opened as ``Session.open()`` opens it, or None when the lean path does not apply.

    Its files made private and its quick check passed (a damaged journal is
    refused here in the same words as on Django's path); None before
    anything is written when it is not a journal the lean path knows.
    """
    if os.environ.get(SWITCH, "").strip() == "0" or _django_set_up():
        return None
    environ = {**os.environ, "GLIMMERS_DEMO": "1"} if demo else os.environ
    try:
        database = settings.database(environ)
    except settings.SettingsError:
        return None  # Django's path says what is wrong with the address
    path = db.sqlite_file(database)
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return None  # PostgreSQL, or no journal yet: Django's path makes it
    db.private_sqlite_files(database)
    db.refuse_damaged_file(path)
    try:
        connection = _connect(path, database)
    except sqlite3.DatabaseError:
        return None  # Django's path names the cause
    try:
        if _layout_known(connection):
            found = connection.execute("SELECT id FROM auth_user WHERE username = ?", (LOCAL_USERNAME,)).fetchone()
            if found is not None:
                return Journal(connection, found[0])
    except sqlite3.DatabaseError:
        pass  # not a layout this release knows
    connection.close()
    return None

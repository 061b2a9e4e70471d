"""Helpers for the process-level tests."""

from __future__ import annotations

import sqlite3


def stored_uids(journal) -> set[str]:
    """Read committed check-ins straight from the database, bypassing glimmers."""
    if "DATABASE_URL" in journal.env:
        import psycopg

        with psycopg.connect(journal.env["DATABASE_URL"]) as connection:
            return {row[0] for row in connection.execute("SELECT uid FROM journal_checkin")}
    with sqlite3.connect(journal.home / "glimmers.sqlite3") as connection:
        return {row[0] for row in connection.execute("SELECT uid FROM journal_checkin")}


def backend() -> str:
    import os

    return os.environ.get("GLIMMERS_TEST_BACKEND", "sqlite")

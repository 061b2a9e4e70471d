"""Saving a check-in with ``sqlite3``: the rows ``glimmers.journal.store.add_checkin`` writes.

The record is built and checked by the same core functions as on Django's
path (``glimmers.cli.journal.checkin``); here it only becomes rows, in one
``BEGIN IMMEDIATE`` transaction as Django's are: the check-in, each tag it
needs that the person does not have yet, and a link per tag.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from glimmers.core.journal import entries, tagging
from glimmers.lean.journal import Journal
from glimmers.lean.rows import StoredCheckIn, stored_moment


def _categories(journal: Journal, name: str) -> list[str]:
    """The categories the person uses with this tag name: what ``qualify_tags`` asks the models."""
    rows = journal.connection.execute(
        "SELECT category FROM journal_tag WHERE owner_id = ? AND name = ? ORDER BY category, name LIMIT 2",
        (journal.person, name),
    )
    return [row[0] for row in rows]


def checkin_tags(journal: Journal, tags, body) -> list[str]:
    """The check-in's tags as ``glimmers.cli.journal`` gives them: bare names
    given a category, then the body signals."""
    return tagging.qualify(tags, lambda name: _categories(journal, name)) + [f"body:{signal}" for signal in body]


def _tag_id(journal: Journal, tag: entries.Tag) -> int:
    found = journal.connection.execute(
        "SELECT id FROM journal_tag WHERE owner_id = ? AND category = ? AND name = ?", (journal.person, tag.category, tag.name)
    ).fetchone()
    if found is not None:
        return found[0]
    return journal.connection.execute(
        "INSERT INTO journal_tag (category, name, owner_id) VALUES (?, ?, ?)", (tag.category, tag.name, journal.person)
    ).lastrowid


def add_checkin(journal: Journal, record: entries.CheckIn, *, now: datetime) -> StoredCheckIn:
    """Save a checked check-in; returns it as stored."""
    created, updated = record.created_at or now, record.updated_at or now
    fields = {**entries.checkin_fields(record), "owner_id": journal.person, "created_at": created, "updated_at": updated}
    # As Django's SQLite backend stores them: instants in UTC without the zone, days as ISO text.
    values = {
        name: stored_moment(value) if isinstance(value, datetime) else value.isoformat() if isinstance(value, date) else value
        for name, value in fields.items()
    }
    connection = journal.connection
    connection.execute("BEGIN IMMEDIATE")
    try:
        pk = connection.execute(
            f"INSERT INTO journal_checkin ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})", tuple(values.values())
        ).lastrowid
        tag_ids = [_tag_id(journal, tag) for tag in record.tags]
        connection.executemany("INSERT INTO journal_checkin_tags (checkin_id, tag_id) VALUES (?, ?)", [(pk, tag) for tag in tag_ids])
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return StoredCheckIn(pk, replace(record, created_at=created, updated_at=updated))

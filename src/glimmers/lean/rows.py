"""Entries as the lean path reads and writes them: the core's record, shown
under the same attribute names as Django's models, so every command prints
them with the same code (``glimmers.cli.render``)."""

from __future__ import annotations

from datetime import datetime, timezone

from glimmers.core.journal import entries
from glimmers.core.when import from_utc_text


class Tags(tuple):
    """An entry's tags, sorted by category and name as the model orders them."""

    def all(self) -> Tags:
        return self


class Stored:
    """A stored entry: its number (``pk``), its reference and its core record."""

    prefix = ""

    def __init__(self, pk: int, record: entries.CheckIn | entries.Glimmer):
        self.pk, self.record = pk, record
        self.ref = f"{self.prefix}{pk}"
        self.uid, self.occurred_at, self.timezone = record.uid, record.occurred_at, record.timezone
        self.source, self.created_at, self.updated_at, self.deleted_at = (
            record.source, record.created_at, record.updated_at, record.deleted_at,
        )
        self.tags = Tags(record.tags)


class StoredCheckIn(Stored):
    prefix = "c"
    kind = entries.CHECKIN

    def __init__(self, pk: int, record: entries.CheckIn):
        super().__init__(pk, record)
        self.numbness, self.mood, self.energy, self.stress = record.numbness, record.mood, record.energy, record.stress
        self.forms, self.warning_signs = " ".join(record.forms), " ".join(record.warning_signs)
        self.self_talk, self.note, self.tolerance_window = record.self_talk, record.note, record.tolerance_window


class StoredGlimmer(Stored):
    prefix = "g"
    kind = entries.GLIMMER

    def __init__(self, pk: int, record: entries.Glimmer):
        super().__init__(pk, record)
        self.text, self.preceded_by = record.text, record.preceded_by


# --- the values as Django's SQLite backend stores them ----------------------------


def stored_moment(moment: datetime | None) -> str | None:
    """An instant as Django writes it on SQLite: UTC, without the zone, ``str()``'s format."""
    return None if moment is None else str(moment.astimezone(timezone.utc).replace(tzinfo=None))


def read_moment(value: str | None) -> datetime | None:
    """The instant back, in UTC, as Django reads it."""
    return None if value is None else from_utc_text(value)

"""Between stored rows and the core's plain records."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator
from datetime import UTC, datetime

from django.db import connection

from glimmers.core.journal import entries, measures
from glimmers.core.when import from_utc_text
from glimmers.journal import models


def _tags(row, known: dict | None = None) -> tuple[entries.Tag, ...]:
    if known is not None:
        return tuple(sorted(known.get(row.pk, ())))
    return tuple(sorted(entries.Tag(tag.category, tag.name) for tag in row.tags.all()))


def tags_by_entry(model) -> dict[int, list[entries.Tag]]:
    """Every entry's tags in one query (id -> tags), for reading a whole journal
    at once: a prefetch per row or per chunk costs seconds on a large journal."""
    field = model._meta.get_field("tags")
    through = field.remote_field.through
    owner = f"{field.m2m_field_name()}_id"
    tag = field.m2m_reverse_field_name()
    found: dict[int, list[entries.Tag]] = {}
    # The link table has no owner of its own: it is read through the person's entries.
    links = through.objects.filter(**{f"{owner}__in": model.objects.values("pk")})
    for entry, category, name in links.values_list(owner, f"{tag}__category", f"{tag}__name").iterator(chunk_size=5000):
        found.setdefault(entry, []).append(entries.Tag(category, name))
    return found


def _keys(value: str) -> tuple[str, ...]:
    return tuple(value.split()) if value else ()


# What the records read of a row: a model, or a named tuple of these values
# (``values_list(*CHECKIN_VALUES, named=True)``), which is faster to read.
_ENTRY_VALUES = ("pk", "uid", "occurred_at", "timezone", "source", "created_at", "updated_at", "deleted_at")
CHECKIN_VALUES = (*_ENTRY_VALUES, *measures.SCALES, "forms", "warning_signs", "self_talk", "note", "tolerance_window")
GLIMMER_VALUES = (*_ENTRY_VALUES, "text", "preceded_by")
_INSTANTS = frozenset({"occurred_at", "created_at", "updated_at", "deleted_at"})


def _instant(value: str | datetime | None) -> datetime | None:
    """A stored instant as the database driver gives it: SQLite's text
    (``2026-11-20 12:00:00.5``, UTC without the zone) or PostgreSQL's datetime."""
    if value is None or isinstance(value, datetime):
        return value if value is None or value.tzinfo is UTC else value.astimezone(UTC)
    return from_utc_text(value)


def rows_of(queryset, fields: tuple[str, ...], *, chunk_size: int = 2000) -> Iterator[tuple]:
    """The rows' ``fields`` as named tuples, for reading a whole journal.

    The query is Django's (the person's scope included) but its rows are read
    straight from the driver, the instants by ``datetime.fromisoformat``:
    Django's conversion of every value took most of the time of exporting a
    large journal. Only for fields whose driver values need nothing more
    (text, whole numbers, instants)."""
    sql, parameters = queryset.values_list(*fields).query.sql_with_params()
    instants = [index for index, name in enumerate(fields) if name in _INSTANTS]
    row = namedtuple("Row", fields)
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        while chunk := cursor.fetchmany(chunk_size):
            for values in chunk:
                values = list(values)
                for index in instants:
                    values[index] = _instant(values[index])
                yield row._make(values)


def checkin_record(row: models.CheckIn, tags: dict | None = None) -> entries.CheckIn:
    """The core's record of a stored check-in; ``tags`` from :func:`tags_by_entry` when reading many."""
    return entries.CheckIn(
        uid=row.uid,
        occurred_at=row.occurred_at,
        timezone=row.timezone,
        numbness=row.numbness,
        mood=row.mood,
        energy=row.energy,
        stress=row.stress,
        forms=_keys(row.forms),
        tags=_tags(row, tags),
        warning_signs=_keys(row.warning_signs),
        self_talk=row.self_talk,
        note=row.note,
        tolerance_window=row.tolerance_window,
        source=row.source,
        created_at=row.created_at,
        updated_at=row.updated_at,
        deleted_at=row.deleted_at,
    )


def glimmer_record(row: models.Glimmer, tags: dict | None = None) -> entries.Glimmer:
    return entries.Glimmer(
        uid=row.uid,
        occurred_at=row.occurred_at,
        timezone=row.timezone,
        text=row.text,
        preceded_by=row.preceded_by,
        tags=_tags(row, tags),
        source=row.source,
        created_at=row.created_at,
        updated_at=row.updated_at,
        deleted_at=row.deleted_at,
    )


def day_record(row: models.DayFactors) -> entries.DayFactors:
    return entries.DayFactors(
        day=row.day,
        wake_time=row.wake_time,
        note=row.note,
        updated_at=row.updated_at,
        **{name: getattr(row, name) for name in measures.FACTORS},
    )


def record_of(row) -> entries.CheckIn | entries.Glimmer:
    return checkin_record(row) if isinstance(row, models.CheckIn) else glimmer_record(row)


def tag_rows(tags: tuple[entries.Tag, ...]) -> list[models.Tag]:
    rows = []
    for tag in tags:
        row, _created = models.Tag.objects.get_or_create(category=tag.category, name=tag.name)
        rows.append(row)
    return rows


def day_fields(record: entries.DayFactors) -> dict:
    return {
        "wake_time": record.wake_time,
        "note": record.note,
        **{name: getattr(record, name) for name in measures.FACTORS},
    }

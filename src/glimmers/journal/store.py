"""Writing to the journal. Every function validates through the core first
and writes inside one transaction, so a failure leaves nothing half-saved."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, datetime
from typing import Any, Mapping

from django.db import transaction

from glimmers.core.journal import entries, measures
from glimmers.core.errors import InvalidInput, NotFound
from glimmers.core.i18n import _
from glimmers.core.refs import Ref, parse_ref
from glimmers.journal import models
from glimmers.journal.records import (
    day_fields,
    day_record,
    record_of,
    tag_rows,
)

MODELS = {"checkin": models.CheckIn, "glimmer": models.Glimmer}


def as_mapping(record) -> dict[str, Any]:
    return {field.name: getattr(record, field.name) for field in fields(record)}


@transaction.atomic
def add_checkin(record: entries.CheckIn, *, now: datetime) -> models.CheckIn:
    row = models.CheckIn(
        **entries.checkin_fields(record), created_at=record.created_at or now, updated_at=record.updated_at or now
    )
    row.save()
    row.tags.set(tag_rows(record.tags))
    return row


def saved_checkin(uid: str) -> models.CheckIn | None:
    """The check-in already saved under ``uid``, if any: a form sent twice (a
    retry, a send kept while offline) is saved once."""
    return models.CheckIn.objects.filter(uid=uid).first()


@transaction.atomic
def add_glimmer(record: entries.Glimmer, *, now: datetime) -> models.Glimmer:
    row = models.Glimmer(
        **entries.glimmer_fields(record), created_at=record.created_at or now, updated_at=record.updated_at or now
    )
    row.save()
    row.tags.set(tag_rows(record.tags))
    return row


def get_entry(ref: Ref | str, *, trashed: bool | None = None):
    """Look an entry up by reference; ``trashed`` None means either."""
    ref = parse_ref(ref) if isinstance(ref, str) else ref
    query = MODELS[ref.kind].objects.filter(pk=ref.number)
    if trashed is not None:
        query = query.filter(deleted_at__isnull=not trashed)
    row = query.prefetch_related("tags").first()
    if row is None:
        where = _("in the trash") if trashed else _("in the journal")
        raise NotFound(_("There is no entry %(ref)s %(where)s.") % {"ref": ref, "where": where}, field="ref")
    return row


@transaction.atomic
def edit_entry(ref: Ref | str, changes: Mapping[str, Any], *, now: datetime):
    """Apply changes to an entry, re-checking the whole record."""
    row = get_entry(ref, trashed=False)
    current = record_of(row)
    editable = set(as_mapping(current)) - {"uid", "source", "created_at", "updated_at", "deleted_at"}
    if unknown := sorted(set(changes) - editable):
        kind = _("a check-in") if isinstance(row, models.CheckIn) else _("a glimmer")
        raise InvalidInput(
            _("%(fields)s cannot be set on %(kind)s.") % {"fields": ", ".join(unknown), "kind": kind}, field=unknown[0]
        )
    merged = as_mapping(current) | dict(changes)
    merged["updated_at"] = now
    if isinstance(row, models.CheckIn):
        record = entries.validate_checkin(merged, now=now)
        updates = entries.checkin_fields(record)
    else:
        record = entries.validate_glimmer(merged, now=now)
        updates = entries.glimmer_fields(record)
    record = replace(record, uid=current.uid, created_at=current.created_at)
    for name, value in updates.items():
        setattr(row, name, value)
    row.uid, row.updated_at = current.uid, now
    row.save()
    row.tags.set(tag_rows(record.tags))
    return row


@transaction.atomic
def trash(ref: Ref | str, *, now: datetime):
    row = get_entry(ref, trashed=False)
    row.deleted_at = now
    row.save(update_fields=["deleted_at"])
    return row


@transaction.atomic
def restore(ref: Ref | str):
    row = get_entry(ref, trashed=True)
    row.deleted_at = None
    row.save(update_fields=["deleted_at"])
    return row


@transaction.atomic
def empty_trash() -> int:
    """Delete for good everything in the trash; returns how many entries went."""
    removed = 0
    for model in MODELS.values():
        _total, per_model = model.objects.filter(deleted_at__isnull=False).delete()
        removed += per_model.get(model._meta.label, 0)  # not the tag links that went with them
    return removed


@transaction.atomic
def set_day(day: date, changes: Mapping[str, Any], *, now: datetime, today: date) -> models.DayFactors:
    """Record some of a day's factors, keeping the ones not mentioned.

    ``changes`` maps factor names to new values; a value of None clears it.
    """
    unknown = set(changes) - {"wake_time", "note", *measures.FACTORS}
    if unknown:
        raise InvalidInput(_("Unknown day factor: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    row = models.DayFactors.objects.select_for_update().filter(day=day).first()
    current = day_record(row) if row else entries.DayFactors(day=day)
    record = entries.validate_day(as_mapping(current) | dict(changes) | {"day": day, "updated_at": now}, today=today)
    if row is None:
        row = models.DayFactors(day=day)
    for name, value in day_fields(record).items():
        setattr(row, name, value)
    row.updated_at = now
    row.save()
    return row

"""Keeping the medication timeline and reading numbness around each event."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Avg

from glimmers.care.models import MedicationEvent as Row
from glimmers.core import medication
from glimmers.core.errors import NotFound
from glimmers.core.i18n import _


def add(event: medication.MedicationEvent, *, now: datetime) -> Row:
    return Row.objects.create(
        uid=uuid.uuid4().hex, name=event.name, kind=event.kind, dose=event.dose, day=event.day, note=event.note, created_at=now
    )


def event_of(row: Row) -> medication.MedicationEvent:
    return medication.MedicationEvent(name=row.name, kind=row.kind, day=row.day, dose=row.dose, note=row.note)


def get(ref: str) -> Row:
    from glimmers.core.refs import short_number

    number = short_number(ref, "m")
    row = Row.objects.filter(pk=number).first() if number is not None else None
    if row is None:
        raise NotFound(_("There is no medicine event %(ref)s. 'glimmers meds list' shows them.") % {"ref": ref})
    return row


def delete(ref: str) -> Row:
    row = get(ref)
    row.delete()
    return row


def daily_numbness() -> dict:
    """Mean numbness per local day, over check-ins that are not in the trash."""
    from glimmers.journal.models import CheckIn

    rows = (
        CheckIn.objects.filter(deleted_at__isnull=True, numbness__isnull=False)
        .values("local_date")
        .annotate(mean=Avg("numbness"))
        .order_by()
    )
    return {row["local_date"]: float(row["mean"]) for row in rows}


@dataclass(frozen=True)
class TimelineItem:
    row: Row
    shift: medication.Shift
    words: str


def timeline() -> list[TimelineItem]:
    """Every event, newest first, each with what numbness did around it."""
    means = daily_numbness()
    items = []
    for row in Row.objects.all():
        event = event_of(row)
        shift = medication.shift_around(row.day, means)
        items.append(TimelineItem(row, shift, medication.shift_words(event, shift)))
    return items

"""Keeping the medication timeline and reading numbness around each event.

The reading is the insights' own (``core.analysis.insights.medication_change``), so
the timeline, the insights and the clinician report never disagree.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Avg

from glimmers.care.models import MedicationEvent as Row
from glimmers.core.care import medication
from glimmers.core.errors import NotFound
from glimmers.core.i18n import _
from glimmers.core.analysis.insights.medication_change import MedicationChange, medication_change


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
    change: MedicationChange

    @property
    def words(self) -> str:
        return self.change.words()

    @property
    def rose(self) -> bool:
        """Numbness clearly higher after the event: worth raising with the prescriber."""
        return self.change.status == "higher"


def timeline(*, today: date, daily: dict | None = None) -> list[TimelineItem]:
    """Every event, newest first, each with what numbness did around it.

    ``daily`` is mean numbness per day when the caller has it already;
    each event's window stops short of the other events and of ``today``.
    """
    means = daily_numbness() if daily is None else daily
    rows = list(Row.objects.all())
    events = {row.pk: event_of(row) for row in rows}
    return [
        TimelineItem(row, medication_change(
            means, events[row.pk], others=[event for pk, event in events.items() if pk != row.pk], today=today
        ))
        for row in rows
    ]

"""The care tables in exports, imports and backups (put together by glimmers.transfer)."""

from __future__ import annotations

from datetime import datetime

from glimmers.care import safety_plan as stored_plan
from glimmers.care.models import MedicationEvent, SafetyPlanStep, ScreeningResult
from glimmers.core.care.care_records import MedicationRecord, ScreeningRecord

BATCH = 500


def export_parts(parts: dict) -> None:
    plan = stored_plan.load()
    parts |= {
        "screenings": [
            ScreeningRecord(
                instrument=row.instrument, taken_at=row.taken_at, timezone=row.timezone, answers=row.answers,
                outcome=row.outcome, total=row.total, functional=row.functional, safety_signal=row.safety_signal,
                uid=row.uid, created_at=row.created_at,
            )
            for row in ScreeningResult.objects.order_by("taken_at", "id")
        ],
        "medications": [
            MedicationRecord(
                name=row.name, kind=row.kind, day=row.day, dose=row.dose, note=row.note, uid=row.uid, created_at=row.created_at
            )
            for row in MedicationEvent.objects.order_by("day", "id")
        ],
        "safety_plan": None if plan.is_empty else plan,
    }


def write_parts(bundle, report, *, now: datetime) -> None:
    """Add what is new; an existing safety plan is never overwritten by an import."""
    present = set(ScreeningResult.objects.filter(uid__in=[r.uid for r in bundle.screenings]).values_list("uid", flat=True))
    fresh = [
        ScreeningResult(
            uid=r.uid, instrument=r.instrument, taken_at=r.taken_at, timezone=r.timezone, answers=r.answers,
            functional=r.functional, total=r.total, outcome=r.outcome, safety_signal=r.safety_signal,
            created_at=r.created_at or now,
        )
        for r in bundle.screenings
        if r.uid not in present
    ]
    ScreeningResult.objects.bulk_create(fresh, batch_size=BATCH)
    report.screenings = len(fresh)
    report.already_present += len(present)

    present = set(MedicationEvent.objects.filter(uid__in=[r.uid for r in bundle.medications]).values_list("uid", flat=True))
    fresh_events = [
        MedicationEvent(
            uid=r.uid, name=r.name, kind=r.kind, dose=r.dose, day=r.day, note=r.note, created_at=r.created_at or now
        )
        for r in bundle.medications
        if r.uid not in present
    ]
    MedicationEvent.objects.bulk_create(fresh_events, batch_size=BATCH)
    report.medications = len(fresh_events)
    report.already_present += len(present)

    if bundle.safety_plan is not None and stored_plan.load().is_empty:
        stored_plan.save(bundle.safety_plan, now=now)
        report.safety_plan = True


def delete_all() -> None:
    ScreeningResult.objects.all().delete()
    MedicationEvent.objects.all().delete()
    SafetyPlanStep.objects.all().delete()

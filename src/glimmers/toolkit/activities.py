"""Keeping values and activities, and reading the prediction gap."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import transaction

from glimmers.core.toolkit import activation
from glimmers.toolkit import refs
from glimmers.toolkit.models import Activity, Value


def values() -> list[Value]:
    return list(Value.objects.all())


def set_values(chosen: tuple[activation.Value, ...]) -> list[Value]:
    """Replace the values as a whole (they are a short list a person rewrites)."""
    with transaction.atomic():
        Value.objects.all().delete()
        return [Value.objects.create(name=v.name, action=v.action, position=i) for i, v in enumerate(chosen)]


def schedule(planned: activation.PlannedActivity, *, timezone: str, now: datetime) -> Activity:
    return Activity.objects.create(
        uid=uuid.uuid4().hex,
        title=planned.title,
        category=planned.category,
        value=planned.value,
        scheduled_for=planned.when,
        timezone=timezone,
        predicted_pleasure=planned.predicted_pleasure,
        predicted_mastery=planned.predicted_mastery,
        predicted_dread=planned.predicted_dread,
        created_at=now,
    )


def log_past(*, title: str, category: str, when: datetime, experience: activation.Experience, timezone: str, now: datetime) -> Activity:
    """Something already done, recorded afterwards (no prediction to compare)."""
    return Activity.objects.create(
        uid=uuid.uuid4().hex,
        title=title,
        category=category,
        scheduled_for=when,
        timezone=timezone,
        actual_pleasure=experience.actual_pleasure,
        actual_mastery=experience.actual_mastery,
        actual_dread=experience.actual_dread,
        glimmer=experience.glimmer,
        done_at=when,
        created_at=now,
    )


def get(ref: str) -> Activity:
    return refs.find(Activity, ref, listing="glimmers activity list")


def rate(ref: str, experience: activation.Experience, *, now: datetime) -> Activity:
    row = get(ref)
    row.actual_pleasure = experience.actual_pleasure
    row.actual_mastery = experience.actual_mastery
    row.actual_dread = experience.actual_dread
    row.glimmer = experience.glimmer
    row.done_at = row.done_at or now
    row.save(update_fields=["actual_pleasure", "actual_mastery", "actual_dread", "glimmer", "done_at"])
    return row


def delete(ref: str) -> Activity:
    row = get(ref)
    row.delete()
    return row


def upcoming(now: datetime) -> list[Activity]:
    return list(Activity.objects.filter(done_at__isnull=True, scheduled_for__gte=now))


def waiting(now: datetime) -> list[Activity]:
    """Planned, time passed, not yet rated: ready for "how was it?"."""
    return list(Activity.objects.filter(done_at__isnull=True, scheduled_for__lt=now).order_by("-scheduled_for"))


def done(limit: int | None = None) -> list[Activity]:
    rows = Activity.objects.filter(done_at__isnull=False).order_by("-done_at", "-id")
    return list(rows[:limit] if limit else rows)


def rated(row: Activity) -> activation.Rated:
    return activation.Rated(
        row.title, row.category, row.predicted_pleasure, row.predicted_mastery, row.actual_pleasure, row.actual_mastery,
        row.predicted_dread, row.actual_dread,
    )


def gap_summary() -> activation.GapSummary:
    return activation.gap_summary(rated(row) for row in Activity.objects.filter(done_at__isnull=False).order_by("done_at", "id"))

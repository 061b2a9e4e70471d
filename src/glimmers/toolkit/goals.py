"""Keeping tiny goals and the day's "enough"."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.db import transaction

from glimmers.core.toolkit import goals
from glimmers.toolkit import refs
from glimmers.toolkit.models import Goal


def add(text: str, *, kind: str, day: date, now: datetime) -> Goal:
    """Add a goal; a new "enough" for a day replaces that day's old one."""
    text = goals.validate_text(text, kind)
    with transaction.atomic():
        if kind == goals.ENOUGH:
            Goal.objects.filter(day=day, kind=goals.ENOUGH).delete()
        return Goal.objects.create(uid=uuid.uuid4().hex, day=day, kind=kind, text=text, created_at=now)


def get(ref: str) -> Goal:
    return refs.find(Goal, ref, listing="glimmers goal")


def mark_done(ref: str, *, now: datetime, done: bool = True) -> Goal:
    row = get(ref)
    row.done_at = now if done else None
    row.save(update_fields=["done_at"])
    return row


def delete(ref: str) -> Goal:
    row = get(ref)
    row.delete()
    return row


def for_day(day: date) -> list[Goal]:
    return list(Goal.objects.filter(day=day))


def enough_for(day: date) -> Goal | None:
    return Goal.objects.filter(day=day, kind=goals.ENOUGH).first()

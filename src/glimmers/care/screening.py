"""Keeping screening results and reading their history."""

from __future__ import annotations

import uuid
from datetime import datetime

from glimmers.care.models import ScreeningResult
from glimmers.core.errors import NotFound
from glimmers.core.i18n import _

QUESTIONNAIRES = ("phq9", "phq2", "gad7", "gad2")


def save_score(score, *, taken_at: datetime, timezone: str, now: datetime) -> ScreeningResult:
    """Keep a completed questionnaire (a core ``instruments.Score``)."""
    return ScreeningResult.objects.create(
        uid=uuid.uuid4().hex,
        instrument=score.instrument.key,
        taken_at=taken_at,
        timezone=timezone,
        answers=list(score.answers),
        functional=score.functional,
        total=score.total,
        outcome=score.band.key,
        safety_signal=score.safety_signal,
        created_at=now,
    )


def save_check(kind: str, answers: dict, *, outcome: str, safety_signal: bool, taken_at: datetime, timezone: str, now: datetime) -> ScreeningResult:
    """Keep a numbness profile (``kind`` "profile") or a triage (``kind`` "triage")."""
    return ScreeningResult.objects.create(
        uid=uuid.uuid4().hex,
        instrument=kind,
        taken_at=taken_at,
        timezone=timezone,
        answers=answers,
        total=None,
        outcome=outcome[:64],
        safety_signal=safety_signal,
        created_at=now,
    )


def history(instrument: str | None = None, *, limit: int | None = None) -> list[ScreeningResult]:
    """Newest first."""
    query = ScreeningResult.objects.all()
    if instrument:
        query = query.filter(instrument=instrument)
    return list(query[:limit] if limit else query)


def previous(result: ScreeningResult) -> ScreeningResult | None:
    """The same instrument's result just before this one."""
    return (
        ScreeningResult.objects.filter(instrument=result.instrument, taken_at__lt=result.taken_at)
        .order_by("-taken_at", "-id")
        .first()
    )


def latest(kind: str) -> ScreeningResult | None:
    return ScreeningResult.objects.filter(instrument=kind).order_by("-taken_at", "-id").first()


def get(ref: str) -> ScreeningResult:
    text = (ref or "").strip().lower()
    number = text[1:] if text.startswith("s") else text
    row = ScreeningResult.objects.filter(pk=int(number)).first() if number.isdigit() else None
    if row is None:
        raise NotFound(_("There is no screening result %(ref)s. 'glimmers screen history' lists them.") % {"ref": ref})
    return row

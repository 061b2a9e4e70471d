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
    from glimmers.core.refs import short_number

    number = short_number(ref, "s")
    row = ScreeningResult.objects.filter(pk=number).first() if number is not None else None
    if row is None:
        raise NotFound(_("There is no screening result %(ref)s. 'glimmers screen history' lists them.") % {"ref": ref})
    return row


def describe(row: ScreeningResult) -> str:
    """One short line about a stored result, in the person's language."""
    from glimmers.core import instruments

    if row.instrument in QUESTIONNAIRES:
        instrument = instruments.instrument(row.instrument)
        band = instrument.band_for(row.total)
        return _("%(title)s %(total)d of %(max)d, %(band)s") % {
            "title": instrument.title, "total": row.total, "max": instrument.max_total, "band": band.label
        }
    if row.instrument == "triage":
        from glimmers.core import triage

        return _("Triage: %(label)s") % {"label": triage.outcome_label(row.outcome)}
    from glimmers.core import profile

    names = {form.key: form.label for form in profile.check().forms}
    leading = [names.get(key, key) for key in row.outcome.split(",") if key and key != "none"]
    if not leading:
        return _("Numbness profile: no one form stands out")
    return _("Numbness profile: %(forms)s") % {"forms": ", ".join(leading)}


def with_changes(rows: list[ScreeningResult] | None = None):
    """``(row, change)`` pairs, newest first; ``change`` compares a
    questionnaire with the same questionnaire's result before it (else None)."""
    from glimmers.core import instruments, screening_change

    rows = history() if rows is None else rows
    ordered = sorted(rows, key=lambda row: (row.taken_at, row.pk))
    last: dict[str, int] = {}
    changes = {}
    for row in ordered:
        if row.instrument in QUESTIONNAIRES and row.total is not None:
            if row.instrument in last:
                changes[row.pk] = screening_change.compare_totals(
                    instruments.instrument(row.instrument), last[row.instrument], row.total
                )
            last[row.instrument] = row.total
    return [(row, changes.get(row.pk)) for row in reversed(ordered)]

"""Keeping screening results and reading their history."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db.models import Q

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


# The questionnaires whose latest result triage takes into account.
TRIAGE_LOOKS_AT = ("phq9", "gad7")


def recent_for_triage(as_of: datetime, zone=None, *, before: ScreeningResult | None = None):
    """The latest PHQ-9 and GAD-7 taken at or before ``as_of``, as plain
    ``triage.RecentScore`` data (the core decides whether they are recent enough).

    ``zone`` (a tzinfo) gives ``taken_at`` in the person's zone, so the date
    named in the words is their own. ``before``: a stored triage, to read the
    results exactly as they were when it was taken (rows saved later at the
    same moment are left out).
    """
    from glimmers.core.care.triage import RecentScore

    found = []
    for key in TRIAGE_LOOKS_AT:
        query = ScreeningResult.objects.filter(instrument=key, taken_at__lte=as_of, total__isnull=False)
        if before is not None and before.pk is not None:
            query = query.filter(Q(taken_at__lt=as_of) | Q(id__lt=before.pk))
        row = query.order_by("-taken_at", "-id").first()
        if row is not None:
            taken_at = row.taken_at.astimezone(zone) if zone is not None else row.taken_at
            found.append(RecentScore(row.instrument, row.total, row.safety_signal, taken_at))
    return tuple(found)


def triage_of(row: ScreeningResult, zone=None):
    """A stored triage read again, with the recent results it was taken with.

    The stored outcome is never softened: if the results have changed since
    (one was deleted), the outcome stays at least as pressing as it was.
    """
    from dataclasses import replace

    from glimmers.core.care import triage

    result = triage.triage(row.answers, recent_for_triage(row.taken_at, zone, before=row), now=row.taken_at)
    if row.outcome in triage.OUTCOMES and triage.OUTCOMES.index(row.outcome) > triage.OUTCOMES.index(result.outcome):
        result = replace(result, outcome=row.outcome)
    return result


def get(ref: str) -> ScreeningResult:
    from glimmers.core.refs import short_number

    number = short_number(ref, "s")
    row = ScreeningResult.objects.filter(pk=number).first() if number is not None else None
    if row is None:
        raise NotFound(_("There is no screening result %(ref)s. 'glimmers screen history' lists them.") % {"ref": ref})
    return row


def describe(row: ScreeningResult) -> str:
    """One short line about a stored result, in the person's language."""
    from glimmers.core.care import instruments

    if row.instrument in QUESTIONNAIRES:
        instrument = instruments.instrument(row.instrument)
        band = instrument.band_for(row.total)
        return _("%(title)s %(total)d of %(max)d, %(band)s") % {
            "title": instrument.title, "total": row.total, "max": instrument.max_total, "band": band.label
        }
    if row.instrument == "triage":
        from glimmers.core.care import triage

        return _("Triage: %(label)s") % {"label": triage.outcome_label(row.outcome)}
    from glimmers.core.care import profile

    names = {form.key: form.label for form in profile.check().forms}
    leading = [names.get(key, key) for key in row.outcome.split(",") if key and key != "none"]
    if not leading:
        return _("Numbness profile: no one form stands out")
    return _("Numbness profile: %(forms)s") % {"forms": ", ".join(leading)}


def with_changes(rows: list[ScreeningResult] | None = None):
    """``(row, change)`` pairs, newest first; ``change`` compares a
    questionnaire with the same questionnaire's result before it (else None)."""
    from glimmers.core.care import instruments, screening_change

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

"""Keeping lever experiments and their daily adherence. The design (which
weeks are on, drawn from a stored seed) is fixed when the experiment is
created and stored whole, so the later analysis can trust it."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.db import transaction

from glimmers.core.toolkit import experiments
from glimmers.core import text as stored_text
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _
from glimmers.toolkit import refs
from glimmers.toolkit.models import AdherenceDay, Experiment

NOTE_MAX = 200


def design_of(row: Experiment) -> experiments.Experiment:
    lever = experiments.stored_custom_lever(row.lever_name) if row.lever_key == experiments.CUSTOM else experiments.lever(row.lever_key)
    return experiments.Experiment(
        lever, row.design, row.start, weeks=row.weeks, on_weeks=row.on_weeks, seed=row.seed,
        schedule=tuple(row.schedule), baseline_days=row.baseline_days, change_days=row.change_days,
    )


def _identity(row: Experiment) -> str:
    if row.lever_key == experiments.CUSTOM:
        return experiments.stored_custom_lever(row.lever_name).identity
    return row.lever_key


def create(design: experiments.Experiment, *, today: date, now: datetime) -> tuple[Experiment, list[str]]:
    """Store a new experiment; refused when it would overlap one on the same lever."""
    with transaction.atomic():
        existing = [(_identity(row), row.start, row.stopped_on or row.end) for row in Experiment.objects.all()]
        warnings = experiments.validate_new(design, today, existing)
        row = Experiment.objects.create(
            uid=uuid.uuid4().hex,
            lever_key=design.lever.key,
            lever_name=design.lever.name,
            design=design.design,
            start=design.start,
            end=design.end,
            weeks=design.weeks,
            on_weeks=design.on_weeks,
            seed=design.seed,
            schedule=list(design.schedule),
            baseline_days=design.baseline_days,
            change_days=design.change_days,
            created_at=now,
        )
    return row, warnings


def get(ref: str) -> Experiment:
    return refs.find(Experiment, ref, listing="glimmers experiment list")


def running(today: date) -> list[Experiment]:
    return [row for row in Experiment.objects.filter(start__lte=today, end__gte=today, stopped_on__isnull=True)]


def all_rows() -> list[Experiment]:
    return list(Experiment.objects.all())


def log(ref: str, day: date, answer: str, *, today: date, note: str = "") -> AdherenceDay:
    row = get(ref)
    answer = experiments.validate_adherence(answer)
    if day > today:
        raise InvalidInput(_("Adherence can be logged for today or earlier days."), field="day")
    end = row.stopped_on or row.end
    if not row.start <= day <= end:
        raise InvalidInput(
            _("%(day)s is outside this experiment (%(start)s to %(end)s).")
            % {"day": day.isoformat(), "start": row.start.isoformat(), "end": end.isoformat()},
            field="day",
        )
    note = stored_text.clean(note, field="note", label=_("The note"), multiline=True)
    if len(note) > NOTE_MAX:
        raise InvalidInput(_("The note can be at most %(max)d characters.") % {"max": NOTE_MAX}, field="note")
    entry, _created = AdherenceDay.objects.update_or_create(experiment=row, day=day, defaults={"answer": answer, "note": note})
    return entry


def logs(row: Experiment) -> dict[date, str]:
    return {entry.day: entry.answer for entry in row.adherence.all()}


def summary(row: Experiment, today: date) -> experiments.AdherenceSummary:
    """Counts up to today, or up to the day it was stopped."""
    if row.stopped_on is not None:
        today = min(today, row.stopped_on)
    return experiments.adherence_summary(design_of(row), logs(row), today)


def stop(ref: str, *, today: date) -> Experiment:
    """End early; what was logged is kept (the analysis uses the days that ran)."""
    row = get(ref)
    if row.stopped_on is not None:
        raise InvalidInput(_("This experiment was already stopped."))
    row.stopped_on = max(min(today, row.end), row.start)
    row.save(update_fields=["stopped_on"])
    return row


def delete(ref: str) -> Experiment:
    row = get(ref)
    row.delete()
    return row

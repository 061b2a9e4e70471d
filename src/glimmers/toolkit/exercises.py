"""Keeping guided exercise sessions, finished or interrupted."""

from __future__ import annotations

import uuid
from datetime import datetime

from glimmers.core.toolkit import exercises
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _
from glimmers.toolkit import refs
from glimmers.toolkit.models import ExerciseSession


def save(
    outcome: exercises.Outcome,
    *,
    started_at: datetime,
    timezone: str,
    numbness_before=None,
    numbness_after=None,
    shift: str = "",
) -> ExerciseSession:
    exercise = exercises.exercise(outcome.exercise_key)
    if not 0 <= outcome.steps_done <= outcome.steps_total or outcome.active_seconds < 0:
        raise InvalidInput(_("The exercise's progress does not add up."), field="steps_done")
    _check_shift(shift)
    return ExerciseSession.objects.create(
        uid=uuid.uuid4().hex,
        exercise_key=exercise.key,
        started_at=started_at,
        timezone=timezone,
        active_seconds=round(outcome.active_seconds),
        completed=outcome.completed,
        steps_done=outcome.steps_done,
        steps_total=outcome.steps_total,
        numbness_before=exercises.validate_rating(numbness_before, "numbness before") if numbness_before not in (None, "") else None,
        numbness_after=exercises.validate_rating(numbness_after, "numbness after") if numbness_after not in (None, "") else None,
        shift=shift,
    )


def _check_shift(shift: str) -> None:
    if shift and shift not in dict(exercises.SHIFTS):
        raise InvalidInput(
            _("Answer 'did anything shift?' with one of: %(keys)s.") % {"keys": ", ".join(dict(exercises.SHIFTS))}, field="shift"
        )


def note_after(row: ExerciseSession, *, numbness_after=None, shift: str = "") -> ExerciseSession:
    """Add the after-rating and "did anything shift?" to a saved session."""
    _check_shift(shift)
    row.numbness_after = exercises.validate_rating(numbness_after, "numbness after") if numbness_after not in (None, "") else None
    row.shift = shift
    row.save(update_fields=["numbness_after", "shift"])
    return row


def get(ref: str) -> ExerciseSession:
    return refs.find(ExerciseSession, ref, listing="glimmers ground --history")


def recent(limit: int = 20) -> list[ExerciseSession]:
    return list(ExerciseSession.objects.all()[:limit])

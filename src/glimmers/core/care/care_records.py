"""Screening results, medicine events and the safety plan as plain records,
for export, import and backup. Reading them back is strict: a record that
does not make sense is refused with the field that is wrong."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Mapping

from glimmers.core.care import medication
from glimmers.core.safety import safety_plan
from glimmers.core import text
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _

SCREENING_KINDS = ("phq9", "phq2", "gad7", "gad2", "profile", "triage")


@dataclass(frozen=True)
class ScreeningRecord:
    instrument: str
    taken_at: datetime
    timezone: str
    answers: Any  # a list of numbers for questionnaires, a mapping for profile and triage
    outcome: str
    total: int | None = None
    functional: int | None = None
    safety_signal: bool = False
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)
    created_at: datetime | None = None


@dataclass(frozen=True)
class MedicationRecord:
    name: str
    kind: str
    day: date
    dose: str = ""
    note: str = ""
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)
    created_at: datetime | None = None


def _instant(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_instant(value: Any, name: str, *, required: bool = True) -> datetime | None:
    if value is None and not required:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput(_("%(field)s must be a date and time with a zone.") % {"field": name}, field=name)
    return moment.astimezone(UTC)


def _whole(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(_("%(field)s must be a whole number or null.") % {"field": name}, field=name)
    return value


def _text(plain: Mapping, name: str, *, required: bool = False, limit: int = 2000, multiline: bool = False) -> str:
    """A text field, by the shared rule for stored text (one line unless ``multiline``)."""
    value = plain.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        raise InvalidInput(_("%(field)s must be text (up to %(n)d characters).") % {"field": name, "n": limit}, field=name)
    return text.clean(value, field=name, label=name, multiline=multiline)


def _answers_text(answers: Mapping) -> dict:
    """The profile's and triage's answers: their keys (and any text value) by the same rule."""
    return {
        text.clean(key, field="answers", label="answers", maximum=64): (
            text.clean(value, field="answers", label="answers", maximum=64) if isinstance(value, str) else value
        )
        for key, value in answers.items()
    }


def _known_fields(plain: Any, allowed: set[str]) -> Mapping:
    if not isinstance(plain, Mapping):
        raise InvalidInput(_("Each record must be a JSON object."))
    unknown = sorted(set(plain) - allowed)
    if unknown:
        raise InvalidInput(_("Unknown field %(field)s.") % {"field": repr(unknown[0])}, field=unknown[0])
    return plain


def screening_to_plain(record: ScreeningRecord) -> dict[str, Any]:
    return {
        "uid": record.uid,
        "instrument": record.instrument,
        "taken_at": _instant(record.taken_at),
        "timezone": record.timezone,
        "answers": record.answers,
        "functional": record.functional,
        "total": record.total,
        "outcome": record.outcome,
        "safety_signal": record.safety_signal,
        "created_at": _instant(record.created_at),
    }


def screening_from_plain(plain: Any) -> ScreeningRecord:
    plain = _known_fields(plain, set(screening_to_plain(ScreeningRecord("phq9", datetime.now(UTC), "UTC", [], "")).keys()))
    instrument = plain.get("instrument")
    if instrument not in SCREENING_KINDS:
        raise InvalidInput(_("instrument must be one of %(kinds)s.") % {"kinds": ", ".join(SCREENING_KINDS)}, field="instrument")
    answers = plain.get("answers")
    questionnaire = instrument not in ("profile", "triage")
    if questionnaire and not (isinstance(answers, list) and all(isinstance(a, int) and not isinstance(a, bool) for a in answers)):
        raise InvalidInput(_("answers must be a list of whole numbers."), field="answers")
    if not questionnaire and not isinstance(answers, Mapping):
        raise InvalidInput(_("answers must be an object."), field="answers")
    if not questionnaire:
        answers = _answers_text(answers)
    signal = plain.get("safety_signal", False)
    if not isinstance(signal, bool):
        raise InvalidInput(_("safety_signal must be true or false."), field="safety_signal")
    uid = _text(plain, "uid", required=True, limit=32)
    return ScreeningRecord(
        instrument=instrument,
        taken_at=_parse_instant(plain.get("taken_at"), "taken_at"),
        timezone=_text(plain, "timezone", required=True, limit=64),
        answers=answers,
        outcome=_text(plain, "outcome", limit=64),
        total=_whole(plain.get("total"), "total"),
        functional=_whole(plain.get("functional"), "functional"),
        safety_signal=signal,
        uid=uid,
        created_at=_parse_instant(plain.get("created_at"), "created_at", required=False),
    )


def medication_to_plain(record: MedicationRecord) -> dict[str, Any]:
    return {
        "uid": record.uid,
        "name": record.name,
        "kind": record.kind,
        "dose": record.dose,
        "day": record.day.isoformat(),
        "note": record.note,
        "created_at": _instant(record.created_at),
    }


def medication_from_plain(plain: Any, *, today: date) -> MedicationRecord:
    plain = _known_fields(plain, set(medication_to_plain(MedicationRecord("x", "start", date.today())).keys()))
    try:
        day = date.fromisoformat(plain.get("day", ""))
    except (TypeError, ValueError):
        raise InvalidInput(_("day must be a date such as 2026-11-20."), field="day") from None
    event = medication.validate_event(
        name=_text(plain, "name", required=True, limit=medication.NAME_MAX),
        kind=plain.get("kind", ""),
        day=day,
        dose=_text(plain, "dose", limit=medication.DOSE_MAX),
        note=_text(plain, "note", limit=medication.NOTE_MAX, multiline=True),
        today=today,
    )
    return MedicationRecord(
        name=event.name, kind=event.kind, day=event.day, dose=event.dose, note=event.note,
        uid=_text(plain, "uid", required=True, limit=32),
        created_at=_parse_instant(plain.get("created_at"), "created_at", required=False),
    )


def safety_plan_to_plain(plan: safety_plan.SafetyPlan | None) -> dict[str, list[str]] | None:
    if plan is None or plan.is_empty:
        return None
    return {key: list(plan.get(key)) for key in safety_plan.step_keys()}


def safety_plan_from_plain(plain: Any) -> safety_plan.SafetyPlan | None:
    if plain is None:
        return None
    if not isinstance(plain, Mapping) or not all(
        isinstance(v, list) and all(isinstance(line, str) for line in v) for v in plain.values()
    ):
        raise InvalidInput(_("safety_plan must map each step to a list of text lines."), field="safety_plan")
    return safety_plan.validate(dict(plain))

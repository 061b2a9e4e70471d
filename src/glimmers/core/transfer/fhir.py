"""Screening results as an HL7 FHIR Bundle: QuestionnaireResponse + Observation.

Uses the ``fhir.resources`` models for FHIR **R4B (4.3.0)**, the release in
``fhir.resources`` closest to R4 (its top-level modules are R5; there is no
plain R4 package in the 8.x series). Bundle, QuestionnaireResponse and
Observation have the same shape in R4 and R4B for every element used here,
so the output reads as R4. The library is imported inside ``bundle`` only.

Each administration becomes:

- a QuestionnaireResponse (status ``completed``), its ``questionnaire`` the
  LOINC panel canonical (``http://loinc.org/q/<panel>``) when there is one,
  one item per question with ``linkId`` = the LOINC item code and the answer
  as a LOINC ``valueCoding`` (LA... code and label); PHQ-9's difficulty
  question is included when it was answered;
- an Observation of the total (status ``final``, category ``survey``, code =
  the LOINC total-score code, ``valueInteger``), ``derivedFrom`` the
  response by its ``urn:uuid`` full URL. The GAD-2 has no verified LOINC
  total code, so its Observation carries a text-only code.

Ids are UUIDs derived from the administration ids, so the same input always
gives the same text.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Sequence

from glimmers.core.care import instruments
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _

FHIR_RELEASE = "4.3.0"  # R4B, via fhir.resources.R4B
LOINC = "http://loinc.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# Fixed namespace for the ids derived from administration ids. Never change it:
# it would change every exported id.
_NAMESPACE = uuid.UUID("6f1d3c0e-5a7b-4c55-9d8e-2b1f4a9e7c10")


@dataclass(frozen=True)
class Administration:
    """One completed questionnaire, as plain data."""

    id: str
    instrument_key: str
    answers: tuple[int, ...]
    functional: int | None
    taken_at: datetime  # aware, UTC


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def _when(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() != timedelta(0):
        raise InvalidInput(_("Export times must be in UTC with the time zone given."), field="taken_at")
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + (f".{moment.microsecond:06d}" if moment.microsecond else "") + "Z"


def _coding(option: instruments.Option) -> dict:
    return {"system": LOINC, "code": option.code, "display": option.label}


def _response(admin: Administration, score: instruments.Score, response_id: str) -> dict:
    instrument = score.instrument
    items = [
        {"linkId": item.loinc, "text": item.text, "answer": [{"valueCoding": _coding(instrument.option(value))}]}
        for item, value in zip(instrument.items, score.answers)
    ]
    chosen = score.functional_option
    if chosen is not None:
        question = instrument.functional
        items.append({"linkId": question.loinc, "text": question.text, "answer": [{"valueCoding": _coding(chosen)}]})
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": response_id,
        "status": "completed",
        "authored": _when(admin.taken_at),
    }
    if instrument.panel_loinc:
        resource["questionnaire"] = f"{LOINC}/q/{instrument.panel_loinc}"
    resource["item"] = items
    return resource


def _observation(admin: Administration, score: instruments.Score, observation_id: str, response_id: str) -> dict:
    instrument = score.instrument
    code: dict = {"text": f"{instrument.title} total score"}
    if instrument.total_loinc:
        code["coding"] = [{"system": LOINC, "code": instrument.total_loinc}]
    return {
        "resourceType": "Observation",
        "id": observation_id,
        "status": "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": code,
        "effectiveDateTime": _when(admin.taken_at),
        "valueInteger": score.total,
        "derivedFrom": [{"reference": f"urn:uuid:{response_id}", "type": "QuestionnaireResponse"}],
    }


def bundle(administrations: Sequence[Administration], *, timestamp: datetime | None = None) -> str:
    """A FHIR ``collection`` Bundle as JSON text, validated by the FHIR models.

    Administrations are ordered by time, then id. Answers are checked as in
    ``instruments.score``; anything invalid raises ``InvalidInput`` and
    nothing is produced.
    """
    from fhir.resources.R4B.bundle import Bundle

    ids = [admin.id for admin in administrations]
    if len(set(ids)) != len(ids):
        raise InvalidInput(_("Each result in an export needs its own id."), field="id")
    entries = []
    for admin in sorted(administrations, key=lambda a: (_when(a.taken_at), a.id)):
        score = instruments.score(instruments.instrument(admin.instrument_key), admin.answers, admin.functional)
        response_id = _uuid(admin.id, "QuestionnaireResponse")
        observation_id = _uuid(admin.id, "Observation")
        entries.append({"fullUrl": f"urn:uuid:{response_id}", "resource": _response(admin, score, response_id)})
        observation = _observation(admin, score, observation_id, response_id)
        entries.append({"fullUrl": f"urn:uuid:{observation_id}", "resource": observation})
    document: dict = {"resourceType": "Bundle", "id": _uuid("bundle", *sorted(ids)), "type": "collection"}
    if timestamp is not None:
        document["timestamp"] = _when(timestamp)
    if entries:
        document["entry"] = entries
    validated = Bundle.model_validate(document)
    return json.dumps(json.loads(validated.model_dump_json()), indent=2, ensure_ascii=False) + "\n"

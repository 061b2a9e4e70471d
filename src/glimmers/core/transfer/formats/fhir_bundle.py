"""``export --format fhir``: the questionnaire results as an HL7 FHIR Bundle
(QuestionnaireResponse + Observation per result, LOINC-coded), for a
clinician's system. Export only: the numbness profile and triage are our own
questions with no standard codes, so they stay out, as does the journal."""

from __future__ import annotations

from typing import ClassVar

from glimmers.core.transfer.bundle import Bundle

QUESTIONNAIRES = ("phq9", "phq2", "gad7", "gad2")


class FhirBundle:
    name: ClassVar[str] = "fhir"
    extension: ClassVar[str] = "json"

    def write(self, bundle: Bundle) -> bytes:
        from glimmers.core.transfer import fhir

        administrations = [
            fhir.Administration(
                id=record.uid,
                instrument_key=record.instrument,
                answers=tuple(record.answers),
                functional=record.functional,
                taken_at=record.taken_at,
            )
            for record in bundle.screenings
            if record.instrument in QUESTIONNAIRES
        ]
        return fhir.bundle(administrations).encode("utf-8")

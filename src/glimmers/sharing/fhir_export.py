"""What was shared, as one FHIR R4B Bundle for a clinician's system.

The Consent that allows the sharing comes first; under the screening scope,
the questionnaire results follow (QuestionnaireResponse and Observation, as
in the person's own FHIR export). The Bundle and every resource in it carry
the security labels restricted (R) and psychiatry (PSY), so a receiving
system knows how carefully to keep them. Read as the sharer
(``access.as_the_sharer``), after ``access.opening`` wrote the look down.
"""

from __future__ import annotations

import json
from datetime import timezone as dt_timezone

from django.utils import timezone

from glimmers.core.sharing import fhir_sharing
from glimmers.core.sharing import scopes as declared
from glimmers.sharing import access


def as_core(grant) -> fhir_sharing.Grant:
    """A stored grant as the core's plain record of it."""
    return fhir_sharing.Grant(
        id=grant.public_id, sharer=grant.owner.get_username(), sharer_display=access.shown_name(grant.owner),
        recipient=grant.recipient.get_username() if grant.recipient else "",
        recipient_display=access.shown_name(grant.recipient) if grant.recipient else "",
        role=grant.role, scopes=tuple(grant.scopes), starts=grant.starts_at, ends=grant.ends_at,
        status=grant.status, recorded_at=grant.accepted_at or grant.made_at,
    )


def _labelled(resource: dict) -> dict:
    meta = dict(resource.get("meta") or {})
    meta["security"] = [dict(label) for label in declared.SECURITY_LABELS]
    return {**resource, "meta": meta}


def _screening_entries() -> list[dict]:
    from glimmers.care.models import ScreeningResult
    from glimmers.core.transfer import fhir
    from glimmers.core.transfer.formats.fhir_bundle import QUESTIONNAIRES

    administrations = [
        fhir.Administration(id=row.uid, instrument_key=row.instrument, answers=tuple(row.answers),
                            functional=row.functional, taken_at=row.taken_at.astimezone(dt_timezone.utc))
        for row in ScreeningResult.objects.filter(instrument__in=QUESTIONNAIRES).order_by("taken_at", "id")
    ]
    if not administrations:
        return []
    return json.loads(fhir.bundle(administrations)).get("entry", [])


def shared_bundle(grant, allowed: tuple[str, ...]) -> str:
    """The Bundle as JSON text, validated by the FHIR models."""
    from fhir.resources.R4B.bundle import Bundle

    consent = fhir_sharing.consent(as_core(grant))
    entries = [{"fullUrl": f"urn:uuid:{consent['id']}", "resource": _labelled(consent)}]
    if "screening" in allowed:
        entries += [{**entry, "resource": _labelled(entry["resource"])} for entry in _screening_entries()]
    document = _labelled({
        "resourceType": "Bundle", "type": "collection",
        "timestamp": timezone.now().astimezone(dt_timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "entry": entries,
    })
    validated = Bundle.model_validate(document)
    return json.dumps(json.loads(validated.model_dump_json()), indent=2, ensure_ascii=False) + "\n"

"""A grant as an HL7 FHIR Consent, and the audit trail as AuditEvents.

Why FHIR: a person who shares with a clinician can hand over the terms of
that sharing, and later the record of every look, in a form a clinic's
systems already read. Same release and library as ``core/transfer/fhir.py``
(R4B through ``fhir.resources.R4B``, imported inside the functions only),
and the same habits: plain dicts, checked by the library's models before
they leave, ids derived from our own so the same input gives the same text.

The codes, and why these:

- Consent: scope ``patient-privacy`` (consentscope) and category LOINC
  ``59284-0``, as in the specification's own basic consent example;
  ``policyRule`` v3-ActCode ``OPTIN``, since nothing is shared unless the
  person chose it. One ``permit`` provision: the recipient as actor in the
  role ``IRCP`` (information recipient), the action ``access`` (they may
  look, not change), the purpose from the role (v3-ActReason ``TREAT`` for
  a clinician, ``PATRQT`` for someone the person asked to share with), the
  security labels of ``scopes.SECURITY_LABELS``, the kinds of FHIR resource
  the data would travel as in ``class``, and our scope keys in ``code``
  under a system of our own (``SCOPE_SYSTEM``).
- AuditEvent: ``type`` is a DICOM audit event id, the codes FHIR's own
  value set is built on: ``110110`` "Patient Record" for looking at or
  changing what a person shares, ``110106`` "Export" for a download. Not
  ``rest``: the server has no FHIR REST interface, and an event type that
  claimed one would mislead whoever reads the log. Our own action word
  goes in ``subtype``, so "revoke" and "end" stay apart although both are
  a FHIR ``D``. Each event's entity carries the chain's ``canonical`` text,
  ``previous`` and ``digest`` as ``detail`` entries, so the downloaded file
  can be checked without glimmers: sha256 of each canonical text is its
  digest, and each previous is the digest before it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _
from glimmers.core.sharing import audit, scopes
from glimmers.core.transfer.fhir import LOINC, _when

STATUSES = ("proposed", "active", "inactive", "rejected")

# Systems of our own: URNs, so nobody mistakes them for an address to fetch.
SCOPE_SYSTEM = "urn:glimmers:sharing-scope"
GRANT_SYSTEM = "urn:glimmers:sharing-grant"
ACCOUNT_SYSTEM = "urn:glimmers:account"
ACTION_SYSTEM = "urn:glimmers:audit-action"

CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction"
PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
RESOURCE_TYPES = "http://hl7.org/fhir/resource-types"
DICOM = "http://dicom.nema.org/resources/ontology/DCM"
ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type"
OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role"
SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type"
PATIENT_CONSENT = "59284-0"

# Our actions as FHIR's C/R/U/D. A refusal that named nothing ("denied")
# has no FHIR action: what was tried is not known, so none is claimed.
FHIR_ACTIONS = {
    "read": "R", "export": "R",
    "grant": "C", "accept": "C",
    "change": "U",
    "revoke": "D", "end": "D", "decline": "D",
}
FHIR_OUTCOMES = {"success": "0", "denied": "4"}  # 4: minor failure, the request was refused
PATIENT_RECORD = {"system": DICOM, "code": "110110", "display": "Patient Record"}
EXPORT = {"system": DICOM, "code": "110106", "display": "Export"}
OBSERVER = "glimmers server"
# The detail entries that carry the chain on each AuditEvent.
DETAIL_CANONICAL = "glimmers-canonical"
DETAIL_PREVIOUS = "glimmers-previous"
DETAIL_DIGEST = "glimmers-digest"

# Fixed namespace for the ids derived from grants and events. Never change
# it: it would change every id already handed out.
_NAMESPACE = uuid.UUID("7b83aa96-bfe6-4210-b617-07a2b10be8a0")


@dataclass(frozen=True)
class Grant:
    """One person's permission for another to see some of their journal."""

    id: str
    sharer: str  # account name
    sharer_display: str
    recipient: str  # account name, "" while only invited
    recipient_display: str
    role: str
    scopes: tuple[str, ...]
    starts: datetime  # aware
    ends: datetime | None  # aware; None: until revoked
    status: str  # one of STATUSES
    recorded_at: datetime  # aware


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def _instant(moment: datetime | None, field: str) -> str:
    """Any aware time as FHIR text in UTC; a time without a zone is refused."""
    if not isinstance(moment, datetime) or moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(_("Sharing times need their time zone."), field=field)
    return _when(moment.astimezone(timezone.utc))


def _text(value: object, field: str, *, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise InvalidInput(_("A grant needs its %(field)s.") % {"field": field}, field=field)
    return value


def _person(account: str, display: str) -> dict:
    """A Reference to an account by name, with how it is shown."""
    reference: dict = {"display": display}
    if account:
        reference["identifier"] = {"system": ACCOUNT_SYSTEM, "value": account}
    return reference


def _labels() -> list[dict]:
    return [dict(label) for label in scopes.SECURITY_LABELS]


def _checked(grant: Grant) -> tuple[str, ...]:
    """The grant's scopes in order, once every field has been checked."""
    _text(grant.id, "id")
    _text(grant.sharer, "sharer")
    _text(grant.sharer_display, "sharer_display")
    _text(grant.recipient, "recipient", required=False)
    _text(grant.recipient_display, "recipient_display")
    if grant.status not in STATUSES:
        raise InvalidInput(_("A grant's status must be one of: %(statuses)s.") % {"statuses": ", ".join(STATUSES)},
                           field="status")
    if grant.status == "active" and not grant.recipient:
        raise InvalidInput(_("A grant can be active only once someone has accepted it."), field="recipient")
    chosen = scopes.checked_scopes(grant.scopes, grant.role)
    _instant(grant.recorded_at, "recorded_at")
    _instant(grant.starts, "starts")
    if grant.ends is not None:
        _instant(grant.ends, "ends")
        if grant.ends <= grant.starts:
            raise InvalidInput(_("A grant must end after it starts."), field="ends")
    return chosen


def _provision(grant: Grant, chosen: tuple[str, ...]) -> dict:
    period = {"start": _instant(grant.starts, "starts")}
    if grant.ends is not None:
        period["end"] = _instant(grant.ends, "ends")
    classes = dict.fromkeys(scopes.scope(key).fhir_class for key in chosen)  # each once, in order
    return {
        "type": "permit",
        "period": period,
        "actor": [
            {
                "role": {"coding": [{"system": PARTICIPATION_TYPE, "code": "IRCP", "display": "information recipient"}]},
                "reference": _person(grant.recipient, grant.recipient_display),
            }
        ],
        "action": [{"coding": [{"system": CONSENT_ACTION, "code": "access", "display": "Access"}]}],
        "securityLabel": _labels(),
        "purpose": [scopes.role(grant.role).purpose_coding()],
        "class": [{"system": RESOURCE_TYPES, "code": name} for name in classes],
        "code": [
            {"coding": [{"system": SCOPE_SYSTEM, "code": key, "display": scopes.scope(key).label}]} for key in chosen
        ],
    }


def consent(grant: Grant) -> dict:
    """The grant as a FHIR R4B Consent, as the FHIR library writes it out.

    Raises ``InvalidInput`` for a grant that could not be given (an unknown
    scope, a scope the role may not have, a time without its zone)."""
    from fhir.resources.R4B.consent import Consent

    chosen = _checked(grant)
    sharer = _person(grant.sharer, grant.sharer_display)
    resource = {
        "resourceType": "Consent",
        "id": _uuid("consent", grant.id),
        "identifier": [{"system": GRANT_SYSTEM, "value": grant.id}],
        "status": grant.status,
        "scope": {"coding": [{"system": CONSENT_SCOPE, "code": "patient-privacy", "display": "Privacy Consent"}]},
        # As the specification's basic example writes it: the code without a display.
        "category": [{"coding": [{"system": LOINC, "code": PATIENT_CONSENT}]}],
        "patient": sharer,
        "dateTime": _instant(grant.recorded_at, "recorded_at"),
        "performer": [dict(sharer)],
        "policyRule": {"coding": [{"system": scopes.ACT_CODE, "code": "OPTIN", "display": "opt-in"}]},
        "provision": _provision(grant, chosen),
    }
    return json.loads(Consent.model_validate(resource).model_dump_json())


def _entity(event: audit.Event, subject_display: str) -> dict:
    return {
        "what": _person(event.subject, subject_display),
        "type": {"system": ENTITY_TYPE, "code": "1", "display": "Person"},
        "role": {"system": OBJECT_ROLE, "code": "1", "display": "Patient"},
        "description": event.what,
        "securityLabel": _labels(),
        "detail": [
            {"type": DETAIL_CANONICAL, "valueString": audit.canonical(event).decode("utf-8")},
            {"type": DETAIL_PREVIOUS, "valueString": event.previous},
            {"type": DETAIL_DIGEST, "valueString": event.digest},
        ],
    }


def _audit_event(event: audit.Event, subject_display: str) -> dict:
    resource: dict = {
        "resourceType": "AuditEvent",
        "id": _uuid("audit", event.subject, str(event.seq)),
        "type": dict(EXPORT if event.action == "export" else PATIENT_RECORD),
        "subtype": [{"system": ACTION_SYSTEM, "code": event.action}],
    }
    if event.action in FHIR_ACTIONS:
        resource["action"] = FHIR_ACTIONS[event.action]
    resource["recorded"] = _instant(event.recorded_at, "recorded_at")
    resource["outcome"] = FHIR_OUTCOMES[event.outcome]
    if event.outcome == "denied" and event.detail:
        resource["outcomeDesc"] = event.detail
    if event.purpose:
        resource["purposeOfEvent"] = [{"coding": [scopes.purpose_coding(event.purpose)]}]
    resource["agent"] = [{"who": _person(event.actor, event.actor_shown or event.actor), "requestor": True}]
    resource["source"] = {
        "observer": {"display": OBSERVER},
        "type": [{"system": SOURCE_TYPE, "code": "4", "display": "Application Server"}],
    }
    resource["entity"] = [_entity(event, subject_display)]
    return resource


def audit_bundle(events: Sequence[audit.Event], *, subject_display: str, timestamp: datetime | None = None) -> str:
    """One person's audit trail as a FHIR ``collection`` Bundle of AuditEvents,
    in the order of the chain, as JSON text checked by the FHIR models.

    The events are written as they are, a broken chain too: the file is for
    checking, and hiding a break would defeat it."""
    from fhir.resources.R4B.bundle import Bundle

    ordered = sorted(events, key=lambda event: event.seq)
    if len({event.subject for event in ordered}) > 1:
        raise InvalidInput(_("An audit file holds one person's trail."), field="subject")
    if len({event.seq for event in ordered}) != len(ordered):
        raise InvalidInput(_("Each event of an audit trail needs its own number."), field="seq")
    if not isinstance(subject_display, str) or not subject_display.strip():
        raise InvalidInput(_("An audit file needs the name of the person it is about."), field="subject_display")
    entries = []
    for event in ordered:
        resource = _audit_event(event, subject_display)
        entries.append({"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource})
    last = ordered[-1] if ordered else None
    document: dict = {
        "resourceType": "Bundle",
        "id": _uuid("audit-bundle", last.subject if last else "", last.digest if last else audit.GENESIS),
        "type": "collection",
    }
    if timestamp is not None:
        document["timestamp"] = _instant(timestamp, "timestamp")
    if entries:
        document["entry"] = entries
    validated = Bundle.model_validate(document)
    return json.dumps(json.loads(validated.model_dump_json()), indent=2, ensure_ascii=False) + "\n"

"""Sharing as FHIR: a grant's Consent and a trail's AuditEvents, parsed back
with the fhir.resources models, and the same text for the same input."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from fhir.resources.R4B.auditevent import AuditEvent
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.consent import Consent

from glimmers.core.errors import InvalidInput
from glimmers.core.sharing import audit, fhir_sharing, scopes

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
BERLIN = timezone(timedelta(hours=1))
SCOPE_SYSTEM = "urn:glimmers:sharing-scope"

CLINICIAN = fhir_sharing.Grant(
    id="g-17", sharer="ana", sharer_display="Ana", recipient="dr_b", recipient_display="Dr Bo",
    role="clinician", scopes=("screening", "weekly_summary", "clinician_report"),
    starts=T0, ends=T0 + timedelta(days=90), status="active", recorded_at=T0,
)
TRUSTED = fhir_sharing.Grant(
    id="g-18", sharer="ana", sharer_display="Ana", recipient="", recipient_display="Sam",
    role="trusted", scopes=("checkin_ratings",), starts=T0.astimezone(BERLIN), ends=None,
    status="proposed", recorded_at=T0,
)


def parsed(grant: fhir_sharing.Grant) -> Consent:
    return Consent.model_validate(fhir_sharing.consent(grant))


def test_the_consent_is_a_valid_r4b_consent():
    consent = parsed(CLINICIAN)
    assert consent.status == "active"
    assert (consent.scope.coding[0].system, consent.scope.coding[0].code) == (
        "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy")
    assert (consent.category[0].coding[0].system, consent.category[0].coding[0].code) == ("http://loinc.org", "59284-0")
    assert consent.policyRule.coding[0].code == "OPTIN"
    assert consent.patient.display == "Ana" and consent.patient.identifier.value == "ana"
    assert consent.performer[0].display == "Ana"
    assert consent.dateTime == T0
    assert consent.provision.type == "permit"


def test_the_consent_carries_the_scopes_in_declared_order():
    provision = parsed(CLINICIAN).provision
    codings = [concept.coding[0] for concept in provision.code]
    assert [c.code for c in codings] == ["weekly_summary", "screening", "clinician_report"]
    assert {c.system for c in codings} == {SCOPE_SYSTEM}
    assert [c.display for c in codings] == [scopes.scope(c.code).label for c in codings]
    assert [c.code for c in provision.class_fhir] == ["Observation", "QuestionnaireResponse", "DocumentReference"]
    assert {c.system for c in provision.class_fhir} == {"http://hl7.org/fhir/resource-types"}


def test_the_consent_carries_the_period_in_utc():
    assert parsed(CLINICIAN).provision.period.start == T0
    assert parsed(CLINICIAN).provision.period.end == T0 + timedelta(days=90)
    document = fhir_sharing.consent(TRUSTED)
    assert document["provision"]["period"] == {"start": "2026-11-20T12:00:00Z"}  # no end: until revoked


@pytest.mark.parametrize("grant, code", [(CLINICIAN, "TREAT"), (TRUSTED, "PATRQT")])
def test_the_purpose_follows_the_role(grant, code):
    purpose = parsed(grant).provision.purpose
    assert [(p.system, p.code) for p in purpose] == [("http://terminology.hl7.org/CodeSystem/v3-ActReason", code)]


def test_the_recipient_is_the_information_recipient():
    actor = parsed(CLINICIAN).provision.actor[0]
    assert (actor.role.coding[0].system, actor.role.coding[0].code) == (
        "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP")
    assert actor.reference.display == "Dr Bo" and actor.reference.identifier.value == "dr_b"
    invited = parsed(TRUSTED).provision.actor[0].reference
    assert invited.display == "Sam" and invited.identifier is None  # no account yet


def test_the_consent_carries_both_security_labels():
    labels = parsed(CLINICIAN).provision.securityLabel
    assert [(c.system, c.code) for c in labels] == [
        ("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R"),
        ("http://terminology.hl7.org/CodeSystem/v3-ActCode", "PSY"),
    ]


def test_the_consent_is_the_same_for_the_same_grant():
    assert json.dumps(fhir_sharing.consent(CLINICIAN)) == json.dumps(fhir_sharing.consent(replace(CLINICIAN)))
    assert fhir_sharing.consent(CLINICIAN)["id"] != fhir_sharing.consent(replace(CLINICIAN, id="g-99"))["id"]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"role": "trusted"}, "\u201cThe clinician report\u201d can't be shared"),
        ({"scopes": ()}, "Choose at least one thing to share."),
        ({"scopes": ("diary",)}, "There is nothing to share called 'diary'."),
        ({"role": "friend"}, "There is no sharing role called 'friend'."),
        ({"status": "draft"}, "A grant's status must be one of"),
        ({"recipient": ""}, "active only once someone has accepted it"),
        ({"starts": datetime(2026, 11, 20, 12)}, "Sharing times need their time zone."),
        ({"ends": datetime(2027, 1, 1)}, "Sharing times need their time zone."),
        ({"recorded_at": datetime(2026, 11, 20)}, "Sharing times need their time zone."),
        ({"ends": T0}, "A grant must end after it starts."),
        ({"sharer": ""}, "A grant needs its sharer."),
    ],
)
def test_a_grant_that_could_not_be_given_produces_nothing(changes, message):
    with pytest.raises(InvalidInput, match=re.escape(message)):
        fhir_sharing.consent(replace(CLINICIAN, **changes))


# The trail: one event of each kind that maps differently.
def trail() -> list[audit.Event]:
    steps = [
        ("ana", "grant", "grant", "success", ""),
        ("dr_b", "accept", "grant", "success", ""),
        ("dr_b", "read", "screening", "success", "TREAT"),
        ("dr_b", "export", "clinician_report", "success", "TREAT"),
        ("ana", "change", "grant", "success", ""),
        ("mallory", "read", "notes_and_glimmers", "denied", ""),
        ("mallory", "denied", "grant", "denied", ""),
        ("ana", "revoke", "grant", "success", ""),
    ]
    events: list[audit.Event] = []
    for n, (actor, action, what, outcome, purpose) in enumerate(steps):
        events.append(audit.sealed(
            events[-1] if events else None, recorded_at=T0 + timedelta(hours=n, microseconds=500 * n),
            actor=actor, subject="ana", action=action, what=what, outcome=outcome, purpose=purpose,
            detail="no grant for this" if outcome == "denied" else "",
        ))
    return events


TRAIL = trail()


def audit_events(text: str) -> list[AuditEvent]:
    bundle = Bundle.model_validate_json(text)
    assert bundle.type == "collection"
    return [entry.resource for entry in bundle.entry]


def test_the_trail_is_a_valid_r4b_bundle_of_audit_events_in_order():
    events = audit_events(fhir_sharing.audit_bundle(list(reversed(TRAIL)), subject_display="Ana"))
    assert len(events) == len(TRAIL) and all(isinstance(e, AuditEvent) for e in events)
    assert [e.subtype[0].code for e in events] == [event.action for event in TRAIL]
    assert [e.recorded for e in events] == [event.recorded_at for event in TRAIL]


def test_actions_and_outcomes_are_mapped():
    events = audit_events(fhir_sharing.audit_bundle(TRAIL, subject_display="Ana"))
    assert [e.action for e in events] == ["C", "C", "R", "R", "U", "R", None, "D"]
    assert [e.outcome for e in events] == ["0", "0", "0", "0", "0", "4", "4", "0"]
    assert events[5].outcomeDesc == "no grant for this" and events[0].outcomeDesc is None
    assert [e.type.code for e in events] == ["110110", "110110", "110110", "110106", "110110", "110110", "110110", "110110"]
    assert {e.type.system for e in events} == {"http://dicom.nema.org/resources/ontology/DCM"}


def test_every_action_has_a_fhir_action_but_a_bare_refusal():
    assert set(fhir_sharing.FHIR_ACTIONS) == set(audit.ACTIONS) - {"denied"}
    assert {fhir_sharing.FHIR_ACTIONS[a] for a in ("revoke", "end", "decline")} == {"D"}


def test_each_audit_event_names_who_whose_what_and_why():
    event = audit_events(fhir_sharing.audit_bundle(TRAIL, subject_display="Ana"))[2]
    assert event.agent[0].who.display == "dr_b" and event.agent[0].requestor is True
    assert event.source.observer.display == "glimmers server"
    assert [c.code for p in event.purposeOfEvent for c in p.coding] == ["TREAT"]
    entity = event.entity[0]
    assert entity.what.display == "Ana" and entity.what.identifier.value == "ana"
    assert entity.description == "screening"
    assert [(c.system, c.code) for c in entity.securityLabel] == [(c["system"], c["code"]) for c in scopes.SECURITY_LABELS]
    assert audit_events(fhir_sharing.audit_bundle(TRAIL, subject_display="Ana"))[0].purposeOfEvent is None


def test_the_downloaded_trail_can_be_checked_without_glimmers():
    document = json.loads(fhir_sharing.audit_bundle(TRAIL, subject_display="Ana"))
    previous = "0" * 64
    for entry in document["entry"]:
        details = {d["type"]: d["valueString"] for d in entry["resource"]["entity"][0]["detail"]}
        canonical = details["glimmers-canonical"]
        assert hashlib.sha256(canonical.encode("utf-8")).hexdigest() == details["glimmers-digest"]
        assert details["glimmers-previous"] == previous == json.loads(canonical)["previous"]
        previous = details["glimmers-digest"]
    assert previous == TRAIL[-1].digest


def test_the_same_trail_gives_the_same_text():
    first = fhir_sharing.audit_bundle(TRAIL, subject_display="Ana", timestamp=T0)
    assert first == fhir_sharing.audit_bundle(list(reversed(TRAIL)), subject_display="Ana", timestamp=T0)
    assert first.endswith("}\n") and first.startswith('{\n  "resourceType": "Bundle"')
    assert json.loads(first)["timestamp"] == "2026-11-20T12:00:00Z"
    ids = [entry["resource"]["id"] for entry in json.loads(first)["entry"]]
    assert len(set(ids)) == len(ids)
    assert [entry["fullUrl"] for entry in json.loads(first)["entry"]] == [f"urn:uuid:{i}" for i in ids]
    longer = fhir_sharing.audit_bundle(TRAIL + [audit.sealed(TRAIL[-1], recorded_at=T0 + timedelta(days=1), actor="ana",
                                                             subject="ana", action="read", what="grant")],
                                       subject_display="Ana", timestamp=T0)
    assert json.loads(longer)["id"] != json.loads(first)["id"]


def test_an_empty_trail_is_still_a_valid_bundle():
    bundle = Bundle.model_validate_json(fhir_sharing.audit_bundle([], subject_display="Ana"))
    assert bundle.type == "collection" and not bundle.entry


def test_a_broken_trail_is_written_as_it_is():
    events = list(TRAIL)
    events[2] = replace(events[2], what="safety_plan")
    document = json.loads(fhir_sharing.audit_bundle(events, subject_display="Ana"))
    details = {d["type"]: d["valueString"] for d in document["entry"][2]["resource"]["entity"][0]["detail"]}
    assert hashlib.sha256(details["glimmers-canonical"].encode("utf-8")).hexdigest() != details["glimmers-digest"]


@pytest.mark.parametrize(
    "events, display, message",
    [
        (TRAIL + [audit.sealed(None, recorded_at=T0, actor="bo", subject="bo", action="grant", what="grant")], "Ana",
         "An audit file holds one person's trail."),
        (TRAIL + [TRAIL[0]], "Ana", "Each event of an audit trail needs its own number."),
        (TRAIL, " ", "An audit file needs the name of the person it is about."),
        ([replace(TRAIL[0], recorded_at=datetime(2026, 11, 20, 12))], "Ana", "Sharing times need their time zone."),
    ],
)
def test_bad_trails_produce_nothing(events, display, message):
    with pytest.raises(InvalidInput, match=re.escape(message)):
        fhir_sharing.audit_bundle(events, subject_display=display)


def test_parsing_back_is_real_validation():
    document = json.loads(fhir_sharing.audit_bundle(TRAIL[:1], subject_display="Ana"))
    del document["entry"][0]["resource"]["agent"][0]["requestor"]  # an agent must say whether it asked
    with pytest.raises(ValueError, match="requestor"):
        Bundle.model_validate(document)
    consent = fhir_sharing.consent(CLINICIAN)
    del consent["scope"]  # a Consent must have a scope
    with pytest.raises(ValueError, match="scope"):
        Consent.model_validate(consent)


@pytest.mark.slow
def test_the_fhir_library_is_imported_lazily():
    import subprocess
    import sys

    code = "import sys, glimmers.core.sharing.fhir_sharing; print('fhir.resources' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"

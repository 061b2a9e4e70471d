"""Who sees what: alice shares a weekly summary with bob (trusted) and screening with charlie
(clinician, two-factor); dave is unrelated. Every sharing address and export, walked as each of
them, before and after alice stops sharing; every allowed look is in alice's trail, and no
refused one shows anything of hers."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from django.test import Client

from tests.server.test_isolation import marker, seed

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
# Words each scope's content carries on alice's pages that no other scope shows.
SUMMARY_HEADING = "Average numbness (0–10)"
SCREENING_HEADING = "Change since the one before"


def with_two_factor(person):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(person, generate_totp_secret())
    return person


def visitor(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def share(sharer, recipient, role: str, scopes: list[str]) -> str:
    """alice shares through the pages (form, preview, confirm); the recipient accepts through theirs."""
    page = visitor(sharer).post("/sharing/new/", {"role": role, "scope": scopes, "until": "", "step": "confirm"})
    assert page.status_code == 200, page.content[:500]
    code = page.context["code"]
    answer = visitor(recipient).post(f"/sharing/join/{code}/", {"answer": "accept"})
    assert answer.status_code == 302, answer.content[:500]
    return answer["Location"].strip("/").split("/")[-1]


@pytest.fixture
def four(make_person):
    from glimmers import people
    from glimmers.care import screening
    from glimmers.core.care import instruments

    alice, bob, charlie, dave = (make_person(name) for name in ("alice", "bob", "charlie", "dave"))
    seed(alice, "alice")
    with people.acting_as(alice):
        score = instruments.score(instruments.instrument("phq9"), (1, 1, 2, 1, 0, 1, 1, 0, 0), None)
        screening.save_score(score, taken_at=NOW, timezone="Europe/Berlin", now=NOW)
    with_two_factor(charlie)
    summary = share(alice, bob, "trusted", ["weekly_summary"])
    screens = share(alice, charlie, "clinician", ["screening"])
    return {"alice": alice, "bob": bob, "charlie": charlie, "dave": dave, "summary": summary, "screening": screens}


def addresses(grant: str) -> dict[str, str]:
    return {
        "page": f"/shared/{grant}/",
        "report": f"/shared/{grant}/report.pdf",
        "fhir": f"/shared/{grant}/fhir.json",
    }


def test_each_person_sees_exactly_what_was_shared_with_them(four):
    bob, charlie, dave = visitor(four["bob"]), visitor(four["charlie"]), visitor(four["dave"])
    words = marker("alice")

    page = bob.get(f"/shared/{four['summary']}/")
    text = page.content.decode()
    assert page.status_code == 200 and SUMMARY_HEADING in text
    assert SCREENING_HEADING not in text and words not in text  # no notes, no screening
    assert bob.get(f"/shared/{four['summary']}/report.pdf").status_code == 404
    fhir = json.loads(bob.get(f"/shared/{four['summary']}/fhir.json").content)
    assert [entry["resource"]["resourceType"] for entry in fhir["entry"]] == ["Consent"]

    page = charlie.get(f"/shared/{four['screening']}/")
    text = page.content.decode()
    assert page.status_code == 200 and SCREENING_HEADING in text and "PHQ-9" in text
    assert SUMMARY_HEADING not in text and words not in text
    assert charlie.get(f"/shared/{four['screening']}/report.pdf").status_code == 404  # not the report's scope
    fhir = json.loads(charlie.get(f"/shared/{four['screening']}/fhir.json").content)
    kinds = [entry["resource"]["resourceType"] for entry in fhir["entry"]]
    assert kinds[0] == "Consent" and "QuestionnaireResponse" in kinds and "Observation" in kinds
    labels = {(label["system"].rsplit("/", 1)[-1], label["code"]) for label in fhir["meta"]["security"]}
    assert labels == {("v3-Confidentiality", "R"), ("v3-ActCode", "PSY")}
    assert all(entry["resource"]["meta"]["security"] for entry in fhir["entry"])

    # Each other's grants, and everything for dave: as if they did not exist.
    for client, grant in ((bob, four["screening"]), (charlie, four["summary"])):
        for address in addresses(grant).values():
            assert client.get(address).status_code == 404, address
    for grant in (four["summary"], four["screening"]):
        for address in addresses(grant).values():
            assert dave.get(address).status_code == 404, address
        assert dave.post(f"/sharing/grants/{grant}/end/").status_code == 404
    assert words not in dave.get("/sharing/").content.decode()


def test_a_clinician_without_two_factor_sees_nothing(four, make_person):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=four["charlie"]).delete()
    page = visitor(four["charlie"]).get(f"/shared/{four['screening']}/")
    assert page.status_code == 403 and SCREENING_HEADING not in page.content.decode()
    assert visitor(four["charlie"]).get(f"/shared/{four['screening']}/fhir.json").status_code == 403


def test_after_alice_stops_sharing_nobody_sees_anything(four):
    alice = visitor(four["alice"])
    for grant in (four["summary"], four["screening"]):
        assert alice.post(f"/sharing/grants/{grant}/end/").status_code == 302
    for person, grant in (("bob", four["summary"]), ("charlie", four["screening"])):
        client = visitor(four[person])
        for address in addresses(grant).values():
            answer = client.get(address)
            assert answer.status_code == 404, address
            assert SUMMARY_HEADING not in answer.content.decode() and SCREENING_HEADING not in answer.content.decode()
        assert "What alice@example.org shares" not in client.get("/sharing/").content.decode()


def test_every_allowed_look_is_in_alices_trail_and_refusals_too(four):
    from glimmers import people
    from glimmers.sharing import access
    from glimmers.sharing.models import AuditEvent

    visitor(four["bob"]).get(f"/shared/{four['summary']}/")
    visitor(four["charlie"]).get(f"/shared/{four['screening']}/")
    visitor(four["charlie"]).get(f"/shared/{four['screening']}/fhir.json")
    visitor(four["dave"]).get(f"/shared/{four['summary']}/")  # a stranger: nothing to write down against alice
    visitor(four["alice"]).post(f"/sharing/grants/{four['summary']}/end/")
    visitor(four["bob"]).get(f"/shared/{four['summary']}/")  # after the end: refused, written down

    with people.acting_as(four["alice"]):
        rows = list(AuditEvent.objects.order_by("seq").values_list("actor", "action", "what", "outcome", "purpose"))
    assert ("p-bob", "read", "weekly_summary", "success", "PATRQT") in rows
    assert ("p-charlie", "read", "screening", "success", "TREAT") in rows
    assert ("p-charlie", "export", "screening", "success", "TREAT") in rows
    assert ("p-alice", "revoke", "grant", "success", "") in rows
    assert rows[-1][:2] == ("p-bob", "read") and rows[-1][3] == "denied"
    assert not any(actor == "p-dave" for actor, *_rest in rows)
    assert [row[1] for row in rows[:4]] == ["grant", "accept", "grant", "accept"]
    assert access.verified(four["alice"].pk).intact

    page = visitor(four["alice"]).get("/sharing/looks/").content.decode()
    assert "bob@example.org" in page and "charlie@example.org" in page and "is whole" in page
    bundle = json.loads(visitor(four["alice"]).get("/sharing/looks/glimmers-who-looked.json").content)
    assert len(bundle["entry"]) == len(rows)
    # Nobody else can read alice's trail: theirs is their own.
    assert "bob@example.org" not in visitor(four["dave"]).get("/sharing/looks/").content.decode()


def test_an_edited_audit_row_is_detected_and_the_database_refuses_edits(four):
    from django.db import connection, transaction
    from django.db import DatabaseError

    from glimmers.sharing import access
    from glimmers.sharing.models import AuditEvent

    visitor(four["bob"]).get(f"/shared/{four['summary']}/")
    row = AuditEvent.every_owner.filter(owner=four["alice"], actor="p-bob", action="read").first()
    with pytest.raises(DatabaseError, match='append-only'), transaction.atomic():
        AuditEvent.every_owner.filter(pk=row.pk).update(actor="p-nobody")
    with connection.cursor() as cursor:  # someone with the rights to go around the trigger
        cursor.execute("SET session_replication_role = replica")  # triggers off, as a superuser may
        cursor.execute("UPDATE sharing_auditevent SET actor = 'p-nobody' WHERE id = %s", [row.pk])
        cursor.execute("SET session_replication_role = origin")
    found = access.verified(four["alice"].pk)
    assert not found.intact and found.broken_at == row.seq
    assert "changed" in visitor(four["alice"]).get("/sharing/looks/").content.decode()


def test_the_preview_shows_what_the_other_would_see_and_the_safety_notice(four):
    alice = visitor(four["alice"])
    quiet = alice.post("/sharing/new/", {"role": "trusted", "scope": ["weekly_summary"], "until": "", "step": "preview"})
    assert quiet.status_code == 200 and SUMMARY_HEADING in quiet.content.decode()
    assert "Nobody watches over this" not in quiet.content.decode()
    worrying = alice.post("/sharing/new/", {"role": "trusted", "scope": ["notes_and_glimmers"], "until": "", "step": "preview"})
    text = worrying.content.decode()
    assert marker("alice") in text and "Nobody watches over this" in text and "/help-now/" in text
    refused = alice.post("/sharing/new/", {"role": "trusted", "scope": ["clinician_report"], "until": "", "step": "preview"})
    assert refused.status_code == 400
    nothing = alice.post("/sharing/new/", {"role": "trusted", "until": "", "step": "preview"})
    assert nothing.status_code == 400
    past = alice.post("/sharing/new/", {"role": "trusted", "scope": ["weekly_summary"], "until": "2020-01-01", "step": "preview"})
    assert past.status_code == 400


def test_an_invitation_works_once_and_not_for_its_maker(four, make_person):
    alice, erin = visitor(four["alice"]), visitor(make_person("erin"))
    code = alice.post("/sharing/new/", {"role": "trusted", "scope": ["weekly_summary"], "until": "", "step": "confirm"}).context["code"]
    assert "is your own" in alice.get(f"/sharing/join/{code}/").content.decode()
    assert erin.get(f"/sharing/join/{code.upper().replace('-', ' ')}/").status_code == 200  # typed loosely
    assert erin.post(f"/sharing/join/{code}/", {"answer": "accept"}).status_code == 302
    assert visitor(four["dave"]).get(f"/sharing/join/{code}/").status_code == 404


def test_an_invitation_runs_out_after_seven_days(four, make_person):
    import time_machine

    alice = visitor(four["alice"])
    code = alice.post("/sharing/new/", {"role": "trusted", "scope": ["weekly_summary"], "until": "", "step": "confirm"}).context["code"]
    with time_machine.travel(datetime.now(timezone.utc) + timedelta(days=7, minutes=1)):
        assert visitor(make_person("erin")).get(f"/sharing/join/{code}/").status_code == 404


def test_reading_as_the_sharer_writes_nothing(four):
    from glimmers import people
    from glimmers.journal.models import CheckIn
    from glimmers.sharing import access, grants

    grant = grants.involving(four["bob"], four["summary"])
    with access.as_the_sharer(grant), pytest.raises(people.ReadingOnly):
        CheckIn.objects.filter(owner_id=four["alice"].pk).update(numbness=0)
    with access.as_the_sharer(grant):
        assert CheckIn.objects.count() > 0  # alice's, read as alice


def test_no_page_of_bob_charlie_or_dave_shows_alices_words(four):
    """Each walks everything their own pages lead to (the pages alice shares with them
    included): alice's words are in her notes, which she shared with nobody."""
    from tests.server.test_isolation import discover

    words = marker("alice")
    for name in ("bob", "charlie", "dave"):
        client = visitor(four[name])
        found = discover(client, marker(name))
        gets = sorted(address for method, address in found if method == "GET")
        assert any(address.startswith("/sharing/") for address in gets), name
        if name != "dave":
            assert any(address.startswith("/shared/") for address in gets), name
        for address in gets:
            assert words not in client.get(address).content.decode("utf-8", "replace"), (name, address)


def test_an_invitation_can_be_emailed_and_opened_from_the_email(four, make_person, mailoutbox):
    alice = visitor(four["alice"])
    made = alice.post("/sharing/new/", {"role": "trusted", "scope": ["checkin_ratings"], "until": "",
                                        "email": "erin@example.org", "step": "confirm"})
    assert made.status_code == 200 and "We emailed the invitation to erin@example.org" in made.content.decode()
    (sent,) = mailoutbox
    assert sent.to == ["erin@example.org"] and made.context["code"] in sent.body
    link = next(word for word in sent.body.split() if "/sharing/join/" in word)
    erin = visitor(make_person("erin"))
    assert "alice@example.org would like to share with you" in erin.get(link.split("testserver", 1)[-1]).content.decode()
    bad = alice.post("/sharing/new/", {"role": "trusted", "scope": ["checkin_ratings"], "until": "",
                                       "email": "not an address", "step": "confirm"})
    assert bad.status_code == 400 and len(mailoutbox) == 1


def test_the_week_is_also_told_in_words(four):
    """The same words on the preview and on the trusted person's page; a quiet week asks for nothing."""
    import time_machine

    alice = visitor(four["alice"])
    form = {"role": "trusted", "scope": ["weekly_summary"], "until": "", "step": "preview"}
    with time_machine.travel(datetime(2026, 11, 19, 20, 0, tzinfo=timezone.utc), tick=False):  # alice's journal ends that Thursday
        busy = alice.post("/sharing/new/", form).content.decode()
    assert "This week so far: check-ins on 4 days." in busy and "of 10 on average." in busy
    quiet = visitor(four["bob"]).get(f"/shared/{four['summary']}/").content.decode()  # today: weeks after her last entry
    assert "No check-ins yet this week. That is fine: nothing here is a task." in quiet

"""The web app takes text by the same rule as the terminal: control characters
are refused with the field named, and bytes that are not UTF-8 are refused in
the terminal's own words instead of being saved as U+FFFD."""

from __future__ import annotations

import pytest
from django.test import Client

from glimmers.analysis.models import HelpNote
from glimmers.care import models as care
from glimmers.core.text import unreadable_message
from glimmers.journal import models as journal
from glimmers.toolkit import models as toolkit

pytestmark = pytest.mark.django_db

BAD = "hello \x1b]0;owned\x07 \x9b31m"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def client():
    return Client()


REFUSED_BY_THE_WEB = [
    ("/", {"numbness": "3", "note": BAD}, journal.CheckIn),
    ("/", {"numbness": "3", "self_talk": BAD}, journal.CheckIn),
    ("/", {"numbness": "3", "tags": f"who:{BAD}"}, journal.CheckIn),
    ("/glimmer/", {"text": BAD}, journal.Glimmer),
    ("/day/", {"note": BAD}, journal.DayFactors),
    ("/safety-plan/edit/", {"coping_alone": f"walk\n{BAD}"}, care.SafetyPlanStep),
    ("/meds/", {"name": BAD, "kind": "start", "day": "2026-11-01"}, care.MedicationEvent),
    ("/meds/", {"name": "examplamine", "kind": "start", "dose": BAD, "day": "2026-11-01"}, care.MedicationEvent),
    ("/meds/", {"name": "examplamine", "kind": "start", "note": BAD, "day": "2026-11-01"}, care.MedicationEvent),
    ("/goals/", {"goal-kind": "goal", "kind": "goal", "goal-text": BAD}, toolkit.Goal),
    ("/goals/", {"enough-kind": "enough", "kind": "enough", "enough-text": BAD}, toolkit.Goal),
    ("/experiments/", {"lever": "custom", "custom_name": BAD, "design": "before_after", "start": "2026-11-20"}, toolkit.Experiment),
    ("/share/", {"audience": "friend", "feelings": ["detached"], "extra": BAD, "save": "1"}, toolkit.SharedMessage),
    ("/pleasures/", {"key": "one_song", "shift": "none", "note": BAD}, toolkit.PleasureTry),
    ("/activities/", {"form": "plan", "plan-title": BAD, "plan-category": "body", "plan-when": "2026-11-21T10:00"}, toolkit.Activity),
    ("/activities/", {"form": "values", "values-name_1": BAD, "values-action_1": "read"}, toolkit.Value),
]


@pytest.mark.parametrize("url, data, model", REFUSED_BY_THE_WEB, ids=[f"{u} {max(d)}" for u, d, _m in REFUSED_BY_THE_WEB])
def test_the_web_refuses_control_characters_on_every_form(client, clock, url, data, model):
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400, page
    assert "contains control characters" in page  # the form comes back with what was typed, to correct
    assert not model.objects.exists()


def test_report_notes_with_control_characters_are_refused(client, clock):
    response = client.post("/report/", {"notes": BAD}, follow=True)
    assert "The note contains control characters" in response.content.decode()
    assert not HelpNote.objects.exists()


def test_an_activity_rating_with_control_characters_is_refused(client, clock):
    client.post("/activities/", {"form": "plan", "plan-title": "walk", "plan-category": "body", "plan-when": "2026-11-21T10:00"})
    row = toolkit.Activity.objects.get()
    response = client.post(f"/activities/{row.ref}/rate/", {f"{row.ref}-actual_pleasure": "6", f"{row.ref}-glimmer": BAD},
                           follow=True)
    assert "contains control characters" in response.content.decode()
    row.refresh_from_db()
    assert row.done_at is None and row.glimmer == ""


def test_bytes_that_are_not_utf8_are_refused_in_the_terminals_words(client, clock, glimmers):
    response = client.post("/", data=b"numbness=3&note=bad+%FF+bytes", content_type=FORM)
    page = response.content.decode()
    assert response.status_code == 400
    assert unreadable_message("Note") in page and "\ufffd" not in page
    assert 'href="/help-now/"' in page and "Nothing was saved" in page
    assert not journal.CheckIn.objects.exists()
    terminal = glimmers("checkin", "-n", "3", "--note", "bad \udcff bytes")  # the same bytes, through the shell
    assert terminal.code == 2 and unreadable_message("--note") in terminal.err  # the same words; the option is named


@pytest.mark.parametrize("url, body", [
    ("/safety-plan/edit/", b"what_matters=my+dog%C3"),  # a character cut short
    ("/meds/", b"name=%C0%AFx&kind=start&day=2026-11-01"),  # an overlong encoding
    ("/goals/", b"goal-kind=goal&kind=goal&goal-text=%ED%A0%80"),  # an encoded surrogate
    ("/report/", b"notes=%FE%FF"),
])
def test_every_form_refuses_bytes_that_are_not_utf8(client, clock, url, body):
    response = client.post(url, data=body, content_type=FORM)
    assert response.status_code == 400 and "is not readable text" in response.content.decode()
    assert not (care.SafetyPlanStep.objects.exists() or care.MedicationEvent.objects.exists()
                or toolkit.Goal.objects.exists() or HelpNote.objects.exists())


def test_a_query_string_and_a_multipart_body_that_are_not_utf8_are_refused(client, clock):
    response = client.get("/timeline/?q=%FF")
    assert response.status_code == 400 and unreadable_message("Q") in response.content.decode()
    boundary = "glimmersboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n".encode()
            + b"bad \xff\r\n" + f"--{boundary}--\r\n".encode())
    response = client.post("/", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400 and "is not readable text" in response.content.decode()
    assert not journal.CheckIn.objects.exists()


def test_a_replacement_character_the_person_typed_is_kept(client, clock):
    response = client.post("/", data=b"numbness=3&note=a+%EF%BF%BD+typed", content_type=FORM)
    assert response.status_code == 302
    assert journal.CheckIn.objects.get().note == "a \ufffd typed"

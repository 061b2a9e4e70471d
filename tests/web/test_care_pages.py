"""The safety plan, medicines and the support shown after worrying words, in the web app."""

import pytest
from django.test import Client

from glimmers.care.models import MedicationEvent, SafetyPlanStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client()


def test_the_safety_plan_page_offers_to_start_and_lists_crisis_lines(client, clock):
    page = client.get("/safety-plan/").content.decode()
    assert "Nothing is written yet" in page and "Write my plan" in page
    assert "1. " not in page  # the numbered list comes from <ol>, not text
    assert "Signs that a hard time is starting" in page and "What matters most to me" in page
    assert "findahelpline.com" in page and "not monitored" in page


def test_writing_the_plan_in_the_browser(client, clock):
    response = client.post("/safety-plan/edit/", {"coping_alone": "hot shower\n\nwalk round the block", "what_matters": "the sea"})
    assert response.status_code == 302
    page = client.get("/safety-plan/").content.decode()
    assert "<li>hot shower</li>" in page and "<li>walk round the block</li>" in page and "<li>the sea</li>" in page
    assert "Change my plan" in page and "Last changed 20 Nov 2026" in page


def test_a_too_long_line_is_shown_on_its_field_and_nothing_changes(client, clock):
    client.post("/safety-plan/edit/", {"coping_alone": "music"})
    response = client.post("/safety-plan/edit/", {"coping_alone": "x" * 301})
    assert response.status_code == 400
    assert "longer than 300 characters" in response.content.decode()
    assert SafetyPlanStep.objects.get(step="coping_alone").text == "music"


def test_medicine_timeline_in_the_browser(client, clock):
    response = client.post("/meds/", {"name": "examplamine", "kind": "start", "dose": "50 mg", "day": "2026-11-01"})
    assert response.status_code == 302
    page = client.get("/meds/").content.decode()
    assert "examplamine (50 mg): started" in page and "Not enough check-ins" in page
    assert "do not stop a medicine abruptly" in page
    future = client.post("/meds/", {"name": "x", "kind": "stop", "day": "2026-12-24"})
    assert future.status_code == 400 and "in the future" in future.content.decode()
    row = MedicationEvent.objects.get()
    assert client.post(f"/meds/{row.ref}/delete/").status_code == 302
    assert not MedicationEvent.objects.exists()
    assert client.post("/meds/m99/delete/").status_code == 404


def test_worrying_words_in_a_checkin_bring_support_on_the_next_page(client, clock):
    client.post("/safety-plan/edit/", {"people_to_ask": "Mum", "what_matters": "my dog"})
    response = client.post("/", {"numbness": "8", "note": "I want to die, honestly"})
    assert response.status_code == 302  # saved first, never blocked
    page = client.get(response["Location"]).content.decode()
    assert 'id="support"' in page and "You wrote “I want to die”" in page
    assert "Everything you entered is saved" in page and "findahelpline.com" in page
    assert "Mum" in page and "my dog" in page
    # Shown once, not on every later page.
    assert 'id="support"' not in client.get("/timeline/").content.decode()


def test_idioms_do_not_bring_the_support_block(client, clock):
    response = client.post("/", {"numbness": "6", "note": "this meeting is killing me, dead tired"})
    page = client.get(response["Location"]).content.decode()
    assert 'id="support"' not in page


def test_a_glimmer_with_worrying_words_also_brings_support(client, clock):
    response = client.post("/glimmer/", {"text": "a moment of calm, even though I don't want to be here anymore"})
    page = client.get(response["Location"]).content.decode()
    assert 'id="support"' in page and "You have not written a safety plan yet" in page


def test_a_day_note_with_worrying_words_brings_support(client, clock):
    response = client.post("/day/", {"note": "no reason to live lately"})
    assert response.status_code == 302, response.content.decode()[:500]
    page = client.get(response["Location"]).content.decode()
    assert 'id="support"' in page


# ------------------------------------------------------------------ safety wording


def test_step_6_offers_means_safety_ideas_on_the_plan_and_the_edit_page(client, clock):
    page = client.get("/safety-plan/").content.decode()
    six = page.split("Making my surroundings safer", 1)[1].split("</li>\n  \n", 1)[0]
    assert "Ideas to start from:" in six and "keep my medicines for a while" in six
    assert "firearms locked away and unloaded, or kept by someone else for now" in six
    assert "keep away from alcohol and drugs when things are bad" in six
    assert "agree with someone what we will do when the urge is strong" in six
    assert page.count("Ideas to start from:") == 1  # only the means-safety step, never example contacts
    edit = client.get("/safety-plan/edit/").content.decode()
    assert 'id="examples-safer_surroundings"' in edit and "firearms locked away" in edit
    client.post("/safety-plan/edit/", {"safer_surroundings": "Sam keeps my medicines"})
    page = client.get("/safety-plan/").content.decode()
    assert "<li>Sam keeps my medicines</li>" in page and "Ideas to start from:" not in page


def test_phone_numbers_in_the_plan_are_tap_to_call_and_the_rest_is_escaped(client, clock):
    client.post("/safety-plan/edit/", {
        "people_to_ask": "Mum 07700 900123\n<b>Alex</b> after 10:30",
        "professionals": "GP surgery +44 (0)20 7946 0958\nSamaritans: call 116 123",
        "coping_alone": "step 6 of the walk on 2026-12-06",
    })
    page = client.get("/safety-plan/").content.decode()
    # the people and services to call: big Call buttons
    assert '<li>Mum <a class="call-button" href="tel:07700900123">Call 07700 900123</a></li>' in page
    assert '<li>GP surgery <a class="call-button" href="tel:+442079460958">Call +44 (0)20 7946 0958</a></li>' in page
    assert '<li>Samaritans: call <a class="call-button" href="tel:116123">Call 116 123</a></li>' in page
    assert "<li>&lt;b&gt;Alex&lt;/b&gt; after 10:30</li>" in page
    assert "<li>step 6 of the walk on 2026-12-06</li>" in page


def test_the_medicines_page_has_the_antidepressant_note_and_help_one_step_away(client, clock):
    page = client.get("/meds/").content.decode()
    note = page.split('id="antidepressant-note"', 1)[1].split("</p>", 1)[0]
    assert "first weeks after starting one, changing the dose or stopping" in note
    assert "agitation or darker thoughts" in note and "never stop or change a medicine without them" in note
    assert 'href="/help-now/"' in note
    client.post("/meds/", {"name": "examplamine", "kind": "change", "dose": "100 mg", "day": "2026-11-18"})
    after = client.get("/meds/").content.decode()
    assert "examplamine (100 mg): dose changed" in after and 'id="antidepressant-note"' in after

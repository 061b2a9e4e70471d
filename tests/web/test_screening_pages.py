"""Screening in the web app: forms, results, history, and support on the item 9
and red-flag paths (with and without the form being finished)."""

import pytest
from django.test import Client

from glimmers.care.models import ScreeningResult
from glimmers.core import profile, triage

pytestmark = pytest.mark.django_db
CRISIS = "findahelpline.com"


@pytest.fixture
def client():
    return Client()


def phq9(*values, functional=None):
    data = {f"q{number}": str(value) for number, value in enumerate(values, start=1)}
    if functional is not None:
        data["functional"] = str(functional)
    return data


def test_index_lists_every_questionnaire_and_says_it_is_no_diagnosis(client, clock):
    page = client.get("/screening/").content.decode()
    for path in ("/screening/phq9/", "/screening/phq2/", "/screening/gad7/", "/screening/gad2/",
                 "/screening/profile/", "/screening/triage/"):
        assert f'href="{path}"' in page
    assert "None of them is a diagnosis" in page and "No results yet" in page


def test_phq9_form_shows_published_wording_and_notice(client, clock):
    page = client.get("/screening/phq9/").content.decode()
    assert "Over the last 2 weeks, how often have you been bothered" in page
    assert "Thoughts that you would be better off dead, or of hurting yourself in some way" in page
    assert "Nearly every day" in page and "Copyright © Pfizer Inc." in page
    assert 'data-watch="q9"' in page and 'id="inline-support"' in page and " hidden" in page
    assert "/static/glimmers/screening.js" in page


def test_a_finished_phq9_saves_and_shows_the_result_and_answers(client, clock):
    response = client.post("/screening/phq9/", phq9(2, 2, 1, 1, 1, 1, 1, 1, 0, functional=1))
    assert response.status_code == 302
    row = ScreeningResult.objects.get()
    assert response["Location"] == f"/screening/result/{row.ref}/"
    page = client.get(response["Location"]).content.decode()
    assert "PHQ-9: 10 of 27, moderate" in page and "at or above 10" in page
    assert "Several days (1)" in page and "Somewhat difficult" in page
    assert 'id="support"' not in page
    assert (row.total, row.functional, row.safety_signal) == (10, 1, False)


def test_item9_result_page_leads_with_crisis_lines_and_the_plan(client, clock):
    client.post("/safety-plan/edit/", {"people_to_ask": "Sam next door"})
    response = client.post("/screening/phq9/", phq9(0, 0, 0, 0, 0, 0, 0, 0, 1), follow=True)
    page = response.content.decode()
    assert page.index('id="support"') < page.index("<h1>")
    assert CRISIS in page and "not monitored" in page and "Sam next door" in page
    assert "Everything you entered is saved" in page and "matters more than the total" in page
    assert ScreeningResult.objects.get().safety_signal is True


def test_unfinished_form_with_item9_is_refused_but_support_comes_first(client, clock):
    response = client.post("/screening/phq9/", {"q9": "3", "q1": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.index('id="support"') < page.index("7 of 9 questions still need an answer")
    assert "You can finish the questions afterwards, or leave them" in page
    assert 'id="inline-support"' not in page  # no second copy
    assert not ScreeningResult.objects.exists()


def test_unfinished_form_without_a_signal_shows_field_errors_only(client, clock):
    response = client.post("/screening/gad7/", {"q1": "1"})
    page = response.content.decode()
    assert response.status_code == 400 and 'id="support"' not in page
    assert "Please answer question 2." in page
    assert not ScreeningResult.objects.exists()


def test_out_of_range_answers_are_refused(client, clock):
    response = client.post("/screening/phq2/", {"q1": "4", "q2": "0"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not ScreeningResult.objects.exists()


def test_history_shows_change_and_the_unknown_pages_are_404(client, clock):
    client.post("/screening/phq9/", phq9(2, 2, 2, 2, 2, 2, 2, 2, 0))
    clock.shift(14 * 86400)
    response = client.post("/screening/phq9/", phq9(1, 1, 1, 1, 1, 1, 1, 1, 0), follow=True)
    assert "Down 8 points since last time (from 16 to 8)" in response.content.decode()
    page = client.get("/screening/").content.decode()
    assert "PHQ-9 8 of 27, mild" in page and "-8 · more than ordinary ups and downs" in page
    assert client.get("/screening/bdi/").status_code == 404
    assert client.get("/screening/result/s999/").status_code == 404


def _triage(**yes):
    return {q.key: "1" if yes.get(q.key) else "0" for q in triage.questions()}


def test_triage_outcomes_and_a_red_flag(client, clock):
    calm = client.post("/screening/triage/", _triage(), follow=True).content.decode()
    assert "Keep going with self-help" in calm and 'id="support"' not in calm
    flagged = client.post("/screening/triage/", _triage(voices_or_fixed_beliefs=True), follow=True).content.decode()
    assert flagged.index('id="support"') < flagged.index("Get help now")
    assert "needs prompt care" in flagged
    page = client.get("/screening/triage/").content.decode()
    assert "suicide_thoughts" in page.split('data-watch="', 1)[1].split('"', 1)[0]


def test_partial_triage_with_a_suicide_yes_shows_support(client, clock):
    response = client.post("/screening/triage/", {"suicide_thoughts": "1"})
    page = response.content.decode()
    assert response.status_code == 400 and page.index('id="support"') < page.index("still need an answer")
    assert "Thank you for answering honestly" in page
    assert not ScreeningResult.objects.exists()


def test_profile_result_names_forms_and_emphasis(client, clock):
    data = {q.key: "3" if q.form == "no_pleasure" else "0" for q in profile.check().questions}
    page = client.post("/screening/profile/", data, follow=True).content.decode()
    assert "No pleasure" in page and "Where a plan could start" in page
    assert "not a validated or diagnostic test" in page
    assert ScreeningResult.objects.get().outcome == "no_pleasure"

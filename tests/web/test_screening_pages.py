"""Screening in the web app: forms, results, history, and support on the item 9
and red-flag paths (with and without the form being finished)."""

import pytest
from django.test import Client

from glimmers.care.models import ScreeningResult
from glimmers.core.care import profile, triage

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


# ------------------------------------------------------------------ grades


def phq9_total(total: int, *, item9: int = 0) -> dict:
    values, left = [], total - item9
    for _ in range(8):
        values.append(min(3, left))
        left -= values[-1]
    return phq9(*values, item9)


SEVERE_OPENING = "A score like this deserves care soon"


@pytest.mark.parametrize(
    "total, words, absent",
    [
        (9, "This is below 10, the usual screening threshold", "within the next few days"),
        (12, "looking at it more closely with a doctor or therapist", "within the next few days"),
        (17, "worth talking to a doctor within the next few days, not weeks", "the highest range"),
    ],
)
def test_result_pages_below_20_are_graded_without_a_crisis_block(client, clock, total, words, absent):
    page = client.post("/screening/phq9/", phq9_total(total), follow=True).content.decode()
    assert f"PHQ-9: {total} of 27" in page and words in page and absent not in page
    assert 'id="support"' not in page and SEVERE_OPENING not in page


@pytest.mark.parametrize("total, opening", [(20, SEVERE_OPENING), (24, SEVERE_OPENING), (27, "Thank you for answering honestly")])
def test_a_total_of_20_or_more_leads_with_support_before_the_score(client, clock, total, opening):
    client.post("/safety-plan/edit/", {"people_to_ask": "Sam next door"})
    data = phq9_total(total, item9=3 if total == 27 else 0)
    page = client.post("/screening/phq9/", data, follow=True).content.decode()
    support = page.index('id="support"')
    assert support < page.index(opening) < page.index("<h1>")
    assert support < page.index(CRISIS) < page.index(f"PHQ-9: {total} of 27, severe")
    assert "Sam next door" in page and "not monitored" in page and "the highest range" in page
    assert page.count('id="support"') == 1
    assert ScreeningResult.objects.get().total == total


def test_item9_of_1_with_a_total_of_3_leads_with_support(client, clock):
    page = client.post("/screening/phq9/", phq9(1, 1, 0, 0, 0, 0, 0, 0, 1), follow=True).content.decode()
    assert page.index('id="support"') < page.index("PHQ-9: 3 of 27, minimal")
    assert "Thank you for answering honestly" in page and SEVERE_OPENING not in page


def test_an_unfinished_form_already_adding_up_to_20_is_refused_with_support_first(client, clock):
    response = client.post("/screening/phq9/", {f"q{number}": "3" for number in range(1, 8)})
    page = response.content.decode()
    assert response.status_code == 400
    assert page.index('id="support"') < page.index("2 of 9 questions still need an answer")
    assert SEVERE_OPENING in page
    assert not ScreeningResult.objects.exists()


# ------------------------------------------------------------------ rises


def test_a_rise_of_5_shows_on_the_result_and_in_the_history(client, clock):
    client.post("/screening/phq9/", phq9_total(9))
    clock.shift(7 * 86400)
    page = client.post("/screening/phq9/", phq9_total(14), follow=True).content.decode()
    assert "Up 5 points since last time (from 9 to 14)" in page
    assert 'id="rise"' in page and "Your PHQ-9 total has gone up by 5 points" in page
    assert "worth telling a doctor or therapist" in page
    history = client.get("/screening/").content.decode()
    assert "+5 · more than ordinary ups and downs" in history
    assert "A rise worth telling a doctor or therapist about." in history


def test_a_fall_from_1_to_0_is_not_called_response_or_remission(client, clock):
    client.post("/screening/phq9/", phq9(1, 0, 0, 0, 0, 0, 0, 0, 0))
    clock.shift(86400)
    page = client.post("/screening/phq9/", phq9(0, 0, 0, 0, 0, 0, 0, 0, 0), follow=True).content.decode()
    assert "Down 1 point since last time" in page
    assert "response" not in page.lower() and "remission" not in page.lower()
    assert 'id="rise"' not in page


# ------------------------------------------------------------------ the short screens lead to the longer ones


def test_phq2_of_3_offers_the_phq9_as_the_main_button(client, clock):
    page = client.post("/screening/phq2/", {"q1": "2", "q2": "1"}, follow=True).content.decode()
    assert "PHQ-2: 3 of 6" in page
    offer = page.split('id="follow-up"', 1)[1].split("</section>", 1)[0]
    assert 'action="/screening/phq9/"' in offer and 'class="primary"' in offer
    assert "Answer the PHQ-9 now" in offer and "The PHQ-9 looks at this more closely" in offer
    assert page.count('class="primary"') == 1  # the one main button
    assert client.get("/screening/phq9/").status_code == 200  # where the button leads


def test_phq2_says_it_does_not_ask_about_self_harm(client, clock):
    page = client.post("/screening/phq2/", {"q1": "0", "q2": "0"}, follow=True).content.decode()
    note = page.split('id="not-asked"', 1)[1].split("</p>", 1)[0]
    assert "does not ask about thoughts of self-harm" in note and "help is one step away" in note
    assert 'href="/help-now/"' in note and 'href="/safety-plan/"' in note
    assert 'id="follow-up"' not in page  # below 3: no offer


def test_gad2_of_3_offers_the_gad7(client, clock):
    page = client.post("/screening/gad2/", {"q1": "3", "q2": "0"}, follow=True).content.decode()
    assert 'action="/screening/gad7/"' in page and "Answer the GAD-7 now" in page
    assert 'id="not-asked"' not in page


# ------------------------------------------------------------------ triage remembers recent questionnaires


def test_triage_with_a_recent_phq9_of_22_is_help_now_with_support_first(client, clock):
    client.post("/screening/phq9/", phq9_total(22))
    clock.shift(3 * 86400)
    response = client.post("/screening/triage/", _triage(), follow=True)
    page = response.content.decode()
    assert page.index('id="support"') < page.index("Get help now")
    assert "A questionnaire you answered in the last few weeks needs prompt care" in page
    assert "Your PHQ-9 of 2026-11-20 was 22 of 27, in the highest range." in page
    assert ScreeningResult.objects.get(instrument="triage").outcome == "help_now"


def test_triage_ignores_a_phq9_30_days_old(client, clock):
    client.post("/screening/phq9/", phq9_total(22))
    clock.shift(30 * 86400)
    page = client.post("/screening/triage/", _triage(), follow=True).content.decode()
    assert "Keep going with self-help" in page and 'id="support"' not in page
    assert "Not used: your latest PHQ-9, from 2026-11-20, is more than 28 days old." in page


def test_a_triage_result_page_keeps_the_results_it_was_taken_with(client, clock):
    client.post("/screening/gad7/", {f"q{number}": "2" for number in range(1, 8)})  # 14
    clock.shift(86400)
    response = client.post("/screening/triage/", _triage())
    result_url = response["Location"]
    client.post("/screening/phq9/", phq9_total(25))  # later, at the same moment: not part of that triage
    page = client.get(result_url).content.decode()
    assert "Talk to a professional soon" in page and "Your GAD-7 of 2026-11-20 was 14 of 21" in page
    assert "PHQ-9" not in page.split("<h1>", 1)[1] and 'id="support"' not in page


def test_a_help_now_triage_is_never_softened_when_its_phq9_is_gone(client, clock):
    client.post("/screening/phq9/", phq9_total(21))
    clock.shift(86400)
    result_url = client.post("/screening/triage/", _triage())["Location"]
    ScreeningResult.objects.filter(instrument="phq9").delete()
    page = client.get(result_url).content.decode()
    assert page.index('id="support"') < page.index("Get help now")

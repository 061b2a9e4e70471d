"""The local web app through Django's test client: forms, errors, guards."""

import re
from datetime import date

import pytest
from django.test import Client

from glimmers.journal import models

pytestmark = pytest.mark.django_db
TOKEN = "t" * 43


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=False)


def post_checkin(client, **fields):
    return client.post("/", {"numbness": "", "mood": "", "energy": "", "stress": ""} | fields)


def test_quick_checkin_saves_and_redirects(client, clock):
    response = post_checkin(client, numbness="7", mood="-2", tags="work, meeting", note="flat after the review")
    assert response.status_code == 302
    row = models.CheckIn.objects.get()
    assert (row.numbness, row.mood, row.note, row.timezone) == (7, -2, "flat after the review", "Europe/Berlin")
    assert sorted(str(t) for t in row.tags.all()) == ["doing:meeting", "where:work"]
    page = client.get(response["Location"]).content.decode()
    assert "Check-in saved" in page and "flat after the review" in page
    assert "20 Nov 2026, 13:00" in page  # UTC noon, shown in Berlin time


def test_more_fields_and_backdating(client, clock):
    post_checkin(client, numbness="4", forms_felt=["detached", "no_drive"], body="chest tension, fog",
                 warning_signs=["cancelled_plans"], self_talk="try harder", when="2026-11-19T21:30")
    row = models.CheckIn.objects.get()
    assert row.forms == "detached no_drive" and row.warning_signs == "cancelled_plans"
    assert sorted(str(t) for t in row.tags.all()) == ["body:chest tension", "body:fog"]
    assert row.local_date == date(2026, 11, 19) and row.occurred_at.hour == 20


@pytest.mark.parametrize(
    "fields, field_id, message",
    [
        ({}, "id_numbness", "at least one thing"),
        ({"numbness": "11"}, "id_numbness", "Select a valid choice"),
        ({"numbness": "3", "when": "2026-02-30T10:00"}, "id_when", "not a real calendar date"),
        ({"numbness": "3", "when": "2026-12-01T10:00"}, "id_when", "in the future"),
        ({"numbness": "3", "tags": "a;b"}, "id_tags", "without : ; | , or #"),
        ({"note": "x" * 20_001}, "id_note", "the limit is 20000"),
    ],
)
def test_bad_input_shows_field_errors_and_saves_nothing(client, clock, fields, field_id, message):
    response = post_checkin(client, **fields)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved yet" in page and message in page
    assert f'href="#{field_id}"' in page  # the summary links to the field
    assert not models.CheckIn.objects.exists()


def test_glimmer_and_day_forms(client, clock):
    assert client.post("/glimmer/", {"text": "sun on my face", "preceded_by": "walk"}).status_code == 302
    assert models.Glimmer.objects.get().preceded_by == "walk"
    assert client.post("/glimmer/", {"text": ""}).status_code == 400
    assert client.post("/day/", {"sleep_hours": "6.5", "daylight_minutes": "10"}).status_code == 302
    assert client.post("/day/", {"sleep_hours": "6.5", "daylight_minutes": "10", "alcohol_units": "2"}).status_code == 302
    row = models.DayFactors.objects.get()
    assert (str(row.sleep_hours), str(row.alcohol_units), row.day) == ("6.5", "2.0", date(2026, 11, 20))
    response = client.post("/day/", {"sleep_hours": "25"})
    assert response.status_code == 400 and "from 0 to 24" in response.content.decode()
    assert client.get("/day/2026-11-21/").status_code == 200  # shows, but saving refuses
    assert client.post("/day/2026-11-21/", {"sleep_hours": "7"}).status_code == 400
    assert client.get("/day/not-a-day/").status_code == 404


def test_timeline_search_and_tag_filter(client, clock):
    post_checkin(client, numbness="7", tags="meeting", note="flat after the review")
    post_checkin(client, numbness="2", tags="where:home", note="calm evening")
    page = client.get("/timeline/", {"q": "review"}).content.decode()
    assert "flat after the review" in page and "calm evening" not in page
    page = client.get("/timeline/", {"tag": "where:home"}).content.decode()
    assert "calm evening" in page and "flat after" not in page
    page = client.get("/timeline/", {"tag": "a;b"}).content.decode()
    assert "without : ; | , or #" in page


def test_timeline_pages(client, clock):
    for number in range(35):
        post_checkin(client, numbness=str(number % 11))
    first = client.get("/timeline/").content.decode()
    assert "35 entries" in first and "Page 1 of 2" in first
    assert first.count('class="entry ') == 30
    assert client.get("/timeline/", {"page": "2"}).content.decode().count('class="entry ') == 5


def test_edit_keeps_the_exact_moment_unless_changed(client, clock):
    post_checkin(client, numbness="7", note="before")
    row = models.CheckIn.objects.get()
    form = client.get(f"/entry/{row.ref}/edit/").content.decode()
    when = re.search(r'name="when" value="([^"]+)"', form).group(1)
    response = client.post(f"/entry/{row.ref}/edit/", {"numbness": "4", "mood": "", "energy": "", "stress": "", "note": "after", "when": when})
    assert response.status_code == 302
    edited = models.CheckIn.objects.get()
    assert (edited.numbness, edited.note, edited.occurred_at, edited.uid) == (4, "after", row.occurred_at, row.uid)
    assert client.get("/entry/c999999/edit/").status_code == 404
    assert client.get("/entry/nonsense/edit/").status_code == 404


def test_delete_goes_to_trash_and_can_be_restored(client, clock):
    post_checkin(client, numbness="5")
    ref = models.CheckIn.objects.get().ref
    assert "Move this entry to the trash?" in client.get(f"/entry/{ref}/delete/").content.decode()
    assert client.post(f"/entry/{ref}/delete/").status_code == 302
    assert models.CheckIn.objects.get().deleted_at is not None
    assert ref in client.get("/trash/").content.decode()
    assert client.post(f"/trash/{ref}/restore/").status_code == 302
    assert models.CheckIn.objects.get().deleted_at is None
    client.post(f"/entry/{ref}/delete/")
    client.post("/trash/empty/")
    assert not models.CheckIn.objects.exists()
    assert client.get(f"/trash/{ref}/restore/").status_code == 405  # changes need POST


def test_csrf_is_enforced(clock):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/", {"numbness": "5"})
    assert response.status_code == 403 and "That form had expired" in response.content.decode()
    assert "Need help now" in response.content.decode()
    assert not models.CheckIn.objects.exists()


def test_access_token_guards_everything_but_help(settings):
    settings.GLIMMERS_ACCESS_TOKEN = TOKEN
    visitor = Client()
    for path in ("/", "/timeline/", "/trash/", "/day/", "/entry/c1/edit/"):
        response = visitor.get(path)
        assert response.status_code == 403, path
        assert "This journal is private" in response.content.decode()
    assert visitor.get("/help-now/").status_code == 200
    assert visitor.get("/?token=wrong").status_code == 403
    response = visitor.get(f"/timeline/?token={TOKEN}&q=x")
    assert response.status_code == 302 and response["Location"] == "/timeline/?q=x"  # token leaves the address bar
    assert visitor.get("/timeline/").status_code == 200
    settings.GLIMMERS_ACCESS_TOKEN = "u" * 43  # a new token signs everyone out
    assert visitor.get("/timeline/").status_code == 403


def test_sign_in_by_pasting_the_token(settings):
    settings.GLIMMERS_ACCESS_TOKEN = TOKEN
    visitor = Client()
    assert visitor.post("/sign-in/", {"token": "nope", "next": "/trash/"}).status_code == 403
    response = visitor.post("/sign-in/", {"token": TOKEN, "next": "/trash/"})
    assert response.status_code == 302 and response["Location"] == "/trash/"
    assert visitor.post("/sign-in/", {"token": TOKEN, "next": "//evil.example/"})["Location"] == "/"


def test_session_cookie_is_strict_and_private(settings):
    settings.GLIMMERS_ACCESS_TOKEN = TOKEN
    response = Client().get(f"/?token={TOKEN}")
    cookie = response.cookies["glimmers_session"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"


def test_other_hosts_are_refused(client):
    # DNS rebinding: a page elsewhere must not reach the journal through another name.
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_a_method_a_page_does_not_take_gets_the_calm_page_with_the_way_to_help(client, clock):
    response = client.get("/trash/empty/")
    assert response.status_code == 405 and response["Allow"] == "POST"
    page = response.content.decode()
    assert "That page cannot be used this way" in page and "Nothing was changed" in page
    assert "Need help now" in page and "help-now-link" in page


def test_no_scale_looks_chosen_before_the_person_chooses(client, clock):
    body = client.get("/").content.decode()
    assert "checked" not in body.split('class="checkin-form"', 1)[1].split("</form>", 1)[0]


def test_the_check_in_just_saved_can_be_taken_back_once(client, clock):
    post_checkin(client, numbness="6")
    ref = models.CheckIn.objects.get().ref
    page = client.get("/").content.decode()
    assert f'action="/entry/{ref}/undo/"' in page
    assert 'action="/entry/' not in client.get("/").content.decode().split('class="checkin-form"')[0]  # offered once
    response = client.post(f"/entry/{ref}/undo/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert models.CheckIn.objects.get().deleted_at is not None  # in the trash, not gone
    assert "taken back" in client.get("/").content.decode()
    assert client.get(f"/entry/{ref}/undo/").status_code == 405


def test_recent_tags_are_one_tap_chips(client, clock):
    post_checkin(client, numbness="5", tags="work, meeting")
    page = client.get("/").content.decode()
    assert 'value="where:work"' in page and 'value="doing:meeting"' in page
    client.post("/", {"numbness": "4", "recent": ["where:work"]})
    newest = models.CheckIn.objects.order_by("-id").first()
    assert [str(tag) for tag in newest.tags.all()] == ["where:work"]


def test_a_mistake_in_what_is_folded_away_opens_the_fold(client, clock):
    page = post_checkin(client, numbness="5", mood="9").content.decode()
    assert '<details class="more" open>' in page
    assert '<details class="more">' in client.get("/").content.decode()


def test_today_shows_what_the_toolkit_holds_and_never_asks_for_more(client, clock, glimmers):
    calm = client.get("/").content.decode()
    assert "Nothing has to happen today" in calm and "Next planned:" not in calm
    assert glimmers("activity", "plan", "walk by the river", "-c", "body", "--when", "tomorrow 10:00", "-p", "3").code == 0
    assert glimmers("plan", "start", "--yes").code == 0
    planned = client.get("/").content.decode()
    assert "Next planned:" in planned and "walk by the river" in planned and "Today's four small cues" in planned
    assert "Nothing has to happen today" not in planned
    assert "streak" not in planned.lower()


def test_entry_actions_are_named_by_kind_and_date_for_screen_readers_not_by_id(client, clock, glimmers):
    glimmers("checkin", "-n", "4")
    glimmers("glimmer", "a warm cup")
    body = client.get("/timeline/").content.decode()
    assert 'Edit<span class="visually-hidden"> the check-in of ' in body
    assert 'Edit<span class="visually-hidden"> the glimmer of ' in body
    assert 'class="entry-ref"' not in body

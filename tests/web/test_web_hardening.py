"""The local web app's guards against other accounts and other web pages.

Host first, then Fetch Metadata, then the token; static files without
cross-origin headers; sessions that end when idle; a calm page for a body
that is too big.
"""

from datetime import timedelta

import pytest
from django.test import Client

from glimmers.journal import models

pytestmark = pytest.mark.django_db
TOKEN = "k" * 43
STATIC = "/static/glimmers/site.css"


@pytest.fixture
def guarded(settings):
    settings.GLIMMERS_ACCESS_TOKEN = TOKEN
    return settings


def signed_in_client() -> Client:
    visitor = Client()
    assert visitor.get(f"/?token={TOKEN}").status_code == 302
    return visitor


def test_static_files_carry_no_cross_origin_header():
    response = Client().get(STATIC, HTTP_ORIGIN="https://elsewhere.example")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_foreign_host_is_refused_before_static_files_and_says_nothing_about_glimmers():
    for path in (STATIC, "/help-now/", "/", "/calendar.ics"):
        response = Client().get(path, HTTP_HOST="rebound.example:8765")
        assert response.status_code == 400, path
        body = b"".join(response) if response.streaming else response.content
        assert b"glimmers" not in body.lower() and "glimmers" not in str(response.headers).lower()


def test_the_host_is_checked_before_the_token(guarded):
    visitor = Client()
    response = visitor.get(f"/?token={TOKEN}", HTTP_HOST="rebound.example")
    assert response.status_code == 400
    assert not response.cookies  # no session was started for a page under another name
    assert visitor.get("/timeline/").status_code == 403


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:9000", "[::1]:8765"])
def test_loopback_names_are_answered(host):
    assert Client().get("/help-now/", HTTP_HOST=host).status_code == 200


def test_other_sites_cannot_load_anything_from_here():
    """An image or script tag on another site would tell it glimmers runs here."""
    for site in ("cross-site", "same-site"):
        response = Client().get(STATIC, HTTP_SEC_FETCH_SITE=site, HTTP_SEC_FETCH_MODE="no-cors", HTTP_SEC_FETCH_DEST="image")
        assert response.status_code == 403 and b"glimmers" not in response.content.lower()
    # Our own pages load them; tools without Fetch Metadata are judged by Host and token.
    assert Client().get(STATIC, HTTP_SEC_FETCH_SITE="same-origin", HTTP_SEC_FETCH_MODE="no-cors").status_code == 200
    assert Client().get(STATIC).status_code == 200


def test_a_link_from_anywhere_still_reaches_the_crisis_page():
    response = Client().get("/help-now/", HTTP_SEC_FETCH_SITE="cross-site", HTTP_SEC_FETCH_MODE="navigate")
    assert response.status_code == 200 and "help" in response.content.decode().lower()


def test_a_form_posted_from_another_site_is_refused(clock):
    response = Client().post("/", {"numbness": "5"}, HTTP_SEC_FETCH_SITE="cross-site", HTTP_SEC_FETCH_MODE="navigate")
    assert response.status_code == 403
    assert not models.CheckIn.objects.exists()


def test_a_session_ends_after_a_day_without_use(guarded, clock):
    visitor = signed_in_client()
    for _ in range(3):  # in use every 20 hours: still signed in after 60
        clock.shift(timedelta(hours=20))
        assert visitor.get("/timeline/").status_code == 200
    clock.shift(timedelta(hours=24, minutes=1))
    assert visitor.get("/timeline/").status_code == 403


def test_a_session_from_another_server_run_is_not_accepted(guarded, settings):
    visitor = signed_in_client()
    assert visitor.get("/timeline/").status_code == 200
    settings.SECRET_KEY = "another-run-" + "x" * 60  # what a restart does: a new key
    assert visitor.get("/timeline/").status_code == 403


def test_cookie_names_carry_the_port_of_the_running_server(settings):
    from glimmers.cli.serve import serving_settings

    for name in ("GLIMMERS_ACCESS_TOKEN", "SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME"):
        setattr(settings, name, getattr(settings, name))  # the fixture puts them back afterwards
    serving_settings(token=TOKEN, port=41234)
    response = Client().get(f"/?token={TOKEN}")
    assert "glimmers_session_41234" in response.cookies
    cookie = response.cookies["glimmers_session_41234"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and int(cookie["max-age"]) == 24 * 60 * 60


def test_a_ten_megabyte_post_gets_the_calm_page_with_help(clock):
    response = Client().post("/", {"numbness": "5", "note": "x" * (10 * 1024 * 1024)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "too much to send at once" in page and "Nothing was saved" in page
    assert 'href="/help-now/"' in page
    assert not models.CheckIn.objects.exists()


@pytest.fixture
def titles_setting():
    """The settings file is shared by the whole run: put the choice back afterwards."""
    from glimmers import config

    yield
    config.save("calendar_titles", "")


def test_the_calendar_key_can_be_replaced_and_titles_left_out(glimmers, clock, titles_setting):
    from glimmers.toolkit import calendar

    assert glimmers("activity", "plan", "therapy at the Elm St clinic", "-c", "body", "--when", "tomorrow 10:00").code == 0
    visitor = Client()
    old_key = calendar.feed_key()
    assert b"Elm St clinic" in visitor.get(f"/calendar.ics?key={old_key}").content
    assert visitor.post("/calendar/", {"action": "new_key"}).status_code == 302
    new_key = calendar.feed_key()
    assert new_key != old_key
    assert visitor.get(f"/calendar.ics?key={old_key}").status_code == 404
    assert visitor.get(f"/calendar.ics?key={new_key}").status_code == 200
    assert new_key in visitor.get("/calendar/").content.decode()

    assert visitor.post("/calendar/", {"action": "titles", "titles": "hide"}).status_code == 302
    feed = visitor.get(f"/calendar.ics?key={new_key}").content
    assert b"Elm St" not in feed and b"Planned activity (glimmers)" in feed
    assert b"Elm St" not in visitor.get("/calendar/glimmers.ics").content
    visitor.post("/calendar/", {"action": "titles", "titles": "show"})
    assert b"Elm St clinic" in visitor.get(f"/calendar.ics?key={new_key}").content


def test_calendar_new_key_and_titles_in_the_terminal(glimmers, clock, tmp_path, titles_setting):
    from glimmers.toolkit import calendar

    old_key = calendar.feed_key()
    result = glimmers("calendar", "new-key")
    assert result.code == 0 and old_key not in result.out and calendar.feed_key() in result.out
    glimmers("activity", "plan", "see Dr Rowe", "-c", "body", "--when", "tomorrow 10:00")
    hidden = tmp_path / "hidden.ics"
    assert glimmers("calendar", "export", str(hidden), "--no-titles").code == 0
    assert b"Dr Rowe" not in hidden.read_bytes()
    assert glimmers("config", "calendar_titles", "hide").code == 0
    assert glimmers("calendar", "export", str(hidden)).code == 0
    assert b"Dr Rowe" not in hidden.read_bytes()
    assert glimmers("calendar", "export", str(hidden), "--titles").code == 0
    assert b"Dr Rowe" in hidden.read_bytes()
    assert glimmers("config", "calendar_titles", "maybe").code == 2


def test_the_web_has_one_error_exit_for_missing_records_and_refusals(clock, monkeypatch):
    """A view that lets NotFound or another GlimmersError through gets the calm pages, with help."""
    from glimmers.core.errors import InvalidInput

    for method, path in (("post", "/activities/a999999/delete/"), ("post", "/experiments/x999999/stop/"),
                         ("get", "/screening/result/s999999/"), ("post", "/goals/g999999/toggle/")):
        response = getattr(Client(), method)(path)
        assert response.status_code == 404, path
        page = response.content.decode()
        assert "There is nothing here" in page and 'href="/help-now/"' in page, path

    from glimmers.toolkit import goals

    def refuse(*_args, **_kwargs):
        raise InvalidInput("That goal is already closed.")

    monkeypatch.setattr(goals, "get", refuse)
    refused = Client().post("/goals/g1/toggle/")
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "That goal is already closed." in page and "Nothing was changed" in page and 'href="/help-now/"' in page

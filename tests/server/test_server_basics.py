"""The server's open and closed doors: help and sign-in for everyone, the journal for its person only."""

from __future__ import annotations

import json
import logging

import pytest

pytestmark = pytest.mark.django_db


def test_health_touches_the_database(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize("path", ["/", "/timeline/", "/insights/", "/more/", "/account/", "/report/glimmers-report.pdf"])
def test_signed_out_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_help_needs_no_account_and_no_database_row(client):
    response = client.get("/help-now/")
    assert response.status_code == 200
    assert b"Need help now" in response.content


def test_a_signed_in_person_sees_their_pages(signed_in):
    visitor, _person = signed_in("alice")
    assert visitor.get("/").status_code == 200
    assert visitor.get("/account/").status_code == 200


def test_each_person_has_their_own_settings(signed_in):
    alice, _a = signed_in("alice")
    bob, _b = signed_in("bob")
    alice.post("/account/timezone/", {"timezone": "Asia/Tokyo"})
    bob.post("/country/", {"country": "GB", "next": "/more/"})
    assert b"Asia/Tokyo" in alice.get("/account/").content
    assert b"Asia/Tokyo" not in bob.get("/account/").content.split(b'selected>')[0][-40:]
    from glimmers.server.models import Preferences

    rows = {row.owner.email: (row.timezone, row.country) for row in Preferences.every_owner.select_related("owner")}
    assert rows == {"alice@example.org": ("Asia/Tokyo", ""), "bob@example.org": ("", "GB")}


def test_log_lines_carry_a_request_id_and_no_journal_words(signed_in, caplog):
    from glimmers.server.logs import JsonFormatter

    visitor, _person = signed_in("alice")
    with caplog.at_level(logging.INFO, logger="glimmers.access"):
        response = visitor.post("/", {"numbness": "6", "note": "a very private sentence"})
        visitor.get("/timeline/?q=private")
    assert response.status_code in (200, 302)
    lines = [json.loads(JsonFormatter().format(record)) for record in caplog.records if record.name == "glimmers.access"]
    assert [line["route"] for line in lines] == ["", "timeline/"]
    assert all(len(line["request_id"]) == 16 for line in lines)
    assert response["X-Request-ID"] == lines[0]["request_id"]
    assert "private" not in json.dumps(lines)


def test_an_exception_is_logged_by_type_and_place_never_by_its_message():
    import sys

    from glimmers.server.logs import JsonFormatter

    try:
        raise ValueError("duplicate key (note)=(my very private words)")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/entry/c1/edit/?q=words",), sys.exc_info())
    line = json.loads(JsonFormatter().format(record))
    assert line["exception"] == "ValueError" and line["where"]
    assert line["message"] == "Internal Server Error: %s"
    assert "private" not in json.dumps(line) and "q=words" not in json.dumps(line)


def test_where_one_is_signed_in_is_kept_without_a_write_on_every_page(signed_in):
    from allauth.usersessions.models import UserSession

    visitor, person = signed_in("alice")
    visitor.get("/more/")
    seen = UserSession.objects.get(user=person).last_seen_at
    visitor.get("/more/")
    assert UserSession.objects.get(user=person).last_seen_at == seen
    assert UserSession.objects.filter(user=person).count() == 1


@pytest.mark.parametrize(
    "given, expected",
    [({}, (False, True)), ({"GLIMMERS_EMAIL_PORT": "465"}, (True, False)),
     ({"GLIMMERS_EMAIL_HOST": "127.0.0.1", "GLIMMERS_EMAIL_SECURITY": "none", "GLIMMERS_EMAIL_PORT": "25"}, (False, False))],
)
def test_how_mail_leaves_is_chosen_and_plain_mail_stays_on_this_machine(given, expected):
    from glimmers.server.settings import SettingsError, build

    base = {"DATABASE_URL": "postgresql://g@127.0.0.1/g", "GLIMMERS_SECRET_KEY": "k" * 60, "GLIMMERS_ALLOWED_HOSTS": "example.org",
            "GLIMMERS_EMAIL_HOST": "smtp.example.org"}
    built = build(base | given)
    assert (built["EMAIL_USE_SSL"], built["EMAIL_USE_TLS"]) == expected
    with pytest.raises(SettingsError, match="only for a relay on this machine"):
        build(base | {"GLIMMERS_EMAIL_SECURITY": "none"})

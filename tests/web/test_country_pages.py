"""The country for crisis lines on the web: read on every request, chosen once
on the first visit, saved from the help page; the help page itself stays open."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from glimmers import config

pytestmark = pytest.mark.django_db
TOKEN = "t" * 43
CHOOSER = "Which country are you in?"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Each test its own settings file, and no country in the locale."""
    monkeypatch.setenv("GLIMMERS_HOME", str(tmp_path))
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def page(client, path="/help-now/"):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_help_page_follows_the_settings_file_without_a_restart(client):
    first = page(client)
    assert "No country chosen: showing the international directory" in first
    assert "findahelpline.com" in first and "tel:911" not in first and "988" not in first
    config.save("country", "DE")  # as 'glimmers config country DE' would, while the server runs
    second = page(client)
    assert "Showing lines for Germany (DE), from your settings." in second
    assert 'href="tel:112"' in second
    config.save("country", "US")
    third = page(client)
    assert 'href="tel:911"' in third and 'href="tel:988"' in third and 'href="sms:988"' in third
    assert "Germany" not in third.split('id="choose"')[0]


def test_the_emergency_number_comes_first_and_big(client):
    config.save("country", "GB")
    body = page(client).split('id="main"', 1)[1]
    first_link = re.search(r'<a [^>]*href="([^"]+)"', body).group(1)
    assert first_link == "tel:999"
    assert 'class="call-button emergency-call" href="tel:999"' in body
    assert body.index("tel:999") < body.index("tel:116123")
    assert 'href="mailto:' in body  # Samaritans' email is a real mailto link
    assert re.search(r'<a class="service-link" href="https://[^"]+"', body)  # web addresses are real links
    assert "Last checked" in body


def test_a_guess_from_the_locale_is_said_to_be_one(client, monkeypatch):
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    body = page(client)
    assert "guessed from this computer's language setting (en_GB.UTF-8)" in body
    assert 'href="tel:116123"' in body


@pytest.mark.parametrize("locale", ["C.UTF-8", "POSIX", "C"])
def test_c_and_posix_locales_name_no_country(client, monkeypatch, locale):
    monkeypatch.setenv("LANG", locale)
    body = page(client)
    assert "No country chosen" in body and "tel:911" not in body and "988" not in body


def test_show_another_country_changes_nothing(client):
    config.save("country", "DE")
    body = page(client, "/help-now/?country=au")
    assert 'href="tel:000"' in body and "13 11 14" in body
    assert "as you asked. Your settings are unchanged." in body
    assert config.load().country == "DE"
    assert '<option value="AU" selected>' in body


def test_an_unknown_code_shows_the_directory_with_a_sentence(client):
    body = page(client, "/help-now/?country=ZZ")
    assert "does not know the country code ZZ" in body and "findahelpline.com" in body
    (config.config_file()).write_text('country = "QQ"\n')  # edited by hand
    body = page(client)
    assert "does not know the country code QQ" in body and "findahelpline.com" in body


def test_the_help_page_has_no_main_menu_and_no_chooser_card(client):
    body = page(client)
    assert '<nav aria-label="Main"' not in body and 'href="/timeline/"' not in body
    header = body.split('id="main"', 1)[0]
    assert 'id="help-now-link"' in header and 'href="/"' in header  # only the way home
    assert CHOOSER not in body


def test_save_from_the_help_page_persists(client, settings):
    settings.GLIMMERS_ACCESS_TOKEN = TOKEN
    visitor = Client()
    open_page = page(visitor, "/help-now/?country=FR")
    assert "as my country" not in open_page  # no token: the page is open, saving is not
    assert visitor.post("/country/", {"country": "FR"}).status_code == 403
    assert config.load().country == ""
    assert visitor.get(f"/?token={TOKEN}").status_code == 302
    body = page(visitor, "/help-now/?country=FR")
    assert "Save France as my country" in body
    response = visitor.post("/country/", {"country": "FR", "next": "/help-now/"})
    assert response.status_code == 302 and response["Location"] == "/help-now/"
    assert config.load().country == "FR"
    after = page(visitor)
    assert "Showing lines for France (FR), from your settings." in after and "Saved." in after
    assert "France is the country saved in your settings." in after and "as my country" not in after


def test_saving_needs_a_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/country/", {"country": "DE"})
    assert response.status_code == 403 and config.load().country == ""
    body = strict.get("/help-now/?country=DE").content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    assert strict.post("/country/", {"country": "DE", "csrfmiddlewaretoken": csrf}).status_code == 302
    assert config.load().country == "DE"


def test_saving_refuses_unknown_codes_and_outside_addresses(client):
    response = client.post("/country/", {"country": "ZZ", "next": "/help-now/"})
    assert response.status_code == 302 and config.load().country == ""
    assert "Choose a country from the list" in page(client)
    response = client.post("/country/", {"country": "DE", "next": "https://elsewhere.example/"})
    assert response["Location"] == "/" and config.load().country == "DE"
    assert client.post("/country/", {"country": "DE", "next": "//elsewhere.example/"})["Location"] == "/"
    assert client.get("/country/").status_code == 405


def test_the_chooser_appears_on_the_first_visit_until_saved(client):
    home_page = page(client, "/")
    assert CHOOSER in home_page and 'action="/country/"' in home_page
    # after the check-in, so a value and Save stay on the first screen; the help link is in the header either way
    assert home_page.index('class="checkin-form"') < home_page.index(CHOOSER)
    assert '<option value="" selected>' in home_page  # nothing preselected without a guess
    response = client.post("/country/", {"country": "IE", "action": "save", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    after = page(client, "/")
    assert CHOOSER not in after and "Crisis lines now show for Ireland" in after
    assert config.load().country == "IE"


def test_not_now_is_remembered(client):
    assert CHOOSER in page(client, "/")
    response = client.post("/country/", {"country": "", "action": "not_now", "next": "/"})
    assert response.status_code == 302
    stored = config.load()
    assert stored.country == "" and stored.country_asked is True
    assert CHOOSER not in page(client, "/") and CHOOSER not in page(client, "/timeline/")
    assert "No country chosen" in page(client)  # help still says how to choose


def test_the_chooser_preselects_the_locale_s_guess(client, monkeypatch):
    monkeypatch.setenv("LANG", "de_AT.UTF-8")
    assert '<option value="AT" selected>' in page(client, "/")


def test_the_chooser_is_only_on_the_home_page(client):
    for path in ("/timeline/", "/day/", "/safety-plan/", "/help-now/"):
        assert CHOOSER not in page(client, path), path


def test_help_page_is_usable_without_a_token_and_without_the_database(settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.GLIMMERS_ACCESS_TOKEN = TOKEN
    config.save("country", "AU")
    with CaptureQueriesContext(connection) as queries:
        response = Client().get("/help-now/")
    assert response.status_code == 200 and len(queries) == 0
    body = response.content.decode()
    assert 'href="tel:000"' in body and 'href="tel:131114"' in body and 'href="sms:0477131114"' in body


def test_the_signed_in_person_is_one_tap_from_their_own_people_as_call_buttons(client, settings, clock):
    """The help page reads no database (a locked journal must not delay it): it links
    the signed-in person to their safety plan, where their people are Call buttons."""
    from datetime import datetime, timezone

    from glimmers.care import safety_plan as stored
    from glimmers.core.safety import safety_plan

    stored.save(safety_plan.validate({"people_to_ask": ["Mum 07700 900123"], "coping_alone": ["a walk, 20 minutes"]}),
                now=datetime.now(timezone.utc))
    settings.GLIMMERS_ACCESS_TOKEN = TOKEN
    visitor = Client()
    assert 'href="/safety-plan/"' not in page(visitor)  # no token: nothing private, not even the way to it
    assert visitor.get(f"/?token={TOKEN}").status_code == 302
    help_page = page(visitor)
    assert 'class="call-button" href="/safety-plan/"' in help_page
    assert help_page.index('href="/safety-plan/"') < help_page.index('class="crisis card"')
    plan = visitor.get("/safety-plan/").content.decode()
    assert 'Mum <a class="call-button" href="tel:07700900123">Call 07700 900123</a>' in plan

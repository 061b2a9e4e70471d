"""Five places in the navigation, and every page under one of them."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import get_resolver

from glimmers.web import navigation

pytestmark = pytest.mark.django_db

# Pages outside the five places: help (its own page, before them), signing in,
# the saving of a country or a language, and what is not a page (files, feeds, actions).
OUTSIDE = {
    "help_now", "save_country", "save_language", "sign_in", "restore", "empty_trash", "calendar_download", "calendar_feed", "report_pdf",
    "manifest", "service_worker", "outbox_token",
}


def test_there_are_five_places_and_the_help_link_comes_before_them(clock):
    body = Client().get("/").content.decode()
    nav = body.split('<nav aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r">([^<]+)</a>", nav) == ["Check in", "Journal", "Toolkit", "Insights", "More"]
    assert body.index('id="help-now-link"') < body.index('<nav aria-label="Main"')


def test_every_page_belongs_to_one_place_or_is_named_as_outside():
    names = {pattern.name for pattern in get_resolver().url_patterns if getattr(pattern, "name", None)}
    placed = [name for place in navigation.PLACES for name in place.pages]
    assert len(placed) == len(set(placed)), "a page under two places"
    assert names - OUTSIDE == set(placed), "a page without a place: add it to glimmers.web.navigation.PLACES"


@pytest.mark.parametrize(
    "path, current, kind",
    [("/", "Check in", "page"), ("/timeline/", "Journal", "page"), ("/goals/", "Toolkit", "true"),
     ("/report/", "Insights", "true"), ("/trash/", "More", "true"), ("/more/", "More", "page"), ("/day/", "More", "true")],
)
def test_the_place_of_the_page_is_marked_current(clock, path, current, kind):
    nav = Client().get(path).content.decode().split('<nav aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'aria-current="(\w+)">([^<]+)<', nav) == [(kind, current)]


def test_more_leads_to_what_left_the_navigation(clock):
    body = Client().get("/more/").content.decode().split('id="main"', 1)[1]
    for path in ("/glimmer/", "/day/", "/safety-plan/", "/screening/", "/meds/", "/report/", "/trash/"):
        assert f'href="{path}"' in body, path

"""A crawl of every page: help is one step away, nothing leaves the machine."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.sources, self.help_links = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
            if attrs.get("id") == "help-now-link":
                self.help_links.append(attrs["href"])
        for name in ("src", "href"):
            if tag in ("script", "img", "link", "iframe") and attrs.get(name):
                self.sources.append(attrs[name])


def crawl(client, *, per_kind=3):
    """Follow links from the home page, visiting each kind of page a few times
    (the day pages link to the day before, back to 1970)."""
    from collections import Counter

    from django.urls import resolve

    seen, queue, pages, kinds = set(), ["/"], {}, Counter()
    while queue:
        path = queue.pop(0)
        match = resolve(path.split("?")[0])
        kind = (match.url_name, match.kwargs.get("kind") or match.kwargs.get("key"))  # each questionnaire, exercise, guide
        if path in seen or kinds[kind] >= per_kind:
            continue
        seen.add(path)
        kinds[kind] += 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        parser = Links()
        parser.feed(response.content.decode())
        pages[path] = (response, parser)
        for href in parser.hrefs:
            href = href.split("#")[0]
            if href.startswith("/") and not href.startswith("/static/") and href not in seen:
                queue.append(href)
    return pages


def test_every_page_has_the_help_link_first_and_no_outside_requests(glimmers, clock):
    from glimmers.journal import models

    glimmers("checkin", "-n", "6", "-t", "home", "--note", "tired")
    glimmers("glimmer", "a kind message", "--after", "lunch")
    glimmers("delete", models.CheckIn.objects.get().ref)
    glimmers("checkin", "-n", "4")
    glimmers("screen", "phq9", "--answers", "0,1,0,1,0,1,0,1,0")
    glimmers("meds", "add", "sertraline", "--start", "--on", "2026-11-01")
    glimmers("plan", "start", "--yes")
    glimmers("activity", "plan", "walk", "-c", "body", "--when", "tomorrow 10:00", "-p", "3")
    assert glimmers("experiment", "start", "wake_time").code == 0
    from glimmers.care.models import ScreeningResult

    kept, glimmer = models.CheckIn.objects.get(deleted_at__isnull=True).ref, models.Glimmer.objects.get().ref
    screening = ScreeningResult.objects.get().ref  # ids keep counting across tests on PostgreSQL
    pages = crawl(Client())
    for path in ("/", "/timeline/", "/day/", "/glimmer/", "/trash/", "/help-now/", f"/entry/{kept}/edit/", f"/entry/{glimmer}/delete/",
                 "/safety-plan/", "/safety-plan/edit/", "/meds/", "/screening/", "/screening/phq9/", "/screening/triage/",
                 "/screening/profile/", f"/screening/result/{screening}/", "/toolkit/", "/plan/", "/activities/", "/goals/",
                 "/goals/timer/", "/pleasures/", "/ground/", "/ground/box_breathing/", "/share/", "/guides/", "/guides/relapse/",
                 "/experiments/", "/calendar/", "/insights/", "/report/"):
        assert path in pages, f"{path} was not reachable by links"
    for path, (response, parser) in pages.items():
        assert parser.help_links == ["/help-now/"], path
        body = response.content.decode()
        assert body.index('id="help-now-link"') < body.index('id="main"'), path  # in the header, before content
        assert all(src.startswith("/") and not src.startswith("//") for src in parser.sources), path
        # Links to crisis services are fine (nothing is fetched until the person follows one);
        # nothing else on a page may point outside this computer.
        outside = re.findall(r"https?://(?!127\.0\.0\.1)[^\s\"'<]*", body.split("<body", 1)[1])
        linked = set(re.findall(r'<a [^>]*href="(https?://[^"]+)"', body))
        assert all(address in linked for address in outside), (path, outside)
        assert "default-src 'self'" in response["Content-Security-Policy"], path
        assert response["Cache-Control"] == "no-store"


def test_help_page_needs_no_database(settings):
    # The crisis page is rendered from content files alone.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = Client().get("/help-now/?country=AU")
    assert response.status_code == 200 and len(queries) == 0
    page = response.content.decode()
    assert "13 11 14" in page and "findahelpline.com" in page and "not monitored" in page


def test_error_pages_keep_the_help_link():
    response = Client().get("/no/such/page/")
    assert response.status_code == 404 and 'id="help-now-link"' in response.content.decode()

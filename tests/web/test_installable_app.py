"""The installable app, server side: the manifest, the service worker, and a
check-in sent again from the app's outbox saved exactly once."""

from __future__ import annotations

import json
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from glimmers.journal import models

pytestmark = pytest.mark.django_db
TOKEN = "t" * 43
WORRYING = "I want to die"


def test_the_manifest_makes_glimmers_installable_without_signing_in(settings):
    settings.GLIMMERS_ACCESS_TOKEN = TOKEN
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone" and manifest["scope"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes and any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].split("/static/", 1)[1]), icon["src"]
    assert {"name": "Need help now", "url": "/help-now/"} in manifest["shortcuts"]


def test_the_service_worker_is_served_from_the_root_signed_out_and_keeps_the_help_page(settings):
    settings.GLIMMERS_ACCESS_TOKEN = TOKEN
    response = Client().get("/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-cache"
    worker = response.content.decode()
    assert 'const HELP = "/help-now/";' in worker and "caches.open(CACHE)" in worker
    assert 'const CACHE = "glimmers-' in worker and "{{" not in worker and "{%" not in worker
    page = Client().get("/help-now/").content.decode()
    assert 'rel="manifest"' in page and "glimmers/app.js" in page


def test_the_outbox_token_needs_the_person_signed_in(settings):
    settings.GLIMMERS_ACCESS_TOKEN = TOKEN
    visitor = Client()
    assert visitor.get("/outbox/token/").status_code == 403
    assert visitor.get(f"/?token={TOKEN}").status_code == 302
    answer = visitor.get("/outbox/token/")
    assert answer.status_code == 200 and len(answer.json()["csrf"]) >= 32


def post(client, uid: str, *, outbox: bool, **fields):
    headers = {"HTTP_X_GLIMMERS_OUTBOX": "1"} if outbox else {}
    return client.post("/", {"numbness": "6", "uid": uid} | fields, **headers)


def test_a_check_in_sent_again_is_saved_once(clock):
    client = Client()
    uid = uuid.uuid4().hex
    assert post(client, uid, outbox=True).status_code == 204  # from the outbox: no page, just done
    assert post(client, uid, outbox=True).status_code == 204  # sent again (the answer was lost): still once
    again = post(client, uid, outbox=False)  # the same form sent again by hand
    assert again.status_code == 302 and models.CheckIn.objects.count() == 1
    assert "That check-in was already saved." in client.get("/").content.decode()
    assert models.CheckIn.objects.get().uid == uid


def test_the_form_carries_a_new_id_each_time_it_is_shown(clock):
    client = Client()
    first, second = (client.get("/").content.decode() for _ in range(2))
    ids = [page.split('name="uid" value="', 1)[1].split('"', 1)[0] for page in (first, second)]
    assert ids[0] != ids[1] and all(len(found) == 32 for found in ids)


def test_support_for_words_sent_from_the_outbox_waits_for_the_next_page(clock):
    client = Client()
    assert post(client, uuid.uuid4().hex, outbox=True, note=WORRYING).status_code == 204
    page = client.get("/").content.decode()
    assert 'id="support"' in page and "Check-in saved" in page


def test_fetching_the_worker_leaves_the_support_for_the_page(clock):
    """The browser asks for /sw.js beside the page it opens: the support waiting in the session stays for the page."""
    client = Client()
    assert post(client, uuid.uuid4().hex, outbox=True, note=WORRYING).status_code == 204
    assert client.get("/sw.js").status_code == 200
    assert 'id="support"' in client.get("/").content.decode()


def test_a_kept_form_with_a_chip_no_longer_offered_is_still_taken(clock):
    """The recent tags change between showing the form and sending it (offline, or a slow tab)."""
    client = Client()
    assert post(client, uuid.uuid4().hex, outbox=True, recent=["doing:choir"]).status_code == 204
    assert [str(tag) for tag in models.CheckIn.objects.get().tags.all()] == ["doing:choir"]
    assert post(client, uuid.uuid4().hex, outbox=True, recent=["not a; tag"]).status_code == 400  # the core still checks


def test_the_check_in_form_cannot_carry_words_the_server_would_refuse(clock):
    """A form kept while offline is checked only when it is sent: the browser holds the note to its limit."""
    page = Client().get("/").content.decode()
    assert 'name="note" cols="40" rows="3" maxlength="20000"' in page
    assert 'name="self_talk" cols="40" rows="2" maxlength="2000"' in page

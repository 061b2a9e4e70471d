"""The window-of-tolerance question in the check-in, on the web and in the terminal: saved, shown,
exported, offered grounding at an edge (support first when words worry), and used by a new plan."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from glimmers.journal.models import CheckIn

pytestmark = pytest.mark.django_db


def test_the_question_sits_in_the_fold_and_an_edge_brings_exercises_after_saving(clock):
    client = Client()
    form = client.get("/").content.decode()
    assert 'name="tolerance_window"' in form and 'href="/guides/window/"' in form
    assert form.index("More, if you like") < form.index('name="tolerance_window"')  # not on the first screen
    page = client.post("/", {"numbness": "7", "tolerance_window": "under", "uid": "a" * 32}, follow=True).content.decode()
    assert CheckIn.objects.get().tolerance_window == "under"
    assert re.search(r"window\s*<strong>Too little</strong>", client.get("/timeline/").content.decode())
    assert "brings you gently back" in page and 'href="/ground/gentle_stretches/"' in page
    again = client.get("/").content.decode()
    assert "brings you gently back" not in again  # offered once, right after saving
    calm = client.post("/", {"numbness": "3", "tolerance_window": "within", "uid": "b" * 32}, follow=True).content.decode()
    assert "window-offer" not in calm


def test_support_comes_instead_of_exercises_when_the_words_worry(clock):
    page = Client().post(
        "/", {"numbness": "9", "tolerance_window": "over", "note": "I want to die", "uid": "c" * 32}, follow=True
    ).content.decode()
    assert "window-offer" not in page


def test_a_wrong_answer_is_refused_in_words_and_nothing_is_saved(clock):
    answer = Client().post("/", {"numbness": "5", "tolerance_window": "sideways", "uid": "d" * 32})
    assert answer.status_code == 400 and CheckIn.objects.count() == 0


def test_the_terminal_saves_shows_offers_and_edits_the_answer(clock, glimmers):
    saved = glimmers("checkin", "-n", "6", "--window", "over")
    assert saved.code == 0 and "Window: Too much" in saved.out and "glimmers ground five_breaths" in saved.out
    assert "glimmers guide window" in saved.out
    asked = glimmers("checkin", input="4\n\n\n\n3\n\n\n")
    assert asked.code == 0 and "Window: Too little" in asked.out, asked.out + asked.err
    ref = CheckIn.objects.order_by("pk").first().pk
    assert glimmers("edit", f"c{ref}", "--window", "within").code == 0
    assert CheckIn.objects.get(pk=ref).tolerance_window == "within"
    wrong = glimmers("checkin", "-n", "2", "--window", "sideways")
    assert wrong.code != 0 and "over, within, under" in wrong.err


def test_the_answer_goes_out_and_comes_back_with_an_export(clock, glimmers, tmp_path):
    assert glimmers("checkin", "-n", "6", "--window", "under").code == 0
    out = tmp_path / "all.json"
    assert glimmers("export", "--out", str(out)).code == 0
    document = json.loads(out.read_text())
    assert document["checkins"][0]["tolerance_window"] == "under"
    CheckIn.every_owner.all().delete()
    assert glimmers("import", str(out)).code == 0
    assert CheckIn.objects.get().tolerance_window == "under"
    csv_out = tmp_path / "all.csv"
    assert glimmers("export", "--format", "csv", "--out", str(csv_out)).code == 0
    assert "tolerance_window" in csv_out.read_text().splitlines()[0]


def test_a_new_plan_leans_towards_the_edge_marked_often_and_the_profile_says_so(clock, glimmers):
    from glimmers.core.toolkit import window

    for numbness in ("7", "8", "6"):
        assert glimmers("checkin", "-n", numbness, "--window", "under").code == 0
    assert glimmers("plan", "start").code == 0
    from glimmers.toolkit.models import Plan

    assert window.window().state("under").emphasis in Plan.objects.get().emphases
    result = glimmers("screen", "profile", "--answers", ",".join(["1"] * 12))
    assert "“too little” 3 times" in result.out, result.out + result.err

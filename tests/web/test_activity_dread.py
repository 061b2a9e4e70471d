"""Predicted dread: how hard an activity is expected to be and how it was, kept beside pleasure and
mastery in the terminal, on the web and in exports, and its gap told in the same careful words."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest
from django.test import Client

from glimmers.core.toolkit import activation
from glimmers.toolkit.models import Activity

pytestmark = pytest.mark.django_db


def _rated(predicted: int, actual: int, title: str = "walk") -> activation.Rated:
    return activation.Rated(title, "body", None, None, None, None, predicted, actual)


def test_easier_than_expected_counts_as_better_and_the_words_say_so_without_a_promise():
    summary = activation.gap_summary([_rated(8, 5), _rated(7, 4), _rated(6, 4)])
    assert summary.dread.count == 3 and summary.dread.difference == pytest.approx(-8 / 3)
    assert summary.better_than_expected == 3 and summary.compared == 3
    words = summary.words()
    assert "2.7 points easier than you expected" in words and "Dread often guesses high" in words
    harder = activation.gap_summary([_rated(2, 6), _rated(3, 6), _rated(2, 5)]).words()
    assert "harder than you expected" in harder and "smaller steps" in harder
    assert "close to what you expected" in activation.gap_summary([_rated(5, 5)] * 3).words()
    assert summary.rows[0].dread.count == 3


def test_two_activities_are_not_yet_a_pattern():
    assert "a few more will show" in activation.gap_summary([_rated(8, 5), _rated(7, 4)]).words()


def test_a_rating_outside_the_scale_is_refused():
    with pytest.raises(Exception, match="0 to 10"):
        activation.validate_done(actual_dread=11)
    assert activation.validate_done(actual_dread=3).actual_dread == 3  # dread alone is something to compare


def test_the_terminal_plans_rates_and_shows_the_gap(clock, glimmers):
    planned = glimmers("activity", "plan", "call Sam", "-c", "connection", "--when", "tomorrow 10:00", "-p", "3", "-m", "2", "-d", "8")
    assert planned.code == 0 and "--dread N" in planned.out
    row = Activity.objects.get()
    assert row.predicted_dread == 8
    row.scheduled_for = datetime(2026, 11, 19, 10, tzinfo=timezone.utc)
    row.save()
    rated = glimmers("activity", "rate", row.ref, "-p", "5", "-d", "3")
    assert rated.code == 0 and "How hard: you expected 8, it was 3 (-5; lower is easier)." in rated.out
    assert glimmers("activity", "log", "tidy desk", "-c", "mastery", "-d", "4").code == 0
    gap = glimmers("activity", "gap")
    assert "how hard" in gap.out and "8.0 → 3.0" in gap.out


def test_the_web_asks_before_and_after_and_shows_the_pair(clock):
    client = Client()
    page = client.get("/activities/").content.decode()
    assert 'name="plan-predicted_dread"' in page
    sent = client.post("/activities/", {
        "form": "plan", "plan-title": "dentist call", "plan-category": "mastery", "plan-when": "2026-11-20T15:00",
        "plan-predicted_pleasure": "1", "plan-predicted_dread": "9",
    })
    assert sent.status_code in (200, 302), sent.content.decode()[:500]
    row = Activity.objects.get()
    assert row.predicted_dread == 9
    row.scheduled_for = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
    row.save()
    waiting = client.get("/activities/").content.decode()
    assert "how hard 9" in waiting and f'name="{row.ref}-actual_dread"' in waiting
    client.post(f"/activities/{row.ref}/rate/", {f"{row.ref}-actual_dread": "4", f"{row.ref}-actual_pleasure": "3"})
    row.refresh_from_db()
    assert row.actual_dread == 4 and row.done_at is not None
    done = client.get("/activities/").content.decode()
    assert re.search(r"how hard 9 → 4", done)


def test_dread_goes_out_with_an_export_and_an_older_file_without_it_still_reads(clock, glimmers, tmp_path):
    assert glimmers("activity", "log", "tidy desk", "-c", "mastery", "-d", "4").code == 0
    out = tmp_path / "all.json"
    assert glimmers("export", "--out", str(out)).code == 0
    document = json.loads(out.read_text())
    activity = document["toolkit"]["activities"][0]
    assert activity["actual_dread"] == 4 and activity["predicted_dread"] is None
    older = dict(document, version=4)
    for row in older["toolkit"]["activities"]:
        del row["predicted_dread"], row["actual_dread"]
    older_file = tmp_path / "older.json"
    older_file.write_text(json.dumps(older))
    Activity.objects.all().delete()
    imported = glimmers("import", str(older_file))
    assert imported.code == 0, imported.err
    assert Activity.objects.get().actual_dread is None


def test_over_months_the_trend_tells_whether_dread_is_catching_up_with_experience():
    from datetime import date, timedelta

    from glimmers.core.analysis.insights.activation_trend import activation_trend

    start = date(2026, 8, 3)
    # expected 8 each time; at first it was 3 (5 points of dread too many), lately 7
    rows = [(start + timedelta(days=5 * i), None, None, None, None, 8, 3 + i // 4) for i in range(16)]
    trend = activation_trend(rows)
    assert trend.dread.direction == "closer" and trend.pleasure.count == 0
    assert "For how hard things would be, your predictions are moving closer" in trend.words()
    five = activation_trend([(start, 3, 5, 4, 6)])  # rows without dread still read
    assert five.dread.count == 0 and five.pleasure.count == 1

"""The reconnection toolkit in the web app (without JavaScript: plain forms)."""

from datetime import date, timedelta

import pytest
from django.test import Client

from glimmers.toolkit import models

pytestmark = pytest.mark.django_db

TOKEN = "t" * 43


@pytest.fixture
def client():
    return Client()


def test_plan_start_mark_swap_and_rest_day(client, clock):
    assert "Start a 14-day plan" in client.get("/plan/").content.decode()
    client.post("/plan/", {"action": "start"})
    page = client.get("/plan/").content.decode()
    assert "Day 1 of 14" in page and page.count('class="card cue') == 4
    response = client.post("/plan/", {"action": "done", "slot": "body"}, follow=True)
    assert "Marked as done" in response.content.decode() and models.PlanMark.objects.get().slot == "body"
    response = client.post("/plan/", {"action": "swap", "slot": "body"}, follow=True)
    assert "already done today" in response.content.decode()  # an error message, nothing changed
    client.post("/plan/", {"action": "skip"})
    assert models.PlanDay.objects.get().skipped is True
    assert "rest day" in client.get("/plan/").content.decode()
    clock.shift(timedelta(days=1))
    assert "Day 2 of 14" in client.get("/plan/").content.decode()
    response = client.post("/plan/", {"action": "done", "slot": "heart"}, follow=True)
    assert "Choose one of" in response.content.decode()


def test_activity_plan_rate_and_gap(client, clock):
    response = client.post("/activities/", {"form": "plan", "plan-title": "walk", "plan-category": "body",
                                             "plan-when": "2026-11-21T10:00", "plan-predicted_pleasure": "2"})
    assert response.status_code == 302, response.content.decode()
    row = models.Activity.objects.get()
    assert row.predicted_pleasure == 2 and row.scheduled_for.isoformat() == "2026-11-21T09:00:00+00:00"
    clock.shift(timedelta(days=2))
    page = client.get("/activities/").content.decode()
    assert "How did these go?" in page
    client.post(f"/activities/{row.ref}/rate/", {f"{row.ref}-actual_pleasure": "6", f"{row.ref}-glimmer": "sun"})
    row.refresh_from_db()
    assert row.actual_pleasure == 6 and row.done_at is not None
    page = client.get("/activities/").content.decode()
    assert "2.0 → 6.0" in page and "1 activity compared so far" in page


def test_activity_bad_input_shows_field_errors_and_saves_nothing(client, clock):
    response = client.post("/activities/", {"form": "plan", "plan-title": "walk", "plan-category": "body",
                                             "plan-when": "2026-11-19T10:00"})
    assert response.status_code == 400 and "already passed" in response.content.decode()
    response = client.post("/activities/", {"form": "values", "values-name_1": "curiosity"})
    assert response.status_code == 400 and "cannot be empty" in response.content.decode()
    assert not models.Activity.objects.exists() and not models.Value.objects.exists()


def test_goals_enough_and_toggle(client, clock):
    client.post("/goals/", {"goal-kind": "goal", "kind": "goal", "goal-text": "open the curtains"})
    client.post("/goals/", {"enough-kind": "enough", "kind": "enough", "enough-text": "a meal"})
    goal = models.Goal.objects.get(kind="goal")
    client.post(f"/goals/{goal.ref}/toggle/")
    goal.refresh_from_db()
    assert goal.done_at is not None
    page = client.get("/goals/").content.decode()
    assert "a meal" in page and 'aria-pressed="true"' in page


def test_pleasure_log_with_worrying_words_offers_support_on_the_next_page(client, clock):
    response = client.post("/pleasures/", {"key": "one_song", "shift": "none", "note": "I want to die"}, follow=True)
    page = response.content.decode()
    assert models.PleasureTry.objects.get().shift == "none"
    assert 'id="support"' in page or "not monitored" in page
    assert "findahelpline.com" in page


def test_exercise_without_javascript_saves_a_stopped_session(client, clock):
    page = client.get("/ground/box_breathing/").content.decode()
    assert 'id="exercise-static"' in page and "Breathe in" in page  # the steps to follow by hand
    response = client.post("/ground/box_breathing/", {"numbness_before": "6", "completed": "0", "numbness_after": "5",
                                                      "shift": "little"})
    assert response.status_code == 302
    row = models.ExerciseSession.objects.get()
    assert (row.completed, row.numbness_before, row.numbness_after, row.shift) == (False, 6, 5, "little")
    assert client.get("/ground/levitation/").status_code == 404


def test_experiment_from_the_web(client, clock):
    response = client.post("/experiments/", {"lever": "wake_time", "design": "alternating", "start": "2026-11-20", "weeks": "8"})
    assert response.status_code == 302
    row = models.Experiment.objects.get()
    assert row.start == date(2026, 11, 23) and sum(row.schedule) == 4
    page = client.get(f"/experiments/{row.ref}/").content.decode()
    assert "70 possible orders" in page and page.count("<tr>") == 9
    again = client.post("/experiments/", {"lever": "wake_time", "design": "before_after", "start": "2026-12-01"})
    assert again.status_code == 400 and "already have an experiment" in again.content.decode()
    clock.shift(timedelta(days=3))
    client.post(f"/experiments/{row.ref}/", {"answer": "yes", "day": "2026-11-23"})
    assert models.AdherenceDay.objects.get().answer == "yes"
    client.post(f"/experiments/{row.ref}/", {"answer": "yes", "day": "2026-12-30"})  # the future: refused
    assert models.AdherenceDay.objects.count() == 1


def test_the_alcohol_lever_caution_on_the_experiment_pages(client, clock):
    caution = "If you drink heavily every day, please talk to a doctor before you stop or cut right down"
    offered = client.get("/experiments/").content.decode()
    choice = offered.split('value="fewer_alcohol_days"', 1)[1].split('value="recovery_block"', 1)[0]
    assert 'id="caution-fewer_alcohol_days"' in choice and caution in choice
    assert "medically dangerous" in choice and offered.count("Safety note") == 1
    response = client.post("/experiments/", {"lever": "fewer_alcohol_days", "design": "alternating", "start": "2026-11-20",
                                              "weeks": "8"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert caution in page and "Fewer alcohol days" in page
    listed = client.get("/experiments/").content.decode()
    assert listed.count("Safety note") == 2  # on offer, and on the running experiment
    other = client.post("/experiments/", {"lever": "wake_time", "design": "alternating", "start": "2026-11-20", "weeks": "8"})
    assert "Safety note" not in client.get(other["Location"]).content.decode()


def test_share_composes_and_saves_only_when_asked(client, clock):
    response = client.post("/share/", {"audience": "friend", "feelings": ["detached"], "needs": ["walk_together"]})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="composed"' in page and not models.SharedMessage.objects.exists()
    client.post("/share/", {"audience": "friend", "feelings": ["detached"], "save": "1"})
    assert models.SharedMessage.objects.count() == 1
    assert client.post("/share/", {"audience": "friend"}).status_code == 400


def test_calendar_feed_needs_its_own_key_and_never_the_journal_token(client, clock, settings):
    import icalendar

    from glimmers.toolkit.calendar import feed_key

    settings.GLIMMERS_ACCESS_TOKEN = TOKEN
    visitor = Client()
    assert visitor.get("/calendar/").status_code == 403  # the page needs the journal token
    assert visitor.get("/calendar.ics").status_code == 404
    assert visitor.get("/calendar.ics?key=wrong").status_code == 404
    assert visitor.get(f"/calendar.ics?key={TOKEN}").status_code == 404  # the journal token is not the feed key
    response = visitor.get(f"/calendar.ics?key={feed_key()}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert events and all(event.walk("VALARM") for event in events)
    assert visitor.get("/").status_code == 403  # the feed key opens nothing else


def test_odd_requests_are_refused_calmly(client, clock):
    page = client.get("/goals/timer/?what=</script><h1>injected</h1>").content.decode()
    assert "<h1>injected" not in page and "\\u003C/script\\u003E" in page
    response = client.post("/goals/", {"kind": "weird", "goal-text": "x"}, follow=True)
    assert "Choose a tiny goal" in response.content.decode() and not models.Goal.objects.exists()
    client.post("/ground/box_breathing/", {"completed": "0", "steps_done": "999"})
    row = models.ExerciseSession.objects.get()
    assert row.completed is False and row.steps_done == row.steps_total - 1
    assert client.get("/experiments/e²/").status_code == 404
    assert client.post("/goals/g²/toggle/").status_code == 404
    response = client.post("/experiments/", {"lever": "wake_time", "design": "alternating", "start": "9999-12-31", "weeks": "8"})
    assert response.status_code == 400


def test_own_words_in_share_bring_support_even_without_feelings(client, clock):
    response = client.post("/share/", {"audience": "friend", "extra": "I want to kill myself"})
    page = response.content.decode()
    assert response.status_code == 400 and "findahelpline.com" in page and "not monitored" in page


def test_an_activity_title_with_worrying_words_brings_support(client, clock):
    response = client.post("/activities/", {"form": "plan", "plan-title": "say goodbye, I want to end my life",
                                             "plan-category": "meaning", "plan-when": "2026-11-21T10:00"}, follow=True)
    page = response.content.decode()
    assert models.Activity.objects.exists() and "findahelpline.com" in page and "not monitored" in page

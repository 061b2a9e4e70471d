"""The reconnection toolkit from the terminal, with a fixed clock: what a
person types, what they see, and what is stored."""

from datetime import date, datetime, timedelta, timezone

import pytest

from glimmers.toolkit import models

pytestmark = pytest.mark.django_db

# FIXED_NOW is Friday 20 November 2026, 13:00 in Berlin.


def _detached_profile(glimmers):
    from glimmers.core.care import profile

    answers = ",".join("3" if q.form == "detached" else "0" for q in profile.check().questions)
    assert glimmers("screen", "profile", "--answers", answers).code == 0


# ------------------------------------------------------------------ plan


def test_plan_follows_the_profile_and_keeps_what_was_done(glimmers, clock):
    from glimmers.core.toolkit import plan as core_plan

    _detached_profile(glimmers)
    result = glimmers("plan", "start", "--seed", "11")
    assert result.code == 0, result.err
    stored = models.Plan.objects.get()
    assert stored.seed == 11 and "grounding_first" in stored.emphases and "slower_pacing" in stored.emphases
    lines = [line for line in result.out.splitlines() if line.startswith("  [ ]")]
    assert [line.split(" (")[0].strip("[ ] ") for line in lines][:2] == ["Body", "Senses"]  # grounding first
    built = core_plan.build_plan(11, stored.emphases)
    assert all(cue.gentle and cue.minutes <= 5 for day in built.days[:4] for cue in day.cues)
    assert "Tailored by your numbness profile: Grounding first" in result.out

    done = glimmers("plan", "done", "body")
    assert done.code == 0 and built.days[0].cue_for("body").text in done.out
    mark = models.PlanMark.objects.get()
    assert (mark.slot, mark.cue_key, mark.day.number, mark.day.opened_on) == ("body", built.days[0].cue_for("body").key, 1, date(2026, 11, 20))
    assert "[x] Body" in glimmers("plan").out

    clock.shift(timedelta(days=1))
    assert "Day 2 of 14" in glimmers("plan").out


def test_a_missed_day_waits_without_judgement(glimmers, clock):
    glimmers("plan", "start", "--seed", "2")
    glimmers("plan", "swap", "sensory")  # opened, nothing done
    clock.shift(timedelta(days=3))
    out = glimmers("plan").out
    assert "Day 1 of 14" in out
    assert "where you left off" in out.lower() or "welcome back" in out.lower() or "pick" in out.lower()
    for word in ("miss", "fail", "streak", "behind"):
        assert word not in out.lower()
    glimmers("plan", "done", "meaning")
    clock.shift(timedelta(days=1))
    assert "Day 2 of 14" in glimmers("plan").out


def test_swap_skip_undo_and_bad_slot(glimmers, clock):
    glimmers("plan", "start", "--seed", "5")
    before = glimmers("plan").out
    swapped = glimmers("plan", "swap", "connection")
    assert swapped.code == 0 and swapped.out.split("Instead: ")[1].split(" (")[0] not in before
    assert models.PlanDay.objects.get().swaps == 1
    assert glimmers("plan", "done", "connection").code == 0
    refused = glimmers("plan", "swap", "connection")
    assert refused.code == 2 and "already done" in refused.err
    glimmers("plan", "undo", "connection")
    assert not models.PlanMark.objects.exists()
    bad = glimmers("plan", "done", "soul")
    assert bad.code == 2 and "body, sensory, connection, meaning" in bad.err
    assert "rest day" in glimmers("plan", "skip").out
    clock.shift(timedelta(days=1))
    assert "Day 2 of 14" in glimmers("plan").out


def test_plan_without_a_plan_says_how_to_start(glimmers, clock):
    assert "glimmers plan start" in glimmers("plan").out
    result = glimmers("plan", "done", "body")
    assert result.code == 3 and "plan start" in result.err


# ------------------------------------------------------------------ activities


def test_activity_prediction_then_rating_shows_the_gap(glimmers, clock):
    assert glimmers("activity", "values", "connection=text Sam", "curiosity=read a page").code == 0
    planned = glimmers("activity", "plan", "walk by the river", "-c", "body", "--when", "tomorrow 10:00", "-p", "2", "-m", "3",
                       "--value", "connection")
    assert planned.code == 0, planned.err
    row = models.Activity.objects.get()
    assert row.scheduled_for == datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)  # 10:00 in Berlin
    assert (row.predicted_pleasure, row.predicted_mastery, row.value) == (2, 3, "connection")
    clock.shift(timedelta(days=1, hours=2))
    assert "How did these go?" in glimmers("activity", "list").out
    rated = glimmers("activity", "rate", row.ref, "-p", "6", "-m", "5", "-g", "the light on the water")
    assert rated.code == 0
    assert "you predicted 2, it was 6 (+4)" in rated.out and "you predicted 3, it was 5 (+2)" in rated.out
    gap = glimmers("activity", "gap").out
    assert "walk by the river" in gap and "1 activity compared so far" in gap


def test_activity_bad_input(glimmers, clock):
    past = glimmers("activity", "plan", "walk", "-c", "body", "--when", "yesterday 10:00")
    assert past.code == 2 and "already passed" in past.err
    out_of_range = glimmers("activity", "plan", "walk", "-c", "body", "--when", "tomorrow 10:00", "-p", "11")
    assert out_of_range.code == 2 and "from 0 to 10" in out_of_range.err
    assert glimmers("activity", "values", "a=1", "b=2", "c=3", "d=4").code == 2
    assert glimmers("activity", "rate", "a99", "-p", "3").code == 3
    assert not models.Activity.objects.exists() and not models.Value.objects.exists()


def test_activity_log_records_something_already_done(glimmers, clock):
    result = glimmers("activity", "log", "called Mum", "-c", "connection", "--when", "today 09:00", "-p", "5")
    assert result.code == 0
    row = models.Activity.objects.get()
    assert row.done_at == datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc) and row.actual_pleasure == 5


# ------------------------------------------------------------------ goals, pleasures, sharing, guides


def test_tiny_goals_and_enough(glimmers, clock):
    added = glimmers("goal", "add", "open the curtains")
    assert added.code == 0
    glimmers("goal", "enough", "one meal")
    glimmers("goal", "enough", "one meal and a shower")  # replaces
    assert models.Goal.objects.filter(kind="enough").get().text == "one meal and a shower"
    ref = models.Goal.objects.get(kind="goal").ref
    glimmers("goal", "done", ref)
    shown = glimmers("goal").out
    assert "Enough for today: one meal and a shower" in shown and "[x]" in shown
    assert glimmers("goal", "add", "x" * 200).code == 2


def test_goal_start_timer_runs_on_a_fake_clock(glimmers, clock, monkeypatch):
    from glimmers.cli import ground_display

    fake = _FakeTime()
    real = ground_display.countdown
    monkeypatch.setattr(ground_display, "countdown", lambda minutes, **kw: real(minutes, **kw, clock=fake, sleep=fake.sleep))
    result = glimmers("goal", "start", "the email")
    assert result.code == 0 and "the hard part" in result.out
    assert 300 <= fake.now - fake.start < 300.5


def test_pleasure_log_and_bad_input(glimmers, clock):
    result = glimmers("pleasure", "log", "one_song", "--shift", "none")
    assert result.code == 0 and "fine answer" in result.out
    assert models.PleasureTry.objects.get().shift == "none"
    assert glimmers("pleasure", "log", "no_such_thing", "--shift", "little").code == 3
    assert glimmers("pleasure", "list", "--sense", "sixth").code == 2
    assert "candle" in glimmers("pleasure", "list", "--sense", "smell").out.lower()


def test_share_builds_words_and_saves_only_when_asked(glimmers, clock):
    result = glimmers("share", "--to", "therapist", "--feel", "detached", "--need", "walk_together")
    assert result.code == 0 and "detached" in result.out
    assert not models.SharedMessage.objects.exists()
    glimmers("share", "--feel", "detached", "--save")
    assert "Nothing is sent" in glimmers("share", "--feel", "detached", "--save").out
    assert models.SharedMessage.objects.count() == 2
    bad = glimmers("share", "--feel", "happy_go_lucky")
    assert bad.code == 2 and "detached" in bad.err  # lists the keys to choose from


def test_worrying_words_in_toolkit_notes_offer_support(glimmers, clock):
    result = glimmers("pleasure", "log", "one_song", "--shift", "none", "--note", "I want to die")
    assert result.code == 0 and models.PleasureTry.objects.get().note == "I want to die"  # saved, never blocked
    assert "You wrote “I want to die”" in result.out and "not monitored" in result.out and "findahelpline.com" in result.out
    rated = glimmers("activity", "log", "walk", "-c", "body", "-g", "no point in anything, I want to end it all")
    assert rated.code == 0 and "not monitored" in rated.out


def test_guides(glimmers):
    listing = glimmers("guide").out
    for key in ("supporters", "contact", "therapy", "relapse"):
        assert key in listing
    relapse = glimmers("guide", "relapse").out
    assert "Reach out" in relapse and "Ground" in relapse
    assert glimmers("guide", "nope").code == 3


# ------------------------------------------------------------------ grounding in the terminal


class _FakeTime:
    """A monotonic clock that moves only when slept; optionally Ctrl-C at a moment."""

    def __init__(self, interrupt_after=None):
        self.start = self.now = 500.0
        self.interrupt_after = interrupt_after

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        if self.interrupt_after is not None and self.now - self.start >= self.interrupt_after:
            self.interrupt_after = None
            raise KeyboardInterrupt
        self.now += seconds


def _fake_run(monkeypatch, fake, ask=None):
    from glimmers.cli import ground_display

    real = ground_display.run
    monkeypatch.setattr(ground_display, "run", lambda exercise, **kw: real(exercise, **kw, clock=fake, sleep=fake.sleep, ask=ask))


def test_ground_runs_to_the_end_and_logs_before_and_after(glimmers, clock, monkeypatch):
    fake = _FakeTime()
    _fake_run(monkeypatch, fake)
    result = glimmers("ground", "five_breaths", "--before", "7", "--after", "5", "--shift", "little")
    assert result.code == 0, result.err
    row = models.ExerciseSession.objects.get()
    assert (row.exercise_key, row.completed, row.steps_done, row.steps_total) == ("five_breaths", True, 10, 10)
    assert (row.numbness_before, row.numbness_after, row.shift) == (7, 5, "little")
    assert row.active_seconds == 50 and fake.now - fake.start == pytest.approx(50, abs=0.5)
    assert "numbness 7 → 5" in glimmers("ground", "--history").out


def test_an_interrupted_exercise_is_saved_marked_incomplete(glimmers, clock, monkeypatch):
    fake = _FakeTime(interrupt_after=20)
    _fake_run(monkeypatch, fake, ask=lambda: "q")
    result = glimmers("ground", "box_breathing", "--before", "6")
    assert result.code == 0
    row = models.ExerciseSession.objects.get()
    assert row.completed is False and 0 < row.steps_done < row.steps_total and row.numbness_before == 6
    assert "as it is" in result.out
    assert "stopped at" in glimmers("ground", "--history").out


def test_ground_bad_input(glimmers, clock):
    assert glimmers("ground", "levitation").code == 3
    assert "box_breathing" in glimmers("ground").out
    assert glimmers("ground", "five_breaths", "--before", "12").code == 2
    assert not models.ExerciseSession.objects.exists()


# ------------------------------------------------------------------ experiments and the calendar


def test_alternating_experiment_is_balanced_stored_and_logged(glimmers, clock):
    result = glimmers("experiment", "start", "daylight_walk")
    assert result.code == 0, result.err
    row = models.Experiment.objects.get()
    assert row.start == date(2026, 11, 23)  # the next Monday
    assert row.end == date(2027, 1, 17) and len(row.schedule) == 8 and sum(row.schedule) == 4 and row.seed is not None
    from glimmers.core.toolkit import experiments

    assert list(experiments.assign_weeks(row.seed, 8, 4)) == row.schedule  # reproducible from the stored seed
    assert "70 possible orders" in result.out
    overlap = glimmers("experiment", "start", "daylight_walk", "--start", "2026-12-01")
    assert overlap.code == 2 and "already have an experiment" in overlap.err
    assert glimmers("experiment", "start", "wake_time", "--start", "2026-11-01").code == 2  # the past
    short = glimmers("experiment", "start", "wake_time", "--design", "before_after", "--baseline-days", "10")
    assert short.code == 2 and "14" in short.err
    assert models.Experiment.objects.count() == 1

    early = glimmers("experiment", "log", "yes")
    assert early.code == 2  # it has not begun
    clock.shift(timedelta(days=3))  # Monday
    assert "week 1" in glimmers("experiment").out
    assert glimmers("experiment", "log", "partly", "--note", "cloudy").code == 0
    assert glimmers("experiment", "log", "yes").code == 0  # a second answer replaces the first
    entry = models.AdherenceDay.objects.get()
    assert (entry.day, entry.answer) == (date(2026, 11, 23), "yes")
    assert "logged 1 day so far" in glimmers("experiment", "show", row.ref).out


CAUTION = ("Safety note: If you drink heavily every day, please talk to a doctor before you stop or cut right down: "
           "stopping all at once can be medically dangerous")


def test_the_alcohol_lever_warns_heavy_daily_drinkers_wherever_it_appears(glimmers, clock):
    offered = glimmers("experiment", "levers").out
    alcohol, rest = offered.split("fewer_alcohol_days", 1)[1].split("recovery_block", 1)
    assert CAUTION in " ".join(alcohol.split()) and "Safety note" not in rest and offered.count("Safety note") == 1
    result = glimmers("experiment", "start", "fewer_alcohol_days")
    assert result.code == 0, result.err
    started, *_rest = result.out.splitlines()
    assert started.startswith("Started e") and result.out.splitlines()[1].startswith(CAUTION)
    row = models.Experiment.objects.get()
    assert CAUTION in glimmers("experiment", "list").out
    assert CAUTION in glimmers("experiment", "show", row.ref).out
    clock.shift(timedelta(days=3))  # Monday: the experiment runs
    assert CAUTION in glimmers("experiment").out
    # Other levers have no caution; your own lever about drinking gets the same one.
    assert "Safety note" not in glimmers("experiment", "start", "wake_time").out
    assert CAUTION in glimmers("experiment", "start", "custom", "--name", "no wine on weeknights").out


def test_calendar_export_parses_back_with_alarms_in_the_persons_zone(glimmers, clock, tmp_path):
    import icalendar

    glimmers("plan", "start", "--seed", "4")
    glimmers("activity", "plan", "swim", "-c", "body", "--when", "tomorrow 18:30", "-p", "4")
    out = tmp_path / "reminders.ics"
    result = glimmers("calendar", "export", str(out))
    assert result.code == 0, result.err
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    events = list(calendar.walk("VEVENT"))
    titles = [str(event["SUMMARY"]) for event in events]
    assert "swim" in titles and "glimmers plan, day 1" in titles and "glimmers plan, day 14" in titles
    assert len([e for e in events if "RRULE" in e]) == 4  # water, daylight, movement, winding down
    for event in events:
        assert event.walk("VALARM"), event["SUMMARY"]
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    swim = next(event for event in events if str(event["SUMMARY"]) == "swim")
    assert swim["DTSTART"].dt.hour == 18 and swim["DTSTART"].dt.minute == 30
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    assert glimmers("calendar", "export", str(tmp_path / "missing" / "x.ics")).code == 2


# ------------------------------------------------------------------ nothing lost


def _use_everything(glimmers, clock, monkeypatch):
    glimmers("plan", "start", "--seed", "9")
    glimmers("plan", "done", "body")
    glimmers("plan", "swap", "meaning")
    glimmers("activity", "values", "curiosity=read a page")
    glimmers("activity", "plan", "swim", "-c", "body", "--when", "tomorrow 18:30", "-p", "4", "-m", "2")
    glimmers("activity", "log", "called Mum", "-c", "connection", "-p", "6")
    glimmers("goal", "add", "open the curtains")
    glimmers("goal", "enough", "one meal")
    glimmers("pleasure", "log", "one_song", "--shift", "little", "--note", "the chorus")
    fake = _FakeTime(interrupt_after=5)
    _fake_run(monkeypatch, fake, ask=lambda: "q")
    glimmers("ground", "box_breathing", "--before", "6")
    glimmers("experiment", "start", "wake_time")
    glimmers("share", "--feel", "detached", "--save")
    clock.shift(timedelta(days=3))
    glimmers("experiment", "log", "partly", "--note", "late night")


def test_toolkit_round_trips_through_export_import_and_backup(glimmers, clock, monkeypatch, tmp_path):
    import json

    _use_everything(glimmers, clock, monkeypatch)
    first = json.loads(glimmers("export").out)
    toolkit = first["toolkit"]
    assert {table: len(rows) for table, rows in toolkit.items()} == {
        "plans": 1, "plan_days": 1, "plan_marks": 1, "values": 1, "activities": 2, "goals": 2, "pleasure_tries": 1,
        "exercise_sessions": 1, "experiments": 1, "adherence": 1, "shared_messages": 1, "help_notes": 0,
    }
    backup = tmp_path / "all.gz"
    assert glimmers("backup", str(backup)).code == 0
    glimmers("goal", "add", "changed after the backup")
    restored = glimmers("restore", str(backup), "--yes")
    assert restored.code == 0 and "13 toolkit records" in restored.out
    assert json.loads(glimmers("export").out)["toolkit"] == toolkit

    exported = tmp_path / "export.json"
    exported.write_text(glimmers("export").out, encoding="utf-8")
    from glimmers import transfer

    transfer.replace_everything(transfer.export_bundle().__class__(), now=datetime.now(timezone.utc))  # an empty journal
    assert not models.Plan.objects.exists()
    imported = glimmers("import", str(exported))
    assert imported.code == 0 and "13 toolkit records" in imported.out
    assert json.loads(glimmers("export").out)["toolkit"] == toolkit  # field by field
    again = glimmers("import", str(exported))
    assert "toolkit records" not in again.out and "already in your journal" in again.out
    assert models.Goal.objects.count() == 2 and models.PlanMark.objects.count() == 1  # nothing doubled


def test_a_broken_toolkit_record_refuses_the_whole_import(glimmers, clock, monkeypatch, tmp_path):
    import json

    _use_everything(glimmers, clock, monkeypatch)
    document = json.loads(glimmers("export").out)
    document["toolkit"]["activities"][0]["actual_pleasure"] = 11
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    from glimmers import transfer

    transfer.replace_everything(transfer.export_bundle().__class__(), now=datetime.now(timezone.utc))
    result = glimmers("import", str(broken))
    assert result.code == 4 and "toolkit activities[0].actual_pleasure: expected a rating from 0 to 10" in result.err
    assert not models.Plan.objects.exists() and not models.Goal.objects.exists()


# ------------------------------------------------------------------ odd input found in review


def test_odd_input_gets_one_readable_line(glimmers, clock, tmp_path):
    assert glimmers("experiment", "start", "daylight_walk", "--start", "9999-12-31").code == 2
    assert glimmers("experiment", "start", "daylight_walk", "--start", "2028-01-03").code == 2  # over a year ahead
    assert glimmers("activity", "plan", "far", "-c", "body", "--when", "9999-12-31 10:00").code == 2
    for args in (("activity", "rate", "a²", "-p", "3"), ("goal", "done", "g²"), ("experiment", "stop", "e²")):
        assert glimmers(*args).code == 3, args
    assert glimmers("calendar", "export", str(tmp_path)).code == 2  # a folder
    assert glimmers("calendar", "export", str(tmp_path / "no" / "such" / "x.ics")).code == 2
    assert glimmers("export", "--out", str(tmp_path / "no" / "such.json")).code == 2
    glimmers("activity", "values", "care=cook a meal")
    unknown = glimmers("activity", "plan", "walk", "-c", "body", "--when", "tomorrow 10:00", "--value", "v" * 100)
    assert unknown.code == 2 and "not one of your values (care)" in unknown.err
    assert not models.Activity.objects.exists() and not models.Experiment.objects.exists()
    hint = glimmers("calendar", "export")
    assert "glimmers calendar export --help" in hint.err


def test_a_stopped_experiment_stops_counting(glimmers, clock):
    glimmers("experiment", "start", "wake_time", "--design", "before_after")
    glimmers("experiment", "log", "yes")
    clock.shift(timedelta(days=1))
    glimmers("experiment", "stop", "e" + str(models.Experiment.objects.get().pk))
    clock.shift(timedelta(days=20))
    row = models.Experiment.objects.get()
    from glimmers.toolkit import experiments as stored

    summary = stored.summary(row, date(2026, 12, 11))
    assert summary.days_elapsed == 2 and summary.days_logged == 1
    assert glimmers("experiment", "log", "yes").code == 2  # nothing runs any more


def test_own_words_are_read_even_when_no_feeling_is_chosen(glimmers, clock):
    result = glimmers("share", "--add", "I want to kill myself")
    assert "not monitored" in result.out and "findahelpline.com" in result.out


def test_goal_text_is_read_for_worrying_words(glimmers, clock):
    result = glimmers("goal", "enough", "getting through the day without wanting to die")
    assert result.code == 0 and "not monitored" in result.out


def test_a_bad_after_rating_is_refused_before_the_exercise_starts(glimmers, clock, monkeypatch):
    fake = _FakeTime()
    _fake_run(monkeypatch, fake)
    result = glimmers("ground", "five_breaths", "--after", "11")
    assert result.code == 2 and fake.now == fake.start and not models.ExerciseSession.objects.exists()


def test_undo_says_when_there_is_nothing_to_unmark(glimmers, clock):
    glimmers("plan", "start", "--seed", "1")
    glimmers("plan", "done", "body")
    clock.shift(timedelta(days=1))
    assert "Nothing to unmark" in glimmers("plan", "undo", "body").out
    assert models.PlanMark.objects.count() == 1


def test_imports_refuse_unknown_content_and_repeated_children(glimmers, clock, monkeypatch, tmp_path):
    import json

    _use_everything(glimmers, clock, monkeypatch)
    document = json.loads(glimmers("export").out)
    from glimmers import transfer

    transfer.replace_everything(transfer.export_bundle().__class__(), now=datetime.now(timezone.utc))
    cases = {
        "exercise": ("exercise_sessions", 0, "exercise_key", "levitation", "exercise_sessions[0].exercise_key: unknown key"),
        "pleasure": ("pleasure_tries", 0, "pleasure_key", "gold", "pleasure_tries[0].pleasure_key: unknown key"),
        "day": ("plan_days", 0, "number", 20, "plan_days[0].number: expected a day from 1 to 14"),
    }
    for name, (table, index, field, value, message) in cases.items():
        broken = json.loads(json.dumps(document))
        broken["toolkit"][table][index][field] = value
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(broken), encoding="utf-8")
        result = glimmers("import", str(path))
        assert result.code == 4 and message in result.err, (name, result.err)
    twice = json.loads(json.dumps(document))
    twice["toolkit"]["plan_days"].append(dict(twice["toolkit"]["plan_days"][0]))
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(twice), encoding="utf-8")
    result = glimmers("import", str(path))
    assert result.code == 4 and "plan_days has the same entry twice" in result.err
    assert not models.Plan.objects.exists()


def test_an_imported_running_plan_does_not_leave_two_running(glimmers, clock, tmp_path):
    glimmers("plan", "start", "--seed", "3")
    exported = tmp_path / "other.json"
    document = glimmers("export").out
    import json

    other = json.loads(document)
    other["toolkit"]["plans"][0]["uid"] = "f" * 32
    for row in other["toolkit"]["plan_days"] + other["toolkit"]["plan_marks"]:
        row["plan_uid"] = "f" * 32
    exported.write_text(json.dumps(other), encoding="utf-8")
    clock.shift(timedelta(minutes=5))
    glimmers("plan", "start", "--seed", "4", "--yes")
    assert glimmers("import", str(exported)).code == 0
    assert models.Plan.objects.filter(ended_at__isnull=True).count() == 1


def test_activity_titles_are_read_for_worrying_words_too(glimmers, clock):
    result = glimmers("activity", "plan", "write a goodbye letter before I end my life", "-c", "meaning", "--when", "tomorrow 10:00")
    assert result.code == 0 and models.Activity.objects.exists() and "not monitored" in result.out


def test_the_calendar_address_is_given_by_a_fresh_process_before_any_journal_is_opened(journal):
    """'calendar url' and 'new-key' need no database; asking whose settings to read must not need Django either."""
    shown = journal.run("calendar", "url")
    assert shown.returncode == 0, shown.stderr
    renewed = journal.run("calendar", "new-key")
    assert renewed.returncode == 0, renewed.stderr
    old_key, new_key = shown.stdout.split("key=")[1].split()[0], renewed.stdout.split("key=")[1].split()[0]
    assert old_key != new_key and len(new_key) >= 32

"""Every record has an owner, every query sees one person's records, and old journals move over whole."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from glimmers import people
from glimmers.core.journal.entries import validate_checkin
from glimmers.journal import models, queries, store
from glimmers.journal.queries import TimelineFilter

RELEASE = Path(__file__).resolve().parent / "release_971eb02"  # made by the release before owners
NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
OUR_APPS = ("journal", "care", "reconnect", "analysis")


def owned_models() -> list:
    return [model for app in OUR_APPS for model in apps.get_app_config(app).get_models()]


def test_every_table_of_ours_has_an_owner_and_a_scoped_default_manager():
    for model in owned_models():
        assert issubclass(model, people.Owned), model
        assert isinstance(model._default_manager, people.OwnedManager), model


def test_nothing_is_read_or_written_outside_a_persons_scope():
    token = people._acting.set(None)  # as code that forgot its scope would run
    try:
        with pytest.raises(people.NoPerson):
            models.CheckIn.objects.count()
        with pytest.raises(people.NoPerson):
            models.Tag.objects.create(category="who", name="alone")
    finally:
        people._acting.reset(token)


def _checkin(note: str, tags=("who:alone",)):
    return validate_checkin(
        {"occurred_at": NOW, "timezone": "Europe/Berlin", "numbness": 6, "note": note, "tags": list(tags)}, now=NOW
    )


@pytest.mark.django_db
def test_two_people_in_one_database_never_see_each_others_records(django_user_model):
    alice = django_user_model.objects.create(username="alice@example.org")
    bob = django_user_model.objects.create(username="bob@example.org")
    with people.acting_as(alice):
        mine = store.add_checkin(_checkin("alice's flat afternoon"), now=NOW)
        store.set_day(date(2026, 11, 20), {"sleep_hours": "6"}, now=NOW, today=date(2026, 11, 20))
    with people.acting_as(bob):
        store.add_checkin(_checkin("bob's evening"), now=NOW)
        store.set_day(date(2026, 11, 20), {"sleep_hours": "8"}, now=NOW, today=date(2026, 11, 20))  # same day, own row
        assert [row.note for row in queries.timeline(TimelineFilter(text="afternoon"))] == []
        assert [row.note for row in queries.timeline(TimelineFilter())] == ["bob's evening"]
        assert [str(tag) for tag in queries.tag_usage()] == ["who:alone"]
        with pytest.raises(Exception):
            store.get_entry(mine.ref, trashed=False)  # alice's id is not found, not shown
        assert str(queries.day(date(2026, 11, 20)).sleep_hours) == "8.0"
    with people.acting_as(alice):
        assert [row.note for row in queries.timeline(TimelineFilter())] == ["alice's flat afternoon"]
        assert {tag.owner_id for tag in models.Tag.objects.all()} == {alice.pk}
    assert models.Tag.every_owner.count() == 2  # one "who:alone" each


@pytest.mark.django_db
def test_the_local_person_is_made_once_and_cannot_sign_in():
    first, again = people.local_person(), people.local_person()
    assert first.pk == again.pk and not first.has_usable_password()


# --- journals made by the previous release -----------------------------------------------------


@pytest.mark.slow
def test_a_journal_made_by_the_previous_release_moves_over_without_loss(journal):
    """The release before owners made this journal (with every kind of record); this one exports the same."""
    if journal.env.get("DATABASE_URL"):
        pytest.skip("the journal made by the previous release is a SQLite file; the PostgreSQL run migrates below")
    journal.home.mkdir(parents=True)
    shutil.copy(RELEASE / "glimmers.sqlite3", journal.home / "glimmers.sqlite3")
    (journal.home / "glimmers.sqlite3").chmod(0o600)
    out = journal.home.parent / "now.json"
    done = journal.run("export", "--out", str(out))
    assert done.returncode == 0, done.stderr

    before = json.loads((RELEASE / "export.json").read_text(encoding="utf-8"))
    after = json.loads(out.read_text(encoding="utf-8"))
    assert (before["version"], after["version"]) == (3, 5)
    for day in after["days"]:
        assert day.pop("caffeine_cups") is None  # fields that release did not have
    for checkin in after["checkins"]:
        assert checkin.pop("tolerance_window") == ""
    for activity in after["toolkit"]["activities"]:
        assert (activity.pop("predicted_dread"), activity.pop("actual_dread")) == (None, None)
    for key in ("checkins", "glimmers", "days", "screenings", "medications", "safety_plan", "toolkit"):
        assert after[key] == before[key], key
    assert sum(len(rows) for rows in after["toolkit"].values()) == 92  # nothing dropped on the way


# For each app, the migration just before its owner column arrived.
BEFORE_OWNERS = [("journal", "0003_caffeine"), ("care", "0001_initial"), ("reconnect", "0001_initial"),
                 ("analysis", "0001_initial")]


def _executor() -> MigrationExecutor:
    """An executor that sees the migrations one by one, not the one step new journals are made with."""
    executor = MigrationExecutor(connection)
    executor.loader = MigrationLoader(connection, replace_migrations=False)
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_owner_migrations_give_existing_rows_to_the_local_person():
    """On either database: rows stored without an owner belong to the local person afterwards."""
    executor = _executor()
    latest = [key for key in executor.loader.graph.leaf_nodes() if key[0] in OUR_APPS]
    executor.migrate(BEFORE_OWNERS)
    old = _executor().loader.project_state(BEFORE_OWNERS).apps
    stamp = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)
    try:
        tag = old.get_model("journal", "Tag").objects.create(category="who", name="alone")
        checkin = old.get_model("journal", "CheckIn").objects.create(
            uid="a" * 32, occurred_at=stamp, timezone="Europe/Berlin", local_date=date(2026, 11, 1),
            created_at=stamp, updated_at=stamp, numbness=7,
        )
        checkin.tags.add(tag)
        old.get_model("care", "SafetyPlanStep").objects.create(step="coping_alone", text="a walk", updated_at=stamp)
        old.get_model("reconnect", "Value").objects.create(name="closeness", action="call my sister", position=1)
        old.get_model("analysis", "HelpNote").objects.create(text="sleep", updated_at=stamp)
    finally:
        _executor().migrate(latest)

    person = people.local_person()
    with people.acting_as(person):
        row = models.CheckIn.objects.get()
        assert (row.numbness, [str(t) for t in row.tags.all()], row.owner_id) == (7, ["who:alone"], person.pk)
    for model in owned_models():
        assert not model.every_owner.exclude(owner=person).exists(), model
    assert sum(model.every_owner.count() for model in owned_models()) == 5

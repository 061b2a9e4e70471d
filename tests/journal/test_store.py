"""Writing and reading the journal against the real database."""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from glimmers.core.journal import entries
from glimmers.core.errors import InvalidInput, NotFound
from glimmers.journal import models, queries, store

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def add(minutes_ago=0, **values):
    moment = NOW - timedelta(minutes=minutes_ago)
    record = entries.validate_checkin({"occurred_at": moment, "timezone": "Europe/Berlin"} | values, now=NOW)
    return store.add_checkin(record, now=NOW)


def add_glimmer(minutes_ago=0, **values):
    moment = NOW - timedelta(minutes=minutes_ago)
    record = entries.validate_glimmer({"occurred_at": moment, "timezone": "Europe/Berlin"} | values, now=NOW)
    return store.add_glimmer(record, now=NOW)


def test_a_checkin_is_stored_with_every_field():
    row = add(numbness=7, mood=-2, energy=3, stress=8, forms=["blunted"], tags=["where:home", "body:fog"],
              warning_signs=["going_through_motions"], self_talk="lazy", note="flat")
    stored = models.CheckIn.objects.get(pk=row.pk)
    assert (stored.numbness, stored.mood, stored.energy, stored.stress) == (7, -2, 3, 8)
    assert stored.forms == "blunted" and stored.warning_signs == "going_through_motions"
    assert sorted(str(t) for t in stored.tags.all()) == ["body:fog", "where:home"]
    assert stored.local_date == date(2026, 11, 20) and stored.created_at == NOW and stored.deleted_at is None


@pytest.mark.parametrize("field, value", [("numbness", 11), ("numbness", -1), ("mood", 6), ("stress", 99)])
def test_the_database_itself_refuses_out_of_range_ratings(field, value):
    row = add(numbness=5)
    setattr(row, field, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_the_database_refuses_impossible_day_amounts():
    with pytest.raises(IntegrityError), transaction.atomic():
        models.DayFactors.objects.create(day=date(2026, 1, 1), sleep_hours=Decimal("25"), updated_at=NOW)


def test_edit_rechecks_the_whole_record_and_keeps_identity():
    row = add(numbness=7, note="before", tags=["work"])
    edited = store.edit_entry(row.ref, {"numbness": 4, "tags": ["where:home"]}, now=NOW + timedelta(hours=1))
    assert (edited.numbness, edited.note, edited.uid, edited.created_at) == (4, "before", row.uid, NOW)
    assert edited.updated_at == NOW + timedelta(hours=1)
    assert [str(t) for t in edited.tags.all()] == ["where:home"]
    with pytest.raises(InvalidInput, match="whole number"):
        store.edit_entry(row.ref, {"numbness": 12}, now=NOW)
    assert models.CheckIn.objects.get(pk=row.pk).numbness == 4  # nothing half-saved
    with pytest.raises(InvalidInput, match="cannot be set on a check-in"):
        store.edit_entry(row.ref, {"text": "nope"}, now=NOW)


def test_trash_restore_and_empty():
    keep, gone = add(numbness=2), add_glimmer(text="warm hands")
    store.trash(gone.ref, now=NOW)
    store.trash(keep.ref, now=NOW)
    assert queries.timeline(queries.TimelineFilter()) == []
    assert {row.ref for row in queries.timeline(queries.TimelineFilter(trashed=True))} == {keep.ref, gone.ref}
    store.restore(keep.ref)
    with pytest.raises(NotFound):
        store.restore(keep.ref)  # not in the trash any more
    assert store.empty_trash() == 1
    assert not models.Glimmer.objects.exists() and models.CheckIn.objects.count() == 1
    with pytest.raises(NotFound):
        store.trash("c999999", now=NOW)


def test_day_factors_merge_instead_of_overwriting():
    today = date(2026, 11, 20)
    store.set_day(today, {"sleep_hours": "6.5"}, now=NOW, today=today)
    store.set_day(today, {"alcohol_units": "2", "daylight_minutes": "10"}, now=NOW, today=today)
    row = queries.day(today)
    assert (row.sleep_hours, row.alcohol_units, row.daylight_minutes) == (Decimal("6.5"), Decimal("2.0"), Decimal("10"))
    store.set_day(today, {"sleep_hours": None}, now=NOW, today=today)
    assert queries.day(today).sleep_hours is None
    with pytest.raises(InvalidInput):
        store.set_day(today, {"sleep_hours": "30"}, now=NOW, today=today)
    with pytest.raises(InvalidInput, match="Unknown day factor"):
        store.set_day(today, {"coffee": "3"}, now=NOW, today=today)


def test_timeline_merges_kinds_newest_first_and_pages():
    rows = [add(minutes_ago=10 * i, numbness=i % 11) for i in range(5)] + [add_glimmer(minutes_ago=5, text="sun")]
    refs = [row.ref for row in queries.timeline(queries.TimelineFilter(), limit=3)]
    assert refs == [rows[0].ref, rows[5].ref, rows[1].ref]
    assert [r.ref for r in queries.timeline(queries.TimelineFilter(), limit=3, offset=3)] == [rows[2].ref, rows[3].ref, rows[4].ref]
    assert queries.count(queries.TimelineFilter(kinds=("glimmer",))) == 1


def test_filters_by_tag_date_and_words():
    a = add(numbness=3, note="Flat after the review", tags=["doing:meeting"])
    b = add(minutes_ago=60 * 24 * 3, numbness=8, note="nothing at all", tags=["where:home"])
    g = add_glimmer(text="laughed at the dog", preceded_by="walk in the park")
    def refs(**kw):
        return {row.ref for row in queries.timeline(queries.TimelineFilter(**kw))}
    assert refs(tag="meeting") == {a.ref}
    assert refs(tag="where:home") == {b.ref}
    assert refs(tag="who:home") == set()
    assert refs(since=date(2026, 11, 19)) == {a.ref, g.ref}
    assert refs(until=date(2026, 11, 18)) == {b.ref}
    assert refs(text="REVIEW") == {a.ref}
    assert refs(text="park") == {g.ref}
    assert refs(text="flat review") == {a.ref}
    assert refs(text="flat park") == set()
    assert refs(text="home") == {b.ref}  # tags are searched too


def test_bare_tags_join_existing_ones_or_get_a_guessed_category():
    add(numbness=3, tags=["who:work"])
    assert queries.qualify_tags(["work", "home", "knitting", "where:cafe"]) == ["who:work", "where:home", "other:knitting", "where:cafe"]


def test_tag_usage_ignores_the_trash():
    row = add(numbness=3, tags=["who:alone"])
    add(numbness=4, tags=["who:alone"])
    store.trash(row.ref, now=NOW)
    usage = {str(tag): tag.uses for tag in queries.tag_usage()}
    assert usage == {"who:alone": 1}


def test_tag_usage_counts_both_kinds_and_agrees_with_counting_by_hand():
    import random

    picker = random.Random(5)
    names = ["who:alone", "where:home", "doing:walk", "body:fog", "who:friend"]
    rows = []
    for number in range(60):
        chosen = picker.sample(names, picker.randint(0, 3))
        rows.append(add(minutes_ago=number, numbness=picker.randint(0, 10), tags=chosen) if number % 3
                    else add_glimmer(minutes_ago=number, text="light on the wall", tags=chosen))
    for row in rows[::7]:
        store.trash(row.ref, now=NOW)
    by_hand: dict[str, int] = {}
    for model in (models.CheckIn, models.Glimmer):
        for row in model.objects.filter(deleted_at__isnull=True).prefetch_related("tags"):
            for tag in row.tags.all():
                by_hand[str(tag)] = by_hand.get(str(tag), 0) + 1
    usage = queries.tag_usage()
    assert {str(tag): tag.uses for tag in usage if tag.uses} == by_hand
    assert [str(tag) for tag in usage] == sorted((str(tag) for tag in usage), key=lambda text: tuple(text.split(":", 1)))


def test_export_reads_tags_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    """Set-based: the same handful of queries for ten entries or ten thousand."""
    from glimmers import transfer

    for number in range(40):
        add(minutes_ago=number, numbness=number % 11, tags=[f"doing:thing {number % 7}", "who:alone"])
        add_glimmer(minutes_ago=number, text="a small light", tags=[f"where:room {number % 3}"])
    with django_assert_max_num_queries(40):
        bundle = transfer.export_bundle()
    assert len(bundle.checkins) == 40 and len(bundle.glimmers) == 40
    assert {tag.category for record in bundle.checkins for tag in record.tags} == {"doing", "who"}
    assert all(len(record.tags) == 1 for record in bundle.glimmers)

"""The journal's own records in exports, imports and backups: check-ins,
glimmers, day factors and their tags (put together with the other apps'
records by ``glimmers.transfer``)."""

from __future__ import annotations

from datetime import datetime

from glimmers.core.journal import entries
from glimmers.core.transfer.bundle import Bundle
from glimmers.core.errors import ImportProblem
from glimmers.core.i18n import _
from glimmers.journal import models
from glimmers.journal.records import (
    CHECKIN_VALUES,
    GLIMMER_VALUES,
    checkin_record,
    day_fields,
    day_record,
    glimmer_record,
    rows_of,
    tags_by_entry,
    tag_rows,
)

BATCH = 500


def export_parts(parts: dict) -> None:
    # Rows as named tuples of the values the records need: making a model
    # instance of each row took half the time of exporting a large journal.
    checkins = rows_of(models.CheckIn.objects.order_by("occurred_at", "id"), CHECKIN_VALUES)
    glimmers = rows_of(models.Glimmer.objects.order_by("occurred_at", "id"), GLIMMER_VALUES)
    checkin_tags, glimmer_tags = tags_by_entry(models.CheckIn), tags_by_entry(models.Glimmer)
    parts["checkins"] = [checkin_record(row, checkin_tags) for row in checkins]
    parts["glimmers"] = [glimmer_record(row, glimmer_tags) for row in glimmers]
    parts["days"] = [day_record(row) for row in models.DayFactors.objects.order_by("day")]


def check_unique(bundle: Bundle) -> None:
    """Refuse a file that holds the same entry, or the same day, twice."""
    for kind, records in (("check-in", bundle.checkins), ("glimmer", bundle.glimmers)):
        seen: set[str] = set()
        for record in records:
            if record.uid in seen:
                raise ImportProblem(_("The file has the same %(kind)s twice (%(uid)s).") % {"kind": kind, "uid": record.uid})
            seen.add(record.uid)
    days = [record.day for record in bundle.days]
    if len(days) != len(set(days)):
        raise ImportProblem(_("The file has the same day's factors twice."))


def _existing_uids(model, uids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(uids), BATCH):
        found.update(model.objects.filter(uid__in=uids[start : start + BATCH]).values_list("uid", flat=True))
    return found


def _insert_entries(model, records: list, to_fields, now: datetime) -> int:
    rows = [
        model(**to_fields(record), created_at=record.created_at or now, updated_at=record.updated_at or now)
        for record in records
    ]
    model.objects.bulk_create(rows, batch_size=BATCH)
    if len(rows) and rows[0].pk is None:  # backends that do not return keys
        by_uid = dict(model.objects.filter(uid__in=[r.uid for r in rows]).values_list("uid", "pk"))
        for row in rows:
            row.pk = by_uid[row.uid]
    tag_cache = {str(tag): row for tag, row in _tag_rows_for(records).items()}
    through = model.tags.through
    column = f"{model._meta.model_name}_id"
    links = [
        through(**{column: row.pk, "tag_id": tag_cache[str(tag)].pk})
        for row, record in zip(rows, records, strict=True)
        for tag in record.tags
    ]
    through.objects.bulk_create(links, batch_size=BATCH)
    return len(rows)


def _tag_rows_for(records: list) -> dict[entries.Tag, models.Tag]:
    wanted = sorted({tag for record in records for tag in record.tags})
    return dict(zip(wanted, tag_rows(tuple(wanted)), strict=True))


def write_parts(bundle: Bundle, report, *, now: datetime) -> None:
    for model, records, to_fields, counter in (
        (models.CheckIn, bundle.checkins, entries.checkin_fields, "checkins"),
        (models.Glimmer, bundle.glimmers, entries.glimmer_fields, "glimmers"),
    ):
        present = _existing_uids(model, [record.uid for record in records])
        fresh = [record for record in records if record.uid not in present]
        report.already_present += len(present)
        setattr(report, counter, _insert_entries(model, fresh, to_fields, now))
    present_days = set(
        models.DayFactors.objects.filter(day__in=[r.day for r in bundle.days]).values_list("day", flat=True)
    )
    new_days = [
        models.DayFactors(day=record.day, updated_at=record.updated_at or now, **day_fields(record))
        for record in bundle.days
        if record.day not in present_days
    ]
    models.DayFactors.objects.bulk_create(new_days, batch_size=BATCH)
    report.days, report.days_kept = len(new_days), len(present_days)


def delete_all() -> None:
    for model in (models.CheckIn, models.Glimmer, models.DayFactors, models.Tag):
        model.objects.all().delete()

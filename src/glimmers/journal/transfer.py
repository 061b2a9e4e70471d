"""Moving the journal in and out: export, import, backup and restore.

Imports are all-or-nothing: the file is parsed and checked completely by the
core first, then written in one transaction. A dry run performs the same
writes and rolls them back, so its preview is exactly what would happen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from glimmers.core import entries, input_limits
from glimmers.core.bundle import Bundle
from glimmers.core.errors import ImportProblem
from glimmers.core.formats import ReadContext, exporter, importers
from glimmers.core.formats.glimmers_json import load_json
from glimmers.core.i18n import _
from glimmers.care import transfer as care_transfer
from glimmers.reconnect import transfer as toolkit_transfer
from glimmers.journal import models
from glimmers.journal.records import (
    checkin_fields,
    checkin_record,
    day_fields,
    day_record,
    glimmer_fields,
    glimmer_record,
    tags_by_entry,
    tag_rows,
)

BATCH = 500


@dataclass
class ImportReport:
    source: str
    checkins: int = 0
    glimmers: int = 0
    days: int = 0
    screenings: int = 0
    medications: int = 0
    safety_plan: bool = False
    toolkit: int = 0
    already_present: int = 0
    days_kept: int = 0
    dry_run: bool = False
    remarks: list[str] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.checkins + self.glimmers + self.days + self.screenings + self.medications + int(self.safety_plan) + self.toolkit


class _DryRun(Exception):
    pass


def export_bundle() -> Bundle:
    """Everything, the trash included, in a stable order (one consistent snapshot)."""
    with transaction.atomic():
        checkins = models.CheckIn.objects.order_by("occurred_at", "id")
        glimmers = models.Glimmer.objects.order_by("occurred_at", "id")
        checkin_tags, glimmer_tags = tags_by_entry(models.CheckIn), tags_by_entry(models.Glimmer)
        return Bundle(
            checkins=[checkin_record(row, checkin_tags) for row in checkins.iterator(chunk_size=2000)],
            glimmers=[glimmer_record(row, glimmer_tags) for row in glimmers.iterator(chunk_size=2000)],
            days=[day_record(row) for row in models.DayFactors.objects.order_by("day")],
            **care_transfer.export_parts(),
            **toolkit_transfer.export_parts(),
        )


def export_bytes(format_name: str) -> bytes:
    chosen = exporter(format_name)
    return chosen.write(export_bundle())


def _head(data: bytes) -> bytes:
    """The start of the file after a byte-order mark and blank space (without copying the whole file)."""
    return data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")[:4096]


def _looks_like_json(data: bytes) -> bool:
    return _head(data).startswith((b"{", b"["))


def detect_format(data: bytes) -> str:
    """Guess the format of an import file from its content."""
    head = _head(data)
    if _looks_like_json(data):
        parsed = load_json(data)  # within the input limits; says what is wrong, and where
        if isinstance(parsed, dict) and parsed.get("format") == "glimmers":
            return "json"
        if isinstance(parsed, dict) and "entries" in parsed:
            return "jrnl"
        raise ImportProblem(_("This JSON file is neither a glimmers export nor a jrnl export."))
    first_line = head.split(b"\n", 1)[0].strip().lower()
    if first_line.startswith(b"record,"):
        return "csv"
    if first_line.startswith((b"full_date,", b"year,date,")):
        return "daylio"
    raise ImportProblem(_("The file's format is not one I know; name it with --from (glimmers, daylio or jrnl)."))


TOOL_OF_FORMAT = {"json": "glimmers", "csv": "glimmers", "daylio": "daylio", "jrnl": "jrnl"}


def parse(data: bytes, format_name: str | None, context: ReadContext) -> tuple[str, Bundle]:
    """Read an import file as the named tool's format ("glimmers", "daylio", "jrnl") or recognise it."""
    input_limits.check_file_size(len(data))
    if format_name in (None, "", "auto"):
        format_name = detect_format(data)
    else:
        try:
            seen = detect_format(data)
        except ImportProblem:
            seen = None  # the chosen importer will say what is wrong
        if seen is not None and TOOL_OF_FORMAT[seen] != TOOL_OF_FORMAT.get(format_name, format_name):
            raise ImportProblem(
                _("This is not a %(wanted)s export: it looks like a %(seen)s file. Use --from %(seen)s, or leave --from out.")
                % {"wanted": format_name, "seen": TOOL_OF_FORMAT[seen]}
            )
        if format_name == "glimmers":
            if seen is None and not _looks_like_json(data):
                raise ImportProblem(_("This is not a glimmers export (neither its JSON nor its CSV)."))
            format_name = seen or "json"  # for JSON that cannot be read, the JSON importer says why
    known = importers()
    if format_name not in known:
        raise ImportProblem(
            _("Unknown import format %(name)s; choose glimmers, daylio or jrnl.") % {"name": format_name}
        )
    return format_name, known[format_name]().read(data, context)


def _check_unique(bundle: Bundle) -> None:
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


def write_bundle(bundle: Bundle, *, source: str, now: datetime, dry_run: bool = False) -> ImportReport:
    """Add a bundle's records that are not already in the journal, all or nothing."""
    _check_unique(bundle)
    report = ImportReport(source=source, dry_run=dry_run, remarks=list(bundle.remarks))
    try:
        with transaction.atomic():
            for model, records, to_fields, counter in (
                (models.CheckIn, bundle.checkins, checkin_fields, "checkins"),
                (models.Glimmer, bundle.glimmers, glimmer_fields, "glimmers"),
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
            care_transfer.write_parts(bundle, report, now=now)
            toolkit_transfer.write_parts(bundle, report, now=now)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


@transaction.atomic
def replace_everything(bundle: Bundle, *, now: datetime) -> ImportReport:
    """Make the journal exactly the bundle (used by restore)."""
    _check_unique(bundle)
    models.CheckIn.objects.all().delete()
    models.Glimmer.objects.all().delete()
    models.DayFactors.objects.all().delete()
    models.Tag.objects.all().delete()
    care_transfer.delete_all()
    toolkit_transfer.delete_all()
    return write_bundle(bundle, source="backup", now=now)

"""Export, import, backup and restore through the real database."""

import gzip
import json
from datetime import datetime, timedelta, timezone

from pathlib import Path

import pytest

from glimmers.core.journal import entries
from glimmers.core.errors import ImportProblem
from glimmers.core.transfer.formats import ReadContext
from glimmers import transfer
from glimmers.journal import models, store
from glimmers.transfer.backup import read_backup, restore_bundle, write_backup

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
CONTEXT = ReadContext(now=NOW, timezone="Europe/Berlin")
FIXTURES = Path(__file__).parent.parent / "fixtures"


def fill():
    """A journal that uses every field, unusual text and the trash."""
    for index, note in enumerate(["plain", "comma, \"quotes\"\nand a new line", "emoji \U0001f33f and \u05e9\u05dc\u05d5\u05dd", ""]):
        record = entries.validate_checkin(
            {"occurred_at": NOW - timedelta(hours=index * 7, microseconds=index * 123), "timezone": ["Europe/Berlin", "America/New_York"][index % 2],
             "numbness": index * 3, "mood": index - 2, "energy": None if index == 1 else index, "stress": 10 - index,
             "forms": ["blunted", "no_drive"][: index], "tags": [f"where:place {index}", "body:fog"][: index + 1],
             "warning_signs": ["going_through_motions"] if index else [], "self_talk": "try harder" if index == 2 else "",
             "note": note or "I feel nothing"},
            now=NOW,
        )
        row = store.add_checkin(record, now=NOW - timedelta(days=index))
        if index == 3:
            store.trash(row.ref, now=NOW)
    glimmer = entries.validate_glimmer({"occurred_at": NOW, "timezone": "Europe/Berlin", "text": "sun", "preceded_by": "a walk", "tags": ["doing:walk"]}, now=NOW)
    store.add_glimmer(glimmer, now=NOW)
    store.set_day(NOW.date(), {"sleep_hours": "6.5", "wake_time": "07:05", "alcohol_units": "0", "note": "grey"}, now=NOW, today=NOW.date())
    store.set_day(NOW.date() - timedelta(days=1), {"daylight_minutes": "45"}, now=NOW, today=NOW.date())


def fill_spreadsheet_words():
    """Words a spreadsheet would run as a formula, and words that really start with an apostrophe."""
    formulas = entries.validate_glimmer({"occurred_at": NOW - timedelta(hours=1), "timezone": "Europe/Berlin",
                                         "text": "=HYPERLINK(\"http://example.invalid\")", "preceded_by": "'=x",
                                         "tags": ["who:@sam"]}, now=NOW)
    store.add_glimmer(formulas, now=NOW)
    store.add_checkin(entries.validate_checkin({"occurred_at": NOW - timedelta(hours=2), "timezone": "Europe/Berlin", "mood": -2,
                                                "self_talk": "+ one more thing", "note": "'tis the season"}, now=NOW), now=NOW)
    store.set_day(NOW.date() - timedelta(days=2), {"note": "-2 outside, @home", "sleep_hours": "7"}, now=NOW, today=NOW.date())


def wipe():
    for model in (models.CheckIn, models.Glimmer, models.DayFactors, models.Tag):
        model.objects.all().delete()


@pytest.mark.parametrize("format_name", ["json", "csv"])
def test_export_import_round_trip_is_lossless_field_by_field(format_name):
    fill()
    fill_spreadsheet_words()
    before = transfer.export_bundle()
    exported = transfer.export_bytes(format_name)
    if format_name == "csv":  # guarded for spreadsheets, and still read back exactly (below)
        assert b"'=HYPERLINK(" in exported and b"''=x" in exported and b"''tis the season" in exported
    wipe()
    name, bundle = transfer.parse(exported, "glimmers", CONTEXT)
    assert name == format_name
    report = transfer.write_bundle(bundle, source=name, now=NOW + timedelta(days=30))
    assert (report.checkins, report.glimmers, report.days) == (5, 2, 3)
    after = transfer.export_bundle()
    for kind in ("checkins", "glimmers", "days"):
        old, new = getattr(before, kind), getattr(after, kind)
        assert len(old) == len(new) > 0
        for a, b in zip(old, new):
            assert a == b  # dataclass equality: every field, timestamps and trash included
    assert transfer.export_bytes(format_name) == exported


def test_import_is_all_or_nothing():
    fill()
    document = json.loads(transfer.export_bytes("json"))
    wipe()
    document["checkins"][-1]["numbness"] = 11
    with pytest.raises(ImportProblem, match="checkins\\[3\\]"):
        transfer.parse(json.dumps(document).encode(), None, CONTEXT)
    assert not models.CheckIn.objects.exists()


def test_a_failure_while_writing_rolls_everything_back(monkeypatch):
    fill()
    bundle = transfer.export_bundle()
    wipe()

    def failing(*args, **kwargs):
        raise RuntimeError("disk full")

    # Check-ins and their tags are written first; the glimmers then fail.
    monkeypatch.setattr(models.Glimmer.objects, "bulk_create", failing)
    with pytest.raises(RuntimeError):
        transfer.write_bundle(bundle, source="json", now=NOW)
    assert not models.CheckIn.objects.exists() and not models.Tag.objects.exists()


def test_dry_run_reports_exactly_and_writes_nothing():
    fill()
    exported = transfer.export_bytes("json")
    wipe()
    _name, bundle = transfer.parse(exported, None, CONTEXT)
    preview = transfer.write_bundle(bundle, source="json", now=NOW, dry_run=True)
    assert (preview.checkins, preview.glimmers, preview.days, preview.dry_run) == (4, 1, 2, True)
    assert not models.CheckIn.objects.exists() and not models.DayFactors.objects.exists()


def test_importing_twice_adds_nothing_the_second_time():
    fill()
    _name, bundle = transfer.parse(transfer.export_bytes("json"), None, CONTEXT)
    report = transfer.write_bundle(bundle, source="json", now=NOW)
    assert (report.written, report.already_present, report.days_kept) == (0, 5, 2)
    assert models.CheckIn.objects.count() == 4


@pytest.mark.parametrize(
    "data, detected",
    [(b'{"format": "glimmers", "version": 1}', "json"), (b'{"tags": {}, "entries": []}', "jrnl"),
     (b"record,uid\r\n", "csv"), (b"\xef\xbb\xbffull_date,date,weekday\n", "daylio"), (b"year,date,weekday,time\n", "daylio")],
)
def test_format_detection(data, detected):
    assert transfer.detect_format(data) == detected


@pytest.mark.parametrize("data", [b"", b"hello", b"{not json", b'{"something": 1}', b"\x00\x01\x02"])
def test_unknown_files_are_refused_clearly(data):
    with pytest.raises(ImportProblem):
        transfer.parse(data, None, CONTEXT)


def test_a_daylio_file_cannot_pass_as_a_glimmers_export():
    with pytest.raises(ImportProblem, match="not a glimmers export"):
        transfer.parse((FIXTURES / "daylio_export.csv").read_bytes(), "glimmers", CONTEXT)


def test_daylio_and_jrnl_fixtures_import(tmp_path):
    for fixture, source in (("daylio_export.csv", "daylio"), ("daylio_export_old.csv", "daylio"), ("jrnl_export.json", "jrnl")):
        name, bundle = transfer.parse((FIXTURES / fixture).read_bytes(), None, CONTEXT)
        assert name == source
        report = transfer.write_bundle(bundle, source=name, now=NOW)
        assert report.checkins == len(bundle.checkins) > 0
    assert models.CheckIn.objects.filter(source="daylio").count() == 11
    assert models.CheckIn.objects.filter(source="jrnl").count() == 6
    assert models.Tag.objects.filter(category="mood", name="numb").exists()


def test_backup_and_restore_bring_back_exactly_what_was_there(tmp_path, settings):
    fill()
    before = transfer.export_bytes("json")
    target = tmp_path / "backup.json.gz"
    assert write_backup(target) == 7
    wipe()
    store.add_checkin(entries.validate_checkin({"occurred_at": NOW, "timezone": "UTC", "note": "new since"}, now=NOW), now=NOW)
    bundle = read_backup(target, context=CONTEXT)
    report, safety = restore_bundle(bundle, now=NOW)
    assert report.written == 7
    assert transfer.export_bytes("json") == before
    assert safety.exists() and b"new since" in gzip.decompress(safety.read_bytes())


def test_encrypted_backup(tmp_path):
    fill()
    target = tmp_path / "backup.bin"
    write_backup(target, passphrase="a long passphrase")
    assert b"plain" not in target.read_bytes()
    with pytest.raises(ImportProblem, match="passphrase is wrong"):
        read_backup(target, context=CONTEXT, passphrase="not the passphrase")
    assert len(read_backup(target, context=CONTEXT, passphrase="a long passphrase")) == 7


@pytest.mark.parametrize(
    "content, message",
    [(b"SQLite format 3\x00rest", "database file"), (b"full_date,date\n", "not a glimmers backup"), (b"\x1f\x8b\x08broken", "damaged")],
)
def test_restore_refuses_what_is_not_a_backup(tmp_path, content, message):
    path = tmp_path / "file"
    path.write_bytes(content)
    with pytest.raises(ImportProblem, match=message):
        read_backup(path, context=CONTEXT)
    with pytest.raises(ImportProblem, match="no file"):
        read_backup(tmp_path / "missing", context=CONTEXT)

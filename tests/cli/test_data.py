"""Data commands from the terminal: export, import, backup, restore, demo, config."""

import json
from pathlib import Path

import pytest

from glimmers.journal import models

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def filled(glimmers, clock):
    glimmers("checkin", "-n", "7", "-t", "meeting", "--note", "flat, \"quoted\"\nsecond line")
    glimmers("glimmer", "warm tea", "--after", "a call")
    glimmers("day", "--sleep", "6.5", "--alcohol", "0")
    return glimmers


def test_export_to_the_screen_and_to_a_file(filled, tmp_path):
    document = json.loads(filled("export").out)
    assert document["format"] == "glimmers" and len(document["checkins"]) == 1
    result = filled("export", "--format", "csv", "--out", str(tmp_path / "journal.csv"))
    assert result.code == 0 and "Exported to" in result.out
    assert (tmp_path / "journal.csv").read_text(encoding="utf-8").startswith("record,")


def test_import_a_daylio_export_with_a_preview_first(glimmers, clock):
    path = str(FIXTURES / "daylio_export.csv")
    preview = glimmers("import", path, "--dry-run")
    assert preview.code == 0
    assert "Would add 8 check-ins" in preview.out and "Dry run: nothing was written" in preview.out
    assert "numb" in preview.out  # the custom mood is named in a remark
    assert not models.CheckIn.objects.exists()
    result = glimmers("import", path)
    assert "Added 8 check-ins" in result.out and models.CheckIn.objects.count() == 8
    again = glimmers("import", path, "--from", "daylio")
    assert "Added 0 check-ins" in again.out and "8 entries were already in your journal" in again.out


def test_daylio_moods_of_ones_own_get_scores_from_the_map_or_by_asking(glimmers, clock, monkeypatch):
    path = str(FIXTURES / "daylio_export.csv")
    wrong = glimmers("import", path, "--mood-map", "numb=-9")
    assert wrong.code != 0 and "whole number from −5 to +5" in wrong.err and not models.CheckIn.objects.exists()
    assert "name=score" in glimmers("import", path, "--mood-map", "numb").err
    preview = glimmers("import", path, "--dry-run", "--mood-map", "Numb=-3")
    assert "numb (2: −3)" in preview.out and "no score" not in preview.out
    # in a terminal, a mood with no score is asked for; a mistake is asked again, Enter would keep it a tag
    monkeypatch.setattr("glimmers.cli.common.interactive", lambda: True)
    result = glimmers("import", path, input="minus two\n-2\n")
    assert result.code == 0 and "numb (2 entries)" in result.out and "from −5 to +5" in result.out
    assert sorted(models.CheckIn.objects.filter(mood=-2).values_list("mood", flat=True)) == [-2, -2, -2]
    assert not models.Tag.objects.filter(category="mood").exists()


@pytest.mark.parametrize(
    "content, source, message",
    [
        ("full_date,date,weekday,time,mood,activities,note_title,note\n2026-11-19,x,y,21:40,good,\"\"\n", "daylio", "Line 2:"),
        ('{"format": "glimmers", "version": 1, "checkins": [', "auto", "cut short"),
        ("hello,world\n1,2\n", "auto", "not one I know"),
        ("full_date,date,weekday,time,mood,activities,note_title,note\n", "jrnl", "it looks like a daylio file"),
    ],
)
def test_a_bad_import_file_is_refused_in_one_line(glimmers, clock, tmp_path, content, source, message):
    path = tmp_path / "input"
    path.write_text(content, encoding="utf-8")
    result = glimmers("import", str(path), "--from", source)
    assert result.code == 4
    assert message in result.err and result.err.count("\n") == 1
    assert not models.CheckIn.objects.exists()


def test_import_of_a_missing_file(glimmers):
    result = glimmers("import", "/no/such/file.csv")
    assert result.code == 4 and "There is no file" in result.err


def test_encrypted_backup_and_restore(filled, tmp_path, monkeypatch):
    monkeypatch.setenv("GLIMMERS_BACKUP_PASSPHRASE", "a long passphrase")
    target = str(tmp_path / "backup.bin")
    result = filled("backup", target, "--encrypt")
    assert result.code == 0 and "Backed up 3 records" in result.out and "encrypted" in result.out
    filled("checkin", "-n", "1", "--note", "added after the backup")
    result = filled("restore", target, "--yes")
    assert result.code == 0 and "Restored 1 check-ins, 1 glimmers, 1 days" in result.out
    assert not models.CheckIn.objects.filter(note="added after the backup").exists()
    monkeypatch.setenv("GLIMMERS_BACKUP_PASSPHRASE", "the wrong one")
    result = filled("restore", target, "--yes")
    assert result.code == 4 and "passphrase is wrong" in result.err
    assert models.CheckIn.objects.count() == 1  # nothing changed


def test_restore_asks_before_replacing(filled, tmp_path):
    target = str(tmp_path / "backup.json.gz")
    filled("backup", target)
    result = filled("restore", target, input="n\n")
    assert result.code == 130 and "nothing was saved" in result.err
    assert "Replace the journal with this backup (3 records)?" in result.out


def test_config_sets_and_checks_values(glimmers):
    assert "timezone" in glimmers("config").out
    assert glimmers("config", "timezone", "Asia/Tokyo").code == 0
    assert glimmers("config", "timezone").out.strip() == "timezone = Asia/Tokyo"
    assert "Unknown time zone" in glimmers("config", "timezone", "Mars/Base").err
    assert glimmers("config", "country", "gb").out.strip() == "Saved: country = GB (United Kingdom)"
    assert "two-letter" in glimmers("config", "country", "GBR").err
    assert "Unknown setting" in glimmers("config", "colour", "blue").err
    assert glimmers("config", "timezone", "").code == 0


def test_demo_fills_a_separate_journal(journal):
    result = journal.run("demo", "--no-serve", "--days", "30", "--seed", "3", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Demo journal ready" in result.stdout and "All made up" in result.stdout
    demo_entries = json.loads(journal.run("--demo", "list", "--json", "--limit", "1000").stdout)
    assert len(demo_entries) > 30 and {entry["source"] for entry in demo_entries} == {"demo"}
    assert json.loads(journal.run("list", "--json").stdout) == []  # the person's own journal is untouched
    again = journal.run("demo", "--no-serve")
    assert "already filled" in again.stdout
    # The demo ends yesterday, so its export imports cleanly on the same day.
    exported = journal.home / "demo.json"
    assert journal.run("--demo", "export", "--out", str(exported)).returncode == 0
    imported = journal.run("import", str(exported), "--dry-run")
    assert imported.returncode == 0, imported.stderr


def test_serve_on_a_busy_port_says_so(journal):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = journal.run("serve", "--port", str(port), "--no-browser", timeout=60)
    assert result.returncode == 1
    assert f"Port {port} cannot be used" in result.stderr and "Traceback" not in result.stderr

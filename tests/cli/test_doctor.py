"""``glimmers doctor``: one line per check, plain words, a way forward, and
exit codes a script can use (0 all well, 1 attention, 5 damaged or unreachable).

Damage in the middle of a journal, restore and salvage are tested in
tests/journal/test_damaged_journal.py; here, the other checks.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

on_postgresql = os.environ.get("GLIMMERS_TEST_BACKEND", "sqlite") == "postgresql"
sqlite_only = pytest.mark.skipif(on_postgresql, reason="about a SQLite journal's own file; runs on the SQLite run")
postgresql_only = pytest.mark.skipif(not on_postgresql, reason="runs on the PostgreSQL run")


def doctor(journal, *args):
    result = journal.run("doctor", *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def checks(journal) -> dict[str, dict]:
    result = doctor(journal, "--json")
    report = json.loads(result.stdout)
    assert report["exit_code"] == result.returncode
    return {check["name"]: check for check in report["checks"]}


def line_of(result, title: str) -> str:
    return next(line for line in result.stdout.splitlines() if f" {title}:" in line)


def with_entries(journal) -> Path:
    for numbness in ("3", "6"):
        made = journal.run("checkin", "-n", numbness, "-t", "home", "-t", "tea")
        assert made.returncode == 0, made.stderr
    return journal.home / "glimmers.sqlite3"


def test_a_healthy_journal_is_all_well(journal):
    with_entries(journal)
    result = doctor(journal)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[-1] == "All is well."
    assert all(line.split()[0] in ("ok", "n/a", "note") for line in lines[1:-1]), result.stdout
    found = checks(journal)
    assert {"folder", "space", "permissions", "integrity", "foreign_keys", "schema", "wal"} <= set(found)
    if on_postgresql:
        assert found["connection"]["status"] == "ok"
        assert all(found[name]["status"] == "not applicable" for name in ("integrity", "foreign_keys", "wal"))
        assert "Does not apply" in line_of(result, "Integrity")
    else:
        assert all(found[name]["status"] == "ok" for name in ("integrity", "foreign_keys", "schema", "wal"))


def test_no_journal_yet_is_fine_and_nothing_is_made(journal):
    result = doctor(journal)
    assert result.returncode == 0, result.stdout
    if not on_postgresql:
        assert "no journal yet" in line_of(result, "Journal")
    assert not (journal.home / "glimmers.sqlite3").exists()


@sqlite_only
def test_doctor_starts_when_nothing_else_can_open_the_journal(journal):
    path = with_entries(journal)
    path.write_bytes(b"nothing here looks like a database" * 100)
    assert journal.run("list").returncode == 5
    result = doctor(journal)
    assert result.returncode == 5
    integrity = line_of(result, "Integrity")
    assert "PROBLEM" in integrity and "file is not a database" in integrity and "glimmers restore FILE" in integrity
    assert "damaged" in result.stdout.splitlines()[-1]


@sqlite_only
def test_others_able_to_read_the_journal_is_a_problem_to_fix(journal):
    path = with_entries(journal)
    journal.home.chmod(0o755)
    path.chmod(0o644)
    result = doctor(journal)
    assert result.returncode == 1
    permissions = line_of(result, "Permissions")
    assert "PROBLEM" in permissions and str(journal.home) in permissions and "chmod 700" in permissions
    assert (path.stat().st_mode & 0o777) == 0o644  # doctor says; it does not change things behind your back


@sqlite_only
def test_a_leftover_write_ahead_log_is_explained_and_left_alone(journal):
    path = with_entries(journal)
    # A writer killed before it closed: its -wal holds a committed check-in not yet folded in.
    code = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA wal_autocheckpoint=0')\n"
        "c.execute(\"UPDATE journal_checkin SET note = 'kept in the log' WHERE id = 1\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    wal = Path(f"{path}-wal")
    size = wal.stat().st_size
    assert size > 0
    result = doctor(journal)
    assert result.returncode == 0, result.stdout
    line = line_of(result, "Write-ahead log")
    assert line.split()[0] == "note" and "stopped early" in line and "Never delete the -wal file" in line
    assert wal.stat().st_size == size  # read, not folded in by doctor
    shown = journal.run("show", "c1")
    assert "kept in the log" in shown.stdout  # the next ordinary open takes it in


@sqlite_only
def test_a_journal_from_a_newer_glimmers_is_named(journal):
    path = with_entries(journal)
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('journal', '9999_from_the_future', '2030-01-01')")
    result = doctor(journal)
    assert result.returncode == 1
    layout = line_of(result, "Layout")
    assert "newer version of glimmers" in layout and "Update glimmers" in layout


@sqlite_only
def test_records_pointing_nowhere_are_found_and_salvage_leaves_them_out(journal):
    path = with_entries(journal)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM journal_checkin WHERE id = 1")  # its tags stay behind
    result = doctor(journal)
    assert result.returncode == 1
    links = line_of(result, "Links")
    assert "PROBLEM" in links and "2 record(s) point to records that no longer exist" in links and "--salvage" in links
    salvaged = doctor(journal, "--salvage", "--yes", "--json")
    assert salvaged.returncode == 0, salvaged.stderr
    tables = {table["table"]: table for table in json.loads(salvaged.stdout)["salvage"]["tables"]}
    assert tables["journal_checkin"]["recovered"] == 1 and tables["journal_checkin"]["lost"] == 0
    assert tables["journal_checkin_tags"]["left_out"] == 2 and tables["journal_checkin_tags"]["recovered"] == 2
    assert checks(journal)["foreign_keys"]["status"] == "ok"
    assert len([item for item in journal.home.glob("glimmers.sqlite3.damaged-*") if not item.name.endswith(("-wal", "-shm"))]) == 1


@sqlite_only
def test_salvage_of_a_sound_journal_changes_nothing(journal):
    with_entries(journal)
    result = doctor(journal, "--salvage", "--yes")
    assert result.returncode == 0
    assert "nothing to salvage" in result.stdout
    assert not list(journal.home.glob("*.damaged-*"))


@postgresql_only
def test_on_postgresql_salvage_is_not_offered(journal):
    with_entries(journal)
    result = doctor(journal, "--salvage", "--yes")
    assert result.returncode == 1 and "Salvage works on a SQLite journal" in result.stderr


def test_an_unreachable_postgresql_is_a_connection_problem(journal):
    journal.env["DATABASE_URL"] = "postgresql://glimmers@127.0.0.1:1/journal"
    result = doctor(journal)
    assert result.returncode == 5
    connection = line_of(result, "Connection")
    assert "PROBLEM" in connection and "could not be reached" in connection
    assert "restore" not in connection
    assert line_of(result, "Integrity").split()[0] == "n/a"

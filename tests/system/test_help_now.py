"""Crisis lines must appear whatever state the journal is in."""

from __future__ import annotations

import sqlite3

import pytest

pytestmark = pytest.mark.slow


def on_sqlite(journal):
    """These tests damage the SQLite file itself, so they use it even on the PostgreSQL run."""
    journal.env.pop("DATABASE_URL", None)
    return journal


def help_now(journal, *args):
    result = journal.run("help-now", *args, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "findahelpline.com" in result.stdout
    assert "not monitored" in result.stdout
    return result.stdout


def test_with_no_data_folder_at_all(journal):
    assert not journal.home.exists()
    out = help_now(journal, "--country", "US")
    assert "988" in out and "911" in out
    assert not (journal.home / "glimmers.sqlite3").exists()  # it did not create a database


def test_with_the_database_deleted(journal):
    on_sqlite(journal)
    journal.run("checkin", "-n", "5")
    (journal.home / "glimmers.sqlite3").unlink()
    assert "116 123" in help_now(journal, "--country", "GB")


def test_with_the_database_corrupted(journal):
    on_sqlite(journal)
    journal.run("checkin", "-n", "5")
    (journal.home / "glimmers.sqlite3").write_bytes(b"this is not a database" * 100)
    for name in ("glimmers.sqlite3-wal", "glimmers.sqlite3-shm"):
        (journal.home / name).unlink(missing_ok=True)
    assert "13 11 14" in help_now(journal, "--country", "AU")
    # Other commands say what is wrong in one line and point to help.
    result = journal.run("list")
    assert result.returncode == 5
    assert "could not be opened" in result.stderr and "glimmers help-now" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_with_the_database_locked_by_another_program(journal):
    on_sqlite(journal)
    journal.run("checkin", "-n", "5")
    locker = sqlite3.connect(journal.home / "glimmers.sqlite3", isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        help_now(journal)
    finally:
        locker.execute("ROLLBACK")
        locker.close()


def test_with_a_broken_settings_file(journal):
    journal.home.mkdir(parents=True)
    (journal.home / "config.toml").write_text("country = [unclosed")
    help_now(journal)


def test_in_the_default_country_from_the_locale(journal):
    journal.env["LANG"] = "en_IE.UTF-8"
    journal.env.pop("LC_ALL", None)
    assert "112 or 999" in help_now(journal)


def test_every_command_s_help_points_to_help_now(journal):
    from glimmers.cli import every_command

    names = sorted(every_command())
    assert len(names) >= 18
    for name in names:
        result = journal.run(name, "--help")
        assert result.returncode == 0, name
        assert "glimmers help-now" in " ".join(result.stdout.split()), name


"""Crisis lines must appear whatever state the journal is in."""

from __future__ import annotations

import sqlite3

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture
def journal(journal):
    """Every run here starts in a locale that names no country, whatever the test machine's is."""
    return in_locale(journal, "C.UTF-8")


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


def in_locale(journal, lang):
    journal.env["LANG"] = lang
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        journal.env.pop(name, None)
    return journal


@pytest.mark.parametrize("lang", ["C.UTF-8", "POSIX", "C", ""])
def test_a_c_or_posix_locale_shows_the_directory_and_how_to_choose(journal, lang):
    """Python reads C.UTF-8 as en_US; glimmers must not show US numbers to anyone, anywhere."""
    out = help_now(in_locale(journal, lang))
    assert "No country chosen: showing the international directory" in out
    assert "glimmers config country XX" in out and "glimmers help-now --country XX" in out
    assert "988" not in out and "911" not in out
    assert out.startswith("If someone is hurt or in danger, call your local emergency number now.")


def test_in_the_country_guessed_from_the_locale(journal):
    out = help_now(in_locale(journal, "en_GB.UTF-8"))
    assert "999" in out.splitlines()[0] and "116 123" in out
    assert "guessed from this computer's language setting (en_GB.UTF-8); if that is wrong: glimmers config country XX" in out
    assert "988" not in out and "911" not in out


def test_a_chosen_country_comes_first_with_its_emergency_number(journal):
    in_locale(journal, "en_GB.UTF-8")
    saved = journal.run("config", "country", "DE", timeout=30)
    assert saved.returncode == 0 and "Germany" in saved.stdout, saved.stderr
    out = help_now(journal)
    first = out.splitlines()[0]
    assert "112" in first and "Germany" in first
    assert "Showing lines for Germany (DE), from your settings. Change: glimmers config country XX" in out
    assert "Samaritans" not in out and "United Kingdom" not in out  # the guess from the locale no longer applies
    refused = journal.run("config", "country", "XY", timeout=30)
    assert refused.returncode == 2 and "does not know the country code XY" in refused.stderr
    assert "Germany (DE)" in help_now(journal)


def test_never_asks_for_the_country_when_run_by_a_script(journal):
    """Input from a pipe is not a person at a terminal: no question, nothing stored."""
    result = journal.run("guide", "supporters", input="DE\n", timeout=30)
    assert result.returncode == 0 and "Which country" not in result.stdout + result.stderr
    assert not (journal.home / "config.toml").exists()


def test_every_command_s_help_points_to_help_now(journal):
    from glimmers.cli import every_command

    names = sorted(every_command())
    assert len(names) >= 18
    for name in names:
        result = journal.run(name, "--help")
        assert result.returncode == 0, name
        assert "glimmers help-now" in " ".join(result.stdout.split()), name



def test_the_running_web_app_follows_a_new_country_without_a_restart(served):
    """The country used to be read once when 'glimmers serve' started."""
    import urllib.request

    journal, url, _token = served

    def help_page():
        with urllib.request.urlopen(f"{url}help-now/", timeout=30) as response:
            return response.read().decode()

    before = help_page()
    assert "No country chosen: showing the international directory" in before and 'href="tel:112"' not in before
    assert journal.run("config", "country", "DE", timeout=30).returncode == 0
    after = help_page()
    assert "Showing lines for Germany (DE), from your settings." in after and 'href="tel:112"' in after

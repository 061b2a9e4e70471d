"""Support for worrying words comes first in the terminal: before "Saved", and
before the journal is even opened, so a broken, locked or missing journal
still shows it. Then the entry is said to be unsaved and the words are kept.

Real processes, a C.UTF-8 locale (no country guessed), and a damaged SQLite
file, as a person would meet them.
"""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

pytestmark = pytest.mark.slow

URGENT = "If you have already hurt yourself or taken something, call"


@pytest.fixture
def local(journal):
    """The SQLite journal (these tests damage the file itself), in a C.UTF-8 locale."""
    journal.env.pop("DATABASE_URL", None)
    journal.env["LANG"] = "C.UTF-8"
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        journal.env.pop(name, None)
    return journal


def damage(journal):
    assert journal.run("checkin", "-n", "5").returncode == 0
    (journal.home / "glimmers.sqlite3").write_bytes(b"this is not a database" * 100)
    for name in ("glimmers.sqlite3-wal", "glimmers.sqlite3-shm"):
        (journal.home / name).unlink(missing_ok=True)


def test_the_urgent_response_comes_before_saved(local):
    result = local.run("checkin", "-n", "8", "--note", "I'm going to take all my pills tonight")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index(URGENT) < out.index("Saved check-in")
    assert "your local emergency number" in out.splitlines()[1]  # C.UTF-8: no country guessed
    assert "findahelpline.com" in out and "not monitored" in out
    assert "pills" not in out[: out.index("Saved check-in")]  # the method is not repeated back


def test_in_the_chosen_country_the_emergency_number_is_named(local):
    assert local.run("config", "country", "DE").returncode == 0
    out = local.run("checkin", "--note", "I cut again").stdout
    assert f"{URGENT} 112 now." in out and out.index("112") < out.index("Saved check-in")


def test_a_thought_gets_the_clear_offer_and_a_memory_a_light_one(local):
    clear = local.run("checkin", "--note", "I want to die").stdout
    assert "You wrote “I want to die”" in clear and URGENT not in clear and "findahelpline.com" in clear
    light = local.run("checkin", "--note", "I no longer want to die").stdout
    assert "You wrote “I no longer want to die”" in light and "“want to die”" not in light
    assert "glimmers help-now" in light and "findahelpline.com" not in light  # a pointer, not the whole block


def test_with_the_journal_damaged_support_still_comes_and_the_words_are_kept(local):
    damage(local)
    note = "I wrote goodbye letters tonight"
    result = local.run("checkin", "-n", "9", "--note", note)
    assert result.returncode == 5
    assert URGENT in result.stdout and "findahelpline.com" in result.stdout
    assert "This entry was NOT saved" in result.stderr and "Traceback" not in result.stderr
    [kept] = list((local.home / "unsaved").iterdir())
    assert kept.read_text(encoding="utf-8").strip() == note
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600  # readable by its owner alone


def test_with_the_journal_locked_support_still_comes(local):
    assert local.run("checkin", "-n", "5").returncode == 0
    locker = sqlite3.connect(local.home / "glimmers.sqlite3", isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        result = local.run("glimmer", "nothing matters, I just want to disappear forever", timeout=60)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert "You wrote" in result.stdout and "findahelpline.com" in result.stdout
    assert result.returncode != 0 and "NOT saved" in result.stderr


def test_an_item_9_answer_with_the_journal_damaged_shows_support_then_keeps_the_answers(local):
    damage(local)
    result = local.run("screen", "phq9", "--answers", "0,0,0,0,0,0,0,0,2")
    assert "thoughts of being better off dead or of hurting yourself" in result.stdout
    assert "findahelpline.com" in result.stdout
    assert result.returncode == 5 and "NOT saved" in result.stderr
    [kept] = list((local.home / "unsaved").iterdir())
    assert "PHQ-9 answers 0,0,0,0,0,0,0,0,2" in kept.read_text(encoding="utf-8")


def test_json_output_stays_clean_and_says_what_support_was_shown(local):
    import json

    result = local.run("checkin", "-n", "7", "--note", "I want to die", "--json")
    assert result.returncode == 0
    saved = json.loads(result.stdout)
    assert saved["support"] == "direct" and "You wrote" in result.stderr


def test_the_saved_safety_plan_is_shown_with_support_on_every_path(journal):
    """The plan is read even though support comes before the command opens the
    journal: on the lean path (SQLite) and on Django's (PostgreSQL, or lean off)."""
    assert journal.run("safety-plan", "set", "coping_alone", "Walk round the block with the dog").returncode == 0
    for lean in ("1", "0"):
        journal.env["GLIMMERS_LEAN"] = lean
        result = journal.run("checkin", "-n", "8", "--note", "I want to die")
        assert result.returncode == 0, result.stderr
        out = result.stdout
        assert "Walk round the block with the dog" in out, out
        assert "no safety plan saved" not in out
        assert out.index("Walk round the block") < out.index("Saved check-in")


def test_without_a_plan_support_says_how_to_start_one(local):
    result = local.run("checkin", "-n", "8", "--note", "I want to die")  # the first command: no journal yet
    assert result.returncode == 0, result.stderr
    assert "You have no safety plan saved yet" in result.stdout


def test_when_the_plan_cannot_be_read_support_does_not_claim_there_is_none(local):
    damage(local)
    result = local.run("checkin", "-n", "9", "--note", "I want to die")
    assert "findahelpline.com" in result.stdout
    assert "no safety plan saved" not in result.stdout
    assert "Your safety plan, if you have saved one: glimmers safety-plan" in result.stdout

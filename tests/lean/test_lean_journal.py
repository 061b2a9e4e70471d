"""When the lean path opens a journal, and when it steps aside (``glimmers.lean.journal``).

In-process: the journal is a real SQLite file made by glimmers in a process
of its own, and ``open_journal`` is asked about it with this process's
Django set-up hidden (the lean path never runs beside a set-up Django).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from glimmers import db
from glimmers.lean import journal as lean_journal

pytestmark = pytest.mark.skipif(
    os.environ.get("GLIMMERS_TEST_BACKEND", "sqlite") == "postgresql", reason="the lean path is for SQLite journals"
)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """A journal glimmers made itself (its first command creates it)."""
    home = tmp_path_factory.mktemp("made")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "GLIMMERS_", "DATABASE_URL"))}
    env.update(GLIMMERS_HOME=str(home), GLIMMERS_TIMEZONE="Europe/Berlin")
    done = subprocess.run([sys.executable, "-m", "glimmers", "list"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return home / "glimmers.sqlite3"


@pytest.fixture
def home(made, tmp_path, monkeypatch) -> Path:
    """A copy of the made journal as this process's journal, Django's set-up hidden from the lean path."""
    folder = tmp_path / "home"
    folder.mkdir(mode=0o700)
    shutil.copy(made, folder / "glimmers.sqlite3")
    monkeypatch.setenv("GLIMMERS_HOME", str(folder))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv(lean_journal.SWITCH, raising=False)
    monkeypatch.setattr(lean_journal, "_django_set_up", lambda: False)
    return folder


def change(path: Path, *statements: str) -> None:
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        for statement in statements:
            connection.execute(statement)


def opened(**options):
    found = lean_journal.open_journal(**options)
    if found is not None:
        found.close()
    return found


def test_a_journal_of_this_release_is_opened_as_its_one_person(home):
    found = opened()
    with contextlib.closing(sqlite3.connect(home / "glimmers.sqlite3")) as connection:
        person = connection.execute("SELECT id FROM auth_user WHERE username = ?", (lean_journal.LOCAL_USERNAME,)).fetchone()[0]
    assert found is not None and found.person == person


def test_the_local_person_is_the_one_glimmers_makes():
    from glimmers import people

    assert lean_journal.LOCAL_USERNAME == people.LOCAL_USERNAME


def test_a_sqlite_address_names_the_journal(home, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere.sqlite3"
    shutil.move(home / "glimmers.sqlite3", elsewhere)
    assert opened() is None
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{elsewhere}")
    assert opened() is not None


@pytest.mark.parametrize(
    "why, step_aside",
    [
        ("the switch", lambda home, mp: mp.setenv(lean_journal.SWITCH, "0")),
        ("Django already set up", lambda home, mp: mp.setattr(lean_journal, "_django_set_up", lambda: True)),
        ("PostgreSQL", lambda home, mp: mp.setenv("DATABASE_URL", "postgresql://someone@127.0.0.1:1/nowhere")),
        ("an address that is not one", lambda home, mp: mp.setenv("DATABASE_URL", "mysql://x@y/z")),
        ("no journal yet", lambda home, mp: (home / "glimmers.sqlite3").unlink()),
        ("an empty file", lambda home, mp: (home / "glimmers.sqlite3").write_bytes(b"")),
        ("a pending migration", lambda home, mp: change(home / "glimmers.sqlite3", "DELETE FROM django_migrations WHERE name = '0007_search_index'")),
        ("an unknown migration", lambda home, mp: change(home / "glimmers.sqlite3", "INSERT INTO django_migrations (app, name, applied) VALUES ('journal', '0999_future', '2030-01-01')")),
        ("an unknown Django migration", lambda home, mp: change(home / "glimmers.sqlite3", "INSERT INTO django_migrations (app, name, applied) VALUES ('auth', '0999_future', '2030-01-01')")),
        ("an unknown app", lambda home, mp: change(home / "glimmers.sqlite3", "INSERT INTO django_migrations (app, name, applied) VALUES ('elsewhere', '0001_initial', '2030-01-01')")),
        ("a new column", lambda home, mp: change(home / "glimmers.sqlite3", "ALTER TABLE journal_checkin ADD COLUMN colour text NULL")),
        ("a missing table", lambda home, mp: change(home / "glimmers.sqlite3", "DROP TABLE journal_glimmer_tags")),
        ("no person yet", lambda home, mp: change(home / "glimmers.sqlite3", "UPDATE auth_user SET username = 'someone else'")),
    ],
)
def test_the_lean_path_steps_aside(home, monkeypatch, why, step_aside):
    step_aside(home, monkeypatch)
    assert opened() is None, why


def test_the_demo_journal_is_its_own(home):
    assert opened(demo=True) is None  # no demo journal here
    shutil.copy(home / "glimmers.sqlite3", home / "demo.sqlite3")
    assert opened(demo=True) is not None


def test_the_journal_is_made_private_and_checked_first(home):
    path = home / "glimmers.sqlite3"
    path.chmod(0o644)
    assert opened() is not None and oct(path.stat().st_mode & 0o777) == "0o600"
    with path.open("r+b") as handle:  # a header no database has
        handle.write(b"not a database at all")
    with pytest.raises(db.DatabaseProblem) as refused:
        opened()
    assert refused.value.kind == "damaged"


def test_a_migration_a_newer_django_brings_is_applied_on_opening(home):
    """A journal made with an older Django lacks the people's tables' newer
    migrations: the lean path steps aside and opening the journal applies them."""
    path = home / "glimmers.sqlite3"
    newest = max(name for app, name in sqlite3.connect(path).execute("SELECT app, name FROM django_migrations WHERE app = 'auth'"))
    change(path, f"DELETE FROM django_migrations WHERE app = 'auth' AND name = '{newest}'")
    assert opened() is None
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "GLIMMERS_", "DATABASE_URL"))}
    env["GLIMMERS_HOME"] = str(home)
    done = subprocess.run([sys.executable, "-m", "glimmers", "list"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with contextlib.closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT COUNT(*) FROM django_migrations WHERE app = 'auth' AND name = ?", (newest,)).fetchone() == (1,)
    assert opened() is not None

"""The lean path (``glimmers.lean``) writes the same rows and prints the same
output as Django's path, and steps aside whenever it does not certainly apply.

Every command runs as a person runs it, as its own process; a small wrapper
reports whether Django was set up, which tells the two paths apart.
``GLIMMERS_LEAN=0`` sends a command down Django's path.

If a table gains a column (the lean path then steps aside, by design), the
first tests here fail: teach ``glimmers.lean`` the column, then they pass.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from glimmers.core import content

pytestmark = pytest.mark.slow
sqlite_only = pytest.mark.skipif(
    os.environ.get("GLIMMERS_TEST_BACKEND", "sqlite") == "postgresql", reason="the lean path is for SQLite journals"
)

_WRAPPER = (
    "import atexit, sys\n"
    "def told():\n"
    "    apps = sys.modules.get('django.apps')\n"
    "    print('[django set up: %s]' % bool(apps and apps.apps.ready), file=sys.stderr)\n"
    "atexit.register(told)\n"
    "from glimmers.cli import main\n"
    "main(sys.argv[1:])\n"
)
FORMS = [choice.key for choice in content.numbness_forms()]
SIGNS = [choice.key for choice in content.warning_signs()]


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    django: bool

    @property
    def shown(self) -> tuple[int, str, str]:
        return self.code, self.out, self.err


def run(env: dict, *args: str, lean: bool = True, input: str = "") -> Outcome:
    env = {**env, "GLIMMERS_LEAN": "1" if lean else "0"}
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *args], env=env, input=input, capture_output=True, text=True, timeout=120)
    *before, marker = done.stderr.rstrip("\n").split("\n")
    assert marker.startswith("[django set up: "), done.stderr
    err = "\n".join(before) + ("\n" if before else "")
    return Outcome(done.returncode, done.stdout, err, marker == "[django set up: True]")


def home_env(journal, name: str) -> dict:
    home = journal.home.parent / name
    return {**journal.env, "GLIMMERS_HOME": str(home)}


def table(env: dict, name: str) -> list[dict]:
    path = Path(env["GLIMMERS_HOME"]) / "glimmers.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(f"SELECT * FROM {name} ORDER BY rowid")]


def without(rows: list[dict], *columns: str) -> list[dict]:
    return [{key: value for key, value in row.items() if key not in columns} for row in rows]


# Check-ins with every kind of value: ratings (one negative), forms, tags with
# and without a category (a bare name first new, then in use, then used in two
# categories), body signals, warning signs, self-talk, notes over two lines
# and in other scripts, and moments given every way --at takes them.
CHECKINS = [
    (
        "checkin", "-n", "5", "-m", "-2", "-e", "3", "-s", "8", "--form", FORMS[0], "--form", FORMS[-1],
        "-t", "work", "-t", "who:sam", "--body", "tight chest", "--sign", SIGNS[0], "--sign", SIGNS[-1],
        "--self-talk", "you're useless", "--note", "Flat day.\nSecond line ✨", "--at", "2026-03-14 08:00",
    ),
    ("checkin", "-n", "2", "-t", "work", "-t", "  Dog   Walk ", "--at", "2026-03-13 21:30"),
    ("checkin", "-t", "where:Park", "-t", "who:home", "-t", "where:home", "--note", "Ünïcödé, ß and İstanbul", "--at", "2026-03-12"),
    ("checkin", "-t", "home", "-t", "dog walk", "--body", "Heavy Arms", "--at", "2026-03-11T09:15+01:00"),
    ("checkin", "--json", "-n", "7", "-m", "+3", "--note", "json one 50% a_b", "--at", "2026-03-10 07:00"),
    ("checkin", "--note", "I want to die", "--at", "2026-03-09 23:00"),
    ("checkin", "--json", "--self-talk", "nobody would miss me", "--at", "2026-03-09 23:30"),
]


@pytest.fixture
def twins(journal):
    """Two fresh SQLite journals, made the usual way by a first command."""
    if os.environ.get("GLIMMERS_TEST_BACKEND", "sqlite") == "postgresql":
        pytest.skip("the lean path is for SQLite journals")
    lean, full = home_env(journal, "lean"), home_env(journal, "full")
    for env in (lean, full):
        made = run(env, "list")
        assert made.code == 0 and made.django, made.err  # no journal yet: Django makes it
    return lean, full


@sqlite_only
def test_check_ins_write_the_same_rows_and_print_the_same_words_both_ways(twins):
    lean, full = twins
    for args in CHECKINS:
        by_lean, by_django = run(lean, *args), run(full, *args, lean=False)
        assert not by_lean.django, (
            f"{args}: the lean path stepped aside. Does glimmers.lean.journal know every column and migration?\n{by_lean.err}"
        )
        assert by_django.django
        if "--json" in args:
            shown = [json.loads(outcome.out) for outcome in (by_lean, by_django)]
            for data in shown:
                assert data.pop("uid") and data.pop("created_at") == data.pop("updated_at")
            assert shown[0] == shown[1], args
            assert by_lean.err == by_django.err and by_lean.code == by_django.code == 0
        else:
            assert by_lean.shown == by_django.shown, args
    # and once at this very moment: everything but the clock's columns
    assert not run(lean, "checkin", "-n", "3").django
    run(full, "checkin", "-n", "3", lean=False)

    moments = ("uid", "created_at", "updated_at")
    rows_lean, rows_full = table(lean, "journal_checkin"), table(full, "journal_checkin")
    assert len(rows_lean) == len(CHECKINS) + 1
    assert without(rows_lean, *moments)[:-1] == without(rows_full, *moments)[:-1]
    assert without(rows_lean[-1:], *moments, "occurred_at", "local_date") == without(rows_full[-1:], *moments, "occurred_at", "local_date")
    for name in ("journal_tag", "sqlite_sequence"):
        assert table(lean, name) == table(full, name), name
    # Django links a check-in's tags in the order of a Python set: the links' own ids aside
    links = [sorted((row["checkin_id"], row["tag_id"]) for row in table(env, "journal_checkin_tags")) for env in (lean, full)]
    assert links[0] == links[1] and len(links[0]) == max(row["id"] for row in table(lean, "journal_checkin_tags"))
    for row in rows_lean:  # stored as Django stores them
        assert row["created_at"] == row["updated_at"] and len(row["uid"]) == 32 and " " in row["occurred_at"]
    # and the search index learnt the same words
    for word in ("line", "Ünï", "ß", "useless", "walk"):
        assert run(lean, "search", word).shown == run(full, "search", word, lean=False).shown, word


@pytest.fixture(scope="module")
def browsed(tmp_path_factory):
    """A journal with check-ins, glimmers, tags and entries in the trash (made once: only read)."""
    if os.environ.get("GLIMMERS_TEST_BACKEND", "sqlite") == "postgresql":
        pytest.skip("the lean path is for SQLite journals")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "GLIMMERS_", "DATABASE_URL"))}
    env.update(GLIMMERS_HOME=str(tmp_path_factory.mktemp("browsed") / "home"), GLIMMERS_TIMEZONE="Europe/Berlin")
    for args in [
        *CHECKINS,
        ("glimmer", "a kingfisher on the canal", "--after", "a walk", "-t", "where:canal", "--at", "2026-03-14 09:00"),
        ("glimmer", "warm tea, 50% better", "--at", "2026-03-13 07:00"),
        ("glimmer", "the dog's ears", "-t", "who:dog", "--at", "2026-03-08 18:00"),
        ("checkin", "-n", "6", "--note", "Kingfisher again! KINGFISHER.", "-t", "kingfisher", "--at", "2026-03-08 19:00"),
        ("delete", "c2", "g2"),
    ]:
        assert run(env, *args).code == 0, args
    return env


BROWSING = [
    ("list",),
    ("list", "--limit", "3"),
    ("list", "--json"),
    ("list", "--json", "--limit", "2"),
    ("list", "--only", "glimmers"),
    ("list", "--only", "checkins", "--json"),
    ("list", "--since", "2026-03-12"),
    ("list", "--until", "2026-03-11", "--json"),
    ("list", "--since", "2026-03-09", "--until", "2026-03-12", "--limit", "2"),
    ("list", "-t", "work"),
    ("list", "-t", "where:park"),
    ("list", "-t", "home"),
    ("list", "-t", "nosuchtag"),
    ("list", "--since", "not a date"),
    ("list", "-t", ":"),
    ("search", "kingfisher"),
    ("search", "KINGFISHER", "--json"),
    ("search", "Kingfisher", "--limit", "1"),
    ("search", "day flat"),
    ("search", "he"),
    ("search", "a"),
    ("search", "work"),
    ("search", "canal"),
    ("search", "ünï"),
    ("search", "İst"),
    ("search", "ß"),
    ("search", "50%"),
    ("search", "a_b"),
    ("search", "dog's"),
    ("search", "line ✨"),
    ("search", "walk", "--json"),
    ("search", "no such words anywhere"),
    ("search", " "),
    ("search", "x" * 201),
]


@sqlite_only
@pytest.mark.parametrize("args", BROWSING, ids=" ".join)
def test_list_and_search_show_the_same_both_ways(browsed, args):
    by_lean, by_django = run(browsed, *args), run(browsed, *args, lean=False)
    assert not by_lean.django and by_django.django
    assert by_lean.shown == by_django.shown


# --- when the lean path steps aside -------------------------------------------------


def test_on_postgresql_every_command_takes_djangos_path(journal):
    if os.environ.get("GLIMMERS_TEST_BACKEND", "sqlite") != "postgresql":
        pytest.skip("runs on the PostgreSQL run")
    for args in (("checkin", "-n", "4", "--note", "on the server"), ("list",), ("search", "server")):
        outcome = run(journal.env, *args)
        assert outcome.code == 0 and outcome.django, outcome.err
    assert "on the server" in run(journal.env, "search", "server").out


@sqlite_only
def test_a_first_command_and_the_questions_take_djangos_path(journal):
    env = home_env(journal, "first")
    first = run(env, "checkin", "-n", "5")
    assert first.code == 0 and first.django  # no journal yet
    asked = run(env, "checkin", input="4\n\n\n\n\nwork, tea\nasked for\n")
    assert asked.code == 0 and asked.django and "asked for" in asked.out
    assert not run(env, "checkin", "-n", "6").django


@sqlite_only
def test_a_journal_with_a_column_the_lean_path_does_not_know_takes_djangos_path(twins):
    env, _other = twins
    path = Path(env["GLIMMERS_HOME"]) / "glimmers.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("ALTER TABLE journal_checkin ADD COLUMN mood_colour varchar(20) NULL")
    for args in (("checkin", "-n", "4"), ("list",), ("search", "x")):
        outcome = run(env, *args)
        assert outcome.code == 0 and outcome.django, (args, outcome.err)


@sqlite_only
def test_a_damaged_journal_is_refused_in_the_same_words_and_the_words_are_kept(twins):
    env, _other = twins
    path = Path(env["GLIMMERS_HOME"]) / "glimmers.sqlite3"
    assert run(env, "checkin", "-n", "1").code == 0
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute(  # enough check-ins to fill many pages
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) "
            "INSERT INTO journal_checkin (owner_id, uid, occurred_at, timezone, local_date, source, created_at, updated_at, "
            "forms, warning_signs, self_talk, note) SELECT owner_id, printf('%032d', i), occurred_at, timezone, local_date, "
            "source, created_at, updated_at, '', '', '', printf('filler %d %s', i, hex(randomblob(60))) FROM n, journal_checkin"
        )
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = [row[0] for row in connection.execute("SELECT pageno FROM dbstat WHERE name = 'journal_checkin' AND pagetype = 'leaf'")]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as handle:  # scribble over cells of a page in the middle
        handle.seek((pages[len(pages) // 2] - 1) * size + 100)
        handle.write(b"\xff" * 512)
    by_lean = run(env, "checkin", "-n", "5", "--note", "a quiet evening")
    by_django = run(env, "checkin", "-n", "5", "--note", "a quiet evening", lean=False)
    assert by_lean.code == by_django.code == 5 and not by_lean.django
    kept_file = re.compile(r"words-\S+\.txt")
    assert "damaged" in by_lean.err and kept_file.sub("words-….txt", by_lean.err) == kept_file.sub("words-….txt", by_django.err)
    kept = sorted((Path(env["GLIMMERS_HOME"]) / "unsaved").glob("words-*.txt"))
    assert len(kept) == 2 and all("a quiet evening" in item.read_text(encoding="utf-8") for item in kept)


@sqlite_only
def test_the_journal_files_are_made_private_on_the_lean_path_too(twins):
    env, _other = twins
    path = Path(env["GLIMMERS_HOME"]) / "glimmers.sqlite3"
    path.chmod(0o644)
    outcome = run(env, "list")
    assert not outcome.django and oct(path.stat().st_mode & 0o777) == "0o600"


@sqlite_only
def test_the_demo_journal_is_read_the_lean_way_too(journal):
    env = home_env(journal, "demo")
    assert run(env, "demo", "--days", "7", "--no-serve").code == 0
    by_lean, by_django = run(env, "--demo", "list"), run(env, "--demo", "list", lean=False)
    assert not by_lean.django and by_lean.shown == by_django.shown and "c1" in by_lean.out

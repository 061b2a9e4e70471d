"""Search finds exactly what it found before it had an index, on each backend.

Before journal migration 0007, a search kept the entries whose words (note
and self-talk, or a glimmer and what came before it) or tag names contain
every word searched for, by Django's ``icontains``: ``LIKE`` on SQLite (case
ignored for ASCII letters only), ``UPPER(...) LIKE UPPER(...)`` on
PostgreSQL. That query is written out again here, as the reference, and
compared with what the journal's queries and the lean path find now, on a
random journal of words in several scripts, cases and marks.

Also here: the index is there after every migration, both directions of the
migration work, and a restore and a salvage leave an index in step with the
entries.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import random
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from django.db import DatabaseError, connection
from django.db.models import Q

from glimmers.core.journal import entries, search
from glimmers.journal import models, queries, search_index, store

on_sqlite = os.environ.get("GLIMMERS_TEST_BACKEND", "sqlite") != "postgresql"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
PIECES = [
    "kingfisher", "Kingfisher", "KINGFISHER", "today", "Today", "walk", "walked", "he", "a", "I", "sam", "Sam",
    "Ünïcödé", "ünïcödé", "straße", "STRASSE", "İstanbul", "ıi", "ſun", "\u212aelvin", "kelvin", "café", "CAFÉ",
    "日本語", "😀", "✨", "50%", "100%", "a_b", "a%b", "back\\slash", 'say "hi"', "dog's", "--", "x.y", "…", "e\u0301",
]
TAGS = ["work", "who:sam", "where:home", "where:Café", "doing:walk", "kingfisher", "body:tight chest", "a_b", "50%"]
SEPARATORS = [" ", "", "\n", ", ", ". "]


def _text(rng: random.Random, most: int) -> str:
    return "".join(rng.choice(PIECES) + rng.choice(SEPARATORS) for _ in range(rng.randint(0, most))).strip()


@pytest.fixture
def corpus():
    """Some hundreds of check-ins and glimmers, some in the trash, some tagged."""
    rng = random.Random(20261206)
    made = []
    for number in range(260):
        moment = NOW - timedelta(minutes=7 * number)
        tags = rng.sample(TAGS, rng.randint(0, 2))
        if number % 3:
            record = entries.validate_checkin(
                {"occurred_at": moment, "timezone": "UTC", "note": _text(rng, 8), "self_talk": _text(rng, 2) if number % 5 == 0 else "",
                 "numbness": rng.randint(0, 10), "tags": tags},
                now=NOW,
            )
            row = store.add_checkin(record, now=NOW)
        else:
            record = entries.validate_glimmer(
                {"occurred_at": moment, "timezone": "UTC", "text": _text(rng, 5) or "a flicker", "preceded_by": _text(rng, 2), "tags": tags},
                now=NOW,
            )
            row = store.add_glimmer(record, now=NOW)
        if number % 11 == 0:
            store.trash(row.ref, now=NOW)
        made.append(row)
    return made


def _reference(model, fields: tuple[str, ...], selection: search.TimelineFilter):
    """The search as it was: every word in a field or a tag name, by icontains."""
    query = model.objects.filter(deleted_at__isnull=not selection.trashed)
    for word in selection.words:
        condition = Q(pk__in=model.objects.filter(tags__name__icontains=word).values("pk"))
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        query = query.filter(condition)
    return query


def _searches(corpus) -> list[search.TimelineFilter]:
    rng = random.Random(7)
    texts = [row.note if hasattr(row, "note") else row.text for row in corpus]
    words = [*PIECES, "zzz", "e", "É", "ss", "%", "_", "\\", '"', "'", "s k", "ING", "café ✨"]
    for _ in range(90):
        source = rng.choice([text for text in texts if text])
        start = rng.randrange(len(source))
        cut = source[start : start + rng.randint(1, 7)].strip()
        flipped = "".join(ch.upper() if rng.random() < 0.5 else ch.lower() for ch in cut)
        words += [cut, flipped] if cut else []
    words += [tag.split(":")[-1][: rng.randint(1, 6)] for tag in TAGS]
    found = [search.TimelineFilter(text=word) for word in words if word.strip()]
    found += [search.TimelineFilter(text=f"{rng.choice(words)} {rng.choice(words)}") for _ in range(40)]
    found += [search.TimelineFilter(text=rng.choice(words), trashed=True) for _ in range(15)]
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("common_above", [search.INDEX_CANDIDATES_MOST, 12])
def test_search_finds_exactly_what_the_plain_comparison_finds(corpus, monkeypatch, common_above):
    """``common_above``: the default, and a small number, so that words the
    index finds in many entries are searched by reading, too."""
    monkeypatch.setattr(search, "INDEX_CANDIDATES_MOST", common_above)
    asked = {"used": 0, "common": 0}
    for selection in _searches(corpus):
        for model, fields, found in (
            (models.CheckIn, ("note", "self_talk"), queries.checkins),
            (models.Glimmer, ("text", "preceded_by"), queries.glimmers),
        ):
            expected = list(_reference(model, fields, selection).values_list("pk", flat=True))
            assert list(found(selection).values_list("pk", flat=True)) == expected, (selection.text, model.__name__)
            assert found(selection).count() == len(expected)
        probe = queries._index_probe("checkin")
        for word in selection.words if probe else ():
            if search.index_query(word):
                asked["used" if search.candidates_from_index(word, probe) is not None else "common"] += 1
    if on_sqlite:  # the index was used, and common words were read instead
        assert asked["used"] > 20 and (asked["common"] > 20 or common_above == search.INDEX_CANDIDATES_MOST), asked


@pytest.mark.django_db(transaction=True)  # committed, so that the journal can be copied to a file
@pytest.mark.skipif(not on_sqlite, reason="the lean path is for SQLite journals")
def test_the_lean_path_finds_the_same_in_the_same_order(corpus, person_id, tmp_path):
    from glimmers.lean import read
    from glimmers.lean.journal import Journal

    copy = tmp_path / "copy.sqlite3"
    with contextlib.closing(sqlite3.connect(copy)) as target:
        connection.ensure_connection()
        connection.connection.backup(target)
    lean = Journal(sqlite3.connect(copy), person_id)
    try:
        for selection in _searches(corpus)[::3] + [search.TimelineFilter(), search.TimelineFilter(tag="where:home", trashed=True)]:
            for limit in (5, 1000):
                expected = [row.ref for row in queries.timeline(selection, limit=limit)]
                assert [row.ref for row in read.timeline(lean, selection, limit=limit)] == expected, selection
            assert read.count(lean, selection) == queries.count(selection), selection
    finally:
        lean.close()


@pytest.fixture
def person_id(the_local_person):
    return the_local_person.pk


@pytest.mark.django_db
@pytest.mark.skipif(not on_sqlite, reason="the SQLite index")
def test_every_migration_leaves_the_index_and_its_triggers_in_place():
    """A later migration that rebuilds an entries table drops its triggers: it must make them again."""

    def fetch(sql: str) -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    assert search_index.usable("checkin", fetch) and search_index.usable("glimmer", fetch)


@pytest.mark.django_db
@pytest.mark.skipif(on_sqlite, reason="the PostgreSQL indexes")
def test_postgresql_has_trigram_indexes_on_what_search_compares():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
        made = dict(cursor.fetchall())
    assert len(made) == 4 and all("gin_trgm_ops" in definition and "upper(" in definition for definition in made.values())


def test_postgresql_without_the_extension_makes_no_index_and_no_error():
    migration = importlib.import_module("glimmers.journal.migrations.0007_search_index")

    class Cursor:
        def __init__(self, *, available: bool):
            self.available, self.last = available, ""

        def execute(self, sql, *parameters):
            self.last = sql
            if sql.startswith("CREATE EXTENSION"):
                raise DatabaseError("permission denied to create extension")

        def fetchone(self):
            return (1,) if "pg_available_extensions" in self.last and self.available else None

    class Connection:
        alias = "default"

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(migration.transaction, "atomic", lambda using=None: contextlib.nullcontext())
        assert migration.postgres_has_trigrams(Connection(), Cursor(available=False)) is False
        assert migration.postgres_has_trigrams(Connection(), Cursor(available=True)) is False


# --- the migration and the journal's ways back, as processes -------------------------


def _run(journal, *args: str) -> subprocess.CompletedProcess:
    done = journal.run(*args)
    assert done.returncode == 0, (args, done.stderr)
    return done


_MIGRATE = """
import sys
from glimmers import db
db.configure()
from django.core.management import call_command
call_command("migrate", "journal", sys.argv[1], verbosity=0)
"""


@pytest.mark.slow
def test_the_migration_goes_back_and_forth(journal):
    _run(journal, "checkin", "-n", "4", "--note", "a kingfisher by the canal")

    def migrate(name: str) -> None:
        done = subprocess.run([sys.executable, "-c", _MIGRATE, name], env=journal.env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr

    migrate("0006_owner_required")
    if on_sqlite:
        with contextlib.closing(sqlite3.connect(journal.home / "glimmers.sqlite3")) as file:
            assert not file.execute("SELECT name FROM sqlite_master WHERE name LIKE 'journal_%_search%'").fetchall()
    migrate("0007_search_index")  # fills the index from the entries already there
    assert "1 match" in _run(journal, "search", "kingfisher").stdout
    assert "1 match" in _run(journal, "search", "KINGFISHER", "--limit", "1").stdout


def _index_in_step(path) -> None:
    """FTS5's own check of an external-content index against its table (needs a writable connection)."""
    with contextlib.closing(sqlite3.connect(path)) as file:
        for kind in ("checkin", "glimmer"):
            index = search_index.INDEXES[kind][1]
            file.execute(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")


@pytest.mark.slow
@pytest.mark.skipif(not on_sqlite, reason="the SQLite index")
def test_a_restore_and_a_salvage_leave_the_index_in_step(journal):
    path = journal.home / "glimmers.sqlite3"
    for number in range(6):
        _run(journal, "checkin", "-n", str(number), "--note", f"kingfisher number {number}", "-t", "canal")
    _run(journal, "glimmer", "a kingfisher flash")
    _run(journal, "delete", "c2")
    backup = journal.home / "backup.json.gz"
    _run(journal, "backup", str(backup))
    _run(journal, "checkin", "-n", "9", "--note", "after the backup")
    _run(journal, "restore", str(backup), "--yes")
    _index_in_step(path)
    assert "6 matches" in _run(journal, "search", "kingfisher").stdout  # 5 check-ins and the glimmer
    assert "No entries mention" in _run(journal, "search", "after the backup").stdout
    _run(journal, "doctor", "--salvage", "--yes")
    _index_in_step(path)
    found = json.loads(_run(journal, "search", "kingfisher", "--json").stdout)
    assert len(found) == 6

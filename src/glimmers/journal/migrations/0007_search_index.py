"""An index for searching the words of entries, so a search need not read every note.

SQLite: an FTS5 table with the trigram tokenizer for check-ins (note,
self-talk) and for glimmers (text, what came before), holding no copy of
the words (``content=`` the entries' own table, ``detail=none``: only which
entry holds which three characters), kept in step by triggers on every
insert, delete and change of those words, and filled from the entries here.
It needs SQLite 3.34 or later built with FTS5; without them nothing is made
and search reads every entry, as before (``glimmers.journal.search_index``
checks which it is).

PostgreSQL: trigram GIN indexes (``pg_trgm``) on ``UPPER(column)``, the
expression Django's case-insensitive search compares, made only when the
extension is there or can be made; never an error otherwise.

Both directions work (``migrate journal 0006``) and leave no trace.

A later migration that makes Django rebuild ``journal_checkin`` or
``journal_glimmer`` on SQLite (most AlterField and AddField operations)
drops their triggers with the old table: it must make them again (the
statements below) and refill the index. ``tests/journal/test_search_index.py``
fails until it does.
"""

import sqlite3

from django.db import DatabaseError, migrations, transaction

# (table, its search index, the indexed columns)
INDEXED = (
    ("journal_checkin", "journal_checkin_search", ("note", "self_talk")),
    ("journal_glimmer", "journal_glimmer_search", ("text", "preceded_by")),
)


def sqlite_statements(table: str, index: str, columns: tuple[str, ...]) -> list[str]:
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    forget = f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.id, {old});"
    learn = f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5({names}, content='{table}', content_rowid='id', "
        "tokenize='trigram', detail=none, columnsize=0)",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {learn} END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {forget} END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF id, {names} ON {table} BEGIN {forget} {learn} END",
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",
    ]


def sqlite_can_index(cursor) -> bool:
    if sqlite3.sqlite_version_info < (3, 34, 0):  # the trigram tokenizer came with 3.34
        return False
    cursor.execute("PRAGMA compile_options")
    return any(row[0] == "ENABLE_FTS5" for row in cursor.fetchall())


# (index name, table, column): Django compares UPPER("column"::text) for icontains.
POSTGRES_INDEXES = (
    ("journal_checkin_note_trgm", "journal_checkin", "note"),
    ("journal_checkin_self_talk_trgm", "journal_checkin", "self_talk"),
    ("journal_glimmer_text_trgm", "journal_glimmer", "text"),
    ("journal_glimmer_preceded_by_trgm", "journal_glimmer", "preceded_by"),
)


def postgres_has_trigrams(connection, cursor) -> bool:
    cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
    if cursor.fetchone():
        return True
    cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    if not cursor.fetchone():
        return False
    try:
        with transaction.atomic(using=connection.alias):  # a savepoint: a refusal leaves the migration going
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:  # not allowed to create extensions here
        return False
    return True


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite" and sqlite_can_index(cursor):
            for table, index, columns in INDEXED:
                for statement in sqlite_statements(table, index, columns):
                    cursor.execute(statement)
        elif connection.vendor == "postgresql" and postgres_has_trigrams(connection, cursor):
            for name, table, column in POSTGRES_INDEXES:
                cursor.execute(
                    f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
                )


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for _table, index, _columns in INDEXED:
                for kind in ("insert", "delete", "update"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {index}_{kind}")
                cursor.execute(f"DROP TABLE IF EXISTS {index}")
        elif connection.vendor == "postgresql":
            for name, _table, _column in POSTGRES_INDEXES:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0006_owner_required"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]

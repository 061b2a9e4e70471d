"""A way back from a damaged SQLite journal: restore into a fresh one, or salvage.

Both work the same way. A fresh journal is built beside the damaged one
(``glimmers.sqlite3.rebuilding-DATE``); only when it is complete is the
damaged file, with its -wal and -shm, moved aside with the date in its name
(``glimmers.sqlite3.damaged-20261206-031500``) and the fresh one put in its
place. The damaged file is never deleted and never written to: it is read
through a read-only connection. If anything fails before the exchange, the
half-built file is removed and the journal is left exactly as it was.

Salvage copies every row that can still be read, table by table, in rowid
ranges: a range that fails to read is halved until the unreadable rows are
found, so one bad page loses only the rows stored on it. Rows that point to
a record that was lost (a tag on a lost check-in) are left out, and the
report counts what was recovered, lost and left out for each kind of record.
How many rows there were is read from the tables' indexes, which live on
other pages, so "lost" is usually an exact count.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from glimmers import db, health
from glimmers.journal import search_index
from glimmers.core.errors import GlimmersError
from glimmers.core.i18n import _
from glimmers.paths import _sync_folder as sync_folder

T = TypeVar("T")

# Rows read at a time; a range that fails is halved down to single rows.
WINDOW = 256
# Stop after this many empty ranges in a row (a number read from a damaged page can point far away).
EMPTY_RANGES_BEFORE_STOPPING = 64


class RepairProblem(GlimmersError):
    """A restore over, or a salvage of, a damaged journal that cannot go ahead; nothing was changed."""

    exit_code = 5


def journal_path() -> Path:
    """The SQLite journal Django is set up for."""
    from django.conf import settings

    return Path(settings.DATABASES["default"]["NAME"]).expanduser()


def is_sqlite() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def _stamp(moment: datetime) -> str:
    return f"{moment:%Y%m%d-%H%M%S}"


def aside_name(path: Path, moment: datetime) -> Path:
    """Where the damaged journal goes: ``NAME.damaged-DATE``, never a name already taken."""
    base = path.with_name(f"{path.name}.damaged-{_stamp(moment)}")
    candidate, number = base, 1
    while any(Path(f"{candidate}{suffix}").exists() for suffix in ("", *health.SIDE_FILES)):
        number += 1
        candidate = base.with_name(f"{base.name}-{number}")
    return candidate


def move_aside(path: Path, target: Path) -> Path:
    """Rename the journal and its -wal and -shm to ``target``, never over another file.

    The -wal and -shm go first, so that a fresh journal can never meet the
    old -wal (it would take in pages that are not its own). If a rename
    fails, the ones already made are undone.
    """
    moved: list[tuple[Path, Path]] = []
    try:
        for suffix in (*health.SIDE_FILES, ""):
            source, destination = Path(f"{path}{suffix}"), Path(f"{target}{suffix}")
            if not source.exists():
                continue
            if destination.exists():
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(destination))
            os.rename(source, destination)
            moved.append((source, destination))
    except BaseException:
        _move_back(moved)
        raise
    sync_folder(path.parent)
    return target


def _move_back(moved: list[tuple[Path, Path]]) -> None:
    for source, destination in reversed(moved):
        with contextlib.suppress(OSError):
            os.rename(destination, source)


@contextlib.contextmanager
def journal_at(path: Path):
    """Point Django's connection at another SQLite file for a while (a journal being built)."""
    from django.db import connections

    wrapper = connections["default"]
    wrapper.close()
    original = wrapper.settings_dict["NAME"]
    wrapper.settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        wrapper.close()
        wrapper.settings_dict["NAME"] = original


def _remove_built(path: Path) -> None:
    for suffix in ("", *health.SIDE_FILES):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")


def _refuse_if_in_use(path: Path) -> None:
    if health.held_by_another_program(path):
        raise RepairProblem(
            _(
                "Another program has the journal at %(path)s open (perhaps 'glimmers serve'), so it was not moved. "
                "Nothing was changed. Close that program, then try again."
            )
            % {"path": path}
        )


def _settled(path: Path) -> None:
    """A journal built here is one whole file: its -wal folded in and gone."""
    wal = Path(f"{path}-wal")
    if wal.exists():
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
    for suffix in health.SIDE_FILES:
        leftover = Path(f"{path}{suffix}")
        if leftover.exists() and leftover.stat().st_size == 0:
            leftover.unlink()


def rebuild_beside(path: Path, build: Callable[[Path], T], *, moment: datetime) -> tuple[T, Path]:
    """Build a fresh journal with ``build(fresh_path)``; then move the damaged
    one aside and put the fresh one in its place. Returns (what build returned, where the damaged file went).

    Django's connection must not be open on ``path`` (it is closed here).
    """
    from django.db import connections

    connections["default"].close()
    _refuse_if_in_use(path)
    fresh = path.with_name(f"{path.name}.rebuilding-{_stamp(moment)}")
    _remove_built(fresh)  # this very name, left by a run stopped within the same second
    descriptor = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    os.close(descriptor)
    try:
        result = build(fresh)
        _settled(fresh)
        _refuse_if_in_use(path)
        target = move_aside(path, aside_name(path, moment))
    except BaseException:
        _remove_built(fresh)
        raise
    try:
        os.replace(fresh, path)
    except BaseException:
        _move_back([(Path(f"{path}{suffix}"), Path(f"{target}{suffix}")) for suffix in (*health.SIDE_FILES, "") if Path(f"{target}{suffix}").exists()])
        _remove_built(fresh)
        raise
    sync_folder(path.parent)
    return result, target


def fresh_schema(path: Path, applied: set[tuple[str, str]] | None = None) -> None:
    """Make ``path`` a journal with this version's layout, or with the layout
    ``applied`` names (the damaged journal's own, so its rows fit)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.loader import MigrationLoader

    with journal_at(path):
        if applied is None or db.migrations_on_disk() <= applied:
            db.ensure_schema()  # this release's layout, made as a new journal is
            return
        # An older layout: migration by migration, as that journal was made (a
        # new journal is made in one squashed step, which older layouts never had).
        executor = MigrationExecutor(connection)
        executor.loader = MigrationLoader(connection, replace_migrations=False)
        graph, targets = executor.loader.graph, []
        for app in db.APPS_WITH_MIGRATIONS:
            steps = [
                (label, name) for label, name in applied
                if label == app and (label, name) in graph.nodes and not executor.loader.disk_migrations[(label, name)].replaces
            ]
            if steps:
                targets.append(max(steps, key=lambda step: len(graph.forwards_plan(step))))
        executor.migrate(targets)


# --- salvage ----------------------------------------------------------------


def kind_names() -> dict[str, str]:
    """Plain names for the tables, for the report."""
    return {
        "journal_checkin": _("check-ins"),
        "journal_glimmer": _("glimmers"),
        "journal_dayfactors": _("days of factors"),
        "journal_tag": _("tags"),
        "journal_checkin_tags": _("tags on check-ins"),
        "journal_glimmer_tags": _("tags on glimmers"),
        "care_screeningresult": _("screening results"),
        "care_safetyplanstep": _("safety plan steps"),
        "care_medicationevent": _("medicine events"),
        "reconnect_plan": _("activity plans"),
        "reconnect_planday": _("plan days"),
        "reconnect_planmark": _("plan marks"),
        "reconnect_value": _("values"),
        "reconnect_activity": _("activities"),
        "reconnect_goal": _("goals"),
        "reconnect_pleasuretry": _("pleasure tries"),
        "reconnect_exercisesession": _("exercise sessions"),
        "reconnect_experiment": _("experiments"),
        "reconnect_adherenceday": _("experiment days"),
        "reconnect_sharedmessage": _("shared messages"),
        "analysis_helpnote": _("notes for the clinician report"),
        "analysis_cachedresult": _("saved calculations (made again when needed)"),
    }


@dataclass
class TableSalvage:
    table: str
    kind: str
    recovered: int = 0
    lost: int | None = 0  # None: how many is not known (no readable index)
    lost_at_most: int = 0  # rowids that could not be read (some may never have been used)
    left_out: int = 0  # read, but pointing to a record that was lost
    readable: bool = True  # False: the table itself could not be found (its schema line is damaged)

    @property
    def worth_telling(self) -> bool:
        return bool(self.recovered or self.lost or self.lost_at_most or self.left_out) or (self.lost is None)

    def as_dict(self) -> dict:
        return {
            "table": self.table, "kind": self.kind, "readable": self.readable, "recovered": self.recovered,
            "lost": self.lost, "lost_at_most": self.lost_at_most, "left_out": self.left_out,
        }


@dataclass
class SalvageReport:
    tables: list[TableSalvage] = field(default_factory=list)
    moved_to: Path | None = None

    @property
    def recovered(self) -> int:
        return sum(table.recovered for table in self.tables)

    @property
    def complete(self) -> bool:
        return all(table.lost == 0 and table.left_out == 0 for table in self.tables)

    def as_dict(self) -> dict:
        return {
            "moved_to": str(self.moved_to) if self.moved_to else None,
            "recovered": self.recovered,
            "tables": [table.as_dict() for table in self.tables if table.worth_telling],
        }


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _readable(error: sqlite3.DatabaseError) -> bool:
    """False for errors that say nothing about the damaged file's pages (another program holding it)."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    return code not in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED


def _one(connection: sqlite3.Connection, query: str, *parameters):
    try:
        row = connection.execute(query, parameters).fetchone()
    except sqlite3.DatabaseError as error:
        if not _readable(error):
            raise
        return None
    return row[0] if row else None


def _tables(connection: sqlite3.Connection) -> list[str]:
    """The tables whose rows are copied: not the search index's, which its
    triggers fill as the entries are copied (``glimmers.journal.search_index``)."""
    rows = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'django_migrations' ORDER BY name"
    ).fetchall()
    indexes = {name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")}
    return [name for name, _sql in rows if not search_index.is_index_table(name, indexes)]


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f"PRAGMA table_info({_quoted(table)})")]


def _indexed_rowids(old: sqlite3.Connection, table: str) -> set[int] | None:
    """The rowids the table's indexes list: the rows that were there, read from other pages."""
    best: set[int] | None = None
    try:
        indexes = old.execute(f"PRAGMA index_list({_quoted(table)})").fetchall()
    except sqlite3.DatabaseError:
        return None
    for row in indexes:
        name, partial = row[1], row[4] if len(row) > 4 else 0
        if partial:
            continue
        try:
            found = {item[0] for item in old.execute(f"SELECT rowid FROM {_quoted(table)} INDEXED BY {_quoted(name)}")}
        except sqlite3.DatabaseError:
            continue
        if best is None or len(found) > len(best):
            best = found
    return best


def _select(table: str, columns: list[str], where: str) -> str:
    return f"SELECT rowid, {', '.join(_quoted(c) for c in columns)} FROM {_quoted(table)} WHERE {where} ORDER BY rowid"


def _read_range(old, table: str, columns: list[str], low: int, high: int, unreadable: set[int]) -> list[tuple]:
    """Rows with low <= rowid < high; a range that fails is halved until single rows fail."""
    try:
        rows = old.execute(_select(table, columns, "rowid >= ? AND rowid < ?"), (low, high)).fetchall()
    except sqlite3.DatabaseError as error:
        if not _readable(error):
            raise
        if high - low <= 1:
            unreadable.add(low)
            return []
        middle = (low + high) // 2
        return _read_range(old, table, columns, low, middle, unreadable) + _read_range(old, table, columns, middle, high, unreadable)
    return [row for row in rows if isinstance(row[0], int) and low <= row[0] < high]


def _read_window(old, table: str, columns: list[str], low: int, high: int, wanted: set[int] | None, unreadable: set[int]) -> list[tuple]:
    """Every readable row with low <= rowid < high.

    A damaged page can end a range read early without an error (its cells
    look like rows far beyond the range), so each rowid the range read did
    not return is then looked up alone: a lookup goes down the tree afresh
    and finds the rows stored after the bad page. ``wanted`` (the rowids
    the indexes list) limits those lookups to rows that existed.
    """
    rows = _read_range(old, table, columns, low, high, unreadable)
    found = {row[0] for row in rows}
    single = _select(table, columns, "rowid = ?")
    for rowid in range(low, high):
        if rowid in found or rowid in unreadable or (wanted is not None and rowid not in wanted):
            continue
        try:
            rows.extend(row for row in old.execute(single, (rowid,)).fetchall() if row[0] == rowid)
        except sqlite3.DatabaseError as error:
            if not _readable(error):
                raise
            unreadable.add(rowid)
    return sorted(rows, key=lambda row: row[0])


def _insert(fresh: sqlite3.Connection, table: str, columns: list[str], rows: list[tuple]) -> tuple[list[int], int]:
    """Insert rows (rowid first); returns (rowids inserted, rows refused by the schema's rules)."""
    if not rows:
        return [], 0
    insert = f"INSERT INTO {_quoted(table)} ({', '.join(_quoted(c) for c in columns)}) VALUES ({', '.join('?' for _ in columns)})"
    fresh.execute("SAVEPOINT rows")
    try:
        fresh.executemany(insert, [row[1:] for row in rows])
        fresh.execute("RELEASE rows")
        return [row[0] for row in rows], 0
    except sqlite3.IntegrityError:
        fresh.execute("ROLLBACK TO rows")
        fresh.execute("RELEASE rows")
    done, refused = [], 0
    for row in rows:  # one at a time: only a row that breaks a rule (garbage from a bad page) is refused
        try:
            fresh.execute(insert, row[1:])
            done.append(row[0])
        except sqlite3.IntegrityError:
            refused += 1
    return done, refused


def _next_start(old, table: str, high: int, listed: list[int], sequence) -> int | None:
    """Where the next rows may lie, from ``high`` on; None when nothing suggests more.

    Asks the table itself (a fresh descent of its tree) and its indexes, and
    jumps there, so long gaps cost nothing. When neither knows of more but
    numbers up to the table's sequence were given out, keeps walking.
    """
    import bisect

    candidates = []
    found = _one(old, f"SELECT min(rowid) FROM {_quoted(table)} WHERE rowid >= ?", high)
    if isinstance(found, int):
        candidates.append(found)
    position = bisect.bisect_left(listed, high)
    if position < len(listed):
        candidates.append(listed[position])
    if candidates:
        return max(high, min(candidates))
    if isinstance(sequence, int) and high <= sequence:
        return high
    return None


def _copy_table(old, fresh, table: str, names: dict[str, str]) -> TableSalvage:
    result = TableSalvage(table, names.get(table, table))
    try:
        readable_columns = set(_columns(old, table))
    except sqlite3.DatabaseError as error:
        if not _readable(error):
            raise
        readable_columns = set()
    columns = [column for column in _columns(fresh, table) if column in readable_columns]
    if not columns:  # its line in the schema is damaged (or it never existed): nothing to read
        result.lost, result.readable = None, False
        return result
    expected = _indexed_rowids(old, table)
    listed = sorted(expected) if expected else []
    sequence = _one(old, "SELECT seq FROM sqlite_sequence WHERE name = ?", table)
    unreadable: set[int] = set()
    recovered: set[int] = set()
    refused = empty_in_a_row = 0
    low: int | None = 1  # Django's rowids start at 1
    while low is not None:
        high = low + WINDOW
        before = len(unreadable)
        rows = _read_window(old, table, columns, low, high, expected, unreadable)
        done, broken = _insert(fresh, table, columns, rows)
        recovered.update(done)
        refused += broken  # read, but garbage from a bad page that breaks the layout's rules
        empty_in_a_row = 0 if rows or len(unreadable) > before else empty_in_a_row + 1
        if empty_in_a_row >= EMPTY_RANGES_BEFORE_STOPPING:
            break  # a garbage number led here: nothing more to find
        low = _next_start(old, table, high, listed, sequence)
    result.recovered = len(recovered)
    result.lost_at_most = len(unreadable) + refused
    if expected is not None:
        result.lost = len(expected - recovered)
    else:
        result.lost = 0 if not result.lost_at_most else None
    return result


def _drop_orphans(fresh: sqlite3.Connection, report: dict[str, TableSalvage]) -> None:
    """Remove rows whose parent was lost; again until none are left (a lost plan's days, then their marks)."""
    while True:
        orphans = fresh.execute("PRAGMA foreign_key_check").fetchall()
        if not orphans:
            return
        for table, rowid, _parent, _key in {tuple(row) for row in orphans}:
            fresh.execute(f"DELETE FROM {_quoted(table)} WHERE rowid = ?", (rowid,))
            if table in report:
                report[table].left_out += 1
                report[table].recovered -= 1


def _keep_sequences(old, fresh) -> None:
    """Numbers already given out (c12, g5) are not given out again, even for a lost entry."""
    try:
        before = dict(old.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
    except sqlite3.DatabaseError:
        return
    for name, seq in before.items():
        if not isinstance(seq, int):
            continue
        updated = fresh.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (seq, name)).rowcount
        if not updated and name in _tables(fresh):
            fresh.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (name, seq))


def copy_readable(source: Path, fresh_path: Path) -> list[TableSalvage]:
    """Copy every row that can be read from ``source`` into the journal at
    ``fresh_path``, in one transaction. An empty list: nothing could be read."""
    names = kind_names()
    with contextlib.ExitStack() as stack:
        try:
            old = stack.enter_context(_damaged_reader(source))
        except sqlite3.DatabaseError as error:
            if not _readable(error):
                raise
            return []  # not even the list of tables: the header or the first page is beyond reading
        fresh = sqlite3.connect(fresh_path, isolation_level=None, timeout=30)
        stack.callback(fresh.close)
        fresh.execute("PRAGMA synchronous=FULL")
        fresh.execute("PRAGMA foreign_keys=OFF")  # orphans are found and dropped at the end
        fresh.execute("BEGIN IMMEDIATE")
        report = {table: _copy_table(old, fresh, table, names) for table in _tables(fresh)}
        _drop_orphans(fresh, report)
        _keep_sequences(old, fresh)
        fresh.execute("COMMIT")
        fresh.execute("PRAGMA foreign_keys=ON")
        if fresh.execute("PRAGMA foreign_key_check").fetchall() or health.integrity_faults(fresh):
            raise RepairProblem(_("The salvaged journal did not pass its own check; nothing was changed."))
    order = list(names)
    return sorted(report.values(), key=lambda item: order.index(item.table) if item.table in order else len(order))


def _damaged_reader(source: Path):
    """A read-only connection that reads past damage in the schema itself."""
    return health.read_only(source, past_schema_damage=True)


def readable_migrations(source: Path) -> set[tuple[str, str]] | None:
    """The layout the damaged journal had, if that much can still be read."""
    try:
        with _damaged_reader(source) as old:
            return {(app, name) for app, name in old.execute("SELECT app, name FROM django_migrations")}
    except sqlite3.DatabaseError:
        return None


def salvage(path: Path, *, moment: datetime) -> SalvageReport:
    """Copy what can be read from the damaged journal at ``path`` into a fresh one put in its place."""
    applied = readable_migrations(path)
    if applied is not None:
        newer = {item for item in applied if item[0] in db.APPS_WITH_MIGRATIONS} - db.migrations_on_disk()
        if newer:
            raise RepairProblem(
                _("This journal was last used by a newer version of glimmers; update glimmers, then salvage it. Nothing was changed.")
            )

    def build(fresh: Path) -> list[TableSalvage]:
        fresh_schema(fresh, applied)
        tables = copy_readable(path, fresh)
        if not any(table.recovered for table in tables):
            raise RepairProblem(
                _(
                    "Nothing could be read from the damaged journal at %(path)s, so it was left where it is. "
                    "'glimmers restore FILE' brings back a backup."
                )
                % {"path": path}
            )
        fresh_schema(fresh)  # then up to this version's layout
        return tables

    tables, moved_to = rebuild_beside(path, build, moment=moment)
    return SalvageReport(tables=tables, moved_to=moved_to)

"""What ``glimmers doctor`` checks, without needing a journal that works.

On SQLite everything here uses the ``sqlite3`` module and the file system
directly: no Django, no migrations, nothing written to the journal (it is
opened read-only). Each check gives one :class:`Check`: a status, one
sentence, and what to do when something is wrong. On PostgreSQL the
connection and the schema are checked through Django, and the checks of
SQLite's own files say they do not apply.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from glimmers import db
from glimmers.core.i18n import _

OK, NOTE, PROBLEM, NOT_APPLICABLE = "ok", "note", "problem", "not applicable"

# Exit codes of 'glimmers doctor': all is well; something needs attention
# but the journal itself is sound; the journal is damaged or cannot be opened.
EXIT_WELL, EXIT_ATTENTION, EXIT_DAMAGED = 0, 1, 5

# Less free space than this in the journal's folder is worth saying: with a
# full disk nothing new can be saved, and a backup, a restore or a salvage
# each need about the journal's size again.
LOW_SPACE_BYTES = 100 * 1024 * 1024

SQLITE_HEADER = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm")


@dataclass
class Check:
    name: str  # a stable key, for --json
    title: str
    status: str
    says: str
    advice: str = ""
    blocking: bool = False  # the journal is damaged or cannot be opened

    def as_dict(self) -> dict:
        return {"name": self.name, "status": self.status, "message": self.says, "advice": self.advice}


@dataclass
class Examination:
    backend: str
    journal: str
    checks: list[Check] = field(default_factory=list)

    @property
    def damaged(self) -> bool:
        return any(check.blocking for check in self.checks)

    @property
    def exit_code(self) -> int:
        if self.damaged:
            return EXIT_DAMAGED
        if any(check.status == PROBLEM for check in self.checks):
            return EXIT_ATTENTION
        return EXIT_WELL

    def check(self, name: str) -> Check | None:
        return next((check for check in self.checks if check.name == name), None)

    def as_dict(self) -> dict:
        return {
            "backend": self.backend,
            "journal": self.journal,
            "ok": self.exit_code == EXIT_WELL,
            "exit_code": self.exit_code,
            "checks": [check.as_dict() for check in self.checks],
        }


def size_text(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.0f} {unit}" if size >= 10 else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.0f} TB"


# --- the SQLite files ---------------------------------------------------------


def held_by_another_program(path: Path) -> bool:
    """Another process has this SQLite journal open right now (POSIX locks).

    In WAL mode every open connection holds a shared lock on the journal's
    lock bytes and on its -shm file. Only ask while this process has no
    connection of its own to the file: closing any descriptor of a file
    drops every POSIX lock this process holds on it.
    """
    try:
        import fcntl
        import struct
    except ImportError:  # not POSIX: nothing to ask
        return False
    import sys

    # struct flock: Linux puts the type and whence first, the BSDs and macOS last.
    linux = sys.platform.startswith("linux")
    if not (linux or sys.platform == "darwin" or "bsd" in sys.platform):
        return False
    layout, type_at = ("hhqqi", 0) if linux else ("qqihh", 3)

    def request(start: int, length: int) -> bytes:
        fields = (fcntl.F_WRLCK, 0, start, length, 0) if linux else (start, length, 0, fcntl.F_WRLCK, 0)
        return struct.pack(layout, *fields)

    def locked(target: Path, start: int, length: int) -> bool:
        try:
            descriptor = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return False
        try:
            answer = fcntl.fcntl(descriptor, fcntl.F_GETLK, request(start, length))
            return struct.unpack(layout, answer)[type_at] != fcntl.F_UNLCK
        except OSError:
            return False
        finally:
            os.close(descriptor)

    # SQLite's lock bytes start at 1 GiB (PENDING, RESERVED, then 510 SHARED);
    # the -shm file's byte 128 is held by every connection using it.
    return locked(path, 0x40000000, 512) or locked(Path(f"{path}-shm"), 128, 1)


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@contextlib.contextmanager
def read_only(path: Path, *, timeout: float = 5, past_schema_damage: bool = False):
    """A read-only connection to a SQLite journal: it never writes to the
    journal, and never folds its -wal in (a read-write connection does, when
    it is the last to close).

    Like any connection to a WAL journal it may leave an empty -wal and a
    -shm beside it, which the next ordinary open uses and removes. When
    those cannot be made (a read-only or full disk) and no -wal holds pages,
    the file is read as it lies.

    ``past_schema_damage``: with ``writable_schema`` on (set before the
    schema is first read), SQLite skips a table whose line in the schema
    cannot be read instead of refusing every table. Nothing can be written
    through a read-only connection either way.
    """
    wal = Path(f"{path}-wal")
    address = quote(str(path.resolve()))

    def connect(mode: str) -> sqlite3.Connection:
        made = sqlite3.connect(f"file:{address}?{mode}", uri=True, timeout=timeout, isolation_level=None)
        if past_schema_damage:
            made.execute("PRAGMA writable_schema = ON")
        return made

    connection = connect("mode=ro")
    try:
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as problem:
            # SQLITE_READONLY, SQLITE_IOERR or SQLITE_CANTOPEN: the -shm could not be made
            if (getattr(problem, "sqlite_errorcode", 0) & 0xFF) not in (8, 10, 14) or file_size(wal) > 0:
                raise
            connection.close()
            connection = connect("immutable=1")
        yield connection
    finally:
        connection.close()


def looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def integrity_faults(connection: sqlite3.Connection, *, quick: bool = False, limit: int = 100) -> list[str]:
    """The faults ``PRAGMA integrity_check`` (or ``quick_check``) finds; empty when the file is sound.

    Raises ``sqlite3.DatabaseError`` when the check cannot even run (a file
    that is not a database, damage that stops the check itself).
    """
    pragma = "quick_check" if quick else "integrity_check"
    rows = connection.execute(f"PRAGMA {pragma}({int(limit)})").fetchall()
    if [tuple(row) for row in rows] == [("ok",)]:
        return []
    return [line.strip() for row in rows for line in str(row[0]).splitlines() if line.strip() and not line.startswith("***")]


def kept_aside(path: Path) -> list[Path]:
    """Damaged journals moved aside earlier (``NAME.damaged-DATE``), oldest first."""
    try:
        found = [item for item in path.parent.glob(f"{path.name}.damaged-*") if not item.name.endswith(SIDE_FILES)]
    except OSError:
        return []
    return sorted(found)


# --- the checks ---------------------------------------------------------------


def examine(database: dict, *, home: Path) -> Examination:
    """Every check that applies to this journal."""
    engine = database.get("ENGINE", "")
    if engine.endswith("postgresql"):
        return _examine_postgres(database, home)
    return _examine_sqlite(Path(database["NAME"]).expanduser(), home)


def _folder_checks(folder: Path, *, what: str, prefix: str = "", needed: int = 0, expected: bool = True) -> list[Check]:
    """Can ``folder`` be written, and is there room? ``expected``: a missing folder is normal (nothing saved yet)."""
    checks: list[Check] = []
    state = db.folder_state(folder)
    if state == "missing_folder":
        if expected:
            says = _("%(what)s %(folder)s does not exist yet; glimmers makes it when something is first saved.")
            checks.append(Check(f"{prefix}folder", _("Folder"), NOTE, says % {"what": what, "folder": folder}))
        else:
            checks.append(
                Check(
                    f"{prefix}folder", _("Folder"), PROBLEM,
                    _("%(what)s %(folder)s does not exist (was a disk unplugged?).") % {"what": what, "folder": folder},
                    _("Plug the disk in again, or point DATABASE_URL at a folder that exists."),
                )
            )
        return checks
    if state == "read_only":
        checks.append(
            Check(
                f"{prefix}folder", _("Folder"), PROBLEM,
                _("%(what)s %(folder)s is on a read-only disk, so nothing can be saved.") % {"what": what, "folder": folder},
                _("Make that disk writable again, or set GLIMMERS_HOME to a folder on another disk."),
            )
        )
    elif state == "no_permission":
        checks.append(
            Check(
                f"{prefix}folder", _("Folder"), PROBLEM,
                _("This account may not write in %(what)s %(folder)s, so nothing can be saved.") % {"what": what.lower(), "folder": folder},
                _("Give the folder back to yourself (ls -ld shows its owner), or set GLIMMERS_HOME to a folder of your own."),
            )
        )
    else:
        checks.append(Check(f"{prefix}folder", _("Folder"), OK, _("%(what)s %(folder)s can be written.") % {"what": what, "folder": folder}))
    try:
        free = shutil.disk_usage(folder).free
    except OSError as problem:
        says = _("Could not ask the disk how much space is free (%(reason)s).") % {"reason": problem.strerror or problem}
        checks.append(Check(f"{prefix}space", _("Free space"), NOTE, says))
        return checks
    if free < max(LOW_SPACE_BYTES, 2 * needed) and state != "read_only":  # on a read-only disk, space is not the trouble
        checks.append(
            Check(
                f"{prefix}space", _("Free space"), PROBLEM,
                _("Only %(free)s free on the disk holding %(folder)s; when it fills up, nothing new can be saved.")
                % {"free": size_text(free), "folder": folder},
                _("Free some space on that disk (a backup, a restore or a salvage each need about %(size)s more).")
                % {"size": size_text(max(needed, 1))},
            )
        )
    else:
        checks.append(Check(f"{prefix}space", _("Free space"), OK, _("%(free)s free on that disk.") % {"free": size_text(free)}))
    return checks


def _privacy_check(paths_to_check: list[Path], *, fine: str) -> Check:
    """Folders and files others can read, or that belong to another account."""
    me = os.geteuid() if hasattr(os, "geteuid") else None
    open_to_others: list[str] = []
    not_mine: list[str] = []
    for item in paths_to_check:
        try:
            found = item.stat()
        except OSError:
            continue
        if found.st_mode & 0o077:
            open_to_others.append(f"{item} ({stat.filemode(found.st_mode)})")
        if me is not None and found.st_uid != me:
            not_mine.append(str(item))
    if not_mine:
        return Check(
            "permissions", _("Permissions"), PROBLEM,
            _("These belong to another account, so glimmers may not be able to save: %(items)s.") % {"items": ", ".join(not_mine)},
            _("Give them back to yourself, for example: chown -R \"$USER\" FOLDER"),
        )
    if open_to_others:
        return Check(
            "permissions", _("Permissions"), PROBLEM,
            _("Others on this computer can look at: %(items)s.") % {"items": ", ".join(open_to_others)},
            _("Make them yours alone: chmod 700 for folders and chmod 600 for files."),
        )
    return Check("permissions", _("Permissions"), OK, fine)


def _examine_sqlite(path: Path, home: Path) -> Examination:
    result = Examination("sqlite", str(path))
    files = [path, *(Path(f"{path}{suffix}") for suffix in SIDE_FILES)]
    size = sum(file_size(item) for item in files)
    in_home = path.parent.resolve() == home.resolve()
    result.checks += _folder_checks(path.parent, what=_("The journal's folder"), needed=size, expected=in_home)
    if not in_home:
        result.checks += [
            check for check in _folder_checks(home, what=_("The data folder"), prefix="data_") if check.status == PROBLEM
        ]
    result.checks.append(
        _privacy_check([home, *([] if in_home else [path.parent]), *files], fine=_("The data folder and the journal's files are yours alone."))
    )
    result.checks.extend(_journal_file_checks(path))
    for earlier in kept_aside(path):
        result.checks.append(
            Check(
                "kept_aside", _("Kept aside"), NOTE,
                _("A damaged journal moved aside earlier is kept at %(path)s.") % {"path": earlier},
                _("Delete it yourself once you are sure you no longer need anything from it."),
            )
        )
    for partial in sorted(path.parent.glob(f"{path.name}.rebuilding-*")):
        if not partial.name.endswith(SIDE_FILES):
            result.checks.append(
                Check(
                    "half_built", _("Half-built"), NOTE,
                    _("%(path)s is a fresh journal a restore or salvage was building when it was stopped; your journal "
                      "does not use it.") % {"path": partial},
                    _("Delete it, unless a restore or salvage is running right now."),
                )
            )
    return result


def _journal_file_checks(path: Path) -> list[Check]:
    if not path.exists():
        return [
            Check("journal", _("Journal"), OK, _("There is no journal yet; glimmers makes one with the first thing you save.")),
        ]
    checks: list[Check] = []
    in_use = held_by_another_program(path)
    if in_use:
        checks.append(
            Check(
                "in_use", _("In use"), NOTE,
                _("Another program (perhaps 'glimmers serve') has the journal open right now; that is fine."),
                _("Close it before a restore or a salvage."),
            )
        )
    wal = Path(f"{path}-wal")
    if file_size(wal) > 0 and not in_use:
        checks.append(
            Check(
                "wal", _("Write-ahead log"), NOTE,
                _("A write-ahead log of %(size)s was left by a glimmers that stopped early. It holds saved entries "
                  "and is folded into the journal the next time it is opened.") % {"size": size_text(file_size(wal))},
                _("Never delete the -wal file by hand; keep it beside the journal if you move or copy it."),
            )
        )
    elif file_size(wal) > 0:
        says = _("A write-ahead log of %(size)s is in use, as it should be while glimmers runs.") % {"size": size_text(file_size(wal))}
        checks.append(Check("wal", _("Write-ahead log"), OK, says))
    else:
        checks.append(Check("wal", _("Write-ahead log"), OK, _("No write-ahead log is left over.")))

    damage_advice = _(
        "Bring back a backup with 'glimmers restore FILE', or copy out everything still readable with "
        "'glimmers doctor --salvage'; either way the damaged file is kept aside, never deleted."
    )
    if path.stat().st_size == 0:  # SQLite's own way of starting a journal
        checks.append(Check("integrity", _("Integrity"), OK, _("The journal is empty; glimmers sets it up the next time it is opened.")))
        return checks
    if not looks_like_sqlite(path):
        says = _("The journal is damaged: its first bytes are not those of a database (file is not a database).")
        checks.append(Check("integrity", _("Integrity"), PROBLEM, says, damage_advice, blocking=True))
        checks.append(Check("foreign_keys", _("Links"), NOT_APPLICABLE, _("Not checked: the journal cannot be read.")))
        checks.append(Check("schema", _("Layout"), NOT_APPLICABLE, _("Not checked: the journal cannot be read.")))
        return checks
    try:
        with read_only(path) as connection:
            checks.extend(_inside_checks(connection, damage_advice))
    except sqlite3.DatabaseError as problem:
        kind, reason = db.classify(problem)
        if kind == "damaged":
            checks.append(Check("integrity", _("Integrity"), PROBLEM, _("The journal is damaged (%(reason)s).") % {"reason": reason}, damage_advice, blocking=True))
        elif kind == "locked":
            checks.append(Check("integrity", _("Integrity"), PROBLEM, _("Could not be checked: another program is holding the journal (%(reason)s).") % {"reason": reason}, _("Close the other program, then run 'glimmers doctor' again.")))
        elif kind in ("full", "read_only", "no_permission", "disk_error"):  # the folder and space lines name it
            says = _("Could not be checked: the journal could not be opened (%(reason)s).") % {"reason": reason}
            checks.append(Check("integrity", _("Integrity"), PROBLEM, says, _("See the folder, space and permission lines above.")))
        else:
            says = _("The journal could not be opened to check it (%(reason)s).") % {"reason": reason}
            checks.append(Check("integrity", _("Integrity"), PROBLEM, says, _("See the folder, space and permission lines above."), blocking=True))
    return checks


def _inside_checks(connection: sqlite3.Connection, damage_advice: str) -> list[Check]:
    checks: list[Check] = []
    try:
        faults = integrity_faults(connection)
    except sqlite3.DatabaseError as problem:
        kind, reason = db.classify(problem)
        if kind != "damaged":
            raise
        faults = [reason]
    if faults:
        checks.append(
            Check(
                "integrity", _("Integrity"), PROBLEM,
                _("The journal is damaged: the integrity check found %(n)s fault(s), the first: %(first)s.")
                % {"n": len(faults) if len(faults) < 100 else "100+", "first": db.first_fault(faults)},
                damage_advice, blocking=True,
            )
        )
    else:
        checks.append(Check("integrity", _("Integrity"), OK, _("Every page of the journal reads correctly (integrity check).")))
    try:
        orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError:
        checks.append(Check("foreign_keys", _("Links"), NOT_APPLICABLE, _("Not checked: the damage stops this check.")))
    else:
        if orphans:
            tables = sorted({row[0] for row in orphans})
            checks.append(
                Check(
                    "foreign_keys", _("Links"), PROBLEM,
                    _("%(n)s record(s) point to records that no longer exist (in %(tables)s).") % {"n": len(orphans), "tables": ", ".join(tables)},
                    _("'glimmers doctor --salvage' copies everything else into a fresh journal and leaves these out."),
                )
            )
        else:
            checks.append(Check("foreign_keys", _("Links"), OK, _("Every record that points to another finds it.")))
    checks.append(_schema_check(_applied_migrations(connection)))
    return checks


def _applied_migrations(connection: sqlite3.Connection) -> set[tuple[str, str]] | None:
    try:
        return {(app, name) for app, name in connection.execute("SELECT app, name FROM django_migrations")}
    except sqlite3.DatabaseError:
        return None


def _schema_check(applied: set[tuple[str, str]] | None) -> Check:
    if applied is None:
        return Check("schema", _("Layout"), NOTE, _("The journal has no record of its layout yet; glimmers sets it up the next time it is opened."))
    ours = {item for item in applied if item[0] in db.APPS_WITH_MIGRATIONS}
    on_disk = db.migrations_on_disk()
    newer = sorted(ours - on_disk)
    if newer:
        return Check(
            "schema", _("Layout"), PROBLEM,
            _("The journal was last used by a newer version of glimmers (%(names)s).") % {"names": ", ".join(f"{a}.{n}" for a, n in newer[:3])},
            _("Update glimmers before using this journal."),
        )
    missing = on_disk - ours
    if missing:
        return Check("schema", _("Layout"), NOTE, _("The journal's layout is %(n)s step(s) behind this version; glimmers brings it up to date the next time it is opened.") % {"n": len(missing)})
    return Check("schema", _("Layout"), OK, _("The journal's layout is up to date."))


def _not_applicable(name: str, title: str) -> Check:
    return Check(name, title, NOT_APPLICABLE, _("Does not apply: PostgreSQL looks after its own files."))


def _examine_postgres(database: dict, home: Path) -> Examination:
    result = Examination("postgresql", db._where(database))
    result.checks += _folder_checks(home, what=_("The data folder (backups, unsaved words)"))
    result.checks.append(_privacy_check([home], fine=_("The data folder is yours alone.")))
    try:
        db.configure()
        from django.db import connection
        from django.db.migrations.recorder import MigrationRecorder

        connection.ensure_connection()
        version = connection.pg_version
        result.checks.append(
            Check("connection", _("Connection"), OK, _("Connected to PostgreSQL %(version)s at %(where)s.") % {"version": f"{version // 10000}.{version % 10000}", "where": result.journal})
        )
        recorder = MigrationRecorder(connection)
        applied = set(recorder.applied_migrations()) if recorder.has_table() else None
        result.checks.append(_schema_check(applied))
    except Exception as problem:  # noqa: BLE001 - every failure to connect is reported, not raised
        found = db.database_problem(problem)
        result.checks.append(Check("connection", _("Connection"), PROBLEM, found.message, blocking=True))
        result.checks.append(Check("schema", _("Layout"), NOT_APPLICABLE, _("Not checked: no connection.")))
    for name, title in (("integrity", _("Integrity")), ("foreign_keys", _("Links")), ("wal", _("Write-ahead log"))):
        result.checks.append(_not_applicable(name, title))
    return result

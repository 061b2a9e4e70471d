"""Opening the journal: Django set up lazily, checked, the schema brought up to date.

Commands that need no database (``help-now``, ``--help``) never come here,
so they stay fast and keep working when the database is damaged.

Every failure to open or write the journal becomes one
:class:`DatabaseProblem` whose sentence names the real cause (see
:func:`database_problem`): a damaged file, a full disk, a read-only disk or
folder, another program holding it, a missing folder, an unreachable
PostgreSQL server. Only a damaged journal is pointed to ``glimmers doctor``
and ``glimmers restore FILE``.
"""

from __future__ import annotations

import errno
import importlib.util
import os
import sqlite3
from pathlib import Path

from glimmers.core.errors import GlimmersError
from glimmers.core.i18n import _


class DatabaseProblem(GlimmersError):
    """The journal cannot be opened or written; ``kind`` names why (see KINDS)."""

    exit_code = 5

    def __init__(self, message: str, *, kind: str = "unknown"):
        super().__init__(message)
        self.kind = kind


# Why a journal could not be used. Each has its own sentence and advice.
KINDS = ("damaged", "full", "read_only", "no_permission", "locked", "missing_folder", "unreachable", "disk_error", "unknown")

# A disk with less free space than this, when SQLite reports an I/O error,
# is taken to be full: SQLite names a failed write to its shared-memory or
# log file "disk I/O error" even when the cause was ENOSPC.
NEARLY_FULL_BYTES = 4 * 1024 * 1024


def configure(*, demo: bool = False) -> None:
    """Load settings and apps without touching the database.

    A data folder that cannot be created (a read-only or full disk, a file
    where a folder should be) is a :class:`DatabaseProblem` naming that cause.
    """
    if demo:
        os.environ["GLIMMERS_DEMO"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.web.settings")
    from django.apps import apps

    if not apps.ready:
        import django

        try:
            django.setup()
        except OSError as exc:
            raise database_problem(exc) from exc


# Our apps' labels (as the journal's tables and migrations name them) and
# their packages: the toolkit's label is still "reconnect", its first name,
# because every journal already made has tables called reconnect_*.
APPS_WITH_MIGRATIONS = {"journal": "journal", "care": "care", "reconnect": "toolkit", "analysis": "analysis"}


def migrations_on_disk() -> set[tuple[str, str]]:
    """Every migration this version of glimmers has, as (app, name); needs no Django."""
    package = Path(__file__).resolve().parent
    return {
        (app, item.name[:-3])
        for app, folder in APPS_WITH_MIGRATIONS.items()
        for item in (package / folder / "migrations").iterdir()
        if item.name.endswith(".py") and item.name[:4].isdigit()
    }


def _django_app_migrations(app: str) -> set[tuple[str, str]] | None:
    """A Django app's migrations (``django.contrib.auth``), from its folder; Django is not imported."""
    spec = importlib.util.find_spec("django")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(spec.submodule_search_locations[0]) / "contrib" / app / "migrations"
    if not folder.is_dir():
        return None
    return {(app, item.stem) for item in folder.iterdir() if item.suffix == ".py" and item.name[:4].isdigit()}


def migrations_shipped(applied: set[tuple[str, str]]) -> set[tuple[str, str]] | None:
    """What a journal with these ``applied`` migrations should have: glimmers'
    own, and every migration this Django brings for the Django apps the journal
    records (``auth``, ``contenttypes``), so a newer Django's are applied too.
    None when a Django app's migrations cannot be found."""
    shipped = migrations_on_disk()
    for app in {app for app, _name in applied} - set(APPS_WITH_MIGRATIONS):
        found = _django_app_migrations(app)
        if found is None:
            return None
        shipped |= found
    return shipped


def ensure_schema() -> None:
    """Apply pending migrations; cheap (one query) when there are none."""
    from django.core.management import call_command
    from django.db import DatabaseError, connection
    from django.db.migrations.recorder import MigrationRecorder

    for attempt in range(2):
        try:
            applied = set(MigrationRecorder(connection).applied_migrations())
            shipped = migrations_shipped(applied)
            if shipped is not None and shipped <= applied:
                return
            call_command("migrate", verbosity=0, interactive=False)
            if connection.vendor == "sqlite":
                # A migration rewrites whole tables; fold those pages back into
                # the file so a new journal does not carry megabytes of log.
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return
        except (DatabaseError, sqlite3.DatabaseError) as exc:
            if attempt == 0 and "already exists" in str(exc):
                continue  # another process migrated at the same moment
            raise database_problem(exc) from exc


def sqlite_file(database: dict | None = None) -> Path | None:
    """The journal's SQLite file on disk, or None for PostgreSQL or an in-memory journal.

    The one test the opening checks share (privacy, damage, writability).
    """
    database = _database_settings() if database is None else database
    if not database.get("ENGINE", "").endswith("sqlite3"):
        return None
    name = str(database.get("NAME", ""))
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def refuse_damaged() -> None:
    """Refuse a SQLite journal that fails ``PRAGMA quick_check``, before anything is written.

    Runs on every open, before Django's own connection; what that costs,
    measured by bench/quick_check_cost.py, is in docs/DATA.md ("When the
    journal is damaged"). The check reads through a read-only connection, so
    a refused journal is left exactly as it was: a read-write connection would
    fold a leftover -wal into the damaged file when it closed. Writing into
    a damaged file can spread the damage, so the person is sent to
    ``glimmers doctor`` and ``glimmers restore`` instead. PostgreSQL checks
    its own pages; nothing to do there.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3"):
        return
    path = sqlite_file(database)
    if path is None:  # an in-memory journal (the test suite)
        return _quick_check_through_django()
    refuse_damaged_file(path)


def refuse_damaged_file(path: Path) -> None:
    """:func:`refuse_damaged` on the SQLite file itself (no Django: the lean path runs it too)."""
    if not path.exists() or path.stat().st_size == 0:
        return  # nothing there yet: SQLite makes it
    from glimmers import health
    from glimmers.settings import SQLITE_TIMEOUT_SECONDS

    try:
        with health.read_only(path, timeout=SQLITE_TIMEOUT_SECONDS) as connection:
            faults = health.integrity_faults(connection, quick=True, limit=1)
    except sqlite3.DatabaseError as exc:
        raise database_problem(exc) from exc
    if faults:
        raise damaged(first_fault(faults))


def _quick_check_through_django() -> None:
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA quick_check(1)")
            rows = cursor.fetchall()
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        raise database_problem(exc) from exc
    if [tuple(row) for row in rows] != [("ok",)]:
        raise damaged(first_fault(row[0] for row in rows))


def refuse_unwritable() -> None:
    """For the web app, which saves later: a SQLite journal on a read-only disk
    or in a folder this account may not write is named now, in one line,
    rather than at the first save. (SQLite itself opens such a journal for
    reading without a word.)"""
    path = sqlite_file()
    if path is None:
        return
    state = folder_state(path.parent)
    if state not in ("read_only", "no_permission") and path.exists() and not os.access(path, os.W_OK):
        state = "no_permission"
    if state in ("read_only", "no_permission"):
        raise DatabaseProblem(_message(state, str(path), ""), kind=state)


def first_fault(lines) -> str:
    """The first fault an integrity check reported, shortened, for a message."""
    for text in lines:
        for line in str(text).splitlines():
            line = line.strip()
            if line and not line.startswith("***"):
                return line if len(line) <= 90 else line[:87] + "..."
    return _("it failed its check")


def damaged(reason: str) -> DatabaseProblem:
    """The problem for a journal found damaged by a check (no exception to classify)."""
    return DatabaseProblem(_message("damaged", _where(), reason), kind="damaged")


# --- naming the real cause ---------------------------------------------------

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_KIND = {
    3: "no_permission",  # SQLITE_PERM
    5: "locked",  # SQLITE_BUSY
    6: "locked",  # SQLITE_LOCKED
    8: "read_only",  # SQLITE_READONLY
    10: "disk_error",  # SQLITE_IOERR
    11: "damaged",  # SQLITE_CORRUPT
    13: "full",  # SQLITE_FULL
    14: "cannot_open",  # SQLITE_CANTOPEN: the folder says why
    23: "no_permission",  # SQLITE_AUTH
    26: "damaged",  # SQLITE_NOTADB
}

# The same, from the words of the message, for errors that carry no code.
_SQLITE_WORDS = (
    ("file is not a database", "damaged"),
    ("malformed", "damaged"),
    ("database or disk is full", "full"),
    ("readonly database", "read_only"),
    ("read-only", "read_only"),
    ("database is locked", "locked"),
    ("database table is locked", "locked"),
    ("unable to open database file", "cannot_open"),
    ("disk i/o error", "disk_error"),
)

_OS_KIND = {
    errno.ENOSPC: "full",
    errno.EDQUOT: "full",
    errno.EROFS: "read_only",
    errno.EACCES: "no_permission",
    errno.EPERM: "no_permission",
    errno.ENOENT: "missing_folder",
    errno.ENOTDIR: "missing_folder",
    errno.EIO: "disk_error",
}

# PostgreSQL's SQLSTATE codes, by class or in full.
_POSTGRES_KIND = {
    "53100": "full",  # disk_full
    "25006": "read_only",  # read_only_sql_transaction
    "55P03": "locked",  # lock_not_available
    "40P01": "locked",  # deadlock_detected
    "XX001": "damaged",  # data_corrupted
    "XX002": "damaged",  # index_corrupted
    "08": "unreachable",  # connection exceptions
    "28": "unreachable",  # authorization
    "3D": "unreachable",  # no such database
    "57P": "unreachable",  # the server is shutting down
}


def _causes(exc: BaseException | None):
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        yield exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip()
    if not text:
        return type(exc).__name__
    first = text.splitlines()[0].strip()
    if first.startswith("connection failed:"):  # psycopg's wording: the server's words follow
        first = first[len("connection failed:"):].strip()
    return first if len(first) <= 160 else first[:157] + "..."


def classify(exc: BaseException) -> tuple[str, str]:
    """(kind, reason): why the journal could not be used, and SQLite's or the OS's own words."""
    for cause in _causes(exc):
        if isinstance(cause, DatabaseProblem):
            return cause.kind, cause.message
        code = getattr(cause, "sqlite_errorcode", None)
        if isinstance(cause, sqlite3.Error) and isinstance(code, int) and (code & 0xFF) in _SQLITE_KIND:
            return _SQLITE_KIND[code & 0xFF], _reason(cause)
        if isinstance(cause, OSError) and cause.errno in _OS_KIND:
            return _OS_KIND[cause.errno], _reason(cause)
        if type(cause).__module__.startswith("psycopg"):
            state = getattr(cause, "sqlstate", None) or ""
            for prefix in sorted(_POSTGRES_KIND, key=len, reverse=True):
                if state.startswith(prefix):
                    return _POSTGRES_KIND[prefix], _reason(cause)
            if not state and type(cause).__name__ == "OperationalError":
                return "unreachable", _reason(cause)  # connecting failed: psycopg gives no state
    text = str(exc).lower()
    for words, kind in _SQLITE_WORDS:
        if words in text:
            return kind, _reason(exc)
    return "unknown", _reason(exc)


def _database_settings() -> dict:
    """The journal's database settings, from Django when it is set up, else from the environment."""
    try:
        from django.conf import settings

        if settings.configured:
            return settings.DATABASES["default"]
    except Exception:  # noqa: BLE001 - settings that fail to build: read the environment instead
        pass
    from glimmers import settings as glimmers_settings

    return glimmers_settings.database(os.environ)


def _where(database: dict | None = None) -> str:
    try:
        database = database or _database_settings()
    except Exception:  # noqa: BLE001 - a bad DATABASE_URL: say something useful anyway
        return _("the journal")
    if database.get("ENGINE", "").endswith("postgresql"):
        host = database.get("HOST") or "localhost"
        port = f":{database['PORT']}" if database.get("PORT") else ""
        return f"{host}{port}/{database.get('NAME', '')}"  # never the password
    return str(database.get("NAME", ""))


def _is_postgres() -> bool:
    try:
        return _database_settings().get("ENGINE", "").endswith("postgresql")
    except Exception:  # noqa: BLE001
        return False


def folder_state(folder: Path) -> str | None:
    """Why nothing can be written in ``folder``: "missing_folder", "read_only",
    "no_permission", "full", or None when it looks writable."""
    if not folder.is_dir():
        return "missing_folder"
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "read_only"
    except (OSError, AttributeError):  # statvfs is POSIX only
        pass
    if not os.access(folder, os.W_OK | os.X_OK):
        return "no_permission"
    try:
        import shutil

        if shutil.disk_usage(folder).free < NEARLY_FULL_BYTES:
            return "full"
    except OSError:
        pass
    return None


def _refine(kind: str, where: str) -> str:
    """SQLite's "cannot open", "read-only" and "I/O error" do not say why: the folder does."""
    if kind not in ("cannot_open", "read_only", "disk_error", "no_permission") or _is_postgres() or not where:
        return kind
    found = folder_state(Path(where).expanduser().parent)
    if kind == "cannot_open":
        return found or "unknown"
    if kind == "disk_error":
        return "full" if found == "full" else "disk_error"
    if kind in ("read_only", "no_permission") and found in ("no_permission", "read_only"):
        return found
    return kind


CRISIS_POINTER = "'glimmers help-now' shows crisis lines."


def _message(kind: str, where: str, reason: str) -> str:
    folder = str(Path(where).parent) if where and not _is_postgres() else where
    values = {"where": where, "folder": folder, "reason": reason}
    if kind == "damaged" and _is_postgres():
        text = _(
            "The PostgreSQL database %(where)s reports damage (%(reason)s). Nothing was changed. "
            "Ask whoever looks after that server to check it, or point DATABASE_URL at a new database "
            "and bring back a backup there with 'glimmers restore FILE'."
        )
    elif kind == "damaged":
        text = _(
            "The journal at %(where)s could not be opened: it is damaged (%(reason)s), so glimmers will not write to it. "
            "Nothing was changed. 'glimmers doctor' says what can be saved, and 'glimmers restore FILE' brings back "
            "a backup, keeping the damaged file aside."
        )
    elif kind == "full":
        text = _(
            "The disk holding the journal at %(where)s is full, so nothing could be saved. Nothing was changed. "
            "Free some space on that disk, then try again."
        )
    elif kind == "read_only":
        text = _(
            "The journal at %(where)s cannot be written: the disk it is on is read-only. Nothing was changed. "
            "Make that disk writable again, or set GLIMMERS_HOME to a folder on another disk, then try again."
        )
    elif kind == "no_permission":
        text = _(
            "The journal at %(where)s cannot be written: this account may not write in %(folder)s. Nothing was changed. "
            "Check who owns that folder and the journal's files (ls -l) and give them back to yourself, then try again."
        )
    elif kind == "locked":
        text = _(
            "Another program is holding the journal at %(where)s (%(reason)s), and it stayed busy for too long. "
            "Nothing was changed. Wait a moment, or close the other program (another 'glimmers serve', a database tool), "
            "then try again."
        )
    elif kind == "missing_folder":
        text = _(
            "The folder for the journal, %(folder)s, does not exist (was a disk unplugged?). Nothing was changed. "
            "Plug the disk in again, or point GLIMMERS_HOME or DATABASE_URL at a folder that exists."
        )
    elif kind == "unreachable":
        text = _(
            "The PostgreSQL database %(where)s could not be reached (%(reason)s). Nothing was changed. "
            "Check that the server is running and that DATABASE_URL names the right host, database and password."
        )
    elif kind == "disk_error":
        text = _(
            "The disk holding the journal at %(where)s reported an error while reading or writing (%(reason)s); "
            "it may be failing or was unplugged. Nothing was changed. Check the disk and keep your backups somewhere "
            "else, then try again."
        )
    else:
        text = _("The journal at %(where)s could not be used (%(reason)s). Nothing was changed.")
    return f"{text % values} {_(CRISIS_POINTER)}"


def database_problem(exc: BaseException) -> DatabaseProblem:
    """The one readable problem for any failure to open or write the journal."""
    if isinstance(exc, DatabaseProblem):
        return exc
    kind, reason = classify(exc)
    where = _where()
    kind = _refine(kind, where)
    return DatabaseProblem(_message(kind, where, reason), kind=kind)


def private_sqlite_files(database: dict | None = None) -> None:
    """Keep a SQLite journal readable by its owner alone, wherever it lives.

    SQLite creates a missing file with the umask's mode (often 0644) and gives
    its -wal and -shm files the main file's mode; so the file is created
    here first at 0600, and an existing one of ours that others can read is
    tightened. (A journal named by DATABASE_URL may lie outside the private
    data folder.)
    """
    from glimmers.paths import PRIVATE_FILE

    found_file = sqlite_file(database)
    if found_file is None:
        return
    main = str(found_file)
    try:
        descriptor = os.open(main, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), PRIVATE_FILE)
        os.close(descriptor)
    except OSError:
        pass  # it exists (tightened below), or SQLite will name the real problem
    for path in (main, main + "-wal", main + "-shm"):
        try:
            found = os.stat(path)
            if found.st_uid == os.geteuid() and found.st_mode & 0o077:
                os.chmod(path, PRIVATE_FILE)
        except OSError:
            continue


def open_journal(*, demo: bool = False) -> None:
    configure(demo=demo)
    private_sqlite_files()
    refuse_damaged()
    ensure_schema()

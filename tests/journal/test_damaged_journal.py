"""A way back from a damaged journal, and messages that name the real cause.

The damaged journals here are real: a journal made by glimmers, then part
of one page in the middle of the file overwritten (or its first bytes), as
a failing disk or an interrupted copy leaves it. Everything runs as a
person runs it, as processes (the ``journal`` fixture). Full and read-only
disks are small tmpfs mounts, which need root; those tests skip elsewhere.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

on_postgresql = os.environ.get("GLIMMERS_TEST_BACKEND", "sqlite") == "postgresql"
sqlite_files = pytest.mark.skipif(on_postgresql, reason="about a SQLite journal's own file; runs on the SQLite run")


# --- making damaged journals ----------------------------------------------------


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A journal glimmers made itself: 120 days of demo entries, check-ins spread over many pages."""
    home = tmp_path_factory.mktemp("pristine")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GLIMMERS_", "DATABASE_URL"))}
    env.update({"GLIMMERS_HOME": str(home), "GLIMMERS_TIMEZONE": "Europe/Berlin"})
    made = subprocess.run(
        [sys.executable, "-m", "glimmers", "demo", "--days", "120", "--no-serve"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert made.returncode == 0, made.stderr
    return home / "demo.sqlite3"


def own_journal(journal, pristine: Path) -> Path:
    """The journal fixture's home holding a copy of the pristine journal, on SQLite."""
    journal.env.pop("DATABASE_URL", None)
    journal.home.mkdir(parents=True, mode=0o700, exist_ok=True)
    path = journal.home / "glimmers.sqlite3"
    path.write_bytes(pristine.read_bytes())
    path.chmod(0o600)
    return path


def leaf_pages(path: Path, table: str) -> tuple[list[int], int]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        try:
            rows = connection.execute("SELECT pageno, pagetype FROM dbstat WHERE name = ? ORDER BY pageno", (table,)).fetchall()
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table to find a table's pages")
        size = connection.execute("PRAGMA page_size").fetchone()[0]
    return [page for page, kind in rows if kind == "leaf"], size


def damage_mid_file(path: Path, *, how: str = "garbage", table: str = "journal_checkin") -> int:
    """Overwrite one leaf page of ``table`` in the middle of the file; returns its number.

    "garbage" keeps the page's first bytes and scribbles over its cells (SQLite
    then reads some rows wrongly without an error); "zeros" blanks the whole page.
    """
    pages, size = leaf_pages(path, table)
    assert len(pages) >= 5, "the journal should spread this table over several pages"
    page = pages[len(pages) // 2]
    with path.open("r+b") as handle:
        if how == "zeros":
            handle.seek((page - 1) * size)
            handle.write(b"\x00" * size)
        else:
            handle.seek((page - 1) * size + 100)
            handle.write(b"\xde\xad\xbe\xef" * (size // 8))
    return page


def damage_header(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.write(b"this is no longer a database header" * 3)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(path: Path, table: str) -> set[tuple]:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return set(connection.execute(f"SELECT * FROM {table}").fetchall())


def aside_files(path: Path) -> list[Path]:
    """Damaged journals moved aside (without their -wal and -shm)."""
    return sorted(item for item in path.parent.glob(f"{path.name}.damaged-*") if not item.name.endswith(("-wal", "-shm")))


def one_line(result) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("glimmers:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- writes refuse a damaged journal --------------------------------------------


@sqlite_files
def test_checkin_refuses_a_journal_damaged_mid_file_and_writes_nothing(journal, pristine):
    path = own_journal(journal, pristine)
    damage_mid_file(path)
    before = digest(path)
    result = journal.run("checkin", "-n", "5", "--note", "a quiet evening")
    assert result.returncode == 5
    line = one_line(result)
    assert "damaged" in line and "glimmers doctor" in line and "glimmers restore FILE" in line
    assert "NOT saved" in line and "help-now" in line
    assert digest(path) == before  # not a byte written
    wal = Path(f"{path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    kept = list((journal.home / "unsaved").glob("words-*.txt"))
    assert len(kept) == 1 and "a quiet evening" in kept[0].read_text(encoding="utf-8")


@sqlite_files
def test_reading_commands_name_the_damage_too(journal, pristine):
    path = own_journal(journal, pristine)
    damage_mid_file(path)
    for command in (("list",), ("export",), ("backup", str(journal.home / "b.json.gz"))):
        result = journal.run(*command)
        assert result.returncode == 5, command
        assert "damaged" in one_line(result)


@sqlite_files
def test_help_now_works_beside_a_journal_damaged_mid_file(journal, pristine):
    path = own_journal(journal, pristine)
    damage_mid_file(path)
    before = digest(path)
    result = journal.run("help-now", "--country", "GB")
    assert result.returncode == 0 and "116 123" in result.stdout
    assert digest(path) == before


# --- doctor names the damage ------------------------------------------------------


@sqlite_files
def test_doctor_names_damage_in_the_middle_of_the_file(journal, pristine):
    path = own_journal(journal, pristine)
    page = damage_mid_file(path)
    before = digest(path)
    result = journal.run("doctor")
    assert result.returncode == 5, result.stdout + result.stderr
    integrity = next(line for line in result.stdout.splitlines() if "Integrity:" in line)
    assert "PROBLEM" in integrity and "damaged" in integrity and f"page {page}" in integrity
    assert "glimmers restore FILE" in integrity and "glimmers doctor --salvage" in integrity
    assert digest(path) == before  # doctor reads; it never writes
    assert aside_files(path) == [] and Path(f"{path}-wal").stat().st_size == 0
    report = json.loads(journal.run("doctor", "--json").stdout)
    assert report["exit_code"] == 5 and report["ok"] is False
    assert {check["name"]: check["status"] for check in report["checks"]}["integrity"] == "problem"


# --- restore over a damaged journal --------------------------------------------------


@sqlite_files
def test_restore_of_an_earlier_backup_keeps_the_damaged_file_aside(journal, pristine):
    path = own_journal(journal, pristine)
    backup = journal.home.parent / "earlier.json.gz"
    made = journal.run("backup", str(backup))
    assert made.returncode == 0, made.stderr
    damage_mid_file(path)
    damaged = digest(path)
    result = journal.run("restore", str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    [aside] = aside_files(path)
    assert aside.name.startswith("glimmers.sqlite3.damaged-20") and str(aside) in result.stdout
    assert "that file is the copy" in result.stdout
    assert digest(aside) == damaged  # moved, never changed
    assert rows(path, "journal_checkin") == rows(pristine, "journal_checkin")
    assert rows(path, "journal_glimmer") == rows(pristine, "journal_glimmer")
    assert journal.run("checkin", "-n", "3").returncode == 0
    assert journal.run("doctor").returncode == 0


@sqlite_files
def test_restore_moves_the_write_ahead_log_with_the_damaged_file(journal, pristine):
    path = own_journal(journal, pristine)
    backup = journal.home.parent / "earlier.json.gz"
    assert journal.run("backup", str(backup)).returncode == 0
    damage_mid_file(path)  # first: finding the page opens the file, which would fold a log in
    # A writer killed before it folded its log in: the -wal holds a committed change.
    code = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA wal_autocheckpoint=0')\n"
        "c.execute(\"UPDATE journal_glimmer SET text = 'only in the log' WHERE id = 1\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    wal = Path(f"{path}-wal")
    logged = wal.read_bytes()
    assert logged
    result = journal.run("restore", str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    [aside] = aside_files(path)
    assert Path(f"{aside}-wal").read_bytes() == logged  # the log went with its journal
    assert not wal.exists() or wal.stat().st_size == 0  # and never met the fresh one
    assert "only in the log" not in journal.run("export").stdout


@sqlite_files
def test_restore_over_a_file_that_is_not_a_database(journal, pristine):
    path = own_journal(journal, pristine)
    backup = journal.home.parent / "earlier.json.gz"
    assert journal.run("backup", str(backup)).returncode == 0
    damage_header(path)
    listed = journal.run("list")
    assert listed.returncode == 5 and "file is not a database" in one_line(listed)
    result = journal.run("restore", str(backup), input="y\n")
    assert result.returncode == 0, result.stderr
    assert "is damaged. Move it aside to" in result.stdout  # the question said what would happen
    [aside] = aside_files(path)
    assert aside.read_bytes().startswith(b"this is no longer a database header")
    assert len(rows(path, "journal_checkin")) == len(rows(pristine, "journal_checkin"))


@sqlite_files
def test_a_backup_that_fails_its_check_moves_nothing(journal, pristine):
    path = own_journal(journal, pristine)
    backup = journal.home.parent / "sealed.bin"
    journal.env["GLIMMERS_BACKUP_PASSPHRASE"] = "the right long passphrase"
    assert journal.run("backup", str(backup), "--encrypt").returncode == 0
    damage_header(path)
    before = digest(path)
    journal.env["GLIMMERS_BACKUP_PASSPHRASE"] = "a wrong passphrase"
    result = journal.run("restore", str(backup), "--yes")
    assert result.returncode == 4 and "passphrase" in one_line(result)
    assert aside_files(path) == [] and digest(path) == before


@sqlite_files
def test_a_program_holding_the_damaged_journal_stops_the_restore(journal, pristine):
    path = own_journal(journal, pristine)
    backup = journal.home.parent / "earlier.json.gz"
    assert journal.run("backup", str(backup)).returncode == 0
    damage_mid_file(path)
    holder = sqlite3.connect(path)
    try:
        holder.execute("SELECT count(*) FROM sqlite_master").fetchone()  # open and idle, as 'glimmers serve' between requests
        result = journal.run("restore", str(backup), "--yes")
    finally:
        holder.close()
    assert result.returncode == 5 and "Another program has the journal" in one_line(result)
    assert aside_files(path) == []
    assert not list(journal.home.glob("*.rebuilding-*"))


# --- salvage ---------------------------------------------------------------------------


@sqlite_files
@pytest.mark.parametrize("how", ["garbage", "zeros"])
def test_salvage_recovers_every_readable_row(journal, pristine, how):
    path = own_journal(journal, pristine)
    damage_mid_file(path, how=how)
    damaged = digest(path)
    result = journal.run("doctor", "--salvage", "--yes", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)["salvage"]
    [aside] = aside_files(path)
    assert report["moved_to"] == str(aside) and digest(aside) == damaged
    tables = {table["table"]: table for table in report["tables"]}
    original, salvaged = rows(pristine, "journal_checkin"), rows(path, "journal_checkin")
    checkins = tables["journal_checkin"]
    assert salvaged <= original  # every row copied is exactly as it was
    assert checkins["recovered"] == len(salvaged)
    assert checkins["recovered"] + checkins["lost"] == len(original)  # the indexes tell how many were there
    assert 0 < checkins["lost"] < 60  # one page's worth, not the rest of the table
    assert rows(path, "journal_glimmer") == rows(pristine, "journal_glimmer")  # other kinds are whole
    assert tables["journal_glimmer"]["lost"] == 0
    links = tables["journal_checkin_tags"]
    assert links["left_out"] > 0  # the tags of lost check-ins point nowhere: left out, and counted
    assert rows(path, "journal_checkin_tags") == {row for row in rows(pristine, "journal_checkin_tags") if row[1] in {c[0] for c in salvaged}}
    after = journal.run("doctor", "--json")
    assert after.returncode == 0 and json.loads(after.stdout)["ok"] is True
    # Numbers already given out (c12) are never given out again, not even a lost one's.
    assert rows(path, "sqlite_sequence") == rows(pristine, "sqlite_sequence")
    added = journal.run("checkin", "-n", "4", "--json")
    assert added.returncode == 0, added.stderr
    assert int(json.loads(added.stdout)["ref"][1:]) == max(row[0] for row in original) + 1


@sqlite_files
def test_salvage_in_words_per_kind_of_record(journal, pristine):
    path = own_journal(journal, pristine)
    damage_mid_file(path, how="zeros")
    result = journal.run("doctor", "--salvage", input="y\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Copy everything that can still be read into a fresh journal?" in out
    assert "The damaged journal was moved aside to" in out
    checkins = next(line for line in out.splitlines() if line.strip().startswith("check-ins:"))
    assert "recovered" in checkins and "lost" in checkins
    assert "glimmers: " in out and "left out because what they belonged to was lost" in out
    assert "glimmers backup FILE" in out
    assert len(aside_files(path)) == 1


@sqlite_files
def test_salvage_reads_past_damage_in_the_list_of_tables(journal, pristine):
    """A damaged line in sqlite_master makes SQLite refuse every table; salvage loses only that one."""
    path = own_journal(journal, pristine)
    data = path.read_bytes()
    at = data.index(b'CREATE TABLE "reconnect_planmark"')
    with path.open("r+b") as handle:
        handle.seek(at)
        handle.write(b"CRE@TE")
    listed = journal.run("list")
    assert listed.returncode == 5 and "damaged" in one_line(listed)
    result = journal.run("doctor", "--salvage", "--yes", "--json")
    assert result.returncode == 0, result.stderr
    tables = {table["table"]: table for table in json.loads(result.stdout)["salvage"]["tables"]}
    assert tables["reconnect_planmark"]["readable"] is False and tables["reconnect_planmark"]["lost"] is None
    assert rows(path, "journal_checkin") == rows(pristine, "journal_checkin")
    assert rows(path, "reconnect_planday") == rows(pristine, "reconnect_planday")
    words = journal.run("doctor")  # the fresh journal is sound; the lost kind is named in the salvage's words
    assert words.returncode == 0, words.stdout


@sqlite_files
def test_salvage_of_a_file_that_is_not_a_database_moves_nothing(journal, pristine):
    path = own_journal(journal, pristine)
    damage_header(path)
    before = digest(path)
    result = journal.run("doctor", "--salvage", "--yes")
    assert result.returncode == 5
    assert "Nothing could be read" in one_line(result) and "glimmers restore FILE" in one_line(result)
    assert digest(path) == before and aside_files(path) == []
    assert not list(journal.home.glob("*.rebuilding-*"))  # no half-built journal left


# --- messages name the real cause ------------------------------------------------------


@sqlite_files
def test_each_cause_has_its_own_words(tmp_path):
    """Real SQLite and OS errors, classified; only damage points to doctor and restore."""
    from glimmers import db

    def error(action) -> BaseException:
        try:
            action()
        except (sqlite3.Error, OSError) as caught:
            return caught
        raise AssertionError("no error")

    locked_file = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(locked_file, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    waiter = sqlite3.connect(locked_file, timeout=0)
    locked = error(lambda: waiter.execute("INSERT INTO t VALUES (1)"))
    holder.execute("ROLLBACK")

    small = sqlite3.connect(tmp_path / "small.sqlite3")
    small.execute("CREATE TABLE t (x)")
    small.execute("PRAGMA max_page_count = 3")
    full = error(lambda: small.executemany("INSERT INTO t VALUES (?)", [("x" * 3000,)] * 10))

    (tmp_path / "not.sqlite3").write_bytes(b"not a database, just words " * 200)
    not_a_database = error(lambda: sqlite3.connect(tmp_path / "not.sqlite3").execute("SELECT * FROM sqlite_master").fetchall())

    cases = {
        "locked": (locked, "Another program is holding the journal"),
        "full": (full, "is full"),
        "damaged": (not_a_database, "it is damaged (file is not a database)"),
        "read_only": (OSError(errno.EROFS, "Read-only file system"), "read-only"),
        "missing_folder": (OSError(errno.ENOENT, "No such file or directory"), "does not exist"),
    }
    for kind, (exc, words) in cases.items():
        problem = db.database_problem(exc)
        assert problem.kind == kind, (kind, problem.message)
        assert words in problem.message and problem.exit_code == 5
        assert "help-now" in problem.message
        mentions_the_way_back = "glimmers restore FILE" in problem.message and "glimmers doctor" in problem.message
        assert mentions_the_way_back == (kind == "damaged"), problem.message


def test_an_unreachable_postgresql_is_named(journal):
    journal.env["DATABASE_URL"] = "postgresql://glimmers@127.0.0.1:1/journal"
    result = journal.run("checkin", "-n", "5", "--note", "still here")
    assert result.returncode == 5
    line = one_line(result)
    assert "PostgreSQL database 127.0.0.1:1/journal could not be reached" in line and "NOT saved" in line
    assert "restore" not in line and "doctor" not in line


def test_a_missing_folder_is_named(journal, tmp_path):
    journal.env["DATABASE_URL"] = f"sqlite:///{tmp_path}/unplugged-disk/journal.sqlite3"
    result = journal.run("list")
    assert result.returncode == 5
    line = one_line(result)
    assert f"{tmp_path}/unplugged-disk, does not exist" in line
    assert "restore" not in line and "doctor" not in line


# --- full and read-only disks (small tmpfs mounts, as root) --------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB disk of its own; skipped where tmpfs cannot be mounted."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"tmpfs cannot be mounted here: {made.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        if subprocess.run(["umount", str(mount)], capture_output=True, check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def on_disk(journal, disk: Path):
    journal.env.pop("DATABASE_URL", None)
    journal.home = disk / "home"
    journal.env["GLIMMERS_HOME"] = str(journal.home)
    made = journal.run("checkin", "-n", "5")
    assert made.returncode == 0, made.stderr
    return journal


def fill(disk: Path) -> None:
    with (disk / "filler").open("wb") as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\x00" * 65536)
            handle.flush()


def remount_read_only(disk: Path) -> None:
    done = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("the tmpfs cannot be made read-only here")


@sqlite_files
def test_a_full_disk_is_named_and_the_words_are_kept_on_screen(journal, small_disk):
    on_disk(journal, small_disk)
    fill(small_disk)
    result = journal.run("checkin", "-n", "4", "--note", "tired but here")
    assert result.returncode == 5
    line = one_line(result)
    assert "is full" in line and "NOT saved" in line
    assert "restore" not in line and "doctor" not in line and "damaged" not in line
    assert "tired but here" in result.stderr  # no room to keep them in a file: shown instead


@sqlite_files
def test_backup_and_serve_on_a_full_disk_say_so_in_one_line(journal, small_disk):
    on_disk(journal, small_disk)
    fill(small_disk)
    backup = journal.run("backup", str(journal.home.parent.parent / "elsewhere.json.gz"))
    assert backup.returncode != 0 and "is full" in one_line(backup)
    serve = journal.run("serve", "--port", "0", "--no-browser", timeout=60)
    assert serve.returncode == 5 and "is full" in one_line(serve)
    doctor = journal.run("doctor")
    assert doctor.returncode == 1
    assert any("PROBLEM" in line and "Free space" in line for line in doctor.stdout.splitlines())


@sqlite_files
def test_a_read_only_disk_is_named(journal, small_disk):
    on_disk(journal, small_disk)
    remount_read_only(small_disk)
    result = journal.run("checkin", "-n", "4", "--note", "steady")
    assert result.returncode == 5
    line = one_line(result)
    assert "read-only" in line and "NOT saved" in line
    assert "restore" not in line and "doctor" not in line and "damaged" not in line
    serve = journal.run("serve", "--port", "0", "--no-browser", timeout=60)
    assert serve.returncode == 5 and "read-only" in one_line(serve)
    doctor = journal.run("doctor")
    assert doctor.returncode == 1 and "read-only disk" in doctor.stdout


@sqlite_files
def test_serve_with_a_data_folder_on_a_read_only_disk(journal, small_disk):
    remount_read_only(small_disk)
    journal.env.pop("DATABASE_URL", None)
    journal.env["GLIMMERS_HOME"] = str(small_disk / "new-home")
    result = journal.run("serve", "--port", "0", "--no-browser", timeout=60)
    assert result.returncode != 0 and result.returncode != 70
    assert "read-only" in one_line(result)

"""Files glimmers writes: readable by their owner alone, whole or not at all,
never written through a link, a pipe or a device another account planted."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from glimmers import paths

pytestmark = pytest.mark.django_db


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():
    """The usual 022 umask, under which open() makes files everyone can read."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def some_entries(glimmers, clock):
    assert glimmers("checkin", "--numbness", "6", "--note", "flat all day").code == 0
    assert glimmers("safety-plan", "set", "coping_alone", "a hot shower").code == 0


# Every command that writes a file the person names, with that file's name last.
WRITERS = {
    "export json": ("export", "--format", "json", "--out"),
    "export csv": ("export", "--format", "csv", "--out"),
    "export fhir": ("export", "--format", "fhir", "--out"),
    "backup": ("backup",),
    "report pdf": ("report", "--out"),
    "safety plan print": ("safety-plan", "print", "--out"),
    "calendar": ("calendar", "export"),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_every_written_file_is_private_from_the_start(writer, glimmers, some_entries, tmp_path, loose_umask):
    target = tmp_path / "out.file"
    result = glimmers(*WRITERS[writer], str(target))
    assert result.code == 0, result.err
    assert mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.file"]  # no temporary left behind


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_planted_link_is_never_followed_or_replaced(writer, glimmers, some_entries, tmp_path):
    victim = tmp_path / "someone-elses-file"
    victim.write_text("theirs")
    target = tmp_path / "out.file"
    target.symlink_to(victim)
    # The old fixed temporary name, planted as a link too: it must not be used.
    (tmp_path / "out.file.partial").symlink_to(victim)
    result = glimmers(*WRITERS[writer], str(target))
    assert result.code == 2 and "not a plain file" in result.err
    assert victim.read_text() == "theirs" and target.is_symlink()


def test_the_temporary_file_never_follows_a_link_planted_under_its_name(glimmers, some_entries, tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("theirs")
    (tmp_path / "journal.json.partial").symlink_to(victim)
    assert glimmers("export", "--out", str(tmp_path / "journal.json")).code == 0
    assert victim.read_text() == "theirs"
    assert mode(tmp_path / "journal.json") == 0o600


@pytest.mark.parametrize("writer", ["backup", "safety plan print", "export json"])
def test_pipes_and_devices_are_never_replaced(writer, glimmers, some_entries, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = glimmers(*WRITERS[writer], str(fifo))
    assert result.code == 2 and "not a plain file" in result.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    device = Path("/dev/full")
    if device.exists():
        result = glimmers(*WRITERS[writer], str(device))
        assert result.code == 2 and "not a plain file" in result.err
        assert stat.S_ISCHR(os.lstat(device).st_mode)  # as root this once became a regular file


def test_a_dash_writes_to_standard_output(glimmers, some_entries):
    result = glimmers("export", "--out", "-")
    assert result.code == 0 and result.out.startswith("{") and "flat all day" in result.out


def test_a_backup_to_standard_output_is_the_backup_alone(journal):
    import gzip
    import subprocess
    import sys

    assert journal.run("checkin", "--numbness", "2", "--note", "quiet").returncode == 0
    done = subprocess.run([sys.executable, "-m", "glimmers", "backup", "-"], env=journal.env, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert b"quiet" in gzip.decompress(done.stdout)  # no message mixed into the bytes


def test_safe_write_replaces_a_regular_file_whole_and_keeps_nothing_half_written(tmp_path, monkeypatch):
    target = tmp_path / "file"
    target.write_bytes(b"old")
    target.chmod(0o644)
    paths.safe_write(target, b"new")
    assert target.read_bytes() == b"new" and mode(target) == 0o600

    def disk_full(*_arguments):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        paths.safe_write(target, b"never")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_a_full_disk_is_named_as_such(glimmers, some_entries, tmp_path, monkeypatch):
    def disk_full(*_arguments):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    result = glimmers("backup", str(tmp_path / "b.json.gz"))
    assert result.code == 74
    assert result.err.count("\n") == 1 and "the disk is full" in result.err and "Nothing was written" in result.err
    assert not list(tmp_path.iterdir())


def test_a_sqlite_journal_named_by_database_url_is_private(tmp_path, journal, loose_umask):
    """Outside the private data folder too, where the folder's mode protects nothing."""
    if "DATABASE_URL" in journal.env:
        pytest.skip("a SQLite journal only")
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir(mode=0o755)
    database = elsewhere / "journal.sqlite3"
    env = journal.env | {"DATABASE_URL": f"sqlite:///{database}"}
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "glimmers", "checkin", "--numbness", "3"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for path in elsewhere.iterdir():
        assert mode(path) & 0o077 == 0, path
    # An older journal that others could read is tightened when it is next opened.
    database.chmod(0o644)
    subprocess.run([sys.executable, "-m", "glimmers", "list"], env=env, capture_output=True, check=True)
    assert mode(database) == 0o600


def test_an_existing_shared_folder_named_as_home_keeps_its_mode(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    monkeypatch.setenv("GLIMMERS_HOME", str(shared))
    assert paths.ensure_home() == shared
    assert mode(shared) == 0o755  # not changed behind the person's back
    fresh = tmp_path / "new" / "home"
    monkeypatch.setenv("GLIMMERS_HOME", str(fresh))
    paths.ensure_home()
    assert mode(fresh) == 0o700

"""Hostile and damaged files at the terminal: `glimmers import` and `glimmers
restore` answer each with one readable line and a non-zero exit, and leave
the journal exactly as it was (no safety copy, no half-written import)."""

from __future__ import annotations

import gzip
import json
import os
import zlib
from pathlib import Path

import pytest

from glimmers.core.transfer import backup_file
from glimmers.core import input_limits
from glimmers.core.transfer.backup_file import MAGIC_V1, PREFIX_V2
from glimmers.core.transfer.formats.glimmers_csv import COLUMNS

pytestmark = pytest.mark.django_db
PASSPHRASE = "a long passphrase"


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv("GLIMMERS_HOME", str(folder))
    return folder


@pytest.fixture
def filled(glimmers, clock, home):
    glimmers("checkin", "-n", "7", "-t", "meeting", "--note", "flat today")
    glimmers("glimmer", "warm tea", "--after", "a call")
    glimmers("day", "--sleep", "6.5")
    return glimmers


@pytest.fixture
def quick_kdf(monkeypatch):
    monkeypatch.setattr(backup_file, "SCRYPT_LOG2_N", 10)  # stored in each file's header
    monkeypatch.setenv("GLIMMERS_BACKUP_PASSPHRASE", PASSPHRASE)


def snapshot() -> bytes:
    from glimmers import transfer

    return transfer.export_bytes("json")


def refused(run, *args, message: str, code: int = 4) -> None:
    """Run a command that must fail; check its one line, its exit code, and that nothing changed."""
    before = snapshot()
    result = run(*args)
    assert result.code == code, result
    assert message in result.err, result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert "went wrong inside glimmers" not in result.err
    assert snapshot() == before


def no_safety_copy(home: Path) -> bool:
    return not (home / "backups").exists() or not any((home / "backups").iterdir())


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def deep_json(depth: int = 100_000) -> bytes:
    return b'{"format": "glimmers", "version": 3, "checkins": ' + b"[" * depth + b"]" * depth + b"}"


SURROGATE_JSON = (
    b'{"format": "glimmers", "version": 3, "checkins": [{"uid": "0123456789abcdef0123456789abcdef", '
    b'"occurred_at": "2026-11-12T09:00:00.000000Z", "timezone": "Europe/Berlin", "note": "x\\ud800"}]}'
)


def csv_export(rows: int, note: str = "fine") -> bytes:
    lines = [",".join(COLUMNS)]
    for number in range(rows):
        cells = dict.fromkeys(COLUMNS, "")
        cells.update(record="checkin", uid=f"{number + 1:032x}", occurred_at="2026-11-12T09:00:00.000000Z")
        cells.update(timezone="Europe/Berlin", numbness="5", note=note, source="glimmers")
        lines.append(",".join(cells[column] for column in COLUMNS))
    return ("\r\n".join(lines) + "\r\n").encode()


# --- import ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [(), ("--from", "glimmers"), ("--from", "jrnl")])
def test_import_of_deeply_nested_json(filled, tmp_path, source):
    path = write(tmp_path / "deep.json", deep_json())
    refused(filled, "import", path, *source, message="nests more than 32 levels deep")


def test_import_of_a_lone_surrogate(filled, tmp_path):
    path = write(tmp_path / "surrogate.json", SURROGATE_JSON)
    refused(filled, "import", path, message="checkins[0].note holds a broken character")


def test_import_of_bytes_that_are_not_utf8(filled, tmp_path):
    data = csv_export(2)
    at = data.rindex(b"fine")
    path = write(tmp_path / "latin1.csv", data[:at] + b"caf\xe9" + data[at + 4 :])
    refused(filled, "import", path, message=f"Line 3: The file is not valid UTF-8 text at byte {at + 3}")


def test_import_of_too_many_rows(filled, tmp_path, monkeypatch):
    monkeypatch.setattr(input_limits, "MAX_RECORDS", 2)
    path = write(tmp_path / "many.csv", csv_export(3))
    refused(filled, "import", path, message="holds more than 2 records")


def test_import_of_an_over_long_csv_cell(filled, tmp_path):
    path = write(tmp_path / "long.csv", csv_export(1, note="x" * 200_000))
    refused(filled, "import", path, message="Line 2: A cell here is longer than 131,072 characters")


def test_import_of_a_file_over_the_size_limit(filled, tmp_path, monkeypatch):
    monkeypatch.setattr(input_limits, "MAX_FILE_BYTES", 1000)
    path = write(tmp_path / "big.csv", csv_export(20))
    refused(filled, "import", path, message="The file is larger than 1,000 bytes")
    if Path("/dev/zero").exists():
        refused(filled, "import", "/dev/zero", message="The file is larger than 1,000 bytes")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_import_of_a_file_without_permission(filled, tmp_path):
    path = tmp_path / "private.csv"
    path.write_bytes(csv_export(1))
    path.chmod(0)
    refused(filled, "import", str(path), message="not allowed to read")


def test_an_import_within_the_limits_still_works(filled, tmp_path):
    result = filled("import", write(tmp_path / "fine.csv", csv_export(3)))
    assert result.code == 0 and "Added 3 check-ins" in result.out


# --- restore --------------------------------------------------------------------------------------


def gzip_of_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1024 * 1024)
    parts = [packer.compress(chunk[: min(len(chunk), size - start)]) for start in range(0, size, len(chunk))]
    return b"".join([*parts, packer.flush()])


def test_restore_of_a_gzip_bomb(filled, tmp_path, home, monkeypatch):
    monkeypatch.setattr(input_limits, "MAX_EXPANDED_BYTES", 1024 * 1024)
    path = write(tmp_path / "bomb.json.gz", gzip_of_zeros(100 * 1024 * 1024))
    refused(filled, "restore", path, "--yes", message="The backup unpacks to more than 1 MB")
    assert no_safety_copy(home)


def test_restore_of_a_cut_encrypted_backup(filled, tmp_path, home, quick_kdf):
    whole = tmp_path / "whole.bin"
    assert filled("backup", str(whole), "--encrypt").code == 0
    data = whole.read_bytes()
    for cut in (5, len(backup_file.MAGIC_V2), 40, PREFIX_V2 - 1, PREFIX_V2, PREFIX_V2 + 8, len(data) - 1):
        path = write(tmp_path / f"cut-{cut}.bin", data[:cut])
        refused(filled, "restore", path, "--yes", message="The backup file is damaged or cut short.")
    assert no_safety_copy(home)


def test_restore_with_a_wrong_passphrase_or_a_changed_header(filled, tmp_path, home, quick_kdf, monkeypatch):
    path = tmp_path / "backup.bin"
    filled("backup", str(path), "--encrypt")
    data = path.read_bytes()
    monkeypatch.setenv("GLIMMERS_BACKUP_PASSPHRASE", "not the passphrase")
    refused(filled, "restore", str(path), "--yes", message="The passphrase is wrong")
    monkeypatch.setenv("GLIMMERS_BACKUP_PASSPHRASE", PASSPHRASE)
    log2_n_at = len(backup_file.MAGIC_V2) + 1
    for value, message in ((11, "The passphrase is wrong (or the backup's header was changed)"), (40, "beyond what glimmers allows")):
        changed = data[:log2_n_at] + bytes([value]) + data[log2_n_at + 1 :]
        refused(filled, "restore", write(tmp_path / f"changed-{value}.bin", changed), "--yes", message=message)
    assert no_safety_copy(home)


def test_restore_of_a_format_2_backup(filled, tmp_path, quick_kdf):
    path = tmp_path / "backup.bin"
    filled("backup", str(path), "--encrypt")
    assert path.read_bytes().startswith(b"GLIMMERS-BACKUP-2\n")
    filled("checkin", "-n", "1", "--note", "added after the backup")
    result = filled("restore", str(path), "--yes")
    assert result.code == 0 and "Restored 1 check-ins, 1 glimmers, 1 days" in result.out


def test_restore_of_a_format_1_backup(filled, tmp_path, monkeypatch):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    export = snapshot()
    salt, nonce = os.urandom(16), os.urandom(12)
    key = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(PASSPHRASE.encode())
    old = MAGIC_V1 + salt + nonce + AESGCM(key).encrypt(nonce, gzip.compress(export, mtime=0), MAGIC_V1)
    path = write(tmp_path / "old-backup.bin", old)
    filled("checkin", "-n", "1", "--note", "added after the backup")
    monkeypatch.setenv("GLIMMERS_BACKUP_PASSPHRASE", PASSPHRASE)
    result = filled("restore", path, "--yes")
    assert result.code == 0 and "Restored 1 check-ins, 1 glimmers, 1 days" in result.out
    assert snapshot() == export


@pytest.mark.parametrize(
    "data, message",
    [
        (deep_json(), "nests more than 32 levels deep"),
        (gzip.compress(deep_json()), "nests more than 32 levels deep"),
        (SURROGATE_JSON, "checkins[0].note holds a broken character"),
        (b'{"format": "glimmers", "version": 3, "checkins": [], "note": "caf\xe9"}', "not valid UTF-8 text at byte 65"),
    ],
)
def test_restore_of_a_hostile_backup(filled, tmp_path, home, data, message):
    refused(filled, "restore", write(tmp_path / "hostile.json", data), "--yes", message=message)
    assert no_safety_copy(home)


def test_restore_of_a_file_over_the_size_limit(filled, tmp_path, home, monkeypatch):
    path = tmp_path / "backup.json.gz"
    filled("backup", str(path))
    monkeypatch.setattr(input_limits, "MAX_FILE_BYTES", path.stat().st_size - 1)
    refused(filled, "restore", str(path), "--yes", message="The file is larger than")
    assert no_safety_copy(home)


def test_restore_of_an_export_still_works(filled, tmp_path):
    export = snapshot()
    path = write(tmp_path / "export.json", export)
    filled("checkin", "-n", "2")
    assert filled("restore", path, "--yes").code == 0
    assert json.loads(snapshot()) == json.loads(export)

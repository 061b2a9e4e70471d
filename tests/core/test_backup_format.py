"""The backup file format: version 2 with its parameters in an authenticated
header, version 1 still readable, and every damaged, cut or hostile file
refused in one sentence before it can cost much time or memory."""

import gzip
import os
import struct
import tracemalloc
import zlib

import pytest

from glimmers.core.transfer import backup_file
from glimmers.core import input_limits
from glimmers.core.transfer.backup_file import HEADER, MAGIC_V1, MAGIC_V2, PREFIX_V2
from glimmers.core.errors import ImportProblem, InvalidInput

PASSPHRASE = "correct horse battery"
PAYLOAD = b'{"format": "glimmers", "version": 3, "note": "private words"}'


@pytest.fixture
def quick_kdf(monkeypatch):
    """Seal with scrypt N=2**10 so a test can open many files; the header records it."""
    monkeypatch.setattr(backup_file, "SCRYPT_LOG2_N", 10)


@pytest.fixture
def no_kdf(monkeypatch):
    """Fail the test if scrypt runs: cut and impossible files must be refused before it."""

    def refuse(*args, **kwargs):
        raise AssertionError("the key derivation ran")

    monkeypatch.setattr(backup_file, "_scrypt", refuse)


def header_fields(sealed: bytes) -> dict:
    names = ("kdf", "log2_n", "r", "p", "salt", "nonce", "length", "check")
    return dict(zip(names, HEADER.unpack_from(sealed, len(MAGIC_V2)), strict=True))


def with_field(sealed: bytes, **changes) -> bytes:
    fields = header_fields(sealed) | changes
    return MAGIC_V2 + HEADER.pack(*fields.values()) + sealed[PREFIX_V2:]


def v1_backup(payload: bytes, passphrase: str) -> bytes:
    """A backup as glimmers wrote it before format 2, built by the old code's layout."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    salt, nonce = os.urandom(16), os.urandom(12)
    key = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))
    return MAGIC_V1 + salt + nonce + AESGCM(key).encrypt(nonce, gzip.compress(payload, mtime=0), MAGIC_V1)


def gzip_of_zeros(size: int) -> bytes:
    """gzip of ``size`` zero bytes, made a mebibyte at a time (never holding ``size`` bytes)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1024 * 1024)
    parts = []
    for start in range(0, size, len(chunk)):
        parts.append(packer.compress(chunk[: min(len(chunk), size - start)]))
    parts.append(packer.flush())
    return b"".join(parts)


# --- format 2 ---------------------------------------------------------------------------


def test_format_2_round_trip_with_the_real_parameters():
    sealed = backup_file.seal(PAYLOAD, PASSPHRASE)
    assert sealed.startswith(MAGIC_V2) and b"private" not in sealed
    assert backup_file.is_encrypted(sealed)
    fields = header_fields(sealed)
    assert (fields["kdf"], fields["log2_n"], fields["r"], fields["p"]) == (backup_file.KDF_SCRYPT, 17, 8, 1)
    assert fields["length"] == len(sealed) - PREFIX_V2
    assert backup_file.unseal(sealed, PASSPHRASE) == PAYLOAD


def test_format_2_writes_a_fresh_salt_and_nonce_each_time(quick_kdf):
    first, second = backup_file.seal(PAYLOAD, PASSPHRASE), backup_file.seal(PAYLOAD, PASSPHRASE)
    assert header_fields(first)["salt"] != header_fields(second)["salt"]
    assert header_fields(first)["nonce"] != header_fields(second)["nonce"]


def test_the_header_parameters_are_the_ones_used(quick_kdf):
    sealed = backup_file.seal(PAYLOAD, PASSPHRASE)
    assert header_fields(sealed)["log2_n"] == 10
    assert backup_file.unseal(sealed, PASSPHRASE) == PAYLOAD  # read from the file, not the code's constants


def test_a_wrong_passphrase_is_named(quick_kdf):
    sealed = backup_file.seal(PAYLOAD, PASSPHRASE)
    with pytest.raises(ImportProblem, match="The passphrase is wrong"):
        backup_file.unseal(sealed, "wrong horse battery")
    with pytest.raises(ImportProblem, match="encrypted; give its passphrase"):
        backup_file.unseal(sealed)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"log2_n": 11}, "passphrase is wrong \\(or the backup's header was changed\\)"),
        ({"r": 4}, "passphrase is wrong \\(or the backup's header was changed\\)"),
        ({"p": 2}, "passphrase is wrong \\(or the backup's header was changed\\)"),
        ({"salt": bytes(16)}, "passphrase is wrong \\(or the backup's header was changed\\)"),
        ({"check": bytes(16)}, "passphrase is wrong \\(or the backup's header was changed\\)"),
        ({"nonce": bytes(12)}, "damaged: its content changed"),
        ({"kdf": 2}, "derived in a way this version of glimmers does not know"),
        ({"log2_n": 40}, "beyond what glimmers allows"),
        ({"log2_n": 0}, "beyond what glimmers allows"),
        ({"r": 0}, "beyond what glimmers allows"),
        ({"r": 65535}, "beyond what glimmers allows"),
        ({"p": 65535}, "beyond what glimmers allows"),
        ({"length": 3}, "impossible length"),
        ({"length": 2**63}, "impossible length"),
    ],
)
def test_a_changed_header_is_refused(quick_kdf, change, message):
    sealed = backup_file.seal(PAYLOAD, PASSPHRASE)
    with pytest.raises(ImportProblem, match=message):
        backup_file.unseal(with_field(sealed, **change), PASSPHRASE)


def test_a_changed_length_is_a_cut_or_damaged_file(quick_kdf):
    sealed = backup_file.seal(PAYLOAD, PASSPHRASE)
    length = header_fields(sealed)["length"]
    with pytest.raises(ImportProblem, match="damaged or cut short"):
        backup_file.unseal(with_field(sealed, length=length + 1), PASSPHRASE)
    with pytest.raises(ImportProblem, match="extra bytes after its end"):
        backup_file.unseal(with_field(sealed, length=length - 1), PASSPHRASE)


def test_changed_content_is_detected(quick_kdf):
    sealed = backup_file.seal(PAYLOAD, PASSPHRASE)
    for position in (PREFIX_V2, PREFIX_V2 + 10, len(sealed) - 1):
        tampered = bytearray(sealed)
        tampered[position] ^= 1
        with pytest.raises(ImportProblem, match="damaged: its content changed"):
            backup_file.unseal(bytes(tampered), PASSPHRASE)


def test_parameters_beyond_the_bounds_are_refused_before_any_work(quick_kdf, monkeypatch):
    sealed = backup_file.seal(PAYLOAD, PASSPHRASE)

    def refuse(*args, **kwargs):
        raise AssertionError("the key derivation ran")

    monkeypatch.setattr(backup_file, "_scrypt", refuse)
    # N=2**30 with r=8 would need 1 TiB; N=2**18, r=8, p=4 takes 8 times the work glimmers asks for.
    for change in ({"log2_n": 30}, {"log2_n": 18, "p": 4}, {"log2_n": 23, "r": 1}):
        with pytest.raises(ImportProblem, match="scrypt N=2\\^"):
            backup_file.unseal(with_field(sealed, **change), PASSPHRASE)


def test_the_bounds_allow_what_glimmers_writes_and_some_room():
    n, r, p = 2**backup_file.SCRYPT_LOG2_N, backup_file.SCRYPT_R, backup_file.SCRYPT_P
    assert 128 * r * n == 128 * 1024 * 1024
    assert 128 * r * n * 4 <= backup_file.MAX_KDF_MEMORY
    assert n * r * p * 4 <= backup_file.MAX_KDF_WORK


def test_a_cut_file_is_named_at_every_offset_of_the_header_and_in_the_body(quick_kdf, monkeypatch):
    sealed = backup_file.seal(PAYLOAD, PASSPHRASE)

    def refuse(*args, **kwargs):
        raise AssertionError("the key derivation ran")

    monkeypatch.setattr(backup_file, "_scrypt", refuse)
    offsets = list(range(1, PREFIX_V2 + 1)) + [PREFIX_V2 + 1, PREFIX_V2 + 15, len(sealed) // 2, len(sealed) - 1]
    for cut in offsets:
        with pytest.raises(ImportProblem, match="The backup file is damaged or cut short.") as caught:
            backup_file.unseal(sealed[:cut], PASSPHRASE)
        assert "\n" not in caught.value.message, cut
    # without a passphrase the cut is named too, rather than asking for one
    with pytest.raises(ImportProblem, match="damaged or cut short"):
        backup_file.unseal(sealed[:-1])


def test_a_backup_from_a_newer_version_is_named():
    with pytest.raises(ImportProblem, match="newer version of glimmers"):
        backup_file.unseal(b"GLIMMERS-BACKUP-3\n" + bytes(100), PASSPHRASE)


# --- format 1 still restores --------------------------------------------------------------


def test_a_format_1_backup_still_opens():
    old = v1_backup(PAYLOAD, PASSPHRASE)
    assert backup_file.is_encrypted(old)
    assert backup_file.unseal(old, PASSPHRASE) == PAYLOAD
    with pytest.raises(ImportProblem, match="passphrase is wrong, or the backup file is damaged"):
        backup_file.unseal(old, "wrong horse battery")
    with pytest.raises(ImportProblem, match="encrypted; give its passphrase"):
        backup_file.unseal(old)


def test_a_cut_format_1_backup_is_named(monkeypatch):
    old = v1_backup(PAYLOAD, PASSPHRASE)

    def refuse(*args, **kwargs):
        raise AssertionError("the key derivation ran")

    monkeypatch.setattr(backup_file, "_scrypt", refuse)
    for cut in range(1, backup_file.V1_PREFIX + backup_file.TAG_BYTES):
        with pytest.raises(ImportProblem, match="damaged or cut short"):
            backup_file.unseal(old[:cut], PASSPHRASE)


def test_new_backups_are_format_2():
    assert backup_file.MAGIC == MAGIC_V2


# --- decompression ------------------------------------------------------------------------


def test_plain_backups_round_trip():
    assert backup_file.unseal(backup_file.seal(PAYLOAD)) == PAYLOAD
    assert backup_file.unseal(PAYLOAD) == PAYLOAD  # a plain export is accepted too


def test_a_gzip_bomb_stops_at_the_limit_without_holding_its_size(monkeypatch):
    monkeypatch.setattr(input_limits, "MAX_EXPANDED_BYTES", 4 * 1024 * 1024)
    bomb = gzip_of_zeros(200 * 1024 * 1024)  # 200 MiB of zeros in about 200 KB
    assert len(bomb) < 300 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ImportProblem, match="unpacks to more than 4 MB"):
            backup_file.unseal(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024  # the limit and one piece of input, not 200 MiB


def test_the_expansion_limit_is_exact(monkeypatch):
    monkeypatch.setattr(input_limits, "MAX_EXPANDED_BYTES", 1000)
    assert backup_file.unseal(gzip.compress(b"x" * 1000)) == b"x" * 1000
    with pytest.raises(ImportProblem, match="unpacks to more than 1,000 bytes"):
        backup_file.unseal(gzip.compress(b"x" * 1001))


def test_a_bomb_at_the_real_limit_is_refused():
    bomb = gzip_of_zeros(input_limits.MAX_EXPANDED_BYTES + 1)
    with pytest.raises(ImportProblem, match="unpacks to more than 128 MB"):
        backup_file.unseal(bomb)


def test_an_encrypted_bomb_is_refused_too(quick_kdf, monkeypatch):
    monkeypatch.setattr(input_limits, "MAX_EXPANDED_BYTES", 1024 * 1024)
    monkeypatch.setattr(backup_file.gzip, "compress", lambda data, mtime=0: gzip_of_zeros(50 * 1024 * 1024))
    sealed = backup_file.seal(b"ignored", PASSPHRASE)
    with pytest.raises(ImportProblem, match="unpacks to more than 1 MB"):
        backup_file.unseal(sealed, PASSPHRASE)


def test_gzip_members_in_a_row_and_zero_padding_are_read_as_gzip_does():
    data = gzip.compress(b"one ") + gzip.compress(b"two") + bytes(5)
    assert backup_file.unseal(data) == gzip.decompress(data) == b"one two"


@pytest.mark.parametrize(
    "damage",
    [
        lambda packed: packed[:-1],  # trailer cut
        lambda packed: packed[:12],  # inside the first block
        lambda packed: packed[:-8] + struct.pack("<I", 0) + packed[-4:],  # wrong CRC
        lambda packed: packed + b"trailing words",
    ],
)
def test_damaged_gzip_is_named(damage):
    packed = gzip.compress(b"x" * 5000)
    with pytest.raises(ImportProblem, match="damaged or cut short"):
        backup_file.unseal(damage(packed))


def test_a_passphrase_that_is_not_utf8_is_refused_in_words(quick_kdf):
    # what os.environ holds for the bytes b"abc\xffdefghij" (surrogateescape)
    unreadable = b"abc\xffdefghij".decode("utf-8", "surrogateescape")
    with pytest.raises(InvalidInput, match="passphrase is not readable text"):
        backup_file.seal(PAYLOAD, unreadable)
    sealed = backup_file.seal(PAYLOAD, PASSPHRASE)
    with pytest.raises(InvalidInput, match="passphrase is not readable text"):
        backup_file.unseal(sealed, unreadable)

"""The backup file: a glimmers JSON export, gzip-compressed, optionally encrypted.

A plain backup is the export compressed with gzip. An encrypted backup
(format 2, written since this version) is::

    MAGIC_V2                 b"GLIMMERS-BACKUP-2\\n" (18 bytes)
    header (58 bytes, big-endian, struct ">BBHH16s12sQ16s"):
      kdf        1 byte    1 = scrypt (the only one so far)
      log2_n     1 byte    scrypt's N is 2 ** log2_n (17 when written)
      r          2 bytes   scrypt's block size (8)
      p          2 bytes   scrypt's parallelism (1)
      salt       16 bytes  random for each backup
      nonce      12 bytes  random for each backup
      length     8 bytes   length of the ciphertext that follows, tag included
      check      16 bytes  passphrase check (see below)
    ciphertext               AES-256-GCM of the gzip, 16-byte tag at its end

The magic and the header together are the AES-GCM associated data, so a
change to any parameter, to the length or to the check is detected. scrypt
turns the passphrase and salt into a 32-byte master secret; HMAC-SHA256 of
the master under two fixed labels gives the AES key and the check. The check
tells a wrong passphrase apart from a damaged file (it costs an attacker
nothing: the scrypt run dominates either way). The stored length tells a
file cut short apart from a damaged one without any passphrase.

Parameters are read from the file but bounded (MAX_KDF_MEMORY,
MAX_KDF_WORK), so a file cannot make glimmers allocate gigabytes or work
for minutes. scrypt is used rather than Argon2id because Argon2id needs
cryptography 44 or later and glimmers supports 42.

Format 1 backups (``GLIMMERS-BACKUP-AESGCM-1\\n`` | salt 16 | nonce 12 |
ciphertext, scrypt N=2**15, r=8, p=1 fixed in the code, the magic as
associated data) still restore; they are no longer written.

Decompression is bounded too (see :mod:`glimmers.core.input_limits`).
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import os
import struct
from dataclasses import dataclass

from glimmers.core import input_limits
from glimmers.core.errors import ImportProblem, InvalidInput
from glimmers.core.i18n import _

MIN_PASSPHRASE = 8

MAGIC_FAMILY = b"GLIMMERS-BACKUP-"
MAGIC_V1 = b"GLIMMERS-BACKUP-AESGCM-1\n"
MAGIC_V2 = b"GLIMMERS-BACKUP-2\n"
MAGIC = MAGIC_V2  # what encrypted backups are written with

V1_SCRYPT_N, V1_SCRYPT_R, V1_SCRYPT_P = 2**15, 8, 1
V1_PREFIX = len(MAGIC_V1) + 16 + 12

KDF_SCRYPT = 1
KDF_NAMES = {KDF_SCRYPT: "scrypt"}
# What new backups use: 128 * r * N = 128 MiB of memory, a third of a second here
# (bench/input_limits_yardstick.py).
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 17, 8, 1

# The most a backup's own parameters may ask for. scrypt needs 128 * r * N
# bytes: four times what glimmers writes is allowed, so a later version may
# strengthen its backups, but a file cannot ask for 64 GiB.
MAX_KDF_MEMORY = 512 * 1024 * 1024
# scrypt's time grows with N * r * p: at most four times what glimmers
# writes (2**20), a second or two.
MAX_KDF_WORK = 2**22

HEADER = struct.Struct(">BBHH16s12sQ16s")
PREFIX_V2 = len(MAGIC_V2) + HEADER.size
TAG_BYTES = 16
_KEY_LABEL = b"glimmers backup 2: AES-256-GCM key"
_CHECK_LABEL = b"glimmers backup 2: passphrase check"


@dataclass(frozen=True)
class Header:
    kdf: int
    log2_n: int
    r: int
    p: int
    salt: bytes
    nonce: bytes
    length: int
    check: bytes

    def pack(self) -> bytes:
        return MAGIC_V2 + HEADER.pack(
            self.kdf, self.log2_n, self.r, self.p, self.salt, self.nonce, self.length, self.check
        )


def passphrase_bytes(passphrase: str) -> bytes:
    """The passphrase as UTF-8; bytes that were not UTF-8 (in the environment, say) are refused."""
    try:
        return passphrase.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(
            _("The passphrase is not readable text: part of it is not UTF-8. Type it again."), field="passphrase"
        ) from None


def _scrypt(passphrase: str, salt: bytes, *, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase_bytes(passphrase))


def _key_and_check(master: bytes) -> tuple[bytes, bytes]:
    key = hmac.new(master, _KEY_LABEL, hashlib.sha256).digest()
    check = hmac.new(master, _CHECK_LABEL, hashlib.sha256).digest()[:16]
    return key, check


def _cut_short() -> ImportProblem:
    return ImportProblem(_("The backup file is damaged or cut short."))


# --- writing -------------------------------------------------------------------------


def seal(export_json: bytes, passphrase: str | None = None) -> bytes:
    packed = gzip.compress(export_json, mtime=0)
    if passphrase is None:
        return packed
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput(
            _("A backup passphrase needs at least %(n)s characters.") % {"n": MIN_PASSPHRASE}, field="passphrase"
        )
    passphrase_bytes(passphrase)  # refused before any work
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(12)
    key, check = _key_and_check(_scrypt(passphrase, salt, n=2**SCRYPT_LOG2_N, r=SCRYPT_R, p=SCRYPT_P))
    header = Header(KDF_SCRYPT, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, salt, nonce, len(packed) + TAG_BYTES, check)
    associated = header.pack()
    return associated + AESGCM(key).encrypt(nonce, packed, associated)


# --- reading -------------------------------------------------------------------------


def is_encrypted(data: bytes) -> bool:
    return data.startswith((MAGIC_V1, MAGIC_V2))


def read_header(data: bytes) -> Header:
    """The checked header of a format 2 backup; refuses a cut file and parameters beyond the bounds."""
    if len(data) < PREFIX_V2:
        raise _cut_short()
    header = Header(*HEADER.unpack_from(data, len(MAGIC_V2)))
    if header.kdf not in KDF_NAMES:
        raise ImportProblem(
            _(
                "This backup's key is derived in a way this version of glimmers does not know (number %(kdf)s); "
                "it may come from a newer glimmers, or be damaged."
            )
            % {"kdf": header.kdf}
        )
    n = 2**header.log2_n
    if not (
        1 <= header.log2_n <= 62
        and header.r >= 1
        and header.p >= 1
        and 128 * header.r * n <= MAX_KDF_MEMORY
        and n * header.r * header.p <= MAX_KDF_WORK
    ):
        raise ImportProblem(
            _(
                "This backup asks for key settings (scrypt N=2^%(log2_n)s, r=%(r)s, p=%(p)s) beyond what glimmers "
                "allows; it is damaged or was not made by glimmers."
            )
            % {"log2_n": header.log2_n, "r": header.r, "p": header.p}
        )
    body = len(data) - PREFIX_V2
    if header.length < TAG_BYTES or header.length > input_limits.MAX_FILE_BYTES:
        raise ImportProblem(_("The backup file is damaged: its header gives an impossible length."))
    if body < header.length:
        raise _cut_short()
    if body > header.length:
        raise ImportProblem(_("The backup file is damaged: it has extra bytes after its end."))
    return header


def _open_v2(data: bytes, header: Header, passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    master = _scrypt(passphrase, header.salt, n=2**header.log2_n, r=header.r, p=header.p)
    key, check = _key_and_check(master)
    if not hmac.compare_digest(check, header.check):
        raise ImportProblem(_("The passphrase is wrong (or the backup's header was changed)."))
    try:
        return AESGCM(key).decrypt(header.nonce, data[PREFIX_V2:], data[:PREFIX_V2])
    except InvalidTag:
        raise ImportProblem(_("The backup file is damaged: its content changed after it was written.")) from None


def _open_v1(data: bytes, passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(data) < V1_PREFIX + TAG_BYTES:
        raise _cut_short()
    start = len(MAGIC_V1)
    salt, nonce = data[start : start + 16], data[start + 16 : V1_PREFIX]
    key = _scrypt(passphrase, salt, n=V1_SCRYPT_N, r=V1_SCRYPT_R, p=V1_SCRYPT_P)
    try:
        return AESGCM(key).decrypt(nonce, data[V1_PREFIX:], MAGIC_V1)
    except InvalidTag:
        raise ImportProblem(_("The passphrase is wrong, or the backup file is damaged.")) from None


def unseal(data: bytes, passphrase: str | None = None) -> bytes:
    """Return the export JSON inside a backup (also accepts a plain JSON export)."""
    if any(data and len(data) < len(magic) and magic.startswith(data) for magic in (MAGIC_V1, MAGIC_V2)):
        raise _cut_short()
    if data.startswith(MAGIC_FAMILY) and not is_encrypted(data):
        raise ImportProblem(
            _("This backup was written by a newer version of glimmers, or is damaged; update glimmers to restore it.")
        )
    if is_encrypted(data):
        # A cut file or impossible parameters are refused before a passphrase is asked for or used.
        header = read_header(data) if data.startswith(MAGIC_V2) else None
        if not passphrase:
            raise ImportProblem(_("This backup is encrypted; give its passphrase."))
        data = _open_v1(data, passphrase) if header is None else _open_v2(data, header, passphrase)
    if data[:2] == b"\x1f\x8b":
        return input_limits.gunzip(data)
    return data

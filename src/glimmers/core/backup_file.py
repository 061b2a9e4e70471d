"""The backup file: a glimmers JSON export, gzip-compressed, optionally encrypted.

Encrypted backups use a key derived from a passphrase with scrypt and
AES-256-GCM, so a wrong passphrase or a damaged file is detected rather
than read as garbage. Layout: MAGIC | salt (16) | nonce (12) | ciphertext.
"""

from __future__ import annotations

import gzip
import os
import zlib

from glimmers.core.errors import ImportProblem, InvalidInput
from glimmers.core.i18n import _

MAGIC = b"GLIMMERS-BACKUP-AESGCM-1\n"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_PASSPHRASE = 8


def _key(passphrase: str, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(passphrase.encode("utf-8"))


def seal(export_json: bytes, passphrase: str | None = None) -> bytes:
    packed = gzip.compress(export_json, mtime=0)
    if passphrase is None:
        return packed
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput(
            _("A backup passphrase needs at least %(n)s characters.") % {"n": MIN_PASSPHRASE}, field="passphrase"
        )
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(12)
    return MAGIC + salt + nonce + AESGCM(_key(passphrase, salt)).encrypt(nonce, packed, MAGIC)


def is_encrypted(data: bytes) -> bool:
    return data.startswith(MAGIC)


def unseal(data: bytes, passphrase: str | None = None) -> bytes:
    """Return the export JSON inside a backup (also accepts a plain JSON export)."""
    if is_encrypted(data):
        if not passphrase:
            raise ImportProblem(_("This backup is encrypted; give its passphrase."))
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        header = len(MAGIC)
        salt, nonce, body = data[header : header + 16], data[header + 16 : header + 28], data[header + 28 :]
        try:
            data = AESGCM(_key(passphrase, salt)).decrypt(nonce, body, MAGIC)
        except InvalidTag:
            raise ImportProblem(_("The passphrase is wrong, or the backup file is damaged.")) from None
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            raise ImportProblem(_("The backup file is damaged or cut short.")) from None
    return data

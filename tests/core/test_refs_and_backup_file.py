"""Entry references and the sealed backup file."""

import pytest

from glimmers.core.transfer import backup_file
from glimmers.core.errors import ImportProblem, InvalidInput
from glimmers.core.refs import Ref, looks_like_ref, parse_ref


@pytest.mark.parametrize(
    "text, expected",
    [("c12", Ref("checkin", 12)), ("12", Ref("checkin", 12)), ("G5", Ref("glimmer", 5)), ("#c3", Ref("checkin", 3))],
)
def test_refs(text, expected):
    assert parse_ref(text) == expected
    assert looks_like_ref(text)


@pytest.mark.parametrize("text", ["", "x1", "c", "c-1", "backup.json"])
def test_bad_refs(text):
    with pytest.raises(InvalidInput):
        parse_ref(text)


def test_plain_backup_round_trip_is_deterministic():
    payload = b'{"format": "glimmers"}'
    assert backup_file.seal(payload) == backup_file.seal(payload)
    assert backup_file.unseal(backup_file.seal(payload)) == payload
    assert backup_file.unseal(payload) == payload  # a plain export is accepted too


def test_encrypted_backup_needs_the_right_passphrase():
    payload = b'{"format": "glimmers", "secret": "private words"}'
    sealed = backup_file.seal(payload, "correct horse")
    assert b"private" not in sealed and backup_file.is_encrypted(sealed)
    assert backup_file.unseal(sealed, "correct horse") == payload
    with pytest.raises(ImportProblem, match="passphrase is wrong"):
        backup_file.unseal(sealed, "wrong horse!")
    with pytest.raises(ImportProblem, match="encrypted"):
        backup_file.unseal(sealed)
    tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(ImportProblem, match="damaged"):
        backup_file.unseal(tampered, "correct horse")
    with pytest.raises(InvalidInput, match="at least 8"):
        backup_file.seal(payload, "short")


def test_truncated_backup_is_reported():
    sealed = backup_file.seal(b"x" * 1000)
    with pytest.raises(ImportProblem, match="damaged or cut short"):
        backup_file.unseal(sealed[: len(sealed) // 2])

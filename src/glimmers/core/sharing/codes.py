"""One-time codes for invitations: easy to read out, kept only as digests.

A code opens a door once (an account on an invite-only server, a grant to
see someone's summary, a pairing for a daily check-in), so the database keeps
its SHA-256 digest and never the code: a copy of the database opens nothing.
"""

from __future__ import annotations

import hashlib
import secrets

# Letters and digits that cannot be mistaken for one another when read aloud or
# typed on a phone (no 0/o, 1/l/i).
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
GROUPS = 3
GROUP_LENGTH = 4  # 12 symbols from 31: about 59 bits, and each code works once, for days


def new_code() -> str:
    """A fresh code such as ``k3ve-9qra-h2xm``."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(symbols[start:start + GROUP_LENGTH] for start in range(0, len(symbols), GROUP_LENGTH))


def normalised(code: str) -> str:
    """What the person typed, as it was made: spaces and case forgiven, dashes optional
    for the codes made here (the digest of any other text is taken as typed, trimmed)."""
    typed = code.strip().lower().replace(" ", "")
    bare = typed.replace("-", "")
    if len(bare) == GROUPS * GROUP_LENGTH and all(symbol in ALPHABET for symbol in bare):
        return "-".join(bare[start:start + GROUP_LENGTH] for start in range(0, len(bare), GROUP_LENGTH))
    return code.strip()


def code_digest(code: str) -> str:
    return hashlib.sha256(normalised(code).encode()).hexdigest()

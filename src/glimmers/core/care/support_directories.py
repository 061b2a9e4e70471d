"""National directories for finding non-crisis support, by country (``content/support_directories.toml``).

They sit beside the "Levels of support" guide: once a person knows which
kind of help fits, this is where their country lists it. Facts only, each
with the public page it was confirmed on and the day; a country without a
confirmed directory has none, and the guide points to a doctor instead of a
guess. Crisis lines are elsewhere (``content.crisis_lines_for``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from glimmers.core.content import ContentError, per_language, read_content

_FILE = "support_directories.toml"
_SCHEMA = "glimmers.support_directories/1"
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Directory:
    country: str
    name: str
    what: str
    web: str
    call: str
    call_notes: str
    last_verified: date
    source: str


def _text(row: dict, name: str, where: str, *, required: bool = True) -> str:
    value = row.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ContentError(f"{_FILE}: {where} needs a {name}")
    return value.strip()


@per_language
def directories() -> dict[str, Directory]:
    """Every directory by country code, validated on first read: a way in (web or phone), a source
    page and the day it was confirmed are required."""
    found = {}
    for number, row in enumerate(read_content(_FILE, _SCHEMA).get("directory", []), start=1):
        where = f"directory {number}"
        country = _text(row, "country", where)
        if not _COUNTRY.match(country) or country in found:
            raise ContentError(f"{_FILE}: {where} needs a new two-letter country code ({country!r})")
        web, call = _text(row, "web", where, required=False), _text(row, "call", where, required=False)
        if not (web or call):
            raise ContentError(f"{_FILE}: {where} needs a web address or a number to call")
        for address in (web, _text(row, "source", where)):
            if address and not address.startswith("https://"):
                raise ContentError(f"{_FILE}: {where} has an address that is not https ({address!r})")
        verified = row.get("last_verified")
        if not isinstance(verified, str):
            raise ContentError(f"{_FILE}: {where} needs last_verified")
        found[country] = Directory(
            country=country, name=_text(row, "name", where), what=_text(row, "what", where), web=web, call=call,
            call_notes=_text(row, "call_notes", where, required=False), last_verified=date.fromisoformat(verified),
            source=_text(row, "source", where),
        )
    return found


def for_country(code: str | None) -> Directory | None:
    """The directory for a country code, or None (no country chosen, or none confirmed for it)."""
    return directories().get((code or "").upper())

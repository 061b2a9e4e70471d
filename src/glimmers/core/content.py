"""Loading the product's content files (``glimmers/content/*.toml``).

Content is data: each file names its schema and the date it was last
reviewed, and is checked here when first read so a broken file fails loudly.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


class ContentError(Exception):
    """A content file is malformed: a bug in the release, not the person's input."""


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    hint: str = ""
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class CrisisService:
    name: str
    call: str = ""
    text: str = ""
    web: str = ""
    email: str = ""
    notes: str = ""


@dataclass(frozen=True)
class CrisisCountry:
    code: str
    name: str
    last_verified: date
    emergency: str = ""
    services: tuple[CrisisService, ...] = ()
    member_states: tuple[str, ...] = field(default=())

    @property
    def emergency_dial(self) -> str:
        """The first number to dial, for tel: links ("112 or 999" -> "112")."""
        match = re.search(r"\d[\d ]*\d|\d", self.emergency)
        return match.group(0).replace(" ", "") if match else ""


def _read(name: str, schema: str) -> dict:
    text = resources.files("glimmers.content").joinpath(name).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    if data.get("schema") != schema:
        raise ContentError(f"{name}: expected schema {schema!r}, found {data.get('schema')!r}")
    if not isinstance(data.get("last_reviewed"), str):
        raise ContentError(f"{name}: missing last_reviewed")
    date.fromisoformat(data["last_reviewed"])
    return data


def _choices(name: str, schema: str, table: str) -> tuple[Choice, ...]:
    rows = _read(name, schema).get(table, [])
    choices = []
    for row in rows:
        key = row.get("key", "")
        if not _KEY.match(key) or not row.get("label"):
            raise ContentError(f"{name}: every {table} needs a snake_case key and a label ({row!r})")
        choices.append(Choice(key, row["label"], row.get("hint", ""), tuple(row.get("examples", ()))))
    keys = [choice.key for choice in choices]
    if len(set(keys)) != len(keys) or not keys:
        raise ContentError(f"{name}: keys must be present and unique")
    return tuple(choices)


@lru_cache(maxsize=None)
def numbness_forms() -> tuple[Choice, ...]:
    return _choices("numbness_forms.toml", "glimmers.numbness_forms/1", "form")


@lru_cache(maxsize=None)
def warning_signs() -> tuple[Choice, ...]:
    return _choices("warning_signs.toml", "glimmers.warning_signs/1", "sign")


@lru_cache(maxsize=None)
def tag_categories() -> tuple[Choice, ...]:
    return _choices("tag_categories.toml", "glimmers.tag_categories/1", "category")


@lru_cache(maxsize=None)
def crisis_countries() -> tuple[CrisisCountry, ...]:
    data = _read("crisis_lines.toml", "glimmers.crisis_lines/1")
    countries = []
    for row in data.get("country", []):
        services = tuple(CrisisService(**service) for service in row.get("service", []))
        countries.append(
            CrisisCountry(
                code=row["code"],
                name=row["name"],
                last_verified=date.fromisoformat(row["last_verified"]),
                emergency=row.get("emergency", ""),
                services=services,
                member_states=tuple(row.get("member_states", ())),
            )
        )
    codes = {country.code for country in countries}
    if "INTL" not in codes:
        raise ContentError("crisis_lines.toml: the international fallback (INTL) is required")
    return tuple(countries)


def crisis_lines_for(code: str | None) -> tuple[CrisisCountry, ...]:
    """The services for a country, then the international directory as fallback.

    EU member states get the shared 112 entry. Unknown or missing codes get the
    international directory alone, never nothing.
    """
    countries = {country.code: country for country in crisis_countries()}
    wanted = (code or "").upper()
    chosen: list[CrisisCountry] = []
    if wanted in countries and wanted != "INTL":
        chosen.append(countries[wanted])
    elif any(wanted in country.member_states for country in countries.values()):
        chosen.extend(country for country in countries.values() if wanted in country.member_states)
    chosen.append(countries["INTL"])
    return tuple(chosen)


def category_for(name: str) -> str:
    """The built-in category whose examples include a tag name, else "other"."""
    cleaned = " ".join(name.split()).lower()
    for category in tag_categories():
        if cleaned in category.examples:
            return category.key
    return "other"

"""Loading the product's content files (``glimmers/content/*.toml``).

Content is data: each file names its schema and the date it was last
reviewed, and is checked here when first read so a broken file fails loudly.
The files are read from the package folder itself, as ``i18n`` reads the
translations: importing ``importlib.resources`` (and the zip and temporary
file modules it brings) cost every command more than reading them.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache, wraps
from pathlib import Path
from typing import Callable, TypeVar

from glimmers.core import i18n

CONTENT_FOLDER = Path(__file__).resolve().parent.parent / "content"
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class ContentError(Exception):
    """A content file is malformed: a bug in the release, not the person's input."""


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    hint: str = ""
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class EmergencyNumber:
    """The number to dial in a country when someone is hurt, in danger or has taken something."""

    code: str
    name: str
    number: str  # digits and spaces, as people write it: "112", "13 11 14"
    other: str = ""  # anything else worth knowing, e.g. "999 also works"
    source: str = ""
    verified: date | None = None

    @property
    def dial(self) -> str:
        """Digits only, for ``tel:`` links."""
        return re.sub(r"\D", "", self.number)


@dataclass(frozen=True)
class CrisisService:
    name: str
    call: str = ""
    text: str = ""
    web: str = ""
    email: str = ""
    notes: str = ""
    source: str = ""

    @property
    def call_dial(self) -> str:
        """The number for a ``tel:`` link: digits, and a leading + if there is one."""
        return _dialable(self.call)

    @property
    def text_dial(self) -> str:
        """The number for an ``sms:`` link."""
        return _dialable(self.text)

    @property
    def web_label(self) -> str:
        """The address without its scheme, for reading aloud: "https://x.org/" -> "x.org"."""
        return re.sub(r"^https://", "", self.web).rstrip("/")


@dataclass(frozen=True)
class CrisisCountry:
    """A country's crisis lines and its emergency number (either may be missing, not both).

    ``INTL`` is the international directory, shown last, always.
    """

    code: str
    name: str
    last_verified: date
    services: tuple[CrisisService, ...] = ()
    source: str = ""
    emergency_number: EmergencyNumber | None = None

    @property
    def emergency(self) -> str:
        """The emergency number as people write it, or "" when none is known."""
        return self.emergency_number.number if self.emergency_number else ""

    @property
    def emergency_dial(self) -> str:
        """The emergency number for ``tel:`` links."""
        return self.emergency_number.dial if self.emergency_number else ""

    @property
    def emergency_other(self) -> str:
        return self.emergency_number.other if self.emergency_number else ""

    @property
    def is_international(self) -> bool:
        return self.code == INTERNATIONAL


def _dialable(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return f"+{digits}" if number.strip().startswith("+") and digits else digits


def read_content(name: str, schema: str, language: str | None = None) -> dict:
    """A content file (``glimmers/content/NAME``), checked for its schema and review date,
    in the language being spoken (see :func:`localize`).

    The one way every core module reads its content; a wrong schema or a
    missing ``last_reviewed`` is a ContentError naming the file.
    """
    text = (CONTENT_FOLDER / name).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    if data.get("schema") != schema:
        raise ContentError(f"{name}: expected schema {schema!r}, found {data.get('schema')!r}")
    if not isinstance(data.get("last_reviewed"), str):
        raise ContentError(f"{name}: missing last_reviewed")
    date.fromisoformat(data["last_reviewed"])
    return localize(name, data, language)


# Fields whose plain values name, date or point at something rather than say
# something: never translated (a table of the same name is walked as usual). In a translation, the identifying ones (key, id, code)
# repeat the English value so a row can never land on the wrong entry.
NOT_TEXT = frozenset(
    {
        "schema", "last_reviewed", "key", "id", "code", "source", "sources", "url", "web", "email", "call", "verified",
        "last_verified", "emergency", "number", "country", "time",
        # values the code chooses between, not words shown as they are
        "kind", "senses", "making", "emphasis", "form", "slot", "suits", "intensity", "layout", "section", "level",
        "instrument", "when", "exercises", "plan_marks", "plan_days", "days", "at_least", "link_id", "loinc", "panel_loinc", "total_loinc", "items_from", "follow_up",
    }
)
# Fields that are words in most files but not in these.
NOT_TEXT_IN = {"crisis_lines.toml": frozenset({"text"})}  # a number to text
IDENTIFYING = ("key", "id", "code")
# Lists whose entries are said one for one (a guide's paragraphs and items): a
# translation with more or fewer has missed a change to the English.
PARALLEL = frozenset({"paragraphs", "items"})
# What a translation file says about itself; not part of the content.
TRANSLATION_HEADER = frozenset({"schema", "language", "last_reviewed", "translated_from"})
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")


def translation_file(name: str, language: str) -> Path:
    """Where a content file's translation lives: ``content/<language>/NAME``."""
    return CONTENT_FOLDER / language / name


def localize(name: str, data: dict, language: str | None = None) -> dict:
    """The content in ``language`` (the one being spoken when not given).

    A translation (``content/es/NAME``) holds the same tables, rows in the
    same order (rows added to the English since stay English), and only their words: its strings replace the English ones,
    its lists of strings replace whole lists, and everything else (numbers,
    keys, sources, order) stays the English file's. A string missing from a
    translation stays English; ``untranslated`` lists them so a test can
    keep a shipped language complete.
    """
    language = language or i18n.language()
    if language == i18n.DEFAULT:
        return data
    path = translation_file(name, language)
    if not path.exists():
        return data
    try:
        words = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as problem:
        raise ContentError(f"{language}/{name}: not valid TOML ({problem})") from None
    if words.get("schema") != data.get("schema") or words.get("language") != language:
        raise ContentError(f"{language}/{name}: needs schema {data.get('schema')!r} and language {language!r}")
    body = {key: value for key, value in words.items() if key not in TRANSLATION_HEADER}
    return _merged(f"{language}/{name}", data, body, "", NOT_TEXT | NOT_TEXT_IN.get(name, frozenset()))


def _merged(name: str, base, words, where: str, fixed: frozenset[str]):
    if isinstance(base, dict):
        if not isinstance(words, dict):
            raise ContentError(f"{name}: {where or 'the file'} should be a table")
        merged = dict(base)
        for field, value in words.items():
            if field not in base:
                raise ContentError(f"{name}: {where}{field} is not in the English file")
            if field in IDENTIFYING:
                if value != base[field]:
                    raise ContentError(f"{name}: {where}{field} is {value!r}, the English row's is {base[field]!r}")
                continue
            if field in fixed and not _table(base[field]):
                raise ContentError(f"{name}: {where}{field} is not words; it belongs in the English file only")
            merged[field] = _merged(name, base[field], value, f"{where}{field}.", fixed)
        for field in IDENTIFYING:
            if field in base and words and field not in words:
                raise ContentError(f"{name}: {where.rstrip('.')} must repeat its {field} ({base[field]!r})")
        return merged
    if isinstance(base, list) and base and all(isinstance(item, dict) for item in base):
        # Rows added to the English file since the translation stay English (and are
        # listed as untranslated) until the translation catches up.
        if not isinstance(words, list) or len(words) > len(base):
            raise ContentError(f"{name}: {where.rstrip('.')} needs at most {len(base)} rows, in the English order")
        translated = [
            _merged(name, row, row_words, f"{where.rstrip('.')}[{index}].", fixed) for index, (row, row_words) in enumerate(zip(base, words))
        ]
        return translated + base[len(words):]
    if isinstance(base, list):
        if not isinstance(words, list) or not all(isinstance(item, str) for item in words):
            raise ContentError(f"{name}: {where.rstrip('.')} should be a list of strings")
        return words
    if isinstance(base, str):
        if not isinstance(words, str):
            raise ContentError(f"{name}: {where.rstrip('.')} should be a string")
        if sorted(_PLACEHOLDER.findall(base)) != sorted(_PLACEHOLDER.findall(words)):
            raise ContentError(f"{name}: {where.rstrip('.')} must keep the placeholders {sorted(set(_PLACEHOLDER.findall(base)))}")
        return words
    raise ContentError(f"{name}: {where.rstrip('.')} is not words; it belongs in the English file only")


def _table(value) -> bool:
    """A table or a list of tables: a field name in NOT_TEXT names only plain values."""
    return isinstance(value, dict) or (isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value))


def untranslated(name: str, language: str) -> list[str]:
    """The places in content file NAME whose words have no ``language`` version yet."""
    data = tomllib.loads((CONTENT_FOLDER / name).read_text(encoding="utf-8"))
    path = translation_file(name, language)
    words = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    body = {key: value for key, value in words.items() if key not in TRANSLATION_HEADER}
    missing: list[str] = []
    _gaps(data, body, "", missing, NOT_TEXT | NOT_TEXT_IN.get(name, frozenset()))
    return missing


def _gaps(base, words, where: str, missing: list[str], fixed: frozenset[str]) -> None:
    if isinstance(base, dict):
        words = words if isinstance(words, dict) else {}
        for field, value in base.items():
            if field in fixed and not _table(value):
                continue
            _gaps(value, words.get(field), f"{where}{field}.", missing, fixed)
    elif isinstance(base, list) and base and all(isinstance(item, dict) for item in base):
        rows = words if isinstance(words, list) else []
        for index, row in enumerate(base):
            _gaps(row, rows[index] if index < len(rows) else None, f"{where.rstrip('.')}[{index}].", missing, fixed)
    elif isinstance(base, (str, list)) and base and words is None:
        missing.append(where.rstrip("."))
    elif isinstance(base, list) and isinstance(words, list) and where.rstrip(".").rpartition(".")[2] in PARALLEL and len(words) != len(base):
        missing.append(f"{where.rstrip('.')} ({len(base)} in English, {len(words)} here)")


T = TypeVar("T")


def per_language(load: Callable[[], T]) -> Callable[[], T]:
    """Cache a content loader once per language, as ``lru_cache`` caches it once.

    A loader that reads words must give the words of the language spoken now,
    which the web changes per request; numbers alone could share one cache.
    """
    cached = lru_cache(maxsize=None)(lambda _language: load())

    @wraps(load)
    def loader() -> T:
        return cached(i18n.language())

    loader.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return loader


def _choices(name: str, schema: str, table: str) -> tuple[Choice, ...]:
    rows = read_content(name, schema).get(table, [])
    choices = []
    for row in rows:
        key = row.get("key", "")
        if not KEY_PATTERN.match(key) or not row.get("label"):
            raise ContentError(f"{name}: every {table} needs a snake_case key and a label ({row!r})")
        choices.append(Choice(key, row["label"], row.get("hint", ""), tuple(row.get("examples", ()))))
    keys = [choice.key for choice in choices]
    if len(set(keys)) != len(keys) or not keys:
        raise ContentError(f"{name}: keys must be present and unique")
    return tuple(choices)


@per_language
def numbness_forms() -> tuple[Choice, ...]:
    return _choices("numbness_forms.toml", "glimmers.numbness_forms/1", "form")


@per_language
def warning_signs() -> tuple[Choice, ...]:
    return _choices("warning_signs.toml", "glimmers.warning_signs/1", "sign")


@per_language
def tag_categories() -> tuple[Choice, ...]:
    """The built-in tag categories; each one's examples in the language spoken and in English,
    since tags are the person's own words, in whatever language they wrote them."""
    spoken = _choices("tag_categories.toml", "glimmers.tag_categories/1", "category")
    if i18n.language() == i18n.DEFAULT:
        return spoken
    english = {row["key"]: row.get("examples", []) for row in read_content("tag_categories.toml", "glimmers.tag_categories/1", "en")["category"]}
    return tuple(replace(choice, examples=tuple(dict.fromkeys((*choice.examples, *english.get(choice.key, ()))))) for choice in spoken)


INTERNATIONAL = "INTL"
# Codes people type that ISO spells differently: the United Kingdom is GB,
# and the EU writes Greece as EL.
ALIASES = {"UK": "GB", "EL": "GR"}
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_EMERGENCY = re.compile(r"^\d(?:[\d ]*\d)?$")
_PHONE = re.compile(r"^\+?\d(?:[\d -]*\d)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_EMERGENCY_KEYS = {"code", "name", "emergency", "other", "source", "verified"}
_COUNTRY_KEYS = {"code", "name", "last_verified", "source", "service"}
_SERVICE_KEYS = {"name", "call", "text", "web", "email", "notes", "source"}


def canonical_code(code: str | None) -> str:
    """ " gb " -> "GB"; "UK" -> "GB"; None -> ""."""
    cleaned = (code or "").strip().upper()
    return ALIASES.get(cleaned, cleaned)


def _text(name: str, row: dict, key: str, *, required: bool = True) -> str:
    value = row.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ContentError(f"{name}: {key!r} must be {'non-empty ' if required else ''}text ({row.get('code', row.get('name'))!r})")
    return value.strip()


def _date(name: str, row: dict, key: str) -> date:
    value = row.get(key)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ContentError(f"{name}: {key!r} must be a date such as 2026-11-01 ({row.get('code', row.get('name'))!r})") from None


def _https(name: str, row: dict, key: str, *, required: bool = True) -> str:
    """An address people are sent to: https only."""
    value = _text(name, row, key, required=required)
    if value and not re.match(r"^https://[^\s/]+\.[^\s]+$", value):
        raise ContentError(f"{name}: {key!r} must be a full https:// address ({value!r})")
    return value


def _source(name: str, row: dict, *, required: bool = True) -> str:
    """Where a fact was checked: a full web address. Some official pages are
    still served over plain http; the citation matters more than the scheme."""
    value = _text(name, row, "source", required=required)
    if value and not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
        raise ContentError(f"{name}: 'source' must be a full web address ({value!r})")
    return value


def _no_unknown_keys(name: str, row: dict, allowed: set[str]) -> None:
    unknown = sorted(set(row) - allowed)
    if unknown:
        raise ContentError(f"{name}: unknown field(s) {', '.join(unknown)} in {row.get('code', row.get('name'))!r}")


def _header(data: dict, name: str, schema: str) -> None:
    if data.get("schema") != schema:
        raise ContentError(f"{name}: expected schema {schema!r}, found {data.get('schema')!r}")
    if "last_reviewed" in data:
        _date(name, data, "last_reviewed")


def _country_rows(data: dict, name: str, allowed: set[str], *, international: bool = False):
    """Each [[country]] table with its code, checked: a table, known fields, a unique code."""
    rows = data.get("country")
    if not isinstance(rows, list) or not rows:
        raise ContentError(f"{name}: no [[country]] entries")
    seen = set()
    for row in rows:
        if not isinstance(row, dict):
            raise ContentError(f"{name}: every [[country]] must be a table")
        _no_unknown_keys(name, row, allowed)
        code = _text(name, row, "code")
        if not (_COUNTRY_CODE.match(code) or (international and code == INTERNATIONAL)):
            raise ContentError(f"{name}: {code!r} is not an upper-case two-letter code" + (" (or INTL)" if international else ""))
        if code in seen:
            raise ContentError(f"{name}: {code} appears twice")
        seen.add(code)
        yield row, code


def parse_emergency_numbers(data: dict, name: str = "emergency_numbers.toml") -> tuple[EmergencyNumber, ...]:
    """Check and read the emergency numbers table (already parsed from TOML)."""
    _header(data, name, "glimmers.emergency_numbers/1")
    numbers = []
    for row, code in _country_rows(data, name, _EMERGENCY_KEYS):
        number = _text(name, row, "emergency")
        if not _EMERGENCY.match(number):
            raise ContentError(f"{name}: {code}'s emergency number must be digits and spaces ({number!r})")
        numbers.append(
            EmergencyNumber(
                code=code,
                name=_text(name, row, "name"),
                number=number,
                other=_text(name, row, "other", required=False),
                source=_source(name, row),
                verified=_date(name, row, "verified"),
            )
        )
    return tuple(numbers)


def _parse_service(name: str, code: str, row: dict) -> CrisisService:
    if not isinstance(row, dict):
        raise ContentError(f"{name}: every [[country.service]] of {code} must be a table")
    _no_unknown_keys(name, row, _SERVICE_KEYS)
    service = CrisisService(
        name=_text(name, row, "name"),
        call=_text(name, row, "call", required=False),
        text=_text(name, row, "text", required=False),
        web=_https(name, row, "web", required=False),
        email=_text(name, row, "email", required=False),
        notes=_text(name, row, "notes", required=False),
        source=_source(name, row, required=False),
    )
    for way in ("call", "text"):
        value = getattr(service, way)
        if value and not _PHONE.match(value):
            raise ContentError(f"{name}: {code} {service.name}: {way} must be a number (digits, spaces, -, a leading +), not {value!r}")
    if service.email and not _EMAIL.match(service.email):
        raise ContentError(f"{name}: {code} {service.name}: {service.email!r} is not an email address")
    if not (service.call or service.text or service.web or service.email):
        raise ContentError(f"{name}: {code} {service.name}: give at least one way to reach it (call, text, web or email)")
    return service


def parse_crisis_lines(data: dict, name: str = "crisis_lines.toml") -> tuple[CrisisCountry, ...]:
    """Check and read the crisis lines table (already parsed from TOML); no emergency numbers yet."""
    _header(data, name, "glimmers.crisis_lines/2")
    if "last_reviewed" not in data:
        raise ContentError(f"{name}: missing last_reviewed")
    countries = []
    for row, code in _country_rows(data, name, _COUNTRY_KEYS, international=True):
        services = row.get("service", [])
        if not isinstance(services, list) or not services:
            raise ContentError(f"{name}: {code} has no [[country.service]]")
        countries.append(
            CrisisCountry(
                code=code,
                name=_text(name, row, "name"),
                last_verified=_date(name, row, "last_verified"),
                services=tuple(_parse_service(name, code, service) for service in services),
                source=_source(name, row),
            )
        )
    if not any(country.code == INTERNATIONAL for country in countries):
        raise ContentError(f"{name}: the international directory ({INTERNATIONAL}) is required")
    return tuple(countries)


def _toml(name: str) -> dict:
    text = (CONTENT_FOLDER / name).read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise ContentError(f"{name}: not valid TOML ({problem})") from None
    try:
        return localize(name, data)
    except ContentError:
        # Crisis lines and emergency numbers are read through here: a damaged
        # translation must never keep them from appearing, so English it is.
        return data


@per_language
def emergency_numbers() -> tuple[EmergencyNumber, ...]:
    """Every country's emergency number, in the file's order."""
    return parse_emergency_numbers(_toml("emergency_numbers.toml"))


@per_language
def _crisis_lines() -> tuple[CrisisCountry, ...]:
    return parse_crisis_lines(_toml("crisis_lines.toml"))


@per_language
def _emergency_by_code() -> dict[str, EmergencyNumber]:
    return {number.code: number for number in emergency_numbers()}


def emergency_for(code: str | None) -> EmergencyNumber | None:
    """The emergency number of a country, or None for an unknown code."""
    return _emergency_by_code().get(canonical_code(code))


def _sort_key(country: CrisisCountry) -> tuple[bool, str]:
    plain = unicodedata.normalize("NFKD", country.name)
    return (country.code == INTERNATIONAL, "".join(c for c in plain if not unicodedata.combining(c)).casefold())


@per_language
def crisis_countries() -> tuple[CrisisCountry, ...]:
    """Every country glimmers knows, sorted by name, then the international directory.

    A country has its crisis lines when they are stored, and its emergency
    number always; every country with lines must have an emergency number.
    """
    numbers = _emergency_by_code()
    lines = {country.code: country for country in _crisis_lines()}
    missing = sorted(set(lines) - set(numbers) - {INTERNATIONAL})
    if missing:
        raise ContentError(f"crisis_lines.toml: no emergency number for {', '.join(missing)} in emergency_numbers.toml")
    countries = []
    for code, number in numbers.items():
        stored = lines.get(code)
        if stored is not None:
            countries.append(replace(stored, emergency_number=number))
        else:
            countries.append(CrisisCountry(code=code, name=number.name, last_verified=number.verified, source=number.source, emergency_number=number))
    countries.append(lines[INTERNATIONAL])
    return tuple(sorted(countries, key=_sort_key))


@per_language
def _countries_by_code() -> dict[str, CrisisCountry]:
    return {country.code: country for country in crisis_countries()}


def country_codes() -> frozenset[str]:
    """The two-letter codes a person may choose (not INTL)."""
    return frozenset(code for code in _countries_by_code() if code != INTERNATIONAL)


def country_name(code: str | None) -> str:
    """"DE" -> "Germany"; "" for a code glimmers does not know."""
    wanted = canonical_code(code)
    if wanted == INTERNATIONAL:
        return ""
    country = _countries_by_code().get(wanted)
    return country.name if country else ""


def crisis_lines_for(code: str | None) -> tuple[CrisisCountry, ...]:
    """What to show for a country: its entry, then the international directory, always last.

    A country with stored lines gets them with its emergency number; a country
    with no stored lines gets its name and emergency number alone. Unknown or
    missing codes get the international directory alone, never nothing.
    """
    countries = _countries_by_code()
    wanted = canonical_code(code)
    chosen: list[CrisisCountry] = []
    if wanted in countries and wanted != INTERNATIONAL:
        chosen.append(countries[wanted])
    chosen.append(countries[INTERNATIONAL])
    return tuple(chosen)


def category_for(name: str) -> str:
    """The built-in category whose examples include a tag name, else "other"."""
    cleaned = " ".join(name.split()).lower()
    for category in tag_categories():
        if cleaned in category.examples:
            return category.key
    return "other"

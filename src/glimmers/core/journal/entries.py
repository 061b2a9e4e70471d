"""The journal's records and the rules every one of them must pass.

A check-in, a glimmer and a day's factors are plain dataclasses. Every way
into the journal (terminal, web form, import) builds them through the
``validate_*`` functions here, so one set of rules guards the data.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping

from glimmers.core import content, limits
from glimmers.core.journal import measures, tolerance
from glimmers.core import text as stored_text
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _
from glimmers.core.when import check_moment, local_date, zone

SOURCES = ("glimmers", "daylio", "jrnl", "demo")
# The two kinds of entry, as the timeline, the JSON output and every stored
# row (``row.kind``) name them.
CHECKIN, GLIMMER = "checkin", "glimmer"
_CATEGORY = re.compile(r"^[a-z][a-z0-9_-]*$")
_TAG_FORBIDDEN = set(":;|,#\n\r\t")
# A decimal comma, as many languages write numbers ("7,5" hours). Three
# digits after a comma may be a thousands separator ("1,500"): refused, not guessed.
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d{1,2}$")


@dataclass(frozen=True, order=True)
class Tag:
    category: str
    name: str

    def __str__(self) -> str:
        return f"{self.category}:{self.name}"


@dataclass(frozen=True)
class CheckIn:
    occurred_at: datetime
    timezone: str
    numbness: int | None = None
    mood: int | None = None
    energy: int | None = None
    stress: int | None = None
    forms: tuple[str, ...] = ()
    tags: tuple[Tag, ...] = ()
    warning_signs: tuple[str, ...] = ()
    self_talk: str = ""
    note: str = ""
    tolerance_window: str = ""  # the window of tolerance: "over", "within", "under" or "" (not said)
    source: str = "glimmers"
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None

    @property
    def local_date(self) -> date:
        return local_date(self.occurred_at, self.timezone)


@dataclass(frozen=True)
class Glimmer:
    occurred_at: datetime
    timezone: str
    text: str
    preceded_by: str = ""
    tags: tuple[Tag, ...] = ()
    source: str = "glimmers"
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None

    @property
    def local_date(self) -> date:
        return local_date(self.occurred_at, self.timezone)


@dataclass(frozen=True)
class DayFactors:
    day: date
    sleep_hours: Decimal | None = None
    wake_time: time | None = None
    alcohol_units: Decimal | None = None
    cannabis_uses: Decimal | None = None
    late_screen_minutes: Decimal | None = None
    daylight_minutes: Decimal | None = None
    movement_minutes: Decimal | None = None
    caffeine_cups: Decimal | None = None
    note: str = ""
    updated_at: datetime | None = None

    def is_empty(self) -> bool:
        return self.wake_time is None and not self.note and all(getattr(self, n) is None for n in measures.FACTORS)


# --- single values -----------------------------------------------------------


def rating(name: str, value: Any) -> int | None:
    """A value on one of the check-in's scales (0–10, −5…+5), or None when left blank."""
    scale = measures.SCALES[name]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        try:
            value = int(value.strip().replace("+", "", 1))
        except ValueError:
            value = None
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if value not in scale:
        raise InvalidInput(
            _("%(name)s must be a whole number from %(low)s to %(high)s.")
            % {"name": _(scale.label), "low": scale.low, "high": scale.high},
            field=name,
        )
    return value


def text(value: Any, *, field: str, maximum: int) -> str:
    """Free text of a journal entry: the shared rule of :mod:`glimmers.core.text`,
    multi-line (line breaks and tabs kept), within ``maximum`` characters."""
    return stored_text.clean(value, field=field, maximum=maximum, multiline=True)


def amount(name: str, value: Any) -> Decimal | None:
    """A daily factor's amount, kept to its declared decimal places, or None when left blank."""
    spec = measures.FACTORS[name]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    written = str(value).strip()
    if _DECIMAL_COMMA.match(written):  # "7,5": a comma before one or two digits is a decimal comma
        written = written.replace(",", ".")
    try:
        number = Decimal(written)
    except InvalidOperation:
        number = None
    label = name.replace("_", " ")
    if number is None or not number.is_finite() or not spec.low <= number <= spec.high:
        raise InvalidInput(
            _("%(name)s must be a number from %(low)s to %(high)s.") % {"name": label, "low": spec.low, "high": spec.high},
            field=name,
        )
    quantum = Decimal(1).scaleb(-spec.places)
    if number != number.quantize(quantum):
        raise InvalidInput(
            _("%(name)s takes at most %(places)s decimal place(s).") % {"name": label, "places": spec.places},
            field=name,
        )
    return number.quantize(quantum)


def tag(value: str | Tag, *, default_category: str = "other") -> Tag:
    """Parse "name" or "category:name". Names are lower-cased and trimmed."""
    if isinstance(value, Tag):
        category, name = value.category, value.name
    else:
        raw = unicodedata.normalize("NFC", str(value)).strip()
        category, _sep, name = raw.rpartition(":") if ":" in raw else (default_category, "", raw)
    category = category.strip().lower()
    name = " ".join(stored_text.clean(name, field="tags", label=_("A tag")).split()).lower()
    if not name:
        raise InvalidInput(_("A tag needs a name."), field="tags")
    if len(name) > limits.TAG_NAME_MAX or _TAG_FORBIDDEN & set(name):
        raise InvalidInput(
            _("Tag %(name)s must be at most %(max)s characters, without : ; | , or #.")
            % {"name": repr(name), "max": limits.TAG_NAME_MAX},
            field="tags",
        )
    if not _CATEGORY.match(category) or len(category) > limits.TAG_CATEGORY_MAX:
        raise InvalidInput(
            _("Tag category %(category)s must be a short lower-case word.") % {"category": repr(category)}, field="tags"
        )
    return Tag(category, name)


def tags(values: Iterable[str | Tag], *, default_category: str = "other") -> tuple[Tag, ...]:
    parsed = sorted({tag(value, default_category=default_category) for value in values})
    if len(parsed) > limits.TAGS_PER_ENTRY_MAX:
        raise InvalidInput(_("At most %(max)s tags per entry.") % {"max": limits.TAGS_PER_ENTRY_MAX}, field="tags")
    return tuple(parsed)


def keys_from(values: Iterable[str], allowed: tuple[content.Choice, ...], *, field: str) -> tuple[str, ...]:
    known = {choice.key for choice in allowed}
    chosen = {str(value).strip() for value in values if str(value).strip()}
    unknown = sorted(chosen - known)
    if unknown:
        raise InvalidInput(
            _("Unknown %(field)s: %(unknown)s. Known: %(known)s.")
            % {"field": field.replace("_", " "), "unknown": ", ".join(unknown), "known": ", ".join(sorted(known))},
            field=field,
        )
    return tuple(sorted(chosen))


def moment(value: datetime, tz_name: str, *, now: datetime) -> tuple[datetime, str]:
    zone(tz_name)
    check_moment(value, now=now)
    return value, tz_name


def _source(value: str) -> str:
    if value not in SOURCES:
        raise InvalidInput(_("Unknown source %(source)s.") % {"source": value}, field="source")
    return value


def _uid(value: str) -> str:
    try:
        return uuid.UUID(str(value)).hex
    except ValueError:
        raise InvalidInput(_("%(uid)s is not a valid entry identifier.") % {"uid": value}, field="uid") from None


# --- whole records -----------------------------------------------------------


def validate_checkin(data: Mapping[str, Any], *, now: datetime) -> CheckIn:
    """Build a CheckIn from loosely typed input, or raise InvalidInput."""
    occurred_at, tz_name = moment(data["occurred_at"], data["timezone"], now=now)
    record = CheckIn(
        occurred_at=occurred_at,
        timezone=tz_name,
        **{name: rating(name, data.get(name)) for name in measures.SCALES},
        forms=keys_from(data.get("forms", ()), content.numbness_forms(), field="forms"),
        tags=tags(data.get("tags", ())),
        warning_signs=keys_from(data.get("warning_signs", ()), content.warning_signs(), field="warning_signs"),
        self_talk=text(data.get("self_talk"), field="self_talk", maximum=limits.SELF_TALK_MAX),
        note=text(data.get("note"), field="note", maximum=limits.NOTE_MAX),
        tolerance_window=tolerance.checked(data.get("tolerance_window")),
        source=_source(data.get("source", "glimmers")),
    )
    if "uid" in data and data["uid"]:
        record = replace(record, uid=_uid(data["uid"]))
    if not any(
        (
            any(getattr(record, name) is not None for name in measures.SCALES),
            record.forms,
            record.tags,
            record.warning_signs,
            record.self_talk,
            record.note,
            record.tolerance_window,
        )
    ):
        raise InvalidInput(_("A check-in needs at least one thing: a rating, a tag or a few words."), field="numbness")
    return replace(
        record,
        created_at=data.get("created_at"),
        updated_at=data.get("updated_at"),
        deleted_at=data.get("deleted_at"),
    )


def validate_glimmer(data: Mapping[str, Any], *, now: datetime) -> Glimmer:
    occurred_at, tz_name = moment(data["occurred_at"], data["timezone"], now=now)
    body = text(data.get("text"), field="text", maximum=limits.GLIMMER_TEXT_MAX)
    if not body:
        raise InvalidInput(_("Describe the glimmer in a few words, even 'a flicker of interest'."), field="text")
    record = Glimmer(
        occurred_at=occurred_at,
        timezone=tz_name,
        text=body,
        preceded_by=text(data.get("preceded_by"), field="preceded_by", maximum=limits.PRECEDED_BY_MAX),
        tags=tags(data.get("tags", ())),
        source=_source(data.get("source", "glimmers")),
        created_at=data.get("created_at"),
        updated_at=data.get("updated_at"),
        deleted_at=data.get("deleted_at"),
    )
    if data.get("uid"):
        record = replace(record, uid=_uid(data["uid"]))
    return record


def validate_day(data: Mapping[str, Any], *, today: date) -> DayFactors:
    day = data["day"]
    if day > today:
        raise InvalidInput(_("Day factors can only be recorded for today or earlier."), field="day")
    wake = data.get("wake_time")
    if isinstance(wake, str):
        from glimmers.core.when import parse_clock

        wake = parse_clock(wake, field="wake_time") if wake.strip() else None
    return DayFactors(
        day=day,
        wake_time=wake,
        note=text(data.get("note"), field="note", maximum=limits.DAY_NOTE_MAX),
        updated_at=data.get("updated_at"),
        **{name: amount(name, data.get(name)) for name in measures.FACTORS},
    )


def checkin_fields(record: CheckIn) -> dict:
    """A check-in as its stored fields (keys space-separated), for the model and the lean path alike."""
    return {
        "uid": record.uid,
        "occurred_at": record.occurred_at,
        "timezone": record.timezone,
        "local_date": record.local_date,
        **{name: getattr(record, name) for name in measures.SCALES},
        "forms": " ".join(record.forms),
        "warning_signs": " ".join(record.warning_signs),
        "self_talk": record.self_talk,
        "note": record.note,
        "tolerance_window": record.tolerance_window,
        "source": record.source,
        "deleted_at": record.deleted_at,
    }


def glimmer_fields(record: Glimmer) -> dict:
    """A glimmer as its stored fields."""
    return {
        "uid": record.uid,
        "occurred_at": record.occurred_at,
        "timezone": record.timezone,
        "local_date": record.local_date,
        "text": record.text,
        "preceded_by": record.preceded_by,
        "source": record.source,
        "deleted_at": record.deleted_at,
    }

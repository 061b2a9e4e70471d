"""Our own JSON format: every field of every record, and nothing lost.

The file looks like this (keys sorted, records in the order given)::

    {"format": "glimmers", "version": 5,
     "checkins": [...], "glimmers": [...], "days": [...],
     "screenings": [...], "medications": [...], "safety_plan": {...} or null,
     "toolkit": {"plans": [...], "activities": [...], ...}}

Version 1 files (the journal only), version 2 files (without the toolkit)
version 3 files (days without caffeine) and version 4 files (check-ins
without the window of tolerance) still read. A daily factor
added later is a new version, so an older glimmers says "newer version"
instead of refusing an unknown field.

Instants are ISO 8601 in UTC with microseconds (``2026-11-20T12:00:00.000000Z``)
or null; day amounts are decimals written as text (``"6.5"``) so no precision
is lost to floating point; tags are ``"category:name"`` strings.

Besides the JSON reader and writer, this module holds the *plain form* of
each record — the dictionaries above — and the strict way back from it.
The CSV format flattens the same plain form, so both share one set of rules.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any, ClassVar

from glimmers.core.care import care_records
from glimmers.core.journal import entries, measures
from glimmers.core import input_limits
from glimmers.core.toolkit import toolkit_records
from glimmers.core.transfer.bundle import Bundle
from glimmers.core.journal.entries import CheckIn, DayFactors, Glimmer
from glimmers.core.errors import ImportProblem, InvalidInput
from glimmers.core.transfer.formats import ReadContext
from glimmers.core.i18n import _
from glimmers.core.text import json_text
from glimmers.core.when import parse_date, zone

FORMAT_NAME = "glimmers"
VERSION = 5
READABLE_VERSIONS = (1, 2, 3, 4, 5)

STAMPS = ("created_at", "updated_at", "deleted_at")
CHECKIN_FIELDS = (
    ("uid", "occurred_at", "timezone", *measures.SCALES)
    + ("forms", "warning_signs", "tags", "self_talk", "note", "tolerance_window", "source")
    + STAMPS
)
GLIMMER_FIELDS = ("uid", "occurred_at", "timezone", "text", "preceded_by", "tags", "source") + STAMPS
DAY_FIELDS = ("day", *measures.FACTORS, "wake_time", "note", "updated_at")

REQUIRED_FIELDS = {
    "checkins": ("uid", "occurred_at", "timezone"),
    "glimmers": ("uid", "occurred_at", "timezone", "text"),
    "days": ("day",),
}

# What each field holds in the plain form. A field means the same in every record kind.
TEXT = "text"
WHOLE = "whole"
KEYS = "keys"
INSTANT = "instant"
MAYBE_INSTANT = "maybe_instant"
DECIMAL = "decimal"
CLOCK = "clock"
DAY = "day"
FIELD_KINDS: dict[str, str] = {
    **dict.fromkeys(("uid", "timezone", "self_talk", "note", "tolerance_window", "source", "text", "preceded_by"), TEXT),
    **dict.fromkeys(measures.SCALES, WHOLE),
    **dict.fromkeys(("forms", "warning_signs", "tags"), KEYS),
    "occurred_at": INSTANT,
    **dict.fromkeys(STAMPS, MAYBE_INSTANT),
    **dict.fromkeys(measures.FACTORS, DECIMAL),
    "wake_time": CLOCK,
    "day": DAY,
}


def _expected(kind: str) -> str:
    """How to describe, in words, what a field of this kind must hold."""
    return {
        TEXT: _("text"),
        WHOLE: _("a whole number or null"),
        KEYS: _("a list of text values"),
        INSTANT: _("a date and time such as 2026-11-20T12:00:00.000000Z"),
        MAYBE_INSTANT: _("a date and time such as 2026-11-20T12:00:00.000000Z, or null"),
        DECIMAL: _('a number written as text, such as "6.5", or null'),
        CLOCK: _('a time of day such as "07:30", or null'),
        DAY: _("a date such as 2026-11-20"),
    }[kind]


def _fits(kind: str, value: Any) -> bool:
    if kind in (TEXT, INSTANT, DAY):
        return isinstance(value, str)
    if kind == WHOLE:
        return value is None or (isinstance(value, int) and not isinstance(value, bool))
    if kind == KEYS:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return value is None or isinstance(value, str)


# --- records to the plain form --------------------------------------------------


def instant_text(moment: datetime | None) -> str | None:
    """``2026-11-20T12:00:00.000000Z``: the instant in UTC, with microseconds."""
    if moment is None:
        return None
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    if moment.year < 1000:  # strftime does not pad the year; isoformat, a few times faster, does
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return moment.isoformat(timespec="microseconds")[:-6] + "Z"


def decimal_text(number: Decimal | None) -> str | None:
    return None if number is None else format(number, "f")


def clock_text(clock: time | None) -> str | None:
    return None if clock is None else clock.strftime("%H:%M")


def checkin_to_plain(checkin: CheckIn) -> dict[str, Any]:
    return {
        "uid": checkin.uid,
        "occurred_at": instant_text(checkin.occurred_at),
        "timezone": checkin.timezone,
        **{name: getattr(checkin, name) for name in measures.SCALES},
        "forms": list(checkin.forms),
        "warning_signs": list(checkin.warning_signs),
        "tags": [str(tag) for tag in checkin.tags],
        "self_talk": checkin.self_talk,
        "note": checkin.note,
        "tolerance_window": checkin.tolerance_window,
        "source": checkin.source,
        "created_at": instant_text(checkin.created_at),
        "updated_at": instant_text(checkin.updated_at),
        "deleted_at": instant_text(checkin.deleted_at),
    }


def glimmer_to_plain(glimmer: Glimmer) -> dict[str, Any]:
    return {
        "uid": glimmer.uid,
        "occurred_at": instant_text(glimmer.occurred_at),
        "timezone": glimmer.timezone,
        "text": glimmer.text,
        "preceded_by": glimmer.preceded_by,
        "tags": [str(tag) for tag in glimmer.tags],
        "source": glimmer.source,
        "created_at": instant_text(glimmer.created_at),
        "updated_at": instant_text(glimmer.updated_at),
        "deleted_at": instant_text(glimmer.deleted_at),
    }


def day_to_plain(day: DayFactors) -> dict[str, Any]:
    return {
        "day": day.day.isoformat(),
        **{name: decimal_text(getattr(day, name)) for name in measures.FACTORS},
        "wake_time": clock_text(day.wake_time),
        "note": day.note,
        "updated_at": instant_text(day.updated_at),
    }


# --- the plain form back to records, strictly ----------------------------------


def parse_instant(value: str | None, *, field: str) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput(
            _("%(field)s is %(value)s, which is not a date and time with a zone, such as 2026-11-20T12:00:00.000000Z.")
            % {"field": field, "value": repr(value)},
            field=field,
        )
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+14:00 lies before the first instant Python can hold
        raise InvalidInput(
            _("%(field)s is %(value)s, which lies outside the years glimmers can hold.")
            % {"field": field, "value": repr(value)},
            field=field,
        ) from None


def checked_fields(plain: Any, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict[str, Any]:
    """The record's fields after checking names and types; timestamps parsed."""
    if not isinstance(plain, Mapping):
        raise InvalidInput(_("Each record must be a JSON object."))
    unknown = sorted(set(plain) - set(allowed))
    if unknown:
        raise InvalidInput(_("Unknown field %(field)s.") % {"field": repr(unknown[0])}, field=unknown[0])
    for name in required:
        if name not in plain or plain[name] in (None, ""):
            raise InvalidInput(_("The field %(field)s is missing.") % {"field": name}, field=name)
    fields = dict(plain)
    for name, value in fields.items():
        kind = FIELD_KINDS[name]
        if not _fits(kind, value):
            raise InvalidInput(
                _("%(field)s must be %(expected)s.") % {"field": name, "expected": _expected(kind)}, field=name
            )
        if kind in (INSTANT, MAYBE_INSTANT):
            fields[name] = parse_instant(value, field=name)
    return fields


def checkin_from_plain(plain: Any, *, now: datetime) -> CheckIn:
    fields = checked_fields(plain, CHECKIN_FIELDS, REQUIRED_FIELDS["checkins"])
    return entries.validate_checkin(fields, now=now)


def glimmer_from_plain(plain: Any, *, now: datetime) -> Glimmer:
    fields = checked_fields(plain, GLIMMER_FIELDS, REQUIRED_FIELDS["glimmers"])
    return entries.validate_glimmer(fields, now=now)


def day_from_plain(plain: Any, *, today: date) -> DayFactors:
    fields = checked_fields(plain, DAY_FIELDS, REQUIRED_FIELDS["days"])
    fields["day"] = parse_date(fields["day"], field="day")
    return entries.validate_day(fields, today=today)


def local_today(context: ReadContext) -> date:
    return context.now.astimezone(zone(context.timezone)).date()


class RepeatGuard:
    """Refuses a second record with the same identity (a uid, or a day)."""

    def __init__(self) -> None:
        self._seen: set[object] = set()

    def check(self, identity: object) -> None:
        if identity in self._seen:
            raise InvalidInput(_("%(identity)s appears twice in this file.") % {"identity": identity})
        self._seen.add(identity)

    def check_record(self, record: CheckIn | Glimmer | DayFactors) -> None:
        self.check(record.day.isoformat() if isinstance(record, DayFactors) else record.uid)


# --- the format ------------------------------------------------------------------


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidInput(_("The key %(key)s appears twice in one object.") % {"key": repr(key)})
        result[key] = value
    return result


def _refuse_constant(name: str) -> None:
    raise InvalidInput(_("%(name)s is not a number JSON allows.") % {"name": name})


def load_json(data: bytes) -> Any:
    """Parse bytes as strict JSON within the input limits, or raise ImportProblem with the line."""
    input_limits.check_file_size(len(data))
    text = input_limits.decode_utf8(data)
    if not text.strip():
        raise ImportProblem(_("The file is empty."))
    try:
        return input_limits.parse_json(text, object_pairs_hook=_refuse_duplicate_keys, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ImportProblem(
            _("The file is not complete, valid JSON; it may be cut short or damaged (%(detail)s).")
            % {"detail": exc.msg},
            line=exc.lineno,
        ) from None
    except InvalidInput as exc:
        raise ImportProblem(exc.message) from None
    except ValueError:  # absurdly long numbers
        raise ImportProblem(_("The file is not JSON that glimmers can read; it may be damaged.")) from None


_READERS: dict[str, Callable[[Any, ReadContext], Any]] = {
    "checkins": lambda plain, context: checkin_from_plain(plain, now=context.now),
    "glimmers": lambda plain, context: glimmer_from_plain(plain, now=context.now),
    "days": lambda plain, context: day_from_plain(plain, today=local_today(context)),
    "screenings": lambda plain, context: care_records.screening_from_plain(plain),
    "medications": lambda plain, context: care_records.medication_from_plain(plain, today=local_today(context)),
}


class GlimmersJson:
    """The complete, lossless glimmers export as one JSON document."""

    name: ClassVar[str] = "json"
    extension: ClassVar[str] = "json"
    extensions: ClassVar[tuple[str, ...]] = (".json",)

    def write(self, bundle: Bundle, *, exported_at: datetime | None = None) -> bytes:
        document: dict[str, Any] = {
            "format": FORMAT_NAME,
            "version": VERSION,
            "checkins": [checkin_to_plain(record) for record in bundle.checkins],
            "glimmers": [glimmer_to_plain(record) for record in bundle.glimmers],
            "days": [day_to_plain(record) for record in bundle.days],
            "screenings": [care_records.screening_to_plain(record) for record in bundle.screenings],
            "medications": [care_records.medication_to_plain(record) for record in bundle.medications],
            "safety_plan": care_records.safety_plan_to_plain(bundle.safety_plan),
            "toolkit": toolkit_records.to_plain(bundle.toolkit),
        }
        if exported_at is not None:
            document["exported_at"] = instant_text(exported_at)
        # DEL, C1 controls and lone surrogates from older data go out as \u escapes:
        # the same JSON, safe to print, and always encodable.
        return (json_text(document, sort_keys=True, indent=2) + "\n").encode("utf-8")

    def read(self, data: bytes, context: ReadContext) -> Bundle:
        document = load_json(data)
        _check_envelope(document)
        input_limits.check_record_count(_record_count(document))
        lists = {kind: [] for kind in _READERS}
        guards = {"records": RepeatGuard(), "days": RepeatGuard()}
        for kind, read_one in _READERS.items():
            guard = guards["days"] if kind == "days" else guards["records"]
            for index, plain in enumerate(document.get(kind, [])):
                try:
                    record = read_one(plain, context)
                    guard.check_record(record)
                except InvalidInput as exc:
                    raise ImportProblem(
                        _("%(place)s: %(problem)s") % {"place": f"{kind}[{index}]", "problem": exc.message}
                    ) from None
                lists[kind].append(record)
        try:
            plan = care_records.safety_plan_from_plain(document.get("safety_plan"))
        except InvalidInput as exc:
            raise ImportProblem(_("safety_plan: %(problem)s") % {"problem": exc.message}) from None
        try:
            toolkit = toolkit_records.from_plain(document.get("toolkit"))
        except InvalidInput as exc:
            raise ImportProblem(exc.message) from None
        return Bundle(
            checkins=lists["checkins"],
            glimmers=lists["glimmers"],
            days=lists["days"],
            screenings=lists["screenings"],
            medications=lists["medications"],
            safety_plan=plan,
            toolkit=toolkit,
        )


def _record_count(document: dict[str, Any]) -> int:
    """How many records a checked document holds, the toolkit's included."""
    toolkit = document.get("toolkit")
    parts = [document.get(kind, []) for kind in _READERS]
    if isinstance(toolkit, dict):
        parts.extend(toolkit.values())
    return sum(len(part) for part in parts if isinstance(part, list))


def _check_envelope(document: Any) -> None:
    """The top level: our format name, a version we understand, lists of records."""
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ImportProblem(_('This JSON is not a glimmers export: it lacks "format": "glimmers" at the top.'))
    version = document.get("version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise ImportProblem(
            _("This export is format version %(found)s; this version of glimmers reads versions %(known)s.")
            % {"found": repr(version), "known": ", ".join(map(str, READABLE_VERSIONS))}
        )
    unknown = sorted(set(document) - {"format", "version", "exported_at", "safety_plan", "toolkit", *_READERS})
    if unknown:
        raise ImportProblem(_("Unknown top-level field %(field)s.") % {"field": repr(unknown[0])})
    for kind in _READERS:
        if not isinstance(document.get(kind, []), list):
            raise ImportProblem(_("%(kind)s must be a list of records.") % {"kind": kind})

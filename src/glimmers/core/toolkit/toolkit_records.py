"""The reconnection toolkit's records in exports and backups.

Each table is a list of flat records; children name their parent by uid
(a plan day by ``plan_uid``, an adherence answer by ``experiment_uid``), so
nothing depends on database ids. Reading is strict: an unknown field, a
missing one (but a field added since the file was made), a wrong type or a
rating outside 0-10 is refused with its
place, and nothing is written.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Mapping

from glimmers.core.toolkit import activation, exercises, experiments, goals, plan, pleasures, sharing
from glimmers.core import text as stored_text
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _

TEXT, MAYBE_TEXT = "text", "maybe_text"
WHOLE, MAYBE_WHOLE, RATING = "whole", "maybe_whole", "rating"
FLAG, DAY, MAYBE_DAY = "flag", "day", "maybe_day"
INSTANT, MAYBE_INSTANT = "instant", "maybe_instant"
KEYS, FLAGS, MAPPING = "keys", "flags", "mapping"

# table -> field -> kind. Every field is written; every field must be present on reading.
TABLES: dict[str, dict[str, str]] = {
    "plans": {"uid": TEXT, "seed": WHOLE, "emphases": KEYS, "started_on": DAY, "created_at": INSTANT, "ended_at": MAYBE_INSTANT},
    "plan_days": {"plan_uid": TEXT, "number": WHOLE, "opened_on": DAY, "skipped": FLAG, "cues": MAPPING, "swaps": WHOLE},
    "plan_marks": {"plan_uid": TEXT, "number": WHOLE, "slot": TEXT, "cue_key": TEXT, "done_at": INSTANT, "timezone": TEXT},
    "values": {"name": TEXT, "action": TEXT, "position": WHOLE},
    "activities": {
        "uid": TEXT, "title": TEXT, "category": TEXT, "value": TEXT, "scheduled_for": INSTANT, "timezone": TEXT,
        "predicted_pleasure": RATING, "predicted_mastery": RATING, "actual_pleasure": RATING, "actual_mastery": RATING,
        "predicted_dread": RATING, "actual_dread": RATING, "glimmer": TEXT, "done_at": MAYBE_INSTANT, "created_at": INSTANT,
    },
    "goals": {"uid": TEXT, "day": DAY, "kind": TEXT, "text": TEXT, "done_at": MAYBE_INSTANT, "created_at": INSTANT},
    "pleasure_tries": {"uid": TEXT, "pleasure_key": TEXT, "tried_at": INSTANT, "timezone": TEXT, "shift": TEXT, "note": TEXT},
    "exercise_sessions": {
        "uid": TEXT, "exercise_key": TEXT, "started_at": INSTANT, "timezone": TEXT, "active_seconds": WHOLE,
        "completed": FLAG, "steps_done": WHOLE, "steps_total": WHOLE, "numbness_before": RATING, "numbness_after": RATING,
        "shift": TEXT,
    },
    "experiments": {
        "uid": TEXT, "lever_key": TEXT, "lever_name": TEXT, "design": TEXT, "start": DAY, "end": DAY,
        "weeks": MAYBE_WHOLE, "on_weeks": MAYBE_WHOLE, "seed": MAYBE_WHOLE, "schedule": FLAGS,
        "baseline_days": MAYBE_WHOLE, "change_days": MAYBE_WHOLE, "stopped_on": MAYBE_DAY, "created_at": INSTANT,
    },
    "adherence": {"experiment_uid": TEXT, "day": DAY, "answer": TEXT, "note": TEXT},
    "shared_messages": {"uid": TEXT, "audience": TEXT, "text": TEXT, "created_at": INSTANT},
    # The person's notes for the clinician report ("what I would like help with").
    "help_notes": {"text": TEXT, "updated_at": INSTANT},
}

# Fields added since the first toolkit export (format 5): a file made before
# them lacks them, and they read as not rated.
ADDED_FIELDS: dict[str, frozenset[str]] = {"activities": frozenset({"predicted_dread", "actual_dread"})}

# Text fields by the shared rule for stored text (glimmers.core.text): the
# longest each may be (the same as the forms and the database), and the few
# that keep line breaks. Every other text field is one line of at most 64.
TEXT_LIMITS: dict[tuple[str, str], int] = {
    **{(table, name): 32 for table, fields in TABLES.items() for name in fields if name in ("uid", "plan_uid", "experiment_uid")},
    **{(table, "timezone"): 64 for table, fields in TABLES.items() if "timezone" in fields},
    ("values", "name"): 60,
    ("values", "action"): 200,
    ("activities", "title"): 120,
    ("activities", "value"): 60,
    ("activities", "glimmer"): 500,
    ("goals", "text"): 160,
    ("pleasure_tries", "note"): 500,
    ("experiments", "lever_name"): 80,
    ("adherence", "note"): 200,
    ("shared_messages", "text"): 2000,
    ("help_notes", "text"): 4000,
}
MULTILINE = {("pleasure_tries", "note"), ("adherence", "note"), ("shared_messages", "text"), ("help_notes", "text")}
KEY_MAX = 64

# Closed sets, checked on reading (the database checks them again), each
# declared once in the module it belongs to.
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("activities", "category"): activation.CATEGORY_KEYS,
    ("goals", "kind"): goals.KINDS,
    ("experiments", "design"): experiments.DESIGNS,
    ("adherence", "answer"): experiments.ADHERENCE,
    ("plan_marks", "slot"): plan.SLOTS,
    ("pleasure_tries", "shift"): pleasures.shift_keys(),
    ("exercise_sessions", "shift"): ("", *(key for key, _label in exercises.SHIFTS)),  # "" when stopped early
    ("shared_messages", "audience"): sharing.AUDIENCES,
}


def empty() -> dict[str, list[dict]]:
    return {table: [] for table in TABLES}


def record_of(table: str, row: object) -> dict:
    """The plain record of ``table`` read from a stored row's attributes of the same names."""
    return {name: getattr(row, name) for name in TABLES[table]}


def count(toolkit: Mapping[str, list]) -> int:
    return sum(len(rows) for rows in toolkit.values())


def _instant_text(moment: datetime | None) -> str | None:
    from datetime import UTC

    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def to_plain(toolkit: Mapping[str, list[dict]]) -> dict[str, list[dict]]:
    """Typed rows (dates, datetimes) to JSON-ready plain rows, fields in schema order."""
    plain: dict[str, list[dict]] = {}
    for table, fields in TABLES.items():
        rows = []
        for row in toolkit.get(table, []):
            out = {}
            for name, kind in fields.items():
                value = row[name]
                if kind in (INSTANT, MAYBE_INSTANT):
                    value = _instant_text(value)
                elif kind in (DAY, MAYBE_DAY):
                    value = None if value is None else value.isoformat()
                elif kind in (KEYS, FLAGS):
                    value = list(value)
                elif kind == MAPPING:
                    value = dict(value)
                out[name] = value
            rows.append(out)
        plain[table] = rows
    return plain


def _problem(place: str, message: str) -> InvalidInput:
    return InvalidInput(_("toolkit %(place)s: %(problem)s") % {"place": place, "problem": message})


def _stored_text(value: str, place: str, *, maximum: int = KEY_MAX, multiline: bool = False) -> str:
    try:
        return stored_text.clean(value, field=place.rsplit(".", 1)[-1], maximum=maximum, multiline=multiline)
    except InvalidInput as problem:
        raise _problem(place, problem.message) from None


def _read_value(kind: str, value: Any, place: str, rule: tuple[int, bool] = (KEY_MAX, False)) -> Any:
    def wrong(expected: str) -> InvalidInput:
        return _problem(place, _("expected %(what)s") % {"what": expected})

    if kind == TEXT:
        if not isinstance(value, str):
            raise wrong(_("text"))
        return _stored_text(value, place, maximum=rule[0], multiline=rule[1])
    if kind == MAYBE_TEXT:
        if value is not None and not isinstance(value, str):
            raise wrong(_("text or null"))
        return None if value is None else _stored_text(value, place, maximum=rule[0], multiline=rule[1])
    if kind in (WHOLE, MAYBE_WHOLE, RATING):
        if value is None and kind != WHOLE:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise wrong(_("a whole number"))
        if kind == RATING and not 0 <= value <= 10:
            raise wrong(_("a rating from 0 to 10"))
        if kind == WHOLE and value < 0:
            raise wrong(_("a whole number of 0 or more"))
        return value
    if kind == FLAG:
        if not isinstance(value, bool):
            raise wrong(_("true or false"))
        return value
    if kind in (DAY, MAYBE_DAY):
        if value is None and kind == MAYBE_DAY:
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise wrong(_("a date such as 2026-11-20")) from None
    if kind in (INSTANT, MAYBE_INSTANT):
        if value is None and kind == MAYBE_INSTANT:
            return None
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except (AttributeError, ValueError):
            raise wrong(_("a date and time such as 2026-11-20T12:00:00.000000Z")) from None
        if moment.tzinfo is None:
            raise wrong(_("a date and time with a zone"))
        return moment
    if kind == KEYS:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise wrong(_("a list of text values"))
        return [_stored_text(item, place) for item in value]
    if kind == FLAGS:
        if not isinstance(value, list) or not all(isinstance(item, bool) for item in value):
            raise wrong(_("a list of true/false values"))
        return value
    if kind == MAPPING:
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise wrong(_("an object of text values"))
        return {_stored_text(k, place): _stored_text(v, place) for k, v in value.items()}
    raise AssertionError(kind)


def _rule(table: str, name: str) -> tuple[int, bool]:
    return TEXT_LIMITS.get((table, name), KEY_MAX), (table, name) in MULTILINE


def from_plain(document: Any) -> dict[str, list[dict]]:
    """The ``toolkit`` part of an export, checked field by field (absent means empty)."""
    if document is None:
        return empty()
    if not isinstance(document, dict):
        raise InvalidInput(_("toolkit must be an object of lists."))
    unknown = sorted(set(document) - set(TABLES))
    if unknown:
        raise InvalidInput(_("toolkit has an unknown list %(name)s.") % {"name": repr(unknown[0])})
    toolkit = empty()
    for table, fields in TABLES.items():
        rows = document.get(table, [])
        if not isinstance(rows, list):
            raise InvalidInput(_("toolkit %(table)s must be a list.") % {"table": table})
        for index, plain in enumerate(rows):
            place = f"{table}[{index}]"
            if not isinstance(plain, dict):
                raise _problem(place, _("expected an object"))
            plain = {name: None for name in ADDED_FIELDS.get(table, ())} | plain
            if set(plain) != set(fields):
                extra, missing = sorted(set(plain) - set(fields)), sorted(set(fields) - set(plain))
                name = extra[0] if extra else missing[0]
                raise _problem(place, (_("unknown field %(name)s") if extra else _("missing field %(name)s")) % {"name": repr(name)})
            row = {
                name: _read_value(kind, plain[name], f"{place}.{name}", _rule(table, name)) for name, kind in fields.items()
            }
            for (choice_table, field), allowed in CHOICES.items():
                if choice_table == table and row[field] not in allowed:
                    raise _problem(f"{place}.{field}", _("expected one of %(allowed)s") % {"allowed": ", ".join(allowed)})
            toolkit[table].append(row)
    _check_links(toolkit)
    return toolkit


def _check_links(toolkit: Mapping[str, list[dict]]) -> None:
    """Children must name a parent in the same file; uids must not repeat."""
    _check_content_keys(toolkit)
    for table in TABLES:
        if "uid" in TABLES[table]:
            uids = [row["uid"] for row in toolkit[table]]
            if len(set(uids)) != len(uids):
                raise InvalidInput(_("toolkit %(table)s has the same uid twice.") % {"table": table})
    plans = {row["uid"] for row in toolkit["plans"]}
    days = {(row["plan_uid"], row["number"]) for row in toolkit["plan_days"]}
    experiments = {row["uid"] for row in toolkit["experiments"]}
    for row in toolkit["plan_days"]:
        if row["plan_uid"] not in plans:
            raise InvalidInput(_("toolkit plan_days names a plan that is not in the file."))
    for row in toolkit["plan_marks"]:
        if (row["plan_uid"], row["number"]) not in days:
            raise InvalidInput(_("toolkit plan_marks names a plan day that is not in the file."))
    for row in toolkit["adherence"]:
        if row["experiment_uid"] not in experiments:
            raise InvalidInput(_("toolkit adherence names an experiment that is not in the file."))
    for table, key in (("plan_days", ("plan_uid", "number")), ("plan_marks", ("plan_uid", "number", "slot")),
                       ("adherence", ("experiment_uid", "day"))):
        seen = [tuple(row[name] for name in key) for row in toolkit[table]]
        if len(set(seen)) != len(seen):
            raise InvalidInput(_("toolkit %(table)s has the same entry twice.") % {"table": table})


def _check_content_keys(toolkit: Mapping[str, list[dict]]) -> None:
    """Every cue, exercise, pleasure and lever named must be one this version knows,
    so that every page and command can show what was stored."""
    from glimmers.core.toolkit import exercises, experiments, plan, pleasures

    cues = {cue.key: cue.slot for cue in plan.cues()}
    for index, row in enumerate(toolkit["plan_days"]):
        if not 1 <= row["number"] <= plan.PLAN_DAYS:
            raise _problem(f"plan_days[{index}].number", _("expected a day from 1 to 14"))
        for slot, key in row["cues"].items():
            if cues.get(key) != slot:
                raise _problem(f"plan_days[{index}].cues", _("unknown cue %(key)s for %(slot)s") % {"key": repr(key), "slot": slot})
    for index, row in enumerate(toolkit["plan_marks"]):
        if cues.get(row["cue_key"]) != row["slot"]:
            raise _problem(f"plan_marks[{index}].cue_key", _("unknown cue %(key)s") % {"key": repr(row["cue_key"])})
    checks = (
        ("exercise_sessions", "exercise_key", {item.key for item in exercises.exercises()}),
        ("pleasure_tries", "pleasure_key", {item.key for item in pleasures.pleasures()}),
        ("experiments", "lever_key", {*experiments.LEVER_KEYS, experiments.CUSTOM}),
    )
    for table, field, known in checks:
        for index, row in enumerate(toolkit[table]):
            if row[field] not in known:
                raise _problem(f"{table}[{index}].{field}", _("unknown key %(key)s") % {"key": repr(row[field])})

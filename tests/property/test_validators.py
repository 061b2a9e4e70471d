"""Every pure validator and parser in the core, fed generated input: it
returns a value or raises a GlimmersError (one readable sentence), never
any other exception.

Each entry of ``VALIDATORS`` names a function, a strategy for its
arguments, and (where there is one) a property every accepted value has.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glimmers import config
from glimmers.core.toolkit import activation, exercises, experiments, goals, guides, plan, pleasures, sharing, toolkit_records
from glimmers.core.transfer import backup_file, calendar_export
from glimmers.core.care import care_records, instruments, medication, profile, screening_change, triage
from glimmers.core import content, refs, when
from glimmers.core.journal import entries, measures
from glimmers.core.safety import risk_language, safety_plan
from glimmers.core import text as stored_text
from glimmers.core.errors import GlimmersError
from glimmers.core.transfer.formats import daylio, glimmers_json, jrnl

from .runs import cases, counted
from .strategies import NOW, TODAY, ZONE_NAMES, ZONES, near_now, plain_values, records_like, texts

UNSAFE = {chr(code) for code in (*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))}


def refused_or_valid(call, *args, **kwargs):
    """The value ``call`` returns, or None when it refused in one readable sentence."""
    try:
        return call(*args, **kwargs)
    except GlimmersError as problem:
        assert isinstance(problem.message, str) and problem.message.strip(), repr(problem)
        return None


def anything() -> st.SearchStrategy:
    return st.one_of(texts(), st.integers(-(10**30), 10**30), st.floats(), st.none(), st.booleans(), plain_values())


def numbers_or_text() -> st.SearchStrategy:
    return st.one_of(texts(), st.integers(-(10**30), 10**30), st.floats(), st.none(), st.decimals(), st.booleans())


def keys_and(choices, strategy=None) -> st.SearchStrategy:
    """A known key most of the time, anything else otherwise."""
    return st.one_of(st.sampled_from(tuple(choices)), strategy if strategy is not None else texts(long=False))


def lists_of(strategy, size: int = 6) -> st.SearchStrategy[list]:
    return st.lists(strategy, max_size=size)


# --- properties of accepted values ---------------------------------------------


def accepted(value, holds):
    """Check ``holds`` (which asserts) on a value that was accepted; None was a refusal."""
    if value is not None:
        holds(value)
    return value


def a_row_number(value):
    assert type(value) is int and value >= 0


def an_aware_instant(value):
    assert isinstance(value, datetime) and value.utcoffset() is not None


def refused_exactly_outside_the_calendar(day):
    inside = when.EARLIEST <= day <= when.LATEST
    try:
        when.check_day(day)
    except GlimmersError:
        assert not inside, day
    else:
        assert inside, day


def is_rating(name):
    def check(value):
        assert type(value) is int and value in measures.SCALES[name]

    return check


def a_boolean(value):
    assert isinstance(value, bool)


def a_text(value):
    assert isinstance(value, str)


def a_bytes(value):
    assert isinstance(value, bytes)


def stored_text_is_clean(value):
    assert isinstance(value, str) and not (set(value) & UNSAFE)
    assert not any("\ud800" <= ch <= "\udfff" for ch in value)


def within_the_calendar(value):
    assert when.EARLIEST <= value <= when.LATEST


def an_instant(value):
    assert value.tzinfo is not None and value.utcoffset() is not None
    assert when.EARLIEST <= value.astimezone(timezone.utc).date() <= when.LATEST


def a_past_instant(value):
    an_instant(value)
    assert value <= NOW + when.FUTURE_SLACK


# --- the table -----------------------------------------------------------------


def _rating(args):
    name, value = args
    return accepted(refused_or_valid(entries.rating, name, value), is_rating(name))


def _amount(args):
    name, value = args
    number = refused_or_valid(entries.amount, name, value)
    if number is not None:
        spec = measures.FACTORS[name]
        assert isinstance(number, Decimal) and spec.low <= number <= spec.high
    return number


def _calendar(args):
    zone_name, start, days, keys, name = args
    reminders = refused_or_valid(calendar_export.self_care_reminders, zone_name, start_day=start, days=days, keys=keys)
    if reminders is not None:
        data = refused_or_valid(calendar_export.build_calendar, reminders, zone_name=zone_name, now=NOW, name=name)
        assert data is None or data.startswith(b"BEGIN:VCALENDAR")
    return reminders


def _experiment(args):
    design, lever_name, start, seed, weeks, on_weeks, baseline, change = args
    lever = refused_or_valid(experiments.lever, lever_name) or refused_or_valid(experiments.custom_lever, lever_name)
    if lever is None:
        return None
    if design == "alternating":
        planned = refused_or_valid(experiments.plan_alternating, lever, start, seed=seed, weeks=weeks, on_weeks=on_weeks)
    else:
        planned = refused_or_valid(experiments.plan_before_after, lever, start, baseline_days=baseline, change_days=change)
    if planned is not None:
        refused_or_valid(experiments.validate_new, planned, TODAY, [planned])
        refused_or_valid(experiments.validate_new, planned, TODAY)
    return planned


def _plan_swap(args):
    seed, emphases, day_number, slot, used, attempt = args
    built = refused_or_valid(plan.build_plan, seed, emphases)
    if built is not None:
        refused_or_valid(plan.swap, built, day_number, slot, already_used=used, attempt=attempt)
    return built


def _score(args):
    key, answers, functional, previous = args
    chosen = instruments.instrument(key)
    scored = refused_or_valid(instruments.score, chosen, answers, functional)
    if scored is not None:
        refused_or_valid(screening_change.compare_totals, chosen, previous, scored.total)
    return scored


def _parse_answers(args):
    key, text = args
    chosen = instruments.instrument(key)
    answers = refused_or_valid(instruments.parse_answers, chosen, text)
    if answers is not None:
        assert len(answers) == len(chosen.questions)
        refused_or_valid(instruments.score, chosen, answers)
    return answers


def with_moment(fields: tuple[str, ...], lists: tuple[str, ...] = ()) -> st.SearchStrategy[dict]:
    """An entry's fields as every caller hands them over: the moment a datetime
    (naive ones included), the ``lists`` fields lists (of anything), the rest anything."""
    return st.builds(
        lambda record, listed, moment, zone_name: {**record, **listed, "occurred_at": moment, "timezone": zone_name},
        records_like(fields),
        st.fixed_dictionaries({}, optional={name: lists_of(st.one_of(texts(long=False), st.integers())) for name in lists}),
        st.one_of(near_now(), st.datetimes()),
        keys_and(ZONE_NAMES),
    )


VALIDATORS = [
    ("entries.rating", st.tuples(st.sampled_from(tuple(measures.SCALES)), numbers_or_text()), _rating),
    ("entries.amount", st.tuples(st.sampled_from(tuple(measures.FACTORS)), numbers_or_text()), _amount),
    (
        "entries.text",
        st.tuples(anything(), st.integers(0, 200)),
        lambda args: accepted(refused_or_valid(entries.text, args[0], field="note", maximum=args[1]), stored_text_is_clean),
    ),
    ("entries.tag", texts(), lambda value: refused_or_valid(entries.tag, value)),
    ("entries.tags", lists_of(texts(long=False), 40), lambda values: refused_or_valid(entries.tags, values)),
    (
        "entries.keys_from",
        lists_of(keys_and(c.key for c in content.numbness_forms())),
        lambda values: refused_or_valid(entries.keys_from, values, content.numbness_forms(), field="forms"),
    ),
    (
        "entries.validate_checkin",
        with_moment(("numbness", "mood", "energy", "stress", "self_talk", "note", "source", "uid"), ("forms", "tags", "warning_signs")),
        lambda data: refused_or_valid(entries.validate_checkin, data, now=NOW),
    ),
    (
        "entries.validate_glimmer",
        with_moment(("text", "preceded_by", "source", "uid"), ("tags",)),
        lambda data: refused_or_valid(entries.validate_glimmer, data, now=NOW),
    ),
    (
        "entries.validate_day",  # the day is a date: every caller parses it first
        st.builds(lambda record, day: {**record, "day": day}, records_like(("wake_time", *measures.FACTORS, "note")), st.dates()),
        lambda data: refused_or_valid(entries.validate_day, data, today=TODAY),
    ),
    ("when.zone", texts(), lambda name: refused_or_valid(when.zone, name)),
    (
        "when.parse_date",
        st.tuples(texts(), st.one_of(st.none(), st.just(TODAY))),
        lambda args: accepted(refused_or_valid(when.parse_date, args[0], today=args[1]), within_the_calendar),
    ),
    ("when.parse_clock", texts(), lambda text: refused_or_valid(when.parse_clock, text)),
    ("when.check_day", st.dates(), lambda day: refused_exactly_outside_the_calendar(day)),
    (
        "when.parse_when",
        st.tuples(texts(), ZONES),
        lambda args: accepted(refused_or_valid(when.parse_when, args[0], now=NOW, tz=args[1]), a_past_instant),
    ),
    (
        "when.parse_moment",
        st.tuples(texts(), ZONES),
        lambda args: accepted(refused_or_valid(when.parse_moment, args[0], now=NOW, tz=args[1]), an_instant),
    ),
    (
        "when.localise",
        st.tuples(st.dates(), st.times(), ZONES),
        lambda args: accepted(refused_or_valid(when.localise, *args), an_instant),
    ),
    (
        "when.check_moment",
        st.one_of(st.datetimes(), st.datetimes(timezones=ZONES)),
        lambda moment: refused_or_valid(when.check_moment, moment, now=NOW),
    ),
    ("refs.parse_ref", texts(), lambda text: refused_or_valid(refs.parse_ref, text)),
    (
        "refs.short_number",
        st.tuples(st.one_of(texts(), st.none()), st.sampled_from("cgmsaeph")),
        lambda args: accepted(refs.short_number(*args), a_row_number),
    ),
    ("refs.looks_like_ref", texts(), lambda text: a_boolean(refs.looks_like_ref(text))),
    ("risk_language.scan (lexicon)", texts(), lambda text: refused_or_valid(risk_language.scan, text, use_model=False)),
    ("risk_language.scan (with the model)", texts(long=False), lambda text: refused_or_valid(risk_language.scan, text)),
    (
        "activation.validate_rating",
        st.tuples(numbers_or_text(), st.sampled_from(["pleasure", "mastery"])),
        lambda args: refused_or_valid(activation.validate_rating, *args),
    ),
    ("activation.validate_category", keys_and(key for key, _label in activation.CATEGORIES), lambda key: refused_or_valid(activation.validate_category, key)),
    (
        "activation.validate_values",
        lists_of(st.tuples(texts(long=False), texts()), 30),
        lambda pairs: refused_or_valid(activation.validate_values, pairs),
    ),
    (
        "activation.validate_plan",
        st.tuples(texts(), keys_and(key for key, _label in activation.CATEGORIES), near_now(), numbers_or_text(), numbers_or_text(), texts(long=False),
                  st.one_of(st.none(), lists_of(texts(long=False)))),
        lambda args: refused_or_valid(
            activation.validate_plan, title=args[0], category=args[1], when=args[2], now=NOW,
            predicted_pleasure=args[3], predicted_mastery=args[4], value=args[5], known_values=args[6],
        ),
    ),
    (
        "activation.validate_done",
        st.tuples(numbers_or_text(), numbers_or_text(), texts()),
        lambda args: refused_or_valid(activation.validate_done, actual_pleasure=args[0], actual_mastery=args[1], glimmer=args[2]),
    ),
    (
        "calendar_export.self_care_reminders + calendar_export.build_calendar",
        # The calendar's name is glimmers' own (never typed), so it is text without lone surrogates.
        st.tuples(keys_and(ZONE_NAMES), st.dates(), st.integers(-5, 10**6), st.one_of(st.none(), lists_of(texts(long=False))),
                  st.text(max_size=40)),
        _calendar,
    ),
    ("care_records.screening_from_plain", st.one_of(plain_values(), records_like(
        ("instrument", "taken_at", "timezone", "answers", "functional", "total", "uid"))),
        lambda plain: refused_or_valid(care_records.screening_from_plain, plain)),
    ("care_records.medication_from_plain", st.one_of(plain_values(), records_like(
        ("name", "kind", "day", "dose", "note", "uid", "created_at"))),
        lambda plain: refused_or_valid(care_records.medication_from_plain, plain, today=TODAY)),
    ("care_records.safety_plan_from_plain", st.one_of(plain_values(), records_like((*safety_plan.step_keys(), "updated_at"))),
     lambda plain: refused_or_valid(care_records.safety_plan_from_plain, plain)),
    ("exercises.exercise", keys_and(e.key for e in exercises.exercises()), lambda key: refused_or_valid(exercises.exercise, key)),
    ("exercises.validate_shift", st.one_of(keys_and(k for k, _ in exercises.SHIFTS), anything()),
     lambda value: refused_or_valid(exercises.validate_shift, value)),
    ("exercises.validate_rating", numbers_or_text(), lambda value: refused_or_valid(exercises.validate_rating, value, "numbness")),
    ("experiments.lever", keys_and(experiments.LEVER_KEYS), lambda key: refused_or_valid(experiments.lever, key)),
    ("experiments.custom_lever", texts(), lambda name: refused_or_valid(experiments.custom_lever, name)),
    (
        "experiments.assign_weeks",
        st.tuples(st.integers(-(2**70), 2**70), st.integers(-3, 40), st.one_of(st.none(), st.integers(-3, 40))),
        lambda args: refused_or_valid(experiments.assign_weeks, *args),
    ),
    ("experiments.validate_adherence", texts(), lambda value: refused_or_valid(experiments.validate_adherence, value)),
    (
        "experiments.plan_alternating + experiments.plan_before_after + experiments.validate_new",
        st.tuples(st.sampled_from(["alternating", "before_after"]), keys_and(experiments.LEVER_KEYS), st.dates(),
                  st.integers(0, 2**32), st.integers(-2, 30), st.one_of(st.none(), st.integers(-2, 30)),
                  st.integers(-5, 500), st.integers(-5, 500)),
        _experiment,
    ),
    ("goals.validate_text", st.tuples(st.one_of(texts(), st.none()), keys_and(goals.KINDS)),
     lambda args: refused_or_valid(goals.validate_text, *args)),
    ("guides.guide", keys_and(g.key for g in guides.guides()), lambda key: refused_or_valid(guides.guide, key)),
    ("instruments.instrument", keys_and(i.key for i in instruments.instruments()), lambda key: refused_or_valid(instruments.instrument, key)),
    ("instruments.parse_answers", st.tuples(st.sampled_from([i.key for i in instruments.instruments()]), texts()), _parse_answers),
    (
        "instruments.score + screening_change.compare_totals",
        st.tuples(st.sampled_from([i.key for i in instruments.instruments()]), lists_of(st.integers(-3, 10**20), 12),
                  st.one_of(st.none(), st.integers(-3, 10)), st.integers(-(10**6), 10**6)),
        _score,
    ),
    (
        "medication.validate_event",
        st.tuples(texts(), keys_and(medication.KINDS), st.dates(), texts(), texts()),
        lambda args: refused_or_valid(
            medication.validate_event, name=args[0], kind=args[1], day=args[2], dose=args[3], note=args[4], today=TODAY
        ),
    ),
    ("plan.cue", keys_and(c.key for c in plan.cues()), lambda key: refused_or_valid(plan.cue, key)),
    (
        "plan.build_plan + plan.swap",
        st.tuples(st.integers(-(2**40), 2**40), lists_of(texts(long=False)), st.integers(-3, 40), keys_and(plan.SLOTS),
                  lists_of(keys_and(c.key for c in plan.cues())), st.integers(-3, 10**6)),
        _plan_swap,
    ),
    ("pleasures.pleasure", keys_and(p.key for p in pleasures.pleasures()), lambda key: refused_or_valid(pleasures.pleasure, key)),
    (
        "pleasures.pick",
        st.tuples(st.integers(-(2**70), 2**70), st.one_of(st.none(), keys_and(pleasures.SENSES)), st.one_of(st.none(), st.booleans()),
                  lists_of(keys_and(p.key for p in pleasures.pleasures()), 40)),
        lambda args: refused_or_valid(pleasures.pick, args[0], sense=args[1], novelty=args[2], exclude=args[3]),
    ),
    ("pleasures.shift_label", keys_and(pleasures.shift_keys()), lambda key: refused_or_valid(pleasures.shift_label, key)),
    ("profile.parse_answers", texts(), lambda text: refused_or_valid(profile.parse_answers, text)),
    ("triage.parse_answers", texts(), lambda text: refused_or_valid(triage.parse_answers, text)),
    (
        "safety_plan.validate",
        st.dictionaries(keys_and(safety_plan.step_keys()), st.one_of(texts(), lists_of(texts(long=False)), plain_values()), max_size=9),
        lambda lines: refused_or_valid(safety_plan.validate, lines),
    ),
    (
        "sharing.compose",
        st.tuples(keys_and(a.key for a in sharing.audiences()), lists_of(keys_and(f.key for f in sharing.feelings())),
                  lists_of(keys_and(n.key for n in sharing.needs())), texts()),
        lambda args: refused_or_valid(sharing.compose, *args),
    ),
    (
        "toolkit_records.from_plain",
        st.one_of(plain_values(), st.dictionaries(keys_and(toolkit_records.empty()), lists_of(plain_values(), 3), max_size=5)),
        lambda document: refused_or_valid(toolkit_records.from_plain, document),
    ),
    (
        "text.clean + text.printable",
        st.tuples(anything(), st.one_of(st.none(), st.integers(0, 300)), st.booleans()),
        lambda args: (
            accepted(refused_or_valid(stored_text.clean, args[0], field="note", maximum=args[1], multiline=args[2]), stored_text_is_clean),
            stored_text_is_clean(stored_text.printable(args[0]).replace("\n", "").replace("\t", "")),
        ),
    ),
    ("backup_file.passphrase_bytes", texts(), lambda text: accepted(refused_or_valid(backup_file.passphrase_bytes, text), a_bytes)),
    ("config.validate", st.tuples(keys_and(config.KEYS), texts()), lambda args: refused_or_valid(config.validate, *args)),
    ("config.known_country", texts(), lambda value: refused_or_valid(config.known_country, value)),
    ("daylio.parse_daylio_clock", texts(), lambda text: refused_or_valid(daylio.parse_daylio_clock, text)),
    ("daylio.parse_older_date", st.tuples(texts(long=False), texts(long=False)),
     lambda args: refused_or_valid(daylio.parse_older_date, *args)),
    ("daylio.plain_text", texts(), lambda text: accepted(refused_or_valid(daylio.plain_text, text), a_text)),
    ("jrnl.tag_name", texts(), lambda text: refused_or_valid(jrnl.tag_name, text)),
    ("glimmers_json.parse_instant", st.one_of(texts(), st.none()),
     lambda text: accepted(refused_or_valid(glimmers_json.parse_instant, text, field="created_at"), an_aware_instant)),
]

# The model-backed scan is slower (a forward pass per text): fewer cases.
_FEWER = {"risk_language.scan (with the model)": 60, "calendar_export.self_care_reminders + calendar_export.build_calendar": 60}


@pytest.mark.parametrize(
    "name, strategy, check",
    [pytest.param(name, strategy, check, id=name) for name, strategy, check in VALIDATORS],
)
def test_a_validator_returns_a_value_or_refuses_in_words(name, strategy, check):
    @cases(_FEWER.get(name, 150))
    @given(value=strategy)
    @counted
    def returns_or_refuses(value):
        check(value)

    returns_or_refuses()


def test_the_table_covers_every_validator_that_refuses():
    """A new public function that raises InvalidInput must join the table (or be listed as covered elsewhere)."""
    import ast
    import importlib
    from pathlib import Path

    covered_elsewhere = {
        # Exercised through the importers' tests (tests/property/test_importers.py).
        "backup_file.seal", "backup_file.unseal", "backup_file.read_header", "formats.exporter",
        "input_limits.read_file", "input_limits.check_file_size", "input_limits.decode_utf8",
        "input_limits.check_no_surrogates",
        # Built from content files shipped with glimmers, not from what a person types.
        "demo.local_moment", "demo.generate", "fhir.bundle", "content.country_name",
        # Take checked records only (a score already validated), not text.
        "screening_change.compare", "instruments.Instrument.band_for", "plan.PlanDay.cue_for",
    }
    tested = {found for name, _strategy, _check in VALIDATORS for found in re.findall(r"[a-z_]+\.[a-z_]+", name)}
    root = Path(importlib.import_module("glimmers.core").__file__).parent
    missing = []
    for path in sorted(root.glob("*.py")):
        module = path.stem
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                body = ast.unparse(node)
                if "raise InvalidInput" in body or "raise ImportProblem" in body:
                    name = f"{module}.{node.name}"
                    if name not in tested and name not in covered_elsewhere:
                        missing.append(name)
    assert not missing, f"validators without a property test: {missing}"

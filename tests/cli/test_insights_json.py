"""``glimmers insights --json`` is a public interface: its shape is pinned here.

Scripts read it, so a key renamed, moved, dropped or retyped breaks them,
and so would a changed order of keys for anything that compares outputs as
text. The shape below is written out by hand on purpose: a change to it
should be a decision, made here, not a side effect. The journal is the demo
generator's (fixed seed, fixed clock) with two medication changes added, so
that every list has items whose shape can be checked.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)  # FIXED_NOW's day in Berlin
PREVIOUS_PAYLOAD = Path(__file__).parents[1] / "data" / "insights_payload_v4.json"


class Day:
    """A string holding an ISO date (YYYY-MM-DD)."""


FINDING = {
    "subject": str, "key": str, "family": str, "status": str, "effect": float, "low": float, "high": float,
    "unit": str, "days": int, "more_days_needed": (int, None), "words": str, "sentence": str,
}
SHAPE = {
    "today": Day,
    "measure": str,
    "rated_days": {str: int},
    "findings": {
        "days": int, "checkins": int, "young": bool, "worse": [FINDING], "lighter": [FINDING], "helps": [FINDING],
        "no_difference": [FINDING], "waiting": [FINDING], "tested": int,
    },
    "trend": {"points": [(Day, float)], "weeks": [{"start": Day, "mean": (float, None), "days": int}]},
    "screening": [{
        "ref": str, "instrument": str, "taken_on": Day, "total": (int, None), "words": str, "difference": (int, None),
        "reliable": bool,
    }],
    "wins": {"glimmers": int, "cues": int, "activities": int, "exercises": int, "glimmer_days": {Day: int}},
    "persistence": {
        "pattern": str, "words": str, "half_life": (float, None), "most_days_above": bool, "most_days_above_words": str,
    },
    "early_warning": {"status": str, "words": str, "since": (Day, None)},
    "experiments": [{
        "ref": str, "lever": str, "design": str, "status": str, "start": Day, "end": Day, "words": str,
        "adherence": str, "effect": (float, None), "low": (float, None), "high": (float, None), "p": (float, None),
    }],
    "medication": [{"ref": str, "day": Day, "name": str, "kind": str, "dose": str, "status": str, "words": str}],
    "activation": {
        "words": str,
        "periods": [{
            "start": Day, "pleasure_gap": (float, None), "pleasure_count": int, "mastery_gap": (float, None),
            "mastery_count": int,
        }],
    },
    "warning_signs": {str: int},
    "inner_critic": {str: int},
}


def mismatches(value, shape, where: str = "") -> list[str]:
    """Every place where ``value`` departs from ``shape``; lists must have items to be checked."""
    if isinstance(shape, tuple) and None in shape:  # a value that may be null
        return [] if value is None else mismatches(value, shape[0], where)
    if isinstance(shape, tuple):  # a fixed-length JSON array
        if not isinstance(value, list) or len(value) != len(shape):
            return [f"{where}: {value!r} is not a list of {len(shape)}"]
        return [m for i, (item, part) in enumerate(zip(value, shape)) for m in mismatches(item, part, f"{where}[{i}]")]
    if isinstance(shape, list):
        if not isinstance(value, list) or not value:
            return [f"{where}: {value!r} is not a list with items"]
        return [m for i, item in enumerate(value) for m in mismatches(item, shape[0], f"{where}[{i}]")]
    if isinstance(shape, dict) and len(shape) == 1 and next(iter(shape)) in (str, Day):  # a mapping
        (key_shape, value_shape), = shape.items()
        if not isinstance(value, dict) or not value:
            return [f"{where}: {value!r} is not an object with members"]
        return [m for key, item in value.items()
                for m in mismatches(key, key_shape, f"{where} key") + mismatches(item, value_shape, f"{where}.{key}")]
    if isinstance(shape, dict):
        if not isinstance(value, dict) or list(value) != list(shape):
            return [f"{where}: keys {list(value) if isinstance(value, dict) else value!r} are not {list(shape)}"]
        return [m for key, part in shape.items() for m in mismatches(value[key], part, f"{where}.{key}")]
    if shape is Day:
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            return [f"{where}: {value!r} is not an ISO date"]
        return []
    if type(value) is not shape:  # an int is no float here, and a bool no int
        return [f"{where}: {value!r} is not {shape.__name__}"]
    return []


@pytest.fixture
def demo_journal(clock, glimmers):
    from glimmers import transfer
    from glimmers.core import demo

    bundle = demo.generate(days=365, end=TODAY - timedelta(days=1), timezone="Europe/Berlin", seed=7)
    transfer.write_bundle(bundle, source="demo", now=datetime.now(timezone.utc))
    for change in (("Sertraline", "--start", "--on", "2026-09-01"), ("Sertraline", "--change", "--on", "2026-10-15")):
        assert glimmers("meds", "add", *change).code == 0


def test_the_json_has_the_pinned_shape_and_a_stored_result_prints_the_same(demo_journal, glimmers):
    first = glimmers("insights", "--json")
    assert first.code == 0, first.err
    payload = json.loads(first.out)
    assert mismatches(payload, SHAPE) == []
    assert payload["today"] == TODAY.isoformat() and payload["findings"]["tested"] > 0
    again = glimmers("insights", "--json")  # served from the stored result this time
    assert again.out == first.out


def test_a_result_the_previous_release_stored_is_read_back_and_one_in_another_shape_is_computed_again(
    demo_journal, glimmers
):
    from glimmers.analysis.models import CachedResult

    fresh = glimmers("insights", "--json").out  # computes and stores, under the current fingerprint
    previous = json.loads(PREVIOUS_PAYLOAD.read_text(encoding="utf-8"))
    CachedResult.objects.update(payload=previous)
    assert json.loads(glimmers("insights", "--json").out) == previous

    older = json.loads(PREVIOUS_PAYLOAD.read_text(encoding="utf-8"))
    older["findings"]["worse"][0].pop("subject")
    CachedResult.objects.update(payload=older)
    again = glimmers("insights", "--json")
    assert again.code == 0 and again.out == fresh
    assert CachedResult.objects.get().payload == json.loads(fresh)


def test_the_pinned_shape_is_what_the_previous_release_stored():
    """The fixture is a result the previous release stored (the JSON of a year's demo journal)."""
    assert mismatches(json.loads(PREVIOUS_PAYLOAD.read_text(encoding="utf-8")), SHAPE) == []


def test_the_shape_check_notices_a_departure():
    good = json.loads(PREVIOUS_PAYLOAD.read_text(encoding="utf-8"))
    moved = dict(good, findings={**good["findings"], "tested": 3.0})
    renamed = {("day" if key == "today" else key): value for key, value in good.items()}
    assert mismatches(moved, SHAPE) == [".findings.tested: 3.0 is not int"]
    assert mismatches(renamed, SHAPE)[0].startswith(": keys ['day',")

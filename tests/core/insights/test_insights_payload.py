"""The typed insights payload and its JSON: written one way, read back only when it fits."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from glimmers.core.analysis.insights.payload import Insights, PayloadError

STORED = Path(__file__).parents[2] / "data" / "insights_payload_v4.json"


def stored() -> dict:
    return json.loads(STORED.read_text(encoding="utf-8"))


def test_json_the_previous_release_stored_reads_back_typed_and_writes_out_the_same():
    data = stored()
    insights = Insights.from_json(data)
    assert insights.today == date(2026, 11, 20) and insights.trend.points[0][0] == date(2026, 8, 24)
    assert insights.wins.glimmer_days[date(2026, 11, 17)] == 2 and insights.medication[0].day == date(2026, 9, 1)
    assert isinstance(insights.findings.worse, tuple) and insights.findings.worse[0].key == "factor:sleep_hours:short"
    assert insights.to_json() == data


def test_the_json_has_one_order_whatever_order_it_was_stored_in():
    """Fields as declared, a mapping's members by key: PostgreSQL's jsonb hands members back in its own order."""
    data = stored()
    shuffled = {key: data[key] for key in reversed(data)}
    shuffled["warning_signs"] = dict(reversed(data["warning_signs"].items()))
    written = Insights.from_json(shuffled).to_json()
    assert list(written) == list(data) and list(written["findings"]) == list(data["findings"])
    assert list(written["warning_signs"]) == sorted(data["warning_signs"])
    assert list(written["wins"]["glimmer_days"]) == sorted(data["wins"]["glimmer_days"])


def test_a_value_read_back_equals_the_one_written():
    insights = Insights.from_json(stored())
    changed = replace(insights, early_warning=replace(insights.early_warning, since=date(2026, 11, 1)))
    assert Insights.from_json(changed.to_json()) == changed


@pytest.mark.parametrize("spoil, where", [
    (lambda d: d.pop("warning_signs"), ""),
    (lambda d: d["findings"].update(tested="46"), ".findings.tested"),
    (lambda d: d["findings"].update(young=1), ".findings.young"),
    (lambda d: d["findings"]["worse"][0].update(effect="1.2"), ".findings.worse[0].effect"),
    (lambda d: d["trend"]["points"][0].append(1.0), ".trend.points[0]"),
    (lambda d: d["early_warning"].update(since="last week"), ".early_warning.since"),
    (lambda d: d["wins"].update(glimmer_days=[]), ".wins.glimmer_days"),
    (lambda d: d["medication"][0].update(extra=""), ".medication[0]"),
])
def test_anything_else_is_refused_with_where_it_departs(spoil, where):
    data = stored()
    spoil(data)
    with pytest.raises(PayloadError) as refused:
        Insights.from_json(data)
    assert str(refused.value).startswith(f"{where}: expected")

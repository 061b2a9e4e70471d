"""An export's sorted, indented JSON is written by orjson: the same text as
``json.dumps(..., ensure_ascii=False, sort_keys=True, indent=2)``, and what
orjson would write differently or refuse is left to ``json.dumps``."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glimmers.core.text import _sorted_json, json_text

# Floats keep their value but not always their spelling (``1e16`` for ``1e+16``); they are compared by value below.
exact = st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1) | st.text()
keys = st.text(max_size=8)
documents = st.recursive(
    exact | st.dictionaries(keys, exact, max_size=8),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=60,
)


def reference(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)


@settings(max_examples=400, deadline=None)
@given(documents)
def test_the_same_text_as_the_standard_library(value):
    assert json_text(value, sort_keys=True, indent=2) == json_text_by_json(value)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=20))
def test_floats_keep_their_value(values):
    assert json.loads(json_text({"x": values}, sort_keys=True, indent=2)) == {"x": values}


def json_text_by_json(value) -> str:
    """What ``json_text`` wrote before orjson: ``json.dumps`` with the unsafe characters escaped."""
    return _escaped(reference(value))


def _escaped(text: str) -> str:
    return "".join(
        f"\\u{ord(c):04x}" if (c == "\x7f" or 0x80 <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF) else c for c in text
    )


@dataclass
class Kept:
    x: int


@pytest.mark.parametrize(
    "value",
    [
        pytest.param({"note": "half a pair \ud83d"}, id="lone surrogate"),
        pytest.param({"big": 2**70}, id="integer beyond 64 bits"),
        pytest.param({1: "a", "b": 2}, id="keys that are not text"),
    ],
)
def test_what_orjson_refuses_is_written_by_json(value):
    assert _sorted_json(value) is None
    try:
        expected = _escaped(reference(value))
    except TypeError:
        with pytest.raises(TypeError):
            json_text(value, sort_keys=True, indent=2)
    else:
        assert json_text(value, sort_keys=True, indent=2) == expected


@pytest.mark.parametrize("value", [datetime(2026, 1, 1, tzinfo=timezone.utc), Kept(1)], ids=["datetime", "dataclass"])
def test_what_json_refuses_is_still_refused(value):
    """orjson would write these; an export holding them is a mistake, refused as before."""
    assert _sorted_json({"v": value}) is None
    with pytest.raises(TypeError):
        json_text({"v": value}, sort_keys=True, indent=2)


def test_unsafe_characters_are_escaped_and_not_a_number_is_not_written_as_json_cannot_hold_it():
    value = {"b": [{"y": "\x9b", "x": "é"}], "a": "\x7f"}
    assert json_text(value, sort_keys=True, indent=2) == reference(value).replace("\x9b", "\\u009b").replace("\x7f", "\\u007f")
    assert json.loads(json_text({"x": math.nan}, sort_keys=True, indent=2)) == {"x": None}  # records never hold one

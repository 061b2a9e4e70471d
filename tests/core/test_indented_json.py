"""``indented_json.dumps`` writes exactly what ``json.dumps(..., ensure_ascii=False,
sort_keys=True, indent=N)`` writes, only faster (exports and backups use it)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from glimmers.core import indented_json
from glimmers.core.text import json_text

plain = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text()
keys = st.text(max_size=8)
records = st.dictionaries(keys, plain | st.lists(plain, max_size=4), max_size=8)
documents = st.recursive(
    plain | records,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(keys, inner, max_size=5) | st.lists(records, max_size=6),
    max_leaves=60,
)


def reference(value, indent: int) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=indent)


@settings(max_examples=400, deadline=None)
@given(documents, st.integers(min_value=0, max_value=3))
def test_the_same_text_as_the_standard_library(value, indent):
    assert indented_json.dumps(value, indent=indent) == reference(value, indent)


def test_lists_of_records_of_every_shape():
    """Records alike and unlike, empty ones, lists inside them, keys that look like format fields."""
    value = {
        "rows": [
            {"b": 1, "a": "x", "tags": ["p", "q"], "forms": []},
            {"b": None, "a": "%s {0} }{", "tags": [], "forms": [1.5, True]},
            {},
            {"{0}": "{}", "%d": "%%"},
            {"only": [None]},
        ],
        "mixed": [{"nested": {"deep": [1, {"x": 2}]}}, {"plain": 1}],
        "empty": [],
        "tuple": (1, "two", (3,)),
    }
    for indent in (0, 1, 2, 4):
        assert indented_json.dumps(value, indent=indent) == reference(value, indent)


def test_what_is_not_plain_json_is_left_to_the_standard_library():
    for value in ({1: "a", "b": 2}, [{1: "number key"}], [{1: "a", "b": 2}], {"when": datetime(2026, 1, 1, tzinfo=timezone.utc)}):
        try:
            expected = reference(value, 1)
        except TypeError as refused:
            try:
                indented_json.dumps(value, indent=1)
            except TypeError as also:
                assert str(also) == str(refused)
            else:
                raise AssertionError("should be refused as json.dumps refuses it")
        else:
            assert indented_json.dumps(value, indent=1) == expected


def test_json_text_writes_sorted_indented_documents_this_way():
    value = {"b": [{"y": "\x9b", "x": "é"}], "a": "\x7f"}
    assert json_text(value, sort_keys=True, indent=1) == json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).replace(
        "\x9b", "\\u009b"
    ).replace("\x7f", "\\u007f")

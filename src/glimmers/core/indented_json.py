"""Indented JSON exactly as ``json.dumps(value, ensure_ascii=False, sort_keys=True,
indent=N)`` writes it, in a fraction of the time.

With ``indent``, the standard library encodes in Python, token by token,
which was much of the time of exporting a large journal. Here the values
of a list of records (dicts of plain values and lists of plain values: every
journal entry, day and toolkit record) are encoded by one call of the C
encoder, and each record is put together from a template of its shape.
Anything else is written as ``json.dumps`` writes it, and what is not plain
JSON (keys that are not text, objects the encoder does not know) is left to
``json.dumps`` itself, errors included. ``tests/core/test_indented_json.py``
compares the two on random documents and on a whole export.
"""

from __future__ import annotations

import json
from functools import lru_cache
from operator import itemgetter
from json.encoder import encode_basestring

_PLAIN = frozenset({str, int, float, bool, type(None)})


class _NotPlain(Exception):
    """The value holds something only ``json.dumps`` knows how to write (or refuse)."""


def dumps(value, *, indent: int) -> str:
    """``json.dumps(value, ensure_ascii=False, sort_keys=True, indent=indent)``."""
    try:
        parts: list[str] = []
        _write(value, 0, " " * indent, parts)
        return "".join(parts)
    except _NotPlain:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=indent)


def _plain(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _write(value, level: int, step: str, parts: list[str]) -> None:
    kind = type(value)
    if kind in _PLAIN:
        parts.append(_plain(value))
    elif kind is dict:
        if not value:
            parts.append("{}")
            return
        if not all(type(key) is str for key in value):
            raise _NotPlain
        inner = "\n" + step * (level + 1)
        parts.append("{")
        for number, key in enumerate(sorted(value)):
            parts.append((inner if number == 0 else "," + inner) + encode_basestring(key) + ": ")
            _write(value[key], level + 1, step, parts)
        parts.append("\n" + step * level + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        inner = "\n" + step * (level + 1)
        records = _records(value, level + 1, step) if all(type(item) is dict for item in value) else None
        if records is not None:
            parts.append("[" + inner + ("," + inner).join(records) + "\n" + step * level + "]")
            return
        parts.append("[")
        for number, item in enumerate(value):
            parts.append(inner if number == 0 else "," + inner)
            _write(item, level + 1, step, parts)
        parts.append("\n" + step * level + "]")
    else:
        raise _NotPlain


def _records(items: list[dict], level: int, step: str) -> list[str] | None:
    """Each record written at ``level``, or None when one holds more than plain
    values and lists of them (then each is written the slow way)."""
    leaves: list = []
    shapes: list[tuple] = []
    for item in items:
        try:
            keys = tuple(sorted(item))
        except TypeError:  # keys of several types
            raise _NotPlain from None
        values = _values(keys)(item)
        layout = _layout(keys, tuple(map(type, values)))
        if layout is None:
            return None
        scalars, lists = layout
        leaves += scalars(values)
        sizes = []
        for position in lists:
            found = values[position]
            if not set(map(type, found)) <= _PLAIN:
                return None
            leaves += found
            sizes.append(len(found))
        shapes.append((keys, lists, tuple(sizes)))
    # One C encoding of every value; a line break never appears inside one.
    tokens = json.dumps(leaves, ensure_ascii=False, separators=("\n", ":"))[1:-1].split("\n") if leaves else []
    written, at = [], 0
    for keys, lists, sizes in shapes:
        template, count = _template(keys, lists, sizes, level, step)
        written.append(template.format(*tokens[at : at + count]))
        at += count
    return written


@lru_cache(maxsize=256)
def _values(keys: tuple[str, ...]):
    """A record's values, in the order of ``keys``, always as a tuple."""
    if len(keys) < 2:
        return lambda item: tuple(item[key] for key in keys)
    return itemgetter(*keys)


@lru_cache(maxsize=1024)
def _layout(keys: tuple, kinds: tuple[type, ...]):
    """(the plain values' getter, the positions of the lists) for a record
    whose values have these types; None for anything else."""
    if not all(type(key) is str for key in keys):
        raise _NotPlain
    plain = tuple(position for position, kind in enumerate(kinds) if kind in _PLAIN)
    lists = tuple(position for position, kind in enumerate(kinds) if kind is list or kind is tuple)
    if len(plain) + len(lists) != len(kinds):
        return None
    if len(plain) < 2:
        return (lambda values: tuple(values[position] for position in plain)), lists
    return itemgetter(*plain), lists


@lru_cache(maxsize=4096)
def _template(keys: tuple[str, ...], lists: tuple[int, ...], sizes: tuple[int, ...], level: int, step: str) -> tuple[str, int]:
    """A record of this shape as a ``str.format`` template of its values (the
    plain ones first, then the lists' elements), and how many values it takes."""
    if not keys:
        return "{{}}", 0
    inner, deeper = "\n" + step * (level + 1), "\n" + step * (level + 2)
    size_of = dict(zip(lists, sizes))
    plain_count = len(keys) - len(lists)
    plain_at, element_at, items = 0, plain_count, []
    for position, key in enumerate(keys):
        name = encode_basestring(key).replace("{", "{{").replace("}", "}}") + ": "
        if position not in size_of:
            items.append(name + "{%d}" % plain_at)
            plain_at += 1
        elif size_of[position] == 0:
            items.append(name + "[]")
        else:
            slots = ["{%d}" % number for number in range(element_at, element_at + size_of[position])]
            element_at += size_of[position]
            items.append(name + "[" + deeper + ("," + deeper).join(slots) + inner + "]")
    return "{{" + inner + ("," + inner).join(items) + "\n" + step * level + "}}", element_at

"""Limits on what a file may make glimmers do, and the checks that apply them.

An import file or a backup comes from outside: it may be damaged, or made on
purpose to exhaust memory or time (a small gzip that unpacks to gigabytes,
JSON nested a hundred thousand levels deep, millions of empty lists). Every
step that expands or nests is bounded here, and each bound is set far above
what a real journal needs. The ten-year demo journal
(``glimmers demo --days 3650``) is the yardstick: its export is about 6 MB
and holds about 14,000 records (``bench/input_limits_yardstick.py`` measures
it).

Each check raises :class:`ImportProblem` with one sentence a person can act
on, instead of a Python error (``RecursionError`` from deep nesting, or
``UnicodeEncodeError`` from a lone surrogate when the text is stored).
"""

from __future__ import annotations

import csv
import json
import re
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from glimmers.core.errors import ImportProblem
from glimmers.core.i18n import _

MIB = 1024 * 1024

# The largest file read for an import or a restore, in bytes, as it lies on
# disk. About twenty times the ten-year demo's 6 MB export: two centuries of
# such a journal. Also stops a device or a pipe (/dev/zero) from being read forever.
MAX_FILE_BYTES = 128 * MIB

# The largest a backup may grow when it is decompressed, in bytes. The same
# figure as a plain export may have, so every export that imports also
# restores once compressed; a gzip that unpacks beyond it is stopped there,
# without ever holding more than this much.
MAX_EXPANDED_BYTES = 128 * MIB

# The most records (check-ins, glimmers, days, screenings, medicine events,
# toolkit records, Daylio rows, jrnl entries) one file may hold: 35 times the
# ten-year demo's 14,000, or about 14 records a day for a hundred years.
MAX_RECORDS = 500_000

# The deepest a JSON file may nest objects and lists. A glimmers export nests
# 5 levels and a jrnl export (with Day One's extra fields) 4.
MAX_JSON_DEPTH = 32

# The most objects, lists and numbers one JSON file may hold; brackets inside
# text count too, as they are counted before parsing. The ten-year demo's
# export holds about 72,000, about 5 per record, so this is 10 for each of
# MAX_RECORDS. Parsed, each costs Python up to about 70 bytes, so a file of
# nothing but empty lists claims a few hundred MB at most (128 MiB of them
# unchecked would claim close to 3 GB).
MAX_JSON_ITEMS = 5_000_000

# The longest one CSV cell may be, in characters. The longest text glimmers
# keeps is a 20,000-character note; Daylio notes carry some HTML besides.
MAX_CSV_FIELD_CHARS = 131_072

_BOM = b"\xef\xbb\xbf"
_GZIP_MAGIC = b"\x1f\x8b"
_GUNZIP_CHUNK = 64 * 1024
# A backslash-u escape of a UTF-16 surrogate (paired or not); JSON writers with
# ASCII output escape emoji this way, so a hit only means "look closer".
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _count(number: int) -> str:
    return f"{number:,}"


def _size(number: int) -> str:
    return f"{number // MIB:,} MB" if number >= MIB else f"{number:,} bytes"


# --- files -------------------------------------------------------------------------


def read_file(path: Path, *, what: str | None = None) -> bytes:
    """A file's bytes, reading no more than MAX_FILE_BYTES; problems become ImportProblem."""
    path = path.expanduser()
    what = what or _("file")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ImportProblem(_("There is no file at %(path)s.") % {"path": path}) from None
    except IsADirectoryError:
        raise ImportProblem(_("%(path)s is a folder, not a %(what)s.") % {"path": path, "what": what}) from None
    except PermissionError:
        raise ImportProblem(_("You are not allowed to read %(path)s.") % {"path": path}) from None
    except OSError as exc:
        raise ImportProblem(
            _("%(path)s could not be read (%(reason)s).") % {"path": path, "reason": exc.strerror or exc}
        ) from None
    check_file_size(len(data))
    return data


def check_file_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise ImportProblem(
            _("The file is larger than %(limit)s, far more than any journal needs; glimmers does not read it.")
            % {"limit": _size(MAX_FILE_BYTES)}
        )


def _expanded_too_far() -> ImportProblem:
    return ImportProblem(
        _(
            "The backup unpacks to more than %(limit)s, far more than any journal needs; "
            "it is damaged or was not made by glimmers."
        )
        % {"limit": _size(MAX_EXPANDED_BYTES)}
    )


def _cut_short() -> ImportProblem:
    return ImportProblem(_("The backup file is damaged or cut short."))


def gunzip(data: bytes) -> bytes:
    """Decompress gzip data, stopping as soon as it would exceed MAX_EXPANDED_BYTES.

    The output is produced a piece at a time with ``max_length``, so a bomb
    is refused after holding at most the limit, never its full size. Several
    gzip members one after another are read as one stream, as ``gzip`` does;
    zero bytes after the last member are ignored.
    """
    limit = MAX_EXPANDED_BYTES
    out = bytearray()
    position = 0
    try:
        while True:
            stream = zlib.decompressobj(wbits=31)  # gzip header and trailer, CRC checked
            while not stream.eof:
                if position >= len(data):
                    raise _cut_short()
                piece = data[position : position + _GUNZIP_CHUNK]
                position += len(piece)
                while piece and not stream.eof:
                    out += stream.decompress(piece, limit + 1 - len(out))
                    if len(out) > limit:
                        raise _expanded_too_far()
                    piece = stream.unconsumed_tail
            position -= len(stream.unused_data) + len(piece)  # the next member starts there
            rest = len(data) - position
            if data.count(b"\0", position) == rest:
                return bytes(out)
            if data[position : position + 2] != _GZIP_MAGIC:
                raise _cut_short()
    except zlib.error:
        raise _cut_short() from None


# --- text --------------------------------------------------------------------------


def decode_utf8(data: bytes) -> str:
    """The bytes as UTF-8 text (a leading byte-order mark is dropped), or a message naming the byte."""
    skip = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return str(memoryview(data)[skip:], "utf-8")
    except UnicodeDecodeError as exc:
        at = skip + exc.start
        raise ImportProblem(
            _("The file is not valid UTF-8 text at byte %(offset)s; it may be damaged or in another encoding.")
            % {"offset": _count(at)},
            line=data.count(b"\n", 0, at) + 1,
        ) from None


# --- JSON --------------------------------------------------------------------------


def too_deep() -> ImportProblem:
    return ImportProblem(
        _("The JSON nests more than %(limit)s levels deep; no journal file does, so it is damaged or not a journal.")
        % {"limit": MAX_JSON_DEPTH}
    )


def _too_many_items() -> ImportProblem:
    return ImportProblem(
        _("The JSON holds more than %(limit)s objects, lists and numbers, far more than any journal needs.")
        % {"limit": _count(MAX_JSON_ITEMS)}
    )


class JsonBudget:
    """Counts objects, lists and numbers while JSON is parsed, and refuses past MAX_JSON_ITEMS.

    Objects and lists are counted before parsing, from their opening brackets
    (bytes.count runs in C, so a file of millions of ``[]`` is refused
    before a single one is built); numbers are counted as the parser meets
    them, through its ``parse_int`` and ``parse_float`` hooks.
    """

    def __init__(self, text: str):
        self.left = MAX_JSON_ITEMS - text.count("[") - text.count("{")
        if self.left < 0:
            raise _too_many_items()

    def _take(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _too_many_items()

    def whole(self, digits: str) -> int:
        self._take()
        return int(digits)

    def real(self, digits: str) -> float:
        self._take()
        return float(digits)


def parse_json(text: str, **hooks: Callable[..., Any]) -> Any:
    """json.loads with every limit applied; JSON syntax errors are left to the caller.

    Nesting is checked twice: beyond about a thousand levels Python's parser
    itself gives up (RecursionError, caught here), and whatever parsed is
    walked to refuse anything deeper than MAX_JSON_DEPTH.
    """
    budget = JsonBudget(text)
    try:
        document = json.loads(text, parse_int=budget.whole, parse_float=budget.real, **hooks)
    except RecursionError:
        raise too_deep() from None
    check_json_depth(document)
    if _SURROGATE_ESCAPE.search(text):
        check_no_surrogates(document)
    return document


def _children(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        return iter(value.values())
    if isinstance(value, list):
        return iter(value)
    return iter(())


def check_json_depth(document: Any) -> None:
    """Refuse a parsed document nested deeper than MAX_JSON_DEPTH (walked without recursion)."""
    pending = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise too_deep()
        pending.extend((child, depth + 1) for child in _children(value) if isinstance(child, (dict, list)))


def check_no_surrogates(document: Any) -> None:
    """Refuse text holding half of a UTF-16 pair (``"\\ud800"``): it is no character and cannot be stored."""
    pending: list[tuple[Any, str]] = [(document, "")]
    while pending:
        value, place = pending.pop()
        if isinstance(value, str):
            found = _SURROGATE.search(value)
            if found:
                raise ImportProblem(
                    _(
                        "%(place)s holds a broken character (the lone UTF-16 surrogate \\u%(code)s); "
                        "the file may be damaged."
                    )
                    % {"place": place or _("The file"), "code": f"{ord(found.group()):04x}"}
                )
        elif isinstance(value, dict):
            for key, child in value.items():
                pending.append((key, _("A key in %(place)s") % {"place": place} if place else _("A key")))
                pending.append((child, f"{place}.{key}" if place else key))
        elif isinstance(value, list):
            pending.extend((child, f"{place}[{index}]") for index, child in enumerate(value))


# --- records -------------------------------------------------------------------------


def too_many_records() -> ImportProblem:
    return ImportProblem(
        _("The file holds more than %(limit)s records, far more than any journal needs; glimmers does not read it.")
        % {"limit": _count(MAX_RECORDS)}
    )


def check_record_count(count: int) -> None:
    if count > MAX_RECORDS:
        raise too_many_records()


# --- CSV ---------------------------------------------------------------------------


@contextmanager
def csv_field_limit() -> Iterator[None]:
    """Let the csv module refuse cells longer than MAX_CSV_FIELD_CHARS while reading."""
    previous = csv.field_size_limit(MAX_CSV_FIELD_CHARS)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def csv_problem(error: csv.Error, *, line: int) -> ImportProblem:
    """The csv module's error as a sentence; an over-long cell is named as such."""
    if str(error).startswith("field larger than field limit"):
        return ImportProblem(
            _("A cell here is longer than %(limit)s characters, which no journal field is; the file may be damaged.")
            % {"limit": _count(MAX_CSV_FIELD_CHARS)},
            line=line,
        )
    return ImportProblem(
        _("The CSV row starting here is malformed (%(detail)s); the file may be cut short or damaged.")
        % {"detail": error},
        line=line,
    )

"""Our own CSV format: the whole journal in one spreadsheet-friendly file.

Each row is one record. The first column, ``record``, says which kind
(``checkin``, ``glimmer`` or ``day``); the other columns are the union of the
fields of all three kinds, and a column a kind does not have stays empty.
The values are the same plain form the JSON format uses, flattened:

* lists (tags, forms, warning signs) are joined with ``"; "`` —
  ``"doing:walking; who:sister"``; tags and keys can never contain ``;``;
* an empty cell in a number, decimal, time or timestamp column is *null*
  (not recorded); an empty cell in a text column is the empty text ``""``.
  Our records never hold a null text, so the two never need telling apart;
* text is written as stored (commas, quotes, newlines and any Unicode
  survive through the csv module's quoting), with one exception for
  spreadsheets: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab
  or a carriage return, or with an apostrophe, gets an apostrophe in front,
  so a spreadsheet shows it as text instead of running it as a formula.
  Reading takes exactly that one apostrophe off again (see
  :func:`glimmers.core.text.spreadsheet_cell`), so nothing is lost. Number
  columns are never changed: a mood of ``-2`` stays ``-2``.

Files are UTF-8 without a byte-order mark; one is accepted on reading.
Columns are read by the names in the header, so a file from an earlier
release, written before a daily factor was added, reads too: its missing
columns are blank.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from glimmers.core import input_limits
from glimmers.core.journal import measures
from glimmers.core.transfer.bundle import Bundle
from glimmers.core.errors import ImportProblem, InvalidInput
from glimmers.core.transfer.formats import ReadContext
from glimmers.core.transfer.formats.glimmers_json import (
    CHECKIN_FIELDS,
    DAY_FIELDS,
    FIELD_KINDS,
    GLIMMER_FIELDS,
    KEYS,
    TEXT,
    WHOLE,
    RepeatGuard,
    checkin_from_plain,
    checkin_to_plain,
    day_from_plain,
    day_to_plain,
    glimmer_from_plain,
    glimmer_to_plain,
    local_today,
)
from glimmers.core.i18n import _
from glimmers.core.text import from_spreadsheet_cell, spreadsheet_cell

LIST_SEPARATOR = "; "
_WHOLE_NUMBER = re.compile(r"^\s*[+-]?[0-9]{1,9}\s*$")

# The union of the three kinds' fields, in an order that reads well in a spreadsheet.
COLUMNS = (
    ("record", "uid", "occurred_at", "timezone", "day", *measures.SCALES)
    + ("forms", "warning_signs", "tags", "text", "preceded_by", "self_talk", "note", "tolerance_window")
    + (*measures.FACTORS, "wake_time")
    + ("source", "created_at", "updated_at", "deleted_at")
)
# Columns added since the first release, which older files lack.
ADDED_COLUMNS = frozenset({"caffeine_cups", "tolerance_window"})

FIELDS_BY_KIND = {"checkin": CHECKIN_FIELDS, "glimmer": GLIMMER_FIELDS, "day": DAY_FIELDS}


def _kind_label(kind: str) -> str:
    return {"checkin": _("check-in"), "glimmer": _("glimmer"), "day": _("day factors")}[kind]


# --- writing -------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


def _guarded(column: str) -> bool:
    """Columns of text a spreadsheet could take for a formula (not the number columns)."""
    return FIELD_KINDS.get(column) in (TEXT, KEYS)


def _row(kind: str, plain: dict[str, Any]) -> list[str]:
    return [kind] + [
        spreadsheet_cell(cell) if _guarded(column) else cell
        for column, cell in ((column, _cell(plain.get(column))) for column in COLUMNS[1:])
    ]


# --- reading -------------------------------------------------------------------


def _whole_number(cell: str, *, field: str) -> int:
    if not _WHOLE_NUMBER.match(cell):
        raise InvalidInput(
            _("%(field)s is %(value)s, which is not a whole number.") % {"field": field, "value": repr(cell)},
            field=field,
        )
    return int(cell)


def _plain_value(cell: str, kind: str, *, field: str) -> Any:
    """A cell turned back into the plain form's value for a field of this kind."""
    if kind == TEXT:
        return cell
    if kind == KEYS:
        return [part.strip() for part in cell.split(";") if part.strip()]
    if not cell:
        return None
    if kind == WHOLE:
        return _whole_number(cell, field=field)
    return cell


def _plain_record(kind: str, cells: dict[str, str]) -> dict[str, Any]:
    fields = FIELDS_BY_KIND[kind]
    stray = [column for column in COLUMNS[1:] if column not in fields and cells[column]]
    if stray:
        raise InvalidInput(
            _("The %(column)s column must be empty in a %(kind)s row.")
            % {"kind": _kind_label(kind), "column": stray[0]},
            field=stray[0],
        )
    return {
        name: _plain_value(from_spreadsheet_cell(cells[name]) if _guarded(name) else cells[name], FIELD_KINDS[name], field=name)
        for name in fields
    }


def _header(cells: list[str] | None) -> tuple[str, ...]:
    """The file's column names: this release's columns, or an earlier release's (without added ones)."""
    header = tuple(cell.strip() for cell in cells or ())
    names = set(header)
    if (
        not header
        or header[0] != "record"
        or len(names) != len(header)
        or not names <= set(COLUMNS)
        or not set(COLUMNS) - ADDED_COLUMNS <= names
    ):
        raise ImportProblem(_("The first line is not the header of a glimmers CSV export."), line=1)
    return header


_BUILDERS: dict[str, Callable[[dict[str, Any], ReadContext], Any]] = {
    "checkin": lambda plain, context: checkin_from_plain(plain, now=context.now),
    "glimmer": lambda plain, context: glimmer_from_plain(plain, now=context.now),
    "day": lambda plain, context: day_from_plain(plain, today=local_today(context)),
}


def decode_text(data: bytes) -> str:
    """The file as text: within the size limit, UTF-8 with or without a byte-order mark, and not empty."""
    input_limits.check_file_size(len(data))
    text = input_limits.decode_utf8(data)
    if not text.strip():
        raise ImportProblem(_("The file is empty."))
    return text


def csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (line where the row starts, cells), skipping blank lines; csv errors become ImportProblem.

    No cell may be longer than MAX_CSV_FIELD_CHARS, and after the header no
    more than MAX_RECORDS rows are read.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    allowed = input_limits.MAX_RECORDS + 1  # the header, then the records
    while True:
        start = reader.line_num + 1
        try:
            with input_limits.csv_field_limit():
                row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise input_limits.csv_problem(exc, line=start) from None
        if row:
            allowed -= 1
            if allowed < 0:
                raise input_limits.too_many_records()
            yield start, row


class GlimmersCsv:
    """The complete glimmers export as one CSV file, one record per row."""

    name: ClassVar[str] = "csv"
    extension: ClassVar[str] = "csv"
    extensions: ClassVar[tuple[str, ...]] = (".csv",)

    def write(self, bundle: Bundle) -> bytes:
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(_row("checkin", checkin_to_plain(record)) for record in bundle.checkins)
        writer.writerows(_row("glimmer", glimmer_to_plain(record)) for record in bundle.glimmers)
        writer.writerows(_row("day", day_to_plain(record)) for record in bundle.days)
        return out.getvalue().encode("utf-8")

    def read(self, data: bytes, context: ReadContext) -> Bundle:
        rows = csv_rows(decode_text(data))
        first = next(rows, None)
        header = _header(first[1] if first else None)
        bundle = Bundle()
        entry_uids, days = RepeatGuard(), RepeatGuard()
        lists = {"checkin": bundle.checkins, "glimmer": bundle.glimmers, "day": bundle.days}
        for line, row in rows:
            kind = self._kind_of(row, line, len(header))
            cells = dict.fromkeys(COLUMNS, "") | dict(zip(header, row, strict=True))
            try:
                record = _BUILDERS[kind](_plain_record(kind, cells), context)
                (days if kind == "day" else entry_uids).check_record(record)
            except InvalidInput as exc:
                raise ImportProblem(
                    _("%(place)s: %(problem)s") % {"place": _kind_label(kind), "problem": exc.message}, line=line
                ) from None
            lists[kind].append(record)
        return bundle

    @staticmethod
    def _kind_of(row: list[str], line: int, columns: int) -> str:
        if len(row) != columns:
            raise ImportProblem(
                _("This row has %(found)s columns where a glimmers CSV has %(expected)s; the file may be cut short.")
                % {"found": len(row), "expected": columns},
                line=line,
            )
        if row[0] not in FIELDS_BY_KIND:
            raise ImportProblem(
                _("Unknown record kind %(kind)s; expected checkin, glimmer or day.") % {"kind": repr(row[0])},
                line=line,
            )
        return row[0]

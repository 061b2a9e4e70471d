"""The one rule for text a person stores, and the one way stored text reaches a terminal.

Coming in (:func:`clean`), on every path: a command's options and prompts,
the web forms and every importer. Text is normalised to NFC, line breaks
become ``\\n``, surrounding white space is stripped, and it is refused when

* it holds a control character (C0, DEL or C1: U+0000-U+001F, U+007F,
  U+0080-U+009F) other than a line break or a tab in a multi-line field.
  That covers every terminal escape sequence, which starts with ESC
  (U+001B) or the one-character CSI (U+009B);
* it holds a lone surrogate, which is what bytes that are not UTF-8 become
  in a command's arguments: such text cannot be stored or shown;
* it is longer than the field's limit (when the caller gives one).

A one-line field (a name, a title, a goal) turns a line break or a tab into
a space instead of refusing it; a multi-line field (a note) keeps both.

Going out (:func:`printable`): stored text can predate the rule, so every
command shows it through ``printable``, which writes each control character
as ``\\x`` and two hex digits (ESC shows as ``\\x1b``) and each lone
surrogate as ``\\u`` and four, keeping line breaks and tabs. Nothing stored
can move the cursor, change colours or retitle the terminal. :func:`json_text`
does the same for JSON printed to a terminal, as JSON escapes.

Spreadsheets (:func:`spreadsheet_cell`, :func:`from_spreadsheet_cell`): a
CSV text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return would be run as a formula when the file is opened in a spreadsheet,
so it is written with an apostrophe in front, as is a cell that itself starts
with an apostrophe; reading takes exactly one apostrophe off such a cell, so
the text comes back exactly as it was.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _

LINE_BREAK_AND_TAB = "\n\t"
# Characters a terminal may act on, outside plain text: every control character
# (C0, DEL, C1) and lone surrogates. Line breaks and tabs are handled by callers.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff]")  # json.dumps escapes C0 itself

SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SPREADSHEET_GUARD = "'"


def is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc"


def _is_surrogate(ch: str) -> bool:
    return "\ud800" <= ch <= "\udfff"


def label_of(field: str) -> str:
    return field.replace("_", " ").capitalize()


def control_message(label: str) -> str:
    return _("%(field)s contains control characters (such as a terminal escape); remove them and try again.") % {
        "field": label
    }


def unreadable_message(label: str) -> str:
    """Said wherever text arrives as bytes that are not UTF-8: a command's arguments, a web form."""
    return _("%(field)s is not readable text: part of it is not UTF-8. Type it again, or paste it as plain text.") % {
        "field": label
    }


def clean(
    value: Any, *, field: str, maximum: int | None = None, multiline: bool = False, label: str | None = None
) -> str:
    """Text as it is stored, or InvalidInput naming the field (see the module's rule).

    ``field`` is the field's key (errors land on it in forms); ``label`` the
    words for it in a message (default: the key, capitalised). ``None`` is
    the empty text. ``maximum`` counts characters after cleaning.
    """
    if value is None:
        return ""
    name = label or label_of(field)
    if not isinstance(value, str):
        raise InvalidInput(_("%(field)s must be text.") % {"field": name}, field=field)
    if any(_is_surrogate(ch) for ch in value):
        raise InvalidInput(unreadable_message(name), field=field)
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    if any(is_control(ch) and ch not in LINE_BREAK_AND_TAB for ch in text):
        raise InvalidInput(control_message(name), field=field)
    text = text.strip()
    if maximum is not None and len(text) > maximum:
        raise InvalidInput(
            _("%(field)s is %(length)s characters long; the limit is %(maximum)s.")
            % {"field": name, "length": len(text), "maximum": maximum},
            field=field,
        )
    return text


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(value: Any) -> str:
    """Stored text as it may reach a terminal: controls shown as ``\\x1b``, never acted on."""
    if value is None:
        return ""
    return _UNSAFE.sub(_escape, value if isinstance(value, str) else str(value))


def json_text(data: Any, **options: Any) -> str:
    """``json.dumps`` for a terminal: Unicode kept readable, but DEL, C1 controls and
    lone surrogates written as ``\\u`` escapes (the JSON means exactly the same).

    Sorted with an indent of two (an export) it is written by orjson, which
    writes the same text as ``json.dumps`` ten times faster."""
    text = _sorted_json(data) if options == {"sort_keys": True, "indent": 2} else None
    if text is None:
        text = json.dumps(data, ensure_ascii=False, **options)
    if text.isascii() and "\x7f" not in text:  # nothing to escape (looked for much faster than by the pattern)
        return text
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def spreadsheet_cell(cell: str) -> str:
    """A CSV text cell a spreadsheet will show as text, never run as a formula."""
    return SPREADSHEET_GUARD + cell if cell.startswith((*SPREADSHEET_TRIGGERS, SPREADSHEET_GUARD)) else cell


def from_spreadsheet_cell(cell: str) -> str:
    """The inverse of :func:`spreadsheet_cell`: one added apostrophe taken off.

    Only an apostrophe followed by a trigger or by another apostrophe can have
    been added, so a cell such as ``'tis`` from an older export is kept as it is.
    """
    if cell.startswith(SPREADSHEET_GUARD) and cell[1:].startswith((*SPREADSHEET_TRIGGERS, SPREADSHEET_GUARD)):
        return cell[1:]
    return cell


def _sorted_json(data: Any) -> str | None:
    """``json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)`` written by
    orjson, or None for what orjson writes otherwise or refuses, left to
    ``json.dumps``: lone surrogates, integers beyond 64 bits, keys that are not
    text, and objects it would write where ``json.dumps`` refuses them (dates,
    dataclasses, subclasses). Floats may be spelt differently (``1e16`` for
    ``1e+16``) but keep their value; NaN and the infinities, which JSON cannot
    hold and no record does, come out as ``null``."""
    import orjson

    option = (
        orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
        | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS
    )
    try:
        return orjson.dumps(data, option=option).decode("utf-8")
    except orjson.JSONEncodeError:
        return None


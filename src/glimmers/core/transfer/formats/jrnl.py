"""Importing a jrnl journal exported with ``jrnl --export json``.

jrnl (https://jrnl.sh) writes, as checked against jrnl 4.6::

    {"tags": {"@walk": 1, ...},
     "entries": [{"title": "...", "body": "...", "date": "2026-11-15",
                  "time": "13:05", "tags": ["@walk"], "starred": false}, ...]}

Entries from a Day One journal may also carry ``uuid`` and ``creator``;
those are ignored. Each entry becomes a check-in: the note is the title,
then the body on the following lines; tags lose their leading ``@`` (or
other tag symbol) and become ``other:`` tags; a starred entry is tagged
``other:starred``. Dates and times are local and read in the importing
person's time zone.

The uid comes from the entry's date, time and words, so importing the same
export twice yields the same uids. jrnl lists an entry's tags in no fixed
order, so tags and the star are left out of that identity.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Mapping
from datetime import UTC
from typing import Any, ClassVar

from glimmers.core.journal import entries
from glimmers.core import input_limits
from glimmers.core.transfer.bundle import Bundle
from glimmers.core.journal.entries import CheckIn, Tag
from glimmers.core.errors import ImportProblem, InvalidInput
from glimmers.core.transfer.formats import ReadContext
from glimmers.core.transfer.formats.glimmers_json import FORMAT_NAME, load_json
from glimmers.core.i18n import _, ngettext
from glimmers.core.when import localise, parse_clock, parse_date, zone

UID_NAMESPACE = uuid.UUID("0c6a9f3e-2d71-4b8e-8f0a-7e5d4c3b2a19")
STARRED = Tag("other", "starred")

# The fields this importer reads, and whether each must be there.
ENTRY_FIELDS = {"title": True, "body": False, "date": True, "time": True, "tags": False, "starred": False}


def _fits(name: str, value: Any) -> bool:
    if name == "tags":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if name == "starred":
        return isinstance(value, bool)
    return isinstance(value, str)


def _expected(name: str) -> str:
    if name == "tags":
        return _("a list of tags")
    if name == "starred":
        return _("true or false")
    return _("text")


def _checked_entry(entry: Any) -> Mapping[str, Any]:
    if not isinstance(entry, Mapping):
        raise InvalidInput(_("Each entry must be a JSON object."))
    for name, required in ENTRY_FIELDS.items():
        if name not in entry and required:
            raise InvalidInput(_("The field %(field)s is missing.") % {"field": name}, field=name)
        if name in entry and not _fits(name, entry[name]):
            raise InvalidInput(
                _("%(field)s must be %(expected)s.") % {"field": name, "expected": _expected(name)}, field=name
            )
    return entry


def tag_name(jrnl_tag: str) -> str:
    """``@walk`` → ``walk``; jrnl tags start with one tag symbol (``@`` or ``#`` by default)."""
    stripped = jrnl_tag.strip()
    return stripped[1:] if stripped[:1] and not stripped[:1].isalnum() else stripped


def note_text(entry: Mapping[str, Any]) -> str:
    title = entry["title"].strip()
    body = entry.get("body", "").strip()
    return f"{title}\n{body}" if body else title


def _stable_uid(entry: Mapping[str, Any], repeat: int) -> str:
    identity = "\x1f".join(("jrnl", str(repeat), entry["date"], entry["time"], entry["title"], entry.get("body", "")))
    return uuid.uuid5(UID_NAMESPACE, identity).hex


def _checkin(entry: Mapping[str, Any], context: ReadContext, *, repeat: int) -> CheckIn:
    day = parse_date(entry["date"], field="date")
    clock = parse_clock(entry["time"], field="time")
    tags = [Tag("other", tag_name(raw)) for raw in entry.get("tags", [])]
    if entry.get("starred"):
        tags.append(STARRED)
    return entries.validate_checkin(
        {
            "uid": _stable_uid(entry, repeat),
            "occurred_at": localise(day, clock, zone(context.timezone)).astimezone(UTC),
            "timezone": context.timezone,
            "tags": tags,
            "note": note_text(entry),
            "source": "jrnl",
        },
        now=context.now,
    )


def _journal_entries(document: Any) -> list[Any]:
    if isinstance(document, dict) and document.get("format") == FORMAT_NAME:
        raise ImportProblem(_("This is a glimmers export, not a jrnl one; import it with the json format instead."))
    if not (isinstance(document, dict) and isinstance(document.get("entries"), list)):
        raise ImportProblem(
            _('This JSON is not a jrnl export: it needs a list of "entries", as written by jrnl --export json.')
        )
    if not isinstance(document.get("tags", {}), dict):
        raise ImportProblem(_('This JSON is not a jrnl export: its "tags" should map each tag to a count.'))
    return document["entries"]


class JrnlJson:
    """jrnl's JSON export, one check-in per journal entry."""

    name: ClassVar[str] = "jrnl"
    extensions: ClassVar[tuple[str, ...]] = (".json",)

    def read(self, data: bytes, context: ReadContext) -> Bundle:
        journal_entries = _journal_entries(load_json(data))
        if not journal_entries:
            raise ImportProblem(_("This jrnl export holds no entries."))
        input_limits.check_record_count(len(journal_entries))
        bundle = Bundle()
        seen: Counter[tuple[str, ...]] = Counter()
        skipped = 0
        for index, raw in enumerate(journal_entries):
            try:
                entry = _checked_entry(raw)
                if not (note_text(entry) or entry.get("tags") or entry.get("starred")):
                    skipped += 1
                    continue
                identity = (entry["date"], entry["time"], entry["title"], entry.get("body", ""))
                seen[identity] += 1
                bundle.checkins.append(_checkin(entry, context, repeat=seen[identity]))
            except InvalidInput as exc:
                raise ImportProblem(
                    _("%(place)s: %(problem)s") % {"place": f"entries[{index}]", "problem": exc.message}
                ) from None
        if skipped:
            bundle.remarks.append(
                ngettext(
                    "%(count)s jrnl entry had no words or tags and was skipped.",
                    "%(count)s jrnl entries had no words or tags and were skipped.",
                    skipped,
                )
                % {"count": skipped}
            )
        return bundle

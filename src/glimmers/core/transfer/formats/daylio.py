"""Importing Daylio's CSV export as check-ins.

Daylio writes one row per entry, newest first, in one of two layouts:

* current: ``full_date,date,weekday,time,mood,activities,note_title,note``
  (``full_date`` is ``2026-11-18``);
* older: ``year,date,weekday,time,mood,activities,note`` where ``date`` reads
  ``18 May`` or ``May 18``.

Times are local wall-clock times (``8:30 PM``, ``11:54 pm`` or ``20:30``) and
are read in the importing person's time zone. Daylio's five standard moods
map onto our −5…+5 mood scale. Daylio lets people rename their moods and add
their own, so the person can give any mood name its own score
(``ReadContext.mood_map``, from ``glimmers import --mood-map`` or asked in
the terminal), which also overrides a standard one. A mood with no score
becomes a ``mood:`` tag and leaves the rating blank, so nothing is lost; the
remarks list every mood found, with its score. Activities become ``doing:``
tags. Notes may hold a little HTML, which is turned back into plain text.

Every check-in gets a uid derived from the row itself, so importing the same
file twice yields the same uids and the store skips what it already has.
"""

from __future__ import annotations

import html
import re
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, time
from typing import ClassVar, Mapping

from glimmers.core.journal import entries
from glimmers.core.journal.measures import SCALES
from glimmers.core.transfer.bundle import Bundle
from glimmers.core.journal.entries import CheckIn, Tag
from glimmers.core.errors import ImportProblem, InvalidInput
from glimmers.core.transfer.formats import ReadContext
from glimmers.core.transfer.formats.glimmers_csv import csv_rows, decode_text
from glimmers.core.i18n import _, ngettext
from glimmers.core.when import localise, parse_date, zone

CURRENT_HEADER = ("full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note")
OLDER_HEADER = ("year", "date", "weekday", "time", "mood", "activities", "note")

# Daylio's default moods, from best to worst, on our mood scale (−5…+5).
MOOD = SCALES["mood"]
MOOD_VALUES = {"rad": 4, "good": 2, "meh": 0, "bad": -2, "awful": -4}

ACTIVITY_SEPARATOR = "|"
UID_NAMESPACE = uuid.UUID("5b0f7c1e-6a43-4d2b-9a51-1d2f3c4b5a60")

MONTHS = {
    name: number
    for number, full in enumerate(
        ("january", "february", "march", "april", "may", "june", "july")
        + ("august", "september", "october", "november", "december"),
        start=1,
    )
    for name in (full, full[:3])
}
_DAY_MONTH = re.compile(r"^(?P<day>\d{1,2})\.?\s+(?P<month>[a-z]+)\.?$")
_MONTH_DAY = re.compile(r"^(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})$")
_CLOCK = re.compile(r"^(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})\s*(?:(?P<half>[ap])\.?\s*m\.?)?$")
_LINE_BREAK = re.compile(r"<br\s*/?>|</p\s*>|</div\s*>|</li\s*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class DaylioRow:
    """One Daylio entry, read from either layout."""

    cells: tuple[str, ...]
    day: date
    clock: time
    mood: str
    activities: tuple[str, ...]
    note_title: str
    note: str

    def has_custom_mood(self, scores: Mapping[str, int] = MOOD_VALUES) -> bool:
        return bool(self.mood) and self.mood not in scores

    def is_empty(self) -> bool:
        return not (self.mood or self.activities or combined_note(self.note_title, self.note))


# --- reading single values -------------------------------------------------------


def parse_daylio_clock(text: str) -> time:
    """``8:30 PM``, ``11:54 pm`` or ``20:30``."""
    match = _CLOCK.match(text.strip().lower())
    if match:
        hour, minute, half = int(match["hour"]), int(match["minute"]), match["half"]
        if (1 <= hour <= 12 if half else hour <= 23) and minute <= 59:
            if half:
                hour = hour % 12 + (12 if half == "p" else 0)
            return time(hour, minute)
    raise InvalidInput(_("%(text)s is not a time of day Daylio writes.") % {"text": repr(text)}, field="time")


def parse_older_date(year: str, day_and_month: str) -> date:
    """The older layout's ``2018`` + ``18 May`` (or ``May 18``)."""
    cleaned = " ".join(day_and_month.strip().lower().split())
    match = _DAY_MONTH.match(cleaned) or _MONTH_DAY.match(cleaned)
    month = MONTHS.get(match["month"]) if match else None
    if not year.strip().isdecimal() or month is None:
        raise InvalidInput(
            _("%(date)s is not a date Daylio writes.") % {"date": repr(f"{year} {day_and_month}")},
            field="date",
        )
    return parse_date(f"{year.strip()}-{month}-{match['day']}", field="date")


def plain_text(daylio_html: str) -> str:
    """Daylio's lightly formatted note as plain text: breaks kept, tags dropped, entities decoded."""
    with_breaks = _LINE_BREAK.sub("\n", daylio_html)
    return html.unescape(_HTML_TAG.sub("", with_breaks)).replace("\xa0", " ").strip()


def combined_note(title: str, note: str) -> str:
    return "\n\n".join(part for part in (plain_text(title), plain_text(note)) if part)


# --- rows ----------------------------------------------------------------------


def _layout(header: list[str]) -> tuple[str, ...]:
    names = tuple(cell.strip().lower() for cell in header)
    if names not in (CURRENT_HEADER, OLDER_HEADER):
        raise ImportProblem(
            _("This does not look like a Daylio CSV export: the first line should name the columns %(columns)s.")
            % {"columns": ",".join(CURRENT_HEADER)},
            line=1,
        )
    return names


def _daylio_row(cells: list[str], layout: tuple[str, ...]) -> DaylioRow:
    if len(cells) != len(layout):
        raise InvalidInput(
            _("This row has %(found)s columns where the Daylio header has %(expected)s; the file may be cut short.")
            % {"found": len(cells), "expected": len(layout)}
        )
    named = dict(zip(layout, cells, strict=True))
    if layout == CURRENT_HEADER:
        day = parse_date(named["full_date"], field="full_date")
    else:
        day = parse_older_date(named["year"], named["date"])
    return DaylioRow(
        cells=tuple(cells),
        day=day,
        clock=parse_daylio_clock(named["time"]),
        mood=mood_label(named["mood"]),
        activities=tuple(a.strip() for a in named["activities"].split(ACTIVITY_SEPARATOR) if a.strip()),
        note_title=named.get("note_title", ""),
        note=named["note"],
    )


def _stable_uid(cells: tuple[str, ...], repeat: int) -> str:
    """The same row always gets the same uid; identical rows are told apart by their count."""
    identity = "\x1f".join(("daylio", str(repeat), *cells))
    return uuid.uuid5(UID_NAMESPACE, identity).hex


# --- the format ------------------------------------------------------------------


class DaylioCsv:
    """Daylio's "Export entries" CSV, both the current and the older layout."""

    name: ClassVar[str] = "daylio"
    extensions: ClassVar[tuple[str, ...]] = (".csv",)

    def read(self, data: bytes, context: ReadContext) -> Bundle:
        rows = csv_rows(decode_text(data))
        layout = _layout(next(rows, (1, []))[1])
        bundle = Bundle()
        scores = scores_with(context.mood_map)
        moods: Counter[str] = Counter()
        seen: Counter[tuple[str, ...]] = Counter()
        skipped = 0
        for line, cells in rows:
            try:
                row = _daylio_row(cells, layout)
                seen[row.cells] += 1
                if row.is_empty():
                    skipped += 1
                    continue
                bundle.checkins.append(_checkin(row, context, scores, repeat=seen[row.cells]))
            except InvalidInput as exc:
                raise ImportProblem(exc.message, line=line) from None
            if row.mood:
                moods[row.mood] += 1
        if not bundle.checkins and not skipped:
            raise ImportProblem(_("This Daylio export has a header but no entries."))
        bundle.remarks.extend(_remarks(moods, scores, skipped, custom=bool(context.mood_map)))
        return bundle


def mood_label(text: str) -> str:
    """A mood name as Daylio's rows are compared: spaces collapsed, lower case."""
    return " ".join(text.split()).lower()


def scores_with(mood_map: Mapping[str, int]) -> dict[str, int]:
    """The standard moods' scores with the person's own on top (theirs win)."""
    return {**MOOD_VALUES, **{mood_label(name): score for name, score in mood_map.items()}}


def mood_score(text: str, *, name: str = "") -> int:
    """A score for a mood, a whole number from −5 to +5 ("−2" with a typographic minus too)."""
    cleaned = text.strip().replace("−", "-").replace("+", "")
    try:
        score = int(cleaned)
    except ValueError:
        score = None
    if score is None or not -5 <= score <= 5:
        raise InvalidInput(_("A mood's score is a whole number from −5 to +5, not \"%(text)s\"%(which)s.")
                           % {"text": text.strip(), "which": f" ({name})" if name else ""}, field="mood-map")
    return score


def parse_mood_map(text: str) -> dict[str, int]:
    """``"tired=-2, fine=1"``: a score for each of the person's own mood names."""
    scores = {}
    for part in (piece for piece in text.split(",") if piece.strip()):
        name, equals, value = part.partition("=")
        if not equals or not mood_label(name):
            raise InvalidInput(_("Give each mood as name=score, separated by commas, for example \"tired=-2,fine=1\"; "
                                 "\"%(part)s\" is not.") % {"part": part.strip()}, field="mood-map")
        scores[mood_label(name)] = mood_score(value, name=mood_label(name))
    return scores


def moods_in(data: bytes) -> Counter[str]:
    """Every mood name in a Daylio export and how often it is used; what to ask a score for."""
    rows = csv_rows(decode_text(data))
    layout = _layout(next(rows, (1, []))[1])
    index = layout.index("mood")
    return Counter(mood_label(cells[index]) for _line, cells in rows if len(cells) > index and cells[index].strip())


def _checkin(row: DaylioRow, context: ReadContext, scores: Mapping[str, int], *, repeat: int) -> CheckIn:
    tags = [Tag("doing", activity) for activity in row.activities]
    if row.has_custom_mood(scores):
        tags.append(Tag("mood", row.mood))
    return entries.validate_checkin(
        {
            "uid": _stable_uid(row.cells, repeat),
            "occurred_at": localise(row.day, row.clock, zone(context.timezone)).astimezone(UTC),
            "timezone": context.timezone,
            "mood": scores.get(row.mood),
            "tags": tags,
            "note": combined_note(row.note_title, row.note),
            "source": "daylio",
        },
        now=context.now,
    )


def _remarks(moods: Counter[str], scores: Mapping[str, int], skipped: int, *, custom: bool) -> list[str]:
    remarks = []
    unscored = sorted(mood for mood in moods if mood not in scores)
    if unscored or custom:
        no_score = _("no score")
        found = ", ".join(
            f"{mood} ({count}: {MOOD.show(scores[mood]).replace('-', '−')})" if mood in scores else f"{mood} ({count}: {no_score})"
            for mood, count in sorted(moods.items(), key=lambda item: (-scores.get(item[0], -99), item[0]))
        )
        remarks.append(_("Daylio moods found (how often: score from −5 to +5): %(moods)s.") % {"moods": found})
    if unscored:
        remarks.append(
            ngettext(
                "The Daylio mood %(moods)s has no score yet; it is kept as a mood tag and the mood rating is left "
                "blank. To give it a score, import again with --mood-map, for example --mood-map \"%(example)s\".",
                "The Daylio moods %(moods)s have no score yet; they are kept as mood tags and the mood rating is left "
                "blank. To give them a score, import again with --mood-map, for example --mood-map \"%(example)s\".",
                len(unscored),
            )
            % {"moods": ", ".join(unscored), "example": ",".join(f"{mood}=0" for mood in unscored[:3])}
        )
    if skipped:
        remarks.append(
            ngettext(
                "%(count)s Daylio row had no mood, activity or note and was skipped.",
                "%(count)s Daylio rows had no mood, activity or note and were skipped.",
                skipped,
            )
            % {"count": skipped}
        )
    return remarks

"""The import and export formats: lossless round trips, strict refusals, foreign files.

Pure tests: only ``glimmers.core``, a fixed clock, no database, no network.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from glimmers.core import content
from glimmers.core.journal import entries
from glimmers.core.transfer.bundle import Bundle
from glimmers.core.journal.entries import Tag
from glimmers.core.errors import ImportProblem
from glimmers.core.transfer.formats import ReadContext, exporters, importers
from glimmers.core.transfer.formats.daylio import DaylioCsv, parse_daylio_clock, plain_text
from glimmers.core.transfer.formats.glimmers_csv import COLUMNS, GlimmersCsv
from glimmers.core.transfer.formats.glimmers_json import CHECKIN_FIELDS, DAY_FIELDS, GLIMMER_FIELDS, GlimmersJson
from glimmers.core.transfer.formats.jrnl import JrnlJson

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
CONTEXT = ReadContext(now=NOW, timezone="Europe/Berlin")
ALL_FORMS = [choice.key for choice in content.numbness_forms()]
ALL_WARNING_SIGNS = [choice.key for choice in content.warning_signs()]


def full_bundle() -> Bundle:
    """A journal that touches every field, with the awkward values a real one holds."""
    checkins = [
        entries.validate_checkin(
            {
                "occurred_at": datetime(2026, 11, 19, 21, 30, 15, 123456, tzinfo=BERLIN),
                "timezone": "Europe/Berlin",
                "numbness": 7,
                "mood": -3,
                "energy": 0,
                "stress": 10,
                "forms": ALL_FORMS,
                "warning_signs": ALL_WARNING_SIGNS,
                "tags": ["doing:walking", "who:my sister", "where:café ☕", "body:tight chest", "other:🌧️ rain"],
                "self_talk": 'I said "fine", again,\nand meant it less.',
                "note": 'Line one, with a comma\n"quoted" line\twith a tab\nשלום עולם — مرحبا 🌤️',
                "created_at": datetime(2026, 11, 19, 20, 31, 0, 1, tzinfo=UTC),
                "updated_at": datetime(2026, 11, 19, 21, 0, tzinfo=BERLIN),
            },
            now=NOW,
        ),
        entries.validate_checkin(
            {
                "uid": "0f0e0d0c0b0a09080706050403020100",
                "occurred_at": datetime(2026, 3, 29, 1, 59, tzinfo=UTC),
                "timezone": "America/Sao_Paulo",
                "numbness": 0,
                "source": "daylio",
                "deleted_at": datetime(2026, 4, 1, 8, 0, 0, 999999, tzinfo=UTC),
            },
            now=NOW,
        ),
        entries.validate_checkin(
            {
                "occurred_at": datetime(1970, 1, 2, tzinfo=UTC),
                "timezone": "UTC",
                "mood": 5,
                "note": '=SUM(A1:A3), "not a formula"',
                "self_talk": "'=x, and an apostrophe that was typed",
                "source": "jrnl",
            },
            now=NOW,
        ),
    ]
    glimmers = [
        entries.validate_glimmer(
            {
                "occurred_at": datetime(2026, 11, 18, 7, 5, tzinfo=UTC),
                "timezone": "Asia/Jerusalem",
                "text": 'ריח של קפה 🫖, and the cat\'s "hello"',
                "tags": ["where:kitchen", "who:cat"],
                "deleted_at": datetime(2026, 11, 18, 9, 0, tzinfo=UTC),
            },
            now=NOW,
        ),
        entries.validate_glimmer(
            {
                "occurred_at": datetime(2026, 11, 17, 16, 0, tzinfo=UTC),
                "timezone": "Europe/Berlin",
                "text": "Sun on the floor, finally",
                "preceded_by": "a long walk\nwith Sam",
                "source": "demo",
                "created_at": datetime(2026, 11, 17, 16, 1, tzinfo=UTC),
            },
            now=NOW,
        ),
    ]
    days = [
        entries.validate_day(
            {
                "day": date(2026, 11, 19),
                "sleep_hours": "6.5",
                "wake_time": "07:05",
                "alcohol_units": "0",
                "cannabis_uses": 0,
                "late_screen_minutes": 45,
                "daylight_minutes": "120",
                "movement_minutes": "1440",
                "note": 'Slept badly, µ-naps 💤,\n"restless"',
                "updated_at": datetime(2026, 11, 19, 22, 0, 0, 500, tzinfo=UTC),
            },
            today=date(2026, 11, 20),
        ),
        entries.validate_day({"day": date(2026, 11, 18), "alcohol_units": "2.5", "note": "'tis grey"}, today=date(2026, 11, 20)),
    ]
    return Bundle(checkins=checkins, glimmers=glimmers, days=days)


def assert_same_records(again: list, original: list) -> None:
    assert len(again) == len(original)
    for number, (read_back, written) in enumerate(zip(again, original, strict=True)):
        for field in fields(written):
            assert getattr(read_back, field.name) == getattr(written, field.name), (number, field.name)
        assert read_back == written


# --- lossless round trips ------------------------------------------------------------


@pytest.mark.parametrize("format_class", [GlimmersJson, GlimmersCsv])
def test_round_trip_keeps_every_field(format_class):
    original = full_bundle()
    data = format_class().write(original)
    again = format_class().read(data, CONTEXT)
    assert_same_records(again.checkins, original.checkins)
    assert_same_records(again.glimmers, original.glimmers)
    assert_same_records(again.days, original.days)
    assert again.remarks == []


@pytest.mark.parametrize("format_class", [GlimmersJson, GlimmersCsv])
def test_output_is_deterministic_and_stable(format_class):
    bundle = full_bundle()
    data = format_class().write(bundle)
    assert format_class().write(bundle) == data
    assert format_class().write(format_class().read(data, CONTEXT)) == data
    assert not data.startswith(b"\xef\xbb\xbf")


def test_json_shape():
    document = json.loads(GlimmersJson().write(full_bundle()))
    assert (document["format"], document["version"]) == ("glimmers", 5)
    assert (document["screenings"], document["medications"], document["safety_plan"]) == ([], [], None)
    assert "exported_at" not in document
    first = document["checkins"][0]
    assert first["occurred_at"] == "2026-11-19T20:30:15.123456Z"
    assert first["tags"][0] == "body:tight chest"
    assert (first["energy"], first["deleted_at"]) == (0, None)
    day = document["days"][0]
    assert (day["sleep_hours"], day["alcohol_units"], day["wake_time"]) == ("6.5", "0.0", "07:05")
    assert document["days"][1]["sleep_hours"] is None


def care_bundle() -> Bundle:
    from glimmers.core.care.care_records import MedicationRecord, ScreeningRecord
    from glimmers.core.safety.safety_plan import validate

    return Bundle(
        screenings=[
            ScreeningRecord("phq9", NOW, "Europe/Berlin", [1, 2, 0, 1, 0, 0, 1, 0, 1], "mild", total=6, functional=1,
                            safety_signal=True, uid="a" * 32, created_at=NOW),
            ScreeningRecord("triage", NOW, "UTC", {"duration": True}, "professional_soon", uid="b" * 32),
        ],
        medications=[MedicationRecord("examplamine", "change", NOW.date(), dose="75 mg", note="evening", uid="c" * 32)],
        safety_plan=validate({"coping_alone": "walk\nmusic", "what_matters": "the sea"}),
    )


def test_care_records_round_trip_through_json():
    data = GlimmersJson().write(care_bundle())
    back = GlimmersJson().read(data, CONTEXT)
    assert back.screenings == care_bundle().screenings and back.medications == care_bundle().medications
    assert back.safety_plan == care_bundle().safety_plan
    assert GlimmersJson().write(back) == data


@pytest.mark.parametrize(
    "key, change, message",
    [
        ("screenings", {"instrument": "bdi"}, "instrument must be one of"),
        ("screenings", {"answers": [1, "2"]}, "answers must be a list of whole numbers"),
        ("screenings", {"safety_signal": "yes"}, "safety_signal must be true or false"),
        ("medications", {"kind": "pause"}, "start, change, stop"),
        ("medications", {"day": "2027-01-01"}, "in the future"),
        ("medications", {"colour": "red"}, "Unknown field"),
    ],
)
def test_bad_care_records_are_refused_with_their_place(key, change, message):
    document = json.loads(GlimmersJson().write(care_bundle()))
    document[key][0].update(change)
    with pytest.raises(ImportProblem, match=message) as refused:
        GlimmersJson().read(json.dumps(document).encode(), CONTEXT)
    assert f"{key}[0]" in str(refused.value.message)


def test_json_may_carry_an_export_time_when_asked():
    data = GlimmersJson().write(Bundle(), exported_at=NOW)
    assert json.loads(data)["exported_at"] == "2026-11-20T12:00:00.000000Z"
    assert len(GlimmersJson().read(data, CONTEXT)) == 0


def test_csv_empty_number_is_null_and_empty_text_is_empty():
    data = GlimmersCsv().write(full_bundle())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    minimal = rows[1]
    assert (minimal["record"], minimal["numbness"], minimal["mood"], minimal["note"]) == ("checkin", "0", "", "")
    again = GlimmersCsv().read(data, CONTEXT).checkins[1]
    assert (again.numbness, again.mood, again.note) == (0, None, "")
    assert rows[0]["forms"] == "; ".join(sorted(ALL_FORMS))
    assert rows[-1]["record"] == "day" and rows[-1]["text"] == ""
    assert sorted(COLUMNS[1:]) == sorted(set(CHECKIN_FIELDS + GLIMMER_FIELDS + DAY_FIELDS))


def test_csv_accepts_a_byte_order_mark():
    data = b"\xef\xbb\xbf" + GlimmersCsv().write(full_bundle())
    assert len(GlimmersCsv().read(data, CONTEXT)) == 7


def test_registry_names_the_formats():
    assert set(exporters()) == {"json", "csv", "fhir"}
    assert set(importers()) == {"json", "csv", "daylio", "jrnl"}


# --- strict refusals -------------------------------------------------------------------


def small_bundle() -> Bundle:
    checkins = [
        entries.validate_checkin(
            {"occurred_at": datetime(2026, 11, day, 9, tzinfo=UTC), "timezone": "UTC", "numbness": day % 11},
            now=NOW,
        )
        for day in (10, 11, 12)
    ]
    glimmer = entries.validate_glimmer(
        {"occurred_at": datetime(2026, 11, 12, 9, tzinfo=UTC), "timezone": "UTC", "text": "birdsong"}, now=NOW
    )
    day = entries.validate_day({"day": date(2026, 11, 12), "sleep_hours": "7"}, today=date(2026, 11, 20))
    return Bundle(checkins=checkins, glimmers=[glimmer], days=[day])


SMALL = small_bundle()
NEXT_YEAR = "2027-01-01T00:00Z"
VALID_JSON = GlimmersJson().write(SMALL)
VALID_CSV = GlimmersCsv().write(SMALL)


def json_with(change) -> bytes:
    document = json.loads(VALID_JSON)
    change(document)
    return json.dumps(document).encode("utf-8")


def csv_with(line: int, column: str, value: str) -> bytes:
    rows = list(csv.reader(io.StringIO(VALID_CSV.decode("utf-8"), newline="")))
    rows[line - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def set_in(kind, index, name, value):
    return lambda document: document[kind][index].__setitem__(name, value)


MALFORMED = [
    ("json", b"", "empty"),
    ("json", b"\xff\xfe{", "UTF-8"),
    ("json", VALID_JSON[: len(VALID_JSON) // 2], "(line "),
    ("json", json_with(lambda d: d.__setitem__("format", "daylio")), '"format": "glimmers"'),
    ("json", json_with(lambda d: d.__setitem__("version", 99)), "version 99"),
    ("json", json_with(lambda d: d.__setitem__("toolkit", {"goals": [{"uid": "g"}]})), "toolkit goals[0]: missing field"),
    ("json", json_with(lambda d: d.__setitem__("toolkit", {"moods": []})), "unknown list 'moods'"),
    ("json", b"[1, 2]", '"format": "glimmers"'),
    ("json", json_with(lambda d: d["checkins"][1].pop("occurred_at")), "checkins[1]: The field occurred_at is missing"),
    ("json", json_with(set_in("checkins", 2, "numbness", 11)), "checkins[2]: Numbness must be a whole number"),
    ("json", json_with(set_in("checkins", 0, "numbness", "7")), "checkins[0]: numbness must be a whole number"),
    ("json", json_with(set_in("checkins", 0, "numbnes", 3)), "checkins[0]: Unknown field 'numbnes'"),
    ("json", json_with(set_in("checkins", 1, "occurred_at", "2026-11-12 09:00")), "checkins[1]: occurred_at"),
    ("json", json_with(set_in("checkins", 1, "occurred_at", NEXT_YEAR)), "checkins[1]: That moment is in the future"),
    ("json", json_with(set_in("checkins", 2, "uid", SMALL.checkins[0].uid)), "checkins[2]: " + SMALL.checkins[0].uid),
    ("json", json_with(set_in("glimmers", 0, "text", "")), "glimmers[0]: The field text is missing"),
    ("json", json_with(set_in("days", 0, "day", "2026-02-30")), "days[0]: 2026-02-30 is not a real calendar date"),
    ("json", json_with(set_in("days", 0, "day", "2026-11-21")), "days[0]: Day factors can only be recorded for today"),
    ("json", json_with(set_in("days", 0, "sleep_hours", 7.5)), "days[0]: sleep_hours must be a number written as text"),
    ("json", json_with(lambda d: d.__setitem__("days", {})), "days must be a list"),
    ("json", b'{"format": "glimmers", "format": "glimmers"}', "appears twice"),
    ("csv", b"", "empty"),
    ("csv", b"date,mood,note\r\n2026-11-12,good,fine\r\n", "(line 1)"),
    ("csv", VALID_CSV[: VALID_CSV.index(b"\r\nglimmer") - 3], "(line 4)"),
    ("csv", VALID_CSV.replace(b"birdsong", b'"birdsong'), "(line 5)"),
    ("csv", csv_with(3, "record", "mood"), "Unknown record kind 'mood'; expected checkin, glimmer or day. (line 3)"),
    ("csv", csv_with(4, "numbness", "11"), "check-in: Numbness must be a whole number from 0 to 10. (line 4)"),
    ("csv", csv_with(4, "numbness", "seven"), "not a whole number. (line 4)"),
    ("csv", csv_with(2, "occurred_at", NEXT_YEAR), "in the future; check-ins record what has happened. (line 2)"),
    ("csv", csv_with(6, "day", "2026-02-30"), "day factors: 2026-02-30 is not a real calendar date. (line 6)"),
    ("csv", csv_with(5, "numbness", "3"), "The numbness column must be empty in a glimmer row. (line 5)"),
    ("csv", csv_with(2, "uid", ""), "The field uid is missing. (line 2)"),
]


def assert_says(message: str, expected: str) -> None:
    """``expected`` is "words" or "words (line N)": the message names the line first."""
    words, _sep, line = expected.rpartition(" (line ") if expected.endswith(")") and " (line " in expected else (expected, "", "")
    if expected.startswith("(line "):
        words, line = "", expected.removeprefix("(line ")
    if line:
        assert message.startswith(f"Line {line.rstrip(')')}: "), message
    assert words in message, message


@pytest.mark.parametrize(("format_name", "data", "expected"), MALFORMED)
def test_malformed_input_is_refused_with_its_place(format_name, data, expected):
    with pytest.raises(ImportProblem) as caught:
        importers()[format_name]().read(data, CONTEXT)
    assert_says(caught.value.message, expected)
    assert "\n" not in caught.value.message
    if format_name == "csv" and "(line " in expected:
        assert caught.value.line == int(expected.rsplit("(line ", 1)[1].rstrip(")"))


# --- Daylio -----------------------------------------------------------------------------


def read_fixture(importer, name: str) -> Bundle:
    return importer.read((FIXTURES / name).read_bytes(), CONTEXT)


def test_daylio_values_tags_and_moods():
    checkins = read_fixture(DaylioCsv(), "daylio_export.csv").checkins
    assert len(checkins) == 8
    first = checkins[0]
    assert first.occurred_at == datetime(2026, 11, 19, 21, 40, tzinfo=BERLIN)
    assert (first.timezone, first.source, first.mood, first.note) == ("Europe/Berlin", "daylio", 2, "")
    assert first.tags == (Tag("doing", "cooking"), Tag("doing", "friends"), Tag("doing", "walk"))
    assert [checkin.mood for checkin in checkins] == [2, None, 0, 4, -2, -4, None, 2]
    assert checkins[2].tags == () and checkins[2].note == 'Tea, a blanket and the "good" radio station.'
    assert checkins[6].tags == (Tag("doing", "movies / tv"), Tag("mood", "numb"))


def test_daylio_custom_mood_is_kept_as_a_tag_and_the_moods_found_are_listed():
    bundle = read_fixture(DaylioCsv(), "daylio_export.csv")
    numb = bundle.checkins[1]
    assert numb.mood is None and Tag("mood", "numb") in numb.tags
    assert numb.note == "Grey day\n\nDidn't feel much at the meeting, just went through it."
    found, unscored = bundle.remarks
    assert found == ("Daylio moods found (how often: score from −5 to +5): rad (1: +4), good (2: +2), meh (1: 0), "
                     "bad (1: −2), awful (1: −4), numb (2: no score).")
    assert unscored.startswith("The Daylio mood numb has no score yet") and '--mood-map "numb=0"' in unscored


def test_daylio_moods_take_the_persons_own_scores():
    """Daylio lets people rename moods: the person's map scores a custom name and can override a standard one."""
    from dataclasses import replace

    data = (FIXTURES / "daylio_export.csv").read_bytes()
    bundle = DaylioCsv().read(data, replace(CONTEXT, mood_map={"Numb ": -3, "rad": 5}))
    assert [checkin.mood for checkin in bundle.checkins] == [2, -3, 0, 5, -2, -4, -3, 2]
    assert all(tag.category != "mood" for checkin in bundle.checkins for tag in checkin.tags)
    assert bundle.remarks == ["Daylio moods found (how often: score from −5 to +5): rad (1: +5), good (2: +2), "
                              "meh (1: 0), bad (1: −2), numb (2: −3), awful (1: −4)."]
    from glimmers.core.transfer.formats.daylio import moods_in

    assert moods_in(data) == {"good": 2, "numb": 2, "rad": 1, "meh": 1, "bad": 1, "awful": 1}


def test_daylio_html_is_cleaned_and_twelve_hour_times_read():
    checkins = read_fixture(DaylioCsv(), "daylio_export.csv").checkins
    assert checkins[3].note == (
        "Morning swim\n\nCold water, then warm shower.\nFelt awake for the first time this week.\nFish & chips later <3"
    )
    assert checkins[5].note == "Stayed in bed most of the day."
    assert checkins[1].occurred_at.astimezone(BERLIN).time() == time(20, 5)
    assert checkins[2].occurred_at.astimezone(BERLIN).time() == time(23, 54)
    assert checkins[6].occurred_at.astimezone(BERLIN).time() == time(0, 10)
    assert checkins[7].occurred_at.astimezone(BERLIN).time() == time(12, 45)


def test_daylio_older_layout():
    checkins = read_fixture(DaylioCsv(), "daylio_export_old.csv").checkins
    assert [c.occurred_at.astimezone(BERLIN) for c in checkins] == [
        datetime(2019, 3, 4, 21, 20, tzinfo=BERLIN),
        datetime(2019, 3, 3, 10, 2, tzinfo=BERLIN),
        datetime(2019, 3, 2, 18, 30, tzinfo=BERLIN),
    ]
    assert [c.mood for c in checkins] == [2, 0, -4]
    assert checkins[2].tags == (Tag("doing", "bad sleep"),)


def test_daylio_uids_are_the_same_on_every_read():
    first = read_fixture(DaylioCsv(), "daylio_export.csv").checkins
    second = read_fixture(DaylioCsv(), "daylio_export.csv").checkins
    assert [c.uid for c in first] == [c.uid for c in second]
    assert len({c.uid for c in first}) == len(first)


def test_daylio_identical_rows_get_different_uids():
    row = b'2026-11-10,November 10,Tuesday,09:00,meh,"","",""\n'
    data = b"full_date,date,weekday,time,mood,activities,note_title,note\n" + row + row
    uids = [c.uid for c in DaylioCsv().read(data, CONTEXT).checkins]
    assert len(set(uids)) == 2


def test_daylio_clock_and_plain_text():
    clocks = {"8:30 PM": time(20, 30), "11:54 pm": time(23, 54), "12:05 am": time(0, 5), "20:30": time(20, 30)}
    assert {text: parse_daylio_clock(text) for text in clocks} == clocks
    assert plain_text("a<br>b<BR />c &amp; <i>d</i>&nbsp;e") == "a\nb\nc & d e"


HEADER = b"full_date,date,weekday,time,mood,activities,note_title,note\n"

DAYLIO_MALFORMED = [
    (b"", "empty"),
    (b"date,mood,note\n2026-11-12,good,fine\n", "does not look like a Daylio CSV export"),
    (HEADER, "no entries"),
    (HEADER + b"2026-11-12,November 12,Thursday,09:00,good\n", "5 columns"),
    (HEADER + b'2026-11-12,November 12,Thursday,09:00,good,"","","\n', "(line 2)"),
    (HEADER + b'2026-02-30,February 30,Monday,09:00,good,"","",""\n', "not a real calendar date. (line 2)"),
    (HEADER + b'2026-11-12,,,9:00,good,"","",""\n2026-11-21,,,09:00,good,"","",""\n', "happened. (line 3)"),
    (HEADER + b'2026-03-29,March 29,Sunday,2:30 AM,good,"","",""\n', "does not exist in Europe/Berlin"),
    (HEADER + b'2026-11-12,November 12,Thursday,25:00,good,"","",""\n', "not a time of day"),
    (HEADER + b'2026-11-12,November 12,Thursday,09:00,good,"a, b","",""\n', "Tag 'a, b'"),
    (b'year,date,weekday,time,mood,activities,note\n2019,31 Foo,Friday,9:00,good,"",""\n', "not a date Daylio writes"),
]


@pytest.mark.parametrize(("data", "expected"), DAYLIO_MALFORMED)
def test_daylio_malformed_input_is_refused(data, expected):
    with pytest.raises(ImportProblem) as caught:
        DaylioCsv().read(data, CONTEXT)
    assert_says(caught.value.message, expected)


# --- jrnl ----------------------------------------------------------------------------


def test_jrnl_fixture():
    checkins = read_fixture(JrnlJson(), "jrnl_export.json").checkins
    assert len(checkins) == 6
    assert {c.source for c in checkins} == {"jrnl"}
    assert checkins[0].occurred_at == datetime(2026, 11, 14, 7, 40, tzinfo=BERLIN)
    assert checkins[0].note == (
        "Woke before the alarm.\nCoffee on the balcony with @neighbour waving from across the street."
    )
    assert checkins[0].tags == (Tag("other", "neighbour"),)
    assert checkins[2].tags == (Tag("other", "family"), Tag("other", "starred"))
    assert checkins[3].note.endswith("which counts for something.\n\nWent to bed early with a book. @reading @tired")
    assert checkins[4].note == "Nothing much today, just tired @tired"
    assert checkins[5].tags == () and checkins[5].note.startswith("Café au lait")
    assert all(c.mood is None and c.numbness is None for c in checkins)


def test_jrnl_uids_ignore_tag_order():
    document = json.loads((FIXTURES / "jrnl_export.json").read_bytes())
    first = [c.uid for c in JrnlJson().read(json.dumps(document).encode(), CONTEXT).checkins]
    for entry in document["entries"]:
        entry["tags"].reverse()
    second = [c.uid for c in JrnlJson().read(json.dumps(document).encode(), CONTEXT).checkins]
    assert first == second and len(set(first)) == 6


def jrnl_document(**entry) -> bytes:
    base = {"title": "A walk.", "body": "", "date": "2026-11-12", "time": "09:00", "tags": [], "starred": False}
    return json.dumps({"tags": {}, "entries": [base, {**base, **entry}]}).encode()


JRNL_MALFORMED = [
    (b'{"entries": {}}', "not a jrnl export"),
    (b'{"notes": []}', "not a jrnl export"),
    (VALID_JSON, "This is a glimmers export, not a jrnl one"),
    (b'{"tags": {}, "entries": []}', "no entries"),
    (b'{"tags": {}, "entries": [', "(line 1)"),
    (jrnl_document(date=None), "entries[1]: date must be text"),
    (jrnl_document(tags="@walk"), "entries[1]: tags must be a list of tags"),
    (jrnl_document(date="2026-02-30"), "entries[1]: 2026-02-30 is not a real calendar date"),
    (jrnl_document(date="2026-12-01"), "entries[1]: That moment is in the future"),
    (jrnl_document(time="9am"), "entries[1]: 9am is not a time of day"),
]


@pytest.mark.parametrize(("data", "expected"), JRNL_MALFORMED)
def test_jrnl_malformed_input_is_refused(data, expected):
    with pytest.raises(ImportProblem) as caught:
        JrnlJson().read(data, CONTEXT)
    assert_says(caught.value.message, expected)

"""The one rule for stored text, the terminal sanitiser and the spreadsheet guard.

Pure tests: only ``glimmers.core``, no database.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest

from glimmers.core.toolkit import activation, experiments, goals, sharing
from glimmers.core.journal import entries
from glimmers.core.care import medication
from glimmers.core.safety import safety_plan
from glimmers.core import text
from glimmers.core.transfer.bundle import Bundle
from glimmers.core.errors import ImportProblem, InvalidInput
from glimmers.core.transfer.formats import ReadContext
from glimmers.core.transfer.formats.daylio import DaylioCsv
from glimmers.core.transfer.formats.glimmers_csv import COLUMNS, GlimmersCsv
from glimmers.core.transfer.formats.glimmers_json import GlimmersJson
from glimmers.core.transfer.formats.jrnl import JrnlJson

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
TODAY = date(2026, 11, 20)
CONTEXT = ReadContext(now=NOW, timezone="Europe/Berlin")

# What an attacker would put in a note: retitle the window (OSC ... BEL),
# clear the screen (CSI with ESC), colour with the one-byte C1 CSI, a DEL.
ESCAPES = ["\x1b]0;owned\x07", "\x1b[2J", "\x9b31m", "bell\x07", "del\x7f", "nul\x00", "\x1bc"]
UNREADABLE = "bad \udcff bytes"  # what bytes that are not UTF-8 become in a command's arguments


# --- the rule coming in -------------------------------------------------------------


@pytest.mark.parametrize("bad", ESCAPES)
@pytest.mark.parametrize("multiline", [True, False])
def test_every_control_character_is_refused_naming_the_field(bad, multiline):
    with pytest.raises(InvalidInput, match="Note contains control characters") as caught:
        text.clean(f"before {bad} after", field="note", multiline=multiline)
    assert caught.value.field == "note"


def test_lone_surrogates_are_refused_as_unreadable_text():
    with pytest.raises(InvalidInput, match="Note is not readable text: part of it is not UTF-8"):
        text.clean(UNREADABLE, field="note", multiline=True)


def test_the_rule_normalises_strips_and_keeps_what_each_kind_of_field_keeps():
    assert text.clean("  Cafe\u0301\r\nsecond\rthird\tcol  ", field="note", multiline=True) == "Café\nsecond\nthird\tcol"
    assert text.clean(" a line\nanother\tcell ", field="name") == "a line another cell"  # one-line fields fold
    assert text.clean(None, field="note") == ""
    assert text.clean("emoji 🌿 and שלום and U+FFFD \ufffd typed", field="note") == "emoji 🌿 and שלום and U+FFFD \ufffd typed"
    with pytest.raises(InvalidInput, match="Note is 5 characters long; the limit is 4"):
        text.clean("abcde", field="note", maximum=4)
    with pytest.raises(InvalidInput, match="must be text"):
        text.clean(5, field="note")


@pytest.mark.parametrize(
    "store",
    [
        pytest.param(lambda bad: entries.validate_checkin({"occurred_at": NOW, "timezone": "UTC", "note": bad}, now=NOW), id="note"),
        pytest.param(lambda bad: entries.validate_checkin({"occurred_at": NOW, "timezone": "UTC", "self_talk": bad}, now=NOW), id="self_talk"),
        pytest.param(lambda bad: entries.validate_checkin({"occurred_at": NOW, "timezone": "UTC", "tags": [f"who:{bad}"]}, now=NOW), id="tag"),
        pytest.param(lambda bad: entries.validate_glimmer({"occurred_at": NOW, "timezone": "UTC", "text": bad}, now=NOW), id="glimmer"),
        pytest.param(lambda bad: entries.validate_glimmer({"occurred_at": NOW, "timezone": "UTC", "text": "x", "preceded_by": bad}, now=NOW),
                     id="preceded_by"),
        pytest.param(lambda bad: entries.validate_day({"day": TODAY, "note": bad}, today=TODAY), id="day_note"),
        pytest.param(lambda bad: safety_plan.validate({"coping_alone": ["walk", bad]}), id="safety_plan_list"),
        pytest.param(lambda bad: safety_plan.validate({"what_matters": f"my dog\n{bad}"}), id="safety_plan_text"),
        pytest.param(lambda bad: medication.validate_event(name=bad, kind="start", day=TODAY, today=TODAY), id="medicine_name"),
        pytest.param(lambda bad: medication.validate_event(name="x", kind="start", day=TODAY, dose=bad, today=TODAY), id="medicine_dose"),
        pytest.param(lambda bad: medication.validate_event(name="x", kind="start", day=TODAY, note=bad, today=TODAY), id="medicine_note"),
        pytest.param(lambda bad: goals.validate_text(bad, goals.GOAL), id="goal"),
        pytest.param(lambda bad: goals.validate_text(bad, goals.ENOUGH), id="enough"),
        pytest.param(lambda bad: experiments.custom_lever(bad), id="experiment_name"),
        pytest.param(lambda bad: sharing.compose("friend", ["detached"], (), bad), id="shared_words"),
        pytest.param(lambda bad: activation.validate_title(bad), id="activity_title"),
        pytest.param(lambda bad: activation.validate_values([(bad, "act")]), id="value_name"),
        pytest.param(lambda bad: activation.validate_values([("curiosity", bad)]), id="value_action"),
        pytest.param(lambda bad: activation.validate_done(actual_pleasure=3, glimmer=bad), id="activity_glimmer"),
    ],
)
@pytest.mark.parametrize("bad", ["word \x1b]0;owned\x07", "colour \x9b31m", UNREADABLE])
def test_every_validator_applies_the_rule(store, bad):
    with pytest.raises(InvalidInput, match="contains control characters|not readable text"):
        store(bad)


def test_the_stored_custom_lever_still_shows_an_older_name():
    """A name stored by an older version is never refused again on the way out."""
    assert experiments.stored_custom_lever("tea \x1b[31m").name == "tea \x1b[31m"


# --- the sanitiser going out --------------------------------------------------------


def test_printable_shows_every_control_visibly_and_keeps_the_rest():
    shown = text.printable("a\x1b]0;t\x07b\x9b2J\x7f\rc\x00\udcff")
    assert shown == "a\\x1b]0;t\\x07b\\x9b2J\\x7f\\x0dc\\x00\\udcff"
    assert all(ch.isprintable() for ch in shown)
    assert text.printable("line one\n\tindented · שלום 🌿 [bold]x[/]") == "line one\n\tindented · שלום 🌿 [bold]x[/]"
    assert text.printable(None) == ""


def test_json_for_a_terminal_is_the_same_json_with_no_raw_control():
    data = {"note": "x\x1b[2J\x9b31m\x7f\x07 שלום", "n": -2}
    shown = text.json_text(data, indent=1)
    assert json.loads(shown) == data
    assert not any(ch in shown for ch in "\x1b\x9b\x7f\x07") and "שלום" in shown


# --- the spreadsheet guard ----------------------------------------------------------


@pytest.mark.parametrize("cell", ["=1+1", "+44 20", "-2 and falling", "@SUM(A1)", "\tx", "\rx", "'tis", "'=x", "''", "'", "",
                                  "plain", "a=b", "2-1"])
def test_spreadsheet_cells_round_trip_exactly(cell):
    written = text.spreadsheet_cell(cell)
    assert not written.startswith(text.SPREADSHEET_TRIGGERS)
    assert text.from_spreadsheet_cell(written) == cell
    assert (written == cell) == (not cell.startswith((*text.SPREADSHEET_TRIGGERS, "'")))


def test_an_older_export_with_a_plain_leading_apostrophe_reads_as_it_was():
    assert text.from_spreadsheet_cell("'tis") == "'tis"


def _formula_bundle() -> Bundle:
    checkin = entries.validate_checkin(
        {"occurred_at": NOW, "timezone": "UTC", "mood": -2, "note": "=HYPERLINK(\"http://example.invalid\",\"x\")",
         "self_talk": "'=x", "tags": ["who:@sam"]}, now=NOW)
    glimmer = entries.validate_glimmer(
        {"occurred_at": NOW, "timezone": "UTC", "text": "+1 for the sun", "preceded_by": "'tis the season"}, now=NOW)
    day = entries.validate_day({"day": TODAY, "note": "-2 degrees", "sleep_hours": "6.5"}, today=TODAY)
    return Bundle(checkins=[checkin], glimmers=[glimmer], days=[day])


def test_csv_export_neutralises_formula_cells_and_leaves_numbers_alone():
    original = _formula_bundle()
    data = GlimmersCsv().write(original)
    rows = [dict(zip(COLUMNS, row)) for row in csv.reader(io.StringIO(data.decode("utf-8"), newline=""))][1:]
    checkin, glimmer, day = rows
    assert checkin["note"].startswith("'=HYPERLINK(") and checkin["self_talk"] == "''=x"
    assert checkin["mood"] == "-2"  # a number column is never changed
    assert glimmer["text"] == "'+1 for the sun" and glimmer["preceded_by"] == "''tis the season"
    assert day["note"] == "'-2 degrees" and day["sleep_hours"] == "6.5"
    for row in rows:
        assert not any(cell.startswith(text.SPREADSHEET_TRIGGERS) for name, cell in row.items() if name != "mood")
    again = GlimmersCsv().read(data, CONTEXT)
    assert (again.checkins, again.glimmers, again.days) == (original.checkins, original.glimmers, original.days)


# --- importers: refused all or nothing, with the place named -------------------------


def _valid_json() -> dict:
    bundle = Bundle(
        checkins=[entries.validate_checkin({"occurred_at": NOW, "timezone": "UTC", "numbness": 3, "note": "fine"}, now=NOW)],
        glimmers=[entries.validate_glimmer({"occurred_at": NOW, "timezone": "UTC", "text": "sun"}, now=NOW)],
        days=[entries.validate_day({"day": TODAY, "note": "grey"}, today=TODAY)],
    )
    document = json.loads(GlimmersJson().write(bundle))
    stamp = "2026-11-19T10:00:00.000000Z"
    document["medications"] = [{"uid": "a" * 32, "name": "examplamine", "kind": "start", "dose": "50 mg", "day": "2026-11-01",
                                "note": "", "created_at": stamp}]
    document["screenings"] = [{"uid": "b" * 32, "instrument": "triage", "taken_at": stamp, "timezone": "UTC",
                               "answers": {"q1": False}, "functional": None, "total": None, "outcome": "self_help",
                               "safety_signal": False, "created_at": stamp}]
    document["safety_plan"] = {"coping_alone": ["walk"], "what_matters": ["my dog"]}
    document["toolkit"] = {
        "values": [{"name": "curiosity", "action": "read a page", "position": 0}],
        "activities": [{"uid": "c" * 32, "title": "walk", "category": "body", "value": "", "scheduled_for": stamp,
                        "timezone": "UTC", "predicted_pleasure": 3, "predicted_mastery": None, "actual_pleasure": None,
                        "actual_mastery": None, "glimmer": "", "done_at": None, "created_at": stamp}],
        "goals": [{"uid": "d" * 32, "day": "2026-11-19", "kind": "goal", "text": "open the curtains", "done_at": None,
                   "created_at": stamp}],
        "pleasure_tries": [{"uid": "e" * 32, "pleasure_key": "one_song", "tried_at": stamp, "timezone": "UTC",
                            "shift": "none", "note": "nothing"}],
        "experiments": [{"uid": "f" * 32, "lever_key": "custom", "lever_name": "no news after 8pm", "design": "before_after",
                         "start": "2026-11-01", "end": "2026-11-28", "weeks": None, "on_weeks": None, "seed": None,
                         "schedule": [], "baseline_days": 14, "change_days": 14, "stopped_on": None, "created_at": stamp}],
        "adherence": [{"experiment_uid": "f" * 32, "day": "2026-11-02", "answer": "yes", "note": "easy"}],
        "shared_messages": [{"uid": "0" * 32, "audience": "friend", "text": "Hi,\nI feel flat.", "created_at": stamp}],
        "help_notes": [{"text": "Feeling flat since the dose change.", "updated_at": stamp}],
    }
    return document


def test_the_valid_document_used_below_imports():
    bundle = GlimmersJson().read(json.dumps(_valid_json()).encode(), CONTEXT)
    assert bundle.toolkit["help_notes"][0]["text"].startswith("Feeling flat") and bundle.safety_plan.get("what_matters")


def _set(path):
    def change(document, bad):
        *parents, last = path
        target = document
        for step in parents:
            target = target[step]
        target[last] = bad if not isinstance(target[last], list) else [bad]
    return change


JSON_PLACES = [
    (("checkins", 0, "note"), "checkins[0]: Note contains"),
    (("glimmers", 0, "text"), "glimmers[0]: Text contains"),
    (("days", 0, "note"), "days[0]: Note contains"),
    (("safety_plan", "coping_alone"), "safety_plan: A line in"),
    (("medications", 0, "name"), "medications[0]: name contains"),
    (("medications", 0, "dose"), "medications[0]: dose contains"),
    (("medications", 0, "note"), "medications[0]: note contains"),
    (("screenings", 0, "outcome"), "screenings[0]: outcome contains"),
    (("screenings", 0, "timezone"), "screenings[0]: timezone contains"),
    (("toolkit", "goals", 0, "text"), "toolkit goals[0].text: Text contains"),
    (("toolkit", "experiments", 0, "lever_name"), "toolkit experiments[0].lever_name: Lever name contains"),
    (("toolkit", "shared_messages", 0, "text"), "toolkit shared_messages[0].text: Text contains"),
    (("toolkit", "help_notes", 0, "text"), "toolkit help_notes[0].text: Text contains"),
    (("toolkit", "values", 0, "name"), "toolkit values[0].name: Name contains"),
    (("toolkit", "activities", 0, "title"), "toolkit activities[0].title: Title contains"),
    (("toolkit", "pleasure_tries", 0, "note"), "toolkit pleasure_tries[0].note: Note contains"),
    (("toolkit", "adherence", 0, "note"), "toolkit adherence[0].note: Note contains"),
    (("toolkit", "activities", 0, "timezone"), "toolkit activities[0].timezone: Timezone contains"),
]


@pytest.mark.parametrize("path, message", JSON_PLACES, ids=[".".join(map(str, path)) for path, _m in JSON_PLACES])
def test_a_json_import_with_an_escape_anywhere_is_refused_naming_its_place(path, message):
    document = _valid_json()
    _set(path)(document, "hello \x1b]0;owned\x07")
    with pytest.raises(ImportProblem, match=message.replace("[", r"\[").replace("]", r"\]")) as caught:
        GlimmersJson().read(json.dumps(document).encode(), CONTEXT)
    assert "\x1b" not in caught.value.message


def test_a_json_import_with_a_tag_or_an_answer_key_holding_an_escape_is_refused():
    document = _valid_json()
    document["checkins"][0]["tags"] = ["who:sam\x9b31m"]
    with pytest.raises(ImportProblem, match=r"checkins\[0\]: A tag contains control characters"):
        GlimmersJson().read(json.dumps(document).encode(), CONTEXT)
    document = _valid_json()
    document["screenings"][0]["answers"] = {"q1\x1b[2J": False}
    with pytest.raises(ImportProblem, match=r"screenings\[0\]: answers contains control characters"):
        GlimmersJson().read(json.dumps(document).encode(), CONTEXT)


def test_a_json_import_holding_text_over_a_limit_is_refused():
    document = _valid_json()
    document["toolkit"]["goals"][0]["text"] = "x" * 161
    with pytest.raises(ImportProblem, match=r"toolkit goals\[0\].text: Text is 161 characters long; the limit is 160"):
        GlimmersJson().read(json.dumps(document).encode(), CONTEXT)


def test_a_glimmers_csv_with_an_escape_is_refused_naming_its_line():
    data = GlimmersCsv().write(_formula_bundle()).decode("utf-8").replace("+1 for the sun", "sun \x1b[2J")
    with pytest.raises(ImportProblem, match=r"^Line 3: glimmer: Text contains control characters"):
        GlimmersCsv().read(data.encode("utf-8"), CONTEXT)


def test_a_daylio_export_with_an_escape_is_refused_naming_its_line():
    header = "full_date,date,weekday,time,mood,activities,note_title,note\n"
    fine = "2026-11-18,November 18,Wednesday,8:30 PM,good,walk,,fine\n"
    for bad in ("2026-11-17,November 17,Tuesday,8:30 PM,meh,walk,,\x1b]0;owned\x07\n",
                "2026-11-17,November 17,Tuesday,8:30 PM,meh,walk | \x9b31m,,fine\n",
                "2026-11-17,November 17,Tuesday,8:30 PM,\x1b[2Jmood,walk,,fine\n"):
        with pytest.raises(ImportProblem, match="^Line 3: .*contains control characters"):
            DaylioCsv().read((header + fine + bad).encode("utf-8"), CONTEXT)
    # An HTML character reference to a control character is dropped by the HTML
    # rules Daylio's notes follow, so it never reaches the journal either.
    entity = "2026-11-17,November 17,Tuesday,8:30 PM,meh,walk,,an entity &#27;[2J\n"
    notes = [checkin.note for checkin in DaylioCsv().read((header + fine + entity).encode("utf-8"), CONTEXT).checkins]
    assert notes == ["fine", "an entity [2J"]


def test_a_jrnl_export_with_an_escape_is_refused_naming_its_entry():
    def document(**entry):
        return json.dumps({"tags": {}, "entries": [
            {"title": "fine", "body": "", "date": "2026-11-15", "time": "13:05", "tags": [], "starred": False},
            {"title": "t", "body": "", "date": "2026-11-16", "time": "13:05", "tags": [], "starred": False} | entry,
        ]}).encode()

    for entry in ({"body": "x\x1b[2J"}, {"title": "\x9b31m"}, {"tags": ["@walk\x07"]}):
        with pytest.raises(ImportProblem, match=r"^entries\[1\]: .*contains control characters"):
            JrnlJson().read(document(**entry), CONTEXT)


def test_json_export_writes_older_controls_as_escapes_it_reads_back_exactly():
    older = entries.CheckIn(occurred_at=NOW, timezone="UTC", note="from an older version \x9b31m \x7f")
    data = GlimmersJson().write(Bundle(checkins=[older]))
    assert b"\xc2\x9b" not in data and b"\x7f" not in data and b"\\u009b" in data
    assert json.loads(data)["checkins"][0]["note"] == older.note

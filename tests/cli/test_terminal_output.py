"""Stored text never drives the terminal.

New words with control characters are refused on every path into the
journal; words already stored (by an older version, before the rule) are
printed by every command with each control character written out (ESC as
``\\x1b``), and rich markup in them is printed as it was typed.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from glimmers.analysis.models import HelpNote
from glimmers.care import models as care
from glimmers.journal import models as journal
from glimmers.toolkit import models as toolkit
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db

TODAY = FIXED_NOW.date()
# Retitle the window (OSC ... BEL), clear the screen (CSI), colour with the
# one-byte C1 CSI, then rich markup that must not be read as markup.
PAYLOAD = "ESC\x1b]0;owned\x07 CSI\x1b[2J C1\x9b31m [bold]b[/]"
RAW = ("\x1b]0;owned", "\x07", "\x1b[2J", "\x9b")
SHOWN = "ESC\\x1b]0;owned\\x07 CSI\\x1b[2J C1\\x9b31m [bold]b[/]"
STAMP = FIXED_NOW - timedelta(days=1)


@pytest.fixture
def terminal(monkeypatch):
    """Output as a terminal gets it: click keeps escape sequences instead of
    stripping them for a pipe, so a raw escape in stored text would show here."""
    monkeypatch.setattr("click.utils.should_strip_ansi", lambda stream=None, color=None: False)
    monkeypatch.setenv("COLUMNS", "400")  # tables wide enough that the words are not wrapped


def assert_safe(result, *, shows: bool = True) -> None:
    text = result.out + result.err
    for raw in RAW:
        assert raw not in text, (raw, text)
    if shows:
        assert SHOWN in text, text


def strings(data) -> list[str]:
    """Every text in a JSON document, keys and values."""
    if isinstance(data, dict):
        return [text for key, value in data.items() for text in [key, *strings(value)]]
    if isinstance(data, list):
        return [text for item in data for text in strings(item)]
    return [data] if isinstance(data, str) else []


def older_rows() -> dict:
    """Every kind of stored text, holding the payload, written straight into the
    tables as a version before the rule could have written it."""
    uid = iter(f"{n:032x}" for n in range(1, 100))
    tag = journal.Tag.objects.create(category="who", name=PAYLOAD)
    checkin = journal.CheckIn.objects.create(
        uid=next(uid), occurred_at=STAMP, timezone="Europe/Berlin", local_date=STAMP.date(), created_at=STAMP,
        updated_at=STAMP, numbness=6, note=PAYLOAD, self_talk=PAYLOAD)
    checkin.tags.add(tag)
    trashed = journal.CheckIn.objects.create(
        uid=next(uid), occurred_at=STAMP, timezone="Europe/Berlin", local_date=STAMP.date(), created_at=STAMP,
        updated_at=STAMP, numbness=2, note=PAYLOAD, deleted_at=FIXED_NOW)
    glimmer = journal.Glimmer.objects.create(
        uid=next(uid), occurred_at=STAMP, timezone="Europe/Berlin", local_date=STAMP.date(), created_at=STAMP,
        updated_at=STAMP, text=PAYLOAD, preceded_by=PAYLOAD)
    journal.DayFactors.objects.create(day=STAMP.date(), note=PAYLOAD, updated_at=STAMP)
    care.SafetyPlanStep.objects.create(step="coping_alone", text=f"walk\n{PAYLOAD}", updated_at=STAMP)
    medicine = care.MedicationEvent.objects.create(uid=next(uid), name=PAYLOAD, kind="start", dose=PAYLOAD,
                                                   day=TODAY - timedelta(days=20), note=PAYLOAD, created_at=STAMP)
    care.ScreeningResult.objects.create(uid=next(uid), instrument="triage", taken_at=STAMP, timezone="Europe/Berlin",
                                        answers={}, outcome=PAYLOAD, created_at=STAMP)
    HelpNote.objects.create(text=PAYLOAD, updated_at=STAMP)
    goal = toolkit.Goal.objects.create(uid=next(uid), day=TODAY, kind="goal", text=PAYLOAD, created_at=STAMP)
    toolkit.Goal.objects.create(uid=next(uid), day=TODAY, kind="enough", text=PAYLOAD, created_at=STAMP)
    experiment = toolkit.Experiment.objects.create(
        uid=next(uid), lever_key="custom", lever_name=PAYLOAD, design="before_after", start=TODAY - timedelta(days=3),
        end=TODAY + timedelta(days=24), baseline_days=14, change_days=14, created_at=STAMP)
    toolkit.SharedMessage.objects.create(uid=next(uid), audience="friend", text=PAYLOAD, created_at=STAMP)
    toolkit.Value.objects.create(name=PAYLOAD, action=PAYLOAD, position=0)
    activity = toolkit.Activity.objects.create(
        uid=next(uid), title=PAYLOAD, category="body", scheduled_for=STAMP, timezone="Europe/Berlin", predicted_pleasure=2,
        actual_pleasure=6, glimmer=PAYLOAD, done_at=STAMP, created_at=STAMP)
    return {"checkin": checkin, "trashed": trashed, "glimmer": glimmer, "medicine": medicine, "goal": goal,
            "experiment": experiment, "activity": activity}


# (command, whether the payload itself appears in what it prints); "{name}" is a stored row's ref.
PRINTING_COMMANDS = [
    (("list",), True), (("search", "owned"), True), (("show", "{checkin}"), True), (("show", "{glimmer}"), True),
    (("tags",), True), (("trash",), True), (("day", "--date", STAMP.date().isoformat()), True),
    (("safety-plan",), True), (("safety-plan", "print"), True),
    (("meds", "list"), True), (("meds", "delete", "{medicine}"), True),
    (("goal",), True), (("goal", "done", "{goal}"), True), (("goal", "delete", "{goal}"), True),
    (("experiment",), True), (("experiment", "list"), True), (("experiment", "show", "{experiment}"), True),
    (("share", "saved"), True), (("report", "notes"), True), (("report",), True), (("insights",), True),
    (("activity", "list"), True), (("activity", "values"), True), (("activity", "gap"), True),
    (("activity", "delete", "{activity}"), True), (("screen", "history"), True),
]


@pytest.mark.parametrize("command, shows", PRINTING_COMMANDS, ids=[" ".join(c[:2]) for c, _s in PRINTING_COMMANDS])
def test_every_printing_command_shows_older_stored_escapes_written_out(glimmers, clock, terminal, command, shows):
    refs = {name: row.ref for name, row in older_rows().items()}
    result = glimmers(*(part.format(**refs) for part in command), input="n\n")
    assert result.code in (0, 130), result.err  # 130: a question answered "no"
    assert_safe(result, shows=shows)


def test_the_safety_plan_copy_to_print_is_written_out_in_the_file(glimmers, clock, terminal, tmp_path):
    older_rows()
    out_file = tmp_path / "plan.txt"
    result = glimmers("safety-plan", "print", "--out", str(out_file))
    assert result.code == 0, result.err
    printed = out_file.read_text(encoding="utf-8")
    assert SHOWN in printed and not any(raw in printed for raw in RAW)  # read later with cat, it is a terminal too


def test_json_output_keeps_the_words_but_never_a_raw_control(glimmers, clock, terminal):
    rows = older_rows()
    for command in (("list", "--json"), ("show", rows["checkin"].ref, "--json"), ("meds", "list", "--json"),
                    ("screen", "history", "--json"), ("insights", "--json")):
        result = glimmers(*command)
        assert result.code == 0, (command, result.err)
        assert_safe(result, shows=False)
        assert PAYLOAD in strings(json.loads(result.out))  # the same words, as JSON escapes
    export = glimmers("export")
    assert export.code == 0 and not any(raw in export.out for raw in ("\x9b",))
    assert json.loads(export.out)["checkins"][0]["note"] == PAYLOAD


def test_support_shows_an_older_safety_plan_written_out(glimmers, clock, terminal):
    older_rows()
    result = glimmers("checkin", "-n", "8", "--note", "I want to die")
    assert result.code == 0, result.err
    assert "My safety plan" in result.out
    assert_safe(result)


def test_rich_markup_in_stored_words_prints_as_typed(glimmers, clock):
    """'[/]' would stop rich with an error; '[bold]' would vanish into styling."""
    glimmers("checkin", "-n", "4", "--note", "[bold]loud[/bold] and [/] and [red]x", "--tag", "who:[/]")
    assert glimmers("activity", "plan", "[/] walk [bold]", "-c", "body", "--when", "14:00", "-p", "2", "-m", "2").code == 0
    clock.shift(timedelta(hours=2))
    assert glimmers("activity", "rate", toolkit.Activity.objects.get().ref, "-p", "6", "-m", "5").code == 0
    for command in (("list",), ("show", journal.CheckIn.objects.get().ref), ("trash",), ("tags",), ("activity", "gap"),
                    ("search", "loud")):
        result = glimmers(*command)
        assert result.code == 0, (command, result.err)
    assert "[bold]loud[/bold] and [/] and [red]x" in glimmers("show", journal.CheckIn.objects.get().ref).out
    assert "[bold]loud[/bold] and [/]" in glimmers("list").out and "[/]" in glimmers("tags").out
    assert "[/] walk [bold]" in glimmers("activity", "gap").out


BAD = "hello \x1b]0;owned\x07 \x9b31m"
REFUSED_BY_THE_CLI = [
    (("safety-plan", "set", "coping_alone", "walk", BAD), care.SafetyPlanStep),
    (("meds", "add", BAD, "--start"), care.MedicationEvent),
    (("meds", "add", "examplamine", "--start", "--dose", BAD), care.MedicationEvent),
    (("meds", "add", "examplamine", "--start", "--note", BAD), care.MedicationEvent),
    (("goal", "add", BAD), toolkit.Goal),
    (("goal", "enough", BAD), toolkit.Goal),
    (("experiment", "start", "custom", "--name", BAD, "--design", "before_after"), toolkit.Experiment),
    (("share", "--feel", "detached", "--add", BAD, "--save"), toolkit.SharedMessage),
    (("report", "notes", BAD), HelpNote),
    (("checkin", "-n", "3", "--tag", f"who:{BAD}"), journal.CheckIn),
    (("checkin", "-n", "3", "--self-talk", BAD), journal.CheckIn),
    (("glimmer", "sun", "--after", BAD), journal.Glimmer),
    (("day", "--note", BAD), journal.DayFactors),
    (("activity", "plan", BAD, "-c", "body", "--when", "tomorrow 10:00", "-p", "3", "-m", "3"), toolkit.Activity),
    (("activity", "values", f"{BAD}=read"), toolkit.Value),
    (("pleasure", "log", "one_song", "--shift", "none", "--note", BAD), toolkit.PleasureTry),
]


@pytest.mark.parametrize("command, model", REFUSED_BY_THE_CLI, ids=[" ".join(c[:2]) for c, _m in REFUSED_BY_THE_CLI])
def test_the_cli_refuses_new_words_with_control_characters(glimmers, clock, terminal, command, model):
    result = glimmers(*command)
    assert result.code == 2, result.out + result.err
    assert "contains control characters" in result.err
    assert_safe(result, shows=False)
    assert not model.objects.exists()


def test_an_adherence_note_with_control_characters_is_refused(glimmers, clock, terminal):
    rows = older_rows()
    result = glimmers("experiment", "log", "yes", "--ref", rows["experiment"].ref, "--note", BAD)
    assert result.code == 2 and "contains control characters" in result.err
    assert not toolkit.AdherenceDay.objects.exists()


@pytest.mark.parametrize("command, model", [
    (("report", "notes", "bad \udcff bytes"), HelpNote),
    (("checkin", "-n", "3", "--note", "I want to die \udcff"), journal.CheckIn),
    (("meds", "add", "x\udcfe", "--start"), care.MedicationEvent),
])
def test_bytes_that_are_not_utf8_are_refused_in_plain_words(glimmers, clock, command, model):
    """What the shell passes for bytes that are not UTF-8 arrives as lone surrogates."""
    result = glimmers(*command)
    assert result.code == 2, result.err
    assert "is not readable text: part of it is not UTF-8" in result.err
    assert not model.objects.exists()


def test_a_json_import_with_an_escape_is_refused_whole_naming_the_record(glimmers, clock, terminal, tmp_path):
    assert glimmers("checkin", "-n", "3", "--note", "fine").code == 0
    assert glimmers("goal", "add", "open the curtains").code == 0
    document = json.loads(glimmers("export").out)
    journal.CheckIn.objects.all().delete()
    toolkit.Goal.objects.all().delete()
    document["toolkit"]["goals"][0]["text"] = BAD
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = glimmers("import", str(path))
    assert result.code == 4 and "toolkit goals[0].text: Text contains control characters" in result.err
    assert_safe(result, shows=False)
    assert not journal.CheckIn.objects.exists() and not toolkit.Goal.objects.exists()  # all or nothing
    document["toolkit"]["goals"][0]["text"] = "open the curtains"
    document["safety_plan"] = {"coping_alone": [BAD]}
    path.write_text(json.dumps(document), encoding="utf-8")
    result = glimmers("import", str(path))
    assert result.code == 4 and "safety_plan: A line in" in result.err
    assert not journal.CheckIn.objects.exists() and not care.SafetyPlanStep.objects.exists()


def test_a_csv_export_on_a_screen_is_written_out_and_exact_in_a_pipe(glimmers, clock, terminal, monkeypatch):
    older_rows()
    piped = glimmers("export", "--format", "csv")
    assert piped.code == 0 and PAYLOAD in piped.out  # a pipe or a file gets the journal exactly
    monkeypatch.setattr("glimmers.cli.common.terminal_output", lambda: True)
    shown = glimmers("export", "--format", "csv")
    assert shown.code == 0
    assert_safe(shown)

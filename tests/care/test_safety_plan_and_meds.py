"""The safety plan and the medication timeline, from the terminal, kept in
exports and backups."""

import json
from datetime import date, timedelta

import pytest

from glimmers.care.models import MedicationEvent, SafetyPlanStep
from glimmers.core.transfer.formats import glimmers_json

pytestmark = pytest.mark.django_db


def test_a_new_plan_is_shown_with_crisis_lines_and_an_invitation(glimmers, clock):
    result = glimmers("safety-plan")
    assert result.code == 0
    assert "1. Signs that a hard time is starting" in result.out and "What matters most to me" in result.out
    assert "Nothing is written yet" in result.out
    assert "findahelpline.com" in result.out and "not monitored" in result.out


def test_writing_the_plan_step_by_step(glimmers, clock):
    answers = "\n".join(["stop answering messages; lying awake", "hot shower; walk round the block", "", "", "", "", "my niece"]) + "\n"
    result = glimmers("safety-plan", "edit", input=answers)
    assert result.code == 0, result.err
    shown = glimmers("safety-plan").out
    assert "   - hot shower" in shown and "   - walk round the block" in shown and "   - my niece" in shown
    # Enter keeps what is there; '-' clears a step.
    glimmers("safety-plan", "edit", "--step", "coping_alone", input="-\n")
    assert "hot shower" not in glimmers("safety-plan").out
    assert "my niece" in glimmers("safety-plan").out


def test_setting_one_step_from_a_script_and_printing(glimmers, clock, tmp_path):
    assert glimmers("safety-plan", "set", "people_to_ask", "Mum: 07700 900123", "Alex").code == 0
    target = tmp_path / "plan.txt"
    assert glimmers("safety-plan", "print", "--out", str(target)).code == 0
    text = target.read_text(encoding="utf-8")
    assert "4. People I can ask for help" in text and "Mum: 07700 900123" in text and "findahelpline.com" in text


def test_bad_plan_input_is_refused_and_nothing_changes(glimmers, clock):
    result = glimmers("safety-plan", "set", "no_such_step", "x")
    assert result.code == 2 and "no step no_such_step" in result.err
    result = glimmers("safety-plan", "set", "coping_alone", "x" * 301)
    assert result.code == 2 and "longer than 300" in result.err
    assert not SafetyPlanStep.objects.exclude(text="").exists()


def test_medicine_events_and_numbness_around_them(glimmers, clock):
    start = date(2026, 10, 20)
    before = [3, 4, 3, 3, 4, 2, 3, 4, 4, 3, 2, 3, 4, 3]  # ordinary ups and downs on each side
    after = [7, 6, 7, 7, 6, 8, 7, 6, 6, 7, 8, 7, 6, 7]
    for offset, numbness in zip(range(-14, 15), [*before, 5, *after], strict=True):
        day = start + timedelta(days=offset)
        glimmers("checkin", "-n", str(numbness), "--at", f"{day.isoformat()} 09:00")
    result = glimmers("meds", "add", "examplamine", "--start", "--dose", "50 mg", "--on", start.isoformat())
    assert result.code == 0, result.err
    from glimmers.care.models import MedicationEvent

    ref = MedicationEvent.objects.get().ref  # not "m1": PostgreSQL keeps counting across tests
    assert f"Saved {ref}" in result.out and "do not stop a medicine abruptly" in result.out
    listed = glimmers("meds", "list").out
    assert "examplamine (50 mg): started" in listed
    assert "higher" in listed and "raising with your prescriber" in listed
    assert "please don't stop or change a medicine on your own" in listed
    data = json.loads(glimmers("meds", "list", "--json").out)
    assert (data[0]["status"], data[0]["rose"], data[0]["days_before"], data[0]["days_after"]) == ("higher", True, 14, 14)
    assert data[0]["numbness_before"] == pytest.approx(sum(before) / 14) and data[0]["numbness_after"] == pytest.approx(sum(after) / 14)


def test_too_little_data_says_how_much_more_is_needed(glimmers, clock):
    glimmers("meds", "add", "examplamine", "--change", "--on", "2026-11-15")
    listed = glimmers("meds", "list").out
    assert "each side needs at least 14 days with a check-in" in listed and "there are 0 before and 0 after" in listed


def test_bad_medicine_input(glimmers, clock):
    assert "--start, --change or --stop" in glimmers("meds", "add", "x").err
    result = glimmers("meds", "add", "x", "--start", "--on", "2026-12-01")
    assert result.code == 2 and "in the future" in result.err
    assert glimmers("meds", "delete", "m99", "--yes").code == 3
    assert not MedicationEvent.objects.exists()


def test_care_data_survives_export_import_and_backup(glimmers, clock, tmp_path):
    glimmers("safety-plan", "set", "what_matters", "the sea")
    glimmers("meds", "add", "examplamine", "--start", "--on", "2026-11-01", "--note", "morning")
    exported = json.loads(glimmers("export").out)
    assert exported["version"] == glimmers_json.VERSION
    assert exported["safety_plan"]["what_matters"] == ["the sea"]
    assert exported["medications"][0]["name"] == "examplamine"
    backup = tmp_path / "all.gz"
    assert glimmers("backup", str(backup)).code == 0
    glimmers("safety-plan", "set", "what_matters", "changed after the backup")
    from glimmers.care.models import MedicationEvent

    assert glimmers("meds", "delete", MedicationEvent.objects.get().ref, "--yes").code == 0
    result = glimmers("restore", str(backup), "--yes")
    assert result.code == 0 and "1 medicine events, 0 toolkit records and the safety plan" in result.out
    assert "   - the sea" in glimmers("safety-plan").out
    again = json.loads(glimmers("export").out)
    assert again["medications"] == exported["medications"] and again["safety_plan"] == exported["safety_plan"]


def test_version_one_exports_still_import(glimmers, clock, tmp_path):
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"format": "glimmers", "version": 1, "checkins": [], "glimmers": [], "days": []}))
    assert glimmers("import", str(old)).code == 0


def test_a_country_without_stored_lines_is_accepted_with_a_note(glimmers):
    result = glimmers("config", "country", "KE")  # an emergency number, no crisis lines stored yet
    assert result.code == 0 and "no crisis lines stored for Kenya (KE)" in result.out
    out = glimmers("help-now").out
    assert "Emergency number in Kenya: 999" in out and "findahelpline.com" in out
    assert "no crisis lines stored for Kenya" in out
    assert glimmers("config", "country", "Narnia").code == 2
    assert "no crisis lines stored" not in glimmers("help-now", "--country", "GB").out


def test_fhir_export_holds_each_questionnaire_and_validates(glimmers, clock, tmp_path):
    from fhir.resources.R4B.bundle import Bundle

    glimmers("screen", "phq9", "--answers", "1,1,1,1,1,1,1,1,0", "--functional", "2")
    glimmers("screen", "gad7", "--answers", "2,2,2,2,2,2,2")
    glimmers("screen", "gad2", "--answers", "1,0")
    glimmers("screen", "profile", "--answers", ",".join(["1"] * 12))  # not part of FHIR
    target = tmp_path / "screening.fhir.json"
    result = glimmers("export", "--format", "fhir", "--out", str(target))
    assert result.code == 0, result.err
    text = target.read_text(encoding="utf-8")
    bundle = Bundle.model_validate_json(text)  # the library validates every resource
    kinds = [entry.resource.__resource_type__ for entry in bundle.entry]
    assert kinds.count("QuestionnaireResponse") == 3 and kinds.count("Observation") == 3
    totals = {
        entry.resource.code.coding[0].code if entry.resource.code.coding else entry.resource.code.text: entry.resource.valueInteger
        for entry in bundle.entry if entry.resource.__resource_type__ == "Observation"
    }
    assert totals["44261-6"] == 8 and totals["70274-6"] == 14  # PHQ-9 and GAD-7 totals (LOINC)
    phq9 = next(e.resource for e in bundle.entry if e.resource.__resource_type__ == "QuestionnaireResponse"
                and e.resource.questionnaire == "http://loinc.org/q/44249-1")
    first = phq9.item[0]
    assert first.linkId == "44250-9" and first.answer[0].valueCoding.code == "LA6569-3"
    assert len(phq9.item) == 10  # nine questions and the difficulty question
    # the same data exports to the same text
    assert glimmers("export", "--format", "fhir").out == text


def test_references_with_other_digits_are_not_found_rather_than_crashing(glimmers, clock):
    # "²" counts as a digit to str.isdigit() but not to int(); every kind of reference reads ASCII digits only.
    assert glimmers("meds", "delete", "m²", "--yes").code == 3
    assert glimmers("meds", "delete", "²", "--yes").code == 3


# ------------------------------------------------------------------ safety wording


def test_step_6_examples_in_the_terminal_when_writing_and_when_showing(glimmers, clock):
    result = glimmers("safety-plan", "edit", "--step", "safer_surroundings", input="\n")
    assert result.code == 0, result.err
    assert "6. Making my surroundings safer" in result.out and "   For example:" in result.out
    for idea in ("ask someone I trust to keep my medicines for a while and give me what I need, when I need it",
                 "any firearms locked away and unloaded, or kept by someone else for now",
                 "keep away from alcohol and drugs when things are bad",
                 "agree with someone what we will do when the urge is strong"):
        assert f"     · {idea}" in result.out
    shown = glimmers("safety-plan").out
    six = shown.split("6. Making my surroundings safer\n", 1)[1].split("What matters most to me", 1)[0]
    assert six.startswith("   (not filled in yet)\n   Ideas to start from:\n")
    assert "any firearms locked away and unloaded" in six and shown.count("Ideas to start from:") == 1
    glimmers("safety-plan", "set", "safer_surroundings", "Sam keeps my medicines for now")
    shown = glimmers("safety-plan").out
    assert "   - Sam keeps my medicines for now" in shown and "Ideas to start from" not in shown


def test_the_antidepressant_note_with_every_medicine_event_and_the_timeline(glimmers, clock):
    for kind in ("--start", "--change", "--stop"):
        result = glimmers("meds", "add", "examplamine", kind, "--on", "2026-11-10")
        assert result.code == 0, result.err
        assert "A note on antidepressants: in the first weeks after starting one, changing the dose or stopping" in result.out
        assert "agitation or darker thoughts" in result.out and "never stop or change a medicine without them" in result.out
        assert "help is one step away: glimmers help-now" in result.out
    listed = glimmers("meds", "list").out
    assert listed.count("A note on antidepressants") == 1 and "glimmers help-now" in listed
    assert "antidepressants" not in glimmers("meds", "list", "--json").out  # scripts get the data only

"""Insights, the dashboard and the clinician report over a real journal (the demo's data)."""

import json
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)  # FIXED_NOW's day in Berlin


@pytest.fixture
def demo_journal(clock):
    from glimmers.core import demo
    from glimmers import transfer

    bundle = demo.generate(days=240, end=TODAY - timedelta(days=1), timezone="Europe/Berlin", seed=7)
    transfer.write_bundle(bundle, source="demo", now=datetime.now(timezone.utc))


def test_the_dashboard_finds_what_the_demo_planted_and_words_it_honestly(demo_journal):
    from glimmers.analysis import dashboard

    insights = dashboard.load(today=TODAY, now=datetime.now(timezone.utc))
    worse = {item.key: item for item in insights.findings.worse}
    helps = {item.key: item for item in insights.findings.helps}
    assert "factor:sleep_hours:short" in worse and "tag:doing:meeting" in worse
    assert "tag:doing:walk" in helps
    sleep = worse["factor:sleep_hours:short"]
    assert sleep.low <= 1.2 <= sleep.high or abs(sleep.effect - 1.2) < 0.6  # planted: +1.2 points
    for item in insights.findings.worse + insights.findings.helps:
        assert "plausible range" in item.words and "cause" not in item.words
    assert insights.experiments and insights.experiments[0].lever == "A 10-minute daylight walk"
    assert insights.persistence.words and insights.early_warning.status in ("within_usual_range", "above_usual_range")


def test_computed_once_and_again_only_when_the_data_changes(demo_journal, monkeypatch, glimmers):
    from glimmers.analysis import dashboard

    calls = []
    real = dashboard.compute
    monkeypatch.setattr(dashboard, "compute", lambda **kw: calls.append(1) or real(**kw))
    now = datetime.now(timezone.utc)
    dashboard.load(today=TODAY, now=now)
    dashboard.load(today=TODAY, now=now)
    assert len(calls) == 1
    glimmers("checkin", "-n", "3")
    dashboard.load(today=TODAY, now=now)
    assert len(calls) == 2
    dashboard.load(today=TODAY + timedelta(days=1), now=now)  # a new day moves "the last two weeks"
    assert len(calls) == 3


def test_a_young_journal_says_not_yet(glimmers, clock):
    for hour in ("08:00", "13:00"):
        glimmers("checkin", "-n", "6", "-t", "meeting", "--at", f"today {hour}")
    result = glimmers("insights")
    assert result.code == 0, result.err
    assert "Nothing to say yet." in result.out and "early hints wait" in result.out
    payload = json.loads(glimmers("insights", "--json").out)
    assert payload["findings"]["worse"] == [] and payload["findings"]["young"] is True


def test_insights_in_the_terminal(demo_journal, glimmers):
    result = glimmers("insights")
    assert result.code == 0, result.err
    assert "When numbness tends to be higher" in result.out and "short night" in result.out
    # the caveat is said once, above the findings, not after every one of them
    assert result.out.count("not proof of what caused what") == 1
    assert "not proof that one leads to the other" not in result.out
    assert result.out.startswith("In short\n  Over the last 3 months you rated numbness on")


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_report_as_pdf_holds_every_section_and_the_persons_notes(demo_journal, glimmers, tmp_path):
    assert glimmers("report", "notes", "Flat since the dose change; I want to talk about work.").code == 0
    out = tmp_path / "report.pdf"
    result = glimmers("report", "--since", "2026-09-01", "--out", str(out))
    assert result.code == 0, result.err
    text = _pdf_text(out)
    for heading in ("Ratings over time", "Screening questionnaires", "What I would like help with", "Medication timeline"):
        assert heading in text, heading
    assert "PHQ-9" in text and "Flat since the dose change" in text and "short night" in text
    assert "not a diagnosis" in text and "glimmers help-now" in text
    again = tmp_path / "again.pdf"
    glimmers("report", "--since", "2026-09-01", "--out", str(again))
    assert again.read_bytes() == out.read_bytes()  # deterministic
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(out), str(png)], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 3000


def test_report_bad_input(glimmers, clock, tmp_path):
    assert glimmers("report", "--since", "2026-12-01").code == 2  # after the end
    assert glimmers("report", "--until", "2027-01-01").code == 2  # in the future
    assert glimmers("report", "--since", "soon").code == 2
    assert glimmers("report", "notes", "x" * 5000).code == 2
    assert "A report to bring" in glimmers("report").out  # an empty journal still gives a report


def test_dashboard_and_report_pages(demo_journal):
    client = Client()
    page = client.get("/insights/").content.decode()
    assert "<svg" in page and 'role="img"' in page and "The same as a table" in page
    assert "short night" in page and "Glimmers in" in page
    response = client.post("/report/", {"notes": "I want to die some days"}, follow=True)
    page = response.content.decode()
    assert "findahelpline.com" in page  # the notes are read like any other words
    assert "I want to die some days" in page
    pdf = client.get("/report/glimmers-report.pdf?since=2026-10-01")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get("/report/?since=nonsense").status_code == 200  # a bad period falls back, with a message


def test_the_page_reads_summary_first_then_one_card_per_finding_with_the_caveat_once(demo_journal):
    import re

    page = Client().get("/insights/").content.decode()
    main = page.split("<main", 1)[1]
    assert main.index('id="story-heading"') < main.index("<svg") < main.index('id="findings-heading"')
    story = main.split('id="story-heading"', 1)[1].split("</section>", 1)[0]
    assert "Over the last 3 months you rated numbness on" in story and "went most clearly with" in story
    findings = main.split('id="findings-heading"', 1)[1].split("</section>", 1)[0]
    cards = re.findall(r'<li class="card finding">(.*?)</li>', findings, re.S)
    assert len(cards) >= 3
    assert findings.count("not proof of what caused what") == 1 and "not proof that one leads" not in findings
    subjects = [re.search(r"<strong>(.*?)</strong>", card).group(1) for card in cards]
    assert len(subjects) == len(set(subjects)), subjects


def test_a_subject_is_listed_once_and_not_again_as_not_yet():
    """The same tag kept under two categories is one line, at its clearest."""
    from dataclasses import replace

    from glimmers.analysis.dashboard import _once
    from glimmers.core.analysis.insights.findings import Finding
    from glimmers.core.analysis.insights.outcome import NUMBNESS

    def walk(category, effect, status):
        # as within._tag_labels names a tag kept under two categories
        return Finding(key=f"tag:{category}:walk", family="context", label=f"walk ({category})", effect=effect,
                       low=effect - 0.3,
                       high=effect + 0.3, sd_units=-0.5, n_with=30, n_without=60, days=90, p=0.01, status=status)

    shown: set[str] = set()
    first = _once([walk("doing", -1.1, "pattern"), walk("where", -0.6, "early_hint")], shown, NUMBNESS)
    assert [line.key for line in first] == ["tag:doing:walk"] and first[0].sentence.endswith("(plausible range 0.8 to 1.4).")
    assert _once([walk("who", 0.1, "no_clear_difference")], shown, NUMBNESS) == ()
    # a line cut off by a limit is not counted as shown, so it can still be listed elsewhere
    fresh: set[str] = set()
    other = replace(walk("doing", 0.1, "no_clear_difference"), key="tag:doing:run", label="run")
    assert len(_once([walk("doing", 0.1, "no_clear_difference"), other], fresh, NUMBNESS, limit=1)) == 1
    assert [line.key for line in _once([other], fresh, NUMBNESS)] == ["tag:doing:run"]


def test_edits_and_trash_moves_change_the_fingerprint(glimmers, clock):
    from glimmers.analysis.inputs import fingerprint
    from glimmers.journal import models

    for n in ("3", "5", "7"):
        glimmers("checkin", "-n", n)
    glimmers("glimmer", "the sun")
    before = fingerprint()
    first, second, third = models.CheckIn.objects.order_by("id")
    steps = [
        ("edit", first.ref, "-n", "9"),
        ("delete", second.ref),
        ("trash", "restore", second.ref),
        ("delete", third.ref),  # a swap: one in, one out, same count in the trash as before
        ("delete", models.Glimmer.objects.get().ref),
        ("day", "--sleep", "5"),
    ]
    for step in steps:
        assert glimmers(*step).code == 0, step
        after = fingerprint()
        assert after != before, step  # (a restore may return to an earlier print: the same data)
        before = after


def test_report_to_odd_places(glimmers, clock, tmp_path):
    link = tmp_path / "link.pdf"
    link.symlink_to(tmp_path / "elsewhere.pdf")
    assert glimmers("report", "--out", str(link)).code == 2 and not (tmp_path / "elsewhere.pdf").exists()
    assert glimmers("report", "--out", "a" * 300 + ".pdf").code == 2


def test_a_very_early_start_moves_up_to_the_first_entry(glimmers, clock):
    glimmers("checkin", "-n", "4", "--at", "2026-10-01 10:00")
    from glimmers.analysis import report

    since, until = report.period(date(1970, 1, 1), None, today=TODAY)
    assert (since, until) == (date(2026, 10, 1), TODAY)


def test_a_mood_only_journal_gets_a_real_report(glimmers, clock):
    for day, mood in (("2026-11-02", "-2"), ("2026-11-02", "-1"), ("2026-11-05", "1"), ("2026-11-09", "0"),
                      ("2026-11-12", "2"), ("2026-11-16", "-3")):
        assert glimmers("checkin", "--mood", mood, "--at", f"{day} 09:00").code == 0
    assert glimmers("glimmer", "the light on the wall", "--at", "2026-11-18 17:00").code == 0
    result = glimmers("report", "--since", "2026-11-01")
    assert result.code == 0, result.err
    text = " ".join(result.out.split())
    assert "6 check-ins in this period. Days with at least one entry: 6 of 19." in text
    assert "Mean mood" in text and "No ratings in this period" not in text


@pytest.fixture
def mood_only_journal(clock):
    """The demo's months with every numbness rating taken out, as a journal from Daylio would be."""
    from dataclasses import replace

    from glimmers import transfer
    from glimmers.core import demo

    bundle = demo.generate(days=240, end=TODAY - timedelta(days=1), timezone="Europe/Berlin", seed=7)
    bundle.checkins = [replace(checkin, numbness=None) for checkin in bundle.checkins if checkin.mood is not None]
    transfer.write_bundle(bundle, source="demo", now=datetime.now(timezone.utc))


def test_a_mood_only_journal_gets_real_insights(mood_only_journal, glimmers):
    from glimmers.analysis import dashboard

    insights = dashboard.load(today=TODAY, now=datetime.now(timezone.utc))
    assert insights.measure == "mood" and "numbness" not in insights.rated_days
    assert insights.findings.days > 200 and not insights.findings.young
    shown = insights.findings.worse + insights.findings.helps
    assert shown and all("mood" in item.words and "numb" not in item.words for item in shown)
    # the demo's short nights go with more numbness, and its mood follows numbness down
    assert "factor:sleep_hours:short" in {item.key for item in insights.findings.worse}
    # the numbers go the measure's own way: short nights go with lower mood, so a negative effect
    sleep = next(item for item in insights.findings.worse if item.key == "factor:sleep_hours:short")
    assert sleep.effect < 0 and sleep.low < sleep.high < 0 and "points lower" in sleep.words
    assert insights.early_warning.words.startswith("Your mood over the last ~10 days is")
    page = Client().get("/insights/").content.decode()
    assert "When mood tends to be lower" in page and "Over the last 3 months you rated mood on" in page
    assert "fewer than 45 days" not in page
    terminal = glimmers("insights")
    assert terminal.code == 0 and "When mood tends to be lower" in terminal.out
    assert "How numbness persists" not in terminal.out  # a section about a rating never given is left out
    asked = Client().get("/insights/?measure=numbness").content.decode()
    assert "Numbness has not been rated yet, so this is about mood." in asked


def test_numbness_comes_first_and_another_rating_can_be_chosen(demo_journal, glimmers):
    page = Client().get("/insights/").content.decode()
    assert "When numbness tends to be higher" in page and 'href="?measure=mood"' in page
    stress = Client().get("/insights/?measure=stress").content.decode()
    assert "When stress tends to be higher" in stress and 'aria-current="true">Stress' in stress
    payload = json.loads(glimmers("insights", "--json", "--measure", "energy").out)
    assert payload["measure"] == "energy" and set(payload["rated_days"]) == {"numbness", "mood", "energy", "stress"}


def test_hints_held_back_in_a_young_journal_are_listed_as_too_early_to_tell():
    from types import SimpleNamespace

    from glimmers.analysis.dashboard import EARLY_HINT_MIN_DAYS, _findings
    from glimmers.core.analysis.insights.outcome import NUMBNESS
    from glimmers.core.analysis.insights.simulate import simulate_person

    person = simulate_person(1, 40, effect_sd=2.0)  # 36 days with entries: walks already hint at something
    findings = _findings(list(person.moments), SimpleNamespace(days=list(person.days)), person.today, NUMBNESS)
    assert findings.young and findings.days < EARLY_HINT_MIN_DAYS
    assert not any(item.key == "tag:doing:walk" for item in findings.worse + findings.helps + findings.lighter)
    [walk] = [item for item in findings.waiting if item.key == "tag:doing:walk"]
    assert walk.status == "too_early" and walk is findings.waiting[0]
    # its direction is not told, only when there will be enough to tell
    assert walk.words.startswith("Too early to tell for 'walk': about ") and "lower" not in walk.words
    assert 9 <= walk.more_days_needed <= 12  # 9 more days of entries at 36 in 40 calendar days
    subjects = [item.subject for item in findings.no_difference + findings.waiting]
    assert len(subjects) == len(set(subjects))

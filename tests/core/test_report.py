"""The clinician report: its content as data, its plain text, and the PDF.

The PDF is checked the way a reader meets it: poppler's pdftotext extracts
the words, pdftoppm rasterises the first page, pdfinfo counts the pages.
Those tools are skipped only when they are missing and CI did not ask for
them (GLIMMERS_REQUIRE_BROWSER=1 makes their absence a failure).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from datetime import date, timedelta
from pathlib import Path

import pytest

from glimmers.core.analysis import report as report_module
from glimmers.core.errors import InvalidInput
from glimmers.core.analysis.report import MedicationLine, PlanLine, ReportInput, ScreeningLine, as_text, build
from glimmers.core.analysis.report_chart import label_every, runs
from glimmers.core.analysis.report_pdf import pdf_safe_text, render_pdf

START = date(2026, 9, 1)
END = date(2026, 10, 30)  # 60 days
MADE = date(2026, 10, 31)
HELP_NOTES = (
    "Work with Mr Müller drains me − most days I feel nothing after 3 pm.\n"
    "Sleep → worse when I scroll late.\n\n"
    "I would like to talk about whether the tiredness could have a medical cause."
)
NOTICE = "Copyright © Pfizer Inc. All rights reserved."


def numbness(day_index: int) -> float:
    """A slow fall from about 7 to about 4.5, a weekly wobble, and no randomness."""
    return round(7.0 - 2.5 * day_index / 59 + (0.6 if day_index % 7 in (5, 6) else 0.0) - 0.3 * (day_index % 3 == 0), 2)


def realistic_input(**changes) -> ReportInput:
    daily = {START + timedelta(days=i): numbness(i) for i in range(60) if i % 11 != 4}  # some days missed
    fields = dict(
        person_name="Alex Example",
        period_start=START,
        period_end=END,
        generated_on=MADE,
        timezone="Europe/Berlin",
        daily={"numbness": daily},
        checkin_count=131,
        screenings=(
            ScreeningLine(date(2026, 9, 2), "phq9", "PHQ-9", 16, 27, "moderately severe", "", False, NOTICE),
            ScreeningLine(date(2026, 9, 30), "phq9", "PHQ-9", 12, 27, "moderate",
                          "Down 4 points since last time (from 16 to 12).", True, NOTICE),
            ScreeningLine(date(2026, 10, 28), "phq9", "PHQ-9", 7, 27, "mild",
                          "Down 5 points since last time (from 12 to 7).", False, NOTICE),
        ),
        triggers=("On Sunday evenings numbness tends to be higher: about 1.2 points (plausible range 0.4 to 2.0).",),
        helps=("After a daylight walk numbness tends to be lower: about 0.8 points (plausible range 0.2 to 1.4).",),
        not_yet=("Time with family: no clear difference yet. About 20 more days needed.",),
        medication=(
            MedicationLine(date(2026, 9, 10), "sertraline", "started", "50 mg", ""),
            MedicationLine(date(2026, 10, 8), "sertraline", "dose changed", "100 mg",
                           "No clear rise in numbness around sertraline (dose changed 08 Oct 2026): 5.9 before, 5.3 after."),
        ),
        warning_signs=(("Cancelled plans I used to want", 6), ("Fatigue that rest does not fix", 19), ("Never seen", 0)),
        plan=PlanLine(days_touched=9, cues_done=21, started_on=date(2026, 9, 14)),
        experiments=("Daylight walk, two weeks on and two off: numbness was 0.9 points lower on walk weeks (plausible range -0.1 to 1.9).",),
        early_warning="Numbness has been rising for about ten days. The relapse path may help.",
        help_notes=HELP_NOTES,
    )
    return ReportInput(**(fields | changes))


def empty_input() -> ReportInput:
    return ReportInput(period_start=START, period_end=END, generated_on=MADE, timezone="UTC")


# ---------------------------------------------------------------- content


def test_sections_come_in_reading_order_and_none_disappears():
    keys = [section.key for section in build(empty_input()).sections]
    assert keys == ["summary", "timeline", "screening", "findings", "medication", "warning_signs", "plan", "early_warning", "help_notes"]


def test_summary_counts_and_compares_the_first_and_last_two_weeks():
    summary = build(realistic_input()).sections[0]
    text = " ".join(summary.paragraphs)
    days = realistic_input().daily["numbness"]
    first = [v for d, v in days.items() if d < START + timedelta(days=14)]
    last = [v for d, v in days.items() if d > END - timedelta(days=14)]
    assert "131 check-ins in this period." in text and f"Days with at least one entry: {len(days)} of 60." in text
    assert f"{sum(first) / len(first):.1f} in the first two weeks ({len(first)} days rated)" in text
    assert f"{sum(last) / len(last):.1f} in the last two weeks ({len(last)} days rated)" in text


def test_weekly_means_are_blocks_from_the_first_day_and_gaps_stay_gaps():
    weeks = report_module.weekly_means(realistic_input(daily={"numbness": {START: 4.0, START + timedelta(days=1): 6.0, END: 3.0}}))
    assert len(weeks) == 9 and weeks[0][:2] == (START, START + timedelta(days=6)) and weeks[-1][:2] == (date(2026, 10, 27), END)
    assert weeks[0][2:] == (5.0, 2) and weeks[1][2:] == (None, 0) and weeks[-1][2:] == (3.0, 1)
    chart = build(realistic_input(daily={"numbness": {START: 4.0, END: 3.0}})).sections[1].chart
    assert chart.values[0] == 4.0 and chart.values[1] is None and runs(chart.values) == [[(1, 4.0)], [(9, 3.0)]]


def test_screening_shows_totals_trend_item_nine_and_the_not_a_diagnosis_line():
    section = build(realistic_input()).sections[2]
    assert section.paragraphs[0].startswith("Screening questionnaires are not a diagnosis.")
    assert any("30 Sep 2026" in p and "better off dead" in p and "Please ask about it" in p for p in section.paragraphs)
    assert "PHQ-9: 3 times in this period, from 16 on 2 Sep 2026 to 7 on 28 Oct 2026." in section.paragraphs
    assert [row[2] for row in section.table.rows] == ["16 / 27", "12 / 27", "7 / 27"]
    assert section.notes == (NOTICE,)  # the instrument notice, once


def test_item_nine_at_zero_is_never_worded_as_safe():
    text = as_text(build(realistic_input(screenings=realistic_input().screenings[:1]))).lower()
    assert "better off dead" not in text and "safe" not in text


def test_empty_sections_say_so_plainly():
    text = as_text(build(empty_input()))
    for sentence in (
        "No check-ins in this period.",
        "No ratings in this period.",
        "No screening questionnaires in this period.",
        "No findings about what makes numbness worse or what helps in this period.",
        "No medication changes recorded in this period.",
        "No warning signs ticked in this period.",
        "No reconnection plan in this period.",
        "No lever experiments in this period.",
        "does not mean all is well",
        "No notes written for this report.",
    ):
        assert sentence in text, sentence


def test_warning_signs_most_frequent_first_and_unseen_left_out():
    rows = build(realistic_input()).sections[5].table.rows
    assert rows == (("Fatigue that rest does not fix", "19"), ("Cancelled plans I used to want", "6"))


def test_plain_text_has_every_part_and_the_footer():
    text = as_text(build(realistic_input()))
    joined = " ".join(text.split())
    assert text.startswith("A report to bring to my clinician\n=")
    assert "Name: Alex Example" in text and "Period: 1 Sep 2026 to 30 Oct 2026 (60 days)" in text
    assert "What I would like help with" in text and "Mr Müller drains me − most days" in text  # text keeps the person's characters
    assert "Made with glimmers on 31 Oct 2026. Screening questionnaires are not a diagnosis. " \
           "Patterns in a journal show what went together, not what caused what." in joined
    assert "glimmers is not monitored" in joined and "glimmers help-now" in joined
    assert "  - On Sunday evenings" in text and "sertraline" in text


def test_importing_the_report_modules_does_not_load_reportlab():
    code = "import sys, glimmers.core.analysis.report_pdf; assert not [m for m in sys.modules if m.startswith('reportlab')]"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_the_period_must_not_end_before_it_starts():
    with pytest.raises(InvalidInput):
        ReportInput(period_start=END, period_end=START, generated_on=MADE, timezone="UTC")


def test_no_words_advise_changing_medication_or_diagnose():
    text = as_text(build(realistic_input())).lower()
    for phrase in ("you have depression", "you are depressed", "stop taking", "increase your dose", "reduce your dose"):
        assert phrase not in text


# ---------------------------------------------------------------- safe characters and the chart helpers


@pytest.mark.parametrize("raw, safe", [
    ("a − b", "a - b"),
    ("sleep → mood", "sleep -> mood"),
    ("Müller, café, naïve", "Müller, café, naïve"),
    ("“quoted” — dash … €", "“quoted” — dash … €"),
    ("Dvořák ő", "Dvorák o"),
    ("ﬁne", "fine"),
    ("x\u200by\tz", "xy z"),
    ("line one\r\nline two", "line one\nline two"),
    ("snowman ☃ and 🙂\ufe0f", "snowman ? and ?"),
    ("bell\x07", "bell"),
])
def test_pdf_safe_text_keeps_what_helvetica_draws_and_replaces_the_rest(raw, safe):
    assert pdf_safe_text(raw) == safe
    pdf_safe_text(raw).encode("cp1252")  # everything left is drawable


def test_chart_labels_thin_out_on_long_periods():
    assert label_every(9) == 2 and label_every(8) == 1 and label_every(52) == 7
    assert runs((None, 1.0, 2.0, None, None, 3.0)) == [[(2, 1.0), (3, 2.0)], [(6, 3.0)]] and runs((None,)) == []


# ---------------------------------------------------------------- the PDF


def test_the_same_report_gives_the_same_bytes():
    report = build(realistic_input())
    first, second = render_pdf(report), render_pdf(report)
    assert first.startswith(b"%PDF-") and first == second
    assert b"D:20261031000000+00'00'" in first  # dated by the report, not the clock
    assert b"Alex Example" not in first.split(b"/Author")[1][:80]  # metadata carries no name


def test_the_same_bytes_in_a_fresh_process_with_another_hash_seed(tmp_path):
    script = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('report_case', {str(Path(__file__))!r})\n"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n"
        "from glimmers.core.analysis.report import build\nfrom glimmers.core.analysis.report_pdf import render_pdf\n"
        "sys.stdout.buffer.write(render_pdf(build(module.realistic_input())))\n"
    )
    environment = os.environ | {"PYTHONHASHSEED": "12345", "SOURCE_DATE_EPOCH": "1700000000"}
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, env=environment, timeout=120).stdout
    assert other == render_pdf(build(realistic_input()))


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("GLIMMERS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{tool} (Debian's poppler-utils) is required when GLIMMERS_REQUIRE_BROWSER=1 but was not found")
        pytest.skip(f"{tool} not found: install Debian's poppler-utils to check the rendered report")
    return path


def pdf_text(path: Path) -> str:
    return subprocess.run([poppler("pdftotext"), "-layout", str(path), "-"], capture_output=True, check=True, text=True, encoding="utf-8").stdout


def page_count(path: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return pdf_text(path).count("\f")  # pdftotext ends every page with a form feed


def png_pixels(path: Path) -> tuple[int, int, bytes]:
    """Width, height and the grey levels of an 8-bit RGB or grey PNG (what pdftoppm writes), unfiltered."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], None
    while position < len(data):
        (length,), kind = struct.unpack(">I", data[position:position + 4]), data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour_type, *_rest = header
    assert depth == 8 and colour_type in (0, 2)
    channels = 3 if colour_type == 2 else 1
    raw, stride = zlib.decompress(b"".join(chunks)), width * channels
    previous, pixels = bytearray(stride), bytearray()
    for row in range(height):
        kind, line = raw[row * (stride + 1)], bytearray(raw[row * (stride + 1) + 1:(row + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        pixels += line[::channels]
        previous = line
    return width, height, bytes(pixels)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.pdf"
    path.write_bytes(render_pdf(build(realistic_input())))
    return path


def test_the_pdf_text_has_every_section_and_the_person_s_words(written):
    text = pdf_text(written)
    joined = " ".join(text.split())
    for heading in (
        "A report to bring to my clinician", "Summary of the period", "Ratings over time", "Screening questionnaires",
        "When numbness is worse, and what helps", "Medication timeline", "Warning signs",
        "Reconnection plan and experiments", "Early-warning note", "What I would like help with",
    ):
        assert heading in joined, heading
    for total in ("16 / 27", "12 / 27", "7 / 27"):
        assert total in joined
    assert "sertraline" in joined and "100 mg" in joined
    assert "Mr Müller drains me - most days I feel nothing" in joined  # "−" drawn as "-", "ü" kept
    assert "Sleep -> worse when I scroll late." in joined
    assert "Made with glimmers on 31 Oct 2026. Screening questionnaires are not a diagnosis." in joined
    assert "Patterns in a journal show what went together, not what caused what." in joined
    assert "glimmers is not monitored and cannot send help." in joined and "glimmers help-now" in joined
    assert "Fatigue that rest does not fix" in joined and "better off dead" in joined


def test_every_page_says_page_n_of_m_and_where_help_is(written):
    pages = page_count(written)
    assert pages >= 2
    text = pdf_text(written)
    for number in range(1, pages + 1):
        assert f"page {number} of {pages}" in text
    assert text.count("glimmers is not monitored. Crisis lines: glimmers help-now") == pages


def test_the_pdf_is_dated_by_the_report(written):
    info = subprocess.run([poppler("pdfinfo"), "-isodates", str(written)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"^CreationDate:\s+2026-10-31T00:00:00", info, re.M), info


def test_the_first_page_renders_to_a_png_with_ink_on_it(written, tmp_path):
    subprocess.run([poppler("pdftoppm"), "-png", "-r", "50", "-f", "1", "-l", "1", str(written), str(tmp_path / "page")], check=True)
    [png] = sorted(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 5_000
    width, height, grey = png_pixels(png)
    assert (width, height) in ((413, 585), (414, 585), (413, 584))  # A4 at 50 dpi
    ink = sum(1 for level in grey if level < 128) / len(grey)
    assert 0.005 < ink < 0.3, ink  # text and a chart, not a blank page and not a black one


def test_an_empty_report_still_renders_and_says_what_is_missing(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(render_pdf(build(empty_input())))
    joined = " ".join(pdf_text(path).split())
    for sentence in ("No check-ins in this period.", "No screening questionnaires in this period.",
                     "No medication changes recorded in this period.", "No notes written for this report."):
        assert sentence in joined
    assert page_count(path) >= 1 and f"page 1 of {page_count(path)}" in joined


def test_a_long_period_with_gaps_and_a_single_day_renders(tmp_path):
    long_input = realistic_input(period_start=date(2025, 10, 31), daily={"numbness": {date(2026, 1, 5): 6.0, date(2026, 6, 1): 4.0}})
    path = tmp_path / "year.pdf"
    path.write_bytes(render_pdf(build(long_input)))
    assert "Ratings over time" in " ".join(pdf_text(path).split())
    one_day = realistic_input(period_start=END, daily={"numbness": {END: 5.0}}, screenings=(), medication=())
    assert render_pdf(build(one_day)).startswith(b"%PDF-")


def test_characters_the_pdf_font_cannot_draw_are_never_lost_silently(tmp_path):
    plain = render_pdf(build(realistic_input()))
    path = tmp_path / "latin.pdf"
    path.write_bytes(plain)
    assert "cannot be drawn" not in pdf_text(path)
    foreign = tmp_path / "foreign.pdf"
    foreign.write_bytes(render_pdf(build(realistic_input(help_notes="Чувствую пустоту"))))
    assert "cannot be drawn with the PDF's font" in " ".join(pdf_text(foreign).split())


def test_a_mood_only_journal_gets_its_days_counted_and_its_ratings_shown():
    """Six check-ins on five days, mood only, and one day with just a glimmer."""
    mood = {START + timedelta(days=i): float(value) for i, value in ((0, -2), (3, -1), (7, 1), (20, 0.5), (40, 2))}
    glimmer_only = START + timedelta(days=50)
    report = build(realistic_input(daily={"mood": mood}, entry_days=frozenset({*mood, glimmer_only}), checkin_count=6,
                                   screenings=(), medication=()))
    summary, timeline = report.sections[0], report.sections[1]
    text = " ".join(summary.paragraphs)
    assert "6 check-ins in this period. Days with at least one entry: 6 of 60." in text
    assert "Mean mood: −0.7 in the first two weeks (3 days rated); not rated in the last two weeks." in text
    assert "Mood is rated by the person from −5 = very unpleasant … +5 = very pleasant." in text
    assert "numbness" not in text.lower()
    assert timeline.table.header == ("Week", "Days with entries", "Mean mood")
    assert timeline.chart.low == -5.0 and timeline.chart.high == 5.0 and "mood" in timeline.chart.title
    assert timeline.table.rows[0][1:] == ("2", "−1.5")  # the first week: two days, mood -2 and -1


def test_every_rated_measure_has_its_column_and_numbness_is_charted_first():
    both = realistic_input(daily={"numbness": {START: 6.0, END: 4.0}, "stress": {START: 8.0}, "energy": {END: 3.0}})
    timeline = build(both).sections[1]
    assert timeline.table.header == ("Week", "Days with entries", "Mean numbness", "Mean energy", "Mean stress")
    assert "numbness" in timeline.chart.title and timeline.chart.high == 10.0
    assert timeline.table.rows[0][2:] == ("6.0", "-", "8.0")

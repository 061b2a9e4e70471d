"""Alcohol never appears as "goes with less numbness" without its caveat: on the
dashboard, in `glimmers insights` and in the clinician report (text, page, PDF).

The demo journal is made with the alcohol effect turned round (an evening with
alcohol plants *lower* numbness the next day), so the finding is real data
through the real engine, with the fixed clock.
"""

import json
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from django.test import Client

from glimmers.core.analysis.insights.words import substance_caveats

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)  # FIXED_NOW's day in Berlin
KEY = "factor:alcohol_units:any"
MEASURED = re.compile(r"On days after an evening with alcohol, numbness averaged \d+\.\d points lower "
                      r"\(plausible range \d+\.\d to \d+\.\d\)\.")
CAVEAT = substance_caveats()["alcohol"]


@pytest.fixture
def alcohol_seems_to_help(clock, monkeypatch):
    from glimmers.core import demo
    from glimmers import transfer

    monkeypatch.setattr(demo, "PLANTED", replace(demo.PLANTED, alcohol_next_day=-1.5))
    bundle = demo.generate(days=240, end=TODAY - timedelta(days=1), timezone="Europe/Berlin", seed=7)
    transfer.write_bundle(bundle, source="demo", now=datetime.now(timezone.utc))


def _followed_by_caveat(text: str) -> bool:
    """The finding's sentence, then at once the caveat (whitespace may wrap)."""
    flat = " ".join(text.split())
    return any(flat[match.end():].lstrip().startswith(CAVEAT) for match in MEASURED.finditer(flat))


def test_the_dashboard_words_the_planted_finding_with_its_caveat(alcohol_seems_to_help):
    from glimmers.analysis import dashboard

    findings = dashboard.load(today=TODAY, now=datetime.now(timezone.utc)).findings
    helps = {item.key: item for item in findings.helps}
    assert KEY in helps and helps[KEY].effect < 0
    words = helps[KEY].words
    assert _followed_by_caveat(words), words
    assert "a doctor can help" in words and "deepen low mood and numbness" in words
    # Nothing else gets it: the caveat is for alcohol and cannabis going with less numbness only.
    for item in findings.worse + findings.helps:
        if item.key != KEY and not item.key.startswith("factor:alcohol"):
            assert CAVEAT not in item.words, item


def test_insights_in_the_terminal_show_the_caveat_with_the_finding_and_the_table(alcohol_seems_to_help, glimmers):
    result = glimmers("insights")
    assert result.code == 0, result.err
    assert _followed_by_caveat(result.out), result.out
    # In the table the row is marked, and the caveat comes straight after the table.
    table, _rest = result.out.split("When numbness tends to be higher", 1)
    assert "alcohol the evening before *" in table and f"* {CAVEAT[:40]}" in " ".join(table.split())
    payload = json.loads(glimmers("insights", "--json").out)
    assert any(CAVEAT in item["words"] for item in payload["findings"]["helps"])


def test_the_report_text_and_page_carry_the_caveat(alcohol_seems_to_help, glimmers):
    result = glimmers("report", "--since", "2026-09-01")
    assert result.code == 0, result.err
    helps = result.out.split("What goes with less numbness:", 1)[1].split("Not clear yet:", 1)[0]
    assert _followed_by_caveat(helps), helps
    page = Client().get("/report/?since=2026-09-01").content.decode()
    assert _followed_by_caveat(page)
    dashboard = Client().get("/insights/").content.decode()
    cards = dashboard.split('id="findings-heading"', 1)[1].split("</section>", 1)[0]
    assert _followed_by_caveat(cards), cards


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_report_pdf_carries_the_caveat(alcohol_seems_to_help, glimmers, tmp_path):
    out = tmp_path / "report.pdf"
    assert glimmers("report", "--since", "2026-09-01", "--out", str(out)).code == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert _followed_by_caveat(text.replace("-\n", "-")), text

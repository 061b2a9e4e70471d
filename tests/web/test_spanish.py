"""glimmers in Spanish: the main flows, in the terminal, on the web and in the PDF report, leave no
English behind; the language comes from the settings, the environment or the browser, per request."""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

# Words of English that Spanish never uses on its own, and English day names.
_ENGLISH = re.compile(
    r"\b(?:the|and|your|you|with|this|that|what|when|which|from|not|are|was|were|will|have|can|it|its|for|to|of|is"
    r"|been|there|these|those|about|would|could|should|into|than|then|once|yet|also|only|just)\b",
    re.IGNORECASE,
)
_DAY_NAMES = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def visible(page: str) -> str:
    """The words a person reads or hears on a page: the text, and the labels a screen reader
    says (aria-label, alt, title, placeholder); no scripts, styles or markup."""
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<!--.*?-->", " ", page)
    spoken = re.findall(r'\b(?:aria-label|alt|title|placeholder)="([^"]*)"', page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + " ".join(spoken))


def english_left(text: str) -> list[str]:
    """Each English word found, with a little of what surrounds it."""
    found = []
    for match in [*_ENGLISH.finditer(text), *_DAY_NAMES.finditer(text)]:
        start, end = max(0, match.start() - 50), match.end() + 50
        found.append(" ".join(text[start:end].split()))
    return found


@pytest.fixture
def spanish(glimmers, clock):
    """Spanish chosen in the settings, which the test session shares: put back afterwards."""
    assert glimmers("config", "language", "es").code == 0
    assert glimmers("config", "country", "ES").code == 0
    yield glimmers
    assert glimmers("config", "language", "").code == 0
    assert glimmers("config", "country", "").code == 0


def _journal(run) -> None:
    for numbness, window in (("7", "under"), ("5", "within"), ("8", "over"), ("6", "")):
        args = ["checkin", "-n", numbness, "-m", "-1", "-t", "trabajo", "--note", "un día largo"]
        assert run(*args, *(["--window", window] if window else [])).code == 0
    assert run("glimmer", "el olor del café", "--after", "un paseo").code == 0
    assert run("activity", "plan", "llamar a Ana", "-c", "connection", "--when", "mañana 10:00".replace("mañana", "tomorrow"),
               "-p", "3", "-m", "2", "-d", "7").code == 0
    assert run("screen", "phq9", "--answers", "1,1,1,1,0,1,1,0,0").code == 0
    assert run("plan", "start").code == 0


TERMINAL = (
    (),
    ("help-now",),
    ("checkin", "-n", "7", "--window", "under", "--note", "cansancio"),
    ("glimmer", "una canción"),
    ("list",),
    ("insights",),
    ("guide", "understanding"),
    ("guide", "window"),
    ("guide", "support"),
    ("plan",),
    ("activity", "list"),
    ("activity", "gap"),
    ("screen", "history"),
    ("report",),
)


@pytest.mark.parametrize("args", TERMINAL, ids=lambda args: " ".join(args) or "glimmers")
def test_the_terminal_speaks_spanish(spanish, args):
    _journal(spanish)
    result = spanish(*args)
    assert result.code == 0, result.err
    assert result.out.strip()
    assert english_left(result.out + result.err) == [], result.out


PAGES = (
    "/", "/timeline/", "/insights/", "/toolkit/", "/plan/", "/activities/", "/goals/", "/pleasures/", "/ground/",
    "/ground/five_breaths/", "/guides/", "/guides/understanding/", "/guides/window/", "/guides/support/", "/help-now/",
    "/more/", "/safety-plan/", "/screening/", "/screening/phq9/", "/meds/", "/report/", "/share/", "/day/", "/glimmer/",
)


@pytest.mark.parametrize("path", PAGES)
def test_the_pages_speak_spanish(spanish, path):
    _journal(spanish)
    page = Client().get(path)
    assert page.status_code == 200
    assert page["Content-Language"] == "es"
    text = page.content.decode()
    assert '<html lang="es">' in text
    assert english_left(visible(text)) == [], path


def test_saving_a_check_in_answers_in_spanish_and_offers_its_exercises(spanish):
    page = Client().post("/", {"numbness": "7", "tolerance_window": "under", "uid": "e" * 32}, follow=True).content.decode()
    assert "Registro guardado" in page or "guardado" in page
    assert "Estiramientos" in page or "ground/gentle_stretches" in page
    assert english_left(visible(page)) == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_the_pdf_report_speaks_spanish(spanish, tmp_path):
    _journal(spanish)
    out = tmp_path / "informe.pdf"
    assert spanish("report", "--out", str(out)).code == 0
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert text.strip() and english_left(text) == []


def test_the_language_follows_the_settings_then_the_browser(glimmers, clock):
    english = Client().get("/more/", HTTP_ACCEPT_LANGUAGE="en")
    assert english["Content-Language"] == "en" and "Language" in english.content.decode()
    browser = Client().get("/more/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    assert browser["Content-Language"] == "es"
    client = Client()
    saved = client.post("/language/", {"language": "en"}, HTTP_ACCEPT_LANGUAGE="es", follow=True)
    assert "Saved. glimmers now speaks English." in saved.content.decode()
    try:
        assert client.get("/more/", HTTP_ACCEPT_LANGUAGE="es")["Content-Language"] == "en"  # the setting wins
        refused = client.post("/language/", {"language": "tlh"}, follow=True)
        assert "Choose a language from the list." in refused.content.decode()
        assert glimmers("config", "language", "fr").code != 0
        back = client.post("/language/", {"language": ""}, HTTP_ACCEPT_LANGUAGE="es", follow=True)
        assert "Guardado. glimmers ahora habla Español." in back.content.decode()  # the browser's again
    finally:
        assert glimmers("config", "language", "").code == 0


def test_help_needs_no_setting_and_a_broken_settings_file_still_shows_it(glimmers, clock):
    from glimmers import config

    config.config_file().parent.mkdir(parents=True, exist_ok=True)
    kept = config.config_file().read_text() if config.config_file().exists() else None
    config.config_file().write_text("language = [broken")
    try:
        page = Client().get("/help-now/", HTTP_ACCEPT_LANGUAGE="es")
        assert page.status_code == 200 and page["Content-Language"] == "es"
        assert glimmers("help-now").code == 0
    finally:
        if kept is None:
            config.config_file().unlink()
        else:
            config.config_file().write_text(kept)


def test_a_journal_with_findings_is_told_in_spanish(journal):
    """The demo's months give findings, the activation trend and the persistence words, all in
    Spanish (the made-up person's own tags stay as they wrote them, quoted). In a process of its
    own: the demo switches the whole process to its journal."""
    for args in (("config", "language", "es"), ("config", "country", "ES"), ("demo", "--no-serve", "--days", "120")):
        assert journal.run(*args).returncode == 0
    for args in (("--demo", "insights"), ("--demo", "report")):
        result = journal.run(*args)
        assert result.returncode == 0, result.stderr
        assert "Entumecimiento" in result.stdout and english_left(result.stdout) == [], args

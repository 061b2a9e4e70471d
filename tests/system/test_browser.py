"""What a person clicks, in the real Chromium (Debian's package) through Playwright."""

from __future__ import annotations

import json
import os
import shutil

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("GLIMMERS_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (GLIMMERS_REQUIRE_BROWSER=1) but was not found")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, served):
    journal, base, token = served
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    tab = context.new_page()
    tab.goto(f"{base}?token={token}")
    tab.journal = journal
    tab.base = base
    yield tab
    context.close()


def stored(journal) -> list[dict]:
    result = journal.run("list", "--json", "--limit", "50")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_checkin_by_keyboard_alone_lands_in_the_timeline(page):
    assert page.url.endswith("/") and "token" not in page.url  # the token left the address bar
    numbness = page.get_by_role("group", name="Numbness")
    numbness.get_by_role("radio", name="skip").focus()
    for _ in range(8):  # arrow keys move through the choices: skip, 0, 1 ... 7
        page.keyboard.press("ArrowRight")
    assert numbness.get_by_role("radio", name="7").is_checked()
    page.get_by_label("Where, who with, doing").fill("work, meeting")
    page.get_by_label("A few words").fill("flat after the review")
    page.get_by_role("button", name="Save check-in").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/#entry-c*")
    assert page.get_by_role("status").first.inner_text().startswith("Check-in saved")
    [entry] = stored(page.journal)
    assert (entry["numbness"], entry["note"]) == (7, "flat after the review")
    assert sorted(entry["tags"]) == ["doing:meeting", "where:work"]
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Timeline").click()
    page.get_by_role("textbox", name="Search", exact=True).fill("review")
    page.get_by_role("button", name="Show").click()
    assert "flat after the review" in page.locator("ol.entries").inner_text()


def test_empty_checkin_shows_the_error_and_saves_nothing(page):
    page.get_by_role("button", name="Save check-in").click()
    summary = page.get_by_role("alert")
    assert "at least one thing" in summary.inner_text()
    assert stored(page.journal) == []


def test_help_is_the_first_thing_after_the_skip_link(page):
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "help-now-link"
    page.keyboard.press("Enter")
    page.wait_for_url("**/help-now/")
    assert page.get_by_role("heading", level=1).inner_text() == "Help, right now"


def test_the_phone_layout_does_not_scroll_sideways(page):
    for path in ("", "timeline/", "day/", "glimmer/", "help-now/"):
        page.goto(page.base + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


def test_a_glimmer_from_the_home_page(page):
    page.get_by_label("What shifted?").first.fill("shoulders dropped on the walk")
    page.get_by_label("What came just before?").first.fill("walk")
    page.get_by_role("button", name="Save glimmer").click()
    assert "Glimmer saved" in page.get_by_role("status").first.inner_text()
    assert "shoulders dropped on the walk" in page.locator("ol.entries").inner_text()

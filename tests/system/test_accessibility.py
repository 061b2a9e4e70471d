"""axe-core (from the npm registry, pinned in package-lock.json) on every kind
of page, in the real Chromium: light and dark, a phone and a desktop. Any
WCAG 2.1 A or AA violation fails, named with its page and its elements."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module")
def axe() -> Path:
    if not AXE.exists():
        if os.environ.get("GLIMMERS_REQUIRE_BROWSER") == "1":
            pytest.fail("axe-core is required but was not found (python3 dev.py test installs it with npm)")
        pytest.skip("axe-core is not installed (python3 dev.py test installs it with npm)")
    return AXE


def pages_of(journal) -> list[str]:
    """A journal with something on every kind of page, and one address of each kind."""
    for command in (
        ["checkin", "-n", "6", "-t", "home", "--note", "tired"],
        ["glimmer", "a kind message", "--after", "lunch"],
        ["checkin", "-n", "4", "--note", "to the trash"],
        ["screen", "phq9", "--answers", "0,1,0,1,0,1,0,1,0"],
        ["meds", "add", "sertraline", "--start", "--on", "2026-11-01"],
        ["plan", "start", "--yes"],
        ["activity", "plan", "walk", "-c", "body", "--when", "tomorrow 10:00", "-p", "3"],
        ["experiment", "start", "wake_time"],
        ["safety-plan", "set", "people_to_ask", "Mum 07700 900123"],
        ["day", "--sleep", "7"],
    ):
        done = journal.run(*command)
        assert done.returncode == 0, (command, done.stderr)
    entries = json.loads(journal.run("list", "--json").stdout)
    trashed = next(entry["ref"] for entry in entries if entry.get("note") == "to the trash")
    assert journal.run("delete", trashed).returncode == 0
    kept = next(entry["ref"] for entry in entries if entry["kind"] == "checkin" and entry["ref"] != trashed)
    glimmer = next(entry["ref"] for entry in entries if entry["kind"] == "glimmer")
    return [
        "", "more/", "timeline/", "timeline/?q=tired", "day/", "glimmer/", "trash/", "help-now/", f"entry/{kept}/edit/",
        f"entry/{glimmer}/delete/", "safety-plan/", "safety-plan/edit/", "meds/", "screening/", "screening/phq9/",
        "screening/triage/", "screening/profile/", "toolkit/", "plan/", "activities/", "goals/", "goals/timer/",
        "pleasures/", "ground/", "ground/box_breathing/", "share/", "guides/", "guides/relapse/", "experiments/",
        "experiments/e1/", "calendar/", "insights/", "report/", "no/such/page/",
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_no_page_has_an_accessibility_violation(browser, axe, served, scheme, screen):
    journal, base, token = served
    paths = pages_of(journal)
    # Injecting axe needs the page's script policy set aside (only in this test's browser).
    context = browser.new_context(viewport=SCREENS[screen], color_scheme=scheme, bypass_csp=True)
    tab = context.new_page()
    tab.goto(f"{base}?token={token}")
    found = {}
    try:
        for path in paths:
            tab.goto(base + path)
            tab.add_script_tag(path=str(axe))
            result = tab.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
            for violation in result["violations"]:
                targets = [" ".join(node["target"]) for node in violation["nodes"]][:3]
                found.setdefault(path or "/", []).append(f"{violation['id']}: {violation['help']} {targets}")
    finally:
        context.close()
    assert found == {}, json.dumps(found, indent=1)

"""What a person clicks, in the real Chromium (Debian's package) through Playwright."""

from __future__ import annotations

import json

import pytest

from tests.system.conftest import stored

pytestmark = [pytest.mark.browser, pytest.mark.slow]


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


def test_a_checkin_by_keyboard_alone_lands_in_the_timeline(page):
    assert page.url.endswith("/") and "token" not in page.url  # the token left the address bar
    numbness = page.get_by_role("group", name="Numbness")
    numbness.get_by_role("radio", name="0", exact=True).focus()
    for _ in range(7):  # arrow keys move through the choices: 0, 1 ... 7
        page.keyboard.press("ArrowRight")
    assert numbness.get_by_role("radio", name="7").is_checked()
    page.keyboard.press("Tab")  # to the fold with the rest
    page.keyboard.press("Enter")  # open it
    page.get_by_label("Where, who with, doing").fill("work, meeting")
    page.get_by_label("A few words").fill("flat after the review")
    page.get_by_role("button", name="Save check-in").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == page.base  # the page stays where it was, the confirmation at the top
    assert page.locator(".messages").inner_text().startswith("Check-in saved")
    [entry] = stored(page.journal)
    assert (entry["numbness"], entry["note"]) == (7, "flat after the review")
    assert sorted(entry["tags"]) == ["doing:meeting", "where:work"]
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journal").click()
    page.get_by_role("textbox", name="Search", exact=True).fill("review")
    page.get_by_role("button", name="Show").click()
    assert "flat after the review" in page.locator("ol.entries").inner_text()


def test_a_checkin_on_a_phone_is_two_taps_on_the_first_screen(page):
    """390 x 844: a numbness value and Save are both on screen without scrolling;
    nothing looks chosen before the person chooses; two taps save; Undo takes it back."""
    numbness = page.get_by_role("group", name="Numbness")
    assert not any(radio.is_checked() for radio in page.get_by_role("radio").all())
    seven = numbness.get_by_text("7", exact=True)
    save = page.get_by_role("button", name="Save check-in")
    height = page.viewport_size["height"]
    for target in (seven, save):
        box = target.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height - 64, box  # above the bottom bar
    assert page.evaluate("window.scrollY") == 0
    numbness.get_by_role("radio", name="7", exact=True).click()  # tap 1 (the option's input covers its label)
    with page.expect_navigation():
        save.click()  # tap 2
    [entry] = stored(page.journal)
    assert entry["numbness"] == 7
    assert page.evaluate("window.scrollY") == 0 and page.locator(".messages").inner_text().startswith("Check-in saved")
    with page.expect_navigation():
        page.get_by_role("button", name="Undo").click()
    assert stored(page.journal) == [] and "taken back" in page.locator(".messages").inner_text()


def test_from_a_chosen_value_save_is_at_most_three_tabs_away(page):
    page.get_by_role("group", name="Numbness").get_by_role("radio", name="4", exact=True).check()
    page.get_by_role("group", name="Numbness").get_by_role("radio", name="4", exact=True).focus()
    for presses in range(1, 4):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Save check-in":
            break
    else:
        raise AssertionError("Save is more than three Tabs after the chosen value")
    assert presses <= 3


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
    page.journal.run("activity", "plan", "walk round the community garden", "-c", "body", "--when", "tomorrow 10:00", "-p", "3", "-m", "4")
    assert page.journal.run("activity", "rate", "a1", "-p", "6", "-m", "5").returncode == 0
    page.journal.run("experiment", "start", "wake_time")
    for path in ("", "timeline/", "day/", "glimmer/", "help-now/", "toolkit/", "plan/", "activities/", "goals/", "pleasures/",
                 "ground/", "ground/box_breathing/", "experiments/", "experiments/e1/", "share/", "guides/therapy/", "calendar/"):
        page.goto(page.base + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


def test_a_glimmer_from_the_home_page(page):
    page.get_by_label("What shifted?").first.fill("shoulders dropped on the walk")
    page.get_by_label("What came just before?").first.fill("walk")
    page.get_by_role("button", name="Save glimmer").click()
    assert "Glimmer saved" in page.get_by_role("status").first.inner_text()
    assert "shoulders dropped on the walk" in page.locator("ol.entries").inner_text()


def test_phq9_item9_shows_crisis_lines_at_once_and_with_the_result(page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="More").click()
    page.get_by_role("main").get_by_role("link", name="Screening").click()
    page.get_by_role("link", name="PHQ-9").click()
    support = page.locator("#inline-support")
    assert support.is_hidden()
    for number in range(1, 9):
        page.get_by_role("group", name=f"{number}. ").get_by_role("radio", name="Not at all").check()
    assert support.is_hidden()  # nothing worrying yet
    question9 = page.get_by_role("group", name="9. Thoughts that you would be better off dead")
    question9.get_by_role("radio", name="Several days").check()
    # Before the form is sent, right under question 9: crisis lines, the plan, "not monitored".
    assert support.is_visible()
    text = support.inner_text()
    assert "findahelpline.com" in text and "not monitored" in text and "safety plan" in text
    assert page.evaluate(
        "document.getElementById('inline-support').previousElementSibling.getAttribute('data-name')"
    ) == "q9"
    # Leaving now saves nothing; finishing saves and shows the result under the same support.
    page.get_by_role("button", name="See my result").click()
    page.wait_for_url("**/screening/result/s*/")
    assert page.get_by_role("heading", level=1).inner_text() == "PHQ-9: 1 of 27, minimal"
    assert "findahelpline.com" in page.locator("#support").inner_text()
    result = page.journal.run("screen", "history", "--json")
    [row] = json.loads(result.stdout)
    assert (row["instrument"], row["total"], row["safety_signal"]) == ("phq9", 1, True)


def test_screening_works_without_javascript(browser, served):
    journal, base, token = served
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{base}screening/phq9/?token={token}")
    tab.get_by_role("group", name="9. Thoughts").get_by_role("radio", name="Nearly every day").check()
    tab.get_by_role("button", name="See my result").click()
    # Unfinished: refused, but support leads the page.
    assert "findahelpline.com" in tab.locator("#support").inner_text()
    assert "8 of 9 questions still need an answer" in tab.content()
    assert json.loads(journal.run("screen", "history", "--json").stdout) == []
    context.close()


def test_a_guided_exercise_runs_to_the_end_and_logs_the_result(page):
    # The page's clock is Playwright's, so fifty seconds of breathing pass at once.
    page.clock.install()
    page.goto(f"{page.base}ground/five_breaths/")
    assert page.locator("#exercise-static").is_hidden() and page.locator("#exercise-after").is_hidden()
    page.get_by_role("group", name="Numbness before (optional)").get_by_role("radio", name="6").check()
    step = page.locator("#step-text")
    assert step.get_attribute("aria-live") == "polite"
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(1_000)
    assert step.inner_text() == page.evaluate("JSON.parse(document.getElementById('exercise-data').textContent).steps[0].text")
    # Pause holds the step still; the keyboard works the same buttons.
    pause = page.get_by_role("button", name="Pause")
    pause.focus()
    page.keyboard.press("Enter")
    held = page.locator("#exercise-progress").get_attribute("value")
    page.clock.run_for(20_000)
    assert page.locator("#exercise-progress").get_attribute("value") == held
    page.get_by_role("button", name="Go on").click()
    page.clock.run_for(51_000)
    assert "Finished" in step.inner_text()
    after = page.locator("#exercise-after")
    assert after.is_visible()
    assert page.evaluate("document.activeElement.textContent") == "How was that?"  # focus follows, not lost
    after.get_by_role("group", name="Numbness now (optional)").get_by_role("radio", name="4").check()
    after.get_by_role("radio", name="A little").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/ground/")
    history = page.journal.run("ground", "--history")
    assert history.returncode == 0, history.stderr
    assert "Five slow breaths" in history.stdout and "finished" in history.stdout and "numbness 6 → 4" in history.stdout


def test_the_exercise_respects_reduced_motion(browser, served):
    journal, base, token = served
    for preference, expected in (("no-preference", "breathe-in"), ("reduce", "none")):
        context = browser.new_context(reduced_motion=preference)
        tab = context.new_page()
        tab.goto(f"{base}ground/box_breathing/?token={token}")
        tab.get_by_role("button", name="Start").click()
        visual = tab.locator("#exercise-visual")
        assert visual.get_attribute("data-kind") == "breathe_in" and visual.inner_text() == "Breathe in"  # words, not only motion
        assert tab.evaluate("getComputedStyle(document.getElementById('exercise-visual')).animationName") == expected
        context.close()


ACUTE_NOTE = "Flat all day. I'm going to take all my pills tonight."


def _in_view(tab, selector: str, height: int) -> dict:
    box = tab.locator(selector).bounding_box()
    assert box is not None, selector
    assert -1 <= box["y"] and box["y"] + min(box["height"], 80) <= height, (selector, box)  # -1: sub-pixel layout
    return box


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_support_for_a_worrying_note_is_the_first_thing_on_screen(browser, served, width, height, javascript):
    journal, base, token = served
    context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=javascript)
    tab = context.new_page()
    try:
        tab.goto(f"{base}?token={token}")
        tab.get_by_text("More, if you like").click()  # the note is one tap away
        tab.get_by_label("A few words").fill(ACUTE_NOTE)
        with tab.expect_navigation():
            tab.get_by_role("button", name="Save check-in").click()
        assert tab.url.endswith("#support")  # no jump to the new entry
        # The emergency line, its call button and the crisis lines start on the first screen.
        urgent = _in_view(tab, ".support-urgent", height)
        assert "If you have already hurt yourself or taken something, call" in tab.locator(".support-urgent").inner_text()
        assert tab.locator("#support").get_attribute("role") == "alert"  # announced to screen readers
        if javascript:
            assert tab.evaluate("document.activeElement.id") == "support"  # focus moved to it
        assert urgent["y"] < tab.locator(".messages").bounding_box()["y"]  # before "Check-in saved"
        assert "pills" not in tab.locator("#support").inner_text()  # the method is never repeated back
        [entry] = stored(journal)
        assert entry["note"] == ACUTE_NOTE  # and the note was saved
    finally:
        context.close()


def test_a_worrying_note_with_the_journal_broken_still_shows_support_and_keeps_the_words(browser, served):
    journal, base, token = served
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        tab.goto(f"{base}?token={token}")
        tab.get_by_text("More, if you like").click()
        tab.get_by_label("A few words").fill("I want to die")
        if "DATABASE_URL" not in journal.env:  # damage the SQLite file under the running server
            database = journal.home / "glimmers.sqlite3"
            database.write_bytes(b"this is not a database" * 100)
            for name in ("glimmers.sqlite3-wal", "glimmers.sqlite3-shm"):
                (journal.home / name).unlink(missing_ok=True)
        else:
            pytest.skip("the damaged-journal case needs the SQLite file")
        with tab.expect_navigation():
            tab.get_by_role("button", name="Save check-in").click()
        _in_view(tab, "#support", 844)
        assert "You wrote “I want to die”" in tab.locator("#support").inner_text()
        assert tab.get_by_role("heading", name="This entry could not be saved").is_visible()
        assert tab.get_by_label("Your words").input_value() == "I want to die"
    finally:
        context.close()

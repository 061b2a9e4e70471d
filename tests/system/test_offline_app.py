"""The installable app in the real Chromium: with the server stopped, the help
page still opens, and a check-in sent then is kept on the device and saved
exactly once when glimmers runs again."""

from __future__ import annotations

import time

import pytest

from tests.system.conftest import start_server, stop_server, stored

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def controlled(tab) -> None:
    """Wait until the service worker is active and controls the page (it claims it on activation)."""
    tab.evaluate("async () => { await navigator.serviceWorker.ready; }")
    tab.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)


def test_offline_help_and_a_check_in_kept_until_glimmers_is_back(browser, journal):
    process, base, token = start_server(journal)
    port = int(base.rsplit(":", 1)[1].strip("/"))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        tab.goto(f"{base}?token={token}")
        controlled(tab)
        tab.goto(base + "help-now/")  # seen once: kept as it is now
        tab.goto(base)
        stop_server(process)
        process = None

        # The server is gone, the check-in page still open: a check-in is kept on this device.
        tab.get_by_role("group", name="Numbness").get_by_role("radio", name="3", exact=True).click()
        tab.get_by_role("button", name="Save check-in").click()
        tab.wait_for_selector("text=Kept on this device")
        assert tab.get_by_role("link", name="Need help now").is_visible()

        # With no server, the help page opens, and any other page falls back to it.
        tab.goto(base + "help-now/")
        assert tab.get_by_role("heading", level=1).inner_text() == "Help, right now"
        tab.goto(base + "timeline/")
        assert tab.get_by_role("heading", level=1).inner_text() == "Help, right now"
        assert stored(journal) == []

        # glimmers runs again (a new token, as after any restart): the kept check-in arrives once.
        process, base_again, token = start_server(journal, port=port)
        assert base_again == base
        tab.goto(f"{base}?token={token}")
        deadline = time.monotonic() + 20
        while not stored(journal) and time.monotonic() < deadline:
            time.sleep(0.25)
        [saved] = stored(journal)
        assert saved["numbness"] == 3
        for _ in range(2):  # more visits, more chances to send again: still one
            tab.reload()
            tab.evaluate("async () => { await navigator.serviceWorker.ready; }")
        time.sleep(1)
        assert len(stored(journal)) == 1
    finally:
        if process is not None:
            stop_server(process)
        context.close()

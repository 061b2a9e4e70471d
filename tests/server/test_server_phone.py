"""The installable app against the server, on a phone-sized screen in the real Chromium:
help opens without an account, shows the country from the person's own settings, and
still opens once the service cannot be reached."""

from __future__ import annotations

import pytest

from tests.server.live import PASSWORD, browser, fresh_database, init, server_env, servers, sign_up  # noqa: F401 - browser is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 390, "height": 844}


def controlled(tab) -> None:
    """Wait until the service worker is active and controls the page."""
    tab.evaluate("async () => { await navigator.serviceWorker.ready; }")
    tab.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)


def test_help_needs_no_account_follows_the_persons_country_and_works_offline(browser, tmp_path):  # noqa: F811
    with fresh_database() as database_url:
        env = server_env(database_url, tmp_path / "home", GLIMMERS_SIGNUP="open",
                         GLIMMERS_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
        init(env)
        with servers(env, tmp_path, 1) as (server,):
            base = server.url
            stranger = browser.new_context(viewport=PHONE).new_page()
            stranger.goto(base + "/help-now/")
            assert stranger.url == base + "/help-now/"  # no sign-in asked for
            assert stranger.get_by_role("heading", level=1).inner_text() == "Help, right now"
            manifest = stranger.evaluate("async () => (await fetch('/manifest.webmanifest')).json()")
            assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
            stranger.context.close()

            sign_up(server, "phone@example.org")
            context = browser.new_context(viewport=PHONE)
            tab = context.new_page()
            tab.goto(base + "/accounts/login/")
            tab.get_by_label("Email:").fill("phone@example.org")
            tab.get_by_label("Password:", exact=True).fill(PASSWORD)
            with tab.expect_navigation():
                tab.get_by_role("button", name="Sign In").click()
            controlled(tab)
            tab.goto(base + "/help-now/")
            tab.locator("#country").select_option("GB")
            with tab.expect_navigation():
                tab.get_by_role("button", name="Show").click()
            with tab.expect_navigation():
                tab.get_by_role("button", name="Save United Kingdom as my country").click()
            tab.goto(base + "/help-now/")
            assert "Samaritans" in tab.content()  # the person's own country, from their settings
            tab.goto(base + "/")
        # The service is gone: the help page kept on the phone still opens, and so does any page.
        tab.goto(base + "/help-now/")
        assert tab.get_by_role("heading", level=1).inner_text() == "Help, right now"
        assert "Samaritans" in tab.content()
        tab.goto(base + "/timeline/")
        assert tab.get_by_role("link", name="Need help now").first.is_visible()
        context.close()

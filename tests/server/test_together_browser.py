"""Two people on their phones, in the real Chromium: one shares a weekly summary through an
invitation the other accepts, then they pair up and check in together; each sees the other's
answer only after giving their own, sends a warm word back, and either can stop."""

from __future__ import annotations

import re

import pytest

from tests.server.live import PASSWORD, browser, fresh_database, init, server_env, servers, sign_up  # noqa: F401 - browser is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 390, "height": 844}


def phone(browser, server, email: str):  # noqa: F811
    """A signed-in phone-sized tab for ``email``."""
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.goto(server.url + "/accounts/login/")
    tab.get_by_label("Email:").fill(email)
    tab.get_by_label("Password:", exact=True).fill(PASSWORD)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Sign In").click()
    return tab


def help_above_the_fold(tab) -> None:
    link = tab.get_by_role("link", name="Need help now").first
    assert link.is_visible() and link.bounding_box()["y"] < PHONE["height"]


def test_sharing_and_checking_in_together_on_two_phones(browser, tmp_path):  # noqa: F811
    with fresh_database() as database_url:
        env = server_env(database_url, tmp_path / "home", GLIMMERS_SIGNUP="open",
                         GLIMMERS_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
        init(env)
        with servers(env, tmp_path, 1) as (server,):
            sign_up(server, "ana@example.org")
            sign_up(server, "ben@example.org")
            ana, ben = phone(browser, server, "ana@example.org"), phone(browser, server, "ben@example.org")

            # Ana shares a weekly summary: choose, preview, confirm.
            ana.goto(server.url + "/more/")
            with ana.expect_navigation():
                ana.get_by_role("link", name="People who help").click()
            help_above_the_fold(ana)
            with ana.expect_navigation():
                ana.get_by_role("link", name="Share with someone").click()
            ana.get_by_label("Someone you trust").check()
            ana.get_by_label("A weekly summary").check()
            with ana.expect_navigation():
                ana.get_by_role("button", name="See what they would see").click()
            assert ana.get_by_role("heading", name="What they would see").is_visible()
            assert "Average numbness" in ana.content()
            with ana.expect_navigation():
                ana.get_by_role("button", name="Make the invitation").click()
            code = ana.locator("strong.code").inner_text()
            assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", code)

            # Ben types the code in by hand, sees what it is, and accepts.
            ben.goto(server.url + "/sharing/join/")
            ben.get_by_label("The code you were given").fill(code.upper())
            with ben.expect_navigation():
                ben.get_by_role("button", name="Open it").click()
            assert "ana@example.org would like to share with you" in ben.content()
            help_above_the_fold(ben)
            with ben.expect_navigation():
                ben.get_by_role("button", name="Accept").click()
            assert ben.get_by_role("heading", name="What ana@example.org shares with you").is_visible()
            assert ben.get_by_role("link", name="How to be there for someone who feels numb").is_visible()

            # Ana sees Ben's look, then pairs up for a daily check-in.
            ana.goto(server.url + "/sharing/looks/")
            assert "ben@example.org" in ana.content() and "Looked at" in ana.content()
            ana.goto(server.url + "/together/")
            with ana.expect_navigation():
                ana.get_by_role("button", name="Invite someone to check in together").click()
            link = ana.get_by_label("Link").input_value()
            ben.goto(link)
            with ben.expect_navigation():
                ben.get_by_role("button", name="Accept").click()
            assert "Today, with ana@example.org" in ben.content()

            # Ben answers first; Ana's answer stays hidden from him until she gives hers, and hers from her until then.
            ben.get_by_label("7", exact=True).check()
            ben.get_by_label("One word").fill("granite")
            with ben.expect_navigation():
                ben.get_by_role("button", name="Share my answer").click()
            assert "Not yet today, and that is fine." in ben.content()
            ana.goto(server.url + "/together/")
            with ana.expect_navigation():
                ana.get_by_role("link", name="With ben@example.org").click()
            assert "granite" not in ana.content()  # she has not answered yet
            ana.get_by_label("4", exact=True).check()
            ana.get_by_label("Or a ready phrase").select_option("detached")
            with ana.expect_navigation():
                ana.get_by_role("button", name="Share my answer").click()
            assert "granite" in ana.content() and "Numbness 7 of 10" in ana.content()
            with ana.expect_navigation():
                ana.get_by_role("button", name="Thinking of you").click()
            ben.reload()
            assert "Numbness 4 of 10" in ben.content() and "Thinking of you" in ben.content()
            assert not re.search(r"streak|in a row", ben.content(), re.IGNORECASE)

            # Either can pause and stop.
            with ben.expect_navigation():
                ben.get_by_role("button", name="Pause").click()
            assert "You paused this" in ben.content()
            ana.reload()
            assert "paused this for now" in ana.content()
            with ana.expect_navigation():
                ana.get_by_role("button", name="Stop checking in together").click()
            ben.goto(server.url + "/together/")
            assert "With ana@example.org" not in ben.content()
            ana.context.close()
            ben.context.close()

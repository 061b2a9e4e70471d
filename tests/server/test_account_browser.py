"""Accounts in a real browser against a real ``glimmers server run`` process: signing up on a
phone, two-factor sign-in (authenticator code and recovery code), a password reset by email,
signing out the other sessions, and the pause after too many wrong passwords. Emails are read
from what the server prints (the console email backend), as someone trying it locally would.

Help in a crisis must never be behind an account: "Need help now" is checked on every page
a signed-out person passes through.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest

from tests.server.live import (  # noqa: F401 - browser is a fixture
    PASSWORD,
    browser,
    fresh_database,
    init,
    server_env,
    servers,
    sign_up,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
HELP = "Need help now"
TOTP_PERIOD = 30


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One server process on a fresh database, open sign-up, emails printed to its log."""
    folder = tmp_path_factory.mktemp("account-browser")
    with fresh_database() as database_url:
        env = server_env(database_url, folder / "home", GLIMMERS_SIGNUP="open",
                         GLIMMERS_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
        init(env)
        with servers(env, folder, 1) as (server,):
            yield server


@pytest.fixture
def contexts(browser):  # noqa: F811 - the fixture imported above
    """new_context(**options) -> a page of a fresh browser profile; all closed at the end."""
    made = []

    def open_page(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        made.append(context)
        return context.new_page()

    yield open_page
    for context in made:
        context.close()


def help_is_at_hand(page) -> None:
    """The crisis link is on the page and within the first screen, no scrolling needed."""
    from playwright.sync_api import expect

    link = page.get_by_role("link", name=HELP).first
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None and box["y"] + box["height"] <= page.viewport_size["height"], f"{HELP} is below the fold at {page.url}"


def sign_in_with_password(page, site, email: str, password: str = PASSWORD) -> None:
    page.goto(site.url + "/accounts/login/")
    help_is_at_hand(page)
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()


def signed_in_home(page, site) -> None:
    from playwright.sync_api import expect

    page.wait_for_url(site.url + "/")
    expect(page.get_by_role("heading", name="How is it right now?")).to_be_visible()
    help_is_at_hand(page)


def sign_out(page, site) -> None:
    page.goto(site.url + "/accounts/logout/")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign Out").click()
    page.goto(site.url + "/")
    page.wait_for_url(re.compile(r".*/accounts/login/\?next=/$"))


def totp(secret: str, counter: int) -> str:
    """RFC 6238 (SHA-1, six digits, 30 seconds), as authenticator apps compute it."""
    key = base64.b32decode(secret.strip().upper() + "=" * (-len(secret.strip()) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def fresh_code(secret: str, not_before: int = 0) -> tuple[str, int]:
    """A code for the current 30 seconds (and its counter), waiting for the next ones when
    the current ones are almost over or their code was used already (a code works once)."""
    while True:
        now = time.time()
        counter = int(now // TOTP_PERIOD)
        if counter >= not_before and TOTP_PERIOD - now % TOTP_PERIOD > 3:
            return totp(secret, counter), counter
        time.sleep(0.5)


def test_signing_up_on_a_phone_with_help_on_every_page(site, contexts):
    from playwright.sync_api import expect

    page = contexts(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(site.url + "/")  # signed out: sent to sign in, with help right there
    page.wait_for_url(re.compile(r".*/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", name="Sign In")).to_be_visible()
    help_is_at_hand(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", name="Sign Up")).to_be_visible()
    help_is_at_hand(page)
    page.get_by_label("Email:").fill("phone@example.org")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    help_is_at_hand(page)

    link = site.wait_for_link("phone@example.org", "/accounts/confirm-email/")
    page.goto(link)
    expect(page.get_by_role("heading", name="Confirm Email Address")).to_be_visible()
    expect(page.get_by_text("phone@example.org")).to_be_visible()
    help_is_at_hand(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    signed_in_home(page, site)
    expect(page.get_by_text("You have confirmed phone@example.org.")).to_be_visible()


def test_two_factor_with_an_authenticator_code_and_with_a_recovery_code(site, contexts):
    from playwright.sync_api import expect

    email = "twofactor@example.org"
    sign_up(site, email)
    page = contexts()
    sign_in_with_password(page, site, email)
    signed_in_home(page, site)

    page.goto(site.url + "/account/")
    with page.expect_navigation():
        page.get_by_role("link", name="Two-factor sign-in").click()
    expect(page.get_by_text("An authenticator app is not active.")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Activate").click()
    # allauth asks for the password again before two-factor changes, however recent the sign-in.
    page.wait_for_url("**/accounts/reauthenticate/?next=*")
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()
    help_is_at_hand(page)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    expect(page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()
    secret = page.get_by_label("Authenticator secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    code, used = fresh_code(secret)
    page.get_by_label("Authenticator code").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Activate").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    recovery = page.get_by_label("Unused codes").input_value().split()
    assert len(recovery) >= 8 and all(re.fullmatch(r"[A-Za-z0-9]{6,}", one) for one in recovery), recovery
    sign_out(page, site)

    # The password alone is not enough any more: the code is asked for, and a wrong one refused.
    sign_in_with_password(page, site, email)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    expect(page.get_by_text("Please enter an authenticator code")).to_be_visible()
    help_is_at_hand(page)
    page.get_by_role("textbox").fill("000000" if code != "000000" else "111111")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    page.get_by_role("textbox").fill(recovery[0])
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()
    signed_in_home(page, site)
    sign_out(page, site)

    sign_in_with_password(page, site, email)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    code, counter = fresh_code(secret)
    page.get_by_role("textbox").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()
    if counter == used and page.get_by_text("Incorrect code.").is_visible():
        # A code works once; should the activation's count as used, the next 30 seconds bring a new one.
        page.get_by_role("textbox").fill(fresh_code(secret, not_before=used + 1)[0])
        with page.expect_navigation():
            page.get_by_role("button", name="Sign In").click()
    signed_in_home(page, site)


def test_a_forgotten_password_is_reset_by_email(site, contexts):
    from playwright.sync_api import expect

    email = "forgetful@example.org"
    new_password = "another long phrase 7"
    sign_up(site, email)
    page = contexts(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(site.url + "/accounts/login/")
    with page.expect_navigation():
        page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Password Reset")).to_be_visible()
    help_is_at_hand(page)
    page.get_by_label("Email:").fill(email)
    with page.expect_navigation():
        page.get_by_role("button", name="Reset My Password").click()
    expect(page.get_by_text("We have sent you an email.")).to_be_visible()
    help_is_at_hand(page)

    page.goto(site.wait_for_link(email, "/accounts/password/reset/key/"))
    page.wait_for_url(re.compile(r".*/accounts/password/reset/key/[^/]+-set-password/$"))
    expect(page.get_by_role("heading", name="Change Password")).to_be_visible()
    help_is_at_hand(page)
    page.get_by_label("New Password:", exact=True).fill(new_password)
    page.get_by_label("New Password (again):").fill(new_password)
    with page.expect_navigation():
        page.get_by_role("button", name="Change Password").click()
    expect(page.get_by_text("Your password is now changed.")).to_be_visible()
    help_is_at_hand(page)

    sign_in_with_password(page, site, email, new_password)
    signed_in_home(page, site)


def test_signing_out_the_other_sessions(site, contexts):
    from playwright.sync_api import expect

    email = "twodevices@example.org"
    sign_up(site, email)
    laptop = contexts()
    phone = contexts(viewport=PHONE, is_mobile=True, has_touch=True)
    for page in (laptop, phone):
        sign_in_with_password(page, site, email)
        signed_in_home(page, site)

    laptop.goto(site.url + "/account/")
    with laptop.expect_navigation():
        laptop.get_by_role("link", name="Where you are signed in").click()
    laptop.wait_for_url("**/accounts/sessions/")
    expect(laptop.get_by_role("heading", name="Sessions")).to_be_visible()
    expect(laptop.get_by_text("Current", exact=True)).to_have_count(1)
    # The heading row, the two browsers, and the sign-up's own (confirming the address signed it in).
    assert laptop.get_by_role("row").count() == 4
    with laptop.expect_navigation():
        laptop.get_by_role("button", name="Sign Out Other Sessions").click()
    expect(laptop.get_by_role("row")).to_have_count(2)

    phone.goto(site.url + "/timeline/")
    phone.wait_for_url(re.compile(r".*/accounts/login/\?next=/timeline/$"))
    help_is_at_hand(phone)
    laptop.goto(site.url + "/timeline/")
    assert laptop.url == site.url + "/timeline/"


def wrong_passwords(page, site, email: str, times: int) -> None:
    for _attempt in range(times):
        sign_in_with_password(page, site, email, "not the password at all")


def test_five_wrong_passwords_pause_the_account_and_help_stays_open(site, contexts):
    from playwright.sync_api import expect

    email = "paused@example.org"
    sign_up(site, email)
    page = contexts(viewport=PHONE, is_mobile=True, has_touch=True)
    wrong_passwords(page, site, email, 4)
    expect(page.get_by_text("The email address and/or password you specified are not correct.")).to_be_visible()
    wrong_passwords(page, site, email, 1)
    expect(page.get_by_role("heading", name="Too many attempts")).to_be_visible()
    expect(page.get_by_role("link", name="Reset your password")).to_be_visible()
    help_is_at_hand(page)
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name=HELP).click()
    page.wait_for_url("**/help-now/")
    expect(page.get_by_role("heading").first).to_be_visible()
    assert "/accounts/login/" not in page.url


def test_the_right_password_during_the_pause_meets_the_pause_page(site, contexts):
    from playwright.sync_api import expect

    email = "stillpaused@example.org"
    sign_up(site, email)
    page = contexts()
    wrong_passwords(page, site, email, 5)
    sign_in_with_password(page, site, email)
    assert "/accounts/login/" in page.url  # not signed in, whichever refuses it
    help_is_at_hand(page)
    expect(page.get_by_role("heading", name="Too many attempts")).to_be_visible(timeout=2_000)
    expect(page.get_by_role("link", name="Reset your password")).to_be_visible()

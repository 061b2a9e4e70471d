"""A person's rights over their account: see it, take everything, bring a journal in,
close it (with a way back for 30 days), and who may make an account at all."""

from __future__ import annotations

import gzip
import json
import re
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _checkin(visitor, note: str, numbness: str = "6"):
    response = visitor.post("/", {"numbness": numbness, "note": note})
    assert response.status_code in (200, 302), response.status_code
    return response


def test_everything_downloads_in_three_formats_and_holds_only_ones_own(signed_in):
    alice, _a = signed_in("alice")
    bob, _b = signed_in("bob")
    _checkin(alice, "alice's only note")
    _checkin(bob, "bob's only note")
    exported = alice.get("/account/download/json/")
    assert exported.status_code == 200 and exported["Content-Disposition"].startswith("attachment")
    document = json.loads(exported.content)
    assert [row["note"] for row in document["checkins"]] == ["alice's only note"]
    csv = alice.get("/account/download/csv/").content.decode()
    assert "alice's only note" in csv and "bob" not in csv
    fhir = json.loads(alice.get("/account/download/fhir/").content)
    assert fhir["resourceType"] == "Bundle" and "bob's only note" not in json.dumps(fhir)
    assert alice.get("/account/download/sqlite/").status_code == 404


def test_a_local_export_or_backup_comes_in_whole_and_only_into_ones_own_account(signed_in):
    from glimmers.journal.models import CheckIn

    alice, alice_person = signed_in("alice")
    bob, bob_person = signed_in("bob")
    _checkin(alice, "from the laptop")
    export = alice.get("/account/download/json/").content
    # A backup file is the same JSON, gzipped (an encrypted one asks for its passphrase).
    backup = gzip.compress(export)
    response = bob.post("/account/import/", {"file": _upload("glimmers-backup.json.gz", backup)})
    assert response.status_code == 200 and b"Brought in 1 record" in response.content
    again = bob.post("/account/import/", {"file": _upload("glimmers.json", export)})
    assert b"was here already" in again.content
    assert CheckIn.every_owner.filter(owner=bob_person).count() == 1
    assert CheckIn.every_owner.filter(owner=alice_person).count() == 1


def test_a_damaged_file_brings_in_nothing(signed_in):
    from glimmers.journal.models import CheckIn

    alice, alice_person = signed_in("alice")
    _checkin(alice, "first")
    document = json.loads(alice.get("/account/download/json/").content)
    document["checkins"].append(dict(document["checkins"][0], uid="f" * 32, numbness=99))
    response = alice.post("/account/import/", {"file": _upload("bad.json", json.dumps(document).encode())})
    assert response.status_code == 200 and b"Nothing was saved yet" in response.content
    assert CheckIn.every_owner.filter(owner=alice_person).count() == 1


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_the_account_page_says_when_one_last_signed_in(make_person):
    person = make_person("alice")
    first = Client()
    first.post("/accounts/login/", {"login": "alice@example.org", "password": "a long pass phrase 9"})
    assert b"This is your first sign-in" in first.get("/account/").content
    second = Client()
    second.post("/accounts/login/", {"login": "alice@example.org", "password": "a long pass phrase 9"})
    page = second.get("/account/").content.decode()
    person.refresh_from_db()
    assert "Before this, you last signed in on" in page


def test_closing_takes_a_password_and_an_emailed_link_then_signs_out_everywhere(signed_in, mailoutbox):
    from glimmers.server.models import Account

    alice, person = signed_in("alice")
    elsewhere = Client()
    elsewhere.post("/accounts/login/", {"login": "alice@example.org", "password": "a long pass phrase 9"})
    assert elsewhere.get("/account/").status_code == 200
    wrong = alice.post("/account/close/", {"password": "not it"})
    assert b"That is not your password" in wrong.content and not mailoutbox
    alice.post("/account/close/", {"password": "a long pass phrase 9"})
    link = re.search(r"http://testserver(/account/close/\S+/)", mailoutbox[-1].body).group(1)
    person.refresh_from_db()
    assert person.is_active  # nothing happens before the link is used
    assert alice.get(link).status_code == 200
    closed = alice.post(link)
    assert b"Your account is closed" in closed.content
    person.refresh_from_db()
    assert not person.is_active and Account.objects.get(user=person).closing_since is not None
    assert elsewhere.get("/account/").status_code == 302  # signed out there too
    trying = Client()
    trying.post("/accounts/login/", {"login": "alice@example.org", "password": "a long pass phrase 9"})
    assert trying.get("/account/").status_code == 302  # a closed account cannot sign in
    cancel = re.search(r"http://testserver(/account/closing/\S+/)", mailoutbox[-1].body).group(1)
    assert Client().post(cancel).status_code == 302
    person.refresh_from_db()
    assert person.is_active and Account.objects.get(user=person).closing_since is None


def test_purge_deletes_closed_accounts_and_everything_in_them_after_thirty_days(signed_in):
    from glimmers.journal.models import CheckIn
    from glimmers.server.models import Account
    from glimmers.server.housekeeping import purge_closed

    alice, alice_person = signed_in("alice")
    bob, bob_person = signed_in("bob")
    _checkin(alice, "alice")
    _checkin(bob, "bob")
    now = timezone.now()
    Account.objects.create(user=alice_person, closing_since=now - timedelta(days=31))
    Account.objects.create(user=bob_person, closing_since=now - timedelta(days=29))
    assert purge_closed(now) == 1
    assert not type(alice_person).objects.filter(pk=alice_person.pk).exists()
    assert CheckIn.every_owner.filter(owner_id=alice_person.pk).count() == 0
    assert CheckIn.every_owner.filter(owner=bob_person).count() == 1


@override_settings(GLIMMERS_SIGNUP="invite")
def test_invite_only_sign_up_takes_one_code_once(client):
    from django.contrib.auth import get_user_model

    from glimmers.server.accounts import make_invitation

    form = {"email": "new@example.org", "password1": "a long pass phrase 9", "password2": "a long pass phrase 9"}
    assert b"Invitation code" in client.get("/accounts/signup/").content
    refused = client.post("/accounts/signup/", form | {"invitation": "made-up-code"})
    assert b"This invitation code is not valid" in refused.content
    code, _row = make_invitation()
    accepted = client.post("/accounts/signup/", form | {"invitation": code})
    assert accepted.status_code == 302
    again = Client().post("/accounts/signup/", form | {"email": "other@example.org", "invitation": code})
    assert b"This invitation code is not valid" in again.content
    assert list(get_user_model().objects.values_list("email", flat=True)) == ["new@example.org"]


@override_settings(GLIMMERS_SIGNUP="closed")
def test_closed_sign_up_makes_no_accounts(client):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200 and b"Sign Up Closed" in response.content


def test_staff_need_two_factor_before_the_admin_opens(make_person):
    staff = make_person("keeper", staff=True)
    visitor = Client()
    visitor.force_login(staff)
    response = visitor.get("/admin/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"


def test_the_admin_shows_accounts_and_nothing_of_the_journal():
    from django.contrib import admin

    registered = {model._meta.app_label for model in admin.site._registry}
    assert not registered & {"journal", "care", "reconnect", "analysis"}
    assert "mfa" not in registered  # the two-factor secrets


def test_a_new_accounts_name_says_nothing_about_its_address(client):
    from django.contrib.auth import get_user_model

    client.post("/accounts/signup/", {"email": "Jane.Doe@example.org", "password1": "a long pass phrase 9", "password2": "a long pass phrase 9"})
    user = get_user_model().objects.get()
    assert user.username.startswith("p-") and "jane" not in user.username.lower()


def test_sign_in_is_locked_after_repeated_failures_on_every_path(make_person):
    make_person("alice")
    visitor = Client()
    answers = [visitor.post("/accounts/login/", {"login": "alice@example.org", "password": "wrong"}) for _attempt in range(5)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 429]
    assert b"Too many attempts" in answers[-1].content and b"Need help now" in answers[-1].content
    visitor.post("/accounts/login/", {"login": "alice@example.org", "password": "a long pass phrase 9"})
    assert visitor.get("/account/").status_code == 302  # the right password, too late: still signed out
    assert Client().get("/help-now/").status_code == 200


def test_the_admins_own_sign_in_form_goes_through_the_same_door(make_person):
    make_person("keeper", staff=True)
    response = Client().get("/admin/login/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_purge_also_forgets_ended_sessions_and_old_failed_sign_ins(signed_in, make_person):
    from allauth.usersessions.models import UserSession
    from axes.models import AccessAttempt
    from django.contrib.sessions.models import Session

    from glimmers.server.housekeeping import FAILURES_KEPT, forget_the_stale

    visitor, person = signed_in("alice")
    visitor.get("/more/")
    make_person("bob")
    Client().post("/accounts/login/", {"login": "bob@example.org", "password": "wrong"})
    later = timezone.now() + timedelta(days=15) + FAILURES_KEPT
    assert forget_the_stale(later) == {"sessions": 1, "places": 1, "failed_sign_ins": 1}
    assert not Session.objects.exists() and not UserSession.objects.exists() and not AccessAttempt.objects.exists()


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_one_strangers_failures_do_not_lock_out_the_person(make_person):
    make_person("alice")
    stranger = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    for _attempt in range(5):
        stranger.post("/accounts/login/", {"login": "alice@example.org", "password": "wrong"})
    from axes.models import AccessAttempt

    # The hour-long lockout is for the stranger's address, not the proxy's.
    assert list(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == [("203.0.113.9", 5)]
    person = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    person.post("/accounts/login/", {"login": "alice@example.org", "password": "a long pass phrase 9"})
    assert person.get("/account/").status_code == 200


def test_two_factor_secrets_are_not_kept_in_the_clear(make_person):
    import time

    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, hotp_value
    from allauth.mfa.utils import decrypt

    person = make_person("alice")
    visitor = Client()
    visitor.post("/accounts/login/", {"login": "alice@example.org", "password": "a long pass phrase 9"})
    visitor.post("/accounts/reauthenticate/", {"password": "a long pass phrase 9"})  # two-factor changes ask again
    page = visitor.get("/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret
    code = f"{hotp_value(secret, int(time.time()) // 30):06d}"
    visitor.post("/accounts/2fa/totp/activate/", {"code": code})
    stored = Authenticator.objects.get(user=person, type=Authenticator.Type.TOTP).data["secret"]
    assert secret not in stored and decrypt(stored) == secret
    assert TOTP(Authenticator.objects.get(user=person, type=Authenticator.Type.TOTP))

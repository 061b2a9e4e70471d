"""How django-allauth behaves here: who may sign up, what an account is called,
and who django-axes counts a failed sign-in against."""

from __future__ import annotations

import secrets
from datetime import timedelta

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.adapter import DefaultMFAAdapter
from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

INVITATION_DAYS = 7


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return settings.GLIMMERS_SIGNUP != "closed"

    def generate_unique_username(self, txts, regex=None) -> str:
        """A meaningless name: the email address is how a person signs in, and the
        account's name appears in no log, page or export."""
        return f"p-{secrets.token_hex(10)}"

    def login(self, request, user) -> None:
        """Remember the sign-in before this one, for the account page ("last signed in")."""
        from glimmers.server.models import Account

        previous = user.last_login
        super().login(request, user)
        Account.objects.update_or_create(user=user, defaults={"previous_sign_in": previous})


class SignupForm(AllauthSignupForm):
    """Sign-up, asking for an invitation code while sign-up is by invitation."""

    invitation = forms.CharField(
        label=gettext_lazy("Invitation code"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if settings.GLIMMERS_SIGNUP != "invite":
            del self.fields["invitation"]
        else:
            self.fields["invitation"].required = True

    def clean_invitation(self) -> str:
        from glimmers.core.sharing.codes import code_digest
        from glimmers.server.models import Invitation

        code = self.cleaned_data.get("invitation", "").strip()
        found = Invitation.objects.filter(digest=code_digest(code)).first() if code else None
        if found is None or not found.usable():
            raise forms.ValidationError(gettext_lazy("This invitation code is not valid, or it has been used or has expired."))
        return code

    def save(self, request):
        """Make the account and use up its invitation together: two people racing with one
        code get one account between them, never two (the loser's sign-up is rolled back)."""
        from glimmers.core.sharing.codes import code_digest
        from glimmers.server.models import Invitation

        code = self.cleaned_data.get("invitation", "")
        with transaction.atomic():
            invitation = None
            if code:
                invitation = Invitation.objects.select_for_update().filter(digest=code_digest(code)).first()
                if invitation is None or not invitation.usable():
                    raise forms.ValidationError(gettext_lazy("This invitation code is not valid, or it has been used or has expired."))
            user = super().save(request)
            if invitation is not None:
                invitation.used_at, invitation.used_by = timezone.now(), user
                invitation.save(update_fields=["used_at", "used_by"])
        return user


def make_invitation(days: int = INVITATION_DAYS) -> tuple[str, object]:
    """A new invitation: the code (shown once) and its row (which keeps only a digest)."""
    from glimmers.core.sharing.codes import code_digest
    from glimmers.server.models import Invitation

    code = "-".join(secrets.token_hex(3) for _ in range(4))
    row = Invitation.objects.create(digest=code_digest(code), expires_at=timezone.now() + timedelta(days=days))
    return code, row


def signing_in_as(request, credentials) -> str:
    """The address a sign-in is for, whichever form sent it (allauth's or the admin's)."""
    credentials = credentials or {}
    for key in ("email", "username", "login"):
        value = credentials.get(key) or (request.POST.get(key) if request is not None and request.method == "POST" else None)
        if value:
            return str(value).strip().lower()[:254]
    return ""


def client_ip(request) -> str:
    """The visitor's address for django-axes, as allauth reads it (X-Forwarded-For from the
    trusted proxy only, else the connection's own); "" when a request carries none."""
    from allauth.core.internal.httpkit import get_client_ip

    return get_client_ip(request) or ""


class TwoFactorAdapter(DefaultMFAAdapter):
    """Two-factor secrets (the time-based code's key, the recovery codes' seed) are kept
    encrypted, so a copy of the database does not carry them in the clear.

    The key is GLIMMERS_MFA_KEY when given (a Fernet key; keep it apart from the database
    and its dumps), else derived from the secret key. Replacing the secret key without
    setting GLIMMERS_MFA_KEY to what it derived leaves two-factor accounts unable to sign
    in with their code; their recovery codes are encrypted the same way.
    """

    def encrypt(self, text: str) -> str:
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _fernet().decrypt(encrypted_text.encode()).decode()


def _fernet():
    import base64
    import hashlib

    from cryptography.fernet import Fernet

    key = getattr(settings, "GLIMMERS_MFA_KEY", "")
    if not key:
        derived = hashlib.sha256(b"glimmers two-factor secrets\0" + settings.SECRET_KEY.encode()).digest()
        key = base64.urlsafe_b64encode(derived).decode()
    return Fernet(key)


def shown_name(user) -> str:
    """How an account is named on allauth's pages and in its emails: its address."""
    return user.email

"""The server's own pages: health, and the person's rights over their account
(see and change it, download everything, bring a journal in, close it)."""

from __future__ import annotations

import functools
import zoneinfo
from datetime import datetime, timezone as dt_timezone

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.core import signing
from django.core.mail import send_mail
from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from glimmers import preferences
from glimmers.core.errors import GlimmersError
from glimmers.server.models import Account
from glimmers.sharing import grants

CLOSE_SALT = "glimmers.server.close-account"
CANCEL_SALT = "glimmers.server.cancel-closing"
CONFIRM_SECONDS = 60 * 60 * 24
DOWNLOADS = {"json": "glimmers.json", "csv": "glimmers.csv", "fhir": "glimmers-fhir.json"}
CONTENT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8", "fhir": "application/fhir+json"}


@never_cache
@require_safe
def health(request):
    """For a load balancer or monitor: 200 when this process can reach the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure to reach the database is "unavailable"
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@functools.cache
def _zones() -> tuple[str, ...]:
    """Every zone a person may choose; read from the zone files once per process."""
    return tuple(sorted(zoneinfo.available_timezones() - {"Factory", "localtime"}))


@never_cache
@require_safe
def account(request):
    record = Account.objects.filter(user=request.user).first()
    return render(
        request,
        "server/account.html",
        {
            "email": request.user.email,
            "previous_sign_in": record.previous_sign_in if record else None,
            "zones": _zones(),
            "zone": preferences.timezone_name(),
            "zone_chosen": bool(preferences.load().timezone),
            "downloads": tuple(DOWNLOADS),
        },
    )


@require_POST
def save_timezone(request):
    chosen = request.POST.get("timezone", "")
    try:
        preferences.save("timezone", chosen)
    except GlimmersError:
        messages.error(request, _("Choose a time zone from the list."))
    else:
        messages.success(request, _("Saved. Times now show in %(zone)s.") % {"zone": chosen or "UTC"})
    return redirect("account")


@never_cache
@require_safe
def download(request, kind: str):
    """Everything the person has here, the trash included, in one of the export formats."""
    from glimmers.transfer import export_bytes

    if kind not in DOWNLOADS:
        from glimmers.core.errors import NotFound

        raise NotFound(_("There is no such download."))
    response = HttpResponse(export_bytes(kind), content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{DOWNLOADS[kind]}"'
    return response


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("A glimmers export (JSON or CSV) or backup (.json.gz)"))
    passphrase = forms.CharField(
        label=gettext_lazy("Passphrase, if the backup is encrypted"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def bring_in(request):
    """Add a local glimmers export or backup to this account: all of it, or nothing."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = _import(form.cleaned_data["file"].read(), form.cleaned_data["passphrase"] or None)
        except GlimmersError as problem:
            form.add_error("file", str(problem))
    return render(request, "server/import.html", {"form": form, "report": report})


def _import(data: bytes, passphrase: str | None):
    from glimmers.core import input_limits
    from glimmers.core.transfer import backup_file
    from glimmers.core.transfer.formats import ReadContext
    from glimmers.transfer import parse, write_bundle

    input_limits.check_file_size(len(data))
    if data[:2] == b"\x1f\x8b" or backup_file.is_encrypted(data):
        data = backup_file.unseal(data, passphrase)
    now = datetime.now(dt_timezone.utc)
    format_name, bundle = parse(data, "glimmers", ReadContext(now=now, timezone=preferences.timezone_name()))
    return write_bundle(bundle, source=format_name, now=now)


class CloseForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


def _link(request, name: str, token: str) -> str:
    return request.build_absolute_uri(reverse(name, args=[token]))


@never_cache
@require_http_methods(["GET", "POST"])
def close_account(request):
    """Step one of closing: the password again, then a link by email to confirm."""
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not request.user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("That is not your password."))
        else:
            token = signing.dumps({"user": request.user.pk}, salt=CLOSE_SALT)
            send_mail(
                _("Confirm closing your glimmers account"),
                _(
                    "You asked to close your glimmers account. To confirm, open this link within a day:\n\n%(link)s\n\n"
                    "Once confirmed, the account is closed at once and everything in it is deleted for good after "
                    "%(days)d days; until then a link in the next email can undo it. If you did not ask for this, "
                    "ignore this email and change your password."
                ) % {"link": _link(request, "close_account_confirm", token), "days": Account.GRACE.days},
                None,
                [request.user.email],
            )
            return render(request, "server/close_sent.html", {"email": request.user.email})
    return render(request, "server/close.html", {"form": form, "days": Account.GRACE.days})


def _user_from(token: str, salt: str, max_age: int):
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=payload.get("user")).first()


@never_cache
@require_http_methods(["GET", "POST"])
def close_account_confirm(request, token: str):
    """Step two: from the emailed link, the account closes; sign-in stops everywhere."""
    user = _user_from(token, CLOSE_SALT, CONFIRM_SECONDS)
    if user is None or user.pk != request.user.pk:
        return render(request, "server/link_invalid.html", status=400)
    if request.method == "GET":
        return render(request, "server/close_confirm.html", {"days": Account.GRACE.days})
    now = timezone.now()
    with transaction.atomic():
        record, _made = Account.objects.get_or_create(user=user)
        record.closing_since = now
        record.save(update_fields=["closing_since"])
        user.is_active = False
        user.save(update_fields=["is_active"])
        grants.end_everything_for(user, now)
    cancel = signing.dumps({"user": user.pk}, salt=CANCEL_SALT)
    send_mail(
        _("Your glimmers account is closed"),
        _(
            "Your glimmers account is closed and you have been signed out everywhere. Everything in it will be "
            "deleted for good on %(day)s. If you change your mind before then, open this link:\n\n%(link)s"
        ) % {"day": (now + Account.GRACE).date().isoformat(), "link": _link(request, "closing_cancel", cancel)},
        None,
        [user.email],
    )
    _sign_out_everywhere(user)
    logout(request)
    return render(request, "server/closed.html", {"day": now + Account.GRACE})


def _sign_out_everywhere(user) -> None:
    from allauth.usersessions.models import UserSession

    for session in UserSession.objects.filter(user=user):
        session.end()


@never_cache
@require_http_methods(["GET", "POST"])
def closing_cancel(request, token: str):
    """Undo a closing during its grace period (the link from the email; no sign-in needed,
    since a closed account cannot sign in)."""
    user = _user_from(token, CANCEL_SALT, int(Account.GRACE.total_seconds()))
    record = Account.objects.filter(user=user).first() if user is not None else None
    if record is None or record.closing_since is None:
        return render(request, "server/link_invalid.html", status=400)
    if request.method == "GET":
        return render(request, "server/closing_cancel.html", {"day": record.purge_after()})
    with transaction.atomic():
        record.closing_since = None
        record.save(update_fields=["closing_since"])
        user.is_active = True
        user.save(update_fields=["is_active"])
    messages.success(request, _("Your account is open again and nothing was deleted. Sign in as usual."))
    return redirect("account_login")

"""People who help: the pages for sharing by consent, and for seeing what was shared.

The sharer's side: choose who and what, preview exactly what they will see,
make an invitation (a link and a code, optionally emailed), end it, and read
who looked. The recipient's side: open an invitation, accept or decline, and
the trusted person's or clinician's view. Every read of another person's
data goes through ``sharing.access.opening`` (checked and written down) and
is read as the sharer, read-only; anything else answers 404.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from glimmers import preferences
from glimmers.core.errors import InvalidInput
from glimmers.core.sharing import scopes as declared
from glimmers.sharing import access, grants, shown
from glimmers.sharing.models import AuditEvent, Grant

# Longest a grant may be given for, and what the form suggests.
LONGEST_DAYS = 366 * 2
SUGGESTED_DAYS = 90


def _until(value: str):
    """The last day of sharing (inclusive, in the person's zone) as the moment it ends, or None."""
    if not value:
        return None
    from zoneinfo import ZoneInfo

    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise InvalidInput(_("Give the last day of sharing as a date."), field="until") from None
    zone = ZoneInfo(preferences.timezone_name())
    today = timezone.now().astimezone(zone).date()
    if day < today:
        raise InvalidInput(_("The last day of sharing can be today at the earliest."), field="until")
    if day > today + timedelta(days=LONGEST_DAYS):
        raise InvalidInput(_("Share for two years at most; you can share again after that."), field="until")
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)


def _chosen(request) -> tuple[str, tuple[str, ...], str, str]:
    """The form's choice, checked: role, scopes, last day (as typed) and the address to email, if any."""
    role = request.POST.get("role", "")
    declared.role(role)
    chosen = declared.checked_scopes(request.POST.getlist("scope"), role)
    until = request.POST.get("until", "").strip()
    _until(until)
    email = request.POST.get("email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidInput(_("That email address does not look right."), field="email") from None
    return role, chosen, until, email


@never_cache
@require_safe
def hub(request):
    """Everything about sharing on one page: what I share, what others share with me, pairings, looks."""
    return render(request, "sharing/hub.html", {
        "made": [(grant, _role_label(grant.role), _scope_labels(grant.scopes)) for grant in grants.made_by(request.user)],
        "received": grants.received_by(request.user),
    })


def _role_label(key: str) -> str:
    return _(declared.role(key).label)


def _scope_labels(keys) -> list[str]:
    return [_(declared.scope(key).label) for key in keys]


@never_cache
@require_http_methods(["GET", "POST"])
def new(request):
    """Choose who and what; then a preview of exactly what they will see; then the invitation."""
    default_until = (timezone.now() + timedelta(days=SUGGESTED_DAYS)).date().isoformat()
    form = {"role": request.POST.get("role", "trusted"), "scopes": request.POST.getlist("scope"),
            "until": request.POST.get("until", default_until), "email": request.POST.get("email", "")}
    context = {"form": form, "roles": [declared.role(key) for key in declared.ROLES], "scopes": declared.SCOPES}
    if request.method == "GET":
        return render(request, "sharing/new.html", context)
    try:
        role, chosen, until, email = _chosen(request)
    except InvalidInput as problem:
        context["problem"] = str(problem)
        return render(request, "sharing/new.html", context, status=400)
    step = request.POST.get("step")
    if step == "change":
        return render(request, "sharing/new.html", context)
    if step != "confirm":
        content = shown.gathered(chosen)  # as themselves: their own records, exactly as the other would see them
        return render(request, "sharing/preview.html", {
            **context, "role": declared.role(role), "role_label": _role_label(role),
            "chosen": [declared.scope(key) for key in chosen],
            "preview_sections": [(declared.scope(key), content[key]) for key in chosen],
            "safety_notice": declared.needs_safety_notice(chosen), "notice": declared.safety_notice(),
            "until": until, "email": email,
        })
    grant, code = grants.propose(request.user, role=role, scope_keys=chosen, ends_at=_until(until))
    link = request.build_absolute_uri(reverse("sharing_invitation", args=[code]))
    if email:
        send_mail(
            _("%(name)s would like to share with you on glimmers") % {"name": access.shown_name(request.user)},
            _("%(name)s invites you to see some of what they keep in glimmers (shared with: %(role)s).\n\n"
              "Open this link to see what it is and to accept or decline (it works once, for 7 days):\n%(link)s\n\n"
              "Or sign in and enter this code: %(code)s\n") % {
                "name": access.shown_name(request.user), "role": _(declared.role(role).label), "link": link, "code": code},
            None, [email],
        )
    return render(request, "sharing/invited.html", {
        "grant": grant, "code": code, "link": link, "emailed_to": email, "role": declared.role(role),
        "chosen": [declared.scope(key) for key in chosen],
    })


@never_cache
@require_safe
def join(request):
    """Where a code is typed in, for people who got it by hand."""
    code = request.GET.get("code", "").strip()
    if code:
        return redirect("sharing_invitation", code=code)
    return render(request, "sharing/join.html")


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, code: str):
    """An invitation: who shares what (or who asks to check in together), and accept or decline."""
    from glimmers.sharing.models import Pairing

    found = grants.invitation(code)
    if found is None or found.owner_id == request.user.pk:
        own = found is not None
        return render(request, "sharing/invitation_gone.html", {"own": own}, status=404 if not own else 200)
    if isinstance(found, Pairing):
        from glimmers.server import together_views

        return together_views.invitation(request, found)
    grant = found
    problem = ""
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "accept":
                accepted = grants.accept(grant, request.user)
                messages.success(request, _("You accepted. What %(name)s shares is under “Shared with you”.") % {
                    "name": access.shown_name(grant.owner)})
                return redirect("shared", grant=accepted.public_id)
            grants.decline(grant, request.user)
            messages.success(request, _("You declined. Nothing was shared with you."))
            return redirect("sharing")
        except InvalidInput as error:
            problem = str(error)
    needs_two_factor = grant.role == "clinician" and not access.has_two_factor(request.user)
    return render(request, "sharing/invitation.html", {
        "grant": grant, "sharer": access.shown_name(grant.owner), "role": declared.role(grant.role),
        "role_label": _role_label(grant.role),
        "chosen": [declared.scope(key) for key in grant.scopes], "needs_two_factor": needs_two_factor,
        "safety_notice": declared.needs_safety_notice(grant.scopes), "notice": declared.safety_notice(),
        "problem": problem,
    }, status=400 if problem else 200)


@require_POST
def end(request, grant: str):
    try:
        found = grants.involving(request.user, grant)
        ended = grants.end(found, request.user)
    except access.NotShared:
        raise Http404 from None
    if ended:
        messages.success(request, _("Sharing has ended. Nothing more is shown from now on."))
    return redirect("sharing")


def _opened(request, grant: str, *, action: str = "read", detail: str = "") -> tuple[Grant, tuple[str, ...]]:
    """The grant and every scope of it this person may see now, each look written down; a refusal
    is written down too, and answers 404 (or, for a clinician without two-factor, says so)."""
    try:
        found = access.grant_for_recipient(request.user, grant)
    except access.NotShared:
        raise Http404 from None
    allowed = access.visible_scopes(request.user, found)
    if not allowed:
        access.refused(request.user, found, action=action)
        if _waits_for_two_factor(request.user, found):
            raise TwoFactorNeeded
        raise Http404
    for scope in allowed:
        access.look(request.user, found, scope, action=action, detail=detail)
    return found, allowed


class TwoFactorNeeded(Exception):
    """A clinician's grant in force that only the reader's missing second factor stands in front of."""


def _two_factor_page(request):
    return render(request, "sharing/two_factor_needed.html", status=403)


def _waits_for_two_factor(user, grant) -> bool:
    """A clinician's grant in force that only two-factor sign-in stands in the way of."""
    return grant.in_force() and grant.role == "clinician" and not access.has_two_factor(user)


@never_cache
@require_safe
def shared(request, grant: str):
    """What one person shares with me, each scope opened (and written down) on its own."""
    try:
        found, allowed = _opened(request, grant)
    except TwoFactorNeeded:
        return _two_factor_page(request)
    with access.as_the_sharer(found):
        content = shown.gathered(allowed)
    return render(request, "sharing/shared.html", {
        "grant": found, "sharer": access.shown_name(found.owner), "role": declared.role(found.role),
        "sections": [(declared.scope(key), content[key]) for key in allowed],
        "clinician": found.role == "clinician",
    })


@never_cache
@require_safe
def shared_report_pdf(request, grant: str):
    try:
        found = access.grant_for_recipient(request.user, grant)
    except access.NotShared:
        raise Http404 from None
    try:
        access.look(request.user, found, "clinician_report", action="export", detail="pdf")
    except access.NotShared:
        if _waits_for_two_factor(request.user, found):
            return _two_factor_page(request)
        raise Http404 from None
    with access.as_the_sharer(found):
        data = shown.clinician_report_pdf()
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="glimmers-shared-report.pdf"'
    return response


@never_cache
@require_safe
def shared_fhir(request, grant: str):
    """What was shared, as FHIR: the Consent that allows it and, under the screening scope,
    the questionnaire results; every resource labelled restricted and psychiatric."""
    from glimmers.sharing import fhir_export

    try:
        found, allowed = _opened(request, grant, action="export", detail="fhir")
    except TwoFactorNeeded:
        return _two_factor_page(request)
    with access.as_the_sharer(found):
        text = fhir_export.shared_bundle(found, allowed)
    response = HttpResponse(text, content_type="application/fhir+json")
    response["Content-Disposition"] = 'attachment; filename="glimmers-shared-fhir.json"'
    return response


@never_cache
@require_safe
def looks(request):
    """Who looked at my data, and every grant, change and end: my whole trail, newest first."""
    rows = list(AuditEvent.objects.order_by("-seq")[:500])
    for row in rows:
        row.words = _event_words(row)
    return render(request, "sharing/looks.html", {
        "events": rows, "verification": access.verified(request.user.pk),
        "count": AuditEvent.objects.count(),
    })


def _event_words(event) -> str:
    """One event of the trail in plain words."""
    if event.what in declared.SCOPE_KEYS:
        label = _(declared.scope(event.what).label)
        if event.action == "export":
            return _("Downloaded “%(what)s”") % {"what": label}
        return _("Looked at “%(what)s”") % {"what": label}
    return {
        "grant": _("Invitation made"),
        "accept": _("Accepted your invitation"),
        "decline": _("Declined your invitation"),
        "revoke": _("Sharing stopped"),
        "end": _("Stepped back from what you share"),
        "change": _("Sharing changed"),
        "read": _("Tried to look"),
        "export": _("Tried to download"),
    }.get(event.action, event.action)


@never_cache
@require_safe
def looks_fhir(request):
    from glimmers.core.sharing import fhir_sharing

    text = fhir_sharing.audit_bundle(access.trail(request.user.pk), subject_display=access.shown_name(request.user),
                                     timestamp=timezone.now())
    response = HttpResponse(text, content_type="application/fhir+json")
    response["Content-Disposition"] = 'attachment; filename="glimmers-who-looked.json"'
    return response

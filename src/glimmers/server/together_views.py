"""Pages for a daily check-in together (see ``sharing.pairing``)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from glimmers import preferences
from glimmers.core.errors import InvalidInput
from glimmers.core.sharing import together
from glimmers.sharing import access
from glimmers.sharing import pairing as pairs  # the routes' own parameter is called pairing
from glimmers.sharing.models import Pairing


def _today():
    return datetime.now(ZoneInfo(preferences.timezone_name())).date()


def _found(request, public_id: str) -> Pairing:
    try:
        return pairs.involving(request.user, public_id)
    except pairs.NotPaired:
        raise Http404 from None


@never_cache
@require_safe
def overview(request):
    rows = pairs.of(request.user)
    return render(request, "together/overview.html", {
        "pairings": [(row, access.shown_name(row.partner if row.owner_id == request.user.pk else row.owner)) for row in rows],
    })


@require_POST
def invite(request):
    made, code = pairs.propose(request.user)
    link = request.build_absolute_uri(reverse("sharing_invitation", args=[code]))
    return render(request, "together/invited.html", {"code": code, "link": link, "pairing": made})


def invitation(request, found: Pairing):
    """The page a pairing's code opens (reached through ``sharing_views.invitation``)."""
    problem = ""
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "accept":
                accepted = pairs.accept(found, request.user)
                messages.success(request, _("You are checking in together now. Nothing is expected on any day."))
                return redirect("together_day", pairing=accepted.public_id)
            pairs.decline(found, request.user)
            messages.success(request, _("You declined."))
            return redirect("sharing")
        except InvalidInput as error:
            problem = str(error)
    return render(request, "together/invitation.html", {"inviter": access.shown_name(found.owner), "problem": problem},
                  status=400 if problem else 200)


@never_cache
@require_safe
def day(request, pairing: str):
    found = _found(request, pairing)
    today = _today()
    seen = pairs.day_for(found, request.user, today)
    other = found.partner if found.owner_id == request.user.pk else found.owner
    feelings = {phrase.key: phrase.phrase for phrase in together.feelings()}
    notes = {note.key: note.phrase for note in together.support_notes()}
    return render(request, "together/day.html", {
        "pairing": found, "other": access.shown_name(other), "today": today, "seen": seen,
        "feelings": together.feelings(), "notes": together.support_notes(),
        "my_phrase": feelings.get(seen.mine.phrase, "") if seen.mine else "",
        "their_phrase": feelings.get(seen.theirs.phrase, "") if seen.theirs else "",
        "notes_to_me": [notes.get(note.phrase, "") for note in seen.notes_to_me],
        "paused_by_me": found.paused_by_id == request.user.pk,
        "scale": range(11),
    })


@require_POST
def answer(request, pairing: str):
    found = _found(request, pairing)
    try:
        pairs.answer(found, request.user, day=_today(), numbness=request.POST.get("numbness"),
                     word=request.POST.get("word", ""), phrase=request.POST.get("phrase", ""))
    except InvalidInput as error:
        messages.error(request, str(error))
    return redirect("together_day", pairing=found.public_id)


@require_POST
def note(request, pairing: str):
    found = _found(request, pairing)
    try:
        sent = pairs.send_note(found, request.user, day=_today(), phrase=request.POST.get("phrase", ""))
    except InvalidInput as error:
        messages.error(request, str(error))
    else:
        if sent:
            messages.success(request, _("Sent."))
    return redirect("together_day", pairing=found.public_id)


@require_POST
def state(request, pairing: str):
    found = _found(request, pairing)
    try:
        changed = pairs.set_state(found, request.user, request.POST.get("action", ""), now=timezone.now())
    except InvalidInput as error:
        messages.error(request, str(error))
        return redirect("together_day", pairing=found.public_id)
    if changed.status == Pairing.ENDED:
        messages.success(request, _("Stopped. You can always start again with a new invitation."))
        return redirect("together")
    return redirect("together_day", pairing=found.public_id)

"""The web pages. Each view reads a form or a query and calls one core or
journal function; wording lives in the templates."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone as dt_timezone
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from glimmers.core.journal import entries
from glimmers.core.errors import InvalidInput, NotFound
from glimmers.core.refs import parse_ref
from glimmers.journal import queries, store
from glimmers.web import forms, support
from glimmers.web.middleware import SESSION_KEY, token_digest, token_matches
from glimmers import preferences

PAGE_SIZE = 30


def _clock():
    """The current instant, the person's zone and today in that zone."""
    zone = ZoneInfo(preferences.timezone_name())
    now = datetime.now(dt_timezone.utc)
    return now, zone, now.astimezone(zone).date()


def _form_kwargs():
    now, zone, _today = _clock()
    return {"now": now, "zone": zone, "zone_name": preferences.timezone_name()}


def _known_tags():
    return queries.tag_usage()


def _entry_or_404(ref: str, *, trashed: bool | None = False):
    try:
        return store.get_entry(parse_ref(ref), trashed=trashed)
    except (InvalidInput, NotFound):
        raise NotFound(_("No such entry.")) from None


def _saved(request, row, reading, target: str, message: str):
    """After a save: the support (if the words call for it) is the first thing on the next page."""
    support.remember(request, row)
    messages.success(request, message)
    return redirect(target + (support.ANCHOR if reading.offered else ""))


def _with_support(request, template: str, context: dict, block, status: int):
    """A form sent back with a mistake still shows support for its words first."""
    if block is not None:
        context |= {"support": block, "support_focus": True}
    return render(request, template, context, status=status)


JUST_SAVED = "just_saved"
WINDOW_OFFER = "window_offer"  # the edge of the window the last check-in was at, for the offer after it
OUTBOX_HEADER = "X-Glimmers-Outbox"


@require_http_methods(["GET", "POST"])
def home(request):
    """The quick check-in, the glimmer log and the latest entries."""
    words = support.posted_words(request, "self_talk", "note") if request.method == "POST" else []
    reading, block = support.read_words(*words)  # before the journal is touched

    def work():
        checkin_form = forms.CheckInForm(
            request.POST or None, recent_tags=queries.recent_tags(), initial={"uid": uuid.uuid4().hex}, **_form_kwargs()
        )
        # Sent again by the app from its outbox (kept while the server was out of
        # reach): answered with 204, so the support and the confirmation wait
        # in the session for the next page the person opens.
        from_outbox = request.headers.get(OUTBOX_HEADER) == "1"
        if request.method == "POST" and checkin_form.is_valid():
            if store.saved_checkin(checkin_form.record.uid) is not None:  # this very form, sent again
                if from_outbox:
                    return HttpResponse(status=204)
                messages.info(request, _("That check-in was already saved."))
                return redirect("home")
            try:
                row = store.add_checkin(checkin_form.record, now=_clock()[0])
            except IntegrityError:
                # The same form sent twice at once (a retry racing the first send): the
                # other request saved it, and this one says so instead of failing.
                if store.saved_checkin(checkin_form.record.uid) is None:
                    raise
                if from_outbox:
                    return HttpResponse(status=204)
                messages.info(request, _("That check-in was already saved."))
                return redirect("home")
            request.session[JUST_SAVED] = row.ref  # the next page offers to undo it
            if not reading.offered:  # support, when called for, comes instead
                request.session[WINDOW_OFFER] = row.tolerance_window
            done = _saved(request, row, reading, reverse("home"), _("Check-in saved. Thank you for noticing."))
            if row.self_talk.strip() and not reading.offered:  # support, when called for, comes instead
                from glimmers.core.toolkit import self_talk

                messages.info(request, _("If you like: %(question)s") % {"question": self_talk.reframe_prompt(_clock()[2])})
            return HttpResponse(status=204) if from_outbox else done
        now, _zone, today = _clock()
        context = {
            "just_saved": request.session.pop(JUST_SAVED, None) if request.method == "GET" else None,
            "window_offer": _window_offer(request.session.pop(WINDOW_OFFER, "") if request.method == "GET" else ""),
            "form": checkin_form,
            "glimmer_form": forms.GlimmerForm(**_form_kwargs()),
            "recent": queries.timeline(queries.TimelineFilter(), limit=5),
            "today_factors": queries.day(today),
            "today": _today(now),
            "known_tags": _known_tags(),
        }
        return _with_support(request, "web/home.html", context, block, 400 if checkin_form.errors else 200)

    return support.guarded(request, words, work)


def _window_offer(key: str) -> dict | None:
    """After a check-in at an edge of the window of tolerance: its words and a few exercises."""
    from glimmers.core.toolkit.window import offer, offered_exercises

    state = offer(key)
    return None if state is None else {"after": state.after, "exercises": offered_exercises(state)}


def _today(now: datetime) -> dict:
    """What the toolkit holds for today, read only (opening the plan's day is the plan page's)."""
    from glimmers.toolkit import activities, plan

    from glimmers.core.toolkit import pleasures

    upcoming = activities.upcoming(now)
    return {
        "make": pleasures.making_for(_clock()[2]),
        "plan": plan.current() is not None,
        "next_activity": upcoming[0] if upcoming else None,
        "to_rate": len(activities.waiting(now)),
    }


@require_http_methods(["GET", "POST"])
def glimmer(request):
    words = support.posted_words(request, "text", "preceded_by") if request.method == "POST" else []
    reading, block = support.read_words(*words)

    def work():
        form = forms.GlimmerForm(request.POST or None, **_form_kwargs())
        if request.method == "POST" and form.is_valid():
            row = store.add_glimmer(form.record, now=_clock()[0])
            return _saved(request, row, reading, reverse("home"), _("Glimmer saved. Small shifts count."))
        context = {"form": form, "known_tags": _known_tags()}
        return _with_support(request, "web/glimmer.html", context, block, 400 if form.errors else 200)

    return support.guarded(request, words, work)


@require_http_methods(["GET", "POST"])
def day(request, on: str | None = None):
    from glimmers.core.when import parse_date

    now, _zone, today = _clock()
    try:
        chosen = parse_date(on, today=today) if on else today
    except InvalidInput:
        raise NotFound(_("No such day.")) from None
    words = support.posted_words(request, "note") if request.method == "POST" else []
    reading, block = support.read_words(*words)

    def work():
        row = queries.day(chosen)
        initial = {} if row is None else {name: "" if getattr(row, name) is None else getattr(row, name) for name in forms.DayForm.base_fields}
        if row is not None and row.wake_time:
            initial["wake_time"] = row.wake_time.strftime("%H:%M")
        form = forms.DayForm(request.POST or None, initial=initial, day=chosen, today=today)
        if request.method == "POST" and form.is_valid():
            changes = {name: getattr(form.record, name) for name in forms.DayForm.base_fields}
            saved = store.set_day(chosen, changes, now=now, today=today)
            message = _("Saved the factors for %(day)s.") % {"day": chosen.isoformat()}
            return _saved(request, saved, reading, reverse("day_on", kwargs={"on": chosen.isoformat()}), message)
        context = {"form": form, "day": chosen, "today": today, "previous": date.fromordinal(chosen.toordinal() - 1), "next": None if chosen >= today else date.fromordinal(chosen.toordinal() + 1)}
        return _with_support(request, "web/day.html", context, block, 400 if form.errors else 200)

    return support.guarded(request, words, work)


def timeline(request):
    filters = forms.TimelineFilterForm(request.GET or None)
    selection = queries.TimelineFilter()
    if filters.is_valid():
        data = filters.cleaned_data
        selection = queries.TimelineFilter(
            since=data["since"], until=data["until"], tag=data["tag"] or None, text=data["q"] or None
        )
    try:
        total = queries.count(selection)
    except InvalidInput as problem:
        filters.add_error("tag", problem.message)
        selection, total = queries.TimelineFilter(), 0
    page = Paginator(range(total), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = queries.timeline(selection, limit=PAGE_SIZE, offset=(page.number - 1) * PAGE_SIZE) if total else []
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/timeline.html",
        {"filters": filters, "rows": rows, "page": page, "total": total, "query": query.urlencode(), "known_tags": _known_tags()},
    )


@require_http_methods(["GET", "POST"])
def edit(request, ref: str):
    row = _entry_or_404(ref)
    is_checkin = row.kind == entries.CHECKIN
    form_class = forms.CheckInForm if is_checkin else forms.GlimmerForm
    initial = forms.checkin_initial(row) if is_checkin else forms.glimmer_initial(row)
    _now, zone, _today = _clock()
    initial["when"] = row.occurred_at.astimezone(zone).strftime("%Y-%m-%dT%H:%M")
    form = form_class(request.POST or None, initial=initial, **_form_kwargs())
    form.original_moment = row.occurred_at
    fields = ("self_talk", "note") if is_checkin else ("text", "preceded_by")
    words = support.posted_words(request, *fields) if request.method == "POST" else []
    reading, block = support.read_words(*words)

    def work():
        if request.method == "POST" and form.is_valid():
            changes = {name: value for name, value in vars(form.record).items() if name not in ("uid", "source", "created_at", "updated_at", "deleted_at")}
            store.edit_entry(parse_ref(ref), changes, now=_clock()[0])
            return _saved(request, row, reading, reverse("timeline"), _("Changes saved."))
        context = {"form": form, "row": row, "is_checkin": is_checkin, "known_tags": _known_tags()}
        return _with_support(request, "web/edit.html", context, block, 400 if form.errors else 200)

    return support.guarded(request, words, work)


@require_http_methods(["GET", "POST"])
def delete(request, ref: str):
    row = _entry_or_404(ref)
    if request.method == "POST":
        store.trash(parse_ref(ref), now=_clock()[0])
        messages.success(request, _("Moved to the trash. You can restore it from there."))
        return redirect("timeline")
    return render(request, "web/delete.html", {"row": row})


@require_POST
def undo(request, ref: str):
    """Take back the check-in just saved: it goes to the trash, where it can be restored."""
    if _entry_or_404(ref).kind != entries.CHECKIN:
        raise NotFound(_("No such entry."))
    store.trash(parse_ref(ref), now=_clock()[0])
    messages.success(request, _("Check-in taken back. It is in the trash if you want it again."))
    return redirect("home")


def more(request):
    """Everything that is not one of the four everyday places, one tap from the navigation."""
    from glimmers.core import i18n

    languages = sorted(i18n.LANGUAGES.items())
    return render(request, "web/more.html", {"languages": languages, "chosen_language": preferences.language()})


def trash(request):
    rows = queries.timeline(queries.TimelineFilter(trashed=True), limit=500)
    return render(request, "web/trash.html", {"rows": rows})


@require_POST
def restore(request, ref: str):
    _entry_or_404(ref, trashed=True)
    store.restore(parse_ref(ref))
    messages.success(request, _("Restored."))
    return redirect("trash")


@require_POST
def empty_trash(request):
    with transaction.atomic():
        removed = store.empty_trash()
    messages.success(request, _("Deleted %(n)s entries for good.") % {"n": removed})
    return redirect("trash")


@require_http_methods(["GET", "POST"])
def sign_in(request):
    """Paste the access token printed by 'glimmers serve'."""
    if request.method == "POST":
        if token_matches(request.POST.get("token", "").strip()):
            request.session[SESSION_KEY] = token_digest(settings.GLIMMERS_ACCESS_TOKEN)
            target = request.POST.get("next", "/")
            return HttpResponseRedirect(target if target.startswith("/") and not target.startswith("//") else "/")
        return render(request, "web/sign_in.html", {"next": request.POST.get("next", "/"), "wrong": True}, status=403)
    return render(request, "web/sign_in.html", {"next": request.GET.get("next", "/")})

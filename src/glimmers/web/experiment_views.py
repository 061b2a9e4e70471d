"""Pages for lever experiments and calendar reminders, and the calendar feed."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from glimmers.core.toolkit import experiments
from glimmers.core.errors import GlimmersError, NotFound
from glimmers.web.forms import CoreForm
from glimmers.web.views import _clock
from glimmers import preferences


class ExperimentForm(CoreForm):
    lever = forms.ChoiceField(label=gettext_lazy("Which lever"), widget=forms.RadioSelect, choices=())
    custom_name = forms.CharField(label=gettext_lazy("Your own lever (if you chose 'my own')"), required=False,
                                  max_length=experiments.CUSTOM_NAME_MAX)
    design = forms.ChoiceField(label=gettext_lazy("Design"), widget=forms.RadioSelect, choices=(), initial=experiments.ALTERNATING)
    start = forms.DateField(label=gettext_lazy("First day"), widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=gettext_lazy("Alternating weeks start on a Monday; another day moves to the next Monday."))
    weeks = forms.IntegerField(label=gettext_lazy("Weeks in all (alternating)"), initial=experiments.DEFAULT_WEEKS, required=False)

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["lever"].choices = [(lever.key, f"{lever.name}: {lever.on}") for lever in experiments.levers()] + [
            (experiments.CUSTOM, _("My own"))
        ]
        self.fields["design"].choices = [(key, _(label)) for key, label in experiments.DESIGN_LABELS.items()]
        self.fields["start"].initial = today

    def build(self, data):
        key = data.get("lever")
        lever = experiments.custom_lever(data.get("custom_name", "")) if key == experiments.CUSTOM else experiments.lever(key)
        if data.get("design") == experiments.ALTERNATING:
            return experiments.plan_alternating(lever, data["start"], seed=experiments.new_seed(),
                                                weeks=data.get("weeks") or experiments.DEFAULT_WEEKS)
        return experiments.plan_before_after(lever, data["start"])


class AdherenceForm(forms.Form):
    answer = forms.ChoiceField(choices=[(key, key) for key in experiments.ADHERENCE], widget=forms.RadioSelect)
    day = forms.DateField(widget=forms.HiddenInput)


@require_http_methods(["GET", "POST"])
def experiment_list(request):
    from glimmers.toolkit import experiments as stored

    now, _zone, today = _clock()
    form = ExperimentForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            row, warnings = stored.create(form.record, today=today, now=now)
        except GlimmersError as problem:
            form.add_error("start" if problem.field == "start" else None, problem.message)
        else:
            messages.success(request, " ".join([_("Experiment started."), form.record.note, *warnings]).strip())
            return redirect("experiment", ref=row.ref)
    rows = []
    for row in stored.all_rows():
        design = stored.design_of(row)
        rows.append((row, design, stored.summary(row, today), experiments.caution_words(design.lever)))
    # Cautions for the levers on offer (drinking less: a doctor first for heavy daily drinkers).
    cautions = [(lever.key, experiments.caution_words(lever)) for lever in experiments.levers() if lever.caution]
    return render(request, "web/experiments.html", {"form": form, "rows": rows, "today": today, "cautions": cautions,
                                                    "recommended": experiments.RECOMMENDED_DESIGN},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def experiment(request, ref: str):
    from glimmers.toolkit import experiments as stored

    _now, _zone, today = _clock()
    row = stored.get(ref)
    if request.method == "POST":
        form = AdherenceForm(request.POST)
        if form.is_valid():
            try:
                stored.log(row.ref, form.cleaned_data["day"], form.cleaned_data["answer"], today=today)
                messages.success(request, _("Logged."))
            except GlimmersError as problem:
                messages.error(request, problem.message)
        else:
            messages.error(request, _("Choose yes, partly or no."))
        return redirect("experiment", ref=row.ref)
    design = stored.design_of(row)
    logs = stored.logs(row)
    weeks = []
    if design.design == experiments.ALTERNATING:
        for number, on in enumerate(design.schedule, start=1):
            monday = design.start + timedelta(days=7 * (number - 1))
            weeks.append({"number": number, "start": monday, "on": on,
                          "days": [(monday + timedelta(days=i), logs.get(monday + timedelta(days=i))) for i in range(7)]})
    phase = design.phase_on(today)
    return render(request, "web/experiment.html", {
        "row": row, "design": design, "weeks": weeks, "phase": phase, "today": today,
        "logged_today": logs.get(today), "summary": stored.summary(row, today),
        "caution": experiments.caution_words(design.lever),
        "labels": {key: _(label) for key, label in experiments.ADHERENCE_LABELS.items()},
        "running": phase is not None and row.stopped_on is None,
    })


@require_POST
def experiment_stop(request, ref: str):
    from glimmers.toolkit import experiments as stored

    try:
        stored.stop(ref, today=_clock()[2])
    except NotFound:
        raise  # no such experiment: the web's error exit shows the calm 404 page
    except GlimmersError as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, _("Stopped. What you logged is kept."))
    return redirect("experiment", ref=ref)


@require_http_methods(["GET", "POST"])
def calendar_page(request):
    from glimmers import config
    from glimmers.toolkit import calendar

    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "new_key":
            calendar.feed_key(rotate=True)
            messages.success(request, _("A new address is ready; the old one no longer works."))
        elif action == "titles" and request.POST.get("titles") in config.CALENDAR_TITLES:
            preferences.save("calendar_titles", request.POST["titles"])
            messages.success(request, _("Saved."))
        return redirect("calendar")
    if preferences.accounts():
        feed = request.build_absolute_uri(f"{reverse('calendar_feed')}?key={calendar.feed_key()}")
    else:
        # Always the loopback address the server listens on, whatever name the browser used.
        feed = f"http://127.0.0.1:{request.get_port()}/calendar.ics?key={calendar.feed_key()}"
    return render(
        request, "web/calendar.html",
        {"feed": feed, "zone": preferences.timezone_name(), "titles_shown": calendar.titles_shown()},
    )


def _ics(data: bytes, *, download: bool) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    if download:
        response["Content-Disposition"] = 'attachment; filename="glimmers.ics"'
    return response


def calendar_download(request):
    from glimmers.toolkit import calendar

    data = calendar.build(now=_clock()[0], zone_name=preferences.timezone_name())
    return _ics(data, download=True)


def calendar_feed(request):
    """The subscribable feed. Calendar apps cannot sign in, so the key in the
    address is the guard; it reads reminders only, never the journal."""
    from glimmers import people
    from glimmers.toolkit import calendar

    owner = preferences.feed_owner(request.GET.get("key", ""))
    if owner is None:
        raise NotFound(_("No such calendar."))
    with people.acting_as(owner):  # the key's owner, whoever (if anyone) is signed in
        return _ics(calendar.build(now=_clock()[0], zone_name=preferences.timezone_name()), download=False)

"""Pages for the reconnection toolkit: the plan, activities, tiny goals,
small pleasures, guided exercises, words for sharing and the guides.
Lever experiments and the calendar live in ``experiment_views``."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from glimmers.core.errors import GlimmersError
from glimmers.web import support, toolkit_forms
from glimmers.web.views import _clock
from glimmers import preferences


def toolkit(request):
    """Every tool on one page, each a step away."""
    return render(request, "web/toolkit.html")


# ------------------------------------------------------------------ plan

PLAN_ACTIONS = ("done", "undo", "swap")


@require_http_methods(["GET", "POST"])
def plan(request):
    from glimmers.core.care import profile
    from glimmers.toolkit import plan as stored

    now, _zone, today = _clock()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "start":
                stored.start(now=now, today=today)
                messages.success(request, _("A fresh 14-day plan has started."))
            elif action == "skip":
                number = stored.set_aside(today=today)
                messages.success(request, _("Day %(n)d is a rest day. The next day is ready tomorrow.") % {"n": number})
            elif action in PLAN_ACTIONS:
                slot = request.POST.get("slot", "")
                if action == "done":
                    stored.mark_done(slot, now=now, today=today, timezone=preferences.timezone_name())
                    messages.success(request, _("Marked as done. Did anything shift, even a little? A glimmer can hold it."))
                elif action == "undo":
                    stored.undo(slot, today=today)
                else:
                    cue = stored.swap(slot, today=today)
                    messages.success(request, _("Swapped. Instead: %(text)s") % {"text": cue.text})
            else:
                messages.error(request, _("That action is not known."))
        except GlimmersError as problem:
            messages.error(request, problem.message)
        return redirect("plan")
    view = stored.today(today=today)
    emphases = []
    if view is not None:
        known = profile.check().emphases
        emphases = [known[key] for key in view.emphases if key in known]
    from glimmers.core.toolkit import plan as core_plan

    cues = [{"item": item, "label": core_plan.slot_label(item.slot)} for item in view.cues] if view else []
    return render(request, "web/plan.html", {"view": view, "emphases": emphases, "cues": cues})


# ------------------------------------------------------------------ activities


@require_http_methods(["GET", "POST"])
def activities(request):
    from glimmers.toolkit import activities as stored

    now, zone, _today = _clock()
    values = stored.values()
    value_names = [row.name for row in values]
    initial_values = {}
    for n, row in enumerate(values, start=1):
        initial_values[f"name_{n}"], initial_values[f"action_{n}"] = row.name, row.action
    which = request.POST.get("form") if request.method == "POST" else None
    values_form = toolkit_forms.ValuesForm(request.POST if which == "values" else None, initial=initial_values, prefix="values")
    plan_form = toolkit_forms.ActivityPlanForm(
        request.POST if which == "plan" else None, now=now, zone=zone, value_names=value_names, prefix="plan"
    )
    if which == "values" and values_form.is_valid():
        stored.set_values(values_form.record)
        messages.success(request, _("Values saved."))
        return redirect("activities")
    if which == "plan" and plan_form.is_valid():
        row = stored.schedule(plan_form.record, timezone=preferences.timezone_name(), now=now)
        support.remember_toolkit(request, row)
        messages.success(request, _("Planned: %(title)s. Rate it afterwards here.") % {"title": row.title})
        return redirect("activities")
    context = {
        "values": values,
        "values_form": values_form,
        "plan_form": plan_form,
        "upcoming": stored.upcoming(now),
        "waiting": [(row, toolkit_forms.ActivityRateForm(prefix=row.ref)) for row in stored.waiting(now)],
        "done": [(row, stored.rated(row)) for row in stored.done(limit=15)],
        "gap": stored.gap_summary(),
    }
    failed = values_form.errors or plan_form.errors
    return render(request, "web/activities.html", context, status=400 if failed else 200)


@require_POST
def activity_rate(request, ref: str):
    from glimmers.toolkit import activities as stored

    row = stored.get(ref)
    form = toolkit_forms.ActivityRateForm(request.POST, prefix=row.ref)
    if form.is_valid():
        row = stored.rate(row.ref, form.record, now=_clock()[0])
        support.remember_toolkit(request, row)
        messages.success(request, _("Rated: %(title)s.") % {"title": row.title})
    else:
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
    return redirect("activities")


@require_POST
def activity_delete(request, ref: str):
    from glimmers.toolkit import activities as stored

    row = stored.delete(ref)
    messages.success(request, _("Removed: %(title)s.") % {"title": row.title})
    return redirect("activities")


# ------------------------------------------------------------------ tiny goals


@require_http_methods(["GET", "POST"])
def goals(request):
    from glimmers.core.toolkit import goals as core_goals
    from glimmers.toolkit import goals as stored

    now, _zone, today = _clock()
    kind = request.POST.get("kind") if request.method == "POST" else None
    goal_form = toolkit_forms.GoalForm(request.POST if kind == core_goals.GOAL else None, initial={"kind": core_goals.GOAL}, prefix="goal")
    enough_form = toolkit_forms.GoalForm(
        request.POST if kind == core_goals.ENOUGH else None, initial={"kind": core_goals.ENOUGH}, prefix="enough"
    )
    if request.method == "POST" and kind not in core_goals.KINDS:
        messages.error(request, _("Choose a tiny goal or what would be enough today."))
        return redirect("goals")
    for form in (goal_form, enough_form):
        if form.is_bound and form.is_valid():
            row = stored.add(form.record, kind=form.cleaned_data["kind"], day=today, now=now)
            support.remember_toolkit(request, row)
            messages.success(request, _("Saved."))
            return redirect("goals")
    rows = stored.for_day(today)
    return render(
        request,
        "web/goals.html",
        {
            "goal_form": goal_form,
            "enough_form": enough_form,
            "enough": next((row for row in rows if row.kind == core_goals.ENOUGH), None),
            "tiny": [row for row in rows if row.kind == core_goals.GOAL],
            "examples": core_goals.examples(),
            "start_words": core_goals.start_words(),
        },
        status=400 if goal_form.errors or enough_form.errors else 200,
    )


@require_POST
def goal_toggle(request, ref: str):
    from glimmers.toolkit import goals as stored

    row = stored.get(ref)
    stored.mark_done(ref, now=_clock()[0], done=row.done_at is None)
    return redirect("goals")


# ------------------------------------------------------------------ pleasures


@require_http_methods(["GET", "POST"])
def pleasures(request):
    from glimmers.core.toolkit import pleasures as library
    from glimmers.toolkit import pleasures as stored

    now = _clock()[0]
    form = toolkit_forms.PleasureLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = stored.log(form.record.key, form.cleaned_data["shift"], note=form.cleaned_data["note"], now=now, timezone=preferences.timezone_name())
        support.remember_toolkit(request, row)
        messages.success(request, _("Logged. Whatever the answer, it is information."))
        return redirect("pleasures")
    sense = request.GET.get("sense") or None
    making = request.GET.get("making") == "1"
    senses = sorted({s for item in library.pleasures() for s in item.senses})
    items = [item for item in library.pleasures()
             if (sense is None or sense in item.senses) and (not making or item.making)]
    recent = [(row, library.pleasure(row.pleasure_key), library.shift_label(row.shift)) for row in stored.recent(10)]
    return render(
        request,
        "web/pleasures.html",
        {"items": items, "senses": senses, "sense": sense, "making": making, "form": form, "recent": recent,
         "note": library.note(), "making_labels": dict(library.MAKING)},
        status=400 if form.errors else 200,
    )


# ------------------------------------------------------------------ guided exercises


def ground(request):
    from glimmers.core.toolkit import exercises
    from glimmers.toolkit import exercises as stored

    rows = [(row, exercises.exercise(row.exercise_key)) for row in stored.recent(10)]
    return render(request, "web/ground.html", {"exercises": exercises.exercises(), "recent": rows, "shifts": dict(exercises.SHIFTS)})


def _expanded_steps(exercise) -> list[dict]:
    return [{"text": item.step.text, "seconds": item.step.seconds, "kind": item.step.kind} for item in exercise.schedule()]


@require_http_methods(["GET", "POST"])
def ground_exercise(request, key: str):
    from glimmers.core.toolkit import exercises
    from glimmers.toolkit import exercises as stored

    exercise = exercises.exercise(key)
    form = toolkit_forms.ExerciseLogForm(request.POST or None, exercise=exercise)
    if request.method == "POST" and form.is_valid():
        now = _clock()[0]
        started_at = _started_at(form.cleaned_data.get("started_at"), now)
        row = stored.save(
            form.record,
            started_at=started_at,
            timezone=preferences.timezone_name(),
            numbness_before=form.cleaned_data.get("numbness_before") or None,
            numbness_after=form.cleaned_data.get("numbness_after") or None,
            shift=form.cleaned_data.get("shift") or "",
        )
        messages.success(request, _("Saved.") if row.completed else _("Saved as it is, marked as stopped part-way."))
        return redirect("ground")
    labels = {
        "breathe_in": _("Breathe in"), "hold": _("Hold"), "breathe_out": _("Breathe out"), "notice": _("Notice"), "move": _("Move"),
        "left": _("%s seconds left in this step"), "paused": _("Paused"), "pause": _("Pause"), "resume": _("Go on"),
        "finished": _("Finished. Take a moment before moving on."), "stopped": _("Stopped. What you did still counts."),
    }
    data = {"steps": _expanded_steps(exercise), "labels": labels}
    return render(
        request,
        "web/ground_exercise.html",
        {"exercise": exercise, "form": form, "data": data, "steps": exercise.steps},
        status=400 if form.errors else 200,
    )


def _started_at(text: str | None, now: datetime) -> datetime:
    """The browser's start time if it is sensible, else now."""
    from datetime import timedelta

    try:
        moment = datetime.fromisoformat((text or "").replace("Z", "+00:00"))
    except ValueError:
        return now
    if moment.tzinfo is None or not now - timedelta(hours=6) <= moment <= now + timedelta(minutes=5):
        return now
    return moment


def goal_timer(request):
    """The five-minute start timer, paced like an exercise."""
    from glimmers.core.toolkit import goals as core_goals

    labels = {
        "notice": _("Just start"), "left": _("%s seconds left"), "paused": _("Paused"), "pause": _("Pause"), "resume": _("Go on"),
        "finished": _("Time. Stopping now is fine, and so is carrying on."), "stopped": _("Stopped. Starting counts."),
    }
    what = request.GET.get("what", "")[:160] or _("Just start")
    steps = [{"text": what, "seconds": core_goals.START_MINUTES * 60, "kind": "notice"}]
    return render(request, "web/goal_timer.html", {"data": {"steps": steps, "labels": labels}, "what": what,
                                                    "start_words": core_goals.start_words()})


# ------------------------------------------------------------------ sharing and guides


@require_http_methods(["GET", "POST"])
def share(request):
    from glimmers.toolkit import sharing as stored

    form = toolkit_forms.ShareForm(request.POST or None)
    message = None
    if request.method == "POST" and form.is_valid():
        message = form.record
        if request.POST.get("save"):
            row = stored.save(form.cleaned_data["audience"], message, now=_clock()[0])
            support.remember_toolkit(request, row)
            messages.success(request, _("Saved. Nothing is sent; copy it into a message yourself."))
            return redirect("share")
    context = {"form": form, "message": message, "saved": stored.saved(5)}
    if request.method == "POST":  # own words are read even when the message cannot be built
        _reading, block = support.read_words(request.POST.get("extra", ""))
        if block:
            context |= {"support": block, "support_focus": True}
    return render(request, "web/share.html", context, status=400 if form.errors else 200)


def guides(request):
    from glimmers.core.toolkit import guides as library

    return render(request, "web/guides.html", {"guides": library.guides()})


def guide(request, key: str):
    from glimmers.core.toolkit import guides as library

    item = library.guide(key)
    extra = {}
    if key == "support":
        from glimmers.core.care import support_directories
        from glimmers.web import country

        chosen = country.choice()
        extra = {"directory": support_directories.for_country(chosen.code), "country_code": chosen.code}
    return render(request, "web/guide.html", {"guide": item, **extra})

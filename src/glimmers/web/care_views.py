"""Pages for the safety plan and the medication timeline."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from glimmers.care import medication as stored_medication
from glimmers.care import safety_plan as stored_plan
from glimmers.core import content, safety_plan
from glimmers.core.errors import NotFound
from glimmers.web import care_forms
from glimmers.web.views import _clock


def _crisis_countries():
    from django.conf import settings

    return content.crisis_lines_for(settings.GLIMMERS_COUNTRY)


def safety_plan_page(request):
    """The plan, with the crisis lines under it; prints cleanly."""
    plan = stored_plan.load()
    return render(
        request,
        "web/safety_plan.html",
        {
            "steps": [(step, plan.get(step.key)) for step in safety_plan.steps()],
            "is_empty": plan.is_empty,
            "updated": stored_plan.last_changed(),
            "countries": _crisis_countries(),
        },
    )


@require_http_methods(["GET", "POST"])
def safety_plan_edit(request):
    plan = stored_plan.load()
    initial = {key: "\n".join(plan.get(key)) for key in safety_plan.step_keys()}
    form = care_forms.SafetyPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        stored_plan.save(form.record, now=_clock()[0])
        messages.success(request, _("Safety plan saved."))
        return redirect("safety_plan")
    steps = [(step, form[step.key]) for step in safety_plan.steps()]
    return render(request, "web/safety_plan_edit.html", {"form": form, "steps": steps}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def meds(request):
    """The medication timeline and a form to add an event."""
    _now, _zone, today = _clock()
    form = care_forms.MedicationForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        row = stored_medication.add(form.record, now=_clock()[0])
        messages.success(request, _("Saved: %(name)s on %(day)s.") % {"name": row.name, "day": row.day.isoformat()})
        return redirect("meds")
    return render(
        request, "web/meds.html", {"form": form, "items": stored_medication.timeline()}, status=400 if form.errors else 200
    )


@require_POST
def meds_delete(request, ref: str):
    try:
        row = stored_medication.delete(ref)
    except NotFound:
        raise Http404(_("No such medicine event.")) from None
    messages.success(request, _("Removed %(name)s on %(day)s.") % {"name": row.name, "day": row.day.isoformat()})
    return redirect("meds")

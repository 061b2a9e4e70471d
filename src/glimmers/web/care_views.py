"""Pages for the safety plan and the medication timeline."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from glimmers.care import medication as stored_medication
from glimmers.care import safety_plan as stored_plan
from glimmers.core.errors import NotFound
from glimmers.core.safety import safety_plan
from glimmers.web import care_forms
from glimmers.web.views import _clock
from glimmers import preferences


def _crisis_countries():
    from glimmers.web import country

    return country.lines()


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
        request, "web/meds.html", {"form": form, "items": stored_medication.timeline(today=today)},
        status=400 if form.errors else 200,
    )


@require_POST
def meds_delete(request, ref: str):
    row = stored_medication.delete(ref)
    messages.success(request, _("Removed %(name)s on %(day)s.") % {"name": row.name, "day": row.day.isoformat()})
    return redirect("meds")


# ------------------------------------------------------------------ screening

SCREENING_KINDS = ("phq9", "phq2", "gad7", "gad2", "profile", "triage")


def _form_for(kind: str, data=None):
    from glimmers.core.care import instruments

    if kind == "profile":
        return care_forms.ProfileForm(data)
    if kind == "triage":
        if data is None:
            return care_forms.TriageForm(data)
        from glimmers.care import screening as stored

        now, zone, _today = _clock()
        # the latest PHQ-9 and GAD-7 count too (the core keeps those of the last four weeks)
        return care_forms.TriageForm(data, recent=stored.recent_for_triage(now, zone), now=now)
    return care_forms.QuestionnaireForm(data, instrument=instruments.instrument(kind))


def _signal_in(kind: str, form) -> str | None:
    """The opening words for support when the answers given so far disclose risk
    (or already add up to a total in the highest range)."""
    from glimmers.core.care import disclosure
    from glimmers.core.care import instruments, triage

    if kind == "triage":
        given = form.partial_answers()
        if triage.safety_signal_in_partial(given):
            return disclosure.self_harm_opening()
        if any(given.get(name) for name in form.urgent_names()):
            return disclosure.red_flag_opening()
        return None
    if kind == "profile":
        return None
    return disclosure.opening_for(instruments.support_reason_in_partial(form.instrument, form.partial_answers()))


def screening_index(request):
    """The questionnaires, and every result so far with its change."""
    from glimmers.care import screening as stored
    from glimmers.core.care import instruments

    rows = [
        {"row": row, "words": stored.describe(row), "change": change}
        for row, change in stored.with_changes()
    ]
    questionnaires = [instruments.instrument(key) for key in stored.QUESTIONNAIRES]
    return render(request, "web/screening.html", {"rows": rows, "questionnaires": questionnaires})


@require_http_methods(["GET", "POST"])
def screening_form(request, kind: str):
    from glimmers.care import screening as stored
    from glimmers.web import support

    if kind not in SCREENING_KINDS:
        raise NotFound(_("There is no such questionnaire."))
    form = _form_for(kind, request.POST or None)
    from glimmers.core.care import disclosure

    inline_opening = disclosure.red_flag_opening() if kind == "triage" else disclosure.self_harm_opening()
    context = {"form": form, "kind": kind, "inline_support": {**support.context(inline_opening), "pending": True}}
    if kind == "triage":
        context["watch"] = sorted(form.urgent_names())
    elif kind != "profile" and form.safety_name():
        context["watch"] = [form.safety_name()]
    if request.method == "POST":
        opening = _signal_in(kind, form)
        if form.is_valid():
            now, zone_name = _clock()[0], preferences.timezone_name()
            record = form.record
            if kind == "profile":
                row = stored.save_check("profile", dict(record.answers), outcome=",".join(record.leading) or "none",
                                        safety_signal=False, taken_at=now, timezone=zone_name, now=now)
            elif kind == "triage":
                row = stored.save_check("triage", dict(record.answers), outcome=record.outcome,
                                        safety_signal=record.safety_signal or bool(record.red_flags),
                                        taken_at=now, timezone=zone_name, now=now)
            else:
                row = stored.save_score(record, taken_at=now, timezone=zone_name, now=now)
            return redirect("screening_result", ref=row.ref)
        if opening:  # refused for missing answers, but what was given still gets support first
            context["support"] = {**support.context(opening), "pending": True}
            context["watch"] = []  # already shown at the top; no second copy
    return render(request, "web/screening_form.html", context, status=400 if form.errors else 200)


def screening_result(request, ref: str):
    from glimmers.care import screening as stored
    from glimmers.core.care import disclosure
    from glimmers.core.care import instruments, profile, screening_change
    from glimmers.web import support

    row = stored.get(ref)
    context = {"row": row, "kind": row.instrument}
    if row.instrument in stored.QUESTIONNAIRES:
        instrument = instruments.instrument(row.instrument)
        score = instruments.score(instrument, row.answers, row.functional)
        before = stored.previous(row)
        context.update(
            score=score,
            instrument=instrument,
            answered=[(item, instrument.option(value)) for item, value in zip(instrument.items, score.answers)],
            change=screening_change.compare_totals(instrument, before.total, row.total) if before else None,
            pressing=score.grade in ("soon", "urgent"),
        )
        # item 9 above 0, or a total in the highest range: support before the score
        opening = disclosure.opening_for(score.support_reason)
    elif row.instrument == "triage":
        result = stored.triage_of(row, _clock()[1])  # with the recent results it was taken with
        context["triage"] = result
        opening = None
        if result.safety_signal:
            opening = disclosure.self_harm_opening()
        elif result.red_flags:
            opening = disclosure.red_flag_opening()
        elif result.recent_urgent or result.outcome == "help_now":  # a recent PHQ-9 called for help now
            opening = disclosure.recent_result_opening()
    else:
        from glimmers.core.toolkit import window
        from glimmers.toolkit import plan as plans

        context["profile"] = profile.profile(row.answers)
        context["window_told"] = window.told(plans.window_marks(_clock()[2]))
        opening = None
    if opening:
        context["support"] = support.context(opening)
    return render(request, "web/screening_result.html", context)

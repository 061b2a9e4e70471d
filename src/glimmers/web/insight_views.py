"""The insights dashboard and the clinician report (printable page and PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from glimmers.core.errors import GlimmersError
from glimmers.web import charts
from glimmers.web.views import _clock
from glimmers import preferences


def dashboard(request):
    from glimmers.analysis import dashboard as computed
    from glimmers.analysis import more
    from glimmers.core.analysis.insights import story
    from glimmers.core.analysis.insights.outcome import OUTCOMES

    now, _zone, today = _clock()
    asked = request.GET.get("measure")
    insights = computed.load(today=today, now=now, measure=asked if asked in OUTCOMES else None)
    outcome = OUTCOMES[insights.measure]
    scale = outcome.scale
    chart = charts.line_chart(
        insights.trend.points, low=scale.low, high=scale.high, threshold=5 if outcome.name == "numbness" else None,
        label=_("Daily mean %(measure)s over the last 90 days, on a %(low)s to %(high)s scale")
        % {"measure": outcome.label, "low": scale.low, "high": scale.high},
    )
    month = today.replace(day=1)
    shown = insights.findings.worse + insights.findings.helps + insights.findings.lighter
    return render(request, "web/insights.html", {
        "p": insights, "chart": chart, "weeks": insights.trend.weeks, "month": month,
        "outcome": outcome, "measure": outcome.label, "scale_words": scale.describe(),
        "asked_instead": _(OUTCOMES[asked].scale.label) if asked in OUTCOMES and asked != outcome.name else "",
        "worse_heading": _(outcome.worse_heading), "better_heading": _(outcome.better_heading),
        # the other rated measures, to look at instead
        "measures": [(name, _(OUTCOMES[name].scale.label)) for name in OUTCOMES if insights.rated_days.get(name)],
        # before the first chart, the "Getting started" card says what there is instead
        "summary": story.summary(insights, early_hint_min_days=computed.EARLY_HINT_MIN_DAYS) if chart else (),
        "early_hints": any(item.status == "early_hint" for item in shown),
        "inner_critic": _inner_critic(insights), "reframe": _reframe(today), "returning": more.returning_feelings(today),
        "calendar": charts.month_grid(insights.wins.glimmer_days, month), "early_hint_days": computed.EARLY_HINT_MIN_DAYS,
        "weekdays": [(_("Mon"), _("Monday")), (_("Tue"), _("Tuesday")), (_("Wed"), _("Wednesday")), (_("Thu"), _("Thursday")),
                     (_("Fri"), _("Friday")), (_("Sat"), _("Saturday")), (_("Sun"), _("Sunday"))],
    })


def _inner_critic(insights) -> list[tuple[str, int]]:
    """The inner critic's themes as (label, check-ins), most often first."""
    from glimmers.core.toolkit import self_talk

    return [(self_talk.label(key), n) for key, n in sorted(insights.inner_critic.items(), key=lambda item: (-item[1], item[0]))]


def _reframe(today) -> str:
    from glimmers.core.toolkit import self_talk

    return self_talk.reframe_prompt(today)


def _period(request, today):
    from glimmers.analysis import report
    from glimmers.core.when import parse_date

    since = parse_date(request.GET["since"], today=today, field="since") if request.GET.get("since") else None
    until = parse_date(request.GET["until"], today=today, field="until") if request.GET.get("until") else None
    return report.period(since, until, today=today)


@require_http_methods(["GET", "POST"])
def report_page(request):
    """The report as a printable page, the period chooser and the notes."""
    from glimmers.analysis import notes, report

    now, _zone, today = _clock()
    if request.method == "POST":
        try:
            notes.save(request.POST.get("notes", ""), now=now)
            messages.success(request, _("Notes saved. They are in the report below."))
        except GlimmersError as problem:
            messages.error(request, problem.message)
        from glimmers.web import support

        support.remember_notes(request)
        return redirect("report")
    try:
        since, until = _period(request, today)
    except GlimmersError as problem:
        messages.error(request, problem.message)
        since, until = report.period(None, None, today=today)
    built = report.build(since=since, until=until, today=today, now=now, timezone=preferences.timezone_name())
    return render(request, "web/report.html", {"report": built, "since": since, "until": until, "notes": notes.load()})


def report_pdf(request):
    from glimmers.analysis import report

    now, _zone, today = _clock()
    try:
        since, until = _period(request, today)
    except GlimmersError:
        since, until = report.period(None, None, today=today)
    data = report.pdf(since=since, until=until, today=today, now=now, timezone=preferences.timezone_name())
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="glimmers-report-{until.isoformat()}.pdf"'
    return response

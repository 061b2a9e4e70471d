"""Gathering the clinician report's content for a period, from the stored
data and the cached insights; the layout lives in ``core.analysis.report`` and the
PDF in ``core.analysis.report_pdf``."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _

DEFAULT_WEEKS = 12


def period(since: date | None, until: date | None, *, today: date) -> tuple[date, date]:
    """The report's days. A start before the first entry moves up to it, so an
    early date cannot make a hundred pages of empty weeks."""
    until = until or today
    since = since or until - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
    if until > today:
        raise InvalidInput(_("The report can end today at the latest."), field="until")
    if since > until:
        raise InvalidInput(_("The report's start must come before its end."), field="since")
    from django.db.models import Min

    from glimmers.journal.models import CheckIn

    first = CheckIn.objects.filter(deleted_at__isnull=True).aggregate(first=Min("local_date"))["first"]
    if first is not None and since < first <= until:
        since = first
    return since, until


def build_input(*, since: date, until: date, today: date, now: datetime, timezone: str):
    from glimmers.analysis import dashboard, notes
    from glimmers.analysis.inputs import gather
    from glimmers.care import medication as stored_medication
    from glimmers.care import screening
    from glimmers.core import content
    from glimmers.core.care import instruments, medication
    from glimmers.core.analysis import report
    from glimmers.toolkit import plan as stored_plan

    insights = dashboard.load(today=today, now=now)
    inputs = gather(since=since, until=until)

    screenings = []
    for row, change in reversed(screening.with_changes()):
        taken_on = row.taken_at.date()
        if row.instrument not in screening.QUESTIONNAIRES or not since <= taken_on <= until:
            continue
        instrument = instruments.instrument(row.instrument)
        screenings.append(report.ScreeningLine(
            taken_on=taken_on, instrument=row.instrument, title=instrument.title, total=row.total,
            max_total=instrument.max_total, band=instrument.band_for(row.total).label if row.total is not None else "",
            change_words=change.words if change else "", item9_positive=row.instrument == "phq9" and row.safety_signal,
            notice=instrument.notice,
        ))
    # The same before/after model as the dashboard, so the two never disagree.
    words = {item.ref: item.words for item in insights.medication}
    medication_lines = [
        report.MedicationLine(day=row.day, name=row.name, kind_words=medication.kind_label(row.kind), dose=row.dose,
                              numbness_words=words.get(row.ref, ""))
        for row in stored_medication.Row.objects.order_by("day", "id") if since <= row.day <= until
    ]
    labels = {choice.key: choice.label for choice in content.warning_signs()}
    signs = sorted(((labels.get(key, key), days) for key, days in inputs.warning_signs.items()), key=lambda pair: -pair[1])
    plan_line = None
    current = stored_plan.current()
    if current is not None:
        view = stored_plan.today(today=today, row=current)
        plan_line = report.PlanLine(days_touched=view.summary.days_touched, cues_done=view.summary.cues_done,
                                    started_on=current.started_on)
    findings = insights.findings
    experiments = [f"{item.lever}: {item.words} {item.adherence}" for item in insights.experiments]
    warning = insights.early_warning
    return report.ReportInput(
        period_start=since, period_end=until, generated_on=today, timezone=timezone, daily=inputs.daily,
        entry_days=frozenset(inputs.entry_days), checkin_count=inputs.checkin_count, screenings=screenings,
        triggers=[item.words for item in findings.worse],
        helps=[item.words for item in findings.helps + findings.lighter],
        not_yet=[item.words for item in findings.waiting[:4]],
        medication=medication_lines, warning_signs=signs, plan=plan_line, experiments=experiments,
        early_warning=warning.words if warning.status == "above_usual_range" else None,
        help_notes=notes.load(), findings_measure=insights.measure,
        findings_scope=_("These findings use all entries up to %(day)s (%(days)d days with entries), not only this period: "
                         "patterns need many days to show.") % {"day": today.isoformat(), "days": findings.days},
    )


def pdf(**kwargs) -> bytes:
    from glimmers.core.analysis import report, report_pdf

    return report_pdf.render_pdf(report.build(build_input(**kwargs)))


def build(**kwargs):
    from glimmers.core.analysis import report

    return report.build(build_input(**kwargs))


def text(**kwargs) -> str:
    from glimmers.core.analysis import report

    return report.as_text(report.build(build_input(**kwargs)))

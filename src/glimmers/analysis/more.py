"""The rest of the dashboard: persistence, early warning, lever experiments,
medicines and the activation gap over time, each as words and a few numbers."""

from __future__ import annotations

from datetime import date, timedelta

from glimmers.core.analysis.insights import payload


def _persistence(inputs, daily, today: date) -> payload.Persistence:
    from glimmers.core.analysis.insights.persistence import most_days_above, persistence

    result = persistence(daily, inputs.daily.get("stress", {}), moments=[(m.day, m.numbness) for m in inputs.moments])
    above = most_days_above(daily, today=today)
    return payload.Persistence(pattern=result.pattern, words=result.words(), half_life=result.half_life,
                               most_days_above=above.result, most_days_above_words=above.words())


def _early_warning(daily, outcome, *, today: date) -> payload.EarlyWarning:
    from glimmers.core.analysis.insights.early_warning import early_warning

    result = early_warning(daily, today=today)
    return payload.EarlyWarning(status=result.status, words=result.words(outcome), since=result.since)


def _experiments(daily, today: date) -> tuple[payload.Experiment, ...]:
    from glimmers.core.analysis.insights.experiment_results import analyse_experiment
    from glimmers.toolkit import experiments as stored

    results = []
    for row in stored.all_rows():
        end = row.stopped_on or row.end
        if row.stopped_on is not None and row.stopped_on <= row.start and today <= row.start:
            continue  # stopped before it began: nothing to analyse
        # A stopped experiment is over: analyse it as ended, with the days it ran.
        as_of = max(today, end + timedelta(days=1)) if row.stopped_on is not None else today
        result = analyse_experiment(
            row.design, daily, start=row.start, end=end, schedule=tuple(row.schedule) or None,
            baseline_days=row.baseline_days, change_days=row.change_days, today=as_of,
            lever=stored.design_of(row).lever,
        )
        summary = stored.summary(row, today)
        results.append(payload.Experiment(
            ref=row.ref, lever=row.lever_name, design=row.design, status=result.status, start=row.start, end=end,
            words=result.words(), adherence=summary.words(), effect=result.effect, low=result.low, high=result.high,
            p=result.p_value,
        ))
    return tuple(results)


def _medication(daily, today: date) -> tuple[payload.Medication, ...]:
    from glimmers.care import medication as stored

    return tuple(
        payload.Medication(ref=item.row.ref, day=item.row.day, name=item.row.name, kind=item.row.kind,
                           dose=item.row.dose, status=item.change.status, words=item.words)
        for item in sorted(stored.timeline(today=today, daily=daily), key=lambda item: (item.row.day, item.row.pk))
    )


def _activation() -> payload.Activation:
    from glimmers.core.analysis.insights.activation_trend import activation_trend
    from glimmers.toolkit.models import Activity

    rows = Activity.objects.filter(done_at__isnull=False).order_by("done_at").values_list(
        "done_at", "predicted_pleasure", "actual_pleasure", "predicted_mastery", "actual_mastery", "predicted_dread", "actual_dread")
    trend = activation_trend(rows)
    return payload.Activation(words=trend.words(), periods=tuple(
        payload.Period(start=p.start, pleasure_gap=p.pleasure_gap, pleasure_count=p.pleasure_count,
                       mastery_gap=p.mastery_gap, mastery_count=p.mastery_count)
        for p in trend.periods
    ))


def compute(inputs, daily, *, today: date, watched) -> dict:
    """The sections of ``payload.Insights`` computed here, by field name. ``daily`` is numbness;
    ``watched`` is the early warning's (daily means on the engine's scale, their outcome)."""
    return {
        "persistence": _persistence(inputs, daily, today),
        "early_warning": _early_warning(*watched, today=today),
        "experiments": _experiments(daily, today),
        "medication": _medication(daily, today),
        "activation": _activation(),
        "warning_signs": inputs.warning_signs,
    }


def returning_feelings(today: date):
    """Irritation or sadness named more often in the last two weeks than the two before, or None."""
    from glimmers.core.analysis.insights import returning
    from glimmers.journal.models import CheckIn

    first = today - timedelta(days=2 * returning.settings().days - 1)
    rows = CheckIn.objects.filter(deleted_at__isnull=True, local_date__gte=first, local_date__lte=today).prefetch_related("tags")
    return returning.returning(
        ((row.local_date, " ".join([*(tag.name for tag in row.tags.all()), row.note, row.self_talk])) for row in rows), today=today
    )

"""Everything the dashboard, `glimmers insights` and the report show, computed
in one pass into one ``core.analysis.insights.payload.Insights`` (so it can be cached whole).

The statistics live in ``glimmers.core.analysis.insights``; this module only reads
the data, calls the engine once per question and keeps the words and
numbers it returned.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from glimmers.core.analysis.insights import payload

# Early hints from the first weeks are mostly noise even when the false
# discovery rate holds per person (simulation in docs/INSIGHTS.md: at 30 days
# 45% of shown findings were false). Below this many days with entries,
# early hints wait and are listed as "not yet".
EARLY_HINT_MIN_DAYS = 45
TREND_DAYS = 90


def _finding(f, outcome) -> payload.FindingLine:
    """A finding as shown. Its numbers are rounded once, here, and the sentence is made from
    the rounded numbers, so a table and a sentence that round them again agree. The engine's
    scale has positive as worse; the numbers kept go the measure's own way."""
    from dataclasses import replace

    from glimmers.core.analysis.insights.words import describe, sentence, subject

    f = replace(f, effect=round(f.effect, 2), low=round(f.low, 2), high=round(f.high, 2))
    # the numbers kept go the measure's own way: +1 is one point more numb, or one point better mood
    effect, low, high = (f.effect, f.low, f.high) if outcome.higher_is_worse else (-f.effect, -f.high, -f.low)
    return payload.FindingLine(
        subject=subject(f), key=f.key, family=f.family, status=f.status, effect=effect, low=low, high=high,
        unit=f.unit, days=f.days, more_days_needed=f.more_days_needed, words=describe(f, outcome),
        sentence=sentence(f, outcome) if f.status in ("pattern", "early_hint") else describe(f, outcome),
    )


def _identity(key: str, subject: str) -> str:
    """What a line is about: a tag by its name whatever its category ('walk' done, or a place), else its subject."""
    return "tag:" + key.split(":", 2)[-1].casefold() if key.startswith("tag:") else subject


def _once(findings, shown: set[str], outcome, limit: int | None = None) -> tuple[payload.FindingLine, ...]:
    """One line per subject: the same tag kept under two categories (say 'walk' as
    something done and as a place) is listed once, at its clearest, and a subject
    already shown is not listed again as "not yet". Only the lines kept (at most
    ``limit``) count as shown, so a line cut off here can still be listed elsewhere."""
    lines = []
    for f in findings:
        if limit is not None and len(lines) >= limit:
            break
        line = _finding(f, outcome)
        identity = _identity(line.key, line.subject)
        if identity not in shown:
            shown.add(identity)
            lines.append(line)
    return tuple(lines)


def _inner_critic(inputs, today: date) -> dict[str, int]:
    """How many check-ins of the last 90 days touched each theme of the inner critic (counts, no verdict)."""
    from glimmers.core.toolkit import self_talk

    start = today - timedelta(days=TREND_DAYS - 1)
    return self_talk.count_themes(text for day, text in inputs.self_talk if start <= day <= today)


def _days_until_hints(analysis, held) -> int | None:
    """Calendar days until the journal has EARLY_HINT_MIN_DAYS days of entries, at its pace so far."""
    import math

    if not held or analysis.days <= 0:
        return None
    span = max(f.span for f in held)
    return max(1, math.ceil((EARLY_HINT_MIN_DAYS - analysis.days) * span / analysis.days))


def _findings(moments, inputs, today: date, outcome) -> payload.Findings:
    from dataclasses import replace

    from glimmers.core.analysis.insights import triggers
    from glimmers.core.analysis.insights.findings import ranked

    analysis = triggers.analyse(moments, inputs.days, today=today)
    young = analysis.days < EARLY_HINT_MIN_DAYS
    shown: set[str] = set()

    def keep(items):
        return _once((f for f in items if not (young and f.status == "early_hint")), shown, outcome)

    worse, lighter, helps = keep(analysis.when_worse()), keep(analysis.when_lighter()), keep(analysis.helps())
    waiting = [f for f in analysis.findings if f.more_days_needed is not None and not f.shown]
    waiting.sort(key=lambda f: (f.more_days_needed, f.key))
    if young:
        # hints held back are listed first, as "too early to tell", with the days until hints are shown
        held = ranked(f for f in analysis.findings if f.status == "early_hint")
        wait = _days_until_hints(analysis, held)
        waiting = [replace(f, status="too_early", more_days_needed=wait) for f in held] + waiting
    return payload.Findings(
        days=analysis.days,
        checkins=analysis.checkins,
        young=young,
        worse=worse,
        lighter=lighter,
        helps=helps,
        no_difference=_once(analysis.no_difference_yet(), shown, outcome, limit=8),
        waiting=_once(waiting, shown, outcome, limit=8),
        tested=sum(1 for f in analysis.findings if f.q is not None),  # the FDR family
    )


def _trend(daily: dict[date, float], today: date) -> payload.Trend:
    """The last 90 days' daily means, on the measure's own scale."""
    start = today - timedelta(days=TREND_DAYS - 1)
    points = tuple((day, round(value, 2)) for day, value in sorted(daily.items()) if day >= start)
    weeks = []
    for offset in range(0, TREND_DAYS, 7):
        first = start + timedelta(days=offset)
        values = [daily[first + timedelta(days=i)] for i in range(7) if first + timedelta(days=i) in daily]
        weeks.append(payload.Week(first, round(sum(values) / len(values), 1) if values else None, len(values)))
    return payload.Trend(points, tuple(weeks))


def _screening() -> tuple[payload.Screening, ...]:
    from glimmers.care import screening

    rows = []
    for row, change in screening.with_changes():
        if row.instrument not in screening.QUESTIONNAIRES:
            continue
        rows.append(payload.Screening(
            ref=row.ref, instrument=row.instrument, taken_on=row.taken_at.date(), total=row.total,
            words=screening.describe(row), difference=getattr(change, "difference", None),
            reliable=bool(getattr(change, "reliable", False)),
        ))
    return tuple(rows[:12])


def _wins(today: date) -> payload.Wins:
    from glimmers.journal.models import Glimmer
    from glimmers.toolkit.models import Activity, ExerciseSession, PlanMark

    since = today - timedelta(days=29)
    glimmer_days = Counter(Glimmer.objects.filter(deleted_at__isnull=True, local_date__gte=today.replace(day=1) - timedelta(days=62))
                           .values_list("local_date", flat=True))
    start = datetime.combine(since, datetime.min.time()).astimezone()
    return payload.Wins(
        glimmers=sum(n for day, n in glimmer_days.items() if day >= since),
        cues=PlanMark.objects.filter(done_at__gte=start).count(),
        activities=Activity.objects.filter(done_at__gte=start).count(),
        exercises=ExerciseSession.objects.filter(started_at__gte=start).count(),
        glimmer_days=dict(glimmer_days),
    )


def compute(*, today: date, measure: str | None = None) -> payload.Insights:
    """Everything, about ``measure`` (numbness first when it was rated enough; see ``outcome.choose``).

    What goes with better or worse, the trend and the early warning are about
    the chosen measure. Persistence, medicines and lever experiments are
    worded about numbness and always read numbness.
    """
    from dataclasses import replace

    from glimmers.analysis import more
    from glimmers.analysis.inputs import gather
    from glimmers.core.analysis.insights.outcome import choose
    from glimmers.core.analysis.insights.series import daily_means

    inputs = gather(until=today)
    rated = {name: len(days) for name, days in inputs.daily.items()}
    outcome = choose(rated, measure)
    moments = [replace(m, numbness=outcome.oriented(m.numbness)) for m in inputs.rated.get(outcome.name, [])]
    oriented = daily_means(moments)
    numbness = inputs.daily.get("numbness", {})  # gather's daily means, the same sums in the same order
    return payload.Insights(
        today=today,
        measure=outcome.name,
        rated_days=rated,
        findings=_findings(moments, inputs, today, outcome),
        trend=_trend(inputs.daily.get(outcome.name, {}), today),
        screening=_screening(),
        wins=_wins(today),
        inner_critic=_inner_critic(inputs, today),
        **more.compute(inputs, numbness, today=today, watched=(oriented, outcome)),
    )


def load(*, today: date, now: datetime, measure: str | None = None) -> payload.Insights:
    """The dashboard's values, computed once per change of the data (and kept per measure asked for)."""
    from glimmers.analysis.cache import cached

    name = f"dashboard:{measure}" if measure else "dashboard"
    return cached(name, payload.Insights, lambda: compute(today=today, measure=measure), today=today, now=now)

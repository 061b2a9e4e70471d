"""What each scope shows, gathered from the sharer's records.

Called inside ``access.as_the_sharer`` (acting as the person who shared,
read-only), after ``access.opening`` allowed the look and wrote it down. Each
function returns plain values for a template; none returns more than its
scope declares (``core.sharing.scopes``): the weekly summary and the ratings
carry no words the person wrote, and only the scopes that may carry worrying
answers carry them.

The same functions build the preview the person sees before sharing, so what
they confirm is exactly what the other person will see.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Avg, Count

from glimmers import preferences

WEEKS = 8  # how many weeks the summary covers
DAYS = 28  # how many days of ratings, notes and glimmers


@dataclass(frozen=True)
class Week:
    starts: date
    numbness: float | None  # the mean of the week's check-ins, one decimal
    days_checked_in: int
    glimmers: int


def _today() -> date:
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(preferences.timezone_name())).date()


def weekly_summary(today: date | None = None) -> list[Week]:
    """The last ``WEEKS`` weeks (Monday first), newest first: average numbness, days with a
    check-in and how many glimmers were noted. No notes, no tags, no times."""
    from glimmers.journal.models import CheckIn, Glimmer

    today = today or _today()
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=WEEKS - 1)
    checkins = CheckIn.objects.filter(deleted_at__isnull=True, local_date__gte=first, local_date__lte=today)
    per_day = checkins.values("local_date").annotate(mean=Avg("numbness"))
    glimmers = (Glimmer.objects.filter(deleted_at__isnull=True, local_date__gte=first, local_date__lte=today)
                .values("local_date").annotate(n=Count("id")))
    days: dict[date, list[float]] = defaultdict(list)
    checked: dict[date, int] = defaultdict(int)
    noted: dict[date, int] = defaultdict(int)
    for row in per_day:
        monday = row["local_date"] - timedelta(days=row["local_date"].weekday())
        checked[monday] += 1
        if row["mean"] is not None:
            days[monday].append(float(row["mean"]))
    for row in glimmers:
        noted[row["local_date"] - timedelta(days=row["local_date"].weekday())] += row["n"]
    weeks = []
    for number in range(WEEKS):
        monday = first + timedelta(weeks=number)
        means = days.get(monday, [])
        weeks.append(Week(monday, round(sum(means) / len(means), 1) if means else None, checked.get(monday, 0),
                          noted.get(monday, 0)))
    return weeks[::-1]


@dataclass(frozen=True)
class Ratings:
    when: datetime
    numbness: int | None
    mood: int | None
    energy: int | None
    stress: int | None


def checkin_ratings(today: date | None = None) -> list[Ratings]:
    """The last ``DAYS`` days of check-ins, newest first: the four ratings and when, nothing else."""
    from glimmers.journal.models import CheckIn

    today = today or _today()
    rows = (CheckIn.objects.filter(deleted_at__isnull=True, local_date__gt=today - timedelta(days=DAYS))
            .order_by("-occurred_at", "-id").values_list("occurred_at", "numbness", "mood", "energy", "stress"))
    return [Ratings(*row) for row in rows]


@dataclass(frozen=True)
class Written:
    when: datetime
    kind: str  # "note" or "glimmer"
    text: str


def notes_and_glimmers(today: date | None = None) -> list[Written]:
    """The last ``DAYS`` days of check-in notes and glimmers, in the person's words, newest first."""
    from glimmers.journal.models import CheckIn, Glimmer

    today = today or _today()
    since = today - timedelta(days=DAYS)
    notes = (CheckIn.objects.filter(deleted_at__isnull=True, local_date__gt=since).exclude(note="")
             .values_list("occurred_at", "note"))
    glimmers = Glimmer.objects.filter(deleted_at__isnull=True, local_date__gt=since).values_list("occurred_at", "text")
    found = [Written(when, "note", text) for when, text in notes] + [Written(when, "glimmer", text) for when, text in glimmers]
    return sorted(found, key=lambda item: item.when, reverse=True)


@dataclass(frozen=True)
class Result:
    taken_at: datetime
    title: str
    total: int | None
    max_total: int | None
    band: str
    change: str  # reliable change against the same questionnaire's result before, in words
    item9_positive: bool
    answers: tuple[tuple[str, str], ...]  # (question, answer), every one


def screening() -> list[Result]:
    """Every questionnaire result, newest first, with reliable change, and PHQ-9 question 9 when answered above 0."""
    from glimmers.care import screening as stored
    from glimmers.core.care import instruments

    found = []
    for row, change in stored.with_changes():
        if row.instrument not in stored.QUESTIONNAIRES:
            continue
        instrument = instruments.instrument(row.instrument)
        found.append(Result(
            taken_at=row.taken_at, title=instrument.title, total=row.total, max_total=instrument.max_total,
            band=instrument.band_for(row.total).label if row.total is not None else "",
            change=change.words if change else "", item9_positive=row.instrument == "phq9" and bool(row.safety_signal),
            answers=tuple((item.text, instrument.option(value).label) for item, value in zip(instrument.items, row.answers)),
        ))
    return found


@dataclass(frozen=True)
class PlanStep:
    title: str
    lines: tuple[str, ...]


def safety_plan() -> list[PlanStep]:
    from glimmers.care import safety_plan as stored
    from glimmers.core.safety import safety_plan as rules

    plan = stored.load()
    return [PlanStep(step.title, plan.get(step.key)) for step in rules.steps() if plan.get(step.key)]


def _report_period(today: date | None) -> dict:
    """The clinician report's arguments: its default period, ending on the sharer's today."""
    from django.utils import timezone

    from glimmers.analysis import report

    today = today or _today()
    since, until = report.period(None, None, today=today)
    return {"since": since, "until": until, "today": today, "now": timezone.now(), "timezone": preferences.timezone_name()}


def clinician_report(today: date | None = None):
    """The clinician report over its default period, as on the person's own report page and PDF."""
    from glimmers.analysis import report

    return report.build(**_report_period(today))


def clinician_report_pdf(today: date | None = None) -> bytes:
    from glimmers.analysis import report

    return report.pdf(**_report_period(today))


# Scope key -> what gathers it.
GATHER = {
    "weekly_summary": weekly_summary,
    "checkin_ratings": checkin_ratings,
    "notes_and_glimmers": notes_and_glimmers,
    "screening": screening,
    "safety_plan": safety_plan,
    "clinician_report": clinician_report,
}


def gathered(scope_keys) -> dict[str, object]:
    """Each scope's content, by key (run as the sharer)."""
    return {key: GATHER[key]() for key in scope_keys}

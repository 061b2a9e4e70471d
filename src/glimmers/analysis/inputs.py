"""Reading the person's data into the plain inputs of the insights engine.

Everything is read in a few bulk queries and handed over as plain values:
check-ins as moments on the person's own local day and hour, day factors,
and day-level levers from the toolkit (an activity done, an exercise done,
a glimmer noted). Deleted entries (the trash) are left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

@dataclass
class Inputs:
    moments: list = field(default_factory=list)  # core.analysis.insights.series.Moment
    days: list = field(default_factory=list)  # core.analysis.insights.series.DayInput
    warning_signs: dict[str, int] = field(default_factory=dict)  # key -> days seen
    checkin_count: int = 0
    # every rated measure's check-ins as moments (the value in ``numbness``, on the measure's own
    # scale), and their daily means, by measure name; a measure never rated is absent
    rated: dict[str, list] = field(default_factory=dict)
    daily: dict[str, dict[date, float]] = field(default_factory=dict)
    entry_days: set[date] = field(default_factory=set)  # days with a check-in (rated or not) or a glimmer
    self_talk: list[tuple[date, str]] = field(default_factory=list)  # what the inner critic said, by day


def _zone(name: str, cache: dict) -> ZoneInfo:
    if name not in cache:
        cache[name] = ZoneInfo(name)
    return cache[name]


def gather(*, since: date | None = None, until: date | None = None) -> Inputs:
    from glimmers.core.analysis.insights.series import FACTORS, DayInput, Moment
    from glimmers.core.journal.measures import SCALES
    from glimmers.journal.models import CheckIn, DayFactors, Glimmer, Tag
    from glimmers.toolkit.models import Activity, ExerciseSession

    checkins = CheckIn.objects.filter(deleted_at__isnull=True)
    if since:
        checkins = checkins.filter(local_date__gte=since)
    if until:
        checkins = checkins.filter(local_date__lte=until)
    rows = list(checkins.values_list("id", "occurred_at", "timezone", "local_date", "numbness", "stress", "warning_signs",
                                     "mood", "energy", "self_talk"))
    tag_names = {pk: f"{category}:{name}" for pk, category, name in Tag.objects.values_list("id", "category", "name")}
    tags_by_checkin: dict[int, set[str]] = defaultdict(set)
    through = CheckIn.tags.through.objects.filter(checkin_id__in=checkins.values("id"))
    for checkin_id, tag_id in through.values_list("checkin_id", "tag_id"):
        tags_by_checkin[checkin_id].add(tag_names[tag_id])
    zones: dict[str, ZoneInfo] = {}
    result = Inputs(checkin_count=len(rows))
    ratings: dict[str, dict[date, list[int]]] = {name: defaultdict(list) for name in SCALES}
    signs: dict[str, set[date]] = defaultdict(set)
    for pk, moment, zone_name, day, numbness, stress_value, warning, mood, energy, critic in rows:
        result.entry_days.add(day)
        if critic.strip():
            result.self_talk.append((day, critic))
        for key in warning.split():
            signs[key].add(day)
        hour = moment.astimezone(_zone(zone_name, zones)).hour
        tags = frozenset(tags_by_checkin.get(pk, ()))
        for name, value in (("numbness", numbness), ("mood", mood), ("energy", energy), ("stress", stress_value)):
            if value is not None:
                ratings[name][day].append(value)
                result.rated.setdefault(name, []).append(Moment(day=day, hour=hour, numbness=float(value), tags=tags))
    result.moments = result.rated.get("numbness", [])
    result.daily = {name: {day: sum(values) / len(values) for day, values in sorted(by_day.items())}
                    for name, by_day in ratings.items() if by_day}
    glimmer_days = Glimmer.objects.filter(deleted_at__isnull=True)
    if since:
        glimmer_days = glimmer_days.filter(local_date__gte=since)
    if until:
        glimmer_days = glimmer_days.filter(local_date__lte=until)
    result.entry_days.update(glimmer_days.values_list("local_date", flat=True).distinct())
    result.warning_signs = {key: len(days) for key, days in signs.items()}

    levers: dict[date, dict[str, float]] = defaultdict(dict)
    factors = DayFactors.objects.all()
    if since:
        factors = factors.filter(day__gte=since)
    if until:
        factors = factors.filter(day__lte=until)
    for day, *values in factors.values_list("day", *FACTORS):
        levers[day].update({name: None if value is None else float(value) for name, value in zip(FACTORS, values)})
    active_days = {day for by_day in result.daily.values() for day in by_day}  # days with any rating
    marks = {
        "activity_done": {_local_day(done, tz, zones) for done, tz in Activity.objects.filter(done_at__isnull=False).values_list("done_at", "timezone")},
        "exercise_done": {_local_day(at, tz, zones) for at, tz in ExerciseSession.objects.filter(completed=True).values_list("started_at", "timezone")},
        "glimmer_logged": set(Glimmer.objects.filter(deleted_at__isnull=True).values_list("local_date", flat=True)),
    }
    for name, days_with in marks.items():
        if not days_with:
            continue  # never used: not a lever to test
        for day in active_days:
            levers[day][name] = 1.0 if day in days_with else 0.0
    result.days = [DayInput(day=day, factors=values) for day, values in sorted(levers.items())]
    return result


def _local_day(moment, zone_name: str, zones: dict) -> date:
    return moment.astimezone(_zone(zone_name, zones)).date()


def fingerprint() -> str:
    """A cheap summary of everything the insights read: when it changes, recompute.

    Counts and maxima alone miss edits (a rating changed, an entry moved in
    and out of the trash), and a clock that ran ahead can hide a newer stamp;
    so the sums of what is analysed and of which rows are live take part too.
    """
    import hashlib

    from django.db.models import Count, Max, Q, Sum

    from glimmers.care.models import MedicationEvent, ScreeningResult
    from glimmers.core.analysis.insights.series import FACTORS
    from glimmers.journal.models import CheckIn, DayFactors, Glimmer
    from glimmers.toolkit import models as toolkit

    live, gone = Q(deleted_at__isnull=True), Q(deleted_at__isnull=False)
    summaries = [
        CheckIn.objects.aggregate(
            n=Count("id"), stamp=Max("updated_at"), live=Sum("id", filter=live), gone=Sum("id", filter=gone),
            rated=Sum("numbness", filter=live), stressed=Sum("stress", filter=live),
            moods=Sum("mood", filter=live), energies=Sum("energy", filter=live),
            unrated=Sum("id", filter=live & Q(numbness__isnull=True)),
        ),
        # The link table has no owner of its own: the links of the person's own check-ins.
        CheckIn.tags.through.objects.filter(checkin_id__in=CheckIn.objects.values("id")).aggregate(
            n=Count("id"), tags=Sum("tag_id"), rows=Sum("checkin_id"),
        ),
        Glimmer.objects.aggregate(n=Count("id"), live=Sum("id", filter=live), gone=Sum("id", filter=gone), stamp=Max("updated_at")),
        DayFactors.objects.aggregate(
            n=Count("id"), stamp=Max("updated_at"),
            **{f"sum_{name}": Sum(name) for name in FACTORS},
        ),
        ScreeningResult.objects.aggregate(n=Count("id"), last=Max("id"), totals=Sum("total")),
        MedicationEvent.objects.aggregate(n=Count("id"), last=Max("id"), ids=Sum("id")),
        toolkit.Activity.objects.aggregate(n=Count("id"), ids=Sum("id"), done=Count("done_at"), p=Sum("actual_pleasure"),
                                           m=Sum("actual_mastery")),
        toolkit.ExerciseSession.objects.aggregate(n=Count("id"), ids=Sum("id"), done=Count("id", filter=Q(completed=True))),
        toolkit.Experiment.objects.aggregate(n=Count("id"), ids=Sum("id"), stopped=Count("stopped_on")),
        toolkit.AdherenceDay.objects.aggregate(n=Count("id"), ids=Sum("id"), yes=Count("id", filter=Q(answer="yes")),
                                               partly=Count("id", filter=Q(answer="partly"))),
        toolkit.PlanMark.objects.aggregate(n=Count("id"), ids=Sum("id")),
    ]
    return hashlib.sha256(repr(summaries).encode()).hexdigest()[:32]

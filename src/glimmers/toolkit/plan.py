"""Keeping the 14-day plan: which run is current, which day to show, and
what the person did. A plan day is recorded on the first thing done with it
(a cue marked, swapped or the day set aside), so looking never writes."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction

from glimmers.core.toolkit import plan as core_plan
from glimmers.core.errors import InvalidInput, NotFound
from glimmers.core.i18n import _
from glimmers.toolkit.models import Plan, PlanDay, PlanMark


def emphases_from_profile() -> tuple[str, ...]:
    """The plan emphases of the latest numbness profile, if there is one."""
    from glimmers.care import screening
    from glimmers.core.care import profile

    row = screening.latest("profile")
    if row is None:
        return ()
    try:
        return tuple(emphasis.key for emphasis in profile.profile(row.answers).emphases)
    except InvalidInput:  # a profile saved under older statements: plan without it
        return ()


def window_marks(today: date):
    """How often each window-of-tolerance answer was given on check-ins of the recent days."""
    from glimmers.core.toolkit import window
    from glimmers.journal.models import CheckIn

    first = today - timedelta(days=window.window().plan_days - 1)
    answers = CheckIn.objects.filter(deleted_at__isnull=True, local_date__gte=first, local_date__lte=today)
    answers = answers.exclude(tolerance_window="").values_list("local_date", "tolerance_window")
    return window.marks(answers, today=today)


def emphases_for_new_plan(today: date) -> tuple[str, ...]:
    """The profile's emphases, then those of an edge of the window marked often lately."""
    from glimmers.core.toolkit import window

    return tuple(dict.fromkeys((*emphases_from_profile(), *window.plan_emphases(window_marks(today)))))


def current() -> Plan | None:
    return Plan.objects.filter(ended_at__isnull=True).first()


def require_current() -> Plan:
    row = current()
    if row is None:
        raise NotFound(_("There is no plan yet. Start one with 'glimmers plan start' or on the Plan page."))
    return row


def start(*, now: datetime, today: date, seed: int | None = None) -> Plan:
    """Begin a new plan; a plan already running is closed, never deleted."""
    with transaction.atomic():
        Plan.objects.filter(ended_at__isnull=True).update(ended_at=now)
        return Plan.objects.create(
            uid=uuid.uuid4().hex,
            seed=secrets.randbits(31) if seed is None else seed,
            emphases=list(emphases_for_new_plan(today)),
            started_on=today,
            created_at=now,
        )


def built(row: Plan) -> core_plan.Plan:
    return core_plan.build_plan(row.seed, tuple(row.emphases))


def _states(row: Plan) -> list[core_plan.DayState]:
    days = row.days.all().prefetch_related("marks")
    return [core_plan.DayState(day.number, day.opened_on, len(day.marks.all()), day.skipped) for day in days]


@dataclass(frozen=True)
class CueView:
    slot: str
    cue: core_plan.Cue
    done: bool


@dataclass(frozen=True)
class Today:
    plan: Plan
    number: int | None  # None once all 14 days are behind the person
    cues: tuple[CueView, ...]
    skipped: bool
    summary: core_plan.Summary
    welcome_back: str | None
    emphases: tuple[str, ...]


def today(*, today: date, row: Plan | None = None) -> Today | None:
    row = row or current()
    if row is None:
        return None
    states = _states(row)
    number = core_plan.current_day(states, today)
    cues: list[CueView] = []
    skipped = False
    if number is not None:
        plan = built(row)
        planned = plan.days[number - 1]
        stored = row.days.filter(number=number).prefetch_related("marks").first()
        done = {mark.slot for mark in stored.marks.all()} if stored else set()
        chosen = stored.cues if stored else {}
        skipped = bool(stored and stored.skipped)
        for cue in planned.cues:
            shown = core_plan.cue(chosen[cue.slot]) if cue.slot in chosen else cue
            cues.append(CueView(cue.slot, shown, cue.slot in done))
    return Today(row, number, tuple(cues), skipped, core_plan.summary(states), core_plan.welcome_back(states, today), tuple(row.emphases))


def _open_day(row: Plan, today_date: date) -> PlanDay:
    number = core_plan.current_day(_states(row), today_date)
    if number is None:
        raise InvalidInput(_("All 14 days are behind you. Start a new plan whenever you like."))
    planned = built(row).days[number - 1]
    day, _created = PlanDay.objects.get_or_create(
        plan=row, number=number, defaults={"opened_on": today_date, "cues": {cue.slot: cue.key for cue in planned.cues}}
    )
    if day.opened_on != today_date and not day.marks.exists() and not day.skipped:
        day.opened_on = today_date  # a day that waited is picked up again today
        day.save(update_fields=["opened_on"])
    return day


def _slot(slot: str) -> str:
    slot = (slot or "").strip().lower()
    if slot not in core_plan.SLOTS:
        raise InvalidInput(_("Choose one of: %(slots)s.") % {"slots": ", ".join(core_plan.SLOTS)}, field="slot")
    return slot


def mark_done(slot: str, *, now: datetime, today: date, timezone: str) -> CueView:
    slot = _slot(slot)
    with transaction.atomic():
        row = require_current()
        day = _open_day(row, today)
        mark, _created = PlanMark.objects.get_or_create(
            day=day, slot=slot, defaults={"cue_key": day.cues[slot], "done_at": now, "timezone": timezone}
        )
        if day.skipped:
            day.skipped = False
            day.save(update_fields=["skipped"])
    return CueView(slot, core_plan.cue(mark.cue_key), True)


def undo(slot: str, *, today: date) -> bool:
    """Unmark today's cue; False when there was nothing to unmark."""
    slot = _slot(slot)
    row = require_current()
    number = core_plan.current_day(_states(row), today)
    removed, _details = PlanMark.objects.filter(day__plan=row, day__number=number, slot=slot).delete()
    return removed > 0


def swap(slot: str, *, today: date) -> core_plan.Cue:
    slot = _slot(slot)
    with transaction.atomic():
        row = require_current()
        day = _open_day(row, today)
        if day.marks.filter(slot=slot).exists():
            raise InvalidInput(_("That cue is already done today; there is nothing to swap."), field="slot")
        used = {key for other in row.days.all() for key in other.cues.values()}
        new = core_plan.swap(built(row), day.number, slot, already_used=used, attempt=day.swaps + 1)
        day.cues = {**day.cues, slot: new.key}
        day.swaps += 1
        day.save(update_fields=["cues", "swaps"])
    return new


def set_aside(*, today: date) -> int:
    """Skip today's plan day: it counts as rest, and tomorrow the next day comes."""
    with transaction.atomic():
        row = require_current()
        day = _open_day(row, today)
        day.skipped = True
        day.save(update_fields=["skipped"])
    return day.number


def stop(*, now: datetime) -> Plan:
    row = require_current()
    row.ended_at = now
    row.save(update_fields=["ended_at"])
    return row


def history(row: Plan | None = None) -> list[PlanDay]:
    row = row or require_current()
    return list(row.days.all().prefetch_related("marks"))

"""What goes into the person's calendar: the plan's coming cues, planned
activities and daily self-care reminders, turned into iCalendar by the core."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from glimmers.core.transfer import calendar_export
from glimmers.core.i18n import _
from glimmers.core.when import localise, zone

# The plan's cue of the day arrives in the morning, gently.
PLAN_CUE_TIME = time(9, 30)
ACTIVITY_ALARM_MINUTES = 15
FEED_SECRET = "calendar_token"


def _plan_reminders(today: date, zone_name: str, days: int) -> list[calendar_export.Reminder]:
    from glimmers.core.toolkit import plan as core_plan
    from glimmers.toolkit import plan as stored

    view = stored.today(today=today)
    if view is None or view.number is None:
        return []
    built = stored.built(view.plan)
    reminders = []
    tz = zone(zone_name)
    # Day N is today; the days after it are shown on the following dates. A
    # missed day simply shifts the rest, which the next export picks up.
    for offset, number in enumerate(range(view.number, core_plan.PLAN_DAYS + 1)):
        if offset >= days:
            break
        cues = view.cues if offset == 0 else [stored.CueView(c.slot, c, False) for c in built.days[number - 1].cues]
        lines = [f"- {item.cue.text}" for item in cues]
        reminders.append(
            calendar_export.Reminder(
                uid=f"plan-{view.plan.uid}-day-{number}@glimmers.local",
                title=_("glimmers plan, day %(n)d") % {"n": number},
                start=localise(today + timedelta(days=offset), PLAN_CUE_TIME, tz),
                minutes=15,
                description=_("Four small cues; any one is enough.") + "\n" + "\n".join(lines),
                alarm_minutes_before=0,
            )
        )
    return reminders


def titles_shown() -> bool:
    """Whether activity titles go into calendar files (the person's setting)."""
    from glimmers import preferences

    return preferences.calendar_titles_shown()


def _activity_reminders(now: datetime, days: int, *, titles: bool) -> list[calendar_export.Reminder]:
    from glimmers.core.toolkit import activation
    from glimmers.toolkit import activities

    reminders = []
    for row in activities.upcoming(now):
        if row.scheduled_for > now + timedelta(days=days):
            continue
        predicted = []
        if row.predicted_pleasure is not None:
            predicted.append(_("pleasure %(n)d") % {"n": row.predicted_pleasure})
        if row.predicted_mastery is not None:
            predicted.append(_("mastery %(n)d") % {"n": row.predicted_mastery})
        if row.predicted_dread is not None:
            predicted.append(_("how hard %(n)d") % {"n": row.predicted_dread})
        description = activation.category_label(row.category)
        if predicted:
            description += "\n" + _("Your guess beforehand: %(guess)s. Afterwards, rate how it went.") % {"guess": ", ".join(predicted)}
        reminders.append(
            calendar_export.Reminder(
                uid=f"activity-{row.uid}@glimmers.local",
                title=row.title if titles else _("Planned activity (glimmers)"),
                start=row.scheduled_for,
                minutes=30,
                description=description,
                alarm_minutes_before=ACTIVITY_ALARM_MINUTES,
            )
        )
    return reminders


def build(
    *, now: datetime, zone_name: str, days: int = 14, self_care: bool = True, plan: bool = True,
    activities: bool = True, titles: bool | None = None,
) -> bytes:
    """The calendar; ``titles=None`` follows the person's setting."""
    titles = titles_shown() if titles is None else titles
    tz = zone(zone_name)
    today = now.astimezone(tz).date()
    reminders: list[calendar_export.Reminder] = []
    if plan:
        reminders += _plan_reminders(today, zone_name, days)
    if activities:
        reminders += _activity_reminders(now, days, titles=titles)
    if self_care:
        reminders += calendar_export.self_care_reminders(zone_name, start_day=today, days=days)
    return calendar_export.build_calendar(reminders, zone_name=zone_name, now=now)


def feed_key(*, rotate: bool = False) -> str:
    """The key in the feed's address; ``rotate`` makes a new one and the old address stops working."""
    from glimmers import preferences

    return preferences.feed_key(rotate=rotate)

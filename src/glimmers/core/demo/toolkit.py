"""The demo's reconnection toolkit: a plan under way, values, activities whose
ratings come out above the predictions (as they often do), a few guided
exercises, tiny goals, pleasures tried, and a lever experiment with its
week schedule drawn from a seed and a daily yes / partly / no.

Rows are the typed plain records of ``core.toolkit.toolkit_records``, so the demo
goes through the same checks as an import. The same seed gives the same rows.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Sequence
from zoneinfo import ZoneInfo

from glimmers.core.toolkit import exercises, experiments, plan, pleasures, toolkit_records
from glimmers.core.content import ContentError
from glimmers.core.when import localise

# On average the invented person expects about two points less pleasure
# than activities then bring: the gap behavioural activation shows.
PREDICTION_SHORTFALL = 2.0
PLAN_DAYS_AGO = 9
EXPERIMENT_WEEKS_AGO = 5


def _uid(rng: random.Random) -> str:
    return uuid.UUID(int=rng.getrandbits(128)).hex


def _at(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    return localise(day, time(hour, minute), tz).astimezone(UTC)


def _phrases(table: object) -> dict:
    """The ``[toolkit]`` table of demo.toml, checked."""
    if not isinstance(table, dict) or not all(table.get(key) for key in ("values", "activities", "glimmers")):
        raise ContentError("demo.toml: [toolkit] needs values, activities and glimmers")
    return table


def _clamp(value: float) -> int:
    return max(0, min(10, round(value)))


def generate(
    rng: random.Random, days: Sequence[date], tz: ZoneInfo, *, end: date, lift_on: set[date], phrases: object
) -> dict[str, list[dict]]:
    """Toolkit rows for the demo days ending on ``end``. ``lift_on`` are the
    days the simulated person was lighter (used to make ratings plausible);
    ``phrases`` is the ``[toolkit]`` table of demo.toml, which the caller read."""
    words = _phrases(phrases)
    toolkit = toolkit_records.empty()
    day_set = set(days)
    toolkit["values"] = [{"name": name, "action": action, "position": i} for i, (name, action) in enumerate(words["values"])]

    # A plan begun nine days ago; some days a cue or two, a rest day, a gap.
    start = end - timedelta(days=PLAN_DAYS_AGO)
    seed = rng.getrandbits(31)
    built = plan.build_plan(seed, ("body_awareness", "notice_glimmers"))
    plan_uid = _uid(rng)
    created = _at(start, 9, 0, tz)
    toolkit["plans"].append({"uid": plan_uid, "seed": seed, "emphases": ["body_awareness", "notice_glimmers"],
                             "started_on": start, "created_at": created, "ended_at": None})
    number = 1
    for offset in range(PLAN_DAYS_AGO + 1):
        day = start + timedelta(days=offset)
        if rng.random() < 0.25 and offset < PLAN_DAYS_AGO:
            continue  # a day without the plan: it simply waits
        planned = built.days[number - 1]
        skipped = rng.random() < 0.1
        toolkit["plan_days"].append({"plan_uid": plan_uid, "number": number, "opened_on": day, "skipped": skipped,
                                     "cues": {cue.slot: cue.key for cue in planned.cues}, "swaps": 0})
        if not skipped:
            for cue in rng.sample(planned.cues, rng.randint(1, 3)):
                toolkit["plan_marks"].append({"plan_uid": plan_uid, "number": number, "slot": cue.slot, "cue_key": cue.key,
                                              "done_at": _at(day, rng.randint(8, 20), rng.randrange(60), tz),
                                              "timezone": tz.key})
        if offset < PLAN_DAYS_AGO:
            number += 1
        if number > plan.PLAN_DAYS:
            break

    # Activities over the last two months, predicted low and rated higher.
    for day in sorted(day_set)[-60:]:
        if rng.random() > 0.35:
            continue
        title, category = rng.choice(words["activities"])
        when = _at(day, rng.choice((10, 12, 17, 18)), rng.choice((0, 30)), tz)
        predicted_pleasure = _clamp(rng.gauss(3, 1.5))
        predicted_mastery = _clamp(rng.gauss(3.5, 1.5))
        lift = 1.0 if day in lift_on else 0.0
        done = day < end or rng.random() < 0.5
        # Dread guessed high and found lower, drawn apart so the other figures stay as they were.
        dread = random.Random(f"dread:{day.isoformat()}")
        predicted_dread = _clamp(dread.gauss(6, 1.5))
        toolkit["activities"].append({
            "uid": _uid(rng), "title": title, "category": category, "value": "", "scheduled_for": when, "timezone": tz.key,
            "predicted_pleasure": predicted_pleasure, "predicted_mastery": predicted_mastery,
            "actual_pleasure": _clamp(predicted_pleasure + PREDICTION_SHORTFALL + lift + rng.gauss(0, 1.5)) if done else None,
            "actual_mastery": _clamp(predicted_mastery + 1.5 + rng.gauss(0, 1.5)) if done else None,
            "predicted_dread": predicted_dread,
            "actual_dread": _clamp(predicted_dread - 2 + dread.gauss(0, 1.5)) if done else None,
            "glimmer": rng.choice(words["glimmers"]) if done and rng.random() < 0.3 else "",
            "done_at": when + timedelta(hours=1) if done else None, "created_at": when - timedelta(days=1),
        })

    # Guided exercises, now and then; one stopped part-way.
    for day in sorted(day_set)[-45:]:
        if rng.random() > 0.15:
            continue
        chosen = exercises.exercise(rng.choice(("box_breathing", "five_breaths", "senses_54321")))
        steps = chosen.steps_total
        before = rng.randint(4, 8)
        completed = rng.random() > 0.15
        toolkit["exercise_sessions"].append({
            "uid": _uid(rng), "exercise_key": chosen.key, "started_at": _at(day, 21, rng.randrange(60), tz), "timezone": tz.key,
            "active_seconds": chosen.total_seconds if completed else chosen.total_seconds // 3, "completed": completed,
            "steps_done": steps if completed else steps // 3,
            "steps_total": steps, "numbness_before": before,
            "numbness_after": max(0, before - rng.choice((0, 1, 1, 2))) if completed else None,
            "shift": rng.choice(("none", "little", "little", "noticeable")) if completed else "",
        })

    # Tiny goals on recent days, and pleasures tried.
    for day in sorted(day_set)[-7:]:
        toolkit["goals"].append({"uid": _uid(rng), "day": day, "kind": "goal", "text": "Open the curtains.",
                                 "done_at": _at(day, 8, 15, tz) if rng.random() < 0.8 else None, "created_at": _at(day, 8, 0, tz)})
    library = pleasures.pleasures()
    for day in sorted(day_set)[-30:]:
        if rng.random() < 0.2:
            toolkit["pleasure_tries"].append({"uid": _uid(rng), "pleasure_key": rng.choice(library).key,
                                              "tried_at": _at(day, 16, rng.randrange(60), tz), "timezone": tz.key,
                                              "shift": rng.choice(("none", "little", "little", "noticeable")), "note": ""})

    # A daylight-walk experiment, alternating weeks, five weeks in.
    monday = end - timedelta(days=end.weekday() + 7 * EXPERIMENT_WEEKS_AGO)
    design = experiments.plan_alternating(experiments.lever("daylight_walk"), monday, seed=rng.getrandbits(31))
    experiment_uid = _uid(rng)
    toolkit["experiments"].append({
        "uid": experiment_uid, "lever_key": design.lever.key, "lever_name": design.lever.name, "design": design.design,
        "start": design.start, "end": design.end, "weeks": design.weeks, "on_weeks": design.on_weeks, "seed": design.seed,
        "schedule": list(design.schedule), "baseline_days": None, "change_days": None, "stopped_on": None,
        "created_at": _at(monday - timedelta(days=1), 19, 0, tz),
    })
    for day, phase in design.days():
        if day > end or day not in day_set or rng.random() < 0.15:
            continue
        followed = rng.random() < (0.8 if phase == "on" else 0.15)
        answer = "yes" if followed else rng.choice(("no", "no", "partly"))
        toolkit["adherence"].append({"experiment_uid": experiment_uid, "day": day, "answer": answer, "note": ""})
    return toolkit

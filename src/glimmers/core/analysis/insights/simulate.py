"""Simulated people with known truth, to prove the insights keep their promises.

Each person's days drift as an AR(1) process (phi between 0.3 and 0.6, the
range that made naive tests give 14-29% false positives), about one day in
eight is missed, and there are several check-ins on most days, rated as
whole numbers 0-10. Two effects are planted, in units of the daily SD:
short sleep (< 6 hours the night before) raises the whole day, and the tag
"doing:walk" lowers the check-in it is on. Everything else is null: at
least 20 tags, alcohol, cannabis, screen time, daylight, movement, caffeine,
the three levers, the weekdays, the times of day and sleep after numbness. ``Truth``
lists which finding keys are planted and which are null.

This module is for tests and the benchmark; the app never calls it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping

from glimmers.core.analysis.insights.daily import PREDICTORS
from glimmers.core.analysis.insights.series import DayInput, Moment

BASELINE = 5.0
WALK_TAG = "doing:walk"
CHECKINS = ((1, 2, 3, 4, 5), (0.15, 0.3, 0.3, 0.15, 0.1))
NULL_CATEGORIES = ("where", "who", "doing", "other")
# Sleep is the planted factor: its short-night test carries the effect and
# its per-hour test moves with it (see Truth).
SLEEP_KEYS = ("factor:sleep_hours:short", "factor:sleep_hours")
# Null keys that exist whatever the options: they are computed for everyone.
NULL_FIXED = (
    *(predictor.key for predictor in PREDICTORS if predictor.key not in SLEEP_KEYS),
    "lag:sleep_hours",
    "weekday:mon", "weekday:tue", "weekday:wed", "weekday:thu", "weekday:fri", "weekday:sat", "weekday:sun",
    "hour:morning", "hour:afternoon", "hour:evening", "hour:night",
)


@dataclass(frozen=True)
class Truth:
    """What was planted: effects in points by finding key, and the keys with no effect.

    ``factor:sleep_hours`` (per hour) is neither: the planted short-sleep step
    moves it, but by no single per-hour amount.
    """

    planted: Mapping[str, float]
    nulls: frozenset[str]
    phi: float
    sd: float  # SD of the daily drift: "1 SD" effects are this many points


@dataclass(frozen=True)
class Person:
    """A simulated journal in the engine's own input types, with its truth."""

    moments: tuple[Moment, ...]
    days: tuple[DayInput, ...]
    truth: Truth
    today: date


def null_tag_names(count: int) -> list[str]:
    """Names of the null tags, spread over the usual categories."""
    return [f"{NULL_CATEGORIES[i % len(NULL_CATEGORIES)]}:null{i:02d}" for i in range(count)]


def simulate_person(
    seed: int,
    n_days: int = 120,
    *,
    effect_sd: float = 1.0,
    phi: float | None = None,
    sd: float = 1.0,
    null_tags: int = 20,
    checkins: tuple[tuple[int, ...], tuple[float, ...]] = CHECKINS,
    missing: float = 1 / 8,
    today: date = date(2026, 11, 20),
    monday_sd: float = 0.0,
    alcohol_sd: float = 0.0,
) -> Person:
    """One simulated person's journal ending on ``today``; same seed, same journal.

    ``effect_sd`` sizes both planted effects in units of ``sd`` (the SD of the
    daily drift); ``phi`` is drawn from 0.3-0.6 unless given; ``checkins`` are
    the possible check-ins per recorded day and their weights; ``missing`` is
    the chance a day has no check-ins. Tags other than the planted one are on
    each check-in independently, each with its own rate of 5-35%.
    ``monday_sd`` plants a Monday effect (in units of ``sd``) on top; it draws
    no random numbers, so the journals without it are unchanged.
    ``alcohol_sd`` plants an effect of drinking the evening before on the
    next day; its evenings come from a random stream of their own, so the
    journals without it are unchanged too.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    phi = float(rng.uniform(0.3, 0.6)) if phi is None else phi
    effect = effect_sd * sd
    drift = np.zeros(n_days)
    drift[0] = rng.normal(0, sd)
    shocks = rng.normal(0, sd * np.sqrt(1 - phi**2), n_days)
    for d in range(1, n_days):
        drift[d] = phi * drift[d - 1] + shocks[d]
    sleep = np.round(np.clip(rng.normal(6.9, 1.0, n_days), 3.5, 10), 1)
    start = today - timedelta(days=n_days - 1)
    mondays = (np.arange(n_days) + start.weekday()) % 7 == 0
    level = BASELINE + drift + effect * (sleep < 6) + monday_sd * sd * mondays
    drinks = None
    if alcohol_sd:
        own = np.random.default_rng([seed, 7])
        drinks = np.where(own.random(n_days) < 0.2, own.integers(1, 6, n_days), 0)
        level[1:] += alcohol_sd * sd * (drinks[:-1] > 0)  # the evening before
    present = rng.random(n_days) >= missing
    present[-1] = True
    tags = null_tag_names(null_tags)
    prevalence = rng.uniform(0.05, 0.35, len(tags))
    counts = np.where(present, rng.choice(checkins[0], size=n_days, p=np.asarray(checkins[1]) / sum(checkins[1])), 0)
    n_moments = int(counts.sum())
    day_of = np.repeat(np.arange(n_days), counts)
    walk = rng.random(n_moments) < 0.15
    tagged = rng.random((n_moments, len(tags))) < prevalence
    hours = rng.choice(np.r_[7:22, 22, 23, 0], size=n_moments)
    value = level[day_of] + rng.normal(0, 0.7 * sd, n_moments) - effect * walk
    rating = np.clip(np.round(value), 0, 10)
    calendar = [start + timedelta(days=d) for d in range(n_days)]
    tag_array = np.array(tags, dtype=object)
    moments = tuple(
        Moment(calendar[d], int(h), float(r), frozenset([*tag_array[row]] + ([WALK_TAG] if w else [])))
        for d, h, r, row, w in zip(day_of.tolist(), hours.tolist(), rating.tolist(), tagged, walk.tolist())
    )
    days = tuple(_day_inputs(rng, calendar, sleep, present))
    if drinks is not None:
        day_index = {day: i for i, day in enumerate(calendar)}
        days = tuple(DayInput(d.day, {**d.factors, "alcohol_units": float(drinks[day_index[d.day]])}) for d in days)
    nulls = frozenset(NULL_FIXED) | {f"tag:{name}" for name in tags}
    planted = {"factor:sleep_hours:short": effect, f"tag:{WALK_TAG}": -effect}
    if alcohol_sd:
        # the any-drink test carries the effect; the per-unit test moves with it by no single amount
        planted["factor:alcohol_units:any"] = alcohol_sd * sd
        nulls = nulls - {"factor:alcohol_units:any", "factor:alcohol_units"}
    if monday_sd:
        # a heavier (or lighter) Monday; each other day then differs from "the other days" by a
        # sixth of it at most, too little to count as an effect of its own, so they stay nulls
        planted["weekday:mon"] = monday_sd * sd
        nulls = nulls - {"weekday:mon"}
    return Person(moments, days, Truth(planted, nulls, phi, sd), today)


def _day_inputs(rng, calendar: list[date], sleep, present) -> list[DayInput]:
    """Factors and levers, independent of numbness; sometimes blank, mostly on missed days."""
    import numpy as np

    n = len(calendar)
    drinks = rng.random(n) < 0.2
    columns = {
        "sleep_hours": sleep,
        "alcohol_units": drinks * rng.integers(1, 6, n),
        "cannabis_uses": (rng.random(n) < 0.05).astype(float),
        "late_screen_minutes": 5 * np.round(np.clip(rng.normal(40, 30, n), 0, 240) / 5),
        "daylight_minutes": rng.integers(5, 91, n).astype(float),
        "movement_minutes": rng.integers(0, 61, n).astype(float),
        "activity_done": (rng.random(n) < 0.4).astype(float),
        "exercise_done": (rng.random(n) < 0.3).astype(float),
        "glimmer_logged": (rng.random(n) < 0.5).astype(float),
    }
    recorded = np.where(present, rng.random(n) < 0.93, rng.random(n) < 0.35)
    blank = rng.random((n, len(columns))) < 0.05
    # Caffeine is drawn after everything else, so adding it left every
    # earlier draw, and so every earlier simulated person, as it was.
    caffeine = np.round(np.clip(rng.gamma(2.0, 1.0, n), 0, 12), 1)
    caffeine_blank = rng.random(n) < 0.05
    result = []
    for d in np.flatnonzero(recorded).tolist():
        factors = {name: None if blank[d, i] else float(values[d]) for i, (name, values) in enumerate(columns.items())}
        factors["caffeine_cups"] = None if caffeine_blank[d] else float(caffeine[d])
        result.append(DayInput(calendar[d], factors))
    return result



@dataclass(frozen=True)
class Score:
    """How one analysis of a simulated person did against the truth."""

    null_tested: int  # null keys present in the analysis
    null_shown: int  # of those, labelled pattern or early hint
    null_tag_tested: int
    null_tag_shown: int
    shown: int  # all findings labelled pattern or early hint
    found: Mapping[str, bool]  # planted key -> shown, in the planted direction


def score(findings, truth: Truth) -> Score:
    """Count false findings among the nulls and hits among the planted effects."""
    by_key = {f.key: f for f in findings}
    nulls = [by_key[key] for key in truth.nulls if key in by_key]
    tags = [f for f in nulls if f.key.startswith("tag:")]
    found = {
        key: key in by_key and by_key[key].shown and by_key[key].effect * effect > 0
        for key, effect in truth.planted.items()
    }
    return Score(
        null_tested=len(nulls),
        null_shown=sum(f.shown for f in nulls),
        null_tag_tested=len(tags),
        null_tag_shown=sum(f.shown for f in tags),
        shown=sum(f.shown for f in findings),
        found=found,
    )

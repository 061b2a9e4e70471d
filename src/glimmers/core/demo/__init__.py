"""A made-up journal for the demo: months of an invented person slowly thawing.

``generate`` writes check-ins, glimmers and daily factors a newcomer can explore
before they have data of their own. The same seed always gives the same journal.

Numbness drifts from day to day (an AR(1) process around a baseline of about 6),
eases gently over the months and has one rough patch. The person checks in 1-4
times on most days, misses about one day in eight and has a few longer gaps.
Planted patterns (``PLANTED``) give an insights engine something true to find:
short sleep weighs on the day after the night, alcohol on the next day, meetings weigh on that
check-in, walks outdoors lift it, weekends are lighter, Sunday evenings heavier.
The levers are drawn independently of each other and of numbness, so the
planted effects are the ground truth. A day's ``sleep_hours`` is last night's
sleep, as the person records it in the morning.

Every phrase and tag comes from ``content/demo.toml``. Every record is built
through the same validators as a person's own entries, with ``source="demo"``.
"""

from __future__ import annotations

import random
import tomllib
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import NamedTuple, Sequence
from zoneinfo import ZoneInfo

from glimmers.core import content, limits
from glimmers.core.demo import toolkit as demo_toolkit
from glimmers.core.journal import measures
from glimmers.core.toolkit import toolkit_records
from glimmers.core.transfer.bundle import Bundle
from glimmers.core.content import ContentError
from glimmers.core.journal.entries import validate_checkin, validate_day, validate_glimmer
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _
from glimmers.core.when import localise, zone

SCHEMA = "glimmers.demo/1"
MAX_DAYS = 3660
NOTE_LEVELS = ("low", "mid", "high")  # numbness 0-3, 4-6, 7-10
GLIMMER_SOURCES = ("general", "walk", "music", "cooking", "sunlight")
SHORT_SLEEP_HOURS = 6


@dataclass(frozen=True)
class Planted:
    """The effects built into the demo, in numbness points (0-10)."""

    short_sleep: float = 1.2  # last night's sleep under SHORT_SLEEP_HOURS weighs on the day
    alcohol_next_day: float = 0.7  # any alcohol in the evening, then the next day
    meeting: float = 0.8  # a check-in tagged doing:meeting, against the day's level
    walk_outdoors: float = -1.0  # a check-in tagged doing:walk and where:outdoors
    weekend: float = -0.4  # Saturdays and Sundays
    sunday_evening: float = 0.7  # evening check-ins on Sundays


PLANTED = Planted()
BASELINE = 6.2
EASING_PER_DAY = 0.004  # about 1.5 points over a year
EASING_MAX = 2.0
INERTIA = 0.6  # AR(1) coefficient of the day-to-day drift
DAY_NOISE = 0.8
MOMENT_NOISE = 0.6


# --- content: phrases and scenes ----------------------------------------------


class Slot(NamedTuple):
    name: str
    start: int  # minutes after local midnight
    end: int
    weight: int  # how often the person checks in then


SLOTS = (
    Slot("morning", 7 * 60, 10 * 60, 8),
    Slot("midday", 11 * 60 + 30, 14 * 60 + 30, 6),
    Slot("afternoon", 15 * 60, 18 * 60, 4),
    Slot("evening", 18 * 60 + 30, 22 * 60 + 30, 9),
)
CHECKINS_PER_DAY = ((1, 2, 3, 4), (20, 35, 30, 15))
GLIMMER_CHANCE = {"walk": 0.7, "music": 0.5, "cooking": 0.5, "sunlight": 0.45, "general": 0.5}
GLIMMER_TAGS = {"walk": ("doing:walk", "where:outdoors"), "music": ("doing:music",), "cooking": ("doing:cooking",)}
GLIMMER_TAGS |= {"sunlight": ("other:sunlight",), "general": ()}


class Scene(NamedTuple):
    where: str
    who: str
    doing: str
    slots: tuple[str, ...]
    days: str  # "work" (Monday-Friday), "rest" (weekend) or "any"
    weight: int


@dataclass(frozen=True)
class DemoPhrases:
    notes: dict[str, tuple[str, ...]]  # keyed by NOTE_LEVELS
    self_talk: tuple[str, ...]
    glimmer_text: dict[str, tuple[str, ...]]  # keyed by GLIMMER_SOURCES
    preceded_by: dict[str, tuple[str, ...]]  # keyed by GLIMMER_SOURCES
    body_signals: tuple[str, ...]


@lru_cache(maxsize=None)
def _demo_file() -> dict:
    data = tomllib.loads(resources.files("glimmers.content").joinpath("demo.toml").read_text(encoding="utf-8"))
    if data.get("schema") != SCHEMA:
        raise ContentError(f"demo.toml: expected schema {SCHEMA!r}, found {data.get('schema')!r}")
    try:
        date.fromisoformat(data["last_reviewed"])
    except (KeyError, TypeError, ValueError):
        raise ContentError("demo.toml: last_reviewed must be a YYYY-MM-DD date") from None
    return data


def _bank(table: str, keys: Sequence[str], maximum: int) -> dict[str, tuple[str, ...]]:
    rows = _demo_file().get(table)
    if not isinstance(rows, dict):
        raise ContentError(f"demo.toml: missing table [{table}]")
    bank = {}
    for key in keys:
        phrases = rows.get(key)
        if not isinstance(phrases, list) or not phrases:
            raise ContentError(f"demo.toml: [{table}] {key} must be a non-empty list")
        if not all(isinstance(p, str) and p.strip() and len(p) <= maximum for p in phrases):
            raise ContentError(f"demo.toml: [{table}] {key} has a blank, non-text or over-long phrase")
        bank[key] = tuple(phrases)
    return bank


@lru_cache(maxsize=None)
def demo_phrases() -> DemoPhrases:
    """The phrase banks of ``content/demo.toml``, checked; a broken file fails loudly."""
    return DemoPhrases(
        notes=_bank("notes", NOTE_LEVELS, limits.NOTE_MAX),
        self_talk=_bank("self_talk", ("lines",), limits.SELF_TALK_MAX)["lines"],
        glimmer_text=_bank("glimmer_text", GLIMMER_SOURCES, limits.GLIMMER_TEXT_MAX),
        preceded_by=_bank("preceded_by", GLIMMER_SOURCES, limits.PRECEDED_BY_MAX),
        body_signals=_bank("tags", ("body",), limits.TAG_NAME_MAX)["body"],
    )


def _fitting(scenes: Sequence[Scene], slot: str, weekend: bool) -> list[Scene]:
    kinds = ("any", "rest" if weekend else "work")
    return [scene for scene in scenes if slot in scene.slots and scene.days in kinds and scene.doing != "walk"]


@lru_cache(maxsize=None)
def demo_scenes() -> tuple[Scene, ...]:
    """The where / who / doing scenes of ``content/demo.toml``, checked to fill every part of the week."""
    try:
        scenes = tuple(
            Scene(row["where"], row["who"], row["doing"], tuple(row["when"]), row["days"], int(row["weight"]))
            for row in _demo_file()["tags"]["scenes"]
        )
    except (KeyError, TypeError, ValueError):
        raise ContentError("demo.toml: every scene needs where, who, doing, when, days and a weight") from None
    names = {slot.name for slot in SLOTS}
    for scene in scenes:
        if not set(scene.slots) <= names or scene.days not in ("work", "rest", "any") or scene.weight < 1:
            raise ContentError(f"demo.toml: scene {scene} has an unknown time or day kind, or no weight")
        if scene.doing == "walk" and (scene.where != "outdoors" or set(scene.slots) != names):
            raise ContentError("demo.toml: walks are outdoors and fit any time of day")
    if not any(scene.doing == "walk" for scene in scenes):
        raise ContentError("demo.toml: the demo needs at least one walk scene")
    if not all(_fitting(scenes, name, weekend) for name in names for weekend in (False, True)):
        raise ContentError("demo.toml: some time of day has no scene on work days or at the weekend")
    return scenes


# --- the life underneath ------------------------------------------------------


@dataclass
class Day:
    """One day of the invented person's life, recorded or not."""

    day: date
    active: bool  # checked in at least once
    walked: bool
    sleep_hours: Decimal  # last night, before this day
    alcohol_units: Decimal  # this evening
    cannabis_uses: int
    wake_time: time
    level: float = 0.0  # the day's numbness before momentary effects
    late_screen_minutes: int = 0
    daylight_minutes: int = 0
    movement_minutes: int = 0
    caffeine_cups: Decimal | None = None  # the demo person does not count cups

    @property
    def weekend(self) -> bool:
        return self.day.weekday() >= 5


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _rating(value: float, low: int, high: int) -> int:
    return int(_clamp(round(value), low, high))


def _to_five(minutes: float) -> int:
    return int(5 * round(max(0.0, minutes) / 5))


def _missed_days(rng: random.Random, count: int) -> set[int]:
    """Indexes of days without check-ins: a few longer gaps, then scattered days."""
    missed: set[int] = set()
    if count >= 60:
        for _gap in range(max(1, count // 120)):
            length = rng.randint(3, 6)
            start = rng.randint(2, count - length - 3)
            missed.update(range(start, start + length))
    kept = {0, count - 2, count - 1}  # the demo opens and ends on recorded days
    target = round(count * rng.uniform(0.11, 0.15))
    while len(missed) < target:
        index = rng.randrange(count)
        if index not in kept:
            missed.add(index)
    return missed


def _rough_patch(rng: random.Random, count: int) -> list[float]:
    """Extra numbness per day: a bump of two or three weeks after the first third."""
    bumps = [0.0] * count
    if count >= 90:
        start, length = rng.randint(count // 3, count - 30), rng.randint(14, 21)
        for offset in range(length):
            bumps[start + offset] = 1.2 * (1 - abs(2 * (offset + 0.5) / length - 1))
    return bumps


def _levers(rng: random.Random, day: date, active: bool) -> Day:
    friday_or_saturday, weekend = day.weekday() in (4, 5), day.weekday() >= 5
    drinks = rng.random() < (0.4 if friday_or_saturday else 0.12)
    wake = rng.gauss(8 * 60 + 30, 40) if weekend else rng.gauss(7 * 60 + 5, 20)
    wake_minutes = _to_five(_clamp(wake, 5 * 60 + 30, 11 * 60))
    return Day(
        day=day,
        active=active,
        walked=rng.random() < (0.5 if weekend else 0.3),
        sleep_hours=Decimal(f"{_clamp(rng.gauss(6.8 + 0.4 * weekend, 1.0), 3.5, 10.0):.1f}"),  # lie-ins
        alcohol_units=Decimal(rng.choice(("1", "1.5", "2", "2.5", "3", "4", "5")) if drinks else "0"),
        cannabis_uses=int(rng.random() < 0.04),
        wake_time=time(wake_minutes // 60, wake_minutes % 60),
    )


def simulate(rng: random.Random, dates: Sequence[date]) -> list[Day]:
    """The invented person's days: levers first, then the numbness they lead to."""
    missed, bumps = _missed_days(rng, len(dates)), _rough_patch(rng, len(dates))
    drift = 0.0
    days: list[Day] = []
    for index, day in enumerate(dates):
        life = _levers(rng, day, active=index not in missed)
        drift = INERTIA * drift + rng.gauss(0, DAY_NOISE)
        life.level = BASELINE - min(EASING_MAX, EASING_PER_DAY * index) + drift + bumps[index]
        life.level += PLANTED.weekend if life.weekend else 0.0
        if life.sleep_hours < SHORT_SLEEP_HOURS:
            life.level += PLANTED.short_sleep
        if days and days[-1].alcohol_units > 0:
            life.level += PLANTED.alcohol_next_day
        life.late_screen_minutes = _to_five(_clamp(rng.gauss(15 + 18 * (life.level - 4), 25), 0, 240))
        life.daylight_minutes = rng.randint(35, 90) if life.walked else rng.randint(5, 40) + 10 * life.weekend
        life.movement_minutes = _to_five(rng.randint(20, 60) if life.walked else rng.randint(0, 20))
        days.append(life)
    return days


# --- records ------------------------------------------------------------------


def local_moment(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """Minutes after local midnight as a UTC instant, nudged an hour out of a DST gap."""
    minutes = int(_clamp(minutes, 0, 24 * 60 - 1))
    try:
        return localise(day, time(minutes // 60, minutes % 60), tz).astimezone(UTC)
    except InvalidInput:
        minutes += 60 if minutes < 23 * 60 else -60
        return localise(day, time(minutes // 60, minutes % 60), tz).astimezone(UTC)


def _stamps(rng: random.Random, moment: datetime) -> dict:
    uid = uuid.UUID(int=rng.getrandbits(128), version=4).hex
    return {"source": "demo", "uid": uid, "created_at": moment, "updated_at": moment, "deleted_at": None}


def _pick_slots(rng: random.Random, count: int) -> list[Slot]:
    chosen: set[Slot] = set()
    while len(chosen) < count:
        chosen.add(rng.choices(SLOTS, weights=[slot.weight for slot in SLOTS])[0])
    return sorted(chosen, key=SLOTS.index)


def _pick_scene(rng: random.Random, life: Day, slot: Slot, walk: bool) -> Scene:
    scenes = demo_scenes()
    fitting = [s for s in scenes if s.doing == "walk"] if walk else _fitting(scenes, slot.name, life.weekend)
    return rng.choices(fitting, weights=[scene.weight for scene in fitting])[0]


def _moment_numbness(rng: random.Random, life: Day, slot: Slot, scene: Scene) -> int:
    value = life.level + rng.gauss(0, MOMENT_NOISE)
    value += PLANTED.meeting if scene.doing == "meeting" else 0.0
    value += PLANTED.walk_outdoors if scene.doing == "walk" else 0.0
    if life.day.weekday() == 6 and slot.name == "evening":
        value += PLANTED.sunday_evening
    return _rating(value, 0, 10)


def _some(rng: random.Random, chance: float, choices: Sequence[str | content.Choice]) -> list[str]:
    """Now and then one or two of the choices; keys when given content choices."""
    if rng.random() >= chance:
        return []
    keys = [getattr(choice, "key", choice) for choice in choices]
    return rng.sample(keys, k=min(len(keys), rng.randint(1, 2)))


def _words(rng: random.Random, numbness: int, phrases: DemoPhrases) -> dict[str, str]:
    level = NOTE_LEVELS[0 if numbness <= 3 else 1 if numbness <= 6 else 2]
    note = rng.choice(phrases.notes[level]) if rng.random() < 0.4 else ""
    critic = numbness >= 7 and rng.random() < 0.3
    return {"note": note, "self_talk": rng.choice(phrases.self_talk) if critic else ""}


def _checkin(rng: random.Random, life: Day, slot: Slot, scene: Scene, tz: ZoneInfo, phrases: DemoPhrases) -> dict:
    numbness = _moment_numbness(rng, life, slot, scene)
    moment = local_moment(life.day, rng.randint(slot.start, slot.end), tz)
    mood = _rating(1.8 - 0.5 * numbness + rng.gauss(0, 1.0), -5, 5)
    energy = _rating(7.5 - 0.55 * numbness - 0.7 * (slot.name == "evening") + rng.gauss(0, 1.2), 0, 10)
    pressure = 1.5 * (scene.doing == "meeting") + 0.6 * (not life.weekend)
    stress = _rating(2.3 + 0.3 * numbness + pressure + rng.gauss(0, 1.3), 0, 10)
    quick = rng.random() < 0.08  # now and then only numbness and mood
    body = _some(rng, _clamp(0.05 + 0.06 * (numbness - 5), 0.0, 0.4), phrases.body_signals)
    return {
        "occurred_at": moment,
        "timezone": tz.key,
        "numbness": numbness,
        "mood": mood,
        "energy": None if quick else energy,
        "stress": None if quick else stress,
        "forms": _some(rng, _clamp(0.05 + 0.08 * (numbness - 4), 0.03, 0.65), content.numbness_forms()),
        "warning_signs": _some(rng, _clamp(0.03 * (numbness - 4), 0.0, 0.25), content.warning_signs()),
        "tags": [f"where:{scene.where}", f"who:{scene.who}", f"doing:{scene.doing}"] + [f"body:{b}" for b in body],
        **_words(rng, numbness, phrases),
        "tolerance_window": _window(moment, numbness, stress),
        **_stamps(rng, moment),
    }


def _window(moment: datetime, numbness: int, stress: int) -> str:
    """The window-of-tolerance answer on about a third of check-ins, read off the ratings
    (and the minute, so the random stream, and every planted effect, stays as it was)."""
    if moment.minute % 3:
        return ""
    if stress >= 8:
        return "over"
    if numbness >= 7:
        return "under"
    return "within" if numbness <= 4 and stress <= 5 else ""


def _glimmer_moments(rng: random.Random, life: Day, moments: list[tuple[datetime, Scene]], tz: ZoneInfo) -> list:
    """Glimmers that happen today, as (source, moment): after walks, music, cooking, sunlight, or anywhere."""
    candidates = [
        (scene.doing, moment + timedelta(minutes=rng.randint(5, 45)))
        for moment, scene in moments
        if scene.doing in GLIMMER_SOURCES
    ]
    if life.daylight_minutes >= 40:
        candidates.append(("sunlight", local_moment(life.day, rng.randint(9 * 60, 16 * 60), tz)))
    candidates.append(("general", local_moment(life.day, rng.randint(8 * 60, 22 * 60), tz)))
    ease = _clamp(1.4 - 0.1 * life.level, 0.5, 1.1)  # fewer on heavier days
    happened = [pair for pair in candidates if rng.random() < GLIMMER_CHANCE[pair[0]] * ease]
    return sorted(happened, key=lambda pair: pair[1])[:3]


def _glimmer(rng: random.Random, source: str, moment: datetime, tz: ZoneInfo, phrases: DemoPhrases) -> dict:
    texts = phrases.glimmer_text[source if rng.random() < 0.5 else "general"]
    preceded_by = rng.choice(phrases.preceded_by[source]) if rng.random() < 0.85 else ""
    return {
        "occurred_at": moment,
        "timezone": tz.key,
        "text": rng.choice(texts),
        "preceded_by": preceded_by,
        "tags": GLIMMER_TAGS[source],
        **_stamps(rng, moment),
    }


def _factors(rng: random.Random, life: Day, tz: ZoneInfo) -> dict:
    """The day's factors as the person would enter them, now and then with a blank."""
    values = {}
    for name in (*measures.FACTORS, "wake_time"):
        value = getattr(life, name)
        values[name] = None if value is None or rng.random() < 0.05 else value
    end_of_day = datetime.combine(life.day, time(23, 59), tzinfo=tz).astimezone(UTC)
    return {"day": life.day, "updated_at": end_of_day, **values}


# --- the whole journal --------------------------------------------------------


def generate(*, days: int, end: date, timezone: str, seed: int) -> Bundle:
    """``days`` made-up days ending on ``end`` (inclusive), in the IANA zone ``timezone``."""
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(_("The demo can cover 1 to %(max)s days.") % {"max": MAX_DAYS}, field="days")
    tz = zone(timezone)
    rng = random.Random(seed)
    phrases = demo_phrases()
    now = datetime.combine(end + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC) + timedelta(minutes=1)
    bundle = Bundle()
    lives = simulate(rng, [end - timedelta(days=days - 1 - index) for index in range(days)])
    for life in lives:
        if life.active:
            _record_day(rng, life, tz, phrases, now, bundle)
        if rng.random() < (0.93 if life.active else 0.35):
            bundle.days.append(validate_day(_factors(rng, life, tz), today=end))
    bundle.screenings.extend(_phq9_history(random.Random(seed + 1), lives, tz))

    toolkit = demo_toolkit.generate(random.Random(seed + 2), [life.day for life in lives if life.active], tz, end=end,
                                    lift_on={life.day for life in lives if life.level < 5},
                                    phrases=_demo_file().get("toolkit"))
    # Through the same checks as an import file.
    bundle.toolkit = toolkit_records.from_plain(toolkit_records.to_plain(toolkit))
    return bundle


PHQ9_EVERY_DAYS = 14


def _phq9_history(rng: random.Random, lives: Sequence[Day], tz: ZoneInfo) -> list:
    """A PHQ-9 every two weeks that follows the invented person's numbness.

    Question 9 is always 0 here: the demo is for looking around, and a made-up
    disclosure would put crisis messages in front of someone who only wanted a
    tour. (That path is covered by the tests.)
    """
    from glimmers.core.care import care_records, instruments

    phq9 = instruments.instrument("phq9")
    results = []
    for index in range(PHQ9_EVERY_DAYS - 1, len(lives), PHQ9_EVERY_DAYS):
        recent = [life.level for life in lives[index - PHQ9_EVERY_DAYS + 1 : index + 1]]
        target = round(_clamp(sum(recent) / len(recent) * 1.9 + rng.gauss(0, 1.5), 0, 24))
        answers = [0] * len(phq9.items)
        for _point in range(target):
            open_items = [i for i in range(len(answers) - 1) if answers[i] < phq9.max_value]
            answers[rng.choice(open_items)] += 1
        score = instruments.score(phq9, answers, rng.choice((0, 1, 1, 2)) if target else None)
        moment = local_moment(lives[index].day, 20 * 60 + rng.randrange(0, 90), tz)
        results.append(care_records.ScreeningRecord(
            instrument="phq9", taken_at=moment, timezone=tz.key, answers=list(score.answers), outcome=score.band.key,
            total=score.total, functional=score.functional, safety_signal=False,
            uid=uuid.UUID(int=rng.getrandbits(128)).hex, created_at=moment,
        ))
    return results


def _record_day(
    rng: random.Random, life: Day, tz: ZoneInfo, phrases: DemoPhrases, now: datetime, bundle: Bundle
) -> None:
    """The day's check-ins, then the glimmers that follow from them."""
    slots = _pick_slots(rng, rng.choices(*CHECKINS_PER_DAY)[0])
    walk_slot = rng.choice(slots) if life.walked else None
    moments = []
    for slot in slots:
        scene = _pick_scene(rng, life, slot, walk=slot is walk_slot)
        record = validate_checkin(_checkin(rng, life, slot, scene, tz, phrases), now=now)
        bundle.checkins.append(record)
        moments.append((record.occurred_at, scene))
    for source, moment in _glimmer_moments(rng, life, moments, tz):
        if moment.astimezone(tz).date() == life.day:
            bundle.glimmers.append(validate_glimmer(_glimmer(rng, source, moment, tz, phrases), now=now))

"""Micro-pleasures and small novelties, and the honest "did anything shift?".

The library (``content/micro_pleasures.toml``) holds small things to try
today: one song, a few minutes of sunlight, a new recipe. ``pick`` chooses
one deterministically from a seed, optionally by sense or by novelty, so a
suggestion can be shown again and tested without storing anything random.

Afterwards the person may say whether anything shifted. "Nothing this time"
is a full answer: it is information about what reaches them right now, not a
result to improve on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Collection

from glimmers.core.content import KEY_PATTERN, ContentError, per_language, read_content
from glimmers.core.errors import InvalidInput, NotFound
from glimmers.core.i18n import _
from glimmers.core.i18n import gettext_noop

_FILE = "micro_pleasures.toml"
_SCHEMA = "glimmers.micro_pleasures/1"

SENSES = ("sight", "sound", "smell", "taste", "touch", "movement")
# Creative prompts (small things to make), by kind; each kind needs at least MAKING_MIN_PER_KIND.
MAKING = (
    ("draw", gettext_noop("drawing")),
    ("sound", gettext_noop("sound")),
    ("words", gettext_noop("words")),
    ("hands", gettext_noop("with your hands")),
)
MAKING_MIN_PER_KIND = 5
MINUTES_MIN, MINUTES_MAX = 1, 60

SHIFTS = (
    ("none", gettext_noop("Nothing this time")),
    ("little", gettext_noop("A little, 1-2%")),
    ("noticeable", gettext_noop("Something noticeable")),
)

NOTE = gettext_noop(
    "“Nothing this time” is a fine answer. It still tells you something about what reaches you at the moment."
)


@dataclass(frozen=True)
class Pleasure:
    key: str
    text: str
    minutes: int
    senses: tuple[str, ...]
    novelty: bool  # True for something new or different, False for the familiar
    making: str = ""  # a creative prompt's kind (draw, sound, words, hands); "" for the rest


@per_language
def pleasures() -> tuple[Pleasure, ...]:
    """Every entry in file order, validated on first read.

    Each sense must have at least one familiar and one new entry, so that any
    combination of the two filters in ``pick`` has something to offer.
    """
    data = read_content(_FILE, _SCHEMA)
    found: list[Pleasure] = []
    for row in data.get("pleasure", []):
        key = row.get("key", "")
        where = f"{_FILE}: entry {key!r}"
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            raise ContentError(f"{_FILE}: every entry needs a snake_case key ({row!r})")
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ContentError(f"{where} needs text")
        minutes = row.get("minutes")
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not MINUTES_MIN <= minutes <= MINUTES_MAX:
            raise ContentError(f"{where} needs whole minutes from {MINUTES_MIN} to {MINUTES_MAX}")
        senses = row.get("senses", [])
        if not isinstance(senses, list) or any(sense not in SENSES for sense in senses) or len(set(senses)) != len(senses):
            raise ContentError(f"{where} names senses outside {SENSES} or repeats one: {senses!r}")
        if not isinstance(row.get("novelty"), bool):
            raise ContentError(f"{where} needs novelty = true or false")
        making = row.get("making", "")
        if making not in ("", *making_keys()):
            raise ContentError(f"{where} has making {making!r}, not one of {making_keys()}")
        found.append(Pleasure(key, text.strip(), minutes, tuple(senses), row["novelty"], making))
    keys = [item.key for item in found]
    if len(set(keys)) != len(keys) or len(keys) < 30:
        raise ContentError(f"{_FILE}: needs at least 30 entries with unique keys")
    for sense in SENSES:
        kinds = {item.novelty for item in found if sense in item.senses}
        if kinds != {True, False}:
            raise ContentError(f"{_FILE}: sense {sense!r} needs both a familiar and a new entry")
    for kind in making_keys():
        if sum(item.making == kind for item in found) < MAKING_MIN_PER_KIND:
            raise ContentError(f"{_FILE}: making {kind!r} needs at least {MAKING_MIN_PER_KIND} prompts")
    return tuple(found)


def making_keys() -> tuple[str, ...]:
    return tuple(key for key, _label in MAKING)


def making_label(kind: str) -> str:
    """A creative prompt's kind, translated ("drawing", "with your hands")."""
    return next((_(label) for key, label in MAKING if key == kind), kind)


def making_for(day) -> Pleasure:
    """The day's creative prompt: the same all day, another tomorrow (a daily option, never a task)."""
    prompts = [item for item in pleasures() if item.making]
    return prompts[day.toordinal() % len(prompts)]


def pleasure(key: str) -> Pleasure:
    for item in pleasures():
        if item.key == key:
            return item
    raise NotFound(
        _("There is no micro-pleasure called “%(key)s”. Names are lower-case words joined by underscores, such as “%(example)s”.")
        % {"key": key, "example": pleasures()[0].key},
        field="pleasure",
    )


def pick(seed: int, *, sense: str | None = None, novelty: bool | None = None, exclude: Collection[str] = (),
         making: bool = False) -> Pleasure:
    """One entry, the same for the same seed and filters.

    ``sense`` and ``novelty`` narrow the choice firmly. ``exclude`` (keys
    already shown, say) is avoided where possible; when it would leave
    nothing, the choice falls back to the whole filtered list rather than
    offering nothing.
    """
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise InvalidInput(_("A suggestion needs a whole number as its seed."), field="seed")
    if sense is not None and sense not in SENSES:
        raise InvalidInput(
            _("There is no sense called “%(sense)s”. Choose one of: %(senses)s.")
            % {"sense": sense, "senses": ", ".join(SENSES)},
            field="sense",
        )
    if novelty is not None and not isinstance(novelty, bool):
        raise InvalidInput(_("Novelty is either yes or no."), field="novelty")
    matching = [
        item
        for item in pleasures()
        if (sense is None or sense in item.senses) and (novelty is None or item.novelty == novelty)
        and (not making or item.making)
    ]
    excluded = set(exclude)
    fresh = [item for item in matching if item.key not in excluded] or matching
    return random.Random(f"glimmers.pleasures/{seed}").choice(fresh)


def shift_keys() -> tuple[str, ...]:
    return tuple(key for key, _label in SHIFTS)


def shift_label(key: str) -> str:
    """The translated label for a shift answer."""
    for known, label in SHIFTS:
        if known == key:
            return _(label)
    raise InvalidInput(
        _("There is no answer called “%(key)s”. Choose one of: %(keys)s.")
        % {"key": key, "keys": ", ".join(shift_keys())},
        field="shift",
    )


def note() -> str:
    """The reassurance shown beside the shift question, translated."""
    return _(NOTE)

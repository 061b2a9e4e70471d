"""Irritation or sadness named more often lately: a pointer to what the way back can feel like.

Counts check-ins whose tags, note or self-talk name such a feeling, in the
last ``days`` and the ``days`` before, and says so, with the link to the
understanding guide's "recovery" section, once the recent stretch holds
enough of them and at least twice as many as before. It counts words; it
does not judge whether things are better or worse, and says both are possible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from glimmers.core.content import ContentError, per_language, read_content
from glimmers.core.i18n import LANGUAGES

_FILE = "returning_feelings.toml"
_SCHEMA = "glimmers.returning_feelings/1"
GUIDE, SECTION = "understanding", "recovery"


@dataclass(frozen=True)
class Settings:
    pattern: re.Pattern
    days: int
    at_least: int
    sentence: str
    link: str


@per_language
def settings() -> Settings:
    data = read_content(_FILE, _SCHEMA)
    # The person's words count in every language glimmers speaks.
    words = {word.lower() for language in LANGUAGES for word in read_content(_FILE, _SCHEMA, language=language)["words"]}
    days, at_least = data.get("days"), data.get("at_least")
    if not words or not isinstance(days, int) or not isinstance(at_least, int) or days < 7 or at_least < 1:
        raise ContentError(f"{_FILE}: needs words, days (7 or more) and at_least (1 or more)")
    if "%(recent)d" not in data.get("sentence", "") or "%(before)d" not in data["sentence"] or not data.get("link"):
        raise ContentError(f"{_FILE}: the sentence needs %(recent)d and %(before)d, and a link text")
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return Settings(re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), days, at_least, data["sentence"], data["link"])


@dataclass(frozen=True)
class Returning:
    recent: int
    before: int
    sentence: str
    link: str


def returning(check_ins: Iterable[tuple[date, str]], *, today: date) -> Returning | None:
    """``check_ins`` are (day, words) pairs, one per check-in: its tags, note and self-talk together."""
    chosen = settings()
    recent_from = today - timedelta(days=chosen.days - 1)
    before_from = recent_from - timedelta(days=chosen.days)
    recent = before = 0
    for day, words in check_ins:
        if not chosen.pattern.search(words.lower()):
            continue
        if recent_from <= day <= today:
            recent += 1
        elif before_from <= day < recent_from:
            before += 1
    if recent < chosen.at_least or recent < 2 * before:
        return None
    return Returning(recent, before, chosen.sentence % {"recent": recent, "before": before}, chosen.link)

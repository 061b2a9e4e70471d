"""The inner critic: a kind question after writing it down, and its themes counted back.

A check-in may hold what the inner critic is saying. Writing it down can
loosen it a little; seeing its usual themes over weeks can loosen it more.
Both are offered, never required, and never judged: the insights show how
many check-ins touched each theme, in the person's own words' terms, and
nothing about what that means. Words that call for support (a burden, no
way out, not wanting to live) are not themes: the risk-language check reads
them first and offers help instead. Content: ``content/self_talk.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from glimmers.core.content import KEY_PATTERN, ContentError, per_language, read_content
from glimmers.core.i18n import _

_FILE = "self_talk.toml"
_SCHEMA = "glimmers.self_talk/1"


@dataclass(frozen=True)
class Theme:
    key: str
    label: str
    pattern: re.Pattern


@per_language
def _content() -> tuple[tuple[str, ...], tuple[Theme, ...]]:
    data = read_content(_FILE, _SCHEMA)
    prompts = data.get("reframe_prompts")
    if not isinstance(prompts, list) or not prompts or not all(isinstance(p, str) and p.strip() for p in prompts):
        raise ContentError(f"{_FILE}: reframe_prompts must be a list of sentences")
    # The person writes in whatever language they like: every language's phrases count.
    english = {row.get("key"): row.get("phrases", []) for row in read_content(_FILE, _SCHEMA, language="en").get("theme", [])}
    themes = []
    for row in data.get("theme", []):
        key, label, phrases = row.get("key"), row.get("label"), row.get("phrases")
        if isinstance(phrases, list) and phrases is not english.get(key):
            phrases = [*phrases, *english.get(key, [])]
        if not isinstance(key, str) or not KEY_PATTERN.match(key) or not isinstance(label, str) or not label.strip():
            raise ContentError(f"{_FILE}: every theme needs a snake_case key and a label ({key!r})")
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise ContentError(f"{_FILE}: theme {key!r} needs phrases")
        # whole words only, longest first, so "should have" is one match and "fail" does not match "failsafe"
        alternatives = "|".join(re.escape(p.strip().lower()) for p in sorted(phrases, key=len, reverse=True))
        themes.append(Theme(key, label.strip(), re.compile(rf"(?<![\w'’])(?:{alternatives})(?![\w'’])")))
    if len({theme.key for theme in themes}) != len(themes):
        raise ContentError(f"{_FILE}: theme keys must be unique")
    return tuple(p.strip() for p in prompts), tuple(themes)


def themes() -> tuple[Theme, ...]:
    return _content()[1]


def label(key: str) -> str:
    """A theme's label, translated."""
    return next((_(theme.label) for theme in themes() if theme.key == key), key)


def reframe_prompt(day: date) -> str:
    """The kind question offered after a check-in with self-talk; a different one on different days."""
    prompts = _content()[0]
    return _(prompts[day.toordinal() % len(prompts)])


def themes_in(text: str) -> tuple[str, ...]:
    """The keys of the themes one piece of self-talk touches, in file order."""
    lowered = text.lower().replace("’", "'")
    return tuple(theme.key for theme in themes() if theme.pattern.search(lowered))


def count_themes(texts: Iterable[str]) -> dict[str, int]:
    """How many pieces of self-talk touched each theme (each counts once per theme); themes never touched are left out."""
    counts: dict[str, int] = {}
    for text in texts:
        for key in themes_in(text or ""):
            counts[key] = counts.get(key, 0) + 1
    return counts

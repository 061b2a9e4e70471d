"""Tiny goals and "enough for today".

A tiny goal is small enough to seem trivial: starting is the hard part, and a
step that barely counts gets taken. "Enough" is one line a person writes to
say what would make today count, so a low day can still be a finished day.
Marking a goal done is all there is: nothing counts days in a row.
"""

from __future__ import annotations

from dataclasses import dataclass

from glimmers.core import text as stored_text
from glimmers.core.content import ContentError, per_language, read_content
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _

GOAL, ENOUGH = "goal", "enough"
KINDS = (GOAL, ENOUGH)
TEXT_MAX = 160
# The start timer: five minutes, after which stopping is a fine choice.
START_MINUTES = 5


@dataclass(frozen=True)
class Examples:
    goals: tuple[str, ...]
    enough: tuple[str, ...]


@per_language
def examples() -> Examples:
    data = read_content("tiny_goals.toml", "glimmers.tiny_goals/1")
    goals, enough = tuple(data.get("examples", ())), tuple(data.get("enough_examples", ()))
    if not goals or not enough or not all(isinstance(text, str) and text for text in goals + enough):
        raise ContentError("tiny_goals.toml: examples and enough_examples must be non-empty lists of text")
    return Examples(goals, enough)


def validate_text(text: str | None, kind: str = GOAL) -> str:
    if kind not in KINDS:
        raise InvalidInput(_("A goal is either 'goal' or 'enough'."), field="kind")
    cleaned = " ".join(stored_text.clean(text, field="text", label=_("The goal")).split())
    if not cleaned:
        raise InvalidInput(_("Write the goal in a few words, for example: %(example)s") % {"example": examples().goals[0]}, field="text")
    if len(cleaned) > TEXT_MAX:
        raise InvalidInput(
            _("Keep it under %(max)d characters; tiny goals work best when they fit on one line.") % {"max": TEXT_MAX},
            field="text",
        )
    return cleaned


def start_words() -> str:
    return _("Just five minutes. When the timer ends, stopping is a perfectly good choice, and so is carrying on.")

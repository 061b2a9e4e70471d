"""Which rating the insights are about: numbness, or mood, energy or stress.

The engine reads one number per check-in and takes higher as worse, as it is
for numbness and stress. Mood and energy run the other way, so they are
turned over on their own scale before the engine sees them (``oriented``:
mood +3 becomes 2 on a 0-10 "worse" scale) and turned back for display
(``shown``). A point stays a point, so sizes, ranges and thresholds keep
their meaning; only the words for the direction change ("higher" numbness
is worse, "lower" mood is).

Numbness comes first when it has been rated on enough days; otherwise the
measure rated on the most days, so a journal that never rated numbness (one
imported from Daylio, say) still gets insights about what it did rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from glimmers.core.i18n import _, gettext_noop, pgettext
from glimmers.core.journal.measures import SCALES, Scale

# Numbness is analysed when it was rated on at least this many days, or on at
# least as many days as any other measure.
NUMBNESS_FIRST_DAYS = 14


def _direction(word: str) -> str:
    """A direction word, translated for its place in a sentence about a rating."""
    return {
        "higher": pgettext("a rating was", "higher"), "lower": pgettext("a rating was", "lower"),
        "above": pgettext("the usual range", "above"), "below": pgettext("the usual range", "below"),
    }[word]


@dataclass(frozen=True)
class Outcome:
    scale: Scale
    in_sentence: str  # the measure's name inside a sentence, marked for translation on its own
    higher_is_worse: bool
    worse: str  # the direction for worse: "higher" or "lower" (translated in ``words``)
    better: str
    worse_side: str  # "above" or "below" (the usual range)
    worse_heading: str
    better_heading: str

    @property
    def name(self) -> str:
        return self.scale.name

    @property
    def label(self) -> str:
        """The measure's name inside a sentence ("numbness", "mood"), translated."""
        return _(self.in_sentence)

    def oriented(self, value: float) -> float:
        """The rating on the engine's 0-to-worst scale (unchanged for numbness and stress)."""
        return value - self.scale.low if self.higher_is_worse else self.scale.high - value

    def shown(self, value: float) -> float:
        """An oriented level back on the person's own scale."""
        return value + self.scale.low if self.higher_is_worse else self.scale.high - value

    def words(self) -> dict[str, str]:
        """The placeholders every sentence about this measure may use."""
        return {"measure": self.label, "worse": _direction(self.worse), "better": _direction(self.better),
                "worse_side": _direction(self.worse_side)}


OUTCOMES: dict[str, Outcome] = {
    "numbness": Outcome(SCALES["numbness"], gettext_noop("numbness"), True, "higher", "lower", "above",
                        gettext_noop("When numbness tends to be higher"), gettext_noop("What goes with less numbness")),
    "mood": Outcome(SCALES["mood"], gettext_noop("mood"), False, "lower", "higher", "below",
                    gettext_noop("When mood tends to be lower"), gettext_noop("What goes with better mood")),
    "energy": Outcome(SCALES["energy"], gettext_noop("energy"), False, "lower", "higher", "below",
                      gettext_noop("When energy tends to be lower"), gettext_noop("What goes with more energy")),
    "stress": Outcome(SCALES["stress"], gettext_noop("stress"), True, "higher", "lower", "above",
                      gettext_noop("When stress tends to be higher"), gettext_noop("What goes with less stress")),
}
NUMBNESS = OUTCOMES["numbness"]


def choose(rated_days: Mapping[str, int], wanted: str | None = None) -> Outcome:
    """The measure to analyse: the one asked for if it was ever rated, else numbness when it has
    enough days, else the measure rated on the most days (numbness when nothing was rated)."""
    if wanted in OUTCOMES and rated_days.get(wanted, 0) > 0:
        return OUTCOMES[wanted]
    numbness = rated_days.get("numbness", 0)
    most = max((rated_days.get(name, 0) for name in OUTCOMES), default=0)
    if numbness >= NUMBNESS_FIRST_DAYS or numbness >= most:
        return NUMBNESS
    return next(OUTCOMES[name] for name in OUTCOMES if rated_days.get(name, 0) == most)

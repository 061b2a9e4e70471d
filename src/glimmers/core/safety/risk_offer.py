"""What glimmers says when words call for support: calm words, graded.

- ``acute``: the emergency number first ("if you have already hurt yourself
  or taken something, call ... now"), then crisis lines and the safety plan;
- ``direct``: the clear offer of crisis lines, the safety plan and someone
  to talk to;
- ``gentle``: the same offer in softer words, for words that are
  hypothetical, quoted or about someone else; ``light`` when every phrase is
  negated or in the past: a short pointer, quoting the whole sentence.

Words are quoted back so the person can see why, except words for methods
and self-harm: nothing shown describes a method. Nothing passes a verdict.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glimmers.core.i18n import _, ngettext
from glimmers.core.safety.risk_lexicon import Level

if TYPE_CHECKING:
    from glimmers.core.safety.risk_language import Match, RiskReading

_PHRASES_SHOWN = 3
_PHRASE_CHARS = 80

@dataclass(frozen=True)
class Offer:
    """What to show for a reading; every surface shows ``urgent`` first."""

    level: Level  # "gentle", "direct" or "acute"
    urgent: str  # acute only: the emergency number first; "" otherwise
    message: str  # calm words; quotes the person's words where that is safe
    light: bool  # negated or past words only: a short pointer rather than the whole block

    @property
    def text(self) -> str:
        return "\n".join(part for part in (self.urgent, self.message) if part)


def _quote(phrase: str) -> str:
    # Words are read before they are checked, so a note that will be refused
    # for control characters (a terminal escape) or for bytes that are not
    # UTF-8 (lone surrogates, which cannot even be printed) must not carry them here.
    words = " ".join(
        "".join(ch for ch in phrase if unicodedata.category(ch) not in ("Cc", "Cs") or ch.isspace()).split()
    )
    if len(words) > _PHRASE_CHARS:
        words = words[: _PHRASE_CHARS - 1].rstrip() + "…"
    return _("“%(phrase)s”") % {"phrase": words}


def _quote_back(matches: list[Match]) -> str:
    unique: dict[str, str] = {}
    for match in matches:
        unique.setdefault(" ".join(match.shown.split()).casefold(), match.shown)
    phrases = [_quote(phrase) for phrase in unique.values()]
    shown, hidden = phrases[:_PHRASES_SHOWN], len(phrases) - _PHRASES_SHOWN
    if len(shown) == 1:
        text = shown[0]
    else:
        text = _("%(earlier)s and %(last)s") % {"earlier": ", ".join(shown[:-1]), "last": shown[-1]}
    if hidden > 0:
        text = ngettext(
            "%(phrases)s, and %(n)d more phrase", "%(phrases)s, and %(n)d more phrases", hidden
        ) % {"phrases": ", ".join(shown), "n": hidden}
    return text


def _emergency(number: str | None) -> str:
    return number.strip() if number and number.strip() else _("your local emergency number")


def offer(reading: RiskReading, *, emergency: str | None = None) -> Offer | None:
    """Calm words offering support, or None when nothing matched.

    ``emergency`` is the number to dial where the person is (e.g. "112");
    without one the words say "your local emergency number".
    """
    if reading.level == "none" or not reading.matches:
        return None
    number = _emergency(emergency)
    not_monitored = _("glimmers is not monitored and cannot send help or contact anyone for you.")
    if reading.level == "acute":
        return Offer(
            "acute",
            _("If you have already hurt yourself or taken something, call %(number)s now.") % {"number": number},
            _(
                "What you wrote sounds like you could be in danger right now. You matter, and help is there "
                "this minute: call a crisis line below, or ask someone near you to stay with you. If you can, "
                "put some distance between yourself and anything you could hurt yourself with."
            )
            + " "
            + not_monitored,
            light=False,
        )
    if reading.level == "direct":
        plain = [match for match in reading.matches if match.context == "plain" and match.level == "direct"]
        quotable = [match for match in plain if match.quotable]
        if quotable:
            opening = _("You wrote %(phrases)s. Thank you for putting it into words: thoughts like these are painful, they can pass, and you do not have to carry them alone.") % {"phrases": _quote_back(quotable)}
        elif any(match.group == "self_harm" for match in plain):
            opening = _("Thank you for writing down what is happening. Urges to hurt yourself say how much you are carrying; you deserve care, not blame, and you do not have to carry this alone.")
        else:
            opening = _("Thank you for writing this down. What you wrote sounds heavy, and you do not have to carry it alone: thoughts like these can pass, and help can make them lighter.")
        return Offer(
            "direct",
            "",
            opening
            + " "
            + _("Crisis lines and your safety plan are one step away.")
            + " "
            + not_monitored
            + " "
            + _("If you might act on these thoughts, or you are hurt, call a crisis line or %(number)s now.") % {"number": number},
            light=False,
        )
    quotable = [match for match in reading.matches if match.quotable and match.shown]
    said = _("You wrote %(phrases)s.") % {"phrases": _quote_back(quotable)} if quotable else _("Some of your words touch on hurting yourself or not wanting to be here.")
    if reading.light:
        return Offer(
            "gentle",
            "",
            said
            + " "
            + _("If thoughts like these come back, or are closer than the words say, help is one step away: crisis lines and your safety plan, whenever you want them.")
            + " "
            + not_monitored,
            light=True,
        )
    return Offer(
        "gentle",
        "",
        said
        + " "
        + _(
            "Words alone cannot tell us what they mean for you, so here is the offer anyway: crisis lines and "
            "your safety plan are one step away, whenever you want them, and for someone you are worried about too."
        )
        + " "
        + not_monitored,
        light=False,
    )


def offer_message(reading: RiskReading, *, emergency: str | None = None) -> str | None:
    """The offer as one block of text (urgent line first), or None."""
    made = offer(reading, emergency=emergency)
    return made.text if made else None

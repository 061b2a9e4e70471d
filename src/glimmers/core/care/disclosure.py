"""The first words shown when someone discloses thoughts of self-harm, answers
yes to a red flag, reaches the highest range of a questionnaire, or has a
recent result that needs prompt care. Calm, thankful, never alarmed, never
"you are safe", never a diagnosis; the crisis lines and safety plan follow
them on every surface."""

from __future__ import annotations

from glimmers.core.i18n import _


def self_harm_opening() -> str:
    return _(
        "You said you have had thoughts of being better off dead or of hurting yourself. "
        "Thank you for answering honestly. You do not have to carry this alone."
    )


def red_flag_opening() -> str:
    return _(
        "What you just answered needs prompt care, from a doctor today or from emergency services "
        "if it feels urgent. You do not have to finish these questions first."
    )


def high_total_opening() -> str:
    """Before a questionnaire total in the highest range (PHQ-9 20 or more)."""
    return _(
        "Your answers add up to a high score. A score like this deserves care soon, and today if things "
        "feel unbearable. Help is one step away, and you do not have to manage this on your own."
    )


def recent_result_opening() -> str:
    """Before a triage whose outcome comes from a recent questionnaire result."""
    return _(
        "A questionnaire you answered in the last few weeks needs prompt care, whatever today's answers were. "
        "Help is one step away, and you do not have to manage this on your own."
    )


def opening_for(reason: str | None) -> str | None:
    """The opening words for a ``instruments.support_reason`` (None: no support block)."""
    from glimmers.core.care import instruments

    if reason == instruments.SUPPORT_SELF_HARM:
        return self_harm_opening()
    if reason == instruments.SUPPORT_HIGH_TOTAL:
        return high_total_opening()
    return None

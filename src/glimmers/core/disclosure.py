"""The first words shown when someone discloses thoughts of self-harm or
answers yes to a red flag. Calm, thankful, never alarmed, never "you are
safe"; the crisis lines and safety plan follow them on every surface."""

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

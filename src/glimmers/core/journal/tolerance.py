"""The window-of-tolerance answer a check-in may carry, as stored: one of three keys or none.

What the answers say and what is offered for them is the care side's
(``glimmers.core.toolkit.window``); the journal only keeps the key.
"""

from __future__ import annotations

from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _

OVER, WITHIN, UNDER = "over", "within", "under"  # too much, about right, too little
KEYS = (OVER, WITHIN, UNDER)
_ALIASES = {"too_much": OVER, "too-much": OVER, "much": OVER, "too_little": UNDER, "too-little": UNDER, "little": UNDER, "right": WITHIN}


def checked(value: str | None) -> str:
    """A stored answer: "" for none, else one of KEYS; anything else is refused."""
    cleaned = (value or "").strip().lower()
    if not cleaned:
        return ""
    cleaned = _ALIASES.get(cleaned, cleaned)
    if cleaned not in KEYS:
        raise InvalidInput(
            _("The window is one of %(keys)s (too much, about right, too little), or empty.") % {"keys": ", ".join(KEYS)},
            field="tolerance_window",
        )
    return cleaned

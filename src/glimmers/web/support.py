"""Showing support on a safety signal, on whichever page comes next.

After a check-in or glimmer is saved, the view remembers only the entry's
reference in the session (never its words). The next page the person sees
reads the entry again, checks its words with the core's risk-language check,
and shows crisis lines and the safety plan at the top when they call for it.
"""

from __future__ import annotations

from django.conf import settings

from glimmers.core import content

SESSION_KEY = "support_for"


def context(opening: str) -> dict:
    """Everything ``web/_support.html`` needs."""
    from glimmers.care import safety_plan as stored
    from glimmers.core import safety_plan

    plan = stored.load()
    return {
        "opening": opening,
        "countries": content.crisis_lines_for(settings.GLIMMERS_COUNTRY),
        "plan_steps": [] if plan.is_empty else [(step, plan.get(step.key)) for step in safety_plan.steps()],
    }


def _words_of(row) -> str:
    if hasattr(row, "numbness"):
        parts = (row.self_talk, row.note)
    elif hasattr(row, "text"):
        parts = (row.text, row.preceded_by)
    else:  # a day's factors
        parts = (row.note,)
    return "\n".join(part for part in parts if part)


def reading_for(row):
    from glimmers.core.risk_language import scan

    return scan(_words_of(row))


def remember(request, row) -> None:
    """Ask the next page to check the words of this entry (or day's factors)."""
    request.session[SESSION_KEY] = row.ref if hasattr(row, "ref") else f"day:{row.day.isoformat()}"


# Toolkit rows with free text: the reference prefix, the model and its words.
_TOOLKIT_WORDS = {
    "a": ("Activity", ("title", "glimmer")), "p": ("PleasureTry", ("note",)), "w": ("SharedMessage", ("text",)),
    "g": ("Goal", ("text",)),
}


def remember_toolkit(request, row) -> None:
    """Like ``remember``, for an activity rating, a pleasure note or a composed message."""
    request.session[SESSION_KEY] = f"tk:{row.ref}"


def remember_notes(request) -> None:
    """Check the report notes ("what I would like help with") on the next page."""
    request.session[SESSION_KEY] = "notes"


def _notes_text() -> str:
    from glimmers.analysis import notes

    return notes.load()


def _toolkit_text(ref: str) -> str:
    from glimmers.reconnect import models

    name, attributes = _TOOLKIT_WORDS[ref[0]]
    row = getattr(models, name).objects.filter(pk=int(ref[1:])).first()
    return "" if row is None else "\n".join(getattr(row, attribute) for attribute in attributes)


def for_remembered_entry(request) -> dict | None:
    ref = request.session.pop(SESSION_KEY, None)
    if not ref:
        return None
    from glimmers.core.errors import GlimmersError
    from glimmers.core.risk_language import offer_message, scan
    from glimmers.journal import store

    if ref == "notes" or ref.startswith("tk:"):
        try:
            message = offer_message(scan(_notes_text() if ref == "notes" else _toolkit_text(ref[3:])))
        except (KeyError, ValueError):
            return None
        return context(message) if message else None
    try:
        if ref.startswith("day:"):
            from datetime import date

            from glimmers.journal import queries

            row = queries.day(date.fromisoformat(ref[4:]))
        else:
            row = store.get_entry(ref)
    except (GlimmersError, ValueError):
        return None
    if row is None:
        return None
    reading = reading_for(row)
    message = offer_message(reading)
    if not message:
        return None
    return context(message)

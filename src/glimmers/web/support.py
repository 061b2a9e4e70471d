"""Showing support on a safety signal, first on the page, whatever the journal's state.

Two moments:

- **Before the journal is touched.** A view that saves words reads them with
  the core's risk-language check first (``read_words``). If saving then fails
  (a broken, full or locked journal), ``guarded`` answers with the support,
  the fact that nothing was saved, and the words to copy; if the form had a
  mistake, the form comes back with the support above it.
- **After a save.** The view remembers only the entry's reference in the
  session (never its words) and redirects to ``…#support``: the next page
  reads the entry again and shows the support at the top of the page, where
  the browser scrolls and a small script moves the focus.
"""

from __future__ import annotations

import sqlite3

from django.db import DatabaseError
from django.shortcuts import render

from glimmers.core.journal import entries

SESSION_KEY = "support_for"
ANCHOR = "#support"


def _emergency():
    from glimmers.core import content
    from glimmers.web import country

    return content.emergency_for(country.choice().code)


def _plan_steps():
    """The saved plan's steps, or None when it cannot be read (a broken journal)."""
    try:
        from glimmers.care import safety_plan as stored
        from glimmers.core.safety import safety_plan

        plan = stored.load()
    except (DatabaseError, sqlite3.DatabaseError, OSError):
        return None
    return [] if plan.is_empty else [(step, plan.get(step.key)) for step in safety_plan.steps()]


_LOOK_IT_UP = object()


def context(opening: str, *, urgent: str = "", light: bool = False, level: str = "direct", emergency=_LOOK_IT_UP) -> dict:
    """Everything ``web/_support.html`` needs (``emergency``: already looked up, or None for none)."""
    from glimmers.core import content
    from glimmers.web import country

    chosen = country.choice().code  # the settings, read once
    steps = None if light else _plan_steps()
    return {
        "opening": opening,
        "urgent": urgent,
        "light": light,
        "level": level,
        "emergency": content.emergency_for(chosen) if emergency is _LOOK_IT_UP else emergency,
        "countries": content.crisis_lines_for(chosen),
        "plan_steps": steps or [],
        "plan_unreadable": steps is None and not light,
    }


def for_offer(made, emergency=_LOOK_IT_UP) -> dict | None:
    """The support block for a core ``Offer`` (None: nothing to show)."""
    if made is None:
        return None
    return context(made.message, urgent=made.urgent, light=made.light, level=made.level, emergency=emergency)


def read_words(*texts: str | None):
    """The risk-language reading of some words and the block it calls for."""
    from glimmers.core.safety.risk_language import offer, scan

    reading = scan("\n".join(text for text in texts if text))
    if not reading.offered:
        return reading, None
    emergency = _emergency()
    return reading, for_offer(offer(reading, emergency=emergency.number if emergency else None), emergency)


def posted_words(request, *fields: str) -> list[str]:
    return [request.POST.get(field, "") for field in fields if request.POST.get(field, "").strip()]


def guarded(request, words: list[str], work):
    """Run a view's journal work; if the journal fails, answer with support first,
    then say that nothing was saved and give the words back to copy."""
    try:
        return work()
    except (DatabaseError, sqlite3.DatabaseError, OSError) as problem:
        _reading, block = read_words(*words)
        if block is not None:
            block["unsaved"] = True
        return render(
            request,
            "web/unsaved.html",
            {"support": block, "support_focus": True, "words": "\n\n".join(words), "reason": type(problem).__name__},
            status=503,
        )


def _words_of(row) -> str:
    kind = getattr(row, "kind", None)
    if kind == entries.CHECKIN:
        parts = (row.self_talk, row.note)
    elif kind == entries.GLIMMER:
        parts = (row.text, row.preceded_by)
    else:  # a day's factors
        parts = (row.note,)
    return "\n".join(part for part in parts if part)


def reading_for(row):
    from glimmers.core.safety.risk_language import scan

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
    from glimmers.toolkit import models

    name, attributes = _TOOLKIT_WORDS[ref[0]]
    row = getattr(models, name).objects.filter(pk=int(ref[1:])).first()
    return "" if row is None else "\n".join(getattr(row, attribute) for attribute in attributes)


def _remembered_words(ref: str) -> str | None:
    from glimmers.core.errors import GlimmersError
    from glimmers.journal import store

    if ref == "notes":
        return _notes_text()
    if ref.startswith("tk:"):
        try:
            return _toolkit_text(ref[3:])
        except (KeyError, ValueError):
            return None
    try:
        if ref.startswith("day:"):
            from datetime import date

            from glimmers.journal import queries

            row = queries.day(date.fromisoformat(ref[4:]))
        else:
            row = store.get_entry(ref)
    except (GlimmersError, ValueError):
        return None
    return None if row is None else _words_of(row)


def for_remembered_entry(request) -> dict | None:
    ref = request.session.pop(SESSION_KEY, None)
    if not ref:
        return None
    words = _remembered_words(ref)
    if not words:
        return None
    _reading, block = read_words(words)
    return block

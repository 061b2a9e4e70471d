"""Keeping micro-pleasure tries and whether anything shifted."""

from __future__ import annotations

import uuid
from datetime import datetime

from glimmers.core.toolkit import pleasures
from glimmers.core import text as stored_text
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _
from glimmers.toolkit.models import PleasureTry

NOTE_MAX = 500


def log(key: str, shift: str, *, note: str = "", now: datetime, timezone: str) -> PleasureTry:
    pleasure = pleasures.pleasure(key)
    pleasures.shift_label(shift)  # refuses unknown answers
    note = stored_text.clean(note, field="note", label=_("The note"), multiline=True)
    if len(note) > NOTE_MAX:
        raise InvalidInput(_("The note can be at most %(max)d characters.") % {"max": NOTE_MAX}, field="note")
    return PleasureTry.objects.create(
        uid=uuid.uuid4().hex, pleasure_key=pleasure.key, tried_at=now, timezone=timezone, shift=shift, note=note
    )


def recent(limit: int = 20) -> list[PleasureTry]:
    return list(PleasureTry.objects.all()[:limit])


def tried_keys() -> set[str]:
    return set(PleasureTry.objects.values_list("pleasure_key", flat=True))

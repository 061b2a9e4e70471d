"""Keeping messages a person composed with the phrase helper, if they want to."""

from __future__ import annotations

import uuid
from datetime import datetime

from glimmers.core import text as stored_text
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _
from glimmers.toolkit import refs
from glimmers.toolkit.models import SharedMessage

TEXT_MAX = 2000


def save(audience: str, text: str, *, now: datetime) -> SharedMessage:
    text = stored_text.clean(text, field="text", label=_("The message"), multiline=True)
    if not text or len(text) > TEXT_MAX:
        raise InvalidInput(_("A saved message needs some words, at most %(max)d characters.") % {"max": TEXT_MAX}, field="text")
    return SharedMessage.objects.create(uid=uuid.uuid4().hex, audience=audience, text=text, created_at=now)


def saved(limit: int = 20) -> list[SharedMessage]:
    return list(SharedMessage.objects.all()[:limit])


def delete(ref: str) -> SharedMessage:
    row = refs.find(SharedMessage, ref, listing="glimmers share saved")
    row.delete()
    return row

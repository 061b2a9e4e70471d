"""The person's own words for the clinician report: what they would like help with."""

from __future__ import annotations

from datetime import datetime

from glimmers.analysis.models import HelpNote
from glimmers.core import text as stored_text
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _

TEXT_MAX = 4000


def load() -> str:
    row = HelpNote.objects.order_by("-updated_at", "-id").first()
    return row.text if row else ""


def save(text: str, *, now: datetime) -> str:
    text = stored_text.clean(text, field="text", label=_("The note"), multiline=True)
    if len(text) > TEXT_MAX:
        raise InvalidInput(_("Keep the notes under %(max)d characters.") % {"max": TEXT_MAX}, field="text")
    HelpNote.objects.all().delete()
    HelpNote.objects.create(text=text, updated_at=now)
    return text

"""Finding a toolkit row by the short reference the CLI shows (a3, g12, ...)."""

from __future__ import annotations

import re

from glimmers.core.errors import NotFound
from glimmers.core.i18n import _


def find(model, ref: str, *, listing: str):
    text = (ref or "").strip().lower()
    number = text[len(model.PREFIX):] if text.startswith(model.PREFIX) else text
    row = model.objects.filter(pk=int(number)).first() if re.fullmatch(r"[0-9]{1,18}", number) else None
    if row is None:
        raise NotFound(_("There is no %(ref)s. '%(listing)s' shows what there is.") % {"ref": ref, "listing": listing})
    return row

"""Finding a toolkit row by the short reference the CLI shows (a3, g12, ...)."""

from __future__ import annotations

from glimmers.core.errors import NotFound
from glimmers.core.i18n import _
from glimmers.core.refs import short_number


def find(model, ref: str, *, listing: str):
    number = short_number(ref, model.PREFIX)
    row = model.objects.filter(pk=number).first() if number is not None else None
    if row is None:
        raise NotFound(_("There is no %(ref)s. '%(listing)s' shows what there is.") % {"ref": ref, "listing": listing})
    return row

"""Compute once, keep until the data changes.

A result is stored as JSON with the fingerprint of the data it came from
(and the day it was computed for, since "the last two weeks" moves with the
clock). A page view then costs a handful of aggregate queries, not a
re-analysis. A stored result that does not read back as this release's
type (one stored by a release with another shape, say) is computed again,
never shown and never an error.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Callable, Protocol, TypeVar

from django.db import IntegrityError, transaction

from glimmers import people
from glimmers.analysis.inputs import fingerprint
from glimmers.analysis.models import CachedResult

# Bump when the meaning of a stored result changes while its shape stays the
# same; a change of shape is noticed by reading it back.
PAYLOAD_VERSION = 4


class Stored(Protocol):
    def to_json(self) -> Any: ...

    @classmethod
    def from_json(cls, data: Any) -> Stored: ...


Result = TypeVar("Result", bound=Stored)


def cached(name: str, kind: type[Result], compute: Callable[[], Result], *, today: date, now: datetime) -> Result:
    """The stored ``kind`` named ``name`` if it is still current, else ``compute()``, stored."""
    from glimmers import __version__
    from glimmers.core.analysis.insights.payload import PayloadError

    key = f"{PAYLOAD_VERSION}:{__version__}:{today.isoformat()}:{fingerprint()}"
    row = CachedResult.objects.filter(name=name).first()
    if row is not None and row.fingerprint == key:
        try:
            return kind.from_json(row.payload)
        except PayloadError:
            pass  # stored in another shape: compute it again below
    result = compute()
    try:
        # Also while someone reads what this person shared: a result computed from the records is
        # not one of them, and keeping it spares the next look (theirs or the person's) the work.
        with transaction.atomic(), people.keeping_derived():
            CachedResult.objects.update_or_create(
                name=name, defaults={"fingerprint": key, "computed_at": now, "payload": result.to_json()}
            )
    except IntegrityError:  # another process stored it at the same moment; either copy is right
        pass
    return result

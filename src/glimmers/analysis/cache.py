"""Compute once, keep until the data changes.

A result is stored with the fingerprint of the data it came from (and the
day it was computed for, since "the last two weeks" moves with the clock).
A page view then costs a handful of aggregate queries, not a re-analysis.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Callable

from django.db import IntegrityError, transaction

from glimmers.analysis.inputs import fingerprint
from glimmers.analysis.models import CachedResult


# Bump when the shape of a stored result changes, so an upgrade never reads an old one.
PAYLOAD_VERSION = 3


def cached(name: str, compute: Callable[[], dict], *, today: date, now: datetime) -> dict:
    from glimmers import __version__

    key = f"{PAYLOAD_VERSION}:{__version__}:{today.isoformat()}:{fingerprint()}"
    row = CachedResult.objects.filter(name=name).first()
    if row is not None and row.fingerprint == key:
        return row.payload
    payload = compute()
    try:
        with transaction.atomic():
            CachedResult.objects.update_or_create(name=name, defaults={"fingerprint": key, "computed_at": now, "payload": payload})
    except IntegrityError:  # another process stored it at the same moment; either copy is right
        pass
    return payload


def forget() -> None:
    CachedResult.objects.all().delete()

"""The trail of who saw or changed what was shared, chained so that an edit shows.

A person who shares must be able to see every time someone looked, and
trust that the list is whole. Each event carries the digest of the one
before it, and its own digest covers every field and that link. Changing
a field, removing an event, reordering or inserting one breaks the chain
where it happened, and ``verify`` says where. One chain per person whose
data it is (the subject), numbered 1, 2, 3...

This shows tampering; it does not prevent it. Someone able to rewrite the
whole table can reseal every event after the one they changed, so the
newest digest should also be kept somewhere they cannot reach (the
person's own download is one such place).

An event never holds journal content: ``what`` is a scope key or the name
of a step ("grant"), and ``detail`` is a short note such as a reason for
a refusal.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime, timezone

from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _
from glimmers.core.sharing import scopes

# What happened. A refusal is kept as its outcome, with the action that was
# tried ("read", "denied"); "denied" as the action is for a request that
# named nothing that could be tried (a grant that does not exist or has
# ended), and always has the outcome "denied".
ACTIONS = ("read", "export", "grant", "change", "revoke", "accept", "decline", "end", "denied")
OUTCOMES = ("success", "denied")
# Why: a v3-ActReason code of a role, or "" when the person acted on their own data.
PURPOSES = ("", *sorted({scopes.role(key).purpose for key in scopes.ROLES}))
GENESIS = "0" * 64  # what the first event of a chain follows
NAME_MAX = 150  # an account name, as Django allows
SHOWN_MAX = 254  # an email address, as Django allows
WHAT_MAX = 64
DETAIL_MAX = 200
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")  # what: a key, so no words from a journal slip in


@dataclass(frozen=True)
class Event:
    """One row of the trail, sealed: ``digest`` covers every other field."""

    seq: int
    recorded_at: datetime  # aware, UTC
    actor: str  # the account that acted
    actor_shown: str  # what the subject knows that account by (its email address), or ""
    subject: str  # the account whose data it was
    action: str
    what: str
    outcome: str
    purpose: str
    detail: str
    previous: str  # the digest of the event before, GENESIS for the first
    digest: str


# Every field of an event, in the order a stored row keeps them.
FIELDS = ("seq", "recorded_at", "actor", "actor_shown", "subject", "action", "what", "outcome", "purpose",
          "detail", "previous", "digest")


@dataclass(frozen=True)
class Verification:
    """What ``verify`` found. ``checked`` counts the events found sound before
    the first bad one; ``broken_at`` is the place of that one, counted from 1,
    which is the seq it should carry (its own, unless that was changed or
    events before it are missing)."""

    intact: bool
    checked: int
    broken_at: int | None = None
    reason: str = ""


def _instant(moment: datetime) -> str:
    if not isinstance(moment, datetime) or moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(_("An audit event's time needs its time zone."), field="recorded_at")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(event: Event) -> bytes:
    """The bytes the digest is taken of: every field but ``digest``, as compact
    JSON with sorted keys, the time in UTC with microseconds."""
    values = {f.name: getattr(event, f.name) for f in fields(Event) if f.name != "digest"}
    values["recorded_at"] = _instant(event.recorded_at)
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def digest_of(event: Event) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()


def _short(value: object, name: str, limit: int, *, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise InvalidInput(_("An audit event's %(name)s must be text of at most %(limit)d characters.")
                           % {"name": name, "limit": limit}, field=name)
    if any(not ch.isprintable() for ch in value):
        raise InvalidInput(_("An audit event's %(name)s must be one line of plain text.") % {"name": name}, field=name)
    return value


def _key(value: object) -> str:
    if not isinstance(value, str) or not _KEY.match(value) or len(value) > WHAT_MAX:
        raise InvalidInput(_("An audit event's what must be a key, such as a scope's."), field="what")
    return value


def _choice(value: object, name: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InvalidInput(_("An audit event's %(name)s must be one of: %(allowed)s.")
                           % {"name": name, "allowed": ", ".join(repr(a) for a in allowed)}, field=name)
    return value  # type: ignore[return-value]


def sealed(
    previous: Event | None,
    *,
    recorded_at: datetime,
    actor: str,
    subject: str,
    action: str,
    actor_shown: str = "",
    what: str,
    outcome: str = "success",
    purpose: str = "",
    detail: str = "",
) -> Event:
    """The next event of ``subject``'s chain, after ``previous`` (None for the first)."""
    _instant(recorded_at)
    _choice(action, "action", ACTIONS)
    _choice(outcome, "outcome", OUTCOMES)
    _choice(purpose, "purpose", PURPOSES)
    if action == "denied" and outcome != "denied":
        raise InvalidInput(_("An audit event whose action is 'denied' must have the outcome 'denied'."), field="outcome")
    if previous is not None and previous.subject != subject:
        raise InvalidInput(_("Each person's audit trail is a chain of its own."), field="subject")
    draft = Event(
        seq=previous.seq + 1 if previous is not None else 1,
        recorded_at=recorded_at.astimezone(timezone.utc),
        actor=_short(actor, "actor", NAME_MAX),
        actor_shown=_short(actor_shown, "actor_shown", SHOWN_MAX, required=False),
        subject=_short(subject, "subject", NAME_MAX),
        action=action,
        what=_key(what),
        outcome=outcome,
        purpose=purpose,
        detail=_short(detail, "detail", DETAIL_MAX, required=False),
        previous=previous.digest if previous is not None else GENESIS,
        digest="",
    )
    return replace(draft, digest=digest_of(draft))


def _fault(place: int, event: Event, before: Event | None, subject: str) -> str:
    """Why the event at ``place`` does not belong there, or "" when it does."""
    if event.seq != place:
        return _("Event %(place)d of the trail is numbered %(seq)s: events are missing, added or out of order.") % {
            "place": place, "seq": event.seq}
    if event.previous != (before.digest if before is not None else GENESIS):
        return _("Event %(place)d does not follow the one before it.") % {"place": place}
    if event.subject != subject:
        return _("Event %(place)d belongs to another person's trail.") % {"place": place}
    try:
        sound = digest_of(event) == event.digest
    except (InvalidInput, TypeError, ValueError):
        sound = False
    if not sound:
        return _("Event %(place)d was changed after it was recorded.") % {"place": place}
    return ""


def verify(events: Sequence[Event]) -> Verification:
    """Check a whole chain, first event first; stops at the first that is wrong."""
    before: Event | None = None
    for place, event in enumerate(events, start=1):
        reason = _fault(place, event, before, events[0].subject)
        if reason:
            return Verification(False, place - 1, place, reason)
        before = event
    return Verification(True, len(events))

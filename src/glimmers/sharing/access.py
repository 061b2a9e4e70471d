"""Who may see what another person shared: decided here, and only here, and written down.

Deny by default. Seeing one of a person's scopes needs all of:

- a grant from that person to the one asking (looked up by its id *and* its
  recipient, so anybody else's grant does not exist for them);
- the grant in force: accepted, not ended, inside its period (checked on every
  request, so ending it takes effect on the very next one);
- the scope among the grant's scopes;
- for a clinician's grant, an account that signs in with two factors.

The rules are ``rules`` predicates in one rule set (``RULES``); every view and
export of another person's data goes through :func:`opening`, which checks,
writes the audit event (allowed or refused), and only then lets the caller
read, as the sharer and read-only (:func:`as_the_sharer`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import rules
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from glimmers import people
from glimmers.core.sharing import audit as chain
from glimmers.core.sharing import scopes as declared
from glimmers.sharing.models import AuditEvent, Grant


class NotShared(LookupError):
    """Nothing here for this person: the view answers 404, whatever the reason."""


@rules.predicate
def is_the_recipient(user, grant) -> bool:
    return grant is not None and user is not None and grant.recipient_id == user.pk


@rules.predicate
def is_the_sharer(user, grant) -> bool:
    return grant is not None and user is not None and grant.owner_id == user.pk


@rules.predicate
def in_force(user, grant) -> bool:
    return grant.in_force()


@rules.predicate
def still_open(user, grant) -> bool:
    return grant.status in (Grant.PROPOSED, Grant.ACTIVE)


@rules.predicate
def two_factor_where_needed(user, grant) -> bool:
    """A clinician's grant is read only by an account that signs in with a second factor."""
    return grant.role != "clinician" or has_two_factor(user)


def has_two_factor(user) -> bool:
    """Whether the account signs in with a second factor; asked once per request's user object."""
    from allauth.mfa.utils import is_mfa_enabled

    if not (user and user.is_authenticated):
        return False
    known = getattr(user, "_glimmers_two_factor", None)
    if known is None:
        known = user._glimmers_two_factor = bool(is_mfa_enabled(user))
    return known


def holds(scope: str) -> rules.Predicate:
    return rules.Predicate(lambda user, grant: scope in (grant.scopes or ()), name=f"holds_{scope}")


RULES = rules.RuleSet()
for _scope in declared.SCOPE_KEYS:
    RULES.add_rule(f"see:{_scope}", is_the_recipient & in_force & holds(_scope) & two_factor_where_needed)
# Either side may end a grant that is still waiting or in force.
RULES.add_rule("end", (is_the_sharer | is_the_recipient) & still_open)


def may_see(user, grant, scope: str) -> bool:
    return RULES.test_rule(f"see:{scope}", user, grant)


def grant_for_recipient(user, public_id: str) -> Grant:
    """The grant with this id made out to ``user`` (any status), or ``NotShared``."""
    found = Grant.every_owner.filter(public_id=public_id, recipient_id=user.pk).select_related("owner").first()
    if found is None:
        raise NotShared(public_id)
    return found


def opening(user, public_id: str, scope: str, *, action: str = "read", detail: str = "") -> Grant:
    """Check that ``user`` may see ``scope`` of the grant ``public_id``, and write down the look.

    A refused look by the grant's own recipient (after it ended, outside its
    period, a scope not given) is written down too, as refused; nothing of the
    sharer's is read. Raises ``NotShared`` for anything but an allowed look."""
    return look(user, grant_for_recipient(user, public_id), scope, action=action, detail=detail)


def look(user, grant, scope: str, *, action: str = "read", detail: str = "") -> Grant:
    """``opening`` for a grant already found by ``grant_for_recipient`` (a page showing several
    scopes finds it once)."""
    allowed = may_see(user, grant, scope)
    record(
        subject=grant.owner, actor=user, action=action, what=scope,
        outcome="success" if allowed else "denied", purpose=declared.role(grant.role).purpose, detail=detail,
    )
    if not allowed:
        raise NotShared(grant.public_id)
    return grant


def refused(user, grant, *, action: str = "read") -> None:
    """Write down a look the grant's own recipient tried that was refused (it ended, ran out, or
    needs two-factor); nothing of the sharer's is read."""
    record(subject=grant.owner, actor=user, action=action, what="grant", outcome="denied",
           purpose=declared.role(grant.role).purpose)


def visible_scopes(user, grant) -> tuple[str, ...]:
    """The scopes of ``grant`` that ``user`` may see right now, in declared order."""
    return tuple(scope for scope in declared.SCOPE_KEYS if may_see(user, grant, scope))


@contextmanager
def as_the_sharer(grant) -> Iterator[None]:
    """Read as the person who shared, and only read: a write in here is a bug and fails."""
    with people.acting_as(grant.owner_id), people.reading_only():
        yield


def shown_name(user) -> str:
    """What people know an account by: its email address (account names are random)."""
    return (getattr(user, "email", "") or getattr(user, "username", "")) if user is not None else ""


def record(*, subject, actor, action: str, what: str, outcome: str = "success", purpose: str = "", detail: str = "") -> AuditEvent:
    """Append one event to ``subject``'s trail, chained to the one before it.

    Appends to one person's trail are serialised (a transaction-scoped advisory
    lock on PostgreSQL; the unique sequence number everywhere, with a retry), so
    two looks at the same moment never fork the chain."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [AUDIT_LOCK, subject.pk])
                last = AuditEvent.every_owner.filter(owner_id=subject.pk).order_by("-seq").first()
                sealed = chain.sealed(
                    _as_event(last) if last else None,
                    recorded_at=timezone.now(), actor=actor.get_username(), actor_shown=shown_name(actor),
                    subject=subject.get_username(), action=action, what=what, outcome=outcome,
                    purpose=purpose, detail=detail,
                )
                return AuditEvent.every_owner.create(owner_id=subject.pk, **_fields(sealed))
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


# The first key of the advisory lock that serialises appends to one person's trail.
AUDIT_LOCK = 0x61756474  # "audt"


def _fields(event: chain.Event) -> dict:
    return {name: getattr(event, name) for name in chain.FIELDS}


def _as_event(row: AuditEvent) -> chain.Event:
    return chain.Event(**{name: getattr(row, name) for name in chain.FIELDS})


def trail(subject_id: int) -> list[chain.Event]:
    """A person's whole trail, oldest first, as the chain's events."""
    rows = AuditEvent.every_owner.filter(owner_id=subject_id).order_by("seq")
    return [_as_event(row) for row in rows]


def verified(subject_id: int) -> chain.Verification:
    return chain.verify(trail(subject_id))

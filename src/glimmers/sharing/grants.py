"""Making, accepting and ending grants, each step written into the sharer's trail.

A grant starts *proposed*, with a one-time code that works for
``models.INVITATION_DAYS`` days. Whoever opens the code (signed in, and not
the sharer) sees who shares what, and accepts or declines; the code then
stops working. Either side may end the grant at any time; it is never
deleted, so the trail keeps its meaning, but nothing of the sharer's is
shown under it again.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _
from glimmers.core.sharing import codes
from glimmers.core.sharing import scopes as declared
from glimmers.sharing import access
from glimmers.sharing.models import Grant, Pairing


def propose(sharer, *, role: str, scope_keys, ends_at: datetime | None, now: datetime | None = None) -> tuple[Grant, str]:
    """A new grant from ``sharer`` and its one-time code (shown once, never kept)."""
    now = now or timezone.now()
    chosen = declared.checked_scopes(scope_keys, declared.role(role).key)
    if ends_at is not None and ends_at <= now:
        raise InvalidInput(_("The end of sharing must be in the future."), field="until")
    grant = Grant(owner=sharer, role=role, scopes=list(chosen), starts_at=now, ends_at=ends_at, made_at=now)
    code = grant.invite(now)
    with transaction.atomic():
        grant.save()
        access.record(subject=sharer, actor=sharer, action="grant", what="grant",
                      detail=f"{role}: {' '.join(chosen)}")
    return grant, code


def invitation(code: str, now: datetime | None = None) -> Grant | Pairing | None:
    """The open grant or pairing this code invites to, or None (unknown, used, or run out)."""
    now = now or timezone.now()
    digest = codes.code_digest(code)
    for model, waiting in ((Grant, Grant.PROPOSED), (Pairing, Pairing.INVITED)):
        found = model.every_owner.filter(code_digest=digest, status=waiting).select_related("owner").first()
        if found is not None and found.invitation_open(now):
            return found
    return None


def accept(grant: Grant, person, now: datetime | None = None) -> Grant:
    now = now or timezone.now()
    if grant.role == "clinician" and grant.owner_id != person.pk and not access.has_two_factor(person):
        raise InvalidInput(_("A clinician's view needs two-factor sign-in. Set it up on your account page, then open the link again."))
    with transaction.atomic():
        fresh = grant.taken_by(person, now, waiting=Grant.PROPOSED, active=Grant.ACTIVE, field="recipient")
        access.record(subject=fresh.owner, actor=person, action="accept", what="grant",
                      purpose=declared.role(fresh.role).purpose)
    return fresh


def decline(grant: Grant, person, now: datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        fresh = grant.locked()
        if fresh.status != Grant.PROPOSED or fresh.owner_id == person.pk:
            return
        fresh.close(Grant.REJECTED, person, now)
        access.record(subject=fresh.owner, actor=person, action="decline", what="grant")


def involving(person, public_id: str) -> Grant:
    """A grant ``person`` made or received, by its public id, or ``access.NotShared``."""
    found = (Grant.every_owner.filter(public_id=public_id).filter(Q(owner_id=person.pk) | Q(recipient_id=person.pk))
             .select_related("owner", "recipient").first())
    if found is None:
        raise access.NotShared(public_id)
    return found


def end(grant: Grant, person, now: datetime | None = None) -> bool:
    """End ``grant`` for both sides (the sharer revokes, the recipient steps back). False when
    it had already ended; ``NotShared`` when ``person`` is neither side."""
    now = now or timezone.now()
    with transaction.atomic():
        fresh = grant.locked()
        if not access.RULES.test_rule("end", person, fresh):
            if person.pk not in (fresh.owner_id, fresh.recipient_id):
                raise access.NotShared(grant.public_id)
            return False
        fresh.close(Grant.INACTIVE, person, now)
        access.record(subject=fresh.owner, actor=person, action="revoke" if person.pk == fresh.owner_id else "end",
                      what="grant")
    return True


def made_by(person):
    """The grants ``person`` made that are waiting or in force, newest first."""
    return (Grant.every_owner.filter(owner_id=person.pk, status__in=(Grant.PROPOSED, Grant.ACTIVE))
            .select_related("recipient").order_by("-made_at"))


def received_by(person):
    """The grants made out to ``person`` that are in force now, newest first."""
    now = timezone.now()
    return [grant for grant in Grant.every_owner.filter(recipient_id=person.pk, status=Grant.ACTIVE)
            .select_related("owner").order_by("-accepted_at") if grant.in_force(now)]


def end_everything_for(person, now: datetime | None = None) -> int:
    """End every grant and pairing ``person`` is part of, on either side (their account closes):
    nothing of theirs is shown to anyone from now on, and nobody's is shown to them. Reopening
    the account does not bring them back; sharing starts again only by a new invitation."""
    from glimmers.sharing import pairing

    now = now or timezone.now()
    ended = 0
    for grant in Grant.every_owner.filter(Q(owner_id=person.pk) | Q(recipient_id=person.pk),
                                          status__in=(Grant.PROPOSED, Grant.ACTIVE)):
        ended += end(grant, person, now)
    for together in Pairing.every_owner.filter(Q(owner_id=person.pk) | Q(partner_id=person.pk)).exclude(status=Pairing.ENDED):
        pairing.set_state(together, person, "stop", now=now)
        ended += 1
    return ended

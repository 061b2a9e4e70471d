"""What a person lets others see, who they check in with, and who looked.

Every table has an owner (``people.Owned``):

- a ``Grant`` belongs to the person who shares; its recipient is set when
  they accept the invitation;
- a ``Pairing`` belongs to the person who proposed it; its partner is set when
  they accept; each ``PairAnswer`` and ``PairNote`` belongs to whoever wrote it;
- an ``AuditEvent`` belongs to the person whose data it is about (the
  subject), whoever acted. Its rows are chained by digests
  (``core.sharing.audit``) and never updated: on PostgreSQL a trigger refuses
  any UPDATE (migration 0002), and the chain shows an edit made around it.

Reads across people never go through the reader's own scope: ``sharing.access``
looks a grant up by its id *and* its recipient, checks it, writes the audit
row, and only then reads as the sharer.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from glimmers.core.sharing import codes
from glimmers.core.sharing import scopes as declared
from glimmers.people import Owned, unique_per_owner

# How long an invitation's link or code works.
INVITATION_DAYS = 7


def new_public_id() -> str:
    """Ids in addresses are random, never a count anybody could walk."""
    import uuid

    return uuid.uuid4().hex


class Invited(Owned):
    """What a grant and a pairing have in common: a public id, who accepted, and a one-time
    code (kept as a digest) that works until it expires or is used."""

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    made_at = models.DateTimeField(default=timezone.now)
    code_digest = models.CharField(max_length=64, null=True, blank=True, unique=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Who ended it: the owner, the other person, or nobody (an invitation that ran out).
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True

    def invite(self, now=None) -> str:
        """A new one-time code for this invitation (shown once; only its digest is kept)."""
        code = codes.new_code()
        self.code_digest = codes.code_digest(code)
        self.code_expires_at = (now or timezone.now()) + timedelta(days=INVITATION_DAYS)
        return code

    def invitation_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.code_digest is not None and self.code_expires_at is not None and now < self.code_expires_at

    def locked(self):
        """This row read afresh and locked until the caller's transaction ends."""
        return type(self).every_owner.select_for_update().get(pk=self.pk)

    def close(self, status: str, person, now) -> None:
        """End it as ``status`` (declined, ended, revoked), by ``person``; its code stops working."""
        self.status = status
        self.code_digest = None
        self.ended_at = now
        self.ended_by = person
        self.save(update_fields=["status", "code_digest", "ended_at", "ended_by"])

    def taken_by(self, person, now, *, waiting: str, active: str, field: str):
        """The invitation accepted by ``person``, as a fresh row locked for the caller's transaction:
        never by its maker, once only, and only while it is open."""
        from glimmers.core.errors import InvalidInput
        from glimmers.core.i18n import _

        if self.owner_id == person.pk:
            raise InvalidInput(_("This invitation is your own: send the link or the code to the person you chose."))
        fresh = self.locked()
        if fresh.status != waiting or not fresh.invitation_open(now):
            raise InvalidInput(_("This invitation was already used, or it has run out."))
        setattr(fresh, field, person)
        fresh.status = active
        fresh.accepted_at = now
        fresh.code_digest = None  # one use only
        fresh.save(update_fields=[field, "status", "accepted_at", "code_digest"])
        return fresh


class Grant(Invited):
    """One person lets another see chosen things, as a trusted person or a clinician,
    for as long as they choose: a FHIR Consent in our own table.

    ``status`` follows Consent: *proposed* while the invitation waits, *active*
    once accepted, *inactive* once either side ended it (or it ran out), and
    *rejected* when the other person said no."""

    PROPOSED, ACTIVE, INACTIVE, REJECTED = "proposed", "active", "inactive", "rejected"
    STATUSES = (PROPOSED, ACTIVE, INACTIVE, REJECTED)

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(max_length=16, choices=[(key, key) for key in declared.ROLES])
    scopes = models.JSONField(default=list)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, default=PROPOSED, choices=[(key, key) for key in STATUSES])

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(status__in=("proposed", "active", "inactive", "rejected")), name="grant_status_known"),
            models.CheckConstraint(condition=Q(role__in=declared.ROLES), name="grant_role_known"),
            models.CheckConstraint(condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")), name="grant_ends_after_start"),
        ]
        indexes = [models.Index(fields=["recipient", "status"], name="grant_by_recipient")]

    def in_force(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.ACTIVE and self.starts_at <= now and (self.ends_at is None or now < self.ends_at)


class Pairing(Invited):
    """Two people who agreed to check in with each other once a day. Either may pause
    (nothing is asked of either while paused) or stop; missed days are never counted."""

    INVITED, ACTIVE, PAUSED, ENDED = "invited", "active", "paused", "ended"
    STATUSES = (INVITED, ACTIVE, PAUSED, ENDED)

    partner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=16, default=INVITED, choices=[(key, key) for key in STATUSES])
    paused_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(status__in=("invited", "active", "paused", "ended")), name="pairing_status_known"),
            models.CheckConstraint(condition=~Q(partner=models.F("owner")), name="pairing_not_with_oneself"),
        ]
        indexes = [models.Index(fields=["partner", "status"], name="pairing_by_partner")]

    def other(self, person_id: int) -> int | None:
        return self.partner_id if person_id == self.owner_id else self.owner_id


class PairAnswer(Owned):
    """One person's answer for one day of a pairing: numbness 0–10 and one word or a ready phrase."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="answers")
    day = models.DateField()  # the person's own day, in their time zone
    numbness = models.PositiveSmallIntegerField()
    word = models.CharField(max_length=40, blank=True, default="")
    phrase = models.CharField(max_length=64, blank=True, default="")  # a key of the sharing words
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            unique_per_owner("pairing", "day", name="one_pair_answer_a_day"),
            models.CheckConstraint(condition=Q(numbness__lte=10), name="pair_answer_numbness_0_10"),
        ]


class PairNote(Owned):
    """A one-tap "thinking of you" or a supportive phrase, sent back within a pairing."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="notes")
    day = models.DateField()
    phrase = models.CharField(max_length=64)  # a key of the supportive phrases
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [unique_per_owner("pairing", "day", "phrase", name="one_pair_note_of_a_kind_a_day")]


class AuditEvent(Owned):
    """One look at, or change to, what a person shares: a FHIR AuditEvent, chained.

    ``owner`` is the subject (whose data). Names are kept as text, not links to
    accounts, so the trail outlives an account that closes and no row ever has
    to change."""

    seq = models.PositiveIntegerField()
    recorded_at = models.DateTimeField()
    actor = models.CharField(max_length=150)  # the account name of who acted
    actor_shown = models.CharField(max_length=254, blank=True, default="")  # what the subject knows them by
    subject = models.CharField(max_length=150)
    action = models.CharField(max_length=16)
    what = models.CharField(max_length=64)
    outcome = models.CharField(max_length=16)
    purpose = models.CharField(max_length=16, blank=True, default="")
    detail = models.CharField(max_length=200, blank=True, default="")
    previous = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [unique_per_owner("seq", name="one_audit_event_per_seq")]
        ordering = ["seq"]

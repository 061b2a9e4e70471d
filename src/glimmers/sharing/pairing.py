"""A daily check-in together: two people who agreed, one small answer a day each.

Each answers once a day (numbness 0–10, and one word of their own or a
ready phrase from the sharing words). Each sees the other's answer only
after giving their own, so neither answers to match. Either may send a
one-tap "thinking of you" or a supportive phrase back, pause, or stop. A
missed day is simply a day without an answer: nothing counts days, in a row
or otherwise, and nobody is told that the other did not answer.

Days are each person's own (their time zone); the other's answer shown is
the one for the same date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from glimmers.core import text as stored_text
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _
from glimmers.core.sharing import together
from glimmers.sharing.models import PairAnswer, PairNote, Pairing

WORD_MAX = 40


class NotPaired(LookupError):
    """No pairing with this id that involves this person: the view answers 404."""


def propose(person, now: datetime | None = None) -> tuple[Pairing, str]:
    pairing = Pairing(owner=person, made_at=now or timezone.now())
    code = pairing.invite(now)
    pairing.save()
    return pairing, code


def of(person) -> list[Pairing]:
    """``person``'s pairings that are waiting, running or paused, newest first."""
    return list(
        Pairing.every_owner.filter(Q(owner_id=person.pk) | Q(partner_id=person.pk))
        .filter(status__in=(Pairing.INVITED, Pairing.ACTIVE, Pairing.PAUSED))
        .select_related("owner", "partner").order_by("-made_at")
    )


def involving(person, public_id: str) -> Pairing:
    found = (Pairing.every_owner.filter(public_id=public_id).filter(Q(owner_id=person.pk) | Q(partner_id=person.pk))
             .select_related("owner", "partner").first())
    if found is None:
        raise NotPaired(public_id)
    return found


def accept(pairing: Pairing, person, now: datetime | None = None) -> Pairing:
    now = now or timezone.now()
    with transaction.atomic():
        return pairing.taken_by(person, now, waiting=Pairing.INVITED, active=Pairing.ACTIVE, field="partner")


def decline(pairing: Pairing, person, now: datetime | None = None) -> None:
    with transaction.atomic():
        fresh = pairing.locked()
        if fresh.status != Pairing.INVITED or fresh.owner_id == person.pk:
            return
        fresh.close(Pairing.ENDED, person, now or timezone.now())


def set_state(pairing: Pairing, person, action: str, now: datetime | None = None) -> Pairing:
    """``pause``, ``resume`` or ``stop``; either person may do any of them."""
    now = now or timezone.now()
    with transaction.atomic():
        fresh = pairing.locked()
        if person.pk not in (fresh.owner_id, fresh.partner_id):
            raise NotPaired(pairing.public_id)
        if action not in ("stop", "pause", "resume"):
            raise InvalidInput(_("A pairing can be paused, resumed or stopped."))
        if action == "stop" and fresh.status != Pairing.ENDED:
            fresh.close(Pairing.ENDED, person, now)
        elif action == "pause" and fresh.status == Pairing.ACTIVE:
            fresh.status, fresh.paused_by = Pairing.PAUSED, person
            fresh.save(update_fields=["status", "paused_by"])
        elif action == "resume" and fresh.status == Pairing.PAUSED:
            fresh.status, fresh.paused_by = Pairing.ACTIVE, None
            fresh.save(update_fields=["status", "paused_by"])
    return fresh


def answer(pairing: Pairing, person, *, day: date, numbness, word: str = "", phrase: str = "",
           now: datetime | None = None) -> PairAnswer:
    """Today's answer. Once a day: a second answer the same day replaces the first."""
    if pairing.status != Pairing.ACTIVE or person.pk not in (pairing.owner_id, pairing.partner_id):
        raise InvalidInput(_("This check-in together is not running: it is paused, stopped or not yet accepted."))
    try:
        value = int(numbness)
    except (TypeError, ValueError):
        raise InvalidInput(_("Choose how numb you feel, from 0 to 10."), field="numbness") from None
    if not 0 <= value <= 10:
        raise InvalidInput(_("Choose how numb you feel, from 0 to 10."), field="numbness")
    word = stored_text.clean(word or "", field="word", label=_("Your word")) or ""
    if len(word) > WORD_MAX or len(word.split()) > 3:
        raise InvalidInput(_("One word, or a few at most (up to %(n)d letters).") % {"n": WORD_MAX}, field="word")
    if phrase:
        together.feeling(phrase)  # raises for a phrase that is not one of ours
    if not word and not phrase:
        raise InvalidInput(_("Add one word, or choose a ready phrase."), field="word")
    values = {"numbness": value, "word": word, "phrase": phrase, "answered_at": now or timezone.now()}
    found, _made = PairAnswer.every_owner.update_or_create(owner_id=person.pk, pairing=pairing, day=day, defaults=values)
    return found


def send_note(pairing: Pairing, person, *, day: date, phrase: str, now: datetime | None = None) -> bool:
    """A "thinking of you" or a supportive phrase, once of each kind a day; False if already sent."""
    if pairing.status != Pairing.ACTIVE or person.pk not in (pairing.owner_id, pairing.partner_id):
        raise InvalidInput(_("This check-in together is not running: it is paused, stopped or not yet accepted."))
    together.support(phrase)
    try:
        with transaction.atomic():
            PairNote.every_owner.create(owner_id=person.pk, pairing=pairing, day=day, phrase=phrase, sent_at=now or timezone.now())
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class Day:
    """One day of a pairing as one person sees it."""

    mine: PairAnswer | None
    theirs: PairAnswer | None  # only once ``mine`` is given
    notes_to_me: list[PairNote]
    notes_sent: set[str]


def day_for(pairing: Pairing, person, day: date) -> Day:
    other = pairing.other(person.pk)
    answers = {row.owner_id: row for row in PairAnswer.every_owner.filter(pairing=pairing, day=day,
                                                                          owner_id__in=(person.pk, other))}
    notes = list(PairNote.every_owner.filter(pairing=pairing, day=day, owner_id__in=(person.pk, other)).order_by("sent_at"))
    mine = answers.get(person.pk)
    return Day(
        mine=mine, theirs=answers.get(other) if mine is not None else None,
        notes_to_me=[note for note in notes if note.owner_id == other],
        notes_sent={note.phrase for note in notes if note.owner_id == person.pk},
    )

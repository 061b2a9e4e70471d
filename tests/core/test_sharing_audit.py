"""The audit trail's chain: a whole chain verifies, and any edit, removal,
swap or insertion is found where it happened."""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, replace
from datetime import datetime, timedelta, timezone
from itertools import pairwise

import pytest

from glimmers.core.errors import InvalidInput
from glimmers.core.sharing import audit

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
BERLIN = timezone(timedelta(hours=1))
STEPS = [
    ("ana", "grant", "grant", "success", ""),
    ("dr_b", "accept", "grant", "success", ""),
    ("dr_b", "read", "weekly_summary", "success", "TREAT"),
    ("dr_b", "read", "screening", "success", "TREAT"),
    ("dr_b", "export", "clinician_report", "success", "TREAT"),
    ("mallory", "read", "notes_and_glimmers", "denied", ""),
    ("ana", "change", "grant", "success", ""),
    ("mallory", "denied", "grant", "denied", ""),
    ("ana", "revoke", "grant", "success", ""),
    ("dr_b", "end", "grant", "success", ""),
]


def chain(length: int = 50, subject: str = "ana") -> list[audit.Event]:
    events: list[audit.Event] = []
    for n in range(length):
        actor, action, what, outcome, purpose = STEPS[n % len(STEPS)]
        events.append(audit.sealed(
            events[-1] if events else None,
            recorded_at=T0 + timedelta(minutes=n, microseconds=n),
            actor=actor, subject=subject, action=action, what=what, outcome=outcome, purpose=purpose,
            detail="no grant for this" if outcome == "denied" else "",
        ))
    return events


CHAIN = chain()


def edited(value):
    """A different value of the same kind."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, datetime):
        return value + timedelta(seconds=1)
    return value + "x" if value else "x"


def test_a_whole_chain_verifies():
    result = audit.verify(CHAIN)
    assert result == audit.Verification(True, 50, None, "")
    assert [event.seq for event in CHAIN] == list(range(1, 51))
    assert CHAIN[0].previous == audit.GENESIS
    assert all(later.previous == earlier.digest for earlier, later in pairwise(CHAIN))


def test_an_empty_chain_is_intact():
    assert audit.verify([]) == audit.Verification(True, 0, None, "")


@pytest.mark.parametrize("name", [f.name for f in fields(audit.Event)])
@pytest.mark.parametrize("seq", [1, 2, 25, 50])
def test_editing_any_field_of_any_event_is_found_there(name, seq):
    events = list(CHAIN)
    events[seq - 1] = replace(events[seq - 1], **{name: edited(getattr(events[seq - 1], name))})
    result = audit.verify(events)
    assert not result.intact
    assert result.broken_at == seq
    assert result.checked == seq - 1
    assert result.reason


def test_an_edit_is_named_as_a_change():
    events = list(CHAIN)
    events[9] = replace(events[9], actor="someone_else")
    assert audit.verify(events).reason == "Event 10 was changed after it was recorded."


@pytest.mark.parametrize("seq", [1, 2, 30, 50])
def test_removing_an_event_is_found(seq):
    events = [event for event in CHAIN if event.seq != seq]
    result = audit.verify(events)
    if seq == 50:  # the newest one gone leaves a shorter chain that is whole
        assert result.intact  # which is why the newest digest is kept elsewhere too
    else:
        assert (result.intact, result.broken_at) == (False, seq)
        assert "missing" in result.reason


def test_swapping_two_events_is_found():
    events = list(CHAIN)
    events[11], events[12] = events[12], events[11]
    assert (audit.verify(events).intact, audit.verify(events).broken_at) == (False, 12)


def test_inserting_an_event_is_found():
    # A forged event sealed to follow event 20, put in before the real event 21.
    forged = audit.sealed(CHAIN[19], recorded_at=T0 + timedelta(minutes=20), actor="ana", subject="ana",
                          action="read", what="weekly_summary")
    events = CHAIN[:20] + [forged] + CHAIN[20:]
    result = audit.verify(events)
    assert (result.intact, result.broken_at) == (False, 22)  # the forgery fits; what follows does not
    assert audit.verify(CHAIN[:20] + [forged]).intact


def test_an_event_from_another_chain_does_not_fit():
    other = chain(5, subject="bo")
    result = audit.verify(CHAIN[:3] + [other[3]] + CHAIN[4:])
    assert (result.intact, result.broken_at) == (False, 4)


def test_a_wrong_first_link_is_found():
    first = CHAIN[0]
    relinked = audit.sealed(None, recorded_at=first.recorded_at, actor=first.actor, subject=first.subject,
                            action=first.action, what=first.what)
    assert audit.verify([relinked]).intact
    broken = replace(relinked, previous="f" * 64)
    broken = replace(broken, digest=audit.digest_of(broken))  # sealed, but after nothing it names
    result = audit.verify([broken, *CHAIN[1:]])
    assert (result.intact, result.broken_at) == (False, 1)
    assert result.reason == "Event 1 does not follow the one before it."


def test_resealing_an_edited_event_still_breaks_the_next_link():
    events = list(CHAIN)
    changed = replace(events[6], what="screening")
    events[6] = replace(changed, digest=audit.digest_of(changed))
    result = audit.verify(events)
    assert (result.intact, result.broken_at, result.checked) == (False, 8, 7)
    assert result.reason == "Event 8 does not follow the one before it."


def test_the_digest_is_sha256_of_the_canonical_bytes_and_stable():
    first = CHAIN[2]
    golden = hashlib.sha256(audit.canonical(first)).hexdigest()
    again = audit.sealed(CHAIN[1], recorded_at=first.recorded_at, actor=first.actor, subject=first.subject,
                         action=first.action, what=first.what, outcome=first.outcome, purpose=first.purpose)
    assert first.digest == again.digest == golden
    assert chain(12) == CHAIN[:12]


def test_the_canonical_form():
    event = CHAIN[2]
    text = audit.canonical(event).decode("utf-8")
    assert json.loads(text) == {
        "seq": 3, "recorded_at": "2026-11-20T12:02:00.000002Z", "actor": "dr_b", "actor_shown": "", "subject": "ana",
        "action": "read", "what": "weekly_summary", "outcome": "success", "purpose": "TREAT", "detail": "",
        "previous": CHAIN[1].digest,
    }
    assert text.startswith('{"action":"read","actor":"dr_b","actor_shown":"",')  # sorted keys, no spaces
    assert "digest" not in json.loads(text)


def test_times_are_kept_in_utc_and_the_zone_does_not_change_the_digest():
    there = audit.sealed(None, recorded_at=T0.astimezone(BERLIN), actor="ana", subject="ana", action="grant", what="grant")
    here = audit.sealed(None, recorded_at=T0, actor="ana", subject="ana", action="grant", what="grant")
    assert there.recorded_at.utcoffset() == timedelta(0)
    assert there == here


def test_text_beyond_ascii_is_kept_as_it_is():
    event = audit.sealed(None, recorded_at=T0, actor="zoë", subject="zoë", action="grant", what="grant",
                         detail="für Ärztin")
    assert "für Ärztin".encode() in audit.canonical(event)
    assert audit.verify([event]).intact


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"recorded_at": datetime(2026, 11, 20, 12)}, "time needs its time zone"),
        ({"action": "delete"}, "action must be one of"),
        ({"outcome": "failed"}, "outcome must be one of"),
        ({"purpose": "HMARKT"}, "purpose must be one of"),
        ({"actor": ""}, "actor must be text"),
        ({"subject": "x" * 151}, "subject must be text"),
        ({"what": "My notes about today"}, "must be a key"),
        ({"detail": "two\nlines"}, "one line"),
        ({"action": "denied"}, "must have the outcome 'denied'"),
    ],
)
def test_bad_events_are_refused(changes, message):
    given = {"recorded_at": T0, "actor": "ana", "subject": "ana", "action": "read", "what": "screening"} | changes
    with pytest.raises(InvalidInput, match=message):
        audit.sealed(None, **given)


def test_a_chain_keeps_to_one_person():
    with pytest.raises(InvalidInput, match="chain of its own"):
        audit.sealed(CHAIN[-1], recorded_at=T0, actor="ana", subject="bo", action="read", what="screening")


def test_the_next_event_follows_the_last():
    nxt = audit.sealed(CHAIN[-1], recorded_at=T0 + timedelta(days=1), actor="ana", subject="ana",
                       action="read", what="screening")
    assert (nxt.seq, nxt.previous) == (51, CHAIN[-1].digest)
    assert audit.verify([*CHAIN, nxt]).intact


def test_the_fields_list_names_every_field_of_an_event():
    from dataclasses import fields as declared_fields

    assert audit.FIELDS == tuple(f.name for f in declared_fields(audit.Event))


def test_how_the_subject_knows_the_actor_is_sealed_too():
    event = audit.sealed(None, recorded_at=T0, actor="p-1", actor_shown="bo@example.org", subject="ana",
                         action="read", what="screening", purpose="TREAT")
    assert audit.verify([event]).intact
    assert not audit.verify([replace(event, actor_shown="someone@example.org")]).intact

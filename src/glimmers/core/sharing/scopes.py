"""What a person may share on the server, and with whom, declared once.

Sharing is opt-in and narrow: a person picks a role for the other person
(someone they trust, or a clinician) and one or more scopes. Each scope
says in one plain sentence what the other person will see and what they
never see, so the choice is made knowing exactly what leaves the journal.
Whatever offers, checks or writes down a choice (the pages, the checks on
a grant, the FHIR Consent) reads these declarations; nothing else lists them.

Some scopes can hold worrying words or a "yes" to PHQ-9 question 9. Sharing
them is the person's choice, but they are told first that nobody watches
what is shared as it arrives (``needs_safety_notice``, ``safety_notice``):
sharing is not a safety net, and the crisis lines stay one step away.

Texts are marked with ``gettext_noop`` and translated where they are shown,
as in ``core/journal/measures.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _, gettext_noop

# The reason for a disclosure, as HL7 v3 ActReason codes (a purpose of use).
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
TREATMENT = "TREAT"  # a clinician uses it to treat the person
PATIENT_REQUESTED = "PATRQT"  # the person asked for this disclosure themselves


@dataclass(frozen=True)
class Role:
    """Who the other person is to the one sharing."""

    key: str
    label: str  # translated where shown
    purpose: str  # a v3-ActReason code

    def purpose_coding(self) -> dict:
        return purpose_coding(self.purpose)


_PURPOSE_DISPLAY = {TREATMENT: "treatment", PATIENT_REQUESTED: "patient requested"}


def purpose_coding(code: str) -> dict:
    """A purpose of use as a FHIR Coding (a new dict each time)."""
    return {"system": ACT_REASON, "code": code, "display": _PURPOSE_DISPLAY[code]}


_ROLES = {
    role.key: role
    for role in (
        Role("trusted", gettext_noop("Someone you trust"), PATIENT_REQUESTED),
        Role("clinician", gettext_noop("A clinician"), TREATMENT),
    )
}
ROLES = tuple(_ROLES)


@dataclass(frozen=True)
class Scope:
    """One thing a person may share: what it shows, what it never shows."""

    key: str
    label: str  # short, translated where shown
    shows: str  # one plain sentence: exactly what the other person sees
    hides: str  # what it never shows
    may_show_worrying_answers: bool  # can hold worrying words or a PHQ-9 question 9 answer
    roles: tuple[str, ...]  # the roles it may be given to
    fhir_class: str  # the FHIR resource type the data would travel as (Consent.provision.class)


_BOTH = ROLES

SCOPES = (
    Scope(
        "weekly_summary",
        gettext_noop("A weekly summary"),
        gettext_noop("Each week's average numbness, how many days you checked in and how many glimmers you noted."),
        gettext_noop("No notes, no words you wrote, no single check-ins."),
        False,
        _BOTH,
        "Observation",
    ),
    Scope(
        "checkin_ratings",
        gettext_noop("Your check-in ratings"),
        gettext_noop("Each check-in's numbness, mood, energy and stress, and the time you checked in."),
        gettext_noop("No notes, and not the words of your tags."),
        False,
        _BOTH,
        "Observation",
    ),
    Scope(
        "notes_and_glimmers",
        gettext_noop("Your notes and glimmers"),
        gettext_noop("The notes on your check-ins and the glimmers you noted, in your own words."),
        gettext_noop("No questionnaire answers and no safety plan."),
        True,
        _BOTH,
        "Observation",
    ),
    Scope(
        "screening",
        gettext_noop("Your questionnaires"),
        gettext_noop(
            "Your questionnaire totals over time, whether a change is more than chance, and every answer, "
            "including PHQ-9 question 9 about thoughts of being better off dead or of hurting yourself."
        ),
        gettext_noop("No notes and no check-ins."),
        True,
        _BOTH,
        "QuestionnaireResponse",
    ),
    Scope(
        "safety_plan",
        gettext_noop("Your safety plan"),
        gettext_noop("Your safety plan, every step as you wrote it."),
        gettext_noop("Nothing else from your journal."),
        True,
        _BOTH,
        "CarePlan",
    ),
    Scope(
        "clinician_report",
        gettext_noop("The clinician report"),
        gettext_noop(
            "The same as the report's PDF: your numbness over time, questionnaires, triggers and what helps, "
            "medicines over time, warning signs and the early-warning note, how your plan went, "
            "and your notes on what you would like help with."
        ),
        gettext_noop("No check-in notes, no glimmers and no safety plan."),
        True,
        ("clinician",),
        "DocumentReference",
    ),
)
SCOPE_KEYS = tuple(each.key for each in SCOPES)
_SCOPES = {each.key: each for each in SCOPES}

# Labels every shared record carries: restricted, and psychiatric information.
CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
SECURITY_LABELS = (
    {"system": CONFIDENTIALITY, "code": "R", "display": "restricted"},
    {"system": ACT_CODE, "code": "PSY", "display": "psychiatry information sensitivity"},
)


def role(key: str) -> Role:
    try:
        return _ROLES[key]
    except (KeyError, TypeError):
        raise InvalidInput(_("There is no sharing role called '%(key)s'.") % {"key": key}, field="role") from None


_role = role  # for checked_scopes, whose argument is called role


def scope(key: str) -> Scope:
    try:
        return _SCOPES[key]
    except (KeyError, TypeError):
        raise InvalidInput(_("There is nothing to share called '%(key)s'.") % {"key": key}, field="scopes") from None


def checked_scopes(keys: Iterable[str], role: str) -> tuple[str, ...]:
    """The chosen scopes, each once, in the declared order, when all may go to ``role``."""
    given = _role(role)
    chosen = (keys,) if isinstance(keys, str) else tuple(keys)
    if not chosen:
        raise InvalidInput(_("Choose at least one thing to share."), field="scopes")
    for key in chosen:
        if given.key not in scope(key).roles:
            raise InvalidInput(
                _("“%(scope)s” can't be shared with “%(role)s”.")
                % {"scope": _(scope(key).label), "role": _(given.label)},
                field="scopes",
            )
    return tuple(key for key in SCOPE_KEYS if key in chosen)


def needs_safety_notice(keys: Iterable[str]) -> bool:
    """True when any chosen scope can hold worrying words or answers."""
    chosen = (keys,) if isinstance(keys, str) else tuple(keys)
    return any(scope(key).may_show_worrying_answers for key in chosen)


def safety_notice() -> str:
    """What a person reads before sharing a scope that can hold worrying answers."""
    return _(
        "What you share can include worrying words or answers. Nobody watches it as it arrives, and the "
        "person you share with may not see it for days. If you need help now, use “Need help now” "
        "or call a crisis line."
    )

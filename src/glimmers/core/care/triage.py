"""Triage: from yes/no answers to one of three kinds of next step.

- ``help_now``: any red flag (thoughts of suicide or self-harm, severe
  dissociation, voices or fixed false beliefs, unable to manage basics,
  numbness after a head injury or with new neurological signs or a sudden
  personality change). A yes about suicide or self-harm also sets
  ``safety_signal``.
- ``professional_soon``: anything getting in the way of life, or risk
  (hopelessness, dangerous coping).
- ``self_help``: none of the above. This never means "nothing is wrong" and
  nothing here says the person is out of danger.

Separately, new unexplained numbness together with a body sign (tiredness,
weight, hair, heart, appetite) adds medical-check prompts.

Recent questionnaires count too (``recent``): the latest PHQ-9 and GAD-7
taken within ``recent_days`` (28) of ``now``. A PHQ-9 with item 9 above 0 or
a total in its highest range (20 or more) makes the outcome ``help_now``; a
PHQ-9 or GAD-7 at or above the usual cut-off (10) makes it at least
``professional_soon`` (from PHQ-9 15 the reason says "within days"). Each
gives a reason naming the result and its date; older results are left out,
with a note saying so. They arrive as plain ``RecentScore`` data, so this
stays pure. Rules and wording are in ``content/triage.toml``; the
thresholds are the instruments' own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, Literal, Mapping

from glimmers.core.content import ContentError, per_language, read_content
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _
from glimmers.core.i18n import gettext_noop
from glimmers.core.care.instruments import instrument as find_instrument

_FILE = "triage.toml"
LEVELS = ("note", "professional", "urgent", "medical_gate", "medical_sign")
SECTIONS = ("duration", "impairment", "risk", "red_flag", "medical")

Outcome = Literal["self_help", "professional_soon", "help_now"]
OUTCOMES: tuple[Outcome, ...] = ("self_help", "professional_soon", "help_now")

_LABELS = {
    "self_help": gettext_noop("Keep going with self-help"),
    "professional_soon": gettext_noop("Talk to a professional soon"),
    "help_now": gettext_noop("Get help now"),
}
_MESSAGES = {
    "self_help": gettext_noop(
        "Your answers did not point to needing professional help right now. That is not a "
        "guarantee: if things get harder, or you are worried, talk to a doctor or someone you trust."
    ),
    "professional_soon": gettext_noop(
        "Your answers suggest talking to a doctor or therapist soon; aim for the next week or two. "
        "Self-help can carry on alongside."
    ),
    "help_now": gettext_noop(
        "Some of your answers need prompt care. Please contact a crisis line, your doctor today, or "
        "emergency services. This app is not monitored and cannot send help."
    ),
}
_MEDICAL_INTRO = gettext_noop(
    "New, unexplained numbness with changes in the body is worth a medical check. A doctor can look at:"
)


@dataclass(frozen=True)
class Question:
    number: int
    key: str
    section: str
    level: str
    text: str
    reason: str
    safety: bool = False


@dataclass(frozen=True)
class MedicalCheck:
    key: str
    label: str


@dataclass(frozen=True)
class RecentScore:
    """A questionnaire result as plain data (never a database row)."""

    instrument: str  # "phq9", "gad7"; others are not used
    total: int
    safety_signal: bool  # PHQ-9 item 9 above 0
    taken_at: datetime  # timezone-aware; its date is the one named in the words


@dataclass(frozen=True)
class RecentRule:
    key: str
    instrument: str
    when: str  # one of RECENT_WHEN
    level: str  # "urgent" or "professional"
    reason: str  # with %(title)s, %(total)d, %(max)d, %(date)s

    def applies(self, score: RecentScore) -> bool:
        found = find_instrument(self.instrument)
        if self.when == "safety_item":
            return score.safety_signal
        if self.when == "urgent":
            return found.urgent_from is not None and score.total >= found.urgent_from
        if self.when == "soon":
            return found.soon_from is not None and score.total >= found.soon_from
        return score.total >= found.cutoff


@dataclass(frozen=True)
class RecentSettings:
    days: int
    used: str
    ignored: str
    rules: tuple[RecentRule, ...]


RECENT_WHEN = ("safety_item", "urgent", "soon", "cutoff")
RECENT_LEVELS = ("urgent", "professional")


@dataclass(frozen=True)
class Triage:
    outcome: Outcome
    reasons: tuple[str, ...]  # plain words, most pressing first
    safety_signal: bool  # a yes about suicide or self-harm
    red_flags: tuple[str, ...]  # keys of red-flag questions answered yes
    medical_check: tuple[MedicalCheck, ...]  # empty unless a check is suggested
    answers: Mapping[str, bool]
    recent_flags: tuple[str, ...] = ()  # keys of recent-result rules that applied
    recent_urgent: bool = False  # a recent result alone calls for help now
    recent_notes: tuple[str, ...] = ()  # which recent results were looked at, or left out
    recent_used: tuple[RecentScore, ...] = ()  # the results taken into account

    @property
    def label(self) -> str:
        return outcome_label(self.outcome)

    @property
    def message(self) -> str:
        return _(_MESSAGES[self.outcome])

    @property
    def medical_intro(self) -> str:
        return _(_MEDICAL_INTRO) if self.medical_check else ""


def outcome_label(outcome: str) -> str:
    """The plain words for an outcome key (unknown keys are returned as they are)."""
    return _(_LABELS[outcome]) if outcome in _LABELS else outcome


@per_language
def questions() -> tuple[Question, ...]:
    """The questions in the order they are asked."""
    data = read_content(_FILE, "glimmers.triage/1")
    found = []
    for number, row in enumerate(data.get("question", []), start=1):
        question = Question(
            number, row["key"], row["section"], row["level"], row["text"], row["reason"], bool(row.get("safety", False))
        )
        if question.level not in LEVELS or question.section not in SECTIONS:
            raise ContentError(f"{_FILE}: {question.key} has an unknown level or section")
        if question.safety and question.level != "urgent":
            raise ContentError(f"{_FILE}: {question.key} is a safety question and must be urgent")
        found.append(question)
    keys = [question.key for question in found]
    if len(set(keys)) != len(keys) or not keys:
        raise ContentError(f"{_FILE}: question keys must be present and unique")
    if not any(question.safety for question in found):
        raise ContentError(f"{_FILE}: the safety questions are missing")
    return tuple(found)


@per_language
def medical_checks() -> tuple[MedicalCheck, ...]:
    rows = read_content(_FILE, "glimmers.triage/1").get("medical_check", [])
    if not rows:
        raise ContentError(f"{_FILE}: the medical checks are missing")
    return tuple(MedicalCheck(row["key"], row["label"]) for row in rows)


def _words(template: str, score: RecentScore, days: int) -> str:
    found = find_instrument(score.instrument)
    return template % {
        "title": found.title, "total": score.total, "max": found.max_total,
        "date": score.taken_at.date().isoformat(), "days": days,
    }


@per_language
def recent_settings() -> RecentSettings:
    """How recent questionnaire results count, from ``triage.toml``; checked when first read."""
    data = read_content(_FILE, "glimmers.triage/1")
    try:
        days = int(data["recent_days"])
        used, ignored = data["recent_used"], data["recent_ignored"]
        rules = tuple(
            RecentRule(row["key"], row["instrument"], row["when"], row["level"], row["reason"])
            for row in data.get("recent", [])
        )
    except (KeyError, TypeError, ValueError) as problem:
        raise ContentError(f"{_FILE}: the recent-results settings are incomplete ({problem})") from None
    if days < 1 or not rules:
        raise ContentError(f"{_FILE}: recent_days must be 1 or more, with at least one [[recent]] rule")
    sample = RecentScore("phq9", 0, False, datetime(2000, 1, 1))
    for rule in rules:
        if rule.when not in RECENT_WHEN or rule.level not in RECENT_LEVELS:
            raise ContentError(f"{_FILE}: {rule.key} has an unknown when or level")
        try:
            found = find_instrument(rule.instrument)
        except InvalidInput:
            raise ContentError(f"{_FILE}: {rule.key} names an unknown questionnaire") from None
        missing = {"urgent": found.urgent_from, "soon": found.soon_from, "safety_item": found.safety_item}
        if rule.when in missing and missing[rule.when] is None:
            raise ContentError(f"{_FILE}: {rule.key} needs a threshold {rule.instrument} does not have")
        try:
            _words(rule.reason, sample, days)
        except (KeyError, TypeError, ValueError):
            raise ContentError(f"{_FILE}: {rule.key} has a reason with an unknown placeholder") from None
    for template in (used, ignored):
        try:
            _words(template, sample, days)
        except (KeyError, TypeError, ValueError):
            raise ContentError(f"{_FILE}: recent_used or recent_ignored has an unknown placeholder") from None
    return RecentSettings(days, used, ignored, rules)


def latest_recent(recent: Iterable[RecentScore]) -> dict[str, RecentScore]:
    """The latest result of each questionnaire the rules look at."""
    looked_at = {rule.instrument for rule in recent_settings().rules}
    latest: dict[str, RecentScore] = {}
    for score in recent:
        if score.instrument in looked_at and (
            score.instrument not in latest or score.taken_at > latest[score.instrument].taken_at
        ):
            latest[score.instrument] = score
    return latest


def safety_signal_in_partial(answers_so_far: Mapping[str, object]) -> bool:
    """True once any suicide or self-harm question has a yes, however few answers there are.

    Tolerates unknown keys and odd values. False means only that no such yes
    has been given.
    """
    return any(question.safety and answers_so_far.get(question.key) is True for question in questions())


def _checked(answers: Mapping[str, object]) -> dict[str, bool]:
    known = {question.key for question in questions()}
    unknown = sorted(key for key in answers if key not in known)
    if unknown:
        raise InvalidInput(_("There is no triage question called: %(keys)s.") % {"keys": ", ".join(unknown)}, field="answers")
    not_yes_no = [q.key for q in questions() if q.key in answers and not isinstance(answers[q.key], bool)]
    if not_yes_no:
        raise InvalidInput(_("These need a yes or no: %(keys)s.") % {"keys": ", ".join(not_yes_no)}, field="answers")
    missing = [q for q in questions() if q.key not in answers]
    if missing:
        raise InvalidInput(
            _("Triage has %(count)d questions; these still need a yes or no: %(numbers)s (%(keys)s).")
            % {"count": len(questions()), "numbers": ", ".join(str(q.number) for q in missing), "keys": ", ".join(q.key for q in missing)},
            field="answers",
        )
    return {q.key: bool(answers[q.key]) for q in questions()}


def triage(answers: Mapping[str, bool], recent: Iterable[RecentScore] = (), *, now: datetime | None = None) -> Triage:
    """Decide the next step from a complete set of yes/no answers keyed by question key.

    ``recent``: questionnaire results as ``RecentScore`` (any number; the
    latest PHQ-9 and GAD-7 are used when taken within ``recent_days`` of
    ``now``, which is then required).
    """
    given = _checked(answers)
    recent = tuple(recent)
    if recent and now is None:
        raise ValueError("triage needs 'now' to tell how recent the results are")
    yes = [q for q in questions() if given[q.key]]
    urgent = [q for q in yes if q.level == "urgent"]
    professional = [q for q in yes if q.level == "professional"]
    notes = [q for q in yes if q.level == "note"]

    settings = recent_settings()
    window = timedelta(days=settings.days)
    recent_urgent: list[str] = []
    recent_professional: list[str] = []
    flags: list[str] = []
    recent_notes: list[str] = []
    used: list[RecentScore] = []
    for key, score in sorted(latest_recent(recent).items(), key=lambda pair: pair[0] != "phq9"):
        if now - score.taken_at > window:
            recent_notes.append(_words(settings.ignored, score, settings.days))
            continue
        used.append(score)
        rule = next((rule for rule in settings.rules if rule.instrument == key and rule.applies(score)), None)
        if rule is None:
            recent_notes.append(_words(settings.used, score, settings.days))
            continue
        flags.append(rule.key)
        (recent_urgent if rule.level == "urgent" else recent_professional).append(_words(rule.reason, score, settings.days))

    if urgent or recent_urgent:
        outcome: Outcome = "help_now"
    elif professional or recent_professional:
        outcome = "professional_soon"
    else:
        outcome = "self_help"
    gate = any(q.level == "medical_gate" for q in yes)
    signs = [q for q in yes if q.level == "medical_sign"]
    medical = medical_checks() if gate and signs else ()
    reasons = (
        [q.reason for q in urgent] + recent_urgent + [q.reason for q in professional] + recent_professional
        + [q.reason for q in notes]
    )
    if medical:
        reasons.extend(q.reason for q in yes if q.level in ("medical_gate", "medical_sign"))
    return Triage(
        outcome=outcome,
        reasons=tuple(reasons),
        safety_signal=any(q.safety for q in yes),
        red_flags=tuple(q.key for q in urgent),
        medical_check=medical,
        answers=given,
        recent_flags=tuple(flags),
        recent_urgent=bool(recent_urgent),
        recent_notes=tuple(recent_notes),
        recent_used=tuple(used),
    )


_YES = {"y", "yes", "1", "true"}
_NO = {"n", "no", "0", "false"}


def parse_answers(text: str) -> dict[str, bool]:
    """Read ``--answers`` for triage: ``y,n,...`` in question order, or ``key=yes,key=no``.

    Missing answers are left out (``triage`` then lists them), so a partial
    set can still be checked with ``safety_signal_in_partial``.
    """
    pieces = [piece.strip() for piece in (text or "").split(",") if piece.strip()]
    asked = questions()
    result: dict[str, bool] = {}
    keyed = any("=" in piece for piece in pieces)
    if not keyed and len(pieces) > len(asked):
        raise InvalidInput(
            _("Triage has %(count)d questions, but %(given)d answers were given.") % {"count": len(asked), "given": len(pieces)},
            field="answers",
        )
    for position, piece in enumerate(pieces):
        key, _sep, value = piece.partition("=") if keyed else (asked[position].key, "=", piece)
        key, value = key.strip(), value.strip().lower()
        if value not in _YES | _NO:
            raise InvalidInput(_("%(key)s needs yes or no, not %(value)r.") % {"key": key, "value": value}, field="answers")
        result[key] = value in _YES
    return result

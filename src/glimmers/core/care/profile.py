"""The numbness profile: our own self-check, mapping answers to forms of numbness.

Each statement (``content/numbness_profile.toml``) is rated 0-3 and belongs
to one form. A form's share is its points over its maximum; forms at or over
the file's ``leading_share`` lead (at most ``leading_max``, highest first).
The leading forms choose what the plan emphasises. Any answer above 0 to the
medicine statement always adds the prescriber conversation.

This is not a validated or diagnostic instrument, and says so (``DISCLAIMER``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from glimmers.core import content
from glimmers.core.content import ContentError, per_language, read_content
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _
from glimmers.core.i18n import gettext_noop

_FILE = "numbness_profile.toml"

DISCLAIMER = gettext_noop(
    "This self-check is our own set of questions, not a validated or diagnostic test. "
    "It suggests where a plan might start; it cannot tell you why you feel numb. "
    "A doctor or therapist can help with that."
)


@dataclass(frozen=True)
class Question:
    number: int
    key: str
    form: str
    text: str


@dataclass(frozen=True)
class Form:
    key: str
    label: str
    hint: str
    emphasis: tuple[str, ...]
    always_emphasise_from: int | None = None


@dataclass(frozen=True)
class Emphasis:
    key: str
    label: str
    why: str


@dataclass(frozen=True)
class Check:
    """The loaded self-check."""

    intro: str
    scale: tuple[str, ...]
    forms: tuple[Form, ...]
    questions: tuple[Question, ...]
    emphases: Mapping[str, Emphasis]
    leading_share: float
    leading_max: int

    @property
    def max_value(self) -> int:
        return len(self.scale) - 1


@dataclass(frozen=True)
class FormScore:
    key: str
    label: str
    score: int
    max_score: int

    @property
    def share(self) -> float:
        return self.score / self.max_score


@dataclass(frozen=True)
class Profile:
    answers: Mapping[str, int]  # question key -> 0..3
    forms: tuple[FormScore, ...]  # ranked, strongest first
    leading: tuple[str, ...]  # form keys, strongest first; may be empty
    emphases: tuple[Emphasis, ...]
    scores: Mapping[str, int] = field(default_factory=dict)  # form key -> points

    @property
    def disclaimer(self) -> str:
        return _(DISCLAIMER)

    @property
    def summary(self) -> str:
        if not self.leading:
            return _("No one form stands out in your answers, so the general plan is a good place to start.")
        labels = [form.label for form in self.forms if form.key in self.leading]
        return _("The forms that stand out most in your answers: %(forms)s.") % {"forms": ", ".join(labels)}


@per_language
def check() -> Check:
    """The statements, forms and plan emphases, validated."""
    data = read_content(_FILE, "glimmers.numbness_profile/1")
    known = {choice.key: choice for choice in content.numbness_forms()}
    forms = []
    for row in data.get("form", []):
        shared = known.get(row["key"])
        label = row.get("label") or (shared.label if shared else "")
        if not label:
            raise ContentError(f"{_FILE}: form {row['key']!r} needs a label")
        hint = row.get("hint") or (shared.hint if shared else "")
        forms.append(Form(row["key"], label, hint, tuple(row.get("emphasis", ())), row.get("always_emphasise_from")))
    emphases = {row["key"]: Emphasis(row["key"], row["label"], row["why"]) for row in data.get("emphasis", [])}
    questions = tuple(
        Question(number, row["key"], row["form"], row["text"])
        for number, row in enumerate(data.get("question", []), start=1)
    )
    form_keys = [form.key for form in forms]
    question_keys = [question.key for question in questions]
    if len(set(form_keys)) != len(form_keys) or len(set(question_keys)) != len(question_keys):
        raise ContentError(f"{_FILE}: form and question keys must be unique")
    if not 8 <= len(questions) <= 14:
        raise ContentError(f"{_FILE}: keep the check to 8-14 statements")
    for form in forms:
        if not any(question.form == form.key for question in questions):
            raise ContentError(f"{_FILE}: form {form.key!r} has no statement")
        missing = [key for key in form.emphasis if key not in emphases]
        if missing:
            raise ContentError(f"{_FILE}: form {form.key!r} names unknown emphases {missing}")
    stray = [question.key for question in questions if question.form not in form_keys]
    if stray:
        raise ContentError(f"{_FILE}: statements {stray} point at unknown forms")
    scale = tuple(data.get("scale", ()))
    if len(scale) != 4:
        raise ContentError(f"{_FILE}: the scale needs four labels, for 0 to 3")
    return Check(
        intro=data["intro"],
        scale=scale,
        forms=tuple(forms),
        questions=questions,
        emphases=emphases,
        leading_share=float(data["leading_share"]),
        leading_max=int(data["leading_max"]),
    )


def _as_mapping(answers: Sequence[int] | Mapping[str, int], questions: tuple[Question, ...], highest: int) -> dict[str, int]:
    if isinstance(answers, Mapping):
        unknown = sorted(set(answers) - {question.key for question in questions})
        if unknown:
            raise InvalidInput(
                _("There is no statement called %(keys)s in the profile.") % {"keys": ", ".join(unknown)}, field="answers"
            )
        values = [answers.get(question.key) for question in questions]
    else:
        values = list(answers)
        if len(values) != len(questions):
            raise InvalidInput(
                _("The profile has %(count)d statements, but %(given)d answers were given.")
                % {"count": len(questions), "given": len(values)},
                field="answers",
            )
    for question, value in zip(questions, values):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= highest:
            raise InvalidInput(
                _("Statement %(number)d needs an answer from 0 to %(max)d.") % {"number": question.number, "max": highest},
                field="answers",
            )
    return {question.key: value for question, value in zip(questions, values)}


def profile(answers: Sequence[int] | Mapping[str, int]) -> Profile:
    """Rank the forms and choose plan emphases from a complete set of answers.

    ``answers`` is one number per statement in order, or a mapping from
    statement key to number.
    """
    spec = check()
    given = _as_mapping(answers, spec.questions, spec.max_value)
    scores = []
    for order, form in enumerate(spec.forms):
        points = [given[q.key] for q in spec.questions if q.form == form.key]
        scores.append((order, FormScore(form.key, form.label, sum(points), spec.max_value * len(points))))
    ranked = [score for _order, score in sorted(scores, key=lambda pair: (-pair[1].share, -pair[1].score, pair[0]))]
    leading = tuple(s.key for s in ranked if s.score > 0 and s.share >= spec.leading_share)[: spec.leading_max]
    by_key = {form.key: form for form in spec.forms}
    chosen: list[str] = []
    for key in leading:
        chosen.extend(by_key[key].emphasis)
    for form in spec.forms:
        if form.always_emphasise_from is not None and form.key not in leading:
            if any(given[q.key] >= form.always_emphasise_from for q in spec.questions if q.form == form.key):
                chosen.extend(form.emphasis)
    unique = tuple(dict.fromkeys(chosen))
    return Profile(
        answers=given,
        forms=tuple(ranked),
        leading=leading,
        emphases=tuple(spec.emphases[key] for key in unique),
        scores={s.key: s.score for s in ranked},
    )


def parse_answers(text: str) -> tuple[int, ...]:
    """Read ``--answers 0,1,2,...`` for the profile: one number per statement."""
    spec = check()
    pieces = [piece.strip() for piece in (text or "").split(",")]
    if pieces == [""]:
        pieces = []
    if len(pieces) != len(spec.questions):
        raise InvalidInput(
            _("The profile has %(count)d statements: give %(count)d answers from 0 to %(max)d, separated by commas.")
            % {"count": len(spec.questions), "max": spec.max_value},
            field="answers",
        )
    values = []
    for number, piece in enumerate(pieces, start=1):
        if not (piece.isascii() and piece.isdigit()) or int(piece) > spec.max_value:
            raise InvalidInput(
                _("Statement %(number)d needs an answer from 0 to %(max)d.") % {"number": number, "max": spec.max_value},
                field="answers",
            )
        values.append(int(piece))
    return tuple(values)

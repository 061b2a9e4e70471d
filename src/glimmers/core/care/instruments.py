"""The PHQ-9, PHQ-2, GAD-7 and GAD-2: their published items, and scoring.

The items, answer scale, codes and bands come from
``content/instruments.toml`` and are checked when first read. ``score``
turns a complete set of answers into a ``Score``; it accepts nothing partial.
``safety_signal_in_partial`` looks at a questionnaire left part-way, because
an answer above 0 to PHQ-9 item 9 matters even if the rest never comes.

A total is graded (``Score.grade``): below the cut-off; at or above it
("look at it more closely"); from ``soon_from`` (PHQ-9 15: a doctor within
the next few days); from ``urgent_from`` (PHQ-9 20: urgent, with crisis
support shown before the score). ``support_reason`` says when support comes
first: item 9 above 0, or an urgent total. The PHQ-2 and GAD-2 offer their
longer questionnaire (``follow_up``) at or above their cut-off, and the PHQ-2
says that it does not ask about self-harm.

A score is a screening result, not a diagnosis. No score and no missing
signal ever means a person is out of danger, and nothing here says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from glimmers.core.content import ContentError, per_language, read_content
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _, gettext_noop

_FILE = "instruments.toml"
_SCHEMA = "glimmers.instruments/1"


# Band names are standard facts; the labels are ours and are translated when shown.
BAND_LABELS = {
    "minimal": gettext_noop("minimal"),
    "mild": gettext_noop("mild"),
    "moderate": gettext_noop("moderate"),
    "moderately_severe": gettext_noop("moderately severe"),
    "severe": gettext_noop("severe"),
    "below_cutoff": gettext_noop("below the usual cut-off"),
    "at_or_above_cutoff": gettext_noop("at or above the usual cut-off"),
}


# How a total is graded, from least to most pressing.
GRADES = ("below_cutoff", "at_cutoff", "soon", "urgent")

# Why support (crisis lines and the safety plan) comes before a result.
SUPPORT_SELF_HARM = "self_harm"  # the safety item (PHQ-9 item 9) above 0
SUPPORT_HIGH_TOTAL = "high_total"  # a total at or above ``urgent_from``


@dataclass(frozen=True)
class Option:
    value: int
    label: str
    code: str  # LOINC answer code (LA...)


@dataclass(frozen=True)
class Item:
    number: int
    link_id: str
    loinc: str
    text: str


@dataclass(frozen=True)
class FunctionalQuestion:
    """PHQ-9's closing question about difficulty; answered or not, never scored."""

    link_id: str
    loinc: str
    text: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Band:
    key: str
    low: int
    high: int

    @property
    def label(self) -> str:
        return _(BAND_LABELS[self.key])


@dataclass(frozen=True)
class Instrument:
    key: str
    title: str
    name: str
    stem: str
    notice: str
    items: tuple[Item, ...]
    options: tuple[Option, ...]
    bands: tuple[Band, ...]
    cutoff: int
    panel_loinc: str | None = None
    total_loinc: str | None = None
    functional: FunctionalQuestion | None = None
    safety_item: int | None = None
    reliable_change: int | None = None
    reliable_change_verified: bool = False
    response_reduction: float | None = None
    remission_below: int | None = None
    response_baseline: int | None = None  # response/remission only from a baseline this high
    soon_from: int | None = None  # from here: a doctor within the next few days
    urgent_from: int | None = None  # from here: urgent, support before the score
    follow_up: str | None = None  # the longer questionnaire to offer at or above the cut-off
    omits_safety_item: bool = False  # a short form without its source's safety item (PHQ-2)

    @property
    def max_value(self) -> int:
        return self.options[-1].value

    @property
    def max_total(self) -> int:
        return self.max_value * len(self.items)

    def band_for(self, total: int) -> Band:
        for band in self.bands:
            if band.low <= total <= band.high:
                return band
        raise InvalidInput(_("A %(title)s total must be from 0 to %(max)d.") % {"title": self.title, "max": self.max_total})

    def option(self, value: int) -> Option:
        return next(option for option in self.options if option.value == value)

    def grade_for(self, total: int) -> str:
        """One of ``GRADES``: how pressing a total of this questionnaire is."""
        if self.urgent_from is not None and total >= self.urgent_from:
            return "urgent"
        if self.soon_from is not None and total >= self.soon_from:
            return "soon"
        return "at_cutoff" if total >= self.cutoff else "below_cutoff"


@dataclass(frozen=True)
class Score:
    instrument: Instrument
    answers: tuple[int, ...]
    functional: int | None
    total: int
    max_total: int
    band: Band
    above_cutoff: bool  # at or above the usual screening threshold
    safety_signal: bool  # PHQ-9 item 9 above 0; never True for the others

    @property
    def grade(self) -> str:
        """One of ``GRADES``; the safety item is separate (``safety_signal``)."""
        return self.instrument.grade_for(self.total)

    @property
    def support_reason(self) -> str | None:
        """Why crisis support comes before this result, or None.

        ``SUPPORT_SELF_HARM`` wins over ``SUPPORT_HIGH_TOTAL`` when both apply.
        None never means "safe"."""
        if self.safety_signal:
            return SUPPORT_SELF_HARM
        if self.grade == "urgent":
            return SUPPORT_HIGH_TOTAL
        return None

    @property
    def meaning(self) -> str:
        """Plain words about what the total suggests doing; never reassurance."""
        numbers = {"cutoff": self.instrument.cutoff, "soon": self.instrument.soon_from, "urgent": self.instrument.urgent_from}
        if self.grade == "urgent":
            return _(
                "This is %(urgent)d or more, the highest range. It deserves care soon: please contact a doctor, "
                "today if you can. If things feel unbearable, a crisis line or emergency services can help now."
            ) % numbers
        if self.grade == "soon":
            return _(
                "This is %(soon)d or more. At this level it is worth talking to a doctor within the next few days, "
                "not weeks. Self-help can carry on alongside."
            ) % numbers
        if self.above_cutoff:
            return _(
                "This is at or above %(cutoff)d, the score at which screening usually suggests "
                "looking at it more closely with a doctor or therapist."
            ) % numbers
        return _(
            "This is below %(cutoff)d, the usual screening threshold. A lower score does not rule "
            "anything out: if you are struggling, it is still worth talking to someone."
        ) % numbers

    @property
    def safety_note(self) -> str:
        """With item 9 above 0: the total is not the point. Empty otherwise
        (and an empty note never means "safe")."""
        if not self.safety_signal:
            return ""
        return _(
            "Your answer about thoughts of being better off dead or of hurting yourself matters more "
            "than the total. Whatever the score, please tell a doctor, a crisis line or someone you "
            "trust about it soon."
        )

    @property
    def not_asked_note(self) -> str:
        """For a short form without the self-harm question (the PHQ-2): say so. Empty otherwise."""
        if not self.instrument.omits_safety_item:
            return ""
        return _(
            "The %(title)s does not ask about thoughts of self-harm, so this result cannot show them either way. "
            "If you have such thoughts, help is one step away."
        ) % {"title": self.instrument.title}

    @property
    def follow_up(self) -> Instrument | None:
        """The longer questionnaire worth taking now (PHQ-2 or GAD-2 at or above 3), else None."""
        if self.instrument.follow_up is None or not self.above_cutoff:
            return None
        return instrument(self.instrument.follow_up)

    @property
    def follow_up_words(self) -> str:
        found = self.follow_up
        if found is None:
            return ""
        return _(
            "The %(longer)s looks at this more closely, with %(count)d questions. It is worth answering it now, "
            "while this is fresh."
        ) % {"longer": found.title, "count": len(found.items)}

    @property
    def functional_option(self) -> Option | None:
        question = self.instrument.functional
        if question is None or self.functional is None:
            return None
        return next(option for option in question.options if option.value == self.functional)


# ------------------------------------------------------------------ loading


def _options(name: str, rows: list) -> tuple[Option, ...]:
    options = tuple(Option(int(row["value"]), row["label"], row["code"]) for row in rows)
    if [option.value for option in options] != list(range(len(options))) or len(options) < 2:
        raise ContentError(f"{_FILE}: {name} options must be valued 0, 1, 2 ... in order")
    return options


def _items(key: str, rows: list) -> tuple[Item, ...]:
    items = tuple(Item(int(row["number"]), row["link_id"], row["loinc"], row["text"]) for row in rows)
    if [item.number for item in items] != list(range(1, len(items) + 1)) or not items:
        raise ContentError(f"{_FILE}: {key} items must be numbered 1, 2, 3 ... in order")
    return items


def _check_grades(instrument: Instrument) -> None:
    key = instrument.key
    edges = [edge for edge in (instrument.cutoff, instrument.soon_from, instrument.urgent_from) if edge is not None]
    if edges != sorted(set(edges)) or edges[-1] > instrument.max_total:
        raise ContentError(f"{_FILE}: {key} needs cutoff < soon_from < urgent_from, all within the total")
    if (instrument.response_reduction is not None or instrument.remission_below is not None) and instrument.response_baseline is None:
        raise ContentError(f"{_FILE}: {key} defines response or remission without a response_baseline")


def _check_bands(instrument: Instrument) -> None:
    edges = [(band.low, band.high) for band in instrument.bands]
    expected_low = 0
    for low, high in edges:
        if low != expected_low or high < low:
            raise ContentError(f"{_FILE}: {instrument.key} bands must run from 0 without gaps")
        expected_low = high + 1
    if expected_low - 1 != instrument.max_total:
        raise ContentError(f"{_FILE}: {instrument.key} bands must end at {instrument.max_total}")
    unknown = [band.key for band in instrument.bands if band.key not in BAND_LABELS]
    if unknown:
        raise ContentError(f"{_FILE}: {instrument.key} has bands without a label: {unknown}")


@per_language
def instruments() -> tuple[Instrument, ...]:
    """Every questionnaire, in the file's order."""
    data = read_content(_FILE, _SCHEMA)
    notice, stem = data.get("notice", ""), data.get("stem", "")
    if not notice or not stem:
        raise ContentError(f"{_FILE}: the notice and the stem are required")
    options = _options("answer", data.get("option", []))
    found: dict[str, Instrument] = {}
    for row in data.get("instrument", []):
        key = row["key"]
        omits_safety_item = False
        if "items_from" in row:
            whole = found[row["items_from"]]
            source = whole.items[: int(row["item_count"])]
            items = tuple(Item(item.number, f"{key}-{item.number}", item.loinc, item.text) for item in source)
            # e.g. the PHQ-2 is PHQ-9 items 1-2: it never reaches item 9
            omits_safety_item = whole.safety_item is not None and whole.safety_item > len(items)
        else:
            items = _items(key, row.get("item", []))
        functional = None
        if "functional" in row:
            f = row["functional"]
            functional = FunctionalQuestion(f["link_id"], f["loinc"], f["text"], _options(f"{key} functional", f["options"]))
        instrument = Instrument(
            key=key,
            title=row["title"],
            name=row["name"],
            stem=stem,
            notice=notice,
            items=items,
            options=options,
            bands=tuple(Band(b["key"], int(b["low"]), int(b["high"])) for b in row["bands"]),
            cutoff=int(row["cutoff"]),
            panel_loinc=row.get("panel_loinc"),
            total_loinc=row.get("total_loinc"),
            functional=functional,
            safety_item=row.get("safety_item"),
            reliable_change=row.get("reliable_change"),
            reliable_change_verified=bool(row.get("reliable_change_verified", False)),
            response_reduction=row.get("response_reduction"),
            remission_below=row.get("remission_below"),
            response_baseline=row.get("response_baseline"),
            soon_from=row.get("soon_from"),
            urgent_from=row.get("urgent_from"),
            follow_up=row.get("follow_up"),
            omits_safety_item=omits_safety_item,
        )
        _check_bands(instrument)
        _check_grades(instrument)
        if instrument.safety_item is not None and not 1 <= instrument.safety_item <= len(items):
            raise ContentError(f"{_FILE}: {key} safety_item is not one of its items")
        if key in found:
            raise ContentError(f"{_FILE}: {key} appears twice")
        found[key] = instrument
    if not found:
        raise ContentError(f"{_FILE}: no instruments")
    for candidate in found.values():
        longer = found.get(candidate.follow_up) if candidate.follow_up else None
        if candidate.follow_up and (longer is None or len(longer.items) <= len(candidate.items)):
            raise ContentError(f"{_FILE}: {candidate.key} follow_up must name a longer questionnaire")
    return tuple(found.values())


def instrument(key: str) -> Instrument:
    """The questionnaire with this key ("phq9", "phq2", "gad7", "gad2")."""
    for candidate in instruments():
        if candidate.key == key:
            return candidate
    keys = ", ".join(candidate.key for candidate in instruments())
    raise InvalidInput(_("There is no questionnaire called %(key)r. Choose one of: %(keys)s.") % {"key": key, "keys": keys})


# ------------------------------------------------------------------ scoring


def _is_answer(value: object, highest: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= highest


def score(instrument: Instrument, answers: Sequence[int], functional: int | None = None) -> Score:
    """Score a complete questionnaire. Anything missing or out of range is refused whole."""
    answers = tuple(answers)
    count = len(instrument.items)
    if len(answers) != count:
        raise InvalidInput(
            _("The %(title)s has %(count)d questions, but %(given)d answers were given.")
            % {"title": instrument.title, "count": count, "given": len(answers)},
            field="answers",
        )
    for number, value in enumerate(answers, start=1):
        if not _is_answer(value, instrument.max_value):
            raise InvalidInput(
                _("Item %(number)d needs an answer from 0 to %(max)d.") % {"number": number, "max": instrument.max_value},
                field="answers",
            )
    if functional is not None:
        question = instrument.functional
        if question is None:
            raise InvalidInput(
                _("The %(title)s has no closing question about difficulty; leave it out.") % {"title": instrument.title},
                field="functional",
            )
        if not _is_answer(functional, question.options[-1].value):
            raise InvalidInput(
                _("The closing question needs an answer from 0 to %(max)d.") % {"max": question.options[-1].value},
                field="functional",
            )
    total = sum(answers)
    return Score(
        instrument=instrument,
        answers=answers,
        functional=functional,
        total=total,
        max_total=instrument.max_total,
        band=instrument.band_for(total),
        above_cutoff=total >= instrument.cutoff,
        safety_signal=safety_signal_in_partial(instrument, answers),
    )


def safety_signal_in_partial(instrument: Instrument, answers_so_far: Sequence[object]) -> bool:
    """True once the safety item (PHQ-9 item 9) has an answer above 0.

    Works on any prefix of the answers, including one with gaps or odd
    values, so a questionnaire abandoned part-way still raises the signal.
    False means only that no such answer has been given.
    """
    number = instrument.safety_item
    if number is None or len(answers_so_far) < number:
        return False
    value = answers_so_far[number - 1]
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def support_reason_in_partial(instrument: Instrument, answers_so_far: Sequence[object]) -> str | None:
    """Why support should come first, from answers given so far (possibly with gaps).

    ``SUPPORT_SELF_HARM`` once the safety item is above 0; ``SUPPORT_HIGH_TOTAL``
    once the answers given already add up to ``urgent_from`` or more (answers
    are never negative, so the finished total would be at least as high).
    Only the questionnaire's own items count; odd values are skipped.
    """
    if safety_signal_in_partial(instrument, answers_so_far):
        return SUPPORT_SELF_HARM
    if instrument.urgent_from is None:
        return None
    given = [
        value for value in list(answers_so_far)[: len(instrument.items)]
        if _is_answer(value, instrument.max_value)
    ]
    return SUPPORT_HIGH_TOTAL if sum(given) >= instrument.urgent_from else None


def parse_answers(instrument: Instrument, text: str) -> tuple[int, ...]:
    """Read ``--answers 0,1,2,...``: one number per item, comma-separated."""
    pieces = [piece.strip() for piece in (text or "").split(",")]
    if pieces == [""]:
        pieces = []
    count = len(instrument.items)
    if len(pieces) != count:
        raise InvalidInput(
            _("The %(title)s has %(count)d questions: give %(count)d answers separated by commas, e.g. %(example)s.")
            % {"title": instrument.title, "count": count, "example": ",".join("0" * count)},
            field="answers",
        )
    answers = []
    for number, piece in enumerate(pieces, start=1):
        if not (piece.isascii() and piece.isdigit()) or int(piece) > instrument.max_value:
            raise InvalidInput(
                _("Item %(number)d needs an answer from 0 to %(max)d.") % {"number": number, "max": instrument.max_value},
                field="answers",
            )
        answers.append(int(piece))
    return tuple(answers)

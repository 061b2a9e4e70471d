"""Risk language in free text: which words in a note call for offering support,
and how urgently.

``scan`` reads a note in three steps, each in its own module:

- the lexicon (``risk_lexicon``, data in ``content/risk_lexicon.toml``): the
  phrases of each group on the severity ladder services use (thoughts,
  hopelessness, self-harm, and the urgent groups: method, plan,
  preparation, act), plus combinations of words that count only together;
  compiled for each note from only the entries it could match
  (``risk_prefilter``), which finds exactly what the whole lexicon finds;
- the context (``risk_context``): negated, in the past, hypothetical,
  quoted, about someone else, or plain;
- a second reader (``risk_model``): a small published model for sentences
  the lexicon has no words for. It only ever adds or raises an offer.

``offer`` (``risk_offer``) turns the reading into calm words: urgent (the
emergency number first), clear, gentle, or a light pointer.

This is deliberately jumpy: any doubt means an offer. It never blocks saving
and never tells anyone. A level of ``"none"`` means only that nothing was
recognised; it says nothing about how the person is. Words about methods
are recognised but never quoted back: nothing glimmers shows describes a
method.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from glimmers.core.safety.risk_context import SENTENCE_MARKS, WORD, context, quoted_spans, sentence_end, sentence_start
from glimmers.core.safety.risk_lexicon import CONTEXTS, GROUPS, LEVELS, Context, Group, Level, Lexicon, lexicon
from glimmers.core.safety.risk_offer import Offer, offer, offer_message
from glimmers.core.safety.risk_prefilter import lexicon_for

__all__ = ["CONTEXTS", "GROUPS", "LEVELS", "MODEL", "Match", "Offer", "RiskReading", "lexicon", "offer", "offer_message", "scan"]

MODEL = "model"  # the group of a match made by the second reader (``risk_model``), not the lexicon
_RANK = {level: rank for rank, level in enumerate(LEVELS)}
_SELF_CONTEXTS = ("negated", "past")  # about the writer, but not worrying now
_CONCRETE = ("method", "preparation", "act", "self_harm_act")  # still a clear offer when hypothetical
# Curly and other typographic marks become their plain form, one character for
# one character, so positions in the plain copy are positions in the note.
_PLAIN_MARKS = str.maketrans(
    {**{mark: "'" for mark in "’‘ʼ′`´＇"}, **{mark: '"' for mark in "“”„‟«»″＂"}, "‐": "-", "‑": "-"}
)
_MASK = "#"
_WHOLE_SENTENCE_CHARS = 120  # a negated, past or reported sentence longer than this is not quoted at all


@dataclass(frozen=True)
class Match:
    phrase: str  # exactly as written in the note: text[start:end]
    start: int
    end: int
    group: str  # one of GROUPS
    context: Context
    level: Level  # what this phrase alone calls for
    quotable: bool  # whether the words may be shown back (never for methods)
    shown: str = ""  # what is quoted back: the phrase, or its whole clause when negated or past


@dataclass(frozen=True)
class RiskReading:
    matches: tuple[Match, ...] = ()
    level: Level = "none"  # "none" means only: nothing in this note matched

    @property
    def phrases(self) -> tuple[str, ...]:
        return tuple(match.phrase for match in self.matches)

    @property
    def offered(self) -> bool:
        return self.level != "none"

    @property
    def light(self) -> bool:
        """Every phrase is the writer's own, negated or in the past: a short pointer suits."""
        return self.level == "gentle" and all(match.context in _SELF_CONTEXTS for match in self.matches)


def _together(lex: Lexicon, masked: str) -> tuple[int, int] | None:
    """The first of several small signs of preparation, when enough different ones are in the note."""
    first = [hit for hit in (pattern.search(masked) for pattern in lex.together) if hit is not None]
    if len(first) < lex.together_needed:
        return None
    earliest = min(first, key=lambda hit: hit.start())
    return earliest.start(), earliest.end()


def _sentences(masked: str):
    """(start, end) of each sentence."""
    start = 0
    for position, char in enumerate(masked):
        if char in SENTENCE_MARKS:
            if position > start:
                yield start, position
            start = position + 1
    if start < len(masked):
        yield start, len(masked)


def _combined(lex: Lexicon, masked: str) -> list[tuple[int, int, str]]:
    """Spans where every part of a combination was found (in one sentence, or in the note)."""
    found = []
    for combination in lex.combinations:
        if not all(part.search(masked) for part in combination.parts):
            continue  # a part missing from the whole note: no sentence can have them all
        if combination.scope == "note":
            scopes = [(0, len(masked))]
        else:
            scopes = list(_sentences(masked))
            if combination.scope == "pair":  # "lithium. I keep thinking of it as a way out."
                scopes = [(low, high) for (low, _end), (_start, high) in zip([scopes[0]] + scopes, scopes)]
        for low, high in scopes:
            hits = [part.search(masked, low, high) for part in combination.parts]
            if all(hits):
                # The last part (the move, the act, the sign) is what is read for negation and context.
                anchor = hits[-1]
                found.append((anchor.start(), anchor.end(), combination.group))
    return found


def _found(lex: Lexicon, masked: str, combined: list[tuple[int, int, str]]) -> list[tuple[int, int, Group]]:
    """Every listed phrase; overlapping ones merged, the most urgent group winning."""
    hits = sorted(
        (hit.start(), hit.end(), index)
        for index, group in enumerate(lex.groups)
        for hit in group.pattern.finditer(masked)
        if hit.end() > hit.start()
    )
    position_of = {group.key: position for position, group in enumerate(lex.groups)}
    extra = [(start, end, position_of[key]) for start, end, key in combined]
    together = _together(lex, masked)
    if together is not None:
        extra.append((together[0], together[1], position_of["preparation"]))
    if extra:
        hits = sorted(hits + extra)
    merged: list[tuple[int, int, Group]] = []
    for start, end, index in hits:
        group = lex.groups[index]
        if merged and start < merged[-1][1]:
            last_start, last_end, last_group = merged[-1]
            if _RANK[group.level] > _RANK[last_group.level] or (group.level == last_group.level and not group.quote):
                last_group = group  # the more urgent, or the one that must not be quoted
            merged[-1] = (last_start, max(end, last_end), last_group)
        else:
            merged.append((start, end, group))
    return merged


def _shown(text: str, plain: str, lex: Lexicon, start: int, end: int, context: Context) -> str:
    """The words quoted back: a plain phrase as written; anything else as its
    whole sentence, so a denial, a memory or someone else's words are never
    quoted as if they were the bare phrase ("I no longer want to die", never
    "want to die"). A sentence too long to quote whole is not quoted at all."""
    if context == "plain":
        return text[start:end]
    sentence = text[sentence_start(plain, start) : sentence_end(plain, end)].strip()
    return sentence if len(sentence) <= _WHOLE_SENTENCE_CHARS else ""


def scan(text: str, *, use_model: bool = True) -> RiskReading:
    """Find risk language in a note. Pure: no storage, no side effects.

    ``use_model=False`` reads with the lexicon alone (to measure it on its own).
    """
    if not text or not text.strip():
        return RiskReading()
    plain = text.translate(_PLAIN_MARKS)
    lex = lexicon_for(plain)
    masked = lex.idioms.sub(lambda idiom: _MASK * len(idiom.group()), plain)
    spans = quoted_spans(plain)
    starts = [span[0] for span in spans]
    urgent_anywhere = lex.escalate_anywhere.search(masked) is not None
    matches = []
    combinations = _combined(lex, masked)
    anchors = {(start, end) for start, end, _key in combinations}
    for start, end, group in _found(lex, masked, combinations):
        meant = context(lex, plain, spans, starts, start, end, combined=(start, end) in anchors)
        if meant == "hypothetical":
            # "What if I just took ...": a concrete means stays a clear offer;
            # "If I fail I'll kill myself" is offered gently.
            level: Level = "direct" if group.key in _CONCRETE else "gentle"
        elif meant != "plain":
            level = "gentle"
        elif group.level == "direct" and (
            urgent_anywhere
            or lex.escalate_sentence.search(masked, sentence_start(plain, start), sentence_end(plain, end))
        ):
            level = "acute"  # a time, a decision or means at hand beside the thought
        else:
            level = group.level
        shown = _shown(text, plain, lex, start, end, meant)
        matches.append(Match(text[start:end], start, end, group.key, meant, level, group.quote, shown))
    if use_model:
        matches = _with_the_model(lex, text, plain, masked, matches)
    level = max((match.level for match in matches), key=_RANK.__getitem__, default="none")
    return RiskReading(tuple(matches), level)


_WHOLE_NOTE_CHARS = 600  # notes up to this long are also read whole (the model was trained on whole notes)
_MODEL_MIN_WORDS = 3  # fewer words give the model too little to read


def _context_cues_in(lex: Lexicon, plain: str, low: int, high: int) -> bool:
    """A sentence that denies, remembers, quotes or reports: the model leaves it to the lexicon."""
    return any(
        lex.cues[name].search(plain, low, high)
        for name in ("negation_phrases", "past_before", "past_after", "asked", "fiction", "hypothetical")
    ) or any(open_at < high and close_at > low for open_at, close_at in quoted_spans(plain[low:high]))


def _with_the_model(lex: Lexicon, text: str, plain: str, masked: str, matches: list[Match]) -> list[Match]:
    """The second reader (``risk_model``): an offer where the lexicon found nothing,
    or an urgent one where it found a clear offer and the model reads a plan or an act.

    It reads sentences the lexicon found nothing in (and short notes whole),
    never ones that deny, remember, quote or report, and is never quoted back.
    """
    from glimmers.core.safety.risk_model import model  # loaded at the first sentence it reads
    starts = [match.start for match in matches]  # the lexicon's matches are sorted and never overlap
    ends = [match.end for match in matches]

    def covered(low: int, high: int) -> bool:
        index = bisect.bisect_left(starts, high) - 1
        return index >= 0 and ends[index] > low

    units = [(low, high) for low, high in _sentences(masked) if masked[low:high].strip()]
    if not matches and len(plain) <= _WHOLE_NOTE_CHARS and len(units) > 1:
        units.append((0, len(plain)))
    added = []
    for low, high in units:
        if covered(low, high) or any(match.start < high and match.end > low for match in added):
            continue
        words = masked[low:high].replace(_MASK, " ")
        if len(WORD.findall(words)) < _MODEL_MIN_WORDS:
            continue  # too little to read: "Again." or an idiom blanked out
        if _context_cues_in(lex, plain, low, high):
            continue
        chance = model().probabilities(words)
        if chance["direct"] + chance["acute"] >= model().threshold:
            level: Level = "acute" if chance["acute"] >= max(chance["direct"], model().acute_threshold) else "direct"
            stripped = len(text[low:high]) - len(text[low:high].lstrip())
            start, end = low + stripped, len(text[:high].rstrip())
            added.append(Match(text[start:end], start, end, MODEL, "plain", level, False, ""))
    escalated = []
    for match in matches:
        if match.level == "direct" and match.group in ("thoughts", "hopeless"):
            low, high = sentence_start(plain, match.start), sentence_end(plain, match.end)
            if model().probabilities(masked[low:high].replace(_MASK, " "))["acute"] >= model().acute_threshold:
                match = replace(match, level="acute")
        escalated.append(match)
    return sorted(escalated + added, key=lambda match: match.start)

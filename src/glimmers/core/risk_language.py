"""Risk language in free text: which words in a note call for offering support.

``scan`` looks for the phrases in the published lexicon
(``content/risk_lexicon.toml``) and reads the words around each one: a
negation just before it, a hypothetical, quotation marks, or someone else as
the subject. ``offer_message`` turns the result into calm words that quote
the phrases back.

This is keyword matching and it is deliberately jumpy: any doubt means an
offer, and the only thing a match ever does is offer crisis lines and the
safety plan. It never blocks saving and never tells anyone. A level of
``"none"`` means only that nothing in this note matched a listed phrase; it
says nothing about how the person is.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from glimmers.core.content import ContentError, _read
from glimmers.core.i18n import _, ngettext

Category = Literal["direct", "indirect"]
Context = Literal["plain", "negated", "hypothetical", "quoted", "reported"]
Level = Literal["none", "gentle", "direct"]

CATEGORIES: tuple[Category, ...] = ("direct", "indirect")
CONTEXTS: tuple[Context, ...] = ("plain", "negated", "hypothetical", "quoted", "reported")
LEVELS: tuple[Level, ...] = ("none", "gentle", "direct")

_LEXICON = "risk_lexicon.toml"
_CUE_LISTS = (
    "negation", "negation_turned_by", "clause_breakers", "subject_may_follow", "first_person",
    "third_person", "fiction", "speech_after", "hypothetical", "hypothetical_not",
    "hypothetical_not_after", "self_quote", "new_subject",
)
# Curly and other typographic marks become their plain form, one character for
# one character, so positions in the plain copy are positions in the note.
_PLAIN_MARKS = str.maketrans(
    {**{mark: "'" for mark in "’‘ʼ′`´＇"}, **{mark: '"' for mark in "“”„‟«»″＂"}, "‐": "-", "‑": "-"}
)
_MASK = "#"
_WORD = re.compile(r"[\w']+")
_MACRO = re.compile(r"\{([a-z_]+)\}")
_SENTENCE_MARKS = ".!?;\n"
_CLAUSE_MARKS = ',:"()–—'
_LOOK_BACK = 400  # characters: how far back a sentence is searched for cues
_DOUBLE_QUOTED = re.compile(r'"[^"\n]{1,1000}"')
_SINGLE_QUOTED = re.compile(r"(?<!\w)'(?=[^\W\d_])(?:[^'\n]|'(?=\w)){1,1000}?'(?!\w)")
_TAG_MARKS = re.compile(r'[ \t,"]{0,6}')  # no line break: a tag sits on the same line
_OTHER_SELF = re.compile(r"(?<!\w)(?:him|her|them|your|one) ?sel(?:f|ves)(?!\w)|themself", re.IGNORECASE)
_PHRASES_SHOWN = 3
_PHRASE_CHARS = 80


@dataclass(frozen=True)
class Match:
    phrase: str  # exactly as written in the note: text[start:end]
    start: int
    end: int
    category: Category
    context: Context


@dataclass(frozen=True)
class RiskReading:
    matches: tuple[Match, ...] = ()
    level: Level = "none"  # "none" means only: nothing in this note matched

    @property
    def phrases(self) -> tuple[str, ...]:
        return tuple(match.phrase for match in self.matches)


@dataclass(frozen=True)
class Lexicon:
    """The lexicon, compiled once."""

    patterns: dict[str, tuple[re.Pattern[str], ...]]
    idioms: re.Pattern[str]
    cues: dict[str, re.Pattern[str]]
    negation_reach: int


def _translate(pattern: str, space: str) -> str:
    """Lexicon notation to a regular expression (see the file's header)."""
    out, in_class, index = [], False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == " " and pattern[index + 1 : index + 2] in ("?", "*"):
            out.append(space[:-1] + "*")  # " ?" and " *": any spaces, or none
            index += 1
        elif char == " ":
            out.append(space)
        elif char == "'" and pattern[index + 1 : index + 2] != "?":
            out.append("'?")
        else:
            out.append(char)
        index += 1
    return "".join(out)


def _expand(pattern: str, macros: dict[str, str], where: str) -> str:
    unknown = [name for name in _MACRO.findall(pattern) if name not in macros]
    if unknown:
        raise ContentError(f"{_LEXICON}: {where}: unknown macro {{{unknown[0]}}} in {pattern!r}")
    return _MACRO.sub(lambda found: macros[found.group(1)], pattern)


def _compile(patterns: list[str], macros: dict[str, str], *, spaces: str = r"\s+", where: str) -> re.Pattern[str]:
    if not patterns or not all(isinstance(p, str) and p.strip() for p in patterns):
        raise ContentError(f"{_LEXICON}: {where} needs a list of patterns")
    expanded = [_translate(_expand(pattern, macros, where), spaces) for pattern in patterns]
    try:
        return re.compile(r"(?<!\w)(?:" + "|".join(expanded) + r")(?!\w)", re.IGNORECASE)
    except re.error as error:
        raise ContentError(f"{_LEXICON}: {where}: {error} in {patterns!r}") from error


@lru_cache(maxsize=None)
def lexicon() -> Lexicon:
    """Load, check and compile the published lexicon (once per process)."""
    data = _read(_LEXICON, "glimmers.risk_lexicon/1")
    macros = data.get("macros", {})
    patterns = {}
    for category in CATEGORIES:
        rows = data.get(category, {}).get("patterns", [])
        # One compiled pattern per entry, so overlapping phrases are all seen.
        patterns[category] = tuple(_compile([row], macros, where=category) for row in rows)
        if not patterns[category]:
            raise ContentError(f"{_LEXICON}: {category} has no patterns")
    cue_data = data.get("cues", {})
    missing = [name for name in _CUE_LISTS if not cue_data.get(name)]
    if missing:
        raise ContentError(f"{_LEXICON}: cues missing: {', '.join(missing)}")
    reach = cue_data.get("negation_reach", 4)
    if not isinstance(reach, int) or not 1 <= reach <= 8:
        raise ContentError(f"{_LEXICON}: negation_reach must be a whole number from 1 to 8")
    return Lexicon(
        patterns=patterns,
        idioms=_compile(data.get("idioms", {}).get("patterns", []), macros, spaces=r"[^\S\n]+", where="idioms"),
        cues={name: _compile(cue_data[name], macros, where=f"cues.{name}") for name in _CUE_LISTS},
        negation_reach=reach,
    )


def _sentence_start(plain: str, position: int) -> int:
    low = max(0, position - _LOOK_BACK)
    return max([low] + [plain.rfind(mark, low, position) + 1 for mark in _SENTENCE_MARKS])


def _quoted_spans(plain: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _DOUBLE_QUOTED.finditer(plain)] + [m.span() for m in _SINGLE_QUOTED.finditer(plain)]
    return sorted(spans)


def _skip_tag_marks(plain: str, position: int) -> int:
    """Past the comma, quote mark and spaces before a tag such as ", she said"."""
    return _TAG_MARKS.match(plain, position).end()


def _is(pattern: re.Pattern[str], word: str) -> bool:
    return pattern.fullmatch(word) is not None


def _quoted(lex: Lexicon, plain: str, spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Inside quotation marks, and not the person quoting their own thought."""
    index = bisect.bisect_right(starts, start) - 1
    while index >= 0 and starts[index] > start - 2100:
        open_at, close_at = spans[index]
        if open_at < start and end <= close_at:
            before = lex.cues["self_quote"].search(plain, _sentence_start(plain, open_at), open_at)
            return not (before or lex.cues["self_quote"].match(plain, _skip_tag_marks(plain, close_at)))
        index -= 1
    return False


def _negated(lex: Lexicon, plain: str, sentence: int, start: int, end: int) -> bool:
    """A negation within a few words before the phrase, in the same clause."""
    before = plain[sentence:start]
    clause = before[max(before.rfind(mark) for mark in _CLAUSE_MARKS) + 1 :]
    words = _WORD.findall(clause)
    own = _WORD.match(plain, start, end)
    if own and _is(lex.cues["new_subject"], own.group()):
        words.append(own.group())  # the phrase's own "I" starts a new clause
    following = own.group() if own else ""
    counted = 0
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if _is(lex.cues["clause_breakers"], word):
            return False
        if _is(lex.cues["new_subject"], word):
            if index == 0 or not _is(lex.cues["subject_may_follow"], words[index - 1]):
                return False
        else:
            counted += 1
            if counted > lex.negation_reach:
                return False
            if _is(lex.cues["negation"], word) and not _is(lex.cues["negation_turned_by"], following):
                return True
        following = word
    return False


def _hypothetical(lex: Lexicon, plain: str, sentence: int, start: int) -> bool:
    for cue in lex.cues["hypothetical"].finditer(plain, sentence, start):
        if lex.cues["hypothetical_not"].match(plain, cue.start()):
            continue
        previous = _WORD.findall(plain[sentence : cue.start()])[-1:]
        if previous and _is(lex.cues["hypothetical_not_after"], previous[0]):
            continue
        return True
    return False


def _last(pattern: re.Pattern[str], plain: str, low: int, high: int) -> int:
    found = -1
    for hit in pattern.finditer(plain, low, high):
        found = hit.start()
    return found


def _reported(lex: Lexicon, plain: str, sentence: int, start: int, end: int) -> bool:
    """About someone else: another subject, a story or song, or "..., she said"."""
    phrase = plain[start:end]
    if _OTHER_SELF.search(phrase):
        return True
    if lex.cues["speech_after"].match(plain, _skip_tag_marks(plain, end)):
        return True
    me = _last(lex.cues["first_person"], plain, sentence, start)
    other = _last(lex.cues["third_person"], plain, sentence, start)
    story = _last(lex.cues["fiction"], plain, sentence, start)
    if story > me and story >= other:
        return True
    return other > me and not lex.cues["first_person"].search(phrase)


def _context(
    lex: Lexicon, plain: str, spans: list[tuple[int, int]], starts: list[int], start: int, end: int
) -> Context:
    if _quoted(lex, plain, spans, starts, start, end):
        return "quoted"
    sentence = _sentence_start(plain, start)
    if _negated(lex, plain, sentence, start, end):
        return "negated"
    if _hypothetical(lex, plain, sentence, start):
        return "hypothetical"
    if _reported(lex, plain, sentence, start, end):
        return "reported"
    return "plain"


def _found(lex: Lexicon, masked: str) -> list[tuple[int, int, Category]]:
    """Every listed phrase, overlapping ones merged (direct wins the category)."""
    hits = sorted(
        (hit.start(), hit.end(), category)
        for category in CATEGORIES
        for pattern in lex.patterns[category]
        for hit in pattern.finditer(masked)
        if hit.end() > hit.start()
    )
    merged: list[tuple[int, int, Category]] = []
    for start, end, category in hits:
        if merged and start < merged[-1][1]:
            last_start, last_end, last_category = merged[-1]
            both = "direct" if "direct" in (category, last_category) else "indirect"
            merged[-1] = (last_start, max(end, last_end), both)
        else:
            merged.append((start, end, category))
    return merged


def scan(text: str) -> RiskReading:
    """Find risk language in a note. Pure: no storage, no side effects."""
    if not text or not text.strip():
        return RiskReading()
    lex = lexicon()
    plain = text.translate(_PLAIN_MARKS)
    masked = lex.idioms.sub(lambda idiom: _MASK * len(idiom.group()), plain)
    spans = _quoted_spans(plain)
    starts = [span[0] for span in spans]
    matches = tuple(
        Match(text[start:end], start, end, category, _context(lex, plain, spans, starts, start, end))
        for start, end, category in _found(lex, masked)
    )
    if any(match.context == "plain" for match in matches):
        level: Level = "direct"
    else:
        level = "gentle" if matches else "none"
    return RiskReading(matches, level)


def _shown(phrase: str) -> str:
    words = " ".join(phrase.split())
    if len(words) > _PHRASE_CHARS:
        words = words[: _PHRASE_CHARS - 1].rstrip() + "…"
    return _("“%(phrase)s”") % {"phrase": words}


def _quote_back(reading: RiskReading) -> str:
    unique: dict[str, str] = {}
    for phrase in reading.phrases:
        unique.setdefault(" ".join(phrase.split()).casefold(), phrase)
    phrases = [_shown(phrase) for phrase in unique.values()]
    shown, hidden = phrases[:_PHRASES_SHOWN], len(phrases) - _PHRASES_SHOWN
    if len(shown) == 1:
        text = shown[0]
    else:
        text = _("%(earlier)s and %(last)s") % {"earlier": ", ".join(shown[:-1]), "last": shown[-1]}
    if hidden > 0:
        text = ngettext(
            "%(phrases)s, and %(n)d more phrase", "%(phrases)s, and %(n)d more phrases", hidden
        ) % {"phrases": ", ".join(shown), "n": hidden}
    return text


def offer_message(reading: RiskReading) -> str | None:
    """Calm words offering support, quoting what matched; None if nothing did."""
    if reading.level == "none" or not reading.matches:
        return None
    phrases = _quote_back(reading)
    if reading.level == "direct":
        return _(
            "You wrote %(phrases)s. Thank you for putting it into words: thoughts like these are painful, "
            "they can pass, and you do not have to carry them alone. Crisis lines and your safety plan are "
            "one step away. glimmers is not monitored and cannot send help, so if you might act on these "
            "thoughts, call a crisis line or your local emergency number now."
        ) % {"phrases": phrases}
    return _(
        "You wrote %(phrases)s. Words alone cannot tell us what they mean for you, so here is the offer "
        "anyway: crisis lines and your safety plan are one step away, whenever you want them, and for "
        "someone you are worried about too. glimmers is not monitored and cannot send help."
    ) % {"phrases": phrases}

"""Risk language in free text: which words in a note call for offering support,
and how urgently.

``scan`` looks for the phrases of the published lexicon
(``content/risk_lexicon.toml``), in groups that follow the severity ladder
services use: thoughts of death or suicide, hopelessness and feeling a
burden, self-harm, and the acute groups (a method, a plan or a time,
preparation, an act under way or just done). It then reads the words around
each phrase: a negation just before it, the past ("I used to", "years ago"),
a hypothetical, quotation marks, or someone else as the subject.

``offer`` turns the result into calm words for one of three responses:

- ``acute``: the emergency number first ("if you have already hurt yourself
  or taken something, call ... now"), then crisis lines and the safety plan;
- ``direct``: the clear offer of crisis lines, the safety plan and someone
  to talk to;
- ``gentle``: the same offer in softer words, for words that are negated,
  in the past, hypothetical, quoted or about someone else (a hypothetical
  with a method or a plan, "what if I just took ...", gets the clear offer). When every phrase
  is negated or in the past, the offer is ``light``: a short pointer, not the
  whole block, quoting the sentence with its negation.

This is keyword matching and it is deliberately jumpy: any doubt means an
offer. It never blocks saving and never tells anyone. A level of ``"none"``
means only that nothing in this note matched a listed phrase; it says nothing
about how the person is. Words about methods are recognised but never quoted
back: nothing glimmers shows describes a method.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from glimmers.core.content import ContentError, _read
from glimmers.core.i18n import _, ngettext

Context = Literal["plain", "negated", "past", "hypothetical", "quoted", "reported"]
Level = Literal["none", "gentle", "direct", "acute"]

GROUPS: tuple[str, ...] = ("thoughts", "hopeless", "self_harm", "self_harm_act", "method", "plan", "preparation", "act")
MODEL = "model"  # the group of a match made by the second reader (``risk_model``), not the lexicon
CONTEXTS: tuple[Context, ...] = ("plain", "negated", "past", "hypothetical", "quoted", "reported")
LEVELS: tuple[Level, ...] = ("none", "gentle", "direct", "acute")
_RANK = {level: rank for rank, level in enumerate(LEVELS)}
_GROUP_LEVELS = ("direct", "acute")
_SELF_CONTEXTS = ("negated", "past")  # about the writer, but not worrying now
_CONCRETE = ("method", "preparation", "act", "self_harm_act")  # still a clear offer when hypothetical

_LEXICON = "risk_lexicon.toml"
_SCHEMA = "glimmers.risk_lexicon/2"
_CUE_LISTS = (
    "negation", "negation_turned_by", "clause_breakers", "subject_may_follow", "first_person",
    "third_person", "fiction", "speech_after", "topic_after", "hypothetical", "hypothetical_not",
    "hypothetical_not_after", "asked", "self_quote", "past_before", "past_after", "past_then", "past_breakers", "past_undone", "past_tense", "recent", "later_life",
    "negation_phrases", "negation_after", "past_prev", "joke_after", "new_subject",
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
_LOOK_AHEAD = 120  # characters a cue may look past the phrase's start ("my friend [said]")
_DOUBLE_QUOTED = re.compile(r'"[^"\n]{1,1000}"')
_SINGLE_QUOTED = re.compile(r"(?<!\w)'(?=[^\W\d_])(?:[^'\n]|'(?=\w)){1,1000}?'(?!\w)")
_TAG_MARKS = re.compile(r'[ \t,"]{0,6}')  # no line break: a tag sits on the same line
# Someone else's self or life. Not "yourself": in a private journal "you" is
# often the writer talking to themselves ("kill yourself", in my own voice).
_OTHER_SELF = re.compile(
    r"(?<!\w)(?:(?:him|her|them|one) ?sel(?:f|ves)|themself|(?:his|her|their) (?:own )?li(?:fe|ves))(?!\w)", re.IGNORECASE
)
_PHRASES_SHOWN = 3
_PHRASE_CHARS = 80
_SENTENCE_QUOTE_REACH = 60  # characters: how short a following sentence is that closes the past ("It passed.")
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


@dataclass(frozen=True)
class Group:
    key: str
    level: Level
    quote: bool
    pattern: re.Pattern[str]  # every entry of the group in one expression: one pass over the text
    size: int  # how many entries


@dataclass(frozen=True)
class Combination:
    """Words that count only together: a means and a harmful move in one
    sentence ("the bridge ... go over the side"), a decision and a time in one
    note. Each part is a list of patterns; every part must be found."""

    name: str
    group: str
    scope: Literal["sentence", "pair", "note"]  # "pair": a sentence and the one before it
    parts: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Lexicon:
    """The lexicon, compiled once."""

    groups: tuple[Group, ...]
    idioms: re.Pattern[str]
    escalate_sentence: re.Pattern[str]
    escalate_anywhere: re.Pattern[str]
    together: tuple[re.Pattern[str], ...]  # small signs of preparation; ``together_needed`` of them count
    together_needed: int
    combinations: tuple[Combination, ...]
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
    for _depth in range(4):  # macros may use other macros, a few levels deep
        unknown = [name for name in _MACRO.findall(pattern) if name not in macros]
        if unknown:
            raise ContentError(f"{_LEXICON}: {where}: unknown macro {{{unknown[0]}}} in {pattern!r}")
        if not _MACRO.search(pattern):
            return pattern
        pattern = _MACRO.sub(lambda found: macros[found.group(1)], pattern)
    raise ContentError(f"{_LEXICON}: {where}: macros nest too deeply in {pattern!r}")


def _compile(patterns: list[str], macros: dict[str, str], *, spaces: str = r"\s+", where: str) -> re.Pattern[str]:
    """All entries as one expression, matched on whole words, case-insensitively.

    One expression per list is several times faster than one per entry; when
    it does not compile, each entry is compiled alone to name the broken one.
    """
    if not patterns or not all(isinstance(p, str) and p.strip() for p in patterns):
        raise ContentError(f"{_LEXICON}: {where} needs a list of patterns")
    expanded = [_translate(_expand(pattern, macros, where), spaces) for pattern in patterns]
    try:
        return re.compile(r"(?<!\w)(?:" + "|".join(expanded) + r")(?!\w)", re.IGNORECASE)
    except re.error as error:
        for pattern, translated in zip(patterns, expanded):
            try:
                re.compile(translated, re.IGNORECASE)
            except re.error as broken:
                raise ContentError(f"{_LEXICON}: {where}: {broken} in {pattern!r}") from broken
        raise ContentError(f"{_LEXICON}: {where}: {error}") from error


def _group(row: dict, macros: dict[str, str]) -> Group:
    key, level = row.get("key"), row.get("level")
    if key not in GROUPS:
        raise ContentError(f"{_LEXICON}: unknown group {key!r}; groups are {', '.join(GROUPS)}")
    if level not in _GROUP_LEVELS or not isinstance(row.get("quote"), bool):
        raise ContentError(f"{_LEXICON}: group {key} needs a level (direct or acute) and quote = true or false")
    patterns = row.get("patterns", [])
    if not patterns:
        raise ContentError(f"{_LEXICON}: {key} has no patterns")
    return Group(key, level, row["quote"], _compile(patterns, macros, where=key), len(patterns))


def _combination(row: dict, macros: dict[str, str]) -> Combination:
    name, group, scope, parts = row.get("name", "?"), row.get("group"), row.get("scope"), row.get("parts")
    if group not in GROUPS or scope not in ("sentence", "pair", "note"):
        raise ContentError(f"{_LEXICON}: combination {name} needs a known group and a scope (sentence, pair or note)")
    if not isinstance(parts, list) or len(parts) < 2:
        raise ContentError(f"{_LEXICON}: combination {name} needs two or more parts")
    compiled = tuple(_compile(part, macros, where=f"combination {name}") for part in parts)
    return Combination(name, group, scope, compiled)


@lru_cache(maxsize=None)
def lexicon() -> Lexicon:
    """Load, check and compile the published lexicon (once per process)."""
    data = _read(_LEXICON, _SCHEMA)
    macros = data.get("macros", {})
    groups = tuple(_group(row, macros) for row in data.get("group", []))
    keys = [group.key for group in groups]
    if sorted(keys) != sorted(GROUPS):
        raise ContentError(f"{_LEXICON}: needs each group once: {', '.join(GROUPS)}")
    cue_data = data.get("cues", {})
    missing = [name for name in _CUE_LISTS if not cue_data.get(name)]
    if missing:
        raise ContentError(f"{_LEXICON}: cues missing: {', '.join(missing)}")
    reach = cue_data.get("negation_reach", 4)
    if not isinstance(reach, int) or not 1 <= reach <= 8:
        raise ContentError(f"{_LEXICON}: negation_reach must be a whole number from 1 to 8")
    escalate = data.get("escalate", {})
    together = data.get("preparation_together", {})
    needed = together.get("needed", 2)
    if not isinstance(needed, int) or needed < 2:
        raise ContentError(f"{_LEXICON}: preparation_together.needed must be a whole number of 2 or more")
    return Lexicon(
        groups=groups,
        idioms=_compile(data.get("idioms", {}).get("patterns", []), macros, spaces=r"[^\S\n]+", where="idioms"),
        escalate_sentence=_compile(escalate.get("same_sentence", []), macros, where="escalate.same_sentence"),
        escalate_anywhere=_compile(escalate.get("anywhere", []), macros, where="escalate.anywhere"),
        together=tuple(
            _compile([pattern], macros, where="preparation_together") for pattern in together.get("patterns", [])
        )
        or (_compile([], macros, where="preparation_together"),),
        together_needed=needed,
        combinations=tuple(_combination(row, macros) for row in data.get("combination", [])),
        cues={name: _compile(cue_data[name], macros, where=f"cues.{name}") for name in _CUE_LISTS},
        negation_reach=reach,
    )


def _sentence_start(plain: str, position: int) -> int:
    low = max(0, position - _LOOK_BACK)
    return max([low] + [plain.rfind(mark, low, position) + 1 for mark in _SENTENCE_MARKS])


def _sentence_end(plain: str, position: int) -> int:
    ends = [plain.find(mark, position) for mark in _SENTENCE_MARKS]
    return min([end for end in ends if end >= 0] + [len(plain)])


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
            after = lex.cues["self_quote"].search(plain, close_at, _sentence_end(plain, close_at))
            return not (before or after)
        index -= 1
    return False


def _clause_start(lex: Lexicon, plain: str, sentence: int, start: int) -> int:
    """Where the phrase's clause begins: after a comma, "but", "and", a new "I"..."""
    before = plain[sentence:start]
    low = sentence + max(before.rfind(mark) for mark in _CLAUSE_MARKS) + 1
    for word in reversed(list(_WORD.finditer(plain, low, start))):
        if _is(lex.cues["clause_breakers"], word.group()):
            return word.end()
    return low


_SUBJECT_BREAKERS = re.compile(r"(?<!\w)(?:and|but|so|because|cos|though|although|yet|however|then|when|while|if|or)(?!\w)", re.IGNORECASE)


def _subject_clause_start(plain: str, sentence: int, start: int) -> int:
    """Where the clause whose subject we look for begins: after a comma or a
    conjunction, but not after "who" or "that" ("a man who died jumping ...")."""
    before = plain[sentence:start]
    low = sentence + max(before.rfind(mark) for mark in _CLAUSE_MARKS) + 1
    found = [hit.end() for hit in _SUBJECT_BREAKERS.finditer(plain, low, start)]
    return found[-1] if found else low


def _negated(lex: Lexicon, plain: str, sentence: int, start: int, end: int) -> bool:
    """A negation within a few words before the phrase, in the same clause
    ("I'm not going to ..."), or a denying phrase such as "no part of me" or
    "I have no plan to"."""
    before = plain[sentence:start]
    clause = before[max(before.rfind(mark) for mark in _CLAUSE_MARKS) + 1 :]
    own = _WORD.match(plain, start, end)
    if lex.cues["negation_after"].match(plain, end):
        return True  # an answer straight after: "better off dead: not at all"
    if own and _is(lex.cues["clause_breakers"], own.group()):
        return False  # the phrase opens its own clause: "... aren't left short when I'm gone"
    if lex.cues["negation_phrases"].search(clause):
        return True
    words = _WORD.findall(clause)
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


def _past_start(lex: Lexicon, plain: str, sentence: int, start: int) -> int:
    """How far back a past-time word reaches: the sentence, up to "but", "now"..."""
    for word in reversed(list(_WORD.finditer(plain, sentence, start))):
        if _is(lex.cues["past_breakers"], word.group()):
            return word.end()
    return sentence


def _looking_back(lex: Lexicon, plain: str, sentence: int, start: int, end: int) -> bool:
    """Told in the past tense and answered by a later life: "I attempted at 17.
    I'm 38 now and ..." / "... wanted to die. That was four years ago." Never
    when the sentence says it was recent ("last night", "today")."""
    finish = _sentence_end(plain, end)
    if not lex.cues["past_tense"].search(plain, sentence, finish) or lex.cues["recent"].search(plain, sentence, finish):
        return False
    following = finish
    for _next in range(2):
        if following >= len(plain):
            break
        following = _sentence_end(plain, following + 1)
    return lex.cues["later_life"].search(plain, end, following) is not None


def _past(lex: Lexicon, plain: str, sentence: int, start: int, end: int) -> bool:
    """Said of the past: "I used to ...", "... years ago", "it's been a year since ...",
    or a short next sentence that closes it ("It passed.", "Not anymore."), unless
    the same sentence says it came back ("Relapsed after 94 days clean")."""
    if lex.cues["past_undone"].search(plain, sentence, _sentence_end(plain, end)):
        return False
    return _said_of_the_past(lex, plain, sentence, start, end) or _looking_back(lex, plain, sentence, start, end)


def _said_of_the_past(lex: Lexicon, plain: str, sentence: int, start: int, end: int) -> bool:
    for cue in lex.cues["past_before"].finditer(plain, _past_start(lex, plain, sentence, start), end):
        if cue.start() < start:
            return True  # before the phrase, or ending inside it: "after my overdose"
    if sentence > 1 and lex.cues["past_prev"].search(plain, _sentence_start(plain, sentence - 1), sentence):
        return True  # "Found my old diary. Page after page of ..."
    finish = _sentence_end(plain, end)
    if lex.cues["past_after"].search(plain, end, finish):
        return True
    for _next in range(2):  # a short sentence or two after: "Therapy helped. It's been years."
        if finish >= len(plain):
            return False
        following = _sentence_end(plain, finish + 1)
        if following - finish > _SENTENCE_QUOTE_REACH:
            return False
        if lex.cues["past_then"].match(plain, _skip_spaces(plain, finish + 1)):
            return True
        finish = following
    return False


def _skip_spaces(plain: str, position: int) -> int:
    while position < len(plain) and plain[position] in " \t\n":
        position += 1
    return position


def _hypothetical(lex: Lexicon, plain: str, sentence: int, start: int, end: int) -> bool:
    """"If I ever ...", "suppose ...", or a joke marker just after ("... lol")."""
    if lex.cues["joke_after"].match(plain, end):
        return True
    for cue in lex.cues["hypothetical"].finditer(plain, sentence, start):
        if lex.cues["hypothetical_not"].match(plain, cue.start()):
            continue
        previous = _WORD.findall(plain[sentence : cue.start()])[-1:]
        if previous and _is(lex.cues["hypothetical_not_after"], previous[0]):
            continue
        return True
    return False


def _last(pattern: re.Pattern[str], plain: str, low: int, high: int) -> int:
    """Where the last cue starting before ``high`` starts (its lookaheads may see past ``high``)."""
    found = -1
    for hit in pattern.finditer(plain, low, high + _LOOK_AHEAD):
        if hit.start() >= high:
            break
        found = hit.start()
    return found


def _reported(lex: Lexicon, plain: str, sentence: int, start: int, end: int) -> bool:
    """About someone else or the subject in general: another subject, a story or
    song, a tag such as ", she said", or "suicide prevention", "self-harm awareness"."""
    phrase = plain[start:end]
    if _OTHER_SELF.search(phrase):
        return True
    after = _skip_tag_marks(plain, end)
    if lex.cues["speech_after"].match(plain, after) or lex.cues["topic_after"].match(plain, after):
        return True
    if lex.cues["asked"].search(plain, sentence, start):
        return True  # someone else's question: "the nurse asked if I ..."
    me = _last(lex.cues["first_person"], plain, sentence, start)
    # Someone else counts as the subject only in the phrase's own clause:
    # "When she goes there'll be ... no reason to stay" is about the writer.
    other = _last(lex.cues["third_person"], plain, _subject_clause_start(plain, sentence, start), start)
    story = _last(lex.cues["fiction"], plain, sentence, start)
    if story > me and story >= other:
        return True
    return other > me and not lex.cues["first_person"].search(phrase)


def _context(
    lex: Lexicon, plain: str, spans: list[tuple[int, int]], starts: list[int], start: int, end: int, *, combined: bool = False
) -> Context:
    """How a phrase is meant. ``combined``: found by a combination, whose parts
    lie around the anchor, so the subject of the words just before it is not
    read ("When the kids are at their dads on Saturday, I'm doing it")."""
    if _quoted(lex, plain, spans, starts, start, end):
        return "quoted"
    sentence = _sentence_start(plain, start)
    if _negated(lex, plain, sentence, start, end):
        return "negated"
    if _past(lex, plain, sentence, start, end):
        return "past"
    if _hypothetical(lex, plain, sentence, start, end):
        return "hypothetical"
    if not combined and _reported(lex, plain, sentence, start, end):
        return "reported"
    return "plain"


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
        if char in _SENTENCE_MARKS:
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


def _found(lex: Lexicon, masked: str) -> list[tuple[int, int, Group]]:
    """Every listed phrase; overlapping ones merged, the most urgent group winning."""
    hits = sorted(
        (hit.start(), hit.end(), index)
        for index, group in enumerate(lex.groups)
        for hit in group.pattern.finditer(masked)
        if hit.end() > hit.start()
    )
    position_of = {group.key: position for position, group in enumerate(lex.groups)}
    extra = [(start, end, position_of[key]) for start, end, key in _combined(lex, masked)]
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
    sentence = text[_sentence_start(plain, start) : _sentence_end(plain, end)].strip()
    return sentence if len(sentence) <= _WHOLE_SENTENCE_CHARS else ""


def scan(text: str, *, use_model: bool = True) -> RiskReading:
    """Find risk language in a note. Pure: no storage, no side effects.

    ``use_model=False`` reads with the lexicon alone (to measure it on its own).
    """
    if not text or not text.strip():
        return RiskReading()
    lex = lexicon()
    plain = text.translate(_PLAIN_MARKS)
    masked = lex.idioms.sub(lambda idiom: _MASK * len(idiom.group()), plain)
    spans = _quoted_spans(plain)
    starts = [span[0] for span in spans]
    urgent_anywhere = lex.escalate_anywhere.search(masked) is not None
    matches = []
    combined = {(start, end) for start, end, _key in _combined(lex, masked)}
    for start, end, group in _found(lex, masked):
        context = _context(lex, plain, spans, starts, start, end, combined=(start, end) in combined)
        if context == "hypothetical":
            # "What if I just took ...": a concrete means stays a clear offer;
            # "If I fail I'll kill myself" is offered gently.
            level: Level = "direct" if group.key in _CONCRETE else "gentle"
        elif context != "plain":
            level = "gentle"
        elif group.level == "direct" and (
            urgent_anywhere
            or lex.escalate_sentence.search(masked, _sentence_start(plain, start), _sentence_end(plain, end))
        ):
            level = "acute"  # a time, a decision or means at hand beside the thought
        else:
            level = group.level
        shown = _shown(text, plain, lex, start, end, context)
        matches.append(Match(text[start:end], start, end, group.key, context, level, group.quote, shown))
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
    ) or any(open_at < high and close_at > low for open_at, close_at in _quoted_spans(plain[low:high]))


def _with_the_model(lex: Lexicon, text: str, plain: str, masked: str, matches: list[Match]) -> list[Match]:
    """The second reader (``risk_model``): an offer where the lexicon found nothing,
    or an urgent one where it found a clear offer and the model reads a plan or an act.

    It reads sentences the lexicon found nothing in (and short notes whole),
    never ones that deny, remember, quote or report, and is never quoted back.
    """
    from glimmers.core import risk_model

    model = risk_model.model()
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
        if len(_WORD.findall(words)) < _MODEL_MIN_WORDS:
            continue  # too little to read: "Again." or an idiom blanked out
        if _context_cues_in(lex, plain, low, high):
            continue
        chance = model.probabilities(words)
        if chance["direct"] + chance["acute"] >= model.threshold:
            level: Level = "acute" if chance["acute"] >= max(chance["direct"], model.acute_threshold) else "direct"
            stripped = len(text[low:high]) - len(text[low:high].lstrip())
            start, end = low + stripped, len(text[:high].rstrip())
            added.append(Match(text[start:end], start, end, MODEL, "plain", level, False, ""))
    escalated = []
    for match in matches:
        if match.level == "direct" and match.group in ("thoughts", "hopeless"):
            low, high = _sentence_start(plain, match.start), _sentence_end(plain, match.end)
            if model.probabilities(masked[low:high].replace(_MASK, " "))["acute"] >= model.acute_threshold:
                match = replace(match, level="acute")
        escalated.append(match)
    return sorted(escalated + added, key=lambda match: match.start)


# ------------------------------------------------------------------ the offer


@dataclass(frozen=True)
class Offer:
    """What to show for a reading; every surface shows ``urgent`` first."""

    level: Level  # "gentle", "direct" or "acute"
    urgent: str  # acute only: the emergency number first; "" otherwise
    message: str  # calm words; quotes the person's words where that is safe
    light: bool  # negated or past words only: a short pointer rather than the whole block

    @property
    def text(self) -> str:
        return "\n".join(part for part in (self.urgent, self.message) if part)


def _quote(phrase: str) -> str:
    words = " ".join(phrase.split())
    if len(words) > _PHRASE_CHARS:
        words = words[: _PHRASE_CHARS - 1].rstrip() + "…"
    return _("“%(phrase)s”") % {"phrase": words}


def _quote_back(matches: list[Match]) -> str:
    unique: dict[str, str] = {}
    for match in matches:
        unique.setdefault(" ".join(match.shown.split()).casefold(), match.shown)
    phrases = [_quote(phrase) for phrase in unique.values()]
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


def _emergency(number: str | None) -> str:
    return number.strip() if number and number.strip() else _("your local emergency number")


def offer(reading: RiskReading, *, emergency: str | None = None) -> Offer | None:
    """Calm words offering support, or None when nothing matched.

    ``emergency`` is the number to dial where the person is (e.g. "112");
    without one the words say "your local emergency number".
    """
    if reading.level == "none" or not reading.matches:
        return None
    number = _emergency(emergency)
    not_monitored = _("glimmers is not monitored and cannot send help or contact anyone for you.")
    if reading.level == "acute":
        return Offer(
            "acute",
            _("If you have already hurt yourself or taken something, call %(number)s now.") % {"number": number},
            _(
                "What you wrote sounds like you could be in danger right now. You matter, and help is there "
                "this minute: call a crisis line below, or ask someone near you to stay with you. If you can, "
                "put some distance between yourself and anything you could hurt yourself with."
            )
            + " "
            + not_monitored,
            light=False,
        )
    if reading.level == "direct":
        plain = [match for match in reading.matches if match.context == "plain" and match.level == "direct"]
        quotable = [match for match in plain if match.quotable]
        if quotable:
            opening = _("You wrote %(phrases)s. Thank you for putting it into words: thoughts like these are painful, they can pass, and you do not have to carry them alone.") % {"phrases": _quote_back(quotable)}
        elif any(match.group == "self_harm" for match in plain):
            opening = _("Thank you for writing down what is happening. Urges to hurt yourself say how much you are carrying; you deserve care, not blame, and you do not have to carry this alone.")
        else:
            opening = _("Thank you for writing this down. What you wrote sounds heavy, and you do not have to carry it alone: thoughts like these can pass, and help can make them lighter.")
        return Offer(
            "direct",
            "",
            opening
            + " "
            + _("Crisis lines and your safety plan are one step away.")
            + " "
            + not_monitored
            + " "
            + _("If you might act on these thoughts, or you are hurt, call a crisis line or %(number)s now.") % {"number": number},
            light=False,
        )
    quotable = [match for match in reading.matches if match.quotable and match.shown]
    said = _("You wrote %(phrases)s.") % {"phrases": _quote_back(quotable)} if quotable else _("Some of your words touch on hurting yourself or not wanting to be here.")
    if reading.light:
        return Offer(
            "gentle",
            "",
            said
            + " "
            + _("If thoughts like these come back, or are closer than the words say, help is one step away: crisis lines and your safety plan, whenever you want them.")
            + " "
            + not_monitored,
            light=True,
        )
    return Offer(
        "gentle",
        "",
        said
        + " "
        + _(
            "Words alone cannot tell us what they mean for you, so here is the offer anyway: crisis lines and "
            "your safety plan are one step away, whenever you want them, and for someone you are worried about too."
        )
        + " "
        + not_monitored,
        light=False,
    )


def offer_message(reading: RiskReading, *, emergency: str | None = None) -> str | None:
    """The offer as one block of text (urgent line first), or None."""
    made = offer(reading, emergency=emergency)
    return made.text if made else None

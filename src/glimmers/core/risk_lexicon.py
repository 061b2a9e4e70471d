"""The risk-language lexicon (``content/risk_lexicon.toml``), loaded, checked and
compiled once per process.

The file's header explains its notation. Here it becomes regular
expressions: one per group (so a note is read once per group, not once per
phrase), one per cue list, and one per part of each combination. A broken
pattern fails loudly and names the entry it is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from glimmers.core.content import ContentError, read_content

Context = Literal["plain", "negated", "past", "hypothetical", "quoted", "reported"]
Level = Literal["none", "gentle", "direct", "acute"]

GROUPS: tuple[str, ...] = ("thoughts", "hopeless", "self_harm", "self_harm_act", "method", "plan", "preparation", "act")
CONTEXTS: tuple[Context, ...] = ("plain", "negated", "past", "hypothetical", "quoted", "reported")
LEVELS: tuple[Level, ...] = ("none", "gentle", "direct", "acute")
_GROUP_LEVELS = ("direct", "acute")

_LEXICON = "risk_lexicon.toml"
_SCHEMA = "glimmers.risk_lexicon/2"
_CUE_LISTS = (
    "negation", "negation_turned_by", "clause_breakers", "subject_may_follow", "first_person",
    "third_person", "fiction", "speech_after", "topic_after", "hypothetical", "hypothetical_not",
    "hypothetical_not_after", "asked", "self_quote", "past_before", "past_after", "past_then", "past_breakers", "past_undone", "past_tense", "recent", "later_life",
    "negation_phrases", "negation_after", "past_prev", "joke_after", "new_subject",
)
_MACRO = re.compile(r"\{([a-z_]+)\}")


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
    data = read_content(_LEXICON, _SCHEMA)
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

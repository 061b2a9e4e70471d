"""The risk-language lexicon (``content/risk_lexicon.toml``), loaded, checked and
compiled.

The file's header explains its notation. Here it becomes regular
expressions: one per group (so a note is read once per group, not once per
phrase), one per cue list, and one per part of each combination. A broken
pattern fails loudly and names the entry it is in.

:func:`lexicon` compiles every list: the reference, read by the tests and
by long-running processes. :func:`lexicon_lists` is the same lexicon with
each list kept as its translated entries, not compiled; ``risk_prefilter``
compiles from those only what a given note could match, which is what a
single command needs: compiling everything takes longer than the rest of a
check-in.

Languages: the file's English lists come first; the table of each language in
:data:`ALSO_READ` (``[es]``: Spanish) adds its entries to the same lists, so
every note is read in all of them whatever language glimmers speaks. A
Spanish entry is spelt loosely on purpose (:func:`accent_free`): people type
"suicidarme", "mañana" and "daño" with or without their accents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import replace
from functools import lru_cache
from typing import Callable, Literal

from glimmers.core.content import CONTENT_FOLDER, ContentError, read_content

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
# Languages read besides English, always, whatever language glimmers speaks:
# each is a table of the lexicon file whose lists are added to the English ones.
ALSO_READ: tuple[str, ...] = ("es",)
_LANGUAGE_PARTS = {
    "macros": None,
    "group": ("key", "patterns"),
    "idioms": ("patterns",),
    "escalate": ("same_sentence", "anywhere"),
    "preparation_together": ("patterns",),
    "combination": ("name", "group", "scope", "parts"),
    "cues": _CUE_LISTS,
}
# Outside a character class, each of these letters of a Spanish entry also
# matches the others of its set: a vowel with or without its accent, n and ñ.
_LOOSE_LETTERS = {letter: letters for letters in ("aá", "eé", "ií", "oó", "uúü", "nñ") for letter in letters}


@dataclass(frozen=True)
class Patterns:
    """One list of the lexicon, macros expanded and notation translated, not compiled."""

    entries: tuple[str, ...]

    @property
    def source(self) -> str:
        return whole(self.entries)


def whole(entries) -> str:
    """Entries as the one expression a list is compiled to: any of them, on whole words."""
    return r"(?<!\w)(?:" + "|".join(entries) + r")(?!\w)"


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


def _rewrite_outside_classes(pattern: str, plain: Callable[[str, int], tuple[str, int]]) -> str:
    """``pattern`` with each stretch outside escapes and character classes rewritten by
    ``plain(pattern, index)``, which returns the text for what starts at ``index`` and
    where to go on from. Escapes ("\\b") and classes ("[aá]") are kept as written."""
    out, in_class, index = [], False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
        elif in_class or char == "[":
            in_class = char == "[" or char != "]"
            out.append(char)
            index += 1
        else:
            text, index = plain(pattern, index)
            out.append(text)
    return "".join(out)


def _translate(pattern: str, space: str) -> str:
    """Lexicon notation to a regular expression (see the file's header)."""

    def plain(text: str, index: int) -> tuple[str, int]:
        char, following = text[index], text[index + 1 : index + 2]
        if char == " " and following in ("?", "*"):
            return space[:-1] + "*", index + 2  # " ?" and " *": any spaces, or none
        if char == " ":
            return space, index + 1
        if char == "'" and following != "?":
            return "'?", index + 1
        return char, index + 1

    return _rewrite_outside_classes(pattern, plain)


def _expand(pattern: str, macros: dict[str, str], where: str) -> str:
    for _depth in range(4):  # macros may use other macros, a few levels deep
        unknown = [name for name in _MACRO.findall(pattern) if name not in macros]
        if unknown:
            raise ContentError(f"{_LEXICON}: {where}: unknown macro {{{unknown[0]}}} in {pattern!r}")
        if not _MACRO.search(pattern):
            return pattern
        pattern = _MACRO.sub(lambda found: macros[found.group(1)], pattern)
    raise ContentError(f"{_LEXICON}: {where}: macros nest too deeply in {pattern!r}")


def accent_free(pattern: str, where: str) -> str:
    """A Spanish entry as matched: every a, e, i, o, u and n outside a character
    class, written with or without its accent, also matches the letter with any
    of its accents or none ("mañana" matches "manana", "suicidarme" matches
    "suicidárme"). A letter in brackets is matched as written: "m[í]" is only
    "mí" (me), never "mi" (my). Macro names ({es_soon}) are left alone.
    """
    if re.search(r"\(\?[A-Za-z]|\\[uUxN]", pattern):
        raise ContentError(f"{_LEXICON}: {where}: a Spanish entry may not use named groups, inline flags or \\u, \\x, \\N escapes: {pattern!r}")

    def plain(text: str, index: int) -> tuple[str, int]:
        macro = _MACRO.match(text, index)
        if macro:
            return macro.group(), macro.end()
        char = text[index]
        return ("[" + _LOOSE_LETTERS[char.lower()] + "]" if char.lower() in _LOOSE_LETTERS else char), index + 1

    return _rewrite_outside_classes(pattern, plain)


def _with_other_languages(data: dict) -> dict:
    """The English lists with each language of :data:`ALSO_READ` added after them.

    A language's table may add macros (named ``<code>_...``, so they can never
    change an English entry), entries to any group (by key: the group's level
    and quoting stay the English ones), idioms, escalation words, small signs
    of preparation, combinations and cue words. Its entries are spelt loosely
    (:func:`accent_free`).
    """
    merged = dict(data)
    for code in ALSO_READ:
        section = data.get(code)
        if section is None:
            continue
        if not isinstance(section, dict) or set(section) - set(_LANGUAGE_PARTS):
            raise ContentError(f"{_LEXICON}: [{code}] may hold only {', '.join(_LANGUAGE_PARTS)}")
        for part, fields in _LANGUAGE_PARTS.items():
            value = section.get(part, {})
            for row in value if isinstance(value, list) else [value]:
                if not isinstance(row, dict) or (fields is not None and set(row) - set(fields)):
                    raise ContentError(f"{_LEXICON}: [{code}.{part}] may hold only {', '.join(fields or ())}")

        def loose(patterns, where: str, code: str = code) -> list:
            if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and p.strip() for p in patterns):
                raise ContentError(f"{_LEXICON}: [{code}] {where} needs a list of patterns")
            return [accent_free(pattern, f"[{code}] {where}") for pattern in patterns]

        macros = dict(merged.get("macros", {}))
        for name, value in section.get("macros", {}).items():
            if not name.startswith(f"{code}_") or name in macros or not isinstance(value, str):
                raise ContentError(f"{_LEXICON}: [{code}.macros] {name}: a macro of its own, named {code}_...")
            macros[name] = accent_free(value, f"[{code}.macros] {name}")
        merged["macros"] = macros

        groups = [dict(row) for row in merged.get("group", [])]
        by_key = {row.get("key"): row for row in groups}
        for row in section.get("group", []):
            key = row.get("key")
            if key not in by_key:
                raise ContentError(f"{_LEXICON}: [{code}] unknown group {key!r}; groups are {', '.join(GROUPS)}")
            by_key[key]["patterns"] = list(by_key[key].get("patterns", [])) + loose(row.get("patterns"), key)
        merged["group"] = groups

        for part, lists in (("idioms", ("patterns",)), ("escalate", ("same_sentence", "anywhere")), ("preparation_together", ("patterns",)), ("cues", _CUE_LISTS)):
            table = dict(merged.get(part, {}))
            for name in lists:
                if name in section.get(part, {}):
                    table[name] = list(table.get(name, [])) + loose(section[part][name], f"{part}.{name}")
            merged[part] = table

        names = {row.get("name") for row in merged.get("combination", [])}
        combinations = list(merged.get("combination", []))
        for row in section.get("combination", []):
            if not isinstance(row.get("name"), str) or row["name"] in names or not isinstance(row.get("parts"), list):
                raise ContentError(f"{_LEXICON}: [{code}] combination {row.get('name')!r} needs a name of its own and parts")
            names.add(row["name"])
            combinations.append({**row, "parts": [loose(part, f"combination {row.get('name')}") for part in row["parts"]]})
        merged["combination"] = combinations
    return merged


def _listed(patterns: list[str], macros: dict[str, str], *, spaces: str = r"\s+", where: str) -> Patterns:
    """A list's entries, macros expanded and translated (see the file's header)."""
    if not patterns or not all(isinstance(p, str) and p.strip() for p in patterns):
        raise ContentError(f"{_LEXICON}: {where} needs a list of patterns")
    return Patterns(tuple(_translate(_expand(pattern, macros, where), spaces) for pattern in patterns))


def _compile(patterns: list[str], macros: dict[str, str], *, spaces: str = r"\s+", where: str) -> re.Pattern[str]:
    """All entries as one expression, matched on whole words, case-insensitively.

    One expression per list is several times faster than one per entry; when
    it does not compile, each entry is compiled alone to name the broken one.
    """
    expanded = _listed(patterns, macros, spaces=spaces, where=where).entries
    try:
        return re.compile(whole(expanded), re.IGNORECASE)
    except re.error as error:
        for pattern, translated in zip(patterns, expanded):
            try:
                re.compile(translated, re.IGNORECASE)
            except re.error as broken:
                raise ContentError(f"{_LEXICON}: {where}: {broken} in {pattern!r}") from broken
        raise ContentError(f"{_LEXICON}: {where}: {error}") from error


def _group(row: dict, macros: dict[str, str], make) -> Group:
    key, level = row.get("key"), row.get("level")
    if key not in GROUPS:
        raise ContentError(f"{_LEXICON}: unknown group {key!r}; groups are {', '.join(GROUPS)}")
    if level not in _GROUP_LEVELS or not isinstance(row.get("quote"), bool):
        raise ContentError(f"{_LEXICON}: group {key} needs a level (direct or acute) and quote = true or false")
    patterns = row.get("patterns", [])
    if not patterns:
        raise ContentError(f"{_LEXICON}: {key} has no patterns")
    return Group(key, level, row["quote"], make(patterns, macros, where=key), len(patterns))


def _combination(row: dict, macros: dict[str, str], make) -> Combination:
    name, group, scope, parts = row.get("name", "?"), row.get("group"), row.get("scope"), row.get("parts")
    if group not in GROUPS or scope not in ("sentence", "pair", "note"):
        raise ContentError(f"{_LEXICON}: combination {name} needs a known group and a scope (sentence, pair or note)")
    if not isinstance(parts, list) or len(parts) < 2:
        raise ContentError(f"{_LEXICON}: combination {name} needs two or more parts")
    made = tuple(make(part, macros, where=f"combination {name}") for part in parts)
    return Combination(name, group, scope, made)


def source_bytes() -> bytes:
    """The lexicon file as published (what a prepared form of it is made from)."""
    return (CONTENT_FOLDER / _LEXICON).read_bytes()


@lru_cache(maxsize=None)
def lexicon() -> Lexicon:
    """Load, check and compile the published lexicon (once per process)."""
    return _build(_compile)


def lexicon_lists() -> Lexicon:
    """The lexicon checked as :func:`lexicon` does, each list left as its
    :class:`Patterns` (translated entries) instead of compiled."""
    return _build(_listed)


def _build(make) -> Lexicon:
    """The lexicon, each list made by ``make(patterns, macros, spaces=..., where=...)``."""
    data = read_content(_LEXICON, _SCHEMA, language="en")  # matched in every language; never replaced by a translation
    data = _with_other_languages(data)  # Spanish too, whatever language is spoken
    macros = data.get("macros", {})
    groups = tuple(_group(row, macros, make) for row in data.get("group", []))
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
        idioms=make(data.get("idioms", {}).get("patterns", []), macros, spaces=r"[^\S\n]+", where="idioms"),
        escalate_sentence=make(escalate.get("same_sentence", []), macros, where="escalate.same_sentence"),
        escalate_anywhere=make(escalate.get("anywhere", []), macros, where="escalate.anywhere"),
        together=tuple(
            make([pattern], macros, where="preparation_together") for pattern in together.get("patterns", [])
        )
        or (make([], macros, where="preparation_together"),),
        together_needed=needed,
        combinations=tuple(_combination(row, macros, make) for row in data.get("combination", [])),
        cues={name: make(cue_data[name], macros, where=f"cues.{name}") for name in _CUE_LISTS},
        negation_reach=reach,
    )


def map_patterns(lex: Lexicon, change) -> Lexicon:
    """The same lexicon with ``change(pattern)`` in place of every one of its lists."""
    return Lexicon(
        groups=tuple(replace(group, pattern=change(group.pattern)) for group in lex.groups),
        idioms=change(lex.idioms),
        escalate_sentence=change(lex.escalate_sentence),
        escalate_anywhere=change(lex.escalate_anywhere),
        together=tuple(change(pattern) for pattern in lex.together),
        together_needed=lex.together_needed,
        combinations=tuple(replace(item, parts=tuple(change(part) for part in item.parts)) for item in lex.combinations),
        cues={name: change(pattern) for name, pattern in lex.cues.items()},
        negation_reach=lex.negation_reach,
    )

"""Reading a note with the risk lexicon without compiling all of it.

The lexicon (``risk_lexicon``) is more than a thousand regular expressions
in dozens of lists, and compiling them all took longer than everything else
a check-in does. But almost every entry can only match text
that contains a few plain strings: ``want to die`` needs "want" and "die",
``don't`` needs "dont" or "don't". What each entry needs is worked out once,
from its parsed form (:func:`requirements`), and kept with the entries as
plain data (:class:`NarrowableLexicon`; between processes in the cache,
see ``glimmers.core.prepared``).

For one note, each list is then compiled from only the entries whose needs
the note meets, in their original order (:meth:`NarrowableLexicon.for_text`). An
entry whose needs the note does not meet cannot match anywhere in it,
so leaving it out of an alternation changes no search, match, ``finditer``
or substitution: the narrowed lexicon finds exactly what the whole one
finds. ``tests/core/test_risk_prefilter.py`` checks this on every entry and
on every labelled sentence.

Case: the lexicon is matched case-insensitively, so a note is compared in a
folded form (:func:`fold`) in which every character that matches an ASCII
character case-insensitively (``K`` and the Kelvin sign, ``s`` and the long
s) is written as that ASCII character in lower case, one character for one.
Only ASCII characters go into the strings; an entry with nothing but
non-ASCII letters, wildcards or classes to go on needs nothing and is
always compiled.

Accents: the Spanish entries are spelt loosely ("[aá]", "[nñ]": see
``risk_lexicon.accent_free``), so both the strings and the folded note write
the Spanish accented letters (á é í ó ú ü ñ, either case) as their plain
letter. A note with "mañana" then meets the need "manana" of
"ma[nñ]ana"; folding can only make more needs met, never fewer, so the
narrowed lexicon still finds everything the whole one finds.

The entries are parsed by the standard library's own parser for regular
expressions (``re._parser``, what ``re.compile`` uses): the prepared form is
keyed by the Python version, and an entry the parser refuses simply needs
nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as sre
from re import _parser as sre_parse

from glimmers.core import prepared
from glimmers.core.safety.risk_lexicon import (
    Combination,
    Group,
    Lexicon,
    Patterns,
    lexicon,
    lexicon_lists,
    map_patterns,
    source_bytes,
    whole,
)

# More exact strings than this for one run of literals: the run is not used
# (a requirement of hundreds of strings costs more to test than it saves).
_MOST_STRINGS = 64
# A character class of up to this many characters counts as a choice of literals ("[sz]").
_SMALL_CLASS = 8
# An entry is compiled only when the note holds a string of each of its (at most) this many needs.
_MOST_NEEDS = 4
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
# Matches nothing, ever: a list none of whose entries can match the note.
_NEVER = re.compile(r"(?!)")


# Spanish letters written as their plain letter, in a required string and in a folded note.
_PLAIN_LETTERS = {accented: plain for plain, letters in (("a", "áÁ"), ("e", "éÉ"), ("i", "íÍ"), ("o", "óÓ"), ("u", "úÚüÜ"), ("n", "ñÑ")) for accented in letters}


def _literal(code: int) -> str | None:
    """A character that may go into a required string: printable ASCII, lower-cased,
    or a Spanish accented letter as its plain letter ("ñ" as "n").

    Not "#": the lexicon blanks idioms out with it, so text read by the
    lexicon may hold a "#" that the note itself does not.
    """
    char = chr(code)
    if char in _PLAIN_LETTERS:
        return _PLAIN_LETTERS[char]
    return char.lower() if " " <= char <= "~" and char != "#" else None


def _exact_item(op, av) -> set[str] | None:
    """Every string one parsed item can match, when that is a short list; else None."""
    if op is sre.LITERAL:
        char = _literal(av)
        return {char} if char else None
    if op is sre.IN:
        chars: set[str] = set()
        for kind, value in av:
            codes = range(value[0], value[1] + 1) if kind is sre.RANGE else [value] if kind is sre.LITERAL else None
            if codes is None or len(codes) > _SMALL_CLASS:
                return None
            for code in codes:
                char = _literal(code)
                if char is None:
                    return None
                chars.add(char)
        return chars if len(chars) <= _SMALL_CLASS else None
    if op in _ZERO_WIDTH:
        return {""}  # consumes nothing: what it looks at need not be in the match
    if op is sre.SUBPATTERN:
        return _exact(av[-1])
    if op is sre.ATOMIC_GROUP:
        return _exact(av)
    if op is sre.BRANCH:
        found: set[str] = set()
        for alternative in av[1]:
            options = _exact(alternative)
            if options is None:
                return None
            found |= options
        return found if len(found) <= _MOST_STRINGS else None
    if op in _REPEATS:
        low, high, item = av
        if high == 0:
            return {""}
        if high == 1:
            options = _exact(item)
            return None if options is None else options | ({""} if low == 0 else set())
    return None


def _exact(items) -> set[str] | None:
    found = {""}
    for op, av in items:
        options = _exact_item(op, av)
        if options is None:
            return None
        found = {start + end for start in found for end in options}
        if len(found) > _MOST_STRINGS:
            return None
    return found


def _rank(strings: set[str]) -> tuple[int, int]:
    """How telling a requirement is: a longer shortest string, then fewer strings."""
    return min(map(len, strings)), -len(strings)


def _best(needs: list[set[str]]) -> set[str] | None:
    return max(needs, key=_rank, default=None)


def _item_needs(op, av) -> list[set[str]]:
    if op is sre.SUBPATTERN:
        return _needs(av[-1])
    if op is sre.ATOMIC_GROUP:
        return _needs(av)
    if op in _REPEATS and av[0] >= 1:
        return _needs(av[2])
    if op is sre.BRANCH:  # one of the alternatives: the union of what each needs most
        found: set[str] = set()
        for alternative in av[1]:
            needed = _best(_needs(alternative))
            if needed is None:
                return []
            found |= needed
        return [found]
    return []


def _needs(items) -> list[set[str]]:
    """What every match of a sequence needs: sets of strings, each of which the
    match contains at least one of.

    Consecutive items that match short lists of exact strings form a run (the
    strings the run can match, one after the other); any other item may need
    something of its own (a group, a repeat at least once, a branch).
    """
    needs: list[set[str]] = []
    run = {""}
    for op, av in items:
        options = _exact_item(op, av)
        if options is not None:
            longer = {start + end for start in run for end in options}
            if len(longer) <= _MOST_STRINGS:
                run = longer
                continue
            needs.append(run)
            run = options
            continue
        needs.append(run)
        run = {""}
        needs.extend(_item_needs(op, av))
    needs.append(run)
    return [needed for needed in needs if needed and "" not in needed]


def requirements(entry: str) -> tuple[tuple[str, ...], ...] | None:
    """What a case-insensitive match of the regular expression ``entry`` needs:
    groups of lower-case ASCII strings such that every match contains at least
    one string of each group (compared with :func:`fold`). The most telling
    groups, at most ``_MOST_NEEDS``; None when nothing can be named."""
    try:
        parsed = sre_parse.parse(entry, re.IGNORECASE)
    except re.error:
        return None
    needs = sorted(_needs(list(parsed)), key=_rank, reverse=True)[:_MOST_NEEDS]
    return tuple(tuple(sorted(needed)) for needed in needs) or None


def _refers_back(entry: str) -> bool:
    """A backreference or a named group: leaving other entries out could change its meaning."""
    return "(?P" in entry or re.search(r"\\[1-9]", entry) is not None


# --- folding a note -----------------------------------------------------------------

_PRINTABLE = "".join(chr(code) for code in range(0x20, 0x7F))
_MATCHES_ASCII = re.compile(r"[\x20-\x7e]", re.IGNORECASE)
_ASCII_LOWER = {code: chr(code + 32) for code in range(ord("A"), ord("Z") + 1)}


@lru_cache(maxsize=256)
def _ascii_twin(char: str) -> str | None:
    """The ASCII character (lower case) a non-ASCII one matches case-insensitively,
    "" when it matches none, None when it matches several."""
    if not _MATCHES_ASCII.match(char):
        return ""
    twins = {other.lower() for other in _PRINTABLE if re.fullmatch(re.escape(other), char, re.IGNORECASE)}
    return twins.pop() if len(twins) == 1 else None


def fold(text: str) -> str | None:
    """The note as the required strings are looked for in it: one character for
    one, ASCII letters in lower case, any character that matches an ASCII
    one case-insensitively (the Kelvin sign, the long s, dotted and dotless i)
    written as that character, and the Spanish accented letters as their plain
    letter ("Ñ" as "n"). None when a character matches several."""
    if text.isascii():
        return text.lower()
    table = dict(_ASCII_LOWER)
    for char in set(text):
        if char.isascii():
            continue
        if char in _PLAIN_LETTERS:
            table[ord(char)] = _PLAIN_LETTERS[char]
            continue
        twin = _ascii_twin(char)
        if twin is None:
            return None
        if twin:
            table[ord(char)] = twin
    return text.translate(table)


# --- the lexicon, ready to be narrowed ---------------------------------------------


@dataclass(frozen=True)
class Listed:
    """One list of the lexicon: its entries and, for each, the numbers of its
    needs in :attr:`NarrowableLexicon.needs` (None: needs nothing, always compiled)."""

    entries: tuple[str, ...]
    needs: tuple[frozenset[int] | None, ...]
    narrowable: bool = True  # False: always compiled whole

    def narrowed(self, met: frozenset[int] | None) -> re.Pattern[str]:
        """The list compiled from the entries whose needs are all ``met`` (None: every entry)."""
        if met is None or not self.narrowable:
            return _compiled(self.entries)
        return _compiled(tuple(entry for entry, needs in zip(self.entries, self.needs) if needs is None or needs <= met))


@lru_cache(maxsize=512)
def _compiled(entries: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(whole(entries), re.IGNORECASE) if entries else _NEVER


@dataclass(frozen=True)
class NarrowableLexicon:
    """The lexicon with every list :class:`Listed`, ready to be narrowed to a note."""

    lists: Lexicon  # every pattern a Listed
    needs: tuple[frozenset[str], ...]  # every distinct need of every entry
    strings: frozenset[str]  # every string of every need

    @classmethod
    def build(cls) -> NarrowableLexicon:
        """From the published lexicon; compiles all of it first, so that a broken
        entry fails loudly here, never later for the one note that needs it."""
        lexicon()
        numbered: dict[frozenset[str], int] = {}

        def listed(patterns: Patterns) -> Listed:
            needs = []
            for entry in patterns.entries:
                found = requirements(entry)
                needs.append(None if found is None else frozenset(numbered.setdefault(frozenset(n), len(numbered)) for n in found))
            return Listed(patterns.entries, tuple(needs), not any(_refers_back(entry) for entry in patterns.entries))

        lists = map_patterns(lexicon_lists(), listed)
        return cls.of(lists, tuple(numbered))

    @classmethod
    def of(cls, lists: Lexicon, needs: tuple[frozenset[str], ...]) -> NarrowableLexicon:
        return cls(lists, needs, frozenset().union(*needs))

    def for_text(self, plain: str) -> Lexicon:
        """The lexicon compiled for reading ``plain`` (and text made from it by
        blanking words out with "#"): exactly what the whole lexicon finds there."""
        folded = fold(plain)
        if folded is None:
            met = None
        else:
            present = frozenset(found for found in self.strings if found in folded)
            met = frozenset(number for number, needed in enumerate(self.needs) if not present.isdisjoint(needed))
        return map_patterns(self.lists, lambda listed: listed.narrowed(met))

    # --- as plain data, for the cache ---

    def to_bytes(self) -> bytes:
        def listed(item: Listed) -> dict:
            return {
                "entries": list(item.entries),
                "needs": [None if needs is None else sorted(needs) for needs in item.needs],
                "narrowable": item.narrowable,
            }

        lists = self.lists
        data = {
            "needs": [sorted(needed) for needed in self.needs],
            "groups": [
                {"key": g.key, "level": g.level, "quote": g.quote, "size": g.size, "pattern": listed(g.pattern)}
                for g in lists.groups
            ],
            "idioms": listed(lists.idioms),
            "escalate_sentence": listed(lists.escalate_sentence),
            "escalate_anywhere": listed(lists.escalate_anywhere),
            "together": [listed(item) for item in lists.together],
            "together_needed": lists.together_needed,
            "combinations": [
                {"name": c.name, "group": c.group, "scope": c.scope, "parts": [listed(part) for part in c.parts]}
                for c in lists.combinations
            ],
            "cues": {name: listed(item) for name, item in lists.cues.items()},
            "negation_reach": lists.negation_reach,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> NarrowableLexicon:
        """Read :meth:`to_bytes`; a ValueError (KeyError, TypeError) for anything malformed."""
        raw = json.loads(data.decode("utf-8"))
        needs = tuple(frozenset(needed) for needed in raw["needs"])
        if not all(needs) or not _all_text(frozenset().union(*needs)):
            raise ValueError("a need of the prepared lexicon is malformed")
        numbers = frozenset(range(len(needs)))

        def listed(item: dict) -> Listed:
            entries = tuple(item["entries"])
            wanted = tuple(None if found is None else frozenset(found) for found in item["needs"])
            if (
                not entries
                or not _all_text(entries)
                or len(wanted) != len(entries)
                or not all(found is None or found <= numbers for found in wanted)
                or type(item["narrowable"]) is not bool
            ):
                raise ValueError("a list of the prepared lexicon is malformed")
            return Listed(entries, wanted, item["narrowable"])

        lists = Lexicon(
            groups=tuple(
                Group(_text(g["key"]), _text(g["level"]), bool(g["quote"]), listed(g["pattern"]), int(g["size"]))
                for g in raw["groups"]
            ),
            idioms=listed(raw["idioms"]),
            escalate_sentence=listed(raw["escalate_sentence"]),
            escalate_anywhere=listed(raw["escalate_anywhere"]),
            together=tuple(listed(item) for item in raw["together"]),
            together_needed=int(raw["together_needed"]),
            combinations=tuple(
                Combination(_text(c["name"]), _text(c["group"]), _text(c["scope"]), tuple(listed(p) for p in c["parts"]))
                for c in raw["combinations"]
            ),
            cues={_text(name): listed(item) for name, item in raw["cues"].items()},
            negation_reach=int(raw["negation_reach"]),
        )
        return cls.of(lists, needs)


def _all_text(values) -> bool:
    return all(type(value) is str for value in values)


def _text(value) -> str:
    if type(value) is not str:
        raise ValueError("expected text in the prepared lexicon")
    return value


# --- reading ------------------------------------------------------------------------

_FORM = 2  # the version of the prepared form: raise it when the form or requirements() changes
# After this many notes, a process compiles the whole lexicon once and reads
# with it: a server or a test run reads many notes, a command one or two.
_NARROWED_NOTES = 3
_notes_read = 0


@lru_cache(maxsize=None)
def narrowable() -> NarrowableLexicon:
    """The published lexicon ready to be narrowed, kept between processes when a
    store is given (``glimmers.core.prepared``)."""
    return prepared.kept(
        "risk_lexicon", source_bytes(), _FORM, lambda: NarrowableLexicon.build().to_bytes(), NarrowableLexicon.from_bytes
    )


def lexicon_for(plain: str) -> Lexicon:
    """The lexicon to read ``plain`` with: narrowed to it for the first few notes
    of a process, then the whole lexicon (the same findings either way)."""
    global _notes_read
    _notes_read += 1
    if _notes_read > _NARROWED_NOTES:
        return lexicon()
    return narrowable().for_text(plain)

"""How a phrase is meant: read from the words around it.

Given the plain text and a phrase's span, ``context`` answers one of:
``quoted`` (in quotation marks, not the person's own thought), ``negated``,
``past`` (said of the past, or a recovered time), ``hypothetical`` (or a
joke), ``reported`` (someone else, or the subject in general) or ``plain``.
The cue words come from the lexicon's ``[cues]`` table.
"""

from __future__ import annotations

import bisect
import re

from glimmers.core.safety.risk_lexicon import Context, Lexicon

WORD = re.compile(r"[\w']+")
SENTENCE_MARKS = ".!?;\n"
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
_SENTENCE_QUOTE_REACH = 60  # characters: how short a following sentence is that closes the past ("It passed.")


def sentence_start(plain: str, position: int) -> int:
    low = max(0, position - _LOOK_BACK)
    return max([low] + [plain.rfind(mark, low, position) + 1 for mark in SENTENCE_MARKS])


def sentence_end(plain: str, position: int) -> int:
    ends = [plain.find(mark, position) for mark in SENTENCE_MARKS]
    return min([end for end in ends if end >= 0] + [len(plain)])


def quoted_spans(plain: str) -> list[tuple[int, int]]:
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
            before = lex.cues["self_quote"].search(plain, sentence_start(plain, open_at), open_at)
            after = lex.cues["self_quote"].search(plain, close_at, sentence_end(plain, close_at))
            return not (before or after)
        index -= 1
    return False


def _clause_start(lex: Lexicon, plain: str, sentence: int, start: int) -> int:
    """Where the phrase's clause begins: after a comma, "but", "and", a new "I"..."""
    before = plain[sentence:start]
    low = sentence + max(before.rfind(mark) for mark in _CLAUSE_MARKS) + 1
    for word in reversed(list(WORD.finditer(plain, low, start))):
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
    own = WORD.match(plain, start, end)
    if lex.cues["negation_after"].match(plain, end):
        return True  # an answer straight after: "better off dead: not at all"
    if own and _is(lex.cues["clause_breakers"], own.group()):
        return False  # the phrase opens its own clause: "... aren't left short when I'm gone"
    if lex.cues["negation_phrases"].search(clause):
        return True
    words = WORD.findall(clause)
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
    for word in reversed(list(WORD.finditer(plain, sentence, start))):
        if _is(lex.cues["past_breakers"], word.group()):
            return word.end()
    return sentence


def _looking_back(lex: Lexicon, plain: str, sentence: int, start: int, end: int) -> bool:
    """Told in the past tense and answered by a later life: "I attempted at 17.
    I'm 38 now and ..." / "... wanted to die. That was four years ago." Never
    when the sentence says it was recent ("last night", "today")."""
    finish = sentence_end(plain, end)
    if not lex.cues["past_tense"].search(plain, sentence, finish) or lex.cues["recent"].search(plain, sentence, finish):
        return False
    following = finish
    for _next in range(2):
        if following >= len(plain):
            break
        following = sentence_end(plain, following + 1)
    return lex.cues["later_life"].search(plain, end, following) is not None


def _past(lex: Lexicon, plain: str, sentence: int, start: int, end: int) -> bool:
    """Said of the past: "I used to ...", "... years ago", "it's been a year since ...",
    or a short next sentence that closes it ("It passed.", "Not anymore."), unless
    the same sentence says it came back ("Relapsed after 94 days clean")."""
    if lex.cues["past_undone"].search(plain, sentence, sentence_end(plain, end)):
        return False
    return _said_of_the_past(lex, plain, sentence, start, end) or _looking_back(lex, plain, sentence, start, end)


def _said_of_the_past(lex: Lexicon, plain: str, sentence: int, start: int, end: int) -> bool:
    for cue in lex.cues["past_before"].finditer(plain, _past_start(lex, plain, sentence, start), end):
        if cue.start() < start:
            return True  # before the phrase, or ending inside it: "after my overdose"
    if sentence > 1 and lex.cues["past_prev"].search(plain, sentence_start(plain, sentence - 1), sentence):
        return True  # "Found my old diary. Page after page of ..."
    finish = sentence_end(plain, end)
    if lex.cues["past_after"].search(plain, end, finish):
        return True
    for _next in range(2):  # a short sentence or two after: "Therapy helped. It's been years."
        if finish >= len(plain):
            return False
        following = sentence_end(plain, finish + 1)
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
        previous = WORD.findall(plain[sentence : cue.start()])[-1:]
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


def context(
    lex: Lexicon, plain: str, spans: list[tuple[int, int]], starts: list[int], start: int, end: int, *, combined: bool = False
) -> Context:
    """How a phrase is meant. ``combined``: found by a combination, whose parts
    lie around the anchor, so the subject of the words just before it is not
    read ("When the kids are at their dads on Saturday, I'm doing it")."""
    if _quoted(lex, plain, spans, starts, start, end):
        return "quoted"
    sentence = sentence_start(plain, start)
    if _negated(lex, plain, sentence, start, end):
        return "negated"
    if _past(lex, plain, sentence, start, end):
        return "past"
    if _hypothetical(lex, plain, sentence, start, end):
        return "hypothetical"
    if not combined and _reported(lex, plain, sentence, start, end):
        return "reported"
    return "plain"

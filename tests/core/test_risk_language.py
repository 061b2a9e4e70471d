"""The risk-language check: each class of the labelled set meets its aim,
the response is graded (gentle, clear, urgent), negated and past words are
quoted with their negation, methods are never quoted back, and the offers
never pass a verdict.

Pure tests: no Django, no database. The sentences live in
tests/core/data/risk_language_cases.toml (tuned on) and
risk_language_held_out.toml (never tuned on, measured only); the figures in
docs/RISK_LANGUAGE.md come from bench/risk_language_figures.py.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from functools import lru_cache
from pathlib import Path

import pytest

from glimmers.core.safety import risk_language, risk_lexicon
from glimmers.core.safety.risk_language import CONTEXTS, GROUPS, LEVELS, RiskReading, offer, offer_message, scan

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
CASES = tomllib.loads((DATA / "risk_language_cases.toml").read_text(encoding="utf-8"))
HELD_OUT = tomllib.loads((DATA / "risk_language_held_out.toml").read_text(encoding="utf-8"))
VERDICTS = re.compile(r"\bsafe\b|no risk|committed", re.IGNORECASE)
CLASSES = ("thoughts", "method", "plan_intent", "preparation", "act", "self_harm", "hopeless", "negated", "past", "quoted", "idioms", "ordinary")
# Words that name a method or a means: never in anything glimmers shows.
METHOD_WORDS = re.compile(
    r"\b(?:pills?|tablets?|meds|overdos\w*|jump\w*|bridge|train|hang\w*|rope|noose|gun|shoot\w*|drown\w*|wrists?|"
    r"poison\w*|cut|cuts|cutting|burn\w*|blade|razor|knife|bleach|traffic|ledge|roof)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=None)
def figures_module():
    spec = importlib.util.spec_from_file_location("risk_language_figures", ROOT / "bench" / "risk_language_figures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=None)
def tuned_figures():
    figures = figures_module()
    return {figure.measure.label: figure for figure in figures.figures(figures.load_cases(figures.SETS["tuned"]))}


def test_the_labelled_sets_are_big_enough_and_have_no_repeats():
    for data, minimum, total in ((CASES, 200, 3000), (HELD_OUT, 25, 300)):
        assert data["schema"] == "glimmers.risk_language_cases/2" and data["last_reviewed"]
        for label in CLASSES:
            assert len(data[label]) >= minimum, label
        everything = [s.casefold() for label in CLASSES for s in data[label]]
        assert len(everything) >= total
        assert len(everything) == len(set(everything)), "a sentence appears twice"
    tuned = {s.casefold() for label in CLASSES for s in CASES[label]}
    held_out = {s.casefold() for label in CLASSES for s in HELD_OUT[label]}
    assert not tuned & held_out, "the held-out set must not share sentences with the tuned set"


@pytest.mark.parametrize("label", CLASSES)
def test_each_class_meets_its_aim_on_the_tuned_set(label):
    figure = tuned_figures()[label]
    print(f"{label}: {figure.counted}/{figure.sentences}; on the wrong side: {figure.misses}")
    assert figure.meets_aim, figure.misses


def test_negated_past_and_reported_words_are_quoted_as_their_whole_sentence():
    """Never the positive part alone: a denial, a memory or someone else's words
    are quoted whole (or, when the sentence is long, not at all)."""
    for label in ("negated", "past", "quoted"):
        for sentence in CASES[label]:
            for match in scan(sentence).matches:
                if match.context != "plain" and match.shown:
                    assert match.shown in sentence and match.phrase in match.shown, (sentence, match)
                    assert match.shown == match.shown.strip() and len(match.shown) <= 120
    reading = scan("I no longer want to die.")
    assert reading.level == "gentle" and reading.light
    made = offer(reading)
    assert "“I no longer want to die”" in made.message and "“want to die”" not in made.message
    assert made.light and not made.urgent


@pytest.mark.parametrize(
    "text, level",
    [
        ("I'm going to take all my pills", "acute"),
        ("I wrote goodbye letters", "acute"),
        ("I cut again", "acute"),
        ("I have a plan and a date", "acute"),
        ("No reason to keep living", "direct"),
        ("There's no point to anything, nothing will ever change", "direct"),
        ("I want to die", "direct"),
        ("I want to die tonight", "acute"),  # a time beside the thought
        ("I want to kill myself. I'll do it tomorrow.", "acute"),
        ("I want to hurt myself", "direct"),
        ("I no longer want to die", "gentle"),
        ("My friend said she wants to kill herself", "gentle"),
        ("took my pills with breakfast", "none"),
        ("I'll do it tomorrow, too tired tonight.", "none"),
        ("Cut the grass, burned the toast, jumped at the chance to leave early.", "none"),
    ],
)
def test_the_examples_that_used_to_pass_silently(text, level):
    assert scan(text).level == level


def test_the_matched_phrase_is_exactly_what_was_written():
    text = "Long day.  Honestly? I REALLY want\nto die.   Anyway."
    reading = scan(text)
    [match] = reading.matches
    assert match.phrase == text[match.start : match.end] == "I REALLY want\nto die"
    assert (match.group, match.context, reading.level) == ("thoughts", "plain", "direct")


def test_curly_quotes_and_apostrophes():
    reading = scan("I don’t want to be here anymore")
    assert reading.level == "direct" and reading.phrases == ("don’t want to be here anymore",)
    assert scan("I don’t want to die").matches[0].context == "negated"
    quoted = scan("Someone online wrote “I want to die” under the video")
    assert quoted.level == "gentle" and quoted.matches[0].context == "quoted"
    assert quoted.phrases == ("I want to die",)
    own_thought = scan("I keep thinking ‘I want to die’ on the bus")
    assert own_thought.level in ("direct", "acute")  # the person's own thought is not "quoted"


@pytest.mark.parametrize(
    "text, context",
    [
        ("I'm not going to hurt myself.", "negated"),
        ("I would not ever really want to die.", "negated"),  # four words away: still in reach
        ("I don't think I want to die.", "negated"),
        ("There's no part of me that wants to die.", "negated"),  # a denying phrase further back
        ("I'm not okay. I want to die.", "plain"),  # another sentence
        ("I'm not okay, I want to die.", "plain"),  # another clause
        ("I'm not okay I want to die.", "plain"),  # a new "I" starts a new clause
        ("I don't know why I want to die.", "plain"),
        ("I didn't sleep and I want to die.", "plain"),
        ("Not sleeping much lately really want to die.", "plain"),  # five words away: out of reach
        ("I can't stop thinking about suicide.", "plain"),  # "can't stop" is not a denial
        ("I used to want to die.", "past"),
        ("Years ago I wanted to die.", "past"),
        ("After my divorce I wanted to die. It passed.", "past"),  # closed by the next sentence
        ("I used to love painting but now I want to die.", "plain"),  # "but now" ends the past
        ("If I fail this exam I'll kill myself.", "hypothetical"),
        ("If I'm honest, I want to die.", "plain"),
        ("I wonder if I'd be better off dead.", "plain"),
        ("My friend said she wants to kill herself.", "reported"),
        ("I want to die, he said.", "reported"),
        ("In the film the character wants to die.", "reported"),
        ("The nurse asked if I ever want to die.", "reported"),
        ("Did suicide prevention training at work.", "reported"),
        ("My friend said I'm a burden.", "plain"),  # about me, whoever said it
    ],
)
def test_context_and_negation_scope(text, context):
    [match] = scan(text).matches
    assert match.context == context


def test_a_hypothetical_with_a_means_is_still_a_clear_offer():
    assert scan("What if I just swallowed the whole packet").level == "acute"  # "what if I just": not hypothetical
    assert scan("Even if I took all the pills nobody would notice").level == "direct"
    assert scan("If I fail this exam I'll kill myself.").level == "gentle"


def test_an_idiom_and_a_direct_statement_in_one_note():
    note = "This meeting is killing me and I'm dead tired.\nHonestly I want to kill myself."
    reading = scan(note)
    assert reading.level == "direct"
    assert reading.phrases == ("kill myself",)
    assert "killing me" not in offer_message(reading)


def test_idioms_leave_no_match_at_all():
    reading = scan("Killed it at the gym, dead tired now, my feet are killing me. I'd kill for a coffee.")
    assert reading == RiskReading() and reading.level == "none"
    assert offer(reading) is None and offer_message(reading) is None


def test_several_sentences_keep_their_own_contexts():
    reading = scan("I'm not going to hurt myself. But I do want to die.\nMy friend wants to die too.")
    assert [match.context for match in reading.matches] == ["negated", "plain", "reported"]
    assert reading.level == "direct"


def test_several_small_signs_of_preparation_together_are_urgent():
    assert scan("Wrote the note. Now I just wait.").level == "acute"
    assert scan("Wrote the note for school.").level == "none"
    assert scan("Now I just wait for the bus.").level == "none"


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\t"])
def test_empty_text(text):
    assert scan(text) == RiskReading(matches=(), level="none")
    assert offer(scan(text)) is None


def test_a_100_kb_note_completes():
    chunk = "Woke up numb. The day was killing me. I want to die. She said it gets better. "
    text = (chunk * (100_000 // len(chunk) + 1))[:100_000]
    reading = scan(text)
    assert reading.level == "direct" and len(reading.matches) > 1000
    assert all(text[m.start : m.end] == m.phrase for m in reading.matches)


def test_fields_are_from_the_published_vocabularies():
    for data in (CASES, HELD_OUT):
        for label in CLASSES:
            for sentence in data[label]:
                reading = scan(sentence)
                assert reading.level in LEVELS
                for match in reading.matches:
                    assert match.group in (*GROUPS, risk_language.MODEL) and match.context in CONTEXTS and match.level in LEVELS


@pytest.mark.parametrize(
    "text, level",
    [
        ("I want to die.", "direct"),
        ("I'm not going to hurt myself.", "gentle"),
        ("My cousin died by suicide.", "gentle"),
        ("I want to die. No way out. I'm a burden. Nobody would miss me.", "direct"),
        ("I'm going to take all my pills tonight.", "acute"),
    ],
)
def test_offers_never_pass_a_verdict_and_say_nobody_is_watching(text, level):
    reading = scan(text)
    made = offer(reading, emergency="112")
    assert reading.level == level and made is not None and made.level == level
    assert not VERDICTS.search(made.text), made.text
    assert "not monitored" in made.text and "cannot send help" in made.text
    if not made.light:
        assert "one step away" in made.text or made.urgent


def test_the_urgent_offer_puts_the_emergency_number_first_and_never_names_a_method():
    reading = scan("I've taken all my sleeping pills and I'm standing on the bridge")
    made = offer(reading, emergency="112")
    assert made.level == "acute"
    assert made.urgent == "If you have already hurt yourself or taken something, call 112 now."
    assert made.text.index("112") < made.text.index("crisis line")
    assert not METHOD_WORDS.search(made.text), made.text
    unknown = offer(reading)  # no country chosen: still an instruction
    assert "your local emergency number" in unknown.urgent


def test_method_and_self_harm_words_are_never_quoted_back():
    for data in (CASES, HELD_OUT):
        for label in ("method", "plan_intent", "preparation", "act", "self_harm"):
            for sentence in data[label]:
                made = offer(scan(sentence), emergency="999")
                if made is not None:
                    assert not METHOD_WORDS.search(made.text), (sentence, made.text)


def test_direct_gentle_and_urgent_offers_are_worded_differently():
    direct = offer(scan("I want to die."))
    gentle = offer(scan("My friend wants to die."))
    urgent = offer(scan("I took all my pills."))
    assert len({direct.message, gentle.message, urgent.message}) == 3
    assert "emergency" in direct.message and urgent.urgent and not direct.urgent and not gentle.urgent


def test_many_phrases_are_summed_up_and_repeats_quoted_once():
    reading = scan("I want to die. I want to die. No way out. I'm a burden. Nobody would miss me.")
    message = offer_message(reading)
    assert message.count("“I want to die”") == 1
    assert "and 1 more phrase" in message


def test_the_model_only_adds_an_offer_and_is_never_quoted():
    from glimmers.core.safety import risk_model

    model = risk_model.model()
    assert 0.5 <= model.threshold < 1 and 0.5 <= model.acute_threshold < 1
    assert sum(model.trained_on.values()) == sum(len(CASES[label]) for label in CLASSES)
    chances = model.probabilities("I'm a candle that's gone out and I want to clock off for good")
    assert abs(sum(chances.values()) - 1) < 1e-9 and chances["none"] < 0.5
    for data in (CASES, HELD_OUT):
        for label in CLASSES:
            for sentence in data[label]:
                alone, both = scan(sentence, use_model=False), scan(sentence)
                assert LEVELS.index(both.level) >= LEVELS.index(alone.level), sentence  # never softer
                for match in both.matches:
                    if match.group == risk_language.MODEL:
                        assert not match.quotable and match.context == "plain", sentence
                        assert not any(m.start < match.end and match.start < m.end for m in alone.matches), sentence


def test_the_model_reads_what_the_lexicon_has_no_words_for():
    reading = scan("Honestly I'm a candle that's gone out. Nobody would notice the dark.")
    lexicon_alone = scan("Honestly I'm a candle that's gone out. Nobody would notice the dark.", use_model=False)
    assert lexicon_alone.level == "none" or reading.level != "none"


def test_the_lexicon_is_published_data_with_a_review_date():
    lexicon = risk_language.lexicon()
    assert sorted(group.key for group in lexicon.groups) == sorted(GROUPS)
    assert all(group.size >= 10 for group in lexicon.groups)
    text = (ROOT / "src" / "glimmers" / "content" / "risk_lexicon.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["schema"] == "glimmers.risk_lexicon/2" and data["last_reviewed"]
    assert "O'Dea" in text and "14%" in text


def test_the_core_check_imports_no_web_framework():
    code = (
        "import sys, glimmers.core.safety.risk_language as r; r.lexicon(); "
        "print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_docs_show_the_figures_the_script_prints():
    figures = figures_module()
    docs = (ROOT / "docs" / "RISK_LANGUAGE.md").read_text(encoding="utf-8")
    for name, (rendered, _found, _quotes) in figures.tables().items():
        assert f"{figures.START.format(name)}\n{rendered}\n{figures.END.format(name)}" in docs, (
            "run bench/risk_language_figures.py --write"
        )


@pytest.mark.parametrize("patterns, macros", [(["(unclosed"], {}), (["{nowhere} to die"], {}), ([], {})])
def test_a_broken_lexicon_fails_loudly(patterns, macros):
    from glimmers.core.content import ContentError

    with pytest.raises(ContentError):
        risk_lexicon._compile(patterns, macros, where="test")


def test_quotes_never_carry_control_characters():
    reading = scan("Years ago I wanted to die\x1b[31m, not now.")
    made = offer(reading)
    assert made is not None and "\x1b" not in made.text and "wanted to die" in made.text

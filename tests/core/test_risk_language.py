"""The risk-language check: recall on the labelled set, idioms left alone,
the words quoted back exactly, and offers that never pass a verdict.

Pure tests: no Django, no database. The sentences live in
tests/core/data/risk_language_cases.toml; the figures in
docs/RISK_LANGUAGE.md come from bench/risk_language_figures.py.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from glimmers.core import risk_language
from glimmers.core.risk_language import CATEGORIES, CONTEXTS, RiskReading, offer_message, scan

ROOT = Path(__file__).resolve().parents[2]
CASES = tomllib.loads((Path(__file__).parent / "data" / "risk_language_cases.toml").read_text(encoding="utf-8"))
VERDICTS = re.compile(r"\bsafe\b|no risk|committed", re.IGNORECASE)


def share(label: str, levels: set[str]) -> tuple[float, list[str]]:
    """The share of a label's sentences whose level is in ``levels``, and the others."""
    sentences = CASES[label]
    others = [sentence for sentence in sentences if scan(sentence).level not in levels]
    return 1 - len(others) / len(sentences), others


def test_the_labelled_set_is_big_enough_and_has_no_repeats():
    minimum = {"direct": 40, "indirect": 30, "negated": 20, "idiomatic": 40, "neutral": 30}
    for label, count in minimum.items():
        assert len(CASES[label]) >= count, label
    everything = [s for key, value in CASES.items() if isinstance(value, list) for s in value]
    assert len(everything) >= 150
    assert len(everything) == len(set(everything)), "a sentence appears twice"
    assert CASES["schema"] == "glimmers.risk_language_cases/1" and CASES["last_reviewed"]


def test_every_direct_sentence_is_offered_clearly():
    recall, missed = share("direct", {"direct"})
    assert missed == [] and recall == 1.0


def test_indirect_recall_is_at_least_90_percent():
    recall, missed = share("indirect", {"direct"})
    print(f"indirect recall {recall:.1%}; missed: {missed}")
    assert recall >= 0.9, missed


@pytest.mark.parametrize("label", ["negated", "context"])
def test_negated_hypothetical_quoted_and_reported_are_offered_gently(label):
    gentle, others = share(label, {"gentle"})
    assert gentle >= 0.9, others
    offered, never = share(label, {"gentle", "direct"})
    assert never == [], "a gentle case must still offer"


@pytest.mark.parametrize("label, ceiling", [("idiomatic", 0.10), ("neutral", 0.05)])
def test_false_positives_stay_low(label, ceiling):
    left_alone, offered = share(label, {"none"})
    false_positive_rate = 1 - left_alone
    print(f"{label} false-positive rate {false_positive_rate:.1%}: {offered}")
    assert false_positive_rate <= ceiling, offered


def test_the_matched_phrase_is_exactly_what_was_written():
    text = "Long day.  Honestly? I REALLY want\nto die.   Anyway."
    reading = scan(text)
    [match] = reading.matches
    assert match.phrase == text[match.start : match.end] == "I REALLY want\nto die"
    assert (match.category, match.context, reading.level) == ("direct", "plain", "direct")


def test_curly_quotes_and_apostrophes():
    reading = scan("I don’t want to be here anymore")
    assert reading.level == "direct" and reading.phrases == ("don’t want to be here anymore",)
    assert scan("I don’t want to die").matches[0].context == "negated"
    quoted = scan("Someone online wrote “I want to die” under the video")
    assert quoted.level == "gentle" and quoted.matches[0].context == "quoted"
    assert quoted.phrases == ("I want to die",)
    own_thought = scan("I keep thinking ‘I want to die’ on the bus")
    assert own_thought.level == "direct"


@pytest.mark.parametrize(
    "text, context",
    [
        ("I'm not going to hurt myself.", "negated"),
        ("I would not ever really want to die.", "negated"),  # four words away: still in reach
        ("I don't think I want to die.", "negated"),
        ("I'm not okay. I want to die.", "plain"),  # another sentence
        ("I'm not okay, I want to die.", "plain"),  # another clause
        ("I'm not okay I want to die.", "plain"),  # a new "I" starts a new clause
        ("I don't know why I want to die.", "plain"),
        ("I didn't sleep and I want to die.", "plain"),
        ("Not sleeping much lately really want to die.", "plain"),  # five words away: out of reach
        ("I can't stop thinking about suicide.", "plain"),  # "can't stop" is not a denial
        ("If I fail this exam I'll kill myself.", "hypothetical"),
        ("If I'm honest, I want to die.", "plain"),
        ("I wonder if I'd be better off dead.", "plain"),
        ("My friend said she wants to kill herself.", "reported"),
        ("I want to die, he said.", "reported"),
        ("In the film the character wants to die.", "reported"),
        ("My friend said I'm a burden.", "plain"),  # about me, whoever said it
    ],
)
def test_context_and_negation_scope(text, context):
    [match] = scan(text).matches
    assert match.context == context


def test_an_idiom_and_a_direct_statement_in_one_note():
    note = "This meeting is killing me and I'm dead tired.\nHonestly I want to kill myself."
    reading = scan(note)
    assert reading.level == "direct"
    assert reading.phrases == ("kill myself",)
    assert "killing me" not in offer_message(reading)


def test_idioms_leave_no_match_at_all():
    reading = scan("Killed it at the gym, dead tired now, my feet are killing me. I'd kill for a coffee.")
    assert reading == RiskReading() and reading.level == "none"
    assert offer_message(reading) is None


def test_several_sentences_keep_their_own_contexts():
    reading = scan("I'm not going to hurt myself. But I do want to die.\nMy friend wants to die too.")
    assert [match.context for match in reading.matches] == ["negated", "plain", "reported"]
    assert reading.level == "direct"


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\t"])
def test_empty_text(text):
    assert scan(text) == RiskReading(matches=(), level="none")
    assert offer_message(scan(text)) is None


def test_a_100_kb_note_completes():
    chunk = "Woke up numb. The day was killing me. I want to die. She said it gets better. "
    text = (chunk * (100_000 // len(chunk) + 1))[:100_000]
    reading = scan(text)
    assert reading.level == "direct" and len(reading.matches) > 1000
    assert all(text[m.start : m.end] == m.phrase for m in reading.matches)


def test_fields_are_from_the_published_vocabularies():
    for label, sentences in CASES.items():
        if isinstance(sentences, list):
            for sentence in sentences:
                for match in scan(sentence).matches:
                    assert match.category in CATEGORIES and match.context in CONTEXTS


@pytest.mark.parametrize(
    "text, level",
    [
        ("I want to die.", "direct"),
        ("I'm not going to hurt myself.", "gentle"),
        ("My cousin died by suicide.", "gentle"),
        ("I want to die. No way out. I'm a burden. Nobody would miss me.", "direct"),
    ],
)
def test_offers_quote_the_words_and_never_pass_a_verdict(text, level):
    reading = scan(text)
    message = offer_message(reading)
    assert reading.level == level and message
    assert not VERDICTS.search(message), message
    assert "not monitored" in message and "cannot send help" in message
    assert "safety plan" in message and "one step away" in message
    assert f"“{reading.phrases[0]}”" in message


def test_gentle_and_direct_offers_are_worded_differently():
    direct = offer_message(scan("I want to die."))
    gentle = offer_message(scan("I don't want to die."))
    assert direct.replace("“I want to die”", "") != gentle.replace("“want to die”", "")
    assert "emergency" in direct and "emergency" not in gentle


def test_many_phrases_are_summed_up_and_repeats_quoted_once():
    reading = scan("I want to die. I want to die. No way out. I'm a burden. Nobody would miss me.")
    message = offer_message(reading)
    assert message.count("“I want to die”") == 1
    assert "and 1 more phrase" in message


def test_the_lexicon_is_published_data_with_a_review_date():
    lexicon = risk_language.lexicon()
    assert all(lexicon.patterns[category] for category in CATEGORIES)
    text = (ROOT / "src" / "glimmers" / "content" / "risk_lexicon.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["schema"] == "glimmers.risk_lexicon/1" and data["last_reviewed"]
    assert "O'Dea" in text and "14%" in text


def test_the_core_check_imports_no_web_framework():
    code = (
        "import sys, glimmers.core.risk_language as r; r.lexicon(); "
        "print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_docs_show_the_figures_the_script_prints():
    spec = importlib.util.spec_from_file_location("risk_language_figures", ROOT / "bench" / "risk_language_figures.py")
    figures = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, figures)  # dataclasses look their module up by name
    spec.loader.exec_module(figures)
    docs = (ROOT / "docs" / "RISK_LANGUAGE.md").read_text(encoding="utf-8")
    table = figures.table(figures.figures())
    assert f"{figures.START}\n{table}\n{figures.END}" in docs, "run bench/risk_language_figures.py --write"


@pytest.mark.parametrize("patterns, macros", [(["(unclosed"], {}), (["{nowhere} to die"], {}), ([], {})])
def test_a_broken_lexicon_fails_loudly(patterns, macros):
    from glimmers.core.content import ContentError

    with pytest.raises(ContentError):
        risk_language._compile(patterns, macros, where="test")

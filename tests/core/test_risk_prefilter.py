"""The fast reading of the risk lexicon finds exactly what the whole lexicon finds.

``risk_prefilter`` compiles, for each note, only the entries whose needs (plain
strings worked out from each entry) the note meets; the prepared form is kept
between processes (``glimmers.core.prepared``, ``glimmers.prepared_store``).
Checked here: every entry of the lexicon, on matches written out from its own
parsed form; every labelled sentence and a set of awkward notes, read both
ways; the risk model's prepared weights; and the cache's refusals.
"""

from __future__ import annotations

import itertools
import os
import re
import tomllib
from pathlib import Path
from re import _constants as sre
from re import _parser as sre_parse

import pytest

from glimmers.core import prepared
from glimmers.core.safety import risk_language, risk_lexicon, risk_model, risk_prefilter

DATA = Path(__file__).parent / "data"
LABELLED = [
    sentence
    for name in ("risk_language_cases.toml", "risk_language_held_out.toml")
    for value in tomllib.loads((DATA / name).read_text(encoding="utf-8")).values()
    if isinstance(value, list)
    for sentence in value
    if isinstance(sentence, str)
]
# Notes that test the edges: case, characters that match ASCII letters
# case-insensitively, curly marks, idioms blanked out, hashtags, long text.
AWKWARD = [
    "I WANT TO DIE",
    "I want to \u212aill myself",  # the Kelvin sign matches k
    "I want to kill my\u017felf",  # the long s matches s
    "I want to k\u0131ll myself tonıght",  # the dotless i matches i
    "\u0130 want to die",  # the dotted capital I matches i
    "I don’t want to be here any more",
    "I dont want to be here anymore",
    "This meeting is killing me, dead tired, my phone died",
    "#sh again tonight",
    "Killing it at the gym ### and then I want to die",
    "Ich will sterben. Je veux mourir. Quiero morir.",
    "Wrote the letters. Gave the dog to my sister. Tomorrow it ends.",
    "",
    "   ",
    "ok",
    ("Ordinary day at work. " * 400) + "Then I took all the pills.",
]


def entries() -> list[str]:
    found: list[str] = []
    risk_lexicon.map_patterns(risk_lexicon.lexicon_lists(), lambda patterns: found.extend(patterns.entries) or patterns)
    return found


# --- matches of an entry, written out from its parsed form ---------------------------


def _class_choices(items) -> list[str]:
    chosen, negated = [], False
    for kind, value in items:
        if kind is sre.NEGATE:
            negated = True
        elif kind is sre.LITERAL:
            chosen.append(chr(value))
        elif kind is sre.RANGE:
            chosen.append(chr(value[0]))
        elif kind is sre.CATEGORY:
            chosen.append(" " if value in (sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD) else "0" if value is sre.CATEGORY_DIGIT else "a")
    if negated:  # a guess or two; matching the whole entry sorts them out
        return [char for char in " az.,'" if char not in chosen][:2]
    return chosen[:2] or ["a"]


def _written_out(items, budget: int) -> list[str]:
    """Strings that may match a parsed sequence (a few per branch), to be checked by matching."""
    found = [""]
    for op, av in items:
        found = [start + end for start in found for end in _item_written_out(op, av, budget)][:budget]
    return found


def _item_written_out(op, av, budget: int) -> list[str]:
    if op is sre.LITERAL:
        return [chr(av)]
    if op is sre.NOT_LITERAL:
        return ["b" if chr(av) == "a" else "a"]
    if op is sre.IN:
        return _class_choices(av)
    if op is sre.ASSERT:  # what a lookaround must see, written out beside the match
        return _written_out(av[1], budget)
    if op in (sre.AT, sre.ASSERT_NOT):
        return [""]
    if op is sre.SUBPATTERN:
        return _written_out(av[-1], budget)
    if op is sre.ATOMIC_GROUP:
        return _written_out(av, budget)
    if op is sre.BRANCH:
        return [text for alternative in av[1] for text in _written_out(alternative, 3)][:budget]
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, item = av
        inner = _written_out(item, 4)
        counts = sorted({low, min(low + 1, high)})
        return ["".join(parts) for count in counts for parts in itertools.islice(itertools.product(inner, repeat=count), 4)][:budget]
    return ["a"]


# Characters that match an ASCII letter case-insensitively without being one.
TWINS = {"k": "\u212a", "s": "\u017f", "i": "\u0131"}


def matches_of(entry: str) -> list[str]:
    """Real matches of ``entry`` as the lexicon compiles it, in several cases and spellings."""
    compiled = re.compile(risk_lexicon.whole([entry]), re.IGNORECASE)
    found = []
    for written in _written_out(list(sre_parse.parse(entry, re.IGNORECASE)), 60):
        for variant in (written, written.upper(), written.title(), written.translate(str.maketrans(TWINS))):
            match = compiled.search(variant)
            if match:
                found.append(match.group())
    return found


def meets(needs, text: str) -> bool:
    folded = risk_prefilter.fold(text)
    return folded is None or all(any(string in folded for string in needed) for needed in needs)


def test_every_match_of_every_entry_holds_what_the_entry_needs():
    without = []
    for entry in entries():
        found = matches_of(entry)
        if not found:
            without.append(entry)
            continue
        needs = risk_prefilter.requirements(entry)
        if needs is not None:
            missed = [text for text in found if not meets(needs, text)]
            assert not missed, (entry, needs, missed[:3])
    assert not without, f"no match could be written out for {without[:3]}: teach _written_out the new construct"


def test_most_entries_need_something():
    """Otherwise the narrowing saves little: every entry without needs is compiled for every note."""
    needless = [entry for entry in entries() if risk_prefilter.requirements(entry) is None]
    assert len(needless) <= 10, needless


@pytest.fixture(scope="module")
def readers():
    """The whole lexicon, and the narrowable one as the cache gives it back (bytes and all)."""
    narrowable = risk_prefilter.NarrowableLexicon.from_bytes(risk_prefilter.NarrowableLexicon.build().to_bytes())
    return risk_lexicon.lexicon(), narrowable


def _both(monkeypatch, readers, text: str, *, use_model: bool):
    whole, narrowable = readers
    monkeypatch.setattr(risk_language, "lexicon_for", lambda plain: whole)
    reference = risk_language.scan(text, use_model=use_model)
    monkeypatch.setattr(risk_language, "lexicon_for", narrowable.for_text)
    return reference, risk_language.scan(text, use_model=use_model)


@pytest.mark.slow
def test_every_labelled_sentence_and_awkward_note_reads_the_same_both_ways(monkeypatch, readers):
    differing = []
    for text in LABELLED + AWKWARD:
        reference, narrowed = _both(monkeypatch, readers, text, use_model=True)
        if narrowed != reference:
            differing.append(text)
    assert not differing, differing[:5]


@pytest.mark.slow
def test_a_match_of_every_entry_in_a_sentence_reads_the_same_both_ways(monkeypatch, readers):
    differing = []
    for entry in entries():
        text = f"Tired today. {matches_of(entry)[0]} Not sure."
        reference, narrowed = _both(monkeypatch, readers, text, use_model=False)
        assert reference.offered or not narrowed.offered
        if narrowed != reference:
            differing.append((entry, text))
    assert not differing, differing[:3]


def test_a_command_narrows_its_first_notes_and_a_long_process_reads_with_the_whole_lexicon(monkeypatch):
    monkeypatch.setattr(risk_prefilter, "_notes_read", 0)
    first = risk_prefilter.lexicon_for("I want to die")
    for _ in range(risk_prefilter._NARROWED_NOTES):
        risk_prefilter.lexicon_for("another note")
    assert first is not risk_lexicon.lexicon() and risk_prefilter.lexicon_for("and another") is risk_lexicon.lexicon()


# --- the risk model's prepared weights ----------------------------------------------


def test_the_prepared_model_gives_the_same_probabilities_to_the_last_bit():
    from importlib import resources

    raw = resources.files("glimmers.content").joinpath("risk_model.json").read_bytes()
    published = risk_model._from_json(raw)
    kept = risk_model._from_bytes(risk_model._to_bytes(published))
    assert (kept.threshold, kept.acute_threshold, kept.intercept, kept.trained_on, kept.last_trained) == (
        published.threshold, published.acute_threshold, published.intercept, published.trained_on, published.last_trained,
    )
    for text in LABELLED[::7] + AWKWARD:
        assert kept.probabilities(text) == published.probabilities(text), text


# --- keeping prepared forms -----------------------------------------------------------


class MemoryStore:
    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.writes = 0

    def read(self, name):
        return self.files.get(name)

    def write(self, name, data):
        self.writes += 1
        self.files[name] = data


@pytest.fixture
def store(monkeypatch):
    kept = MemoryStore()
    monkeypatch.setattr(prepared, "_store", kept)
    return kept


def test_a_kept_form_is_used_until_its_content_changes(store):
    made = []

    def make():
        made.append(1)
        return b"form"

    assert prepared.kept("thing", b"content", 1, make, bytes.upper) == b"FORM"
    assert prepared.kept("thing", b"content", 1, make, bytes.upper) == b"FORM"
    assert len(made) == 1 and store.writes == 1
    prepared.kept("thing", b"changed content", 1, make, bytes.upper)  # stale: made again
    prepared.kept("thing", b"changed content", 2, make, bytes.upper)  # a new reader version: made again
    assert len(made) == 3


@pytest.mark.parametrize(
    "spoil",
    [
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit of the form flipped
        lambda data: data[:30] + b"0" * 64 + data[94:],  # another key
        lambda data: data[:40],  # cut short
        lambda data: b"garbage",
    ],
)
def test_a_damaged_or_foreign_form_is_made_again(store, spoil):
    made = []
    prepared.kept("thing", b"content", 1, lambda: made.append(1) or b"form", bytes.upper)
    store.files["thing"] = spoil(store.files["thing"])
    assert prepared.kept("thing", b"content", 1, lambda: made.append(1) or b"form", bytes.upper) == b"FORM"
    assert len(made) == 2


def test_a_form_its_reader_refuses_is_made_again(store):
    def strict(data: bytes) -> bytes:
        if data != b"good":
            raise ValueError("malformed")
        return data

    store.files["thing"] = prepared.seal(prepared.key("thing", b"content", 1), b"bad")
    assert prepared.kept("thing", b"content", 1, lambda: b"good", strict) == b"good"


def test_broken_content_fails_loudly_even_with_a_store(store):
    def broken():
        raise risk_lexicon.ContentError("broken")

    with pytest.raises(risk_lexicon.ContentError):
        prepared.kept("thing", b"content", 1, broken, bytes.upper)


def test_the_lexicon_and_the_model_come_back_from_the_store_unchanged(store):
    made = risk_prefilter.narrowable.__wrapped__()  # past the per-process cache: made, then kept
    assert risk_prefilter.narrowable.__wrapped__() == made and store.writes == 1
    model = risk_model.model.__wrapped__()
    kept = risk_model.model.__wrapped__()
    assert store.writes == 2 and kept.probabilities("clock off for good") == model.probabilities("clock off for good")


def test_the_file_store_writes_privately_and_reads_only_its_own_private_files(tmp_path):
    from glimmers.prepared_store import FileStore

    folder = tmp_path / "cache"
    files = FileStore(folder)
    files.write("thing", b"form")
    path = folder / "thing.prepared"
    assert oct(path.stat().st_mode & 0o777) == "0o600" and oct(folder.stat().st_mode & 0o777) == "0o700"
    assert files.read("thing") == b"form"
    path.chmod(0o620)  # others may write it: not trusted
    assert files.read("thing") is None
    path.chmod(0o600)
    target = tmp_path / "elsewhere"
    target.write_bytes(b"form")
    path.unlink()
    os.symlink(target, path)  # a link planted in its place: not followed
    assert files.read("thing") is None
    assert files.read("missing") is None

"""A second reader for risk language: a small statistical model, published as data.

The lexicon (``risk_language``) reads the phrases it lists. People say the
same things in endless other words ("clock off for good", "I'm a candle
that's gone out"), so a plain logistic-regression model, trained on the
labelled sentences in ``tests/core/data/risk_language_cases.toml`` by
``bench/train_risk_model.py``, reads every sentence too. Its weights are in
``content/risk_model.json``: anyone can inspect them, and nothing here
learns or changes on the person's computer.

Read from JSON, the weights take long to load compared with a command;
their prepared form (the terms as text, the weights as doubles: see
``glimmers.core.prepared``) loads many times faster and holds exactly the
same numbers.

The model only ever adds an offer where the lexicon found nothing (or makes
a clear offer urgent); it never removes or softens one, it does not read
sentences the lexicon recognised as negated, in the past or about someone
else, and its words are never quoted back. Inference is plain Python:
word and character n-grams, TF-IDF, and a softmax over three classes.
"""

from __future__ import annotations

import json
import math
import re
import sys
from array import array
from dataclasses import dataclass
from functools import lru_cache

from glimmers.core import prepared
from glimmers.core.content import CONTENT_FOLDER, ContentError

_FILE = "risk_model.json"
_SCHEMA = "glimmers.risk_model/1"
CLASSES = ("none", "direct", "acute")
_TOKEN = re.compile(r"[a-z0-9']+")
_APOSTROPHES = str.maketrans({mark: "'" for mark in "’‘ʼ′`´＇"})
_WIDTH = 1 + len(CLASSES)  # numbers per term: its idf, then a weight per class
_FORM = 1  # the version of the prepared form (see _to_bytes)


@dataclass(frozen=True)
class Block:
    """One kind of feature: word n-grams or character n-grams within words."""

    kind: str  # "word" or "char_wb"
    low: int
    high: int
    rows: dict[str, int]  # term -> its row in ``numbers``
    numbers: array  # per row (term): its idf, then its weight for each class


@dataclass(frozen=True)
class RiskModel:
    blocks: tuple[Block, ...]
    intercept: tuple[float, ...]
    threshold: float  # P(direct or acute) needed to offer where the lexicon found nothing
    acute_threshold: float  # P(acute) needed to make a clear offer urgent
    trained_on: dict[str, int]
    last_trained: str

    def probabilities(self, text: str) -> dict[str, float]:
        """P(none), P(direct), P(acute) for a piece of text."""
        scores = list(self.intercept)
        prepared = normalise(text)
        for block in self.blocks:
            counts: dict[str, int] = {}
            for term in _terms(block, prepared):
                if term in block.rows:
                    counts[term] = counts.get(term, 0) + 1
            if not counts:
                continue
            numbers = block.numbers
            values = {term: (1.0 + math.log(count)) * numbers[block.rows[term] * _WIDTH] for term, count in counts.items()}
            norm = math.sqrt(sum(value * value for value in values.values()))
            for term, value in values.items():
                weights = block.rows[term] * _WIDTH + 1
                for index in range(len(scores)):
                    scores[index] += numbers[weights + index] * value / norm
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {name: value / total for name, value in zip(CLASSES, exps)}


def normalise(text: str) -> str:
    """What the model reads: lower case, plain apostrophes, single spaces."""
    return " ".join(text.translate(_APOSTROPHES).lower().split())


def _word_terms(text: str, low: int, high: int):
    tokens = _TOKEN.findall(text)
    for size in range(low, high + 1):
        for start in range(len(tokens) - size + 1):
            yield " ".join(tokens[start : start + size])


def _char_wb_terms(text: str, low: int, high: int):
    """Character n-grams inside space-padded words (as scikit-learn's ``char_wb``)."""
    for word in text.split():
        padded = f" {word} "
        for size in range(low, high + 1):
            offset = 0
            yield padded[offset : offset + size]
            while offset + size < len(padded):
                offset += 1
                yield padded[offset : offset + size]
            if offset == 0:  # the word is shorter than the n-gram size
                break


def _terms(block: Block, text: str):
    if block.kind == "word":
        return _word_terms(text, block.low, block.high)
    return _char_wb_terms(text, block.low, block.high)


def _block(row: dict) -> Block:
    kind, (low, high) = row.get("kind"), row.get("ngram", (0, 0))
    if kind not in ("word", "char_wb") or not 1 <= low <= high <= 6:
        raise ContentError(f"{_FILE}: a feature block needs kind word or char_wb and an n-gram range")
    rows: dict[str, int] = {}
    numbers = array("d")
    for term, entry in row.get("terms", {}).items():
        idf, *weights = entry
        if len(weights) != len(CLASSES):
            raise ContentError(f"{_FILE}: {term!r} needs an idf and {len(CLASSES)} weights")
        rows[term] = len(rows)
        numbers.extend([float(idf), *(float(weight) for weight in weights)])
    if not rows:
        raise ContentError(f"{_FILE}: a feature block has no terms")
    return Block(kind, int(low), int(high), rows, numbers)


def _from_json(raw: bytes) -> RiskModel:
    """The published model, checked."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError as problem:
        raise ContentError(f"{_FILE}: cannot be read ({problem})") from problem
    if data.get("schema") != _SCHEMA or tuple(data.get("classes", ())) != CLASSES:
        raise ContentError(f"{_FILE}: expected schema {_SCHEMA!r} with classes {CLASSES}")
    intercept = tuple(float(value) for value in data.get("intercept", ()))
    threshold, acute = data.get("threshold"), data.get("acute_threshold")
    if len(intercept) != len(CLASSES) or not all(isinstance(t, float) and 0.5 <= t < 1 for t in (threshold, acute)):
        raise ContentError(f"{_FILE}: needs an intercept per class and thresholds from 0.5 to 1")
    return RiskModel(
        blocks=tuple(_block(row) for row in data.get("blocks", [])),
        intercept=intercept,
        threshold=threshold,
        acute_threshold=acute,
        trained_on=dict(data.get("trained_on", {})),
        last_trained=str(data.get("last_trained", "")),
    )


def _little_endian(numbers: array) -> array:
    if sys.byteorder == "big":
        numbers = array("d", numbers)
        numbers.byteswap()
    return numbers


def _to_bytes(model: RiskModel) -> bytes:
    """The prepared form: a line of JSON (everything but the terms and their
    numbers), the terms one per line, then every number as a little-endian double."""
    terms = [term for block in model.blocks for term in block.rows]  # in row order: dicts keep it
    if any("\n" in term for term in terms):
        raise ValueError("a term with a line break cannot be kept in the prepared form")
    head = {
        "blocks": [[block.kind, block.low, block.high, len(block.rows)] for block in model.blocks],
        "intercept": list(model.intercept),
        "threshold": model.threshold,
        "acute_threshold": model.acute_threshold,
        "trained_on": model.trained_on,
        "last_trained": model.last_trained,
    }
    text = "\n".join([json.dumps(head, separators=(",", ":")), *terms, ""]).encode("utf-8")
    numbers = array("d")
    for block in model.blocks:
        numbers.extend(block.numbers)
    return len(text).to_bytes(8, "little") + text + _little_endian(numbers).tobytes()


def _from_bytes(data: bytes) -> RiskModel:
    """Read :func:`_to_bytes`; ValueError for anything that does not add up."""
    size = int.from_bytes(data[:8], "little")
    lines = data[8 : 8 + size].decode("utf-8").split("\n")
    head, terms = json.loads(lines[0]), lines[1:-1]
    numbers = array("d")
    numbers.frombytes(data[8 + size :])
    numbers = _little_endian(numbers)
    blocks, at = [], 0
    for kind, low, high, count in head["blocks"]:
        if kind not in ("word", "char_wb") or not 1 <= low <= high <= 6 or count < 1:
            raise ValueError("a block of the prepared model is malformed")
        block_terms = terms[at : at + count]
        rows = {term: row for row, term in enumerate(block_terms)}
        if len(rows) != count:
            raise ValueError("the prepared model has too few terms")
        blocks.append(Block(kind, low, high, rows, numbers[at * _WIDTH : (at + count) * _WIDTH]))
        at += count
    if at != len(terms) or len(numbers) != at * _WIDTH:
        raise ValueError("the prepared model's terms and numbers do not add up")
    intercept = tuple(float(value) for value in head["intercept"])
    if len(intercept) != len(CLASSES):
        raise ValueError("the prepared model needs an intercept per class")
    return RiskModel(
        blocks=tuple(blocks),
        intercept=intercept,
        threshold=float(head["threshold"]),
        acute_threshold=float(head["acute_threshold"]),
        trained_on={str(name): int(count) for name, count in head["trained_on"].items()},
        last_trained=str(head["last_trained"]),
    )


@lru_cache(maxsize=None)
def model() -> RiskModel:
    """Load and check the published model (once per process; its prepared form
    is kept between processes when a store is given, see ``glimmers.core.prepared``)."""
    try:
        raw = (CONTENT_FOLDER / _FILE).read_bytes()
    except OSError as problem:
        raise ContentError(f"{_FILE}: cannot be read ({problem})") from problem
    return prepared.kept("risk_model", raw, _FORM, lambda: _to_bytes(_from_json(raw)), _from_bytes)

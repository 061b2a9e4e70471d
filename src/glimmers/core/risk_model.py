"""A second reader for risk language: a small statistical model, published as data.

The lexicon (``risk_language``) reads the phrases it lists. People say the
same things in endless other words ("clock off for good", "I'm a candle
that's gone out"), so a plain logistic-regression model, trained on the
labelled sentences in ``tests/core/data/risk_language_cases.toml`` by
``bench/train_risk_model.py``, reads every sentence too. Its weights are in
``content/risk_model.json``: anyone can inspect them, and nothing here
learns or changes on the person's computer.

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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from glimmers.core.content import ContentError

_FILE = "risk_model.json"
_SCHEMA = "glimmers.risk_model/1"
CLASSES = ("none", "direct", "acute")
_TOKEN = re.compile(r"[a-z0-9']+")
_APOSTROPHES = str.maketrans({mark: "'" for mark in "’‘ʼ′`´＇"})


@dataclass(frozen=True)
class Block:
    """One kind of feature: word n-grams or character n-grams within words."""

    kind: str  # "word" or "char_wb"
    low: int
    high: int
    terms: dict[str, tuple[float, tuple[float, ...]]]  # term -> (idf, weight per class)


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
                if term in block.terms:
                    counts[term] = counts.get(term, 0) + 1
            if not counts:
                continue
            values = {term: (1.0 + math.log(count)) * block.terms[term][0] for term, count in counts.items()}
            norm = math.sqrt(sum(value * value for value in values.values()))
            for term, value in values.items():
                weights = block.terms[term][1]
                for index in range(len(scores)):
                    scores[index] += weights[index] * value / norm
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
    terms = {}
    for term, entry in row.get("terms", {}).items():
        idf, *weights = entry
        if len(weights) != len(CLASSES):
            raise ContentError(f"{_FILE}: {term!r} needs an idf and {len(CLASSES)} weights")
        terms[term] = (float(idf), tuple(float(weight) for weight in weights))
    if not terms:
        raise ContentError(f"{_FILE}: a feature block has no terms")
    return Block(kind, int(low), int(high), terms)


@lru_cache(maxsize=None)
def model() -> RiskModel:
    """Load and check the published model (once per process)."""
    try:
        data = json.loads(resources.files("glimmers.content").joinpath(_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as problem:
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

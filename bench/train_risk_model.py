#!/usr/bin/env python3
"""Train the risk-language model (src/glimmers/content/risk_model.json).

    .venv/bin/pip install scikit-learn          # only needed to train, never to run glimmers
    .venv/bin/python bench/train_risk_model.py           # cross-validated figures only
    .venv/bin/python bench/train_risk_model.py --write   # also write the model file

Trained on the tuned labelled set (tests/core/data/risk_language_cases.toml),
never on the held-out set. Three classes: "direct" (thoughts, hopelessness,
self-harm), "acute" (method, plan or intent, preparation, act) and "none"
(everything else: idioms, ordinary notes, and negated, past or quoted words,
which the model must learn to leave alone).

The two thresholds are chosen by five-fold cross-validation on the tuned set:
``threshold`` is the lowest P(direct or acute) at which, on sentences the
lexicon leaves alone, the model's false offers on idioms and ordinary notes
stay at or under 1%; ``acute_threshold`` the lowest P(acute) at which it
wrongly makes a clear offer urgent for at most 2% of thoughts, hopelessness
and self-harm sentences. Everything is deterministic: same data, same file.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "core" / "data" / "risk_language_cases.toml"
MODEL = ROOT / "src" / "glimmers" / "content" / "risk_model.json"
DIRECT = ("thoughts", "hopeless", "self_harm")
ACUTE = ("method", "plan_intent", "preparation", "act")
NONE = ("negated", "past", "quoted", "idioms", "ordinary")
FALSE_OFFER_CEILING = 0.01
WRONG_URGENT_CEILING = 0.02
C = 5.0  # inverse regularisation strength
WORD = ("word", (1, 2), 2)  # kind, n-gram range, minimum number of sentences a term is in
CHARS = ("char_wb", (3, 5), 3)


def load_cases(path: Path = CASES) -> list[tuple[str, str]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [(sentence, label) for label in DIRECT + ACUTE + NONE for sentence in data.get(label, [])]


def target(label: str) -> int:
    return 2 if label in ACUTE else 1 if label in DIRECT else 0


def _pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    from glimmers.core.safety.risk_model import normalise

    import numpy as np

    blocks = [
        (kind, TfidfVectorizer(
            analyzer=kind, ngram_range=ngram, min_df=min_df, sublinear_tf=True, preprocessor=normalise,
            dtype=np.float64, **({"token_pattern": r"[a-z0-9']+"} if kind == "word" else {}),
        ))
        for kind, ngram, min_df in (WORD, CHARS)
    ]
    return Pipeline([("features", FeatureUnion(blocks)), ("model", LogisticRegression(C=C, max_iter=5000, class_weight="balanced"))])


def _cross_validated(cases):
    """Out-of-fold probabilities for every sentence (five folds, fixed split)."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    texts = [text for text, _label in cases]
    labels = np.array([target(label) for _text, label in cases])
    strata = np.array([label for _text, label in cases])
    probabilities = np.zeros((len(cases), 3))
    for train, test in StratifiedKFold(n_splits=5, shuffle=True, random_state=2026).split(texts, strata):
        fitted = _pipeline().fit([texts[i] for i in train], labels[train])
        probabilities[test] = fitted.predict_proba([texts[i] for i in test])
    return probabilities


def choose_thresholds(cases, probabilities) -> tuple[float, float]:
    from glimmers.core.safety.risk_language import scan

    quiet = [i for i, (text, label) in enumerate(cases) if label in ("idioms", "ordinary") and scan(text).level == "none"]
    clear = [i for i, (_text, label) in enumerate(cases) if label in DIRECT]
    steps = [round(0.5 + 0.01 * step, 2) for step in range(50)]
    threshold = next(
        (t for t in steps if sum(probabilities[i][1] + probabilities[i][2] >= t for i in quiet) <= FALSE_OFFER_CEILING * len(quiet)),
        0.99,
    )
    acute = next(
        (t for t in steps if sum(probabilities[i][2] >= t for i in clear) <= WRONG_URGENT_CEILING * len(clear)),
        0.99,
    )
    return threshold, acute


def export(fitted, cases, threshold: float, acute: float) -> dict:
    features, model = fitted.named_steps["features"], fitted.named_steps["model"]
    blocks, offset = [], 0
    for (kind, ngram, _min_df), (_name, vectoriser) in zip((WORD, CHARS), features.transformer_list):
        vocabulary = vectoriser.vocabulary_
        terms = {}
        for term, index in sorted(vocabulary.items()):
            weights = model.coef_[:, offset + index]
            terms[term] = [round(float(vectoriser.idf_[index]), 6)] + [round(float(weight), 6) for weight in weights]
        blocks.append({"kind": kind, "ngram": list(ngram), "terms": terms})
        offset += len(vocabulary)
    counts = {label: sum(1 for _text, other in cases if other == label) for label in DIRECT + ACUTE + NONE}
    return {
        "schema": "glimmers.risk_model/1",
        "about": "Logistic regression over word 1-2-grams and character 3-5-grams (TF-IDF). "
                 "Trained by bench/train_risk_model.py on tests/core/data/risk_language_cases.toml.",
        "last_trained": tomllib.loads(CASES.read_text(encoding="utf-8"))["last_reviewed"],
        "trained_on": counts,
        "classes": ["none", "direct", "acute"],
        "intercept": [round(float(value), 6) for value in model.intercept_],
        "threshold": threshold,
        "acute_threshold": acute,
        "blocks": blocks,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {MODEL.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    try:
        import sklearn  # noqa: F401
    except ImportError:
        sys.exit("Training needs scikit-learn: .venv/bin/pip install scikit-learn")
    cases = load_cases()
    probabilities = _cross_validated(cases)
    threshold, acute = choose_thresholds(cases, probabilities)
    print(f"{len(cases)} sentences; threshold {threshold}, acute threshold {acute} (five-fold cross-validation)")
    if args.write:
        import numpy as np

        fitted = _pipeline().fit([text for text, _label in cases], np.array([target(label) for _text, label in cases]))
        MODEL.write_text(json.dumps(export(fitted, cases, threshold, acute), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {MODEL.relative_to(ROOT)} ({MODEL.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Figures for docs/RISK_LANGUAGE.md: the risk-language check on its labelled test set.

Run from the repository root:

    .venv/bin/python bench/risk_language_figures.py           # print the table
    .venv/bin/python bench/risk_language_figures.py --write   # also refresh the docs

The sentences are in tests/core/data/risk_language_cases.toml. For every label
the script scans each sentence with ``glimmers.core.risk_language.scan`` and
counts how often the level is the one that label calls for. The output is
deterministic; tests/core/test_risk_language.py checks that the table in the
docs is the one this script prints. Standard library only.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "core" / "data" / "risk_language_cases.toml"
DOCS = ROOT / "docs" / "RISK_LANGUAGE.md"
START, END = "<!-- figures:start -->", "<!-- figures:end -->"


@dataclass(frozen=True)
class Measure:
    label: str
    what: str  # the figure's name in the table
    wanted: frozenset[str]  # levels that count towards the figure
    aim: str


MEASURES = (
    Measure("direct", "recall: offered clearly (level direct)", frozenset({"direct"}), "100%"),
    Measure("indirect", "recall: offered clearly (level direct)", frozenset({"direct"}), "≥ 90%"),
    Measure("negated", "offered gently (level gentle)", frozenset({"gentle"}), "≥ 90%"),
    Measure("context", "offered gently (level gentle)", frozenset({"gentle"}), "≥ 90%"),
    Measure("idiomatic", "false positives: any offer", frozenset({"gentle", "direct"}), "≤ 10%"),
    Measure("neutral", "false positives: any offer", frozenset({"gentle", "direct"}), "≤ 5%"),
    Measure("held_out_direct", "recall: offered clearly (level direct)", frozenset({"direct"}), "measured only"),
    Measure("held_out_indirect", "recall: offered clearly (level direct)", frozenset({"direct"}), "measured only"),
    Measure("held_out_idiomatic", "false positives: any offer", frozenset({"gentle", "direct"}), "measured only"),
    Measure("held_out_neutral", "false positives: any offer", frozenset({"gentle", "direct"}), "measured only"),
)
FALSE_POSITIVE_SETS = frozenset({"idiomatic", "neutral", "held_out_idiomatic", "held_out_neutral"})


@dataclass(frozen=True)
class Figure:
    measure: Measure
    sentences: int
    counted: int
    misses: tuple[str, ...]  # sentences on the wrong side of the figure

    @property
    def rate(self) -> float:
        return self.counted / self.sentences if self.sentences else 0.0


def load_cases(path: Path = CASES) -> dict[str, list[str]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {measure.label: list(data.get(measure.label, [])) for measure in MEASURES}


def figures(cases: dict[str, list[str]] | None = None) -> list[Figure]:
    from glimmers.core.risk_language import scan

    cases = load_cases() if cases is None else cases
    found = []
    for measure in MEASURES:
        sentences = cases[measure.label]
        hits = [sentence for sentence in sentences if scan(sentence).level in measure.wanted]
        counts_mistakes = measure.label in FALSE_POSITIVE_SETS
        misses = tuple(s for s in sentences if (s in hits) == counts_mistakes)
        found.append(Figure(measure, len(sentences), len(hits), misses))
    return found


def table(found: list[Figure]) -> str:
    lines = [
        "| Set | Sentences | Figure | Measured | Aim (asserted by the tests) |",
        "|---|---:|---|---:|---|",
    ]
    for figure in found:
        measured = f"{figure.counted}/{figure.sentences} = {figure.rate:.1%}"
        measure = figure.measure
        lines.append(f"| {measure.label} | {figure.sentences} | {measure.what} | {measured} | {measure.aim} |")
    return "\n".join(lines)


def docs_with(text: str, new_table: str) -> str:
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{new_table}\n{END}{after}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"replace the table in {DOCS.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    found = figures()
    sys.stdout.write(table(found) + "\n")
    for figure in found:
        for sentence in figure.misses:
            sys.stdout.write(f"  {figure.measure.label}: on the wrong side: {sentence!r}\n")
    if args.write:
        DOCS.write_text(docs_with(DOCS.read_text(encoding="utf-8"), table(found)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

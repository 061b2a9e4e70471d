#!/usr/bin/env python3
"""Figures for docs/RISK_LANGUAGE.md: the risk-language check on its labelled sets.

Run from the repository root:

    .venv/bin/python bench/risk_language_figures.py           # print the tables
    .venv/bin/python bench/risk_language_figures.py --write   # also refresh the docs
    .venv/bin/python bench/risk_language_figures.py --misses  # and list every sentence on the wrong side

Two sets of sentences, both written by the glimmers team:

- tests/core/data/risk_language_cases.toml: the set the lexicon was built
  and tuned on (its figures are a regression floor, asserted by the tests);
- tests/core/data/risk_language_held_out.toml: written separately by someone
  who had not seen the lexicon, and never used to tune it (measured only).

For every class the script scans each sentence with
``glimmers.core.safety.risk_language.scan`` and counts how often the response is the
one that class calls for. For negated and past sentences it also counts how
often the words quoted back keep the negation or the time ("I no longer want
to die", never "want to die"). The output is deterministic;
tests/core/test_risk_language.py checks that the docs show what this prints.
Standard library only (plus glimmers itself).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "core" / "data"
SETS = {"tuned": DATA / "risk_language_cases.toml", "held_out": DATA / "risk_language_held_out.toml"}
DOCS = ROOT / "docs" / "RISK_LANGUAGE.md"
START, END = "<!-- figures:{}:start -->", "<!-- figures:{}:end -->"

CLEAR = frozenset({"direct", "acute"})
URGENT = frozenset({"acute"})
NOT_ESCALATED = frozenset({"none", "gentle"})
ANY_OFFER = frozenset({"gentle", "direct", "acute"})


@dataclass(frozen=True)
class Measure:
    label: str
    what: str  # the figure's name in the table
    wanted: frozenset[str]  # levels that count towards the figure
    aim: str  # as asserted by the tests on the tuned set
    floor: float  # the share the tests assert (a ceiling when ``counts_mistakes``)
    counts_mistakes: bool = False  # the figure counts sentences that should NOT be there


MEASURES = (
    Measure("thoughts", "offered clearly (direct or acute)", CLEAR, "100%", 1.0),
    Measure("method", "urgent response (acute)", URGENT, "100%", 1.0),
    Measure("plan_intent", "urgent response (acute)", URGENT, "100%", 1.0),
    Measure("preparation", "urgent response (acute)", URGENT, "100%", 1.0),
    Measure("act", "urgent response (acute)", URGENT, "100%", 1.0),
    Measure("self_harm", "offered clearly (direct or acute)", CLEAR, "100%", 1.0),
    Measure("hopeless", "offered clearly (direct or acute)", CLEAR, "≥ 85%", 0.85),
    Measure("negated", "not escalated (none or gentle)", NOT_ESCALATED, "≥ 95%", 0.95),
    Measure("past", "not escalated (none or gentle)", NOT_ESCALATED, "≥ 95%", 0.95),
    Measure("quoted", "not escalated (none or gentle)", NOT_ESCALATED, "≥ 90%", 0.90),
    Measure("idioms", "false offers (any offer)", ANY_OFFER, "≤ 2%", 0.02, counts_mistakes=True),
    Measure("ordinary", "false offers (any offer)", ANY_OFFER, "≤ 2%", 0.02, counts_mistakes=True),
)
QUOTE_CHECKED = ("negated", "past")
# Words that show a quote kept its negation or its time.
_KEPT = re.compile(
    r"\b(?:not|no|never|nor|n't|nt|cannot|longer|used|use|ago|since|was|were|had|when|years?|months?|weeks?|days?|"
    r"back|past|teen\w*|clean|free|anymore|any more|haven'?t|hadn'?t|didn'?t|don'?t|won'?t|wouldn'?t|isn'?t|am not|"
    r"stopped|recovered|recovering|history|once|school|uni|childhood|younger|zero|no one|nobody|asked|after|during|last|winter|summer|autumn|spring|first|previous|then|earlier|behind|over|passed|faded|healed|\d+)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Figure:
    measure: Measure
    sentences: int
    counted: int
    misses: tuple[str, ...]  # sentences on the wrong side of the figure
    lexicon_alone: int = 0  # the same count with the lexicon alone (no model)

    @property
    def rate(self) -> float:
        return self.counted / self.sentences if self.sentences else 0.0

    @property
    def meets_aim(self) -> bool:
        return self.rate <= self.measure.floor if self.measure.counts_mistakes else self.rate >= self.measure.floor


def load_cases(path: Path) -> dict[str, list[str]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {measure.label: list(data.get(measure.label, [])) for measure in MEASURES}


def figures(cases: dict[str, list[str]]) -> list[Figure]:
    from glimmers.core.safety.risk_language import scan

    found = []
    for measure in MEASURES:
        sentences = cases[measure.label]
        hits = [sentence for sentence in sentences if scan(sentence).level in measure.wanted]
        alone = sum(scan(sentence, use_model=False).level in measure.wanted for sentence in sentences)
        misses = tuple(s for s in sentences if (s in hits) == measure.counts_mistakes)
        found.append(Figure(measure, len(sentences), len(hits), misses, alone))
    return found


def quote_figures(cases: dict[str, list[str]]) -> list[tuple[str, int, int, tuple[str, ...]]]:
    """For negated and past sentences that are quoted back: how many quotes keep the negation or time."""
    from glimmers.core.safety.risk_language import scan

    rows = []
    for label in QUOTE_CHECKED:
        quoted, kept, wrong = 0, 0, []
        for sentence in cases[label]:
            shown = [match.shown.replace("’", "'") for match in scan(sentence).matches if match.quotable]
            if not shown:
                continue
            quoted += 1
            if all(_KEPT.search(text) for text in shown):
                kept += 1
            else:
                wrong.append(f"{sentence!r} -> {shown!r}")
        rows.append((label, quoted, kept, tuple(wrong)))
    return rows


def _share(count: int, total: int) -> str:
    return f"{count}/{total} = {count / total:.1%}" if total else "none"


def table(found: list[Figure], quotes, *, asserted: bool) -> str:
    aim_header = "Aim (asserted by the tests)" if asserted else "Aim (measured only)"
    lines = [
        f"| Class | Sentences | Figure | Lexicon alone | Lexicon and model (what glimmers does) | {aim_header} |",
        "|---|---:|---|---:|---:|---|",
    ]
    for figure in found:
        aim = figure.measure.aim if asserted else f"{figure.measure.aim} ({'met' if figure.meets_aim else 'missed'})"
        lines.append(
            f"| {figure.measure.label} | {figure.sentences} | {figure.measure.what} | "
            f"{_share(figure.lexicon_alone, figure.sentences)} | {_share(figure.counted, figure.sentences)} | {aim} |"
        )
    for label, quoted, kept, _wrong in quotes:
        lines.append(
            f"| {label} | {quoted} quoted | quote keeps the negation or the time | | {_share(kept, quoted)} | "
            f"100%{'' if asserted else ' (measured only)'} |"
        )
    return "\n".join(lines)


def docs_with(text: str, name: str, new_table: str) -> str:
    start, end = START.format(name), END.format(name)
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    return f"{before}{start}\n{new_table}\n{end}{after}"


def tables() -> dict[str, tuple[str, list[Figure], list]]:
    result = {}
    for name, path in SETS.items():
        cases = load_cases(path)
        found, quotes = figures(cases), quote_figures(cases)
        result[name] = (table(found, quotes, asserted=name == "tuned"), found, quotes)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"replace the tables in {DOCS.relative_to(ROOT)}")
    parser.add_argument("--misses", action="store_true", help="list every sentence on the wrong side")
    args = parser.parse_args(argv)
    made = tables()
    text = DOCS.read_text(encoding="utf-8") if args.write else ""
    for name, (rendered, found, quotes) in made.items():
        sys.stdout.write(f"{name}:\n{rendered}\n\n")
        if args.misses:
            for figure in found:
                for sentence in figure.misses:
                    sys.stdout.write(f"  {name}/{figure.measure.label}: on the wrong side: {sentence!r}\n")
            for label, _quoted, _kept, wrong in quotes:
                for line in wrong:
                    sys.stdout.write(f"  {name}/{label}: quote lost its negation: {line}\n")
        if args.write:
            text = docs_with(text, name, rendered)
    if args.write:
        DOCS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

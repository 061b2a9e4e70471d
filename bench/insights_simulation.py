#!/usr/bin/env python3
"""Do the insights keep their promises? Simulated people with planted effects, for docs/INSIGHTS.md.

Run from the repository root:

    .venv/bin/python bench/insights_simulation.py --doc          # full size, into docs/INSIGHTS.md
    .venv/bin/python bench/insights_simulation.py --people 30    # a quicker look, printed only

Each simulated person (``glimmers.core.analysis.insights.simulate``) has
AR(1) daily drift with phi drawn from 0.3-0.6, about one missed day in
eight, 1-5 whole-number check-ins a day, 20 tags that do nothing, and the
usual factors and levers. In each setting four effects of the same size are
planted at once: a short night (under 6 hours) raises the next day, the tag
"walk" lowers the check-in it is on, drinking the evening before raises the
next day, and Mondays are heavier. Size 0 plants nothing. "1 SD" is the SD
of the day-to-day drift (1 point). Every person is analysed with
``triggers.analyse`` exactly as the app would, at 30, 60, 120 and 365 days,
and what it shows is what the app shows (early hints wait for 45 days of
entries).

Measured, per setting:

* recall: the share of people in whom each planted effect is shown (as a
  pattern or an early hint) in the planted direction;
* false claims: shown findings about something with no effect, as a share
  of every finding shown to anyone in that setting (pooled; what Benjamini-
  Hochberg's q = 0.10 is about), and the share of people with at least one;
* coverage: of the shown findings about a planted effect, the share whose
  95% range holds the planted size;
* forecasts: for 1 SD effects not yet shown on day 45, 60 or 90, "about N more
  days" against the day the effect was first shown.

The same seeds give the same table. Results go to
bench/results/insights_simulation.json; ``--doc`` also writes the table
into docs/INSIGHTS.md between the ``insights-simulation`` markers.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from glimmers.analysis.dashboard import EARLY_HINT_MIN_DAYS  # noqa: E402
from glimmers.core.analysis.insights.simulate import WALK_TAG, simulate_person  # noqa: E402
from glimmers.core.analysis.insights.triggers import analyse  # noqa: E402

DAYS = (30, 60, 120, 365)
SIZES = (0.0, 0.5, 1.0, 1.5)
PLANTED = (("factor:sleep_hours:short", "short night"), (f"tag:{WALK_TAG}", "tag 'walk'"),
           ("factor:alcohol_units:any", "alcohol the evening before"), ("weekday:mon", "Mondays"))
RESULTS = ROOT / "bench" / "results" / "insights_simulation.json"
DOC = ROOT / "docs" / "INSIGHTS.md"
START, END = "<!-- insights-simulation:start -->", "<!-- insights-simulation:end -->"


def _one(job: tuple[int, int, float]) -> dict:
    seed, n_days, size = job
    person = simulate_person(seed, n_days, effect_sd=size, alcohol_sd=size, monday_sd=size)
    analysis = analyse(person.moments, person.days, today=person.today)
    planted = {key: value for key, value in person.truth.planted.items() if value}
    nulls = person.truth.nulls | {key for key, value in person.truth.planted.items() if not value}
    # as the app shows them: early hints wait until there are EARLY_HINT_MIN_DAYS days of entries
    young = analysis.days < EARLY_HINT_MIN_DAYS
    shown = [f for f in analysis.findings if f.shown and not (young and f.status == "early_hint")]
    return {
        "days": n_days, "size": size,
        "found": [key for key in planted if any(f.key == key and f.effect * planted[key] > 0 for f in shown)],
        "false": sum(f.key in nulls for f in shown),
        "shown": len(shown),
        "covered": sum(f.low <= planted[f.key] <= f.high for f in shown if f.key in planted),
        "planted_shown": sum(f.key in planted for f in shown),
    }


FORECAST_FROM = (45, 60, 90)  # the days on which "about N more days" is read
FORECAST_STEP = 10


def _forecast(job: tuple[int, str]) -> list[dict]:
    """For one person with 1 SD effects, "about N more days" read on FORECAST_FROM days against the day
    the effect was actually first shown (checked every FORECAST_STEP days up to a year)."""
    from datetime import timedelta

    seed, key = job
    person = simulate_person(seed, 365, effect_sd=1.0, alcohol_sd=1.0, monday_sd=1.0)
    start = person.today - timedelta(days=364)
    planted = person.truth.planted[key]

    def read(day: int):
        analysis = analyse(person.moments, person.days, today=start + timedelta(days=day - 1))
        finding = analysis.finding(key)
        young = analysis.days < EARLY_HINT_MIN_DAYS
        shown = finding.shown and not (young and finding.status == "early_hint") and finding.effect * planted > 0
        return finding, shown

    found_on = next((day for day in range(FORECAST_FROM[0], 366, FORECAST_STEP) if read(day)[1]), None)
    rows = []
    for day in FORECAST_FROM:
        finding, shown = read(day)
        if shown or finding.status != "no_clear_difference" or finding.more_days_needed is None:
            continue
        rows.append({"key": key, "from": day, "forecast": day + finding.more_days_needed, "found": found_on})
    return rows


def forecasts(people: int, seed: int, processes: int) -> list[dict]:
    jobs = [(seed + 50_000 + p, key) for key in ("factor:sleep_hours:short", f"tag:{WALK_TAG}") for p in range(people)]
    with Pool(processes) as pool:
        results = pool.map(_forecast, jobs, chunksize=2)
    summary = []
    for key, _name in PLANTED[:2]:
        for day in FORECAST_FROM:
            rows = [r for rs in results for r in rs if r["key"] == key and r["from"] == day]
            ratios = sorted(r["forecast"] / r["found"] for r in rows if r["found"])
            summary.append({
                "key": key, "from": day, "forecasts": len(rows), "never_found": sum(not r["found"] for r in rows),
                "median_ratio": ratios[len(ratios) // 2] if ratios else None,
                "within_1_5": sum(1 / 1.5 <= ratio <= 1.5 for ratio in ratios) / len(ratios) if ratios else None,
                "ratios": [round(ratio, 3) for ratio in ratios],
            })
    return summary


def measure(people: int, seed: int, processes: int) -> list[dict]:
    jobs = [(seed + 1000 * s + p, n_days, size) for s, size in enumerate(SIZES) for n_days in DAYS
            for p in range(people)]
    with Pool(processes) as pool:
        results = pool.map(_one, jobs, chunksize=4)
    cells = []
    for size in SIZES:
        for n_days in DAYS:
            rows = [r for r in results if r["size"] == size and r["days"] == n_days]
            shown = sum(r["shown"] for r in rows)
            false = sum(r["false"] for r in rows)
            planted_shown = sum(r["planted_shown"] for r in rows)
            cells.append({
                "size_sd": size, "days": n_days, "people": len(rows),
                "recall": {key: sum(key in r["found"] for r in rows) / len(rows) for key, _name in PLANTED} if size else {},
                "shown": shown, "false_claims": false,
                "false_claim_share": false / shown if shown else None,
                "people_with_a_false_claim": sum(r["false"] > 0 for r in rows) / len(rows),
                "coverage": sum(r["covered"] for r in rows) / planted_shown if planted_shown else None,
                "planted_shown": planted_shown,
            })
    return cells


def _share(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def table(results: dict) -> list[str]:
    lines = [
        f"`bench/insights_simulation.py`, {results['measured_on']}, {results['people']} simulated people per "
        f"setting (seed {results['seed']}). Four effects of the same size are planted in each person; size 0 "
        "plants nothing.",
        "",
        "| size | days | " + " | ".join(f"found: {name}" for _key, name in PLANTED)
        + " | findings shown | false claims among them | people with a false claim | 95% ranges holding the planted size |",
        "|" + "---:|" * (2 + len(PLANTED) + 4),
    ]
    for cell in results["cells"]:
        recall = [_share(cell["recall"].get(key)) if cell["size_sd"] else "–" for key, _name in PLANTED]
        lines.append(
            f"| {cell['size_sd']:g} SD | {cell['days']} | " + " | ".join(recall)
            + f" | {cell['shown']} | {_share(cell['false_claim_share'])} ({cell['false_claims']}) | "
            f"{_share(cell['people_with_a_false_claim'])} | {_share(cell['coverage'])} ({cell['planted_shown']}) |"
        )
    names = dict(PLANTED)
    lines += ["", "\"About N more days\" against the day a 1 SD effect was first shown (checked every "
              f"{FORECAST_STEP} days up to a year; the ratio is the forecast day over the day it was found, so 1 is "
              "exact and above 1 too pessimistic):", "",
              "| effect | read on day | forecasts | median ratio | within a factor of 1.5 | not found within a year |",
              "|---|---:|---:|---:|---:|---:|"]
    for row in results["forecasts"]:
        median = "–" if row["median_ratio"] is None else f"{row['median_ratio']:.2f}"
        lines.append(f"| {names[row['key']]} | {row['from']} | {row['forecasts']} | {median} | "
                     f"{_share(row['within_1_5'])} | {row['never_found']} |")
    ratios = sorted(ratio for row in results["forecasts"] for ratio in row["ratios"])
    if ratios:
        lines += ["", f"All {len(ratios)} forecasts that were followed by a finding: median ratio "
                  f"{ratios[len(ratios) // 2]:.2f}, {_share(sum(1 / 1.5 <= r <= 1.5 for r in ratios) / len(ratios))} "
                  "within a factor of 1.5."]
    lines += ["", "Pooled over the four sizes (what a mixed group of people would see):", ""]
    for n_days in DAYS:
        cells = [cell for cell in results["cells"] if cell["days"] == n_days]
        shown, false = sum(c["shown"] for c in cells), sum(c["false_claims"] for c in cells)
        planted = sum(c["planted_shown"] for c in cells)
        covered = sum(round(c["coverage"] * c["planted_shown"]) for c in cells if c["coverage"] is not None)
        lines.append(f"- {n_days} days: {false} false claims among {shown} findings shown "
                     f"({_share(false / shown if shown else None)}); {_share(covered / planted if planted else None)} "
                     f"of {planted} ranges about a planted effect held its size.")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100, help="simulated people per setting (default 100)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--doc", action="store_true", help=f"write the table into {DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    results = {"measured_on": date.today().isoformat(), "people": args.people, "seed": args.seed,
               "cells": measure(args.people, args.seed, args.processes),
               "forecasts": forecasts(max(10, args.people // 2), args.seed, args.processes)}
    results["seconds"] = round(time.perf_counter() - began)
    lines = table(results)
    print("\n".join(lines))
    print(f"\n({results['seconds']} s)")
    if args.doc:
        RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        text = DOC.read_text(encoding="utf-8")
        head, rest = text.split(START, 1)
        DOC.write_text(head + START + "\n" + "\n".join(lines) + "\n" + END + rest.split(END, 1)[1], encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Figures for the early-warning chart: false alarms per year and detection delay.

Run from the repository root:

    .venv/bin/python bench/early_warning_simulation.py --doc         # full size, into docs/INSIGHTS.md
    .venv/bin/python bench/early_warning_simulation.py --runs 200    # quick look

Simulated people have stable daily mean numbness with AR(1) carry-over
(phi 0.3 / 0.45 / 0.6). Each run builds its own 90-day baseline, gets its
calibrated limit and is then watched by the real chart
(``glimmers.core.analysis.insights.early_warning``), re-baselining included.

* False alarms on stable numbness: the share of people with at least one in
  their first monitored year (what L is calibrated to), on the smooth model
  and on rough journals (whole-number ratings, one to three a day, a weekday
  pattern, days missing), and alarm episodes per monitored person-year over
  the whole run.
* Whether an alarm stays on: for a 1.5 SD rise, the share of days 15-35 of
  the rise that read "above the usual range", and of the alarms that came by
  day 35, the share still on that day.
* Detection delay: a sustained upward shift of 1 or 1.5 usual-day SDs starts
  after 28 quiet monitored days; the delay counts the raised days up to and
  including the alarm day. The median counts runs not detected within the
  horizon as later than it; runs that false-alarmed before the shift are left
  out. The same seeds give the same table.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from glimmers.core.analysis.insights.early_warning import (  # noqa: E402
    FALSE_ALARM_TARGET_PER_YEAR,
    control_limit,
    detection_delay,
    simulate_false_alarms,
)

PHIS = (0.3, 0.45, 0.6)
SHIFTS = (1.0, 1.5)
DOC = ROOT / "docs" / "INSIGHTS.md"
START, END = "<!-- early-warning:start -->", "<!-- early-warning:end -->"


def _delay(value: float | None) -> str:
    return "not within horizon" if value is None else f"{value:.0f} days"


def table(args) -> list[str]:
    lines = [
        f"`bench/early_warning_simulation.py`, {date.today().isoformat()}, {args.runs:,} simulated people per cell; "
        f"false alarms over {args.years:g} monitored years each; rises start after 28 quiet monitored days and are "
        f"watched for {args.horizon} days. Target: {FALSE_ALARM_TARGET_PER_YEAR:.0%} of people with a false alarm "
        "in their first year on the smooth model L is calibrated on. \"rough\" journals are whole-number ratings, "
        f"one to three a day, a weekday pattern of each person's own and {args.missing:.0%} of days missing.",
        "",
        "| φ | L | people with a false alarm in year 1 | same, rough journals | false alarms / year over "
        f"{args.years:g} y | " + " | ".join(f"median delay, {s:g} SD rise (found within {args.horizon} d)" for s in SHIFTS)
        + " | 1.5 SD rise: days 15-35 reading \"above\" | alarms by day 35 still on at day 35 |",
        "|" + "---|" * (7 + len(SHIFTS)),
    ]
    for index, phi in enumerate(PHIS):
        seed = args.seed + 100 * index
        full = simulate_false_alarms(phi, args.years, args.runs, seed)
        rough = simulate_false_alarms(phi, 1, args.runs, seed + 1, missing=args.missing, ratings=True)
        cells, held = [], None
        for offset, shift in enumerate(SHIFTS):
            delay = detection_delay(shift, phi, args.runs, seed + 2 + offset, horizon=args.horizon)
            cells.append(f"{_delay(delay.median_days)} ({delay.detected_share:.0%})")
            held = delay if shift == 1.5 else held
        lines.append(f"| {phi:g} | {control_limit(phi):.2f} | {full.first_year_share:.1%} | {rough.first_year_share:.1%} | "
                     f"{full.per_year:.3f} | " + " | ".join(cells)
                     + f" | {held.held_share:.0%} | {held.kept_on_share:.0%} |")
        print(lines[-1], flush=True)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="simulated people per cell (default 2000)")
    parser.add_argument("--years", type=float, default=10.0, help="monitored years per person (default 10)")
    parser.add_argument("--missing", type=float, default=0.2, help="share of days missing in rough journals")
    parser.add_argument("--horizon", type=int, default=120, help="days after the shift to wait for an alarm")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--doc", action="store_true", help=f"write the table into {DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    lines = table(args)
    print("\n".join(lines))
    if args.doc:
        text = DOC.read_text(encoding="utf-8")
        head, rest = text.split(START, 1)
        DOC.write_text(head + START + "\n" + "\n".join(lines) + "\n" + END + rest.split(END, 1)[1], encoding="utf-8")
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

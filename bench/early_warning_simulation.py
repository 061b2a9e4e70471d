#!/usr/bin/env python3
"""Figures for the early-warning chart: false alarms per year and detection delay.

Run from the repository root:

    .venv/bin/python bench/early_warning_simulation.py               # full size (about a minute)
    .venv/bin/python bench/early_warning_simulation.py --runs 200    # quick look

Simulated people have stable daily mean numbness with AR(1) carry-over
(phi 0.3 / 0.45 / 0.6). Each run builds its own 90-day baseline, gets its
calibrated limit and is then watched by the real chart
(``glimmers.core.analysis.insights.early_warning``), re-baselining included.

* False alarms on stable numbness: the share of people with at least one in
  their first monitored year (what L is calibrated to), the alarms per person
  in that year, and alarm episodes per monitored person-year over the whole
  run (lower: a badly-set baseline is replaced after its first alarm); with
  every day recorded and with a share of days missing.
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


def _delay(value: float | None) -> str:
    return "not within horizon" if value is None else f"{value:.0f} days"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="simulated people per cell (default 2000)")
    parser.add_argument("--years", type=float, default=10.0, help="monitored years per person (default 10)")
    parser.add_argument("--missing", type=float, default=0.15, help="share of days missing in the second column")
    parser.add_argument("--horizon", type=int, default=120, help="days after the shift to wait for an alarm")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    print(f"Target: {FALSE_ALARM_TARGET_PER_YEAR:.0%} chance of at least one false alarm in a first year of stable "
          "numbness. "
          f"{args.runs} simulated people per cell, {args.years:g} years each for false alarms, "
          f"{args.horizon}-day horizon for detection.\n")
    print(f"| phi | L | people with a false alarm in year 1 | false alarms in year 1 | false alarms / year over "
          f"{args.years:g} y | same, {args.missing:.0%} days missing | "
          + " | ".join(f"median delay, {s:g} SD (detected within {args.horizon} d)" for s in SHIFTS) + " |")
    print("|" + "---|" * (6 + len(SHIFTS)))
    for index, phi in enumerate(PHIS):
        seed = args.seed + 100 * index
        full = simulate_false_alarms(phi, args.years, args.runs, seed)
        gaps = simulate_false_alarms(phi, args.years, args.runs, seed + 1, missing=args.missing)
        cells = []
        for offset, shift in enumerate(SHIFTS):
            delay = detection_delay(shift, phi, args.runs, seed + 2 + offset, horizon=args.horizon)
            cells.append(f"{_delay(delay.median_days)} ({delay.detected_share:.0%})")
        print(f"| {phi:g} | {control_limit(phi):.2f} | {full.first_year_share:.1%} | {full.first_year_rate:.3f} | "
              f"{full.per_year:.3f} | {gaps.per_year:.3f} | " + " | ".join(cells) + " |")
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

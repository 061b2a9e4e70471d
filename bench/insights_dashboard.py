#!/usr/bin/env python3
"""Benchmark: the insights dashboard over ten years of entries.

Run from the repository root:

    .venv/bin/python bench/insights_dashboard.py            # 3,650 days, 60 page views
    .venv/bin/python bench/insights_dashboard.py --days 400  # a smaller smoke run
    .venv/bin/python bench/insights_dashboard.py --json out.json  # the figures as JSON too

It fills a throw-away SQLite journal (bench/work/dashboard/) with the demo
generator's made-up person over ``--days`` days, then, in this process with
the real settings and middleware:

1. times the first dashboard request (the full analysis, then stored);
2. times ``--views`` further requests (served from the stored result after
   a fingerprint check) and reports their median and 95th percentile;
3. adds one check-in and times the next request (recomputed once).

``bench/insights_first_run.py`` runs it with ``--json`` and keeps the
figures for docs/PERFORMANCE.md. It asserts nothing about time: it is a
measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--views", type=int, default=60)
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures to this file")
    args = parser.parse_args()

    work = ROOT / "bench" / "work" / "dashboard"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    os.environ.update({"GLIMMERS_HOME": str(work), "GLIMMERS_TIMEZONE": "Europe/Berlin"})
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))

    from glimmers import db

    db.open_journal()
    from django.test import Client

    from glimmers import people
    from glimmers.core import demo
    from glimmers import transfer

    person = people.local_person()

    today = datetime.now(timezone.utc).date()
    started = time.perf_counter()
    bundle = demo.generate(days=args.days, end=today - timedelta(days=1), timezone="Europe/Berlin", seed=7)
    with people.acting_as(person):
        report = transfer.write_bundle(bundle, source="demo", now=datetime.now(timezone.utc))
    print(f"journal: {report.checkins} check-ins, {report.days} days of factors over {args.days} days "
          f"(filled in {time.perf_counter() - started:.1f} s)")

    client = Client(HTTP_HOST="127.0.0.1")

    def view() -> float:
        begin = time.perf_counter()
        response = client.get("/insights/")
        elapsed = (time.perf_counter() - begin) * 1000
        assert response.status_code == 200, response.status_code
        return elapsed

    first = view()
    cached = sorted(view() for _ in range(args.views))
    from glimmers.journal import store
    from glimmers.core.journal.entries import validate_checkin

    with people.acting_as(person):
        store.add_checkin(validate_checkin({"numbness": 5, "occurred_at": datetime.now(timezone.utc), "timezone": "Europe/Berlin"},
                                           now=datetime.now(timezone.utc)), now=datetime.now(timezone.utc))
    after_change = view()
    p95 = cached[max(0, round(0.95 * len(cached)) - 1)]
    print()
    print("| request | ms |")
    print("|---|---:|")
    print(f"| first view (full analysis, then stored) | {first:.0f} |")
    print(f"| later views, median of {len(cached)} | {statistics.median(cached):.1f} |")
    print(f"| later views, 95th percentile | {p95:.1f} |")
    print(f"| first view after a new check-in (recomputed) | {after_change:.0f} |")
    print(f"\nrun on {date.today().isoformat()}, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    if args.json:
        args.json.write_text(json.dumps({
            "days": args.days, "checkins": report.checkins, "days_of_factors": report.days, "views": len(cached),
            "first_ms": round(first, 1), "later_median_ms": round(statistics.median(cached), 1),
            "later_p95_ms": round(p95, 1), "after_checkin_ms": round(after_change, 1),
        }, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

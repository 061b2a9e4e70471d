#!/usr/bin/env python3
"""What the damage check on every open of a SQLite journal costs.

Run from the repository root (about half a minute, most of it building the
journals):

    .venv/bin/python bench/quick_check_cost.py
    .venv/bin/python bench/quick_check_cost.py --no-large   # skip the 50,000 check-in journal

It writes bench/results/quick_check_cost.json and prints a summary.

``glimmers.db.refuse_damaged()`` runs ``PRAGMA quick_check(1)`` through a
read-only connection each time a command opens a SQLite journal. For each
journal below this measures:

1. ``warm``: that check exactly as ``refuse_damaged`` does it (open with
   ``glimmers.health.read_only``, ``health.integrity_faults(connection,
   quick=True, limit=1)``, close), the file in the page cache: the median of
   15 runs, after one run not counted.
2. ``cold`` (Linux only): the same, with the journal's pages first evicted
   from the page cache (``posix_fadvise(POSIX_FADV_DONTNEED)`` on the journal
   and its side files, which touches no other file on the machine; the
   eviction is confirmed with util-linux ``fincore``). Left out of the results
   when it cannot be done or confirmed here. The median of 7 runs.
3. ``command``: the whole command the check sits in, a person's
   ``glimmers list --limit 1`` in a fresh process (Python, Django, the check,
   the query): the median wall time of 7 runs, after one run not counted.

The journals, each in a throw-away data folder:

* ``demo_365`` and ``demo_3650``: ``glimmers demo --days N --no-serve``
  (one and ten years of made-up entries).
* ``checkins_50000``: the ten-year demo exported as glimmers JSON, its
  check-ins repeated (each copy 3 hours earlier than the last, with new ids)
  up to 50,000, and imported into an empty journal with ``glimmers import``.

It is a measurement, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "quick_check_cost.json"
WARM_RUNS, COLD_RUNS, COMMAND_RUNS = 15, 7, 7
LARGE_CHECKINS = 50_000
STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"


def clean_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GLIMMERS_", "DATABASE_URL"))}
    env.update({"GLIMMERS_HOME": str(home), "GLIMMERS_TIMEZONE": "Europe/Berlin"})
    return env


def glimmers_command() -> list[str]:
    script = Path(sys.executable).parent / "glimmers"
    return [str(script)] if script.exists() else [sys.executable, "-m", "glimmers"]


def glimmers(home: Path, *args: str) -> None:
    subprocess.run([*glimmers_command(), *args], env=clean_env(home), check=True, capture_output=True)


def build_demo(home: Path, days: int) -> tuple[Path, list[str]]:
    glimmers(home, "demo", "--days", str(days), "--no-serve")
    return home / "demo.sqlite3", ["--demo"]


def shifted(stamp: str | None, hours: int) -> str | None:
    return (datetime.strptime(stamp, STAMP) - timedelta(hours=hours)).strftime(STAMP) if stamp else stamp


def build_large(home: Path, scratch: Path) -> tuple[Path, list[str]]:
    source = scratch / "ten-years"
    source.mkdir()
    glimmers(source, "demo", "--days", "3650", "--no-serve")
    export = scratch / "ten-years.json"
    glimmers(source, "--demo", "export", "--out", str(export))
    document = json.loads(export.read_bytes())
    base, checkins, copy = document["checkins"], list(document["checkins"]), 1
    while len(checkins) < LARGE_CHECKINS:  # dates before 1970 are refused, so copies step back by hours, not years
        for entry in base[: LARGE_CHECKINS - len(checkins)]:
            moved = {**entry, "uid": uuid.UUID(int=len(checkins)).hex}
            for name in ("occurred_at", "created_at", "updated_at", "deleted_at"):
                moved[name] = shifted(entry[name], 3 * copy)
            checkins.append(moved)
        copy += 1
    document["checkins"] = checkins
    generated = scratch / "fifty-thousand.json"
    generated.write_text(json.dumps(document), encoding="utf-8")
    glimmers(home, "import", str(generated))
    return home / "glimmers.sqlite3", []


def counts(path: Path) -> dict:
    from glimmers import health

    with health.read_only(path) as connection:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    return {
        "checkins": rows.get("journal_checkin", 0),
        "glimmers": rows.get("journal_glimmer", 0),
        "days_of_factors": rows.get("journal_dayfactors", 0),
        "all_rows": sum(rows.values()),
        "page_size": page_size,
    }


def checked_once(path: Path) -> float:
    """One check, as ``glimmers.db.refuse_damaged`` runs it; seconds."""
    from glimmers import health
    from glimmers.settings import SQLITE_TIMEOUT_SECONDS

    started = time.perf_counter()
    with health.read_only(path, timeout=SQLITE_TIMEOUT_SECONDS) as connection:
        faults = health.integrity_faults(connection, quick=True, limit=1)
    seconds = time.perf_counter() - started
    if faults:
        raise SystemExit(f"{path} fails the check: {faults[0]}")
    return seconds


def journal_files(path: Path) -> list[Path]:
    return [item for item in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if item.exists()]


def resident_bytes(path: Path) -> int | None:
    if not shutil.which("fincore"):
        return None
    found = subprocess.run(["fincore", "--bytes", "--noheadings", "--output", "RES", str(path)], check=False, capture_output=True, text=True)
    return int(found.stdout.split()[0]) if found.returncode == 0 and found.stdout.strip() else None


def evicted(path: Path) -> bool:
    """Drop this journal's pages from the page cache; True when ``fincore`` confirms none are left."""
    if not hasattr(os, "posix_fadvise"):
        return False
    for item in journal_files(path):
        descriptor = os.open(item, os.O_RDONLY)
        try:
            os.fsync(descriptor)  # only clean pages can be dropped
            os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(descriptor)
    return all(resident_bytes(item) == 0 for item in journal_files(path))


def command_seconds(home: Path, flags: list[str]) -> float:
    command, env = [*glimmers_command(), *flags, "list", "--limit", "1"], clean_env(home)
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1)


def measure(name: str, path: Path, home: Path, flags: list[str]) -> dict:
    result = {"name": name, "bytes": path.stat().st_size, **counts(path)}
    checked_once(path)  # not counted: the first run reads the file into the page cache
    result["warm_ms"] = ms([checked_once(path) for _ in range(WARM_RUNS)])
    cold = []
    for _ in range(COLD_RUNS):
        if not evicted(path):
            cold = []
            break
        cold.append(checked_once(path))
    if cold:
        result["cold_ms"] = ms(cold)
    command_seconds(home, flags)  # not counted
    result["command_ms"] = ms([command_seconds(home, flags) for _ in range(COMMAND_RUNS)])
    result["command"] = " ".join(["glimmers", *flags, "list", "--limit", "1"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-large", action="store_true", help="skip the 50,000 check-in journal")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    journals = []
    with tempfile.TemporaryDirectory(prefix="glimmers-quick-check-") as folder:
        scratch = Path(folder)
        builds = [("demo_365", lambda home: build_demo(home, 365)), ("demo_3650", lambda home: build_demo(home, 3650))]
        if not args.no_large:
            builds.append((f"checkins_{LARGE_CHECKINS}", lambda home: build_large(home, scratch)))
        for name, build in builds:
            home = scratch / name
            home.mkdir()
            path, flags = build(home)
            journals.append(measure(name, path, home, flags))
            print(f"{name}: {journals[-1]['bytes']:,} B, {journals[-1]['checkins']:,} check-ins: "
                  f"check {journals[-1]['warm_ms']} ms warm"
                  + (f", {journals[-1]['cold_ms']} ms cold" if "cold_ms" in journals[-1] else ", cold not measured")
                  + f"; '{journals[-1]['command']}' {journals[-1]['command_ms']} ms")

    result = {
        "machine": {
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "system": platform.platform(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
        },
        "runs": {"warm": WARM_RUNS, "cold": COLD_RUNS, "command": COMMAND_RUNS, "statistic": "median"},
        "journals": {journal.pop("name"): journal for journal in journals},
    }
    if any("cold_ms" in journal for journal in result["journals"].values()):
        result["cold_method"] = "posix_fadvise(POSIX_FADV_DONTNEED) on the journal and its side files, confirmed by fincore"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""How numpy's thread count changes a first run of `glimmers insights`.

Run from the repository root:

    .venv/bin/python bench/insights_threads.py            # the ten-year demo (a few minutes)
    .venv/bin/python bench/insights_threads.py --days 365

It fills a demo journal in a throw-away data folder, then times
`glimmers --demo insights` in a fresh process with the stored result
thrown away before each run (so every run is a first run): with numpy's
maths library allowed one thread per core, and with one thread (what
glimmers sets unless the person chose otherwise), each on an idle machine
and with every core kept busy by another program. Medians of --runs runs
go to bench/results/insights_threads.json. It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "insights_threads.json"
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def environment(home: Path, threads: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GLIMMERS_", "DATABASE_URL", *THREAD_VARIABLES))}
    env.update({"GLIMMERS_HOME": str(home), "GLIMMERS_TIMEZONE": "Europe/Berlin"})
    env.update(dict.fromkeys(THREAD_VARIABLES, str(threads)))
    return env


def first_run_seconds(home: Path, threads: int) -> float:
    with sqlite3.connect(home / "demo.sqlite3") as connection:
        connection.execute("DELETE FROM analysis_cachedresult")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "glimmers", "--demo", "insights"],
        env=environment(home, threads), check=True, stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def busy_cores(count: int) -> list[subprocess.Popen]:
    """Programs that keep every core busy, as a person's other work would."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    cores = os.cpu_count() or 1
    results: dict = {
        "days": options.days, "runs": options.runs, "cores": cores,
        "python": platform.python_version(), "platform": platform.platform(), "seconds": {},
    }
    with tempfile.TemporaryDirectory(prefix="glimmers-bench-") as folder:
        home = Path(folder)
        subprocess.run(
            [sys.executable, "-m", "glimmers", "demo", "--days", str(options.days), "--no-serve"],
            env=environment(home, 1), check=True, stdout=subprocess.DEVNULL,
        )
        for load in ("idle", "busy"):
            others = busy_cores(cores) if load == "busy" else []
            try:
                for threads in (cores, 1):
                    times = [first_run_seconds(home, threads) for _ in range(options.runs)]
                    key = f"{load}, {threads} thread{'s' if threads > 1 else ''}"
                    results["seconds"][key] = round(statistics.median(times), 2)
                    print(f"{key}: median {results['seconds'][key]} s of {[round(t, 2) for t in times]}", flush=True)
            finally:
                for other in others:
                    other.kill()
                    other.wait()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

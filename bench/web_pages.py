#!/usr/bin/env python3
"""How fast the web app's busiest pages answer on large journals.

Run from the repository root:

    .venv/bin/python bench/web_pages.py             # ten-year demo and 50,000 check-ins (about two minutes)
    .venv/bin/python bench/web_pages.py --no-large  # the ten-year demo only

For each journal it starts the real server in its own process
(`glimmers serve`, or `glimmers demo` for the demo journal), signs in with
the printed link as a browser would, then asks for each page --requests
times over HTTP after one warm-up request, and reports the median and the
95th percentile of the whole round trip. The journals are built as in
bench/quick_check_cost.py. Results go to bench/results/web_pages.json. It
asserts nothing.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quick_check_cost import build_demo, build_large, clean_env, glimmers_command  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "web_pages.json"
PAGES = ("/", "/timeline/", "/timeline/?q=walk", "/insights/")


def started(home: Path, demo: bool) -> tuple[subprocess.Popen, str]:
    arguments = ["demo", "--port", "0", "--no-browser"] if demo else ["serve", "--port", "0", "--no-browser"]
    process = subprocess.Popen(
        [*glimmers_command(), *arguments], env=clean_env(home), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = re.search(r"(http://127\.0\.0\.1:\d+/\?token=\S+)", process.stdout.readline())
        if found:
            return process, found.group(1)
    process.kill()
    raise SystemExit("the server did not start")


def timings(link: str, requests: int) -> dict:
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    browser.open(link, timeout=60).read()  # signs in, as following the printed link does
    base = link.split("?", 1)[0].rstrip("/")
    found = {}
    for page in PAGES:
        browser.open(base + page, timeout=60).read()  # warm-up (the insights are computed once, then kept)
        seconds = []
        for _ in range(requests):
            began = time.perf_counter()
            browser.open(base + page, timeout=60).read()
            seconds.append(time.perf_counter() - began)
        seconds.sort()
        found[page] = {
            "median_ms": round(statistics.median(seconds) * 1000, 1),
            "p95_ms": round(seconds[max(0, int(round(0.95 * len(seconds))) - 1)] * 1000, 1),
        }
        print(f"  {page}: median {found[page]['median_ms']} ms, p95 {found[page]['p95_ms']} ms", flush=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--no-large", action="store_true", help="Leave out the 50,000 check-in journal.")
    options = parser.parse_args()
    results = {"requests": options.requests, "python": platform.python_version(), "platform": platform.platform(), "journals": {}}
    with tempfile.TemporaryDirectory(prefix="glimmers-bench-") as folder:
        scratch = Path(folder)
        journals = [("ten-year demo", scratch / "demo", True)]
        if not options.no_large:
            journals.append(("50,000 check-ins", scratch / "large", False))
        for name, home, demo in journals:
            home.mkdir()
            if demo:
                build_demo(home, 3650)
            else:
                (scratch / "build").mkdir()
                build_large(home, scratch / "build")
            print(name, flush=True)
            process, link = started(home, demo)
            try:
                results["journals"][name] = timings(link, options.requests)
            finally:
                process.terminate()
                process.wait(timeout=30)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

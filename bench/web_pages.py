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
bench/quick_check_cost.py. Results go to bench/results/web_pages.json, with
the aims (``AIMS``) judged. It asserts nothing.

    .venv/bin/python bench/web_pages.py --doc       # only rewrite the doc's part from the results

The last part of docs/PERFORMANCE.md ("# Performance: pages on large
journals") is written from the results file; tests/test_bench_figures.py
fails while the two disagree.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quick_check_cost import build_demo, build_large, clean_env, glimmers_command  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "web_pages.json"
PAGES = ("/", "/timeline/", "/timeline/?q=walk", "/insights/")
DOC = ROOT / "docs" / "PERFORMANCE.md"
DEMO_DAYS = 3650
HEADING = "# Performance: pages on large journals"
# What the product owners asked for: the busiest pages answer within 100 ms
# (95th percentile) on ten years of entries.
AIMS = (
    {"journal": "ten-year demo", "page": "/", "p95_below_ms": 100},
    {"journal": "ten-year demo", "page": "/timeline/", "p95_below_ms": 100},
)


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


@contextlib.contextmanager
def demo_served(prefix: str, days: int = 120, seed: int = 7):
    """A throw-away demo journal (a fixed seed) served by the real server: yields the printed
    private link and the address every page hangs off; the server is stopped afterwards."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        home = Path(folder) / "home"
        home.mkdir()
        subprocess.run([*glimmers_command(), "demo", "--days", str(days), "--seed", str(seed), "--no-serve"],
                       env=clean_env(home), check=True, capture_output=True)
        process, link = started(home, demo=True)
        try:
            yield link, link.split("?", 1)[0]
        finally:
            process.terminate()
            process.wait(timeout=30)


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


def judged(results: dict) -> list[dict]:
    """Each aim with what was measured and whether it was met."""
    found = []
    for aim in AIMS:
        measured = results["journals"].get(aim["journal"], {}).get(aim["page"], {}).get("p95_ms")
        found.append({**aim, "measured_p95_ms": measured, "met": measured is not None and measured < aim["p95_below_ms"]})
    return found


def section(results: dict) -> str:
    """The last part of docs/PERFORMANCE.md, every figure taken from ``results``."""
    when = datetime.fromisoformat(results["date"]).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        HEADING,
        "",
        "How long the busiest pages take to answer when the journal is large: the",
        "home page and the timeline are what a person opens every day. Measured by",
        "`bench/web_pages.py` (results in `bench/results/web_pages.json`), which",
        "starts the real server in its own process, signs in with the printed link",
        "as a browser would, and asks for each page over HTTP after one warm-up;",
        "the time is the whole round trip. This part is written from that file",
        "(`.venv/bin/python bench/web_pages.py --doc`).",
        "",
        f"One run on {when}, {results['cpus']} CPUs, Python {results['python']}, "
        f"{results['requests']} requests a page; milliseconds:",
        "",
        "| journal | page | median | 95th percentile |",
        "|---|---|---:|---:|",
    ]
    for journal, pages in results["journals"].items():
        for page, found in pages.items():
            lines.append(f"| {journal} | `{page}` | {found['median_ms']:.1f} | {found['p95_ms']:.1f} |")
    lines += ["", "| aim | measured (95th percentile) | |", "|---|---:|---|"]
    for aim in results["aims"]:
        verdict = "met" if aim["met"] else "**missed**"
        measured = "not measured" if aim["measured_p95_ms"] is None else f"{aim['measured_p95_ms']:.1f} ms"
        lines.append(f"| `{aim['page']}` on the {aim['journal']} under {aim['p95_below_ms']} ms | {measured} | {verdict} |")
    lines += [
        "",
        f"The ten-year demo journal holds the demo generator's {DEMO_DAYS:,} days; the",
        "large one is built from it by `bench/quick_check_cost.py`. A search",
        "(`?q=walk`) reads the search index first (see the first part).",
        "",
    ]
    return "\n".join(lines)


def doc_with_section(text: str, results: dict) -> str:
    """``text`` with its pages part replaced by (or ended with) the one written from ``results``."""
    before, heading, after = text.partition(HEADING)
    rest = after.split("\n# ", 1) if heading else [""]
    tail = "\n# " + rest[1] if len(rest) > 1 else ""
    return (before if heading else before.rstrip("\n") + "\n\n") + section(results) + tail


def write_doc(results: dict) -> None:
    DOC.write_text(doc_with_section(DOC.read_text(encoding="utf-8"), results), encoding="utf-8")
    print(f"wrote the pages part of {DOC.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--no-large", action="store_true", help="Leave out the 50,000 check-in journal.")
    parser.add_argument("--doc", action="store_true", help="Only rewrite the doc's part from the results file.")
    options = parser.parse_args()
    if options.doc:
        write_doc(json.loads(RESULTS.read_text(encoding="utf-8")))
        return
    results = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "requests": options.requests, "python": platform.python_version(), "platform": platform.platform(),
        "cpus": os.cpu_count(), "journals": {},
    }
    with tempfile.TemporaryDirectory(prefix="glimmers-bench-") as folder:
        scratch = Path(folder)
        journals = [("ten-year demo", scratch / "demo", True)]
        if not options.no_large:
            journals.append(("50,000 check-ins", scratch / "large", False))
        for name, home, demo in journals:
            home.mkdir()
            if demo:
                build_demo(home, DEMO_DAYS)
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
    results["aims"] = judged(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    write_doc(results)


if __name__ == "__main__":
    main()

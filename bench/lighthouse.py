#!/usr/bin/env python3
"""Lighthouse scores, installability and a minimal check-in of the everyday pages, for docs/UX.md.

    .venv/bin/python bench/lighthouse.py          # measure, write the results and the doc's part

Installs Lighthouse from the npm registry into bench/lighthouse/node_modules
(pinned by bench/lighthouse/package-lock.json; the test suite does not need
it), fills a demo journal with a fixed seed, starts the real server on it and
runs Lighthouse with Debian's Chromium on each page, as a phone (Lighthouse's
default mobile emulation), for the accessibility and best-practices
categories. Lighthouse 12 no longer scores installability, so Chromium itself
is asked, through the DevTools protocol (``Page.getInstallabilityErrors``),
what stops the page from being installed; and a minimal check-in (a value,
then Save) is made seven times on a phone-sized page, counting taps and
scrolling and timing the machine's part. Results go to
bench/results/lighthouse.json and the part of docs/UX.md between the
``lighthouse`` markers. Nothing leaves the machine: every page and request is
on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import hashlib
import http.cookiejar
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_pages import demo_served  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "bench" / "lighthouse"
RESULTS = ROOT / "bench" / "results" / "lighthouse.json"
DOC = ROOT / "docs" / "UX.md"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
CATEGORIES = ("accessibility", "best-practices")
# (address, what a person knows it as)
PAGES = (
    ("", "Today and check-in"),
    ("timeline/", "Journal"),
    ("insights/", "Insights"),
    ("help-now/", "Need help now"),
)


def install() -> Path:
    """Lighthouse as the lock pins it; skipped when nothing changed since the last install."""
    stamp = TOOL / "node_modules" / ".installed"
    wanted = hashlib.sha256((TOOL / "package-lock.json").read_bytes()).hexdigest()
    if not (stamp.exists() and stamp.read_text() == wanted):
        npm = shutil.which("npm") or sys.exit("npm is needed: apt-get install npm")
        print("installing Lighthouse from the npm registry", flush=True)
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], check=True, cwd=TOOL)
        stamp.write_text(wanted)
    return TOOL / "node_modules" / ".bin" / "lighthouse"


def signed_in(link: str) -> str:
    """The Cookie header a browser holds after following the printed private link."""
    jar = http.cookiejar.CookieJar()
    urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)).open(link, timeout=60).read()
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def lighthouse(tool: Path, chromium: str, url: str, cookie: str, folder: Path) -> dict:
    out = folder / "report.json"
    subprocess.run(
        [str(tool), url, f"--only-categories={','.join(CATEGORIES)}", "--output=json", f"--output-path={out}",
         "--chrome-flags=--headless=new --no-sandbox", f"--extra-headers={json.dumps({'Cookie': cookie})}", "--quiet"],
        check=True, env={**os.environ, "CHROME_PATH": chromium}, timeout=300,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    scores, below = {}, {}
    for name in CATEGORIES:
        category = report["categories"][name]
        scores[name] = round(category["score"] * 100)
        below[name] = sorted(
            report["audits"][ref["id"]]["title"] for ref in category["auditRefs"]
            if ref["weight"] > 0 and report["audits"][ref["id"]]["score"] is not None
            and report["audits"][ref["id"]]["score"] < 1
        )
    return {"scores": scores, "below_full_marks": below, "lighthouse": report["lighthouseVersion"],
            "chromium": report["environment"]["hostUserAgent"].split("Chrome/", 1)[-1].split(" ", 1)[0]}


CHECKINS = 7  # timed minimal check-ins


def minimal_checkins(tab, base: str) -> dict:
    """A minimal check-in as a person on a phone makes it: open the page, tap a numbness value, tap Save.

    Counts the taps and the page's scroll position, and times the machine's
    part (the page opening, and Save until "Check-in saved" shows), not the
    person's thinking. Each check-in is taken back with Undo afterwards.
    """
    import statistics
    import time

    opened, saved, taps, scrolled = [], [], 0, 0
    for run in range(CHECKINS):
        began = time.perf_counter()
        tab.goto(base, wait_until="load")
        opened.append(time.perf_counter() - began)
        taps = 0
        tab.get_by_role("group", name="Numbness").get_by_role("radio", name=str(3 + run % 5), exact=True).click()
        taps += 1
        began = time.perf_counter()
        with tab.expect_navigation(wait_until="load"):
            tab.get_by_role("button", name="Save check-in").click()
        taps += 1
        tab.locator(".messages").get_by_text("Check-in saved").wait_for()
        saved.append(time.perf_counter() - began)
        scrolled = max(scrolled, int(tab.evaluate("window.scrollY")))
        with tab.expect_navigation():
            tab.get_by_role("button", name="Undo").click()
    return {"runs": CHECKINS, "taps": taps, "max_scroll_px": scrolled,
            "open_ms": round(statistics.median(opened) * 1000), "save_ms": round(statistics.median(saved) * 1000)}


def in_chromium(chromium: str, base: str, link: str) -> tuple[dict[str, list[str]], dict]:
    """What stops each page from being installed (empty: installable), and the minimal check-in."""
    from playwright.sync_api import sync_playwright

    found = {}
    with tempfile.TemporaryDirectory(prefix="glimmers-profile-") as profile, sync_playwright() as playwright:
        # a profile kept on disk, as a person's browser has: Chromium never offers to install from incognito
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium, args=["--headless=new", "--no-sandbox"],
            viewport={"width": 390, "height": 844},
        )
        tab = context.pages[0] if context.pages else context.new_page()
        tab.goto(link)
        devtools = context.new_cdp_session(tab)
        for address, _name in PAGES:
            tab.goto(base + address, wait_until="networkidle")
            errors = devtools.send("Page.getInstallabilityErrors")["installabilityErrors"]
            found[address] = sorted(error["errorId"] for error in errors)
        checkin = minimal_checkins(tab, base)
        context.close()
    return found, checkin


def measure() -> dict:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or sys.exit("Chromium is needed: apt-get install chromium")
    tool = install()
    pages = []
    with demo_served("glimmers-lighthouse-") as (link, base), tempfile.TemporaryDirectory(prefix="glimmers-lh-") as out:
        cookie = signed_in(link)
        blocked, checkin = in_chromium(chromium, base, link)
        for address, name in PAGES:
            print(f"  /{address}", flush=True)
            result = lighthouse(tool, chromium, base + address, cookie, Path(out))
            pages.append({"page": "/" + address, "name": name, **result, "installability_errors": blocked[address]})
    return {"measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d"), "form_factor": "mobile", "pages": pages,
            "minimal_checkin": checkin}


def section(results: dict) -> str:
    """The doc's part, every figure from ``results``."""
    first = results["pages"][0]
    lines = [
        START,
        f"Measured on {results['measured_at']} by `bench/lighthouse.py` (Lighthouse {first['lighthouse']}, "
        f"Chromium {first['chromium']}, Lighthouse's phone emulation, a 120-day demo journal). "
        "Installable means Chromium reported no installability errors for the page.",
        "",
        "| Page | Address | Accessibility | Best practices | Installable |",
        "|---|---|---:|---:|---|",
    ]
    for page in results["pages"]:
        errors = page["installability_errors"]
        lines.append(f"| {page['name']} | `{page['page']}` | {page['scores']['accessibility']} | "
                     f"{page['scores']['best-practices']} | {'yes' if not errors else 'no: ' + ', '.join(errors)} |")
    short = sorted({(category, title) for page in results["pages"]
                    for category, titles in page["below_full_marks"].items() for title in titles})
    lines.append("")
    if short:
        lines.append("Audits that did not get full marks on at least one page:")
        lines.append("")
        lines.extend(f"- {category}: {title}" for category, title in short)
    else:
        lines.append("Every weighted audit got full marks on every page.")
    checkin = results["minimal_checkin"]
    lines += [
        "",
        f"A minimal check-in on a 390 × 844 page in Chromium, {checkin['runs']} times: {checkin['taps']} taps "
        f"(a numbness value, then Save), the page scrolled at most {checkin['max_scroll_px']} px, the page opened in "
        f"{checkin['open_ms']} ms and \"Check-in saved\" showed {checkin['save_ms']} ms after Save (medians; "
        "the person's own time to choose is not counted).",
    ]
    lines.append(END)
    return "\n".join(lines)


def write_doc(results: dict) -> None:
    text = DOC.read_text(encoding="utf-8")
    if START not in text or END not in text:
        sys.exit(f"{DOC} has no {START} … {END} part to fill")
    head, rest = text.split(START, 1)
    DOC.write_text(head + section(results) + rest.split(END, 1)[1], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doc-only", action="store_true", help="Rewrite the doc's part from the stored results.")
    options = parser.parse_args()
    if options.doc_only:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    else:
        results = measure()
        RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    write_doc(results)
    print(section(results))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Screenshots of the pages a person meets every day, for docs/UX.md.

    .venv/bin/python bench/ux_screenshots.py

Fills a demo journal (a fixed seed, so the same pictures every time), starts
the real server on it, and photographs each page in Debian's Chromium through
Playwright at a phone's size (390 x 844), in light and dark mode. The files
go to docs/screenshots/ and are listed in docs/screenshots/index.json with
the page and the mode of each. Nothing is measured here and nothing leaves
the machine.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_pages import demo_served  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
# (file stem, address, what it shows)
PAGES = (
    ("check-in", "", "Check in: numbness and Save on the first screen"),
    ("more", "more/", "More: what left the navigation"),
    ("help-now", "help-now/", "Need help now: call and text buttons, no menu"),
    ("journal", "timeline/", "Journal: the timeline"),
    ("insights", "insights/", "Insights"),
)


def main() -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium is needed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    shots = []
    with demo_served("glimmers-shots-") as (link, base):
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--headless=new", "--no-sandbox"])
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport=PHONE, color_scheme=scheme, device_scale_factor=1)
                tab = context.new_page()
                tab.goto(link)
                for stem, address, words in PAGES:
                    tab.goto(base + address)
                    name = f"{stem}-{scheme}.png"
                    tab.screenshot(path=str(OUT / name))
                    shots.append({"file": name, "page": "/" + address, "mode": scheme, "shows": words})
                    print(f"  {name}")
                context.close()
            browser.close()
    (OUT / "index.json").write_text(json.dumps({"viewport": PHONE, "screenshots": shots}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(shots)} screenshots to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

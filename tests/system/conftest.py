"""Fixtures for tests that run glimmers as real processes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module."""
    if CHROMIUM is None:
        if os.environ.get("GLIMMERS_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (GLIMMERS_REQUIRE_BROWSER=1) but was not found")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def stored(journal) -> list[dict]:
    """The journal's newest entries (up to 50) as `glimmers list --json` shows them, from a process of its own."""
    result = journal.run("list", "--json", "--limit", "50")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def start_server(journal, port: int = 0) -> tuple[subprocess.Popen, str, str]:
    """`glimmers serve` on ``port`` (0: a free one); returns the process, the base URL and the token."""
    process = subprocess.Popen(
        [sys.executable, "-m", "glimmers", "serve", "--port", str(port), "--no-browser"],
        env=journal.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 30
    lines = []
    while time.monotonic() < deadline and process.poll() is None:
        line = process.stdout.readline()
        lines.append(line)
        match = re.search(r"(http://127\.0\.0\.1:\d+/)\?token=(\S+)", line)
        if match:
            return process, match.group(1), match.group(2)
    process.kill()
    pytest.fail("glimmers serve did not start:\n" + "".join(lines))


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def served(journal):
    """`glimmers serve` on a free port; yields (journal, base URL, token)."""
    process, url, token = start_server(journal)
    try:
        yield journal, url, token
    finally:
        stop_server(process)

"""Fixtures for tests that run glimmers as real processes."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest


@pytest.fixture
def served(journal):
    """`glimmers serve` on a free port; yields (journal, base URL, token)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "glimmers", "serve", "--port", "0", "--no-browser"],
        env=journal.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = token = None
    deadline = time.monotonic() + 30
    lines = []
    while time.monotonic() < deadline and process.poll() is None:
        line = process.stdout.readline()
        lines.append(line)
        match = re.search(r"(http://127\.0\.0\.1:\d+/)\?token=(\S+)", line)
        if match:
            url, token = match.group(1), match.group(2)
            break
    if url is None:
        process.kill()
        pytest.fail("glimmers serve did not start:\n" + "".join(lines))
    try:
        yield journal, url, token
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()

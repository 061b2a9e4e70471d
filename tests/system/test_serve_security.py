"""`glimmers serve` as another account on the same computer would see it."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def start(journal, *arguments, env=None):
    """Start a server; returns (process, base URL, token)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "glimmers", *arguments],
        env=env or journal.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    deadline, lines = time.monotonic() + 60, []
    while time.monotonic() < deadline and process.poll() is None:
        line = process.stdout.readline()
        lines.append(line)
        found = re.search(r"(http://127\.0\.0\.1:\d+/)\?token=(\S+)", line)
        if found:
            return process, found.group(1), found.group(2)
    process.kill()
    pytest.fail("the server did not start:\n" + "".join(lines))


def stop(process) -> str:
    process.terminate()
    try:
        rest, _ = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        rest, _ = process.communicate()
    return rest


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, cookie: str = ""):
    """(status, headers) of a GET, without following redirects."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers


def session_cookie(headers) -> str:
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith("glimmers_session"):
            return value.split(";", 1)[0]
    return ""


def every_command_line() -> list[str]:
    lines = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                lines.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
            except OSError:
                continue
    return lines


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc to list command lines")
def test_the_browser_is_opened_without_the_token_in_any_command_line(journal, tmp_path):
    record = tmp_path / "browser-arguments.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$@" > "{record}"\nsleep 5\n')
    browser.chmod(0o700)
    env = journal.env | {"BROWSER": str(browser)}
    process, base, token = start(journal, "serve", "--port", "0", env=env)
    try:
        deadline = time.monotonic() + 20
        while not record.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        opened = record.read_text().strip()
        assert token not in opened and opened.startswith("file://")
        page = Path(opened.removeprefix("file://"))
        assert stat.S_IMODE(page.stat().st_mode) == 0o600
        assert f"{base}?token={token}" in page.read_text()
        assert not any(token in line for line in every_command_line())
        assert "GLIMMERS_ACCESS_TOKEN" not in (Path("/proc") / str(process.pid) / "environ").read_bytes().decode(errors="replace")
    finally:
        said = stop(process)
    assert not page.exists(), said  # removed when the server stops
    assert "Stopped" in said


def test_a_new_token_and_new_sessions_at_every_start(journal):
    process, base, token = start(journal, "serve", "--port", "0", "--no-browser")
    try:
        port = base.rsplit(":", 1)[1].strip("/")
        status, headers = fetch(f"{base}?token={token}")
        assert status == 302
        cookie = session_cookie(headers)
        assert cookie.startswith(f"glimmers_session_{port}=")
        assert fetch(f"{base}timeline/", cookie)[0] == 200
    finally:
        stop(process)
    assert not (journal.home / "access_token").exists()
    process, base_again, token_again = start(journal, "serve", "--port", port, "--no-browser")
    try:
        assert token_again != token
        assert fetch(f"{base_again}timeline/", cookie)[0] == 403  # yesterday's sign-in ended with its server
        assert fetch(f"{base_again}?token={token}")[0] == 403  # and so did its link
    finally:
        stop(process)


def test_the_demo_asks_for_its_token_too(journal):
    process, base, token = start(journal, "demo", "--days", "7", "--port", "0", "--no-browser")
    try:
        assert fetch(f"{base}timeline/")[0] == 403
        assert fetch(f"{base}help-now/")[0] == 200
        assert fetch(f"{base}?token={token}")[0] == 302
    finally:
        stop(process)


def test_files_in_the_data_folder_are_private(journal):
    assert journal.run("checkin", "--numbness", "4").returncode == 0
    process, _base, _token = start(journal, "serve", "--port", "0", "--no-browser")
    stop(process)
    for path in journal.home.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    if os.environ.get("GLIMMERS_TEST_BACKEND", "sqlite") != "postgresql":
        assert (journal.home / "glimmers.sqlite3").exists()

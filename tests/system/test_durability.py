"""Nothing committed is ever lost: killed writers, concurrent writers, WAL."""

from __future__ import annotations

import random
import re
import signal
import sqlite3
import subprocess
import sys
import json
import threading
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from system_helpers import backend, stored_uids

pytestmark = pytest.mark.slow
WRITER = Path(__file__).with_name("writer.py")


def start_writer(journal, *args):
    return subprocess.Popen(
        [sys.executable, str(WRITER), *args], env=journal.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def integrity(journal) -> str:
    if backend() == "postgresql":
        return "ok"
    with sqlite3.connect(journal.home / "glimmers.sqlite3") as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def test_a_writer_killed_mid_stream_loses_nothing_it_committed(journal):
    rng = random.Random(20261120)
    committed: set[str] = set()
    for _round in range(4):
        writer = start_writer(journal, "checkins")
        wanted = rng.randint(20, 120)  # kill at a different point each round
        for _ in range(wanted):
            line = writer.stdout.readline().strip()
            assert line, writer.stderr.read()
            committed.add(line)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        stored = stored_uids(journal)
        assert committed <= stored, f"{len(committed - stored)} committed check-ins were lost"
        assert integrity(journal) == "ok"
    # The journal still works normally afterwards.
    result = journal.run("checkin", "-n", "3", "--note", "after the crashes")
    assert result.returncode == 0, result.stderr


def test_an_import_killed_halfway_leaves_all_or_nothing(journal):
    journal.run("checkin", "-n", "1", "--note", "before the import")
    before = stored_uids(journal)
    writer = start_writer(journal, "import", "20000")
    assert writer.stdout.readline().strip() == "started"
    threading.Event().wait(0.2)  # well inside the ~2 s the import takes
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    after = stored_uids(journal)
    assert after == before, "a killed import must leave nothing behind"
    assert integrity(journal) == "ok"


@pytest.mark.skipif(backend() == "postgresql", reason="SQLite settings")
def test_sqlite_runs_in_wal_mode_with_full_sync_and_foreign_keys(journal):
    probe = (
        "from glimmers import db; db.open_journal();"
        "from django.db import connection; c = connection.cursor();"
        "print([c.execute(f'PRAGMA {p}').fetchone()[0] for p in ('journal_mode', 'synchronous', 'foreign_keys', 'busy_timeout')])"
    )
    result = subprocess.run([sys.executable, "-c", probe], env=journal.env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "['wal', 2, 1, 30000]", result.stderr
    assert oct((journal.home).stat().st_mode & 0o777) == "0o700"


class WebClient:
    """A person's browser, minus the browser: cookies, CSRF token, form posts."""

    def __init__(self, base: str, token: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.opener.open(f"{base}?token={token}", timeout=30).read()

    def post_checkin(self, note: str) -> int:
        page = self.opener.open(self.base, timeout=30).read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, "numbness": "4", "note": note}).encode()
        with self.opener.open(urllib.request.Request(self.base, data=body), timeout=60) as response:
            return response.status


def test_terminal_and_web_writing_at_once_never_lose_or_refuse_a_checkin(served):
    journal, base, token = served
    client = WebClient(base, token)
    failures: list[str] = []

    def from_terminal():
        for index in range(12):
            result = journal.run("checkin", "-n", "6", "--note", f"terminal {index}")
            if result.returncode != 0:
                failures.append(result.stderr)

    def from_web():
        for index in range(12):
            status = client.post_checkin(f"web {index}")
            if status != 200:  # the redirect after saving lands on 200
                failures.append(f"web status {status}")

    threads = [threading.Thread(target=from_terminal), threading.Thread(target=from_web)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == []
    listed = journal.run("list", "--limit", "100", "--json")
    notes = {entry["note"] for entry in json.loads(listed.stdout)}
    assert notes == {f"terminal {i}" for i in range(12)} | {f"web {i}" for i in range(12)}
    assert integrity(journal) == "ok"

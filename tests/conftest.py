"""Shared fixtures: a fixed clock, the CLI through its real exit point, and
fresh real databases for tests that spawn processes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
# Tests read English unless they choose another language: the machine's own
# language setting (LANG=es_ES.UTF-8, say) must not change what they see.
os.environ["GLIMMERS_LANGUAGE"] = "en"
# A Friday at noon UTC (13:00 in Berlin). Every time-dependent test starts here.
FIXED_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def backend() -> str:
    return os.environ.get("GLIMMERS_TEST_BACKEND", "sqlite")


@pytest.fixture
def clock():
    import time_machine

    with time_machine.travel(FIXED_NOW, tick=False) as traveller:
        yield traveller


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def glimmers(capsys, monkeypatch):
    """Run the CLI in-process through glimmers.cli.main, as a person would."""
    from glimmers.cli import main

    def run(*args: str, input: str | None = None) -> Result:
        monkeypatch.setattr("sys.stdin", io.StringIO(input or ""))
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    # ``--demo`` switches the whole process to the demo journal (GLIMMERS_DEMO):
    # it must not outlive the test that asked for it.
    demo = os.environ.get("GLIMMERS_DEMO")
    yield run
    if demo is None:
        os.environ.pop("GLIMMERS_DEMO", None)
    else:
        os.environ["GLIMMERS_DEMO"] = demo


@dataclass
class Journal:
    """A journal outside the test database, for tests that spawn processes."""

    home: Path
    env: dict

    def run(self, *args: str, input: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "glimmers", *args],
            env=self.env,
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
        )


def _child_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GLIMMERS_", "DATABASE_URL"))}
    env.update({"GLIMMERS_HOME": str(home), "GLIMMERS_TIMEZONE": "Europe/Berlin", "GLIMMERS_LANGUAGE": "en", "PYTHONUNBUFFERED": "1"})
    return env


@pytest.fixture
def journal(tmp_path):
    """A fresh real journal: a SQLite file, or a new PostgreSQL database on the PostgreSQL run."""
    home = tmp_path / "home"
    env = _child_env(home)
    if backend() != "postgresql":
        yield Journal(home, env)
        return
    import psycopg

    admin_url = os.environ["GLIMMERS_TEST_DATABASE_URL"]
    name = f"glimmers_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0]
    env["DATABASE_URL"] = f"{base}/{name}"
    try:
        yield Journal(home, env)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def the_local_person(request):
    """Tests with a database act as the local app's one person, as every command and page does.

    Code that reads or writes records outside any person's scope raises
    glimmers.people.NoPerson, so a query that forgot its scope fails here.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        yield None
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from glimmers import people

    person = people.local_person()
    with people.acting_as(person):
        yield person


def server_run() -> bool:
    """True in the run of the server's own tests (tests/server, on the server's settings)."""
    return os.environ.get("GLIMMERS_TEST_SERVER") == "1"


def pytest_ignore_collect(collection_path, config):
    """tests/server runs only on the server's settings (dev.py runs it apart); the rest only without them."""
    inside = "server" in collection_path.relative_to(Path(__file__).parent).parts[:1]
    if server_run():
        return None if inside or collection_path == Path(__file__).parent else True
    return True if inside else None

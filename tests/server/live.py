"""Real ``glimmers server`` processes for the server's tests: a fresh PostgreSQL database,
``glimmers server init --local``, gunicorn on a free port, the emails it prints, a small
HTTP client with cookies and CSRF tokens, and Debian's Chromium through Playwright.

A helper module, not a conftest: the test modules import what they use
(``from tests.server.live import browser`` brings the fixture in).
"""

from __future__ import annotations

import http.client
import http.cookies
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import pytest

# Debian's Chromium through Playwright, one per test module: the same fixture as the system tests'.
from tests.system.conftest import browser  # noqa: F401

# Shared by every process of one test, so a session signed by one is read by the others.
SECRET_KEY = "live-server-test-" + "s" * 60
PASSWORD = "a long pass phrase 9"
# What the console email backend writes after each message.
EMAIL_END = "-" * 79


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new, empty PostgreSQL database next to GLIMMERS_TEST_DATABASE_URL's; its URL.
    Dropped at the end (WITH (FORCE): a server still connected does not keep it)."""
    import psycopg

    admin_url = os.environ.get("GLIMMERS_TEST_DATABASE_URL", "")
    if not admin_url:
        pytest.skip("GLIMMERS_TEST_DATABASE_URL is not set")
    name = f"glimmers_live_{uuid.uuid4().hex[:12]}"

    def run(statement: str) -> None:
        try:
            connection = psycopg.connect(admin_url, autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as failed:
            if "does not exist" not in str(failed):
                raise
            # The named database is made by pytest-django (as test_…) or not at all: the server's own will do.
            connection = psycopg.connect(admin_url, dbname="postgres", autocommit=True, connect_timeout=10)
        with connection:
            connection.execute(statement)

    run(f'CREATE DATABASE "{name}"')
    try:
        yield f"{admin_url.rsplit('/', 1)[0]}/{name}"
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(database_url: str, home: Path, **extra: str) -> dict:
    """The environment of a local server: none of the test process's own Django or glimmers settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GLIMMERS_", "DATABASE_URL"))}
    home.mkdir(parents=True, exist_ok=True)
    env.update({
        "DATABASE_URL": database_url,
        "GLIMMERS_HOME": str(home),
        "GLIMMERS_SERVER_LOCAL": "1",
        "GLIMMERS_SECRET_KEY": SECRET_KEY,
        "GLIMMERS_LANGUAGE": "en",
        "PYTHONUNBUFFERED": "1",
        # gunicorn's control socket goes here, not to the one ~/.gunicorn/gunicorn.ctl
        # every other gunicorn on this computer uses (each new one takes it over).
        "XDG_RUNTIME_DIR": str(home),
    })
    env.update(extra)
    return env


def init(env: dict) -> None:
    done = subprocess.run([sys.executable, "-m", "glimmers", "server", "init", "--local"],
                          check=False, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"glimmers server init failed:\n{done.stdout}\n{done.stderr}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``glimmers server run --local`` on a free port; everything it prints goes to ``log``."""

    def __init__(self, env: dict, log: Path, *, workers: int = 2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with open(log, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "glimmers", "server", "run", "--local",
                 "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)],
                env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )

    def wait_until_ready(self, timeout: float = 45) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the server stopped (exit {self.process.returncode}):\n{self.output()[-3000:]}")
            try:
                if Visitor().get(self.url + "/health/").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        pytest.fail(f"the server did not answer /health/ within {timeout:.0f} s:\n{self.output()[-3000:]}")

    def stop(self) -> None:
        """Terminate, then kill (the whole group this test started: gunicorn and its workers)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # any worker left behind
        except ProcessLookupError:
            pass
        self.process.wait(timeout=5)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def emails(self, to: str) -> list[str]:
        """The emails the server printed to ``to`` (console backend), oldest first, as text."""
        found = []
        for chunk in self.output().split(EMAIL_END):
            if re.search(rf"^To: {re.escape(to)}$", chunk, re.MULTILINE | re.IGNORECASE):
                if "Content-Transfer-Encoding: quoted-printable" in chunk:
                    chunk = chunk.replace("=\n", "").replace("=3D", "=")
                found.append(chunk[chunk.find("Content-Type:"):])
        return found

    def wait_for_link(self, to: str, path: str, *, timeout: float = 15) -> str:
        """The first link to ``path`` (a prefix such as /accounts/confirm-email/) in an email
        to ``to``; waits for it to be printed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for email in self.emails(to):
                found = re.search(rf"http://127\.0\.0\.1:\d+{re.escape(path)}\S+", email)
                if found:
                    return found.group(0)
            time.sleep(0.1)
        pytest.fail(f"no email to {to} with a link to {path} within {timeout:.0f} s:\n{self.output()[-3000:]}")


@contextmanager
def servers(env: dict, folder: Path, count: int) -> Iterator[list[Server]]:
    started = []
    try:
        for number in range(count):
            started.append(Server(env, folder / f"server-{number}.log"))
        for server in started:
            server.wait_until_ready()
        yield started
    finally:
        for server in started:
            server.stop()


@dataclass
class Reply:
    status: int
    url: str
    headers: http.client.HTTPMessage
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def csrf(self) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.text)
        assert found, f"no form with a CSRF token at {self.url} ({self.status})"
        return found.group(1)


class Visitor:
    """A person's browser without the browser: one cookie jar (cookies go to a host whatever
    its port, as in a browser, so two processes on 127.0.0.1 share them), no redirects
    followed unless asked."""

    def __init__(self, cookies: dict | None = None):
        self.cookies = dict(cookies or {})

    def request(self, method: str, url: str, data: dict | None = None, *, keep_cookies: bool = True,
                timeout: float = 30) -> Reply:
        parts = urlsplit(url)
        body = urlencode(data or {}, doseq=True) if method == "POST" else None
        headers = {"Connection": "close", "User-Agent": "glimmers-live-test"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        try:
            connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        if keep_cookies:
            for line in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in http.cookies.SimpleCookie(line).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
        return Reply(response.status, url, response.headers, text)

    def get(self, url: str, *, follow: bool = False) -> Reply:
        reply = self.request("GET", url)
        for _hop in range(10 if follow else 0):
            if reply.status not in (301, 302, 303, 307, 308):
                break
            reply = self.request("GET", urljoin(url, reply.location))
            url = reply.url
        return reply

    def post(self, url: str, data: dict, *, follow: bool = False) -> Reply:
        reply = self.request("POST", url, data)
        if follow and reply.status in (301, 302, 303):
            return self.get(urljoin(url, reply.location), follow=True)
        return reply

    def submit(self, url: str, data: dict, *, follow: bool = True) -> Reply:
        """Open the page with a form, then send it with its CSRF token, as a browser does."""
        page = self.get(url)
        assert page.status == 200, f"{url} answered {page.status}"
        return self.post(url, {"csrfmiddlewaretoken": page.csrf(), **data}, follow=follow)


def sign_up(server: Server, email: str, password: str = PASSWORD) -> None:
    """Sign up through the real form, then confirm the address from the printed email."""
    visitor = Visitor()
    answer = visitor.submit(server.url + "/accounts/signup/", {"email": email, "password1": password, "password2": password})
    assert answer.status == 200 and answer.url.endswith("/accounts/confirm-email/"), (answer.status, answer.url)
    link = server.wait_for_link(email, "/accounts/confirm-email/")
    confirmed = visitor.submit(link, {}, follow=False)
    assert confirmed.status == 302, (confirmed.status, confirmed.text[:500])


def sign_in(server: Server, email: str, password: str = PASSWORD) -> Visitor:
    visitor = Visitor()
    answer = visitor.submit(server.url + "/accounts/login/", {"login": email, "password": password}, follow=False)
    assert answer.status == 302 and answer.location == "/", (answer.status, answer.location, answer.text[:500])
    return visitor

#!/usr/bin/env python3
"""Set-up in one command, for a fresh machine with Python 3.11+.

    python3 dev.py start   install into .venv, then start glimmers on SQLite
    python3 dev.py test    install into .venv (with test tools), then run the
                           whole suite on SQLite, and again on PostgreSQL when
                           GLIMMERS_TEST_DATABASE_URL is set (then the
                           multi-user server's tests too)
    python3 dev.py server  install into .venv (with the server's packages),
                           then run 'glimmers server …' (DATABASE_URL must
                           name a PostgreSQL database)

Anything after the command is passed on: `python3 dev.py start --port 9000`,
`python3 dev.py test -k checkin`. Uses only the standard library.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def install(extra: str) -> None:
    """Create .venv and install the project, skipping the work when nothing changed."""
    if sys.version_info < (3, 11):
        sys.exit(f"glimmers needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        say("creating .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extra or 'app'}"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    say("installing glimmers" + (f" with [{extra}]" if extra else ""))
    target = f".[{extra}]" if extra else "."
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", target], check=True, cwd=ROOT)
    stamp.write_text(wanted)


def install_browser_tools() -> None:
    """The test suite's browser-side tools (axe-core) from the npm registry, into
    node_modules, as package-lock.json pins them; skipped when nothing changed."""
    lock = ROOT / "package-lock.json"
    stamp = ROOT / "node_modules" / ".installed"
    wanted = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    npm = shutil.which("npm")
    if npm is None:
        say("npm is not installed: the accessibility tests (axe-core) will be skipped or fail")
        return
    say("installing the browser test tools from the npm registry")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], check=True, cwd=ROOT)
    stamp.write_text(wanted)


def start(arguments: list[str]) -> int:
    install("")
    return subprocess.call([str(BIN / "glimmers"), "serve", *arguments])


def test(arguments: list[str]) -> int:
    install("test")
    install_browser_tools()
    runs = [("SQLite", {"GLIMMERS_TEST_BACKEND": "sqlite"})]
    if os.environ.get("GLIMMERS_TEST_DATABASE_URL"):
        runs.append(("PostgreSQL", {"GLIMMERS_TEST_BACKEND": "postgresql"}))
    else:
        say("GLIMMERS_TEST_DATABASE_URL is not set: the PostgreSQL run is skipped")
    if os.environ.get("GLIMMERS_TEST_DATABASE_URL"):
        # The multi-user server is PostgreSQL only; its tests run on its own settings.
        runs.append(("the server on PostgreSQL", {
            "GLIMMERS_TEST_BACKEND": "postgresql", "GLIMMERS_TEST_SERVER": "1",
            "DJANGO_SETTINGS_MODULE": "glimmers.server.test_settings",
        }))
    results = []
    for name, env in runs:
        server = bool(env.get("GLIMMERS_TEST_SERVER"))
        say(f"running the tests of {name}" if server else f"running the whole suite on {name}")
        targets = ["tests/server"] if server else []
        code = subprocess.call([str(PYTHON), "-m", "pytest", *targets, *arguments], cwd=ROOT, env=os.environ | env)
        results.append((name, code))
    for name, code in results:
        say(f"{name}: {'passed' if code == 0 else f'FAILED (exit {code})'}")
    return max(code for _name, code in results)


def server(arguments: list[str]) -> int:
    """The multi-user server: 'python3 dev.py server init --local', then 'python3 dev.py server run --local'."""
    install("server")
    return subprocess.call([str(BIN / "glimmers"), "server", *arguments])


def main() -> int:
    commands = {"start": start, "test": test, "server": server}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())

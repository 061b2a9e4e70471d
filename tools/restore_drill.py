#!/usr/bin/env python3
"""Restore drill for ``glimmers server``: prove that a nightly dump really comes back.

    .venv/bin/python tools/restore_drill.py            # 5 people, 120 days each
    .venv/bin/python tools/restore_drill.py --quick    # 2 people, 21 days (what the test runs)
    .venv/bin/python tools/restore_drill.py --json     # the summary as JSON on stdout

What it does, on the PostgreSQL that ``--admin-url`` reaches (a role that may
create databases; default postgresql://postgres@127.0.0.1:5432/postgres):

1. ``glimmers server init --local`` into a new database ``glimmers_drill_<id>_source``
   (init makes it), with a private temporary GLIMMERS_HOME and a first admin.
2. Puts people in: accounts with verified addresses, a made-up journal each
   (the demo generator: check-ins, glimmers, day factors, questionnaires,
   toolkit records), one check-in sent through the real page with a marker
   word, an invitation, and one account closed more than 30 days ago (as in
   a dump taken before that night's purge).
3. Counts the rows of every table and takes a digest of each table's content,
   and reads where every sequence stands.
4. ``pg_dump --format=custom`` (what DEPLOY.md tells you to run nightly).
5. ``pg_restore`` into a second new database ``glimmers_drill_<id>_restored``.
6. Counts and digests again, and compares: every table, every row, every sequence.
7. ``glimmers server check --local`` against the restored database.
8. Serves the restored database with ``glimmers server run --local`` on a free
   loopback port: /health/, a person signs in with their password over HTTP,
   finds their marker entry on the timeline and writes a new check-in; the
   server's log must not contain the marker (journal words never reach a log).
9. ``glimmers server purge --local`` on the restored copy: the account that
   was closed before the dump is deleted again (run purge after every restore).

With ``--dump FILE`` it restores a dump you give it instead (last night's,
decrypted; ``-`` reads it from stdin, e.g. ``age --decrypt -i key.txt
glimmers-….dump.age | restore_drill.py --dump -``) and follows the restore
steps of DEPLOY.md: restore, count the rows of every table, ``server init
--local`` (the migrations of a newer glimmers, the static files), ``server
check --local``, serve it (/health/ only; the drill knows nobody's password)
and purge.

Both databases and the temporary folder are removed at the end, also when a
step fails or the drill is interrupted. Timings are printed for every step;
nothing here is written into the documentation by hand.

Exit status 0 when every step passed, 1 when one failed.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PASSWORD = "drill pass phrase, long enough 7"
ADMIN_EMAIL = "admin@drill.invalid"
PERSON_EMAIL = "person{n}@drill.invalid"
CLOSED_EMAIL = "closed@drill.invalid"


class DrillFailed(Exception):
    """A step did not do what it must; the message says which and why."""


# --- the part that runs inside Django (a child process, on the server's settings) ---------------


def seed(people: int, days: int, marker: str) -> dict:
    """Fill the database DATABASE_URL names; runs with DJANGO_SETTINGS_MODULE set by the parent."""
    import django

    django.setup()
    from datetime import timedelta

    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.test import Client

    from glimmers import people as scope, transfer
    from glimmers.core import demo
    from glimmers.server.accounts import AccountAdapter, make_invitation
    from glimmers.server.models import Account

    users = get_user_model()
    now = datetime.now(timezone.utc)

    def account(email: str):
        user = users(email=email, username=AccountAdapter(None).generate_unique_username([]))
        user.set_password(PASSWORD)  # Argon2, as for anyone signing up
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    written = {"checkins": 0, "glimmers": 0, "days": 0, "screenings": 0, "toolkit": 0}
    first = None
    for number in range(1, people + 1):
        person = account(PERSON_EMAIL.format(n=number))
        first = first or person
        with scope.acting_as(person):
            bundle = demo.generate(days=days, end=now.date() - timedelta(days=1), timezone="Europe/Berlin", seed=number)
            report = transfer.write_bundle(bundle, source="demo", now=now)
        for key in written:
            written[key] += getattr(report, key)
    # One entry through the page itself (middleware, form, the person's scope), with a word to look for later.
    visitor = Client(HTTP_HOST="localhost")
    visitor.force_login(first)
    answer = visitor.post("/", {"numbness": "5", "note": f"restore drill {marker}"})
    if answer.status_code != 302:
        raise DrillFailed(f"the check-in page answered {answer.status_code}, not a redirect after saving")
    written["checkins"] += 1
    make_invitation(3)
    closed = account(CLOSED_EMAIL)
    closed.is_active = False
    closed.save(update_fields=["is_active"])
    Account.objects.create(user=closed, closing_since=now - Account.GRACE - timedelta(days=1))
    return written


# --- the drill itself ---------------------------------------------------------------------------


class Steps:
    """Runs named steps, timing each; the first failure stops the drill."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.done: list[dict] = []

    @contextmanager
    def step(self, name: str):
        self.say(f"… {name}")
        started = time.perf_counter()
        record = {"step": name, "seconds": None, "ok": False}
        self.done.append(record)
        try:
            yield record
        finally:
            record["seconds"] = round(time.perf_counter() - started, 2)
        record["ok"] = True

    def say(self, line: str) -> None:
        if not self.quiet:
            print(line, file=sys.stderr, flush=True)


def _database_url(admin_url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(admin_url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def _child_env(database_url: str, home: Path) -> dict:
    """The environment of every glimmers process the drill starts: nothing of the caller's
    glimmers or Django settings, only the database, a private folder and local mode."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("GLIMMERS_", "DJANGO_", "GUNICORN_")) and key != "DATABASE_URL"}
    env.update({
        "DATABASE_URL": database_url,
        "GLIMMERS_HOME": str(home),
        "GLIMMERS_SERVER_LOCAL": "1",
        "GLIMMERS_LANGUAGE": "en",
        "PYTHONUNBUFFERED": "1",
    })
    if _gunicorn_has_control_socket():
        # gunicorn 25+ opens a control socket in $HOME by default, shared by every gunicorn of the
        # same user; the drill's server must not take over the one of a server already running.
        env["GUNICORN_CMD_ARGS"] = "--no-control-socket"
    return env


def _gunicorn_has_control_socket() -> bool:
    from importlib import metadata

    try:
        major = int(metadata.version("gunicorn").split(".")[0])
    except (metadata.PackageNotFoundError, ValueError):
        return False
    return major >= 25


def _run(arguments: list[str], env: dict, timeout: float = 1800) -> subprocess.CompletedProcess:
    done = subprocess.run(arguments, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        shown = " ".join(arguments[:6])
        raise DrillFailed(f"{shown} … exited {done.returncode}:\n{(done.stdout + done.stderr).strip()[-2000:]}")
    return done


def _glimmers(python: str, *arguments: str) -> list[str]:
    return [python, "-m", "glimmers", "server", *arguments]


def _connect(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True, connect_timeout=10)


def _drop(admin_url: str, name: str) -> None:
    import psycopg.sql

    with _connect(admin_url) as admin:
        admin.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(psycopg.sql.Identifier(name)))


def _create(admin_url: str, name: str) -> None:
    import psycopg.sql

    with _connect(admin_url) as admin:
        admin.execute(psycopg.sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(psycopg.sql.Identifier(name)))


def inventory(url: str) -> dict:
    """Every table of the public schema: its row count and a digest of its rows; and every sequence's position."""
    import psycopg.sql

    tables: dict[str, dict] = {}
    with _connect(url) as connection:
        names = [row[0] for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename").fetchall()]
        for name in names:
            table = psycopg.sql.Identifier(name)
            count, digest = connection.execute(psycopg.sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {} AS t"
            ).format(table)).fetchone()
            tables[name] = {"rows": count, "digest": digest}
        sequences = dict(connection.execute(
            "SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1").fetchall())
    return {"tables": tables, "sequences": sequences}


def compare(source: dict, restored: dict) -> list[str]:
    problems = []
    for kind in ("tables", "sequences"):
        missing = sorted(set(source[kind]) - set(restored[kind]))
        extra = sorted(set(restored[kind]) - set(source[kind]))
        if missing:
            problems.append(f"{kind} missing after the restore: {', '.join(missing)}")
        if extra:
            problems.append(f"{kind} that were not in the source: {', '.join(extra)}")
    for name, before in source["tables"].items():
        after = restored["tables"].get(name)
        if after is None:
            continue
        if after["rows"] != before["rows"]:
            problems.append(f"{name}: {before['rows']} rows before, {after['rows']} after")
        elif after["digest"] != before["digest"]:
            problems.append(f"{name}: the same number of rows, but different content")
    for name, before in source["sequences"].items():
        if name in restored["sequences"] and restored["sequences"][name] != before:
            problems.append(f"sequence {name}: at {before} before, {restored['sequences'][name]} after")
    return problems


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """Just enough of a browser: cookies, the CSRF field of a form, no redirects followed blindly."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, path: str, form: dict | None = None, headers: dict | None = None):
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            return self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as answer:
            return answer

    def csrf(self, page: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not found:
            raise DrillFailed("no CSRF field on the page")
        return found.group(1)


def serve(python: str, env: dict, marker: str | None, log_path: Path, say) -> dict:
    """Serve the restored database for real: /health/ always; with a marker, also use it
    as a person would (sign in with a password, find the marked entry, write a new one)."""
    port = _free_port()
    probe_id = f"drill-{uuid.uuid4().hex[:12]}"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            _glimmers(python, "run", "--local", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"),
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    result = {"port": port}
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = browser.open("/health/", headers={"X-Request-ID": probe_id})
                if answer.status == 200:
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise DrillFailed(f"the server did not answer /health/ (its log: {log_path})")
            time.sleep(0.3)
        health = json.loads(answer.read())
        if health != {"status": "ok", "database": "ok"}:
            raise DrillFailed(f"/health/ said {health}")
        if answer.headers.get("X-Request-ID") != probe_id:
            raise DrillFailed("the X-Request-ID sent was not answered back")
        result["health"] = "ok"
        if marker is not None:
            page = browser.open("/accounts/login/").read().decode()
            signed = browser.open("/accounts/login/", {
                "csrfmiddlewaretoken": browser.csrf(page), "login": PERSON_EMAIL.format(n=1), "password": PASSWORD,
            })
            if "/accounts/login/" in signed.geturl():
                raise DrillFailed("the person could not sign in to the restored service with their password")
            timeline = browser.open("/timeline/?q=" + urllib.parse.quote(marker)).read().decode()
            if f"restore drill {marker}" not in timeline:
                raise DrillFailed("the entry written before the dump is not on the person's timeline after the restore")
            home = browser.open("/").read().decode()
            saved = browser.open("/", {"csrfmiddlewaretoken": browser.csrf(home), "numbness": "4", "note": f"after restore {marker}"})
            if saved.status != 200 or "/accounts/login/" in saved.geturl():
                raise DrillFailed(f"a new check-in on the restored service was not saved (status {saved.status})")
            if f"after restore {marker}" not in browser.open("/timeline/?q=after").read().decode():
                raise DrillFailed("the check-in written after the restore is not on the timeline")
            result.update(signed_in=True, found_marker=True, wrote_after_restore=True)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    log_text = log_path.read_text(errors="replace")
    if marker is not None and marker in log_text:
        raise DrillFailed("a journal word (the marker) appears in the server's log")
    lines = [line for line in log_text.splitlines() if line.startswith("{")]
    result["log_lines"] = len(lines)
    say(f"  served on 127.0.0.1:{port}; {len(lines)} JSON log lines" + (", none with journal words" if marker else ""))
    return result


def versions(admin_url: str, pg_dump: str) -> dict:
    from importlib import metadata

    with _connect(admin_url) as connection:
        server = connection.execute("SHOW server_version").fetchone()[0]
    said = subprocess.run([pg_dump, "--version"], capture_output=True, text=True).stdout
    dump_version = re.search(r"\d+(\.\d+)+", said)
    found = {"postgresql_server": server.split()[0],
             "pg_dump": dump_version.group(0) if dump_version else said.strip(),
             "python": platform.python_version()}
    for package in ("glimmers", "Django", "psycopg", "gunicorn", "django-allauth", "django-axes"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def drill(options) -> dict:
    steps = Steps(options.json)
    identifier = uuid.uuid4().hex[:10]
    given = options.dump is not None
    source_name = None if given else f"glimmers_drill_{identifier}_source"
    restored_name = f"glimmers_drill_{identifier}_restored"
    restored_url = _database_url(options.admin_url, restored_name)
    marker = f"m{uuid.uuid4().hex[:12]}"
    pg_dump = shutil.which("pg_dump", path=options.pg_bin) or "pg_dump"
    pg_restore = shutil.which("pg_restore", path=options.pg_bin) or "pg_restore"
    work = Path(tempfile.mkdtemp(prefix="glimmers-drill-"))
    os.chmod(work, 0o700)
    home = work / "home"
    summary = {
        "started": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "mode": "given dump" if given else "made-up people",
        "source": source_name, "restored": restored_name, "steps": steps.done, "ok": False,
    }
    if not given:
        summary.update(people=options.people, days=options.days)
    try:
        summary["versions"] = versions(options.admin_url, pg_dump)
        if given:
            steps.say(f"restore drill {identifier}: restoring {options.dump}")
        else:
            steps.say(f"restore drill {identifier}: {options.people} people, {options.days} days each")
        steps.say("  " + ", ".join(f"{key} {value}" for key, value in summary["versions"].items()))
        restored_env = _child_env(restored_url, home)
        before = None
        if given:
            dump = options.dump
        else:
            source_url = _database_url(options.admin_url, source_name)
            source_env = _child_env(source_url, home)
            with steps.step("init: make the database, migrate, cache table, static files, first admin"):
                _run(_glimmers(options.python, "init", "--local", "--admin-email", ADMIN_EMAIL),
                     source_env | {"GLIMMERS_ADMIN_PASSWORD": PASSWORD})
            with steps.step("put people and their journals in"):
                done = _run([options.python, __file__, "--seed", str(options.people), str(options.days), marker],
                            source_env | {"DJANGO_SETTINGS_MODULE": "glimmers.server.django_settings"})
                summary["written"] = json.loads(done.stdout.strip().splitlines()[-1])
            with steps.step("count and digest every table of the source"):
                before = inventory(source_url)
            dump = str(work / "glimmers.dump")
            with steps.step("pg_dump --format=custom"):
                _run([pg_dump, "--format=custom", "--compress=6", "--no-password", f"--file={dump}", f"--dbname={source_url}"],
                     source_env)
                os.chmod(dump, 0o600)
                summary["dump_bytes"] = os.path.getsize(dump)
        with steps.step("pg_restore into a new database"):
            _create(options.admin_url, restored_name)
            # A file restores with parallel jobs; stdin (a decrypting pipe) cannot.
            reading = [] if dump == "-" else [f"--jobs={min(4, os.cpu_count() or 1)}", dump]
            done = subprocess.run(
                [pg_restore, "--no-password", "--exit-on-error", "--no-owner", f"--dbname={restored_url}", *reading],
                env=restored_env, stdin=sys.stdin.buffer if dump == "-" else subprocess.DEVNULL,
                capture_output=True, timeout=options.timeout,
            )
            if done.returncode != 0:
                raise DrillFailed(f"pg_restore exited {done.returncode}:\n{done.stderr.decode(errors='replace').strip()[-2000:]}")
        if options.tamper:
            # Only to prove that the comparison notices (the tests use it): the copy loses a check-in.
            with _connect(restored_url) as connection:
                connection.execute("DELETE FROM journal_checkin_tags")
                connection.execute("DELETE FROM journal_checkin WHERE id = (SELECT max(id) FROM journal_checkin)")
        with steps.step("count and digest every table of the restored copy" + ("" if given else ", and compare")):
            after = inventory(restored_url)
            if before is not None:
                problems = compare(before, after)
                if problems:
                    raise DrillFailed("the restored copy differs:\n  " + "\n  ".join(problems))
            elif "auth_user" not in after["tables"] or "journal_checkin" not in after["tables"]:
                raise DrillFailed("the dump holds no glimmers server database (no auth_user or journal_checkin table)")
        summary["tables"] = len(after["tables"])
        summary["rows"] = sum(table["rows"] for table in after["tables"].values())
        summary["rows_per_table"] = {name: table["rows"] for name, table in after["tables"].items()}
        steps.say(f"  {summary['tables']} tables, {summary['rows']} rows, {len(after['sequences'])} sequences"
                  + ("" if given else ": all equal"))
        if given:
            # As after a real restore: a newer glimmers brings its migrations, and the check wants static files.
            with steps.step("glimmers server init --local on the restored copy"):
                _run(_glimmers(options.python, "init", "--local"), restored_env)
        with steps.step("glimmers server check --local against the restored copy"):
            _run(_glimmers(options.python, "check", "--local"), restored_env)
        if not options.no_serve:
            with steps.step("serve the restored copy" + ("" if given else "; sign in over HTTP; find the entry; write one")):
                summary["served"] = serve(options.python, restored_env, None if given else marker, work / "server.log", steps.say)
        with steps.step("glimmers server purge --local on the restored copy"):
            done = _run(_glimmers(options.python, "purge", "--local"), restored_env)
            summary["purged"] = done.stdout.strip()
            if not given and not done.stdout.startswith("Deleted 1 "):
                raise DrillFailed(f"purge should have deleted the one account closed before the dump: {done.stdout.strip()}")
            steps.say(f"  {done.stdout.strip()}")
        summary["ok"] = True
    except DrillFailed as failed:
        summary["failure"] = str(failed)
        steps.say(f"FAILED: {failed}")
    except subprocess.TimeoutExpired as slow:
        summary["failure"] = f"timed out: {' '.join(map(str, slow.cmd[:6]))}"
        steps.say(f"FAILED: {summary['failure']}")
    finally:
        with steps.step("drop the drill's databases, remove the temporary folder"):
            for name in filter(None, (source_name, restored_name)):
                try:
                    _drop(options.admin_url, name)
                except Exception as exc:  # noqa: BLE001 - report, and try the other one too
                    steps.say(f"could not drop {name}: {type(exc).__name__}: {exc}")
                    summary["ok"] = False
            if options.keep:
                steps.say(f"kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)
    summary["total_seconds"] = round(sum(step["seconds"] or 0 for step in steps.done), 2)
    return summary


def _stop_on_term(signum, frame):
    raise KeyboardInterrupt  # so the databases are dropped on the way out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--admin-url", default=os.environ.get("GLIMMERS_DRILL_ADMIN_URL", DEFAULT_ADMIN_URL),
                        help="a role that may create and drop databases (default: %(default)s)")
    parser.add_argument("--people", type=int, default=5, help="accounts with a journal each (default 5)")
    parser.add_argument("--days", type=int, default=120, help="days of made-up journal per person (default 120)")
    parser.add_argument("--quick", action="store_true", help="2 people, 21 days: the short drill the tests run")
    parser.add_argument("--no-serve", action="store_true", help="skip serving the restored copy over HTTP")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (dump, server log)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON on stdout (progress goes nowhere)")
    parser.add_argument("--python", default=sys.executable, help="the Python that has glimmers[server] installed")
    parser.add_argument("--pg-bin", default=None, help="where pg_dump and pg_restore are (default: PATH)")
    parser.add_argument("--dump", metavar="FILE", default=None,
                        help="restore this custom-format dump (e.g. last night's, decrypted) instead of making one; '-' reads stdin")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds pg_restore may take (default 3600)")
    parser.add_argument("--tamper", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seed", nargs=3, metavar=("PEOPLE", "DAYS", "MARKER"), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.seed:
        print(json.dumps(seed(int(options.seed[0]), int(options.seed[1]), options.seed[2])))
        return 0
    if options.quick:
        options.people, options.days = 2, 21
    if options.dump is not None and options.tamper:
        parser.error("--tamper is for the made-up drill only")
    if options.dump not in (None, "-") and not Path(options.dump).is_file():
        parser.error(f"{options.dump} is not a file")
    if options.people < 1 or not 1 <= options.days <= 3660:
        parser.error("--people must be 1 or more and --days 1 to 3660")
    signal.signal(signal.SIGTERM, _stop_on_term)
    try:
        summary = drill(options)
    except KeyboardInterrupt:
        print("interrupted; the drill's databases were dropped", file=sys.stderr)
        return 1
    if options.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"\nrestore drill {'PASSED' if summary['ok'] else 'FAILED'} ({summary['started']})")
        for step in summary["steps"]:
            seconds = "-" if step["seconds"] is None else f"{step['seconds']:.2f}"
            print(f"  {'ok ' if step['ok'] else 'NO '} {seconds:>8} s  {step['step']}")
        print(f"  {'':3} {summary['total_seconds']:>8.2f} s  in all")
        if "rows" in summary:
            print(f"  {'dump: ' + str(summary['dump_bytes']) + ' bytes; ' if 'dump_bytes' in summary else ''}"
                  f"{summary['tables']} tables, {summary['rows']} rows {'restored' if options.dump else 'compared'}")
        if "failure" in summary:
            print(f"  failure: {summary['failure']}")
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

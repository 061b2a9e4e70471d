"""The deployment files (deploy/) say what the code does, and the restore drill passes.

deploy/ holds examples an operator copies: the environment file, systemd
units, proxy and PgBouncer configurations, the backup script. Nothing in the
app reads them, so nothing else would notice when they drift from the code:
a setting renamed, a subcommand gone, a port changed in one place only.
"""

from __future__ import annotations

import ast
import configparser
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SOURCE = ROOT / "src" / "glimmers"
# Where the server reads its environment; the names in deploy/glimmers.env must be these.
SERVER_READERS = (SOURCE / "server" / "settings.py", SOURCE / "cli" / "server.py")
# Read elsewhere in glimmers, and meaningful on the server too.
INHERITED = {"GLIMMERS_HOME": SOURCE / "paths.py", "GLIMMERS_LANGUAGE": SOURCE / "core" / "i18n.py"}
# Without these the server refuses to start (outside --local); they must be set, not commented out.
REQUIRED = {"DATABASE_URL", "GLIMMERS_SECRET_KEY", "GLIMMERS_ALLOWED_HOSTS", "GLIMMERS_EMAIL_HOST"}
PLACEHOLDER = re.compile(r"<[^<>@\s]+>")  # <like-this>; an address in <...> is a value
ASSIGNMENT = re.compile(r"^#?([A-Z][A-Z0-9_]*)=(.*)$")


# --- reading the files ---------------------------------------------------------------------------


def environment_read_by(path: Path) -> set[str]:
    """Every environment variable a module reads by a constant name: environ.get("X"),
    environ["X"], os.environ.pop("X") and glimmers' own _flag(environ, "X")."""
    names = set()

    def is_environ(node) -> bool:
        return (isinstance(node, ast.Name) and node.id == "environ") or (isinstance(node, ast.Attribute) and node.attr == "environ")

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args:
            function = node.func
            if isinstance(function, ast.Attribute) and function.attr in ("get", "pop") and is_environ(function.value):
                if isinstance(node.args[0], ast.Constant):
                    names.add(node.args[0].value)
            if isinstance(function, ast.Name) and function.id == "_flag" and len(node.args) > 1:
                if isinstance(node.args[1], ast.Constant):
                    names.add(node.args[1].value)
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and is_environ(node.value):
            if isinstance(node.slice, ast.Constant):
                names.add(node.slice.value)
    return names


def env_file(path: Path = DEPLOY / "glimmers.env") -> tuple[dict[str, str], set[str]]:
    """(the variables set, the variables only mentioned in a commented-out line), read as systemd
    reads an EnvironmentFile: NAME=value, one pair a line, surrounding quotes taken off."""
    values, commented = {}, set()
    for line in path.read_text(encoding="utf-8").splitlines():
        found = ASSIGNMENT.match(line.strip())
        if not found:
            continue
        name, value = found.groups()
        if line.lstrip().startswith("#"):
            commented.add(name)
            continue
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name] = value
    return values, commented


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, comment_prefixes=("#", ";"))
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string((DEPLOY / name).read_text(encoding="utf-8"))
    return parser


def filled_in(values: dict[str, str], home: Path) -> dict[str, str]:
    """The example's values with every placeholder replaced, as an operator would."""
    filled = {name: PLACEHOLDER.sub("filled-in", value) for name, value in values.items()}
    filled.update({
        "DATABASE_URL": "postgresql://glimmers:secret@127.0.0.1:5432/glimmers",
        "GLIMMERS_SECRET_KEY": "s" * 64,
        "GLIMMERS_ALLOWED_HOSTS": "glimmers.example.org",
        "GLIMMERS_EMAIL_HOST": "smtp.example.org",
        "GLIMMERS_HOME": str(home),
    })
    return filled


def admin_url() -> str:
    """A database on the test PostgreSQL from which databases can be made and dropped."""
    url = os.environ.get("GLIMMERS_TEST_DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("needs GLIMMERS_TEST_DATABASE_URL (PostgreSQL)")
    return url.rsplit("/", 1)[0] + "/postgres"


# --- the environment file ------------------------------------------------------------------------


def test_every_variable_in_the_env_file_is_one_the_server_reads():
    values, commented = env_file()
    read = set().union(*(environment_read_by(path) for path in SERVER_READERS))
    for name, module in INHERITED.items():
        assert f'"{name}"' in module.read_text(encoding="utf-8"), f"{module} no longer reads {name}"
    unknown = (set(values) | commented) - read - set(INHERITED)
    assert not unknown, f"deploy/glimmers.env names settings nothing reads: {sorted(unknown)}"


def test_every_variable_the_server_reads_is_in_the_env_file():
    values, commented = env_file()
    read = set().union(*(environment_read_by(path) for path in SERVER_READERS))
    assert read >= REQUIRED, "the reader of the settings was not found in the code"
    missing = read - set(values) - commented
    assert not missing, f"deploy/glimmers.env does not mention: {sorted(missing)}"


def test_required_settings_are_set_and_dangerous_ones_are_not():
    values, commented = env_file()
    assert REQUIRED <= set(values)
    for name in ("GLIMMERS_INSECURE_HTTP", "GLIMMERS_SERVER_LOCAL", "GLIMMERS_ADMIN_PASSWORD", "GLIMMERS_EMAIL_BACKEND"):
        assert name in commented and name not in values, f"{name} must stay commented out in the example"
    assert values["GLIMMERS_BEHIND_TLS_PROXY"] == "1"


def test_the_example_as_shipped_refuses_to_start(tmp_path):
    """Unfilled placeholders stop the server with a sentence, never run it with a blank key."""
    from glimmers.server.settings import SettingsError, build

    values, _commented = env_file()
    with pytest.raises(SettingsError):
        build(values)
    with pytest.raises(SettingsError, match="GLIMMERS_SECRET_KEY"):
        build(values | {"DATABASE_URL": "postgresql://glimmers@127.0.0.1:5432/glimmers"})


def test_the_example_filled_in_gives_a_secure_server(tmp_path):
    from glimmers.server.settings import build

    values, _commented = env_file()
    settings = build(filled_in(values, tmp_path))
    assert settings["SESSION_COOKIE_SECURE"] and settings["CSRF_COOKIE_SECURE"]
    assert settings["SECURE_SSL_REDIRECT"]
    assert settings["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert settings["GLIMMERS_SIGNUP"] == "invite"
    assert settings["EMAIL_BACKEND"].endswith("smtp.EmailBackend") and settings["EMAIL_USE_TLS"]
    assert settings["DEFAULT_FROM_EMAIL"] == "glimmers <no-reply@glimmers.example.org>"


def test_systemd_and_a_shell_read_the_env_file_alike(tmp_path):
    """Operators load it with EnvironmentFile= and with 'set -a; . glimmers.env' for one-off commands."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    source = (DEPLOY / "glimmers.env").read_text(encoding="utf-8")
    filled = tmp_path / "glimmers.env"
    filled.write_text(PLACEHOLDER.sub("filled-in", source), encoding="utf-8")
    expected, _commented = env_file(filled)
    done = subprocess.run([bash, "-c", f"set -a; . {shlex.quote(str(filled))}; env -0"], capture_output=True, env={}, check=True)
    seen = dict(item.split("=", 1) for item in done.stdout.decode().split("\0") if "=" in item)
    assert {name: seen.get(name) for name in expected} == expected


# --- systemd units -------------------------------------------------------------------------------


def _subcommand(service: str) -> tuple[list[str], object]:
    from glimmers.cli.server import server_command

    line = shlex.split(unit(service)["Service"]["ExecStart"])
    assert Path(line[0]).name == "glimmers" and line[1] == "server", line
    assert line[2] in server_command.commands, f"{service} runs 'glimmers server {line[2]}', which does not exist"
    command = server_command.commands[line[2]]
    command.make_context(line[2], line[3:])  # its options parse (a wrong one raises a click error)
    return line, command


def test_the_service_runs_the_real_server_on_loopback():
    line, _command = _subcommand("glimmers.service")
    assert line[2] == "run" and "--local" not in line
    bind = line[line.index("--bind") + 1]
    assert bind.startswith("127.0.0.1:"), "the app listens on loopback only; the proxy is the door"
    service = unit("glimmers.service")["Service"]
    assert service["Type"] == "notify" and service["NotifyAccess"] == "main"  # gunicorn sends READY=1 itself
    from glimmers.server import gunicorn_conf

    assert gunicorn_conf.control_socket_disable  # two servers of one user would share gunicorn's socket


def test_the_purge_service_purges_daily():
    line, _command = _subcommand("glimmers-purge.service")
    assert line[2] == "purge"
    assert unit("glimmers-purge.service")["Service"]["Type"] == "oneshot"
    timer = unit("glimmers-purge.timer")["Timer"]
    assert timer["Unit"] == "glimmers-purge.service" and (DEPLOY / timer["Unit"]).exists()
    assert timer["OnCalendar"].startswith("*-*-* ") and timer["Persistent"] == "true"


def test_units_share_the_user_the_env_file_and_the_private_folder():
    values, _commented = env_file()
    for name in ("glimmers.service", "glimmers-purge.service"):
        service = unit(name)["Service"]
        assert service["User"] == "glimmers" and service["EnvironmentFile"] == "/etc/glimmers/glimmers.env"
        assert "/var/lib/" + service["StateDirectory"] == values["GLIMMERS_HOME"]
        assert service["StateDirectoryMode"] == "0700" and service["UMask"] == "0077"


def test_the_backup_runs_after_the_purge():
    backup, purge = unit("glimmers-backup.timer")["Timer"], unit("glimmers-purge.timer")["Timer"]
    assert backup["Unit"] == "glimmers-backup.service" and (DEPLOY / backup["Unit"]).exists()
    assert backup["OnCalendar"] > purge["OnCalendar"]  # same day, later ("*-*-* HH:MM:SS" compares as text)


def test_systemd_accepts_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    glimmers = Path(sys.executable).with_name("glimmers")
    backup = DEPLOY / "glimmers-backup.sh"
    names = ["glimmers.service", "glimmers-purge.service", "glimmers-purge.timer", "glimmers-backup.service", "glimmers-backup.timer"]
    for name in names:
        text = (DEPLOY / name).read_text(encoding="utf-8")
        text = text.replace("/opt/glimmers/venv/bin/glimmers", str(glimmers))
        text = text.replace("/usr/local/lib/glimmers/glimmers-backup", str(backup))
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = subprocess.run([analyze, "verify", *(str(tmp_path / name) for name in names)], capture_output=True, text=True)
    problems = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert done.returncode == 0 and not problems, problems


# --- the proxies and PgBouncer -------------------------------------------------------------------


def _app_port() -> str:
    line = shlex.split(unit("glimmers.service")["Service"]["ExecStart"])
    return line[line.index("--bind") + 1]


def test_nginx_passes_what_the_app_needs():
    text = (DEPLOY / "nginx-glimmers.conf").read_text(encoding="utf-8")
    assert f"server {_app_port()}" in text
    for header in ("Host $host", "X-Forwarded-Proto $scheme", "X-Forwarded-For $remote_addr", "X-Request-ID $request_id"):
        assert f"proxy_set_header {header};" in text, header
    # The access line must not carry queries (journal searches, calendar keys).
    log_format = re.search(r"log_format glimmers (.*?);", text, re.S).group(1)
    assert "$request_uri" not in log_format and "$args" not in log_format and "$request " not in log_format + " "
    assert "access_log /var/log/nginx/glimmers.access.log glimmers;" in text


def test_caddy_passes_what_the_app_needs():
    from django.urls import resolve

    text = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert f"reverse_proxy {_app_port()}" in text
    assert "header_up X-Request-ID {http.request.uuid}" in text
    probe = re.search(r"health_uri (\S+)", text).group(1)
    assert resolve(probe).url_name == "health"
    # Without the service's name the app answers the probe 400 (ALLOWED_HOSTS) and Caddy takes every process out.
    assert re.search(r"health_headers \{\s*Host glimmers\.example\.org\s*\}", text)
    assert not re.search(r"^\s*(log|encode)\b", text, re.M)


def test_the_request_id_the_proxies_send_is_the_one_the_app_keeps():
    from django.test import RequestFactory

    from glimmers.server.logs import _incoming_id

    for offered in ("0123456789abcdef0123456789abcdef", "1b4e28ba-2fa1-11d2-883f-0016d3cca427"):  # nginx's, Caddy's
        assert _incoming_id(RequestFactory().get("/", HTTP_X_REQUEST_ID=offered)) == offered


def test_nginx_accepts_its_configuration(tmp_path):
    nginx, openssl = shutil.which("nginx") or "/usr/sbin/nginx", shutil.which("openssl")
    if not Path(nginx).exists() or openssl is None:
        pytest.skip("nginx or openssl is not installed")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=glimmers.example.org",
                    "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")], check=True, capture_output=True)
    site = (DEPLOY / "nginx-glimmers.conf").read_text(encoding="utf-8")
    site = site.replace("/etc/letsencrypt/live/glimmers.example.org/fullchain.pem", str(tmp_path / "cert.pem"))
    site = site.replace("/etc/letsencrypt/live/glimmers.example.org/privkey.pem", str(tmp_path / "key.pem"))
    site = site.replace("/var/log/nginx/glimmers.access.log", str(tmp_path / "access.log"))
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
        f"http {{ include {tmp_path}/site.conf; }}\n", encoding="utf-8")
    done = subprocess.run([nginx, "-t", "-q", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_caddy_accepts_its_configuration(tmp_path):
    caddy = shutil.which("caddy")
    if caddy is None:
        pytest.skip("caddy is not installed")
    env = os.environ | {"XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run([caddy, "validate", "--adapter", "caddyfile", "--config", str(DEPLOY / "Caddyfile")],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]


def test_pgbouncer_example_is_for_the_database_the_env_file_names():
    text = (DEPLOY / "pgbouncer.ini").read_text(encoding="utf-8")
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=(";", "#"), inline_comment_prefixes=None)
    parser.read_string(text)
    values, _commented = env_file()
    database = values["DATABASE_URL"].rsplit("/", 1)[1]
    assert database in parser["databases"]
    # Transaction pooling needs server-side cursors off: the example says how before anyone picks it.
    assert parser["pgbouncer"]["pool_mode"] == "session"
    assert "GLIMMERS_DB_TRANSACTION_POOLING=1" in text


def test_transaction_pooling_turns_server_side_cursors_off():
    from glimmers.server.settings import build

    environment = {"DATABASE_URL": "postgresql://glimmers@127.0.0.1:6432/glimmers", "GLIMMERS_SERVER_LOCAL": "1"}
    assert not build(environment)["DATABASES"]["default"].get("DISABLE_SERVER_SIDE_CURSORS")
    pooled = build(environment | {"GLIMMERS_DB_TRANSACTION_POOLING": "1"})["DATABASES"]["default"]
    assert pooled["DISABLE_SERVER_SIDE_CURSORS"] is True


# --- backups and the restore drill ---------------------------------------------------------------


def test_the_backup_script_refuses_to_write_an_unencrypted_dump(tmp_path):
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    script = DEPLOY / "glimmers-backup.sh"
    subprocess.run([bash, "-n", str(script)], check=True)
    env = {"PATH": os.environ.get("PATH", ""), "BACKUP_DIR": str(tmp_path / "out"), "AGE_RECIPIENTS": str(tmp_path / "none.txt")}
    done = subprocess.run([bash, str(script)], capture_output=True, text=True, env=env)
    assert done.returncode == 1 and "no unencrypted dump" in done.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_backup_script_writes_a_dump_only_its_key_opens(tmp_path):
    url = admin_url()
    tools = {name: shutil.which(name) for name in ("bash", "age", "age-keygen", "pg_dump", "pg_restore")}
    if not all(tools.values()):
        pytest.skip(f"needs {', '.join(name for name, path in tools.items() if not path)}")
    subprocess.run([tools["age-keygen"], "-o", str(tmp_path / "key.txt")], check=True, capture_output=True)
    public = re.search(r"age1\w+", (tmp_path / "key.txt").read_text()).group(0)
    (tmp_path / "recipients.txt").write_text(public + "\n")
    parts = re.match(r"postgres(?:ql)?://(?:([^@/:]+)(?::[^@/]*)?@)?([^/:]+)(?::(\d+))?/(.+)", url)
    env = {"PATH": os.environ.get("PATH", ""), "BACKUP_DIR": str(tmp_path / "out"), "KEEP_DAYS": "3",
           "AGE_RECIPIENTS": str(tmp_path / "recipients.txt"), "PGUSER": parts.group(1) or "postgres",
           "PGHOST": parts.group(2), "PGPORT": parts.group(3) or "5432", "PGDATABASE": parts.group(4)}
    old = tmp_path / "out" / "glimmers-20000101T000000Z.dump.age"
    old.parent.mkdir()
    old.write_bytes(b"old")
    os.utime(old, (0, 0))
    done = subprocess.run([tools["bash"], str(DEPLOY / "glimmers-backup.sh")], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    written = sorted((tmp_path / "out").glob("glimmers-*.dump.age"))
    assert len(written) == 1 and not old.exists()  # the old one is gone, the new one is there
    assert oct(written[0].stat().st_mode & 0o777) == "0o600"
    assert b"PGDMP" not in written[0].read_bytes()[:64]  # not a plain custom-format dump
    plain = subprocess.run([tools["age"], "--decrypt", "-i", str(tmp_path / "key.txt"), str(written[0])], capture_output=True, check=True)
    assert plain.stdout.startswith(b"PGDMP")
    listed = subprocess.run([tools["pg_restore"], "--list"], input=plain.stdout, capture_output=True, check=True)
    assert b"Archive created at" in listed.stdout


def _drill(*arguments: str) -> tuple[int, dict]:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "restore_drill.py"), "--json", "--admin-url", admin_url(), *arguments],
        capture_output=True, text=True, timeout=900,
    )
    return done.returncode, json.loads(done.stdout)


def _drill_databases() -> list[str]:
    import psycopg

    with psycopg.connect(admin_url(), autocommit=True) as connection:
        return [row[0] for row in connection.execute("SELECT datname FROM pg_database WHERE datname LIKE 'glimmers_drill_%'")]


@pytest.mark.slow
def test_the_restore_drill_passes():
    code, summary = _drill("--quick")
    assert code == 0 and summary["ok"], summary.get("failure")
    assert all(step["ok"] for step in summary["steps"])
    assert summary["rows_per_table"]["journal_checkin"] == summary["written"]["checkins"]
    assert summary["rows_per_table"]["auth_user"] == 2 + 2  # the two people, the admin, the closed account
    assert summary["served"]["signed_in"] and summary["served"]["wrote_after_restore"]
    assert summary["purged"].startswith("Deleted 1 ")
    assert summary["source"] not in _drill_databases() and summary["restored"] not in _drill_databases()


@pytest.mark.slow
def test_the_restore_drill_notices_a_copy_that_lost_rows():
    code, summary = _drill("--quick", "--no-serve", "--tamper")
    assert code == 1 and not summary["ok"]
    assert "journal_checkin:" in summary["failure"] and "rows before" in summary["failure"]
    assert summary["source"] not in _drill_databases() and summary["restored"] not in _drill_databases()


@pytest.mark.slow
def test_the_restore_drill_refuses_a_dump_that_is_not_glimmers(tmp_path):
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.skip("pg_dump is not installed")
    dump = tmp_path / "other.dump"
    subprocess.run([pg_dump, "--format=custom", f"--file={dump}", f"--dbname={admin_url()}"], check=True, capture_output=True)
    code, summary = _drill("--dump", str(dump))
    assert code == 1 and "holds no glimmers server database" in summary["failure"]
    assert summary["restored"] not in _drill_databases()

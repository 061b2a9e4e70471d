"""The bad-input corpus (tests/data/bad_inputs.toml): every case exits
non-zero but never 70, prints exactly one line on stderr starting
"glimmers: ", and writes nothing.

"Nothing written" is checked with a fingerprint taken before and after:
the journal's full export (the trash and the toolkit included) and every
file in the data folder and the working folder, with its size and time.

In-process cases share one journal, filled once for the module (entries of
every kind); the few real-process cases (bytes in arguments, closed or full
standard output) each get a fresh journal with one check-in.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sqlite3
import struct
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from .commandline import PASSPHRASE, fill_journal, invoke, make_files, quiet_machinery
from .strategies import seeds

CORPUS = Path(__file__).parent.parent / "data" / "bad_inputs.toml"
CASES = tomllib.loads(CORPUS.read_text(encoding="utf-8"))["case"]
EXIT_INTERNAL = 70


# --- files the cases name ------------------------------------------------------------


def _glimmers_export(**changes) -> dict:
    document = json.loads(seeds()["glimmers.json"])
    checkin = document["checkins"][0]
    checkin.update(changes)
    return document


def _encrypted() -> bytes:
    from glimmers.core.transfer import backup_file

    return backup_file.seal(seeds()["glimmers.json"], PASSPHRASE)


def _header_end() -> int:
    from glimmers.core.transfer import backup_file

    return len(backup_file.MAGIC) + backup_file.HEADER.size


def _greedy_header() -> bytes:
    """A real encrypted backup whose header asks scrypt for N = 2**30 (128 GiB with r = 8)."""
    from glimmers.core.transfer import backup_file

    data = bytearray(_encrypted())
    struct.pack_into(">B", data, len(backup_file.MAGIC) + 1, 30)
    return bytes(data)


def _sqlite_database(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()


BUILDERS = {
    "symlink": lambda path: path.symlink_to(path.parent / "glimmers.json"),
    "deep_json": b"[" * 100_000 + b"]" * 100_000,
    "deep_in_a_record": (
        b'{"format": "glimmers", "version": 3, "checkins": [{"note": ' + b"[" * 5_000 + b"]" * 5_000 + b"}]}"
    ),
    "lone_surrogate_json": lambda _path: json.dumps(_glimmers_export(note="\udcff"), ensure_ascii=True).encode(),
    "nul_in_a_note": lambda _path: json.dumps(_glimmers_export(note="a\x00b")).encode(),
    "escape_in_a_note": lambda _path: json.dumps(_glimmers_export(note="clear \x1b[2J screen")).encode(),
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    "bom_only": b"\xef\xbb\xbf",
    "utf16_json": lambda _path: seeds()["glimmers.json"].decode("utf-8").encode("utf-16"),
    "nan_json": lambda _path: json.dumps(_glimmers_export(numbness=float("nan"))).encode(),
    "duplicate_keys_json": lambda _path: seeds()["glimmers.json"].replace(b'"format": "glimmers"', b'"format": "glimmers", "format": "glimmers"', 1),
    "future_json": lambda _path: json.dumps(_glimmers_export(occurred_at="2027-06-01T10:00:00.000000Z")).encode(),
    "huge_number_json": lambda _path: json.dumps(_glimmers_export(numbness=7)).replace('"numbness": 7', '"numbness": 1e400', 1).encode(),
    "cut_json": lambda _path: seeds()["glimmers.json"][: len(seeds()["glimmers.json"]) // 2],
    "csv_unknown_header": b"hello,world\n1,2\n",
    "daylio_bad_date": b"full_date,date,weekday,time,mood,activities,note_title,note\n2026-02-30,February 30,Monday,21:40,good,,,\n",
    "jrnl_not_records": b'{"tags": {}, "entries": [1, 2, 3]}',
    "daylio": lambda _path: seeds()["daylio_export.csv"],
    "glimmers_json": lambda _path: seeds()["glimmers.json"],
    "sqlite_database": _sqlite_database,
    "plain_backup": lambda _path: gzip.compress(seeds()["glimmers.json"], mtime=0),
    "encrypted_backup": lambda _path: _encrypted(),
    "encrypted_cut_after_header": lambda _path: _encrypted()[: _header_end()],
    "encrypted_cut_inside_header": lambda _path: _encrypted()[: _header_end() - 20],
    "encrypted_flipped": lambda _path: (lambda data: data[:-40] + bytes([data[-40] ^ 1]) + data[-39:])(_encrypted()),
    "encrypted_greedy_header": lambda _path: _greedy_header(),
    "newer_backup": b"GLIMMERS-BACKUP-9\n" + bytes(100),
    "gzip_of_garbage": lambda _path: gzip.compress(bytes(range(256)) * 8, mtime=0),
    "cut_gzip": lambda _path: gzip.compress(seeds()["glimmers.json"], mtime=0)[:200],
}


def build_files(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    made = {}
    for name, builder in BUILDERS.items():
        path = folder / name
        if isinstance(builder, bytes):
            path.write_bytes(builder)
        else:
            data = builder(path)
            if isinstance(data, bytes):
                path.write_bytes(data)
        made[name] = path
    return made


# --- placeholders ----------------------------------------------------------------------


def _byte(match: re.Match) -> str:
    code = int(match.group(1), 16)
    return chr(0xDC00 + code) if code >= 0x80 else chr(code)


def expand(text: str, names: dict[str, str]) -> str:
    """The case's text with its placeholders filled in ({xNN} as the lone
    surrogate Python makes of the byte: a real process gets the byte back)."""
    text = re.sub(r"\{long:(\d+)\}", lambda m: "x" * int(m.group(1)), text)
    text = re.sub(r"\{x([0-9a-fA-F]{2})\}", _byte, text)
    return re.sub(r"\{([a-z_]+(?::[a-z_]+)?)\}", lambda m: names[m.group(1)], text)


# --- what a refusal looks like ---------------------------------------------------------


def assert_refused_in_one_line(case: dict, code: int, err: str) -> None:
    shown = f"\n{case['name']}\nexit: {code}\nstderr: {err[-1500:]!r}"
    assert code != 0, "accepted" + shown
    assert code != EXIT_INTERNAL, "an internal error" + shown
    if "exit" in case:
        assert code == case["exit"], f"exit {code}, expected {case['exit']}" + shown
    lines = err.rstrip("\n").split("\n")
    if case.get("crisis_lines_on_stderr"):
        assert "glimmers is not monitored" in err, "no crisis lines" + shown
        lines = lines[-1:]
    assert len(lines) == 1 and lines[0].startswith("glimmers: "), "not exactly one 'glimmers: ' line" + shown
    assert "Traceback" not in err and "something went wrong inside glimmers" not in err, shown


def files_in(*folders: Path) -> list[tuple[str, int, int]]:
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.exists() else ():
            stat = path.lstat()
            found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return found


# --- in-process cases --------------------------------------------------------------------


IN_PROCESS = [case for case in CASES if not case.get("process")]
IN_PROCESSES = [case for case in CASES if case.get("process")]


@pytest.fixture(scope="module")
def shared(tmp_path_factory, django_db_setup, django_db_blocker):
    """One journal with entries of every kind, for all the in-process cases (none may change it)."""
    import time_machine
    from django.core.management import call_command

    from tests.conftest import FIXED_NOW

    root = tmp_path_factory.mktemp("corpus")
    home, work = root / "home", root / "work"
    work.mkdir()
    with pytest.MonkeyPatch.context() as patch, time_machine.travel(FIXED_NOW, tick=False), django_db_blocker.unblock():
        patch.setenv("GLIMMERS_HOME", str(home))
        patch.chdir(work)
        quiet_machinery(patch)
        make_files(work)
        built = build_files(root / "files")
        refs = fill_journal(work)
        names = {"work": str(work), **refs, **{f"file:{name}": str(path) for name, path in built.items()}}
        yield home, work, names
        call_command("flush", interactive=False, verbosity=0)  # the next module starts from an empty journal


@pytest.mark.parametrize("case", [pytest.param(case, id=case["name"]) for case in IN_PROCESS])
def test_a_bad_input_is_refused_in_one_line_and_nothing_is_written(case, shared, monkeypatch, django_db_blocker):
    home, work, names = shared
    for name, value in case.get("env", {}).items():
        monkeypatch.setenv(name, expand(value, names))
    args = [expand(arg, names) for arg in case["args"]]
    with django_db_blocker.unblock():
        before = invoke(["export"], "")[1], files_in(home, work)
        code, _out, err = invoke(args, expand(case.get("stdin", ""), names))
        after = invoke(["export"], "")[1], files_in(home, work)
    assert_refused_in_one_line(case, code, err)
    assert before[0] == after[0], f"the journal changed: {case['name']}"
    assert before[1] == after[1], f"files changed: {case['name']}"


# --- real processes ------------------------------------------------------------------------


def _process_bytes(text: str) -> bytes:
    """The case's text as bytes for a real process: {xNN} is the byte itself."""
    text = re.sub(r"\{long:(\d+)\}", lambda m: "x" * int(m.group(1)), text)
    parts = re.split(r"\{x([0-9a-fA-F]{2})\}", text)
    return b"".join(bytes([int(part, 16)]) if index % 2 else part.encode("utf-8") for index, part in enumerate(parts))


def _run(journal, args: list[bytes], *, stdin: bytes = b"", stdout: str | None = None, env: dict | None = None):
    out_target = subprocess.PIPE
    opened = None
    preexec = None
    if stdout == "full":
        opened = out_target = open("/dev/full", "wb")  # noqa: SIM115 - closed below
    elif stdout == "closed":
        out_target = subprocess.DEVNULL
        preexec = lambda: os.close(1)  # noqa: E731 - glimmers starts with standard output closed
    try:
        return subprocess.run(
            [sys.executable.encode(), b"-m", b"glimmers", *args],
            env={**journal.env, **(env or {})},
            input=stdin,
            stdout=out_target,
            stderr=subprocess.PIPE,
            preexec_fn=preexec,
            timeout=60,
        )
    finally:
        if opened is not None:
            opened.close()


def _fingerprint(journal) -> tuple[bytes, list[str]]:
    export = _run(journal, [b"export"])
    assert export.returncode == 0, export.stderr
    return export.stdout, sorted(path.name for path in journal.home.iterdir() if not path.name.startswith("glimmers.sqlite3"))


@pytest.mark.slow
@pytest.mark.parametrize("case", [pytest.param(case, id=case["name"]) for case in IN_PROCESSES])
def test_a_bad_input_to_a_real_process_is_refused_in_one_line(case, journal):
    filled = _run(journal, [b"checkin", b"-n", b"4", b"--note", b"before"])
    assert filled.returncode == 0, filled.stderr
    before = _fingerprint(journal)
    env = {name: _process_bytes(value).decode("utf-8", "surrogateescape") for name, value in case.get("env", {}).items()}
    result = _run(journal, [_process_bytes(arg) for arg in case["args"]], stdin=_process_bytes(case.get("stdin", "")),
                  stdout=case.get("stdout"), env=env)
    assert_refused_in_one_line(case, result.returncode, result.stderr.decode("utf-8", "replace"))
    assert _fingerprint(journal) == before, f"something was written: {case['name']}"


def test_the_corpus_covers_every_command_group_and_is_large_enough():
    from glimmers.cli import COMMAND_MODULES

    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    assert len(CASES) >= 150
    covered = {case["args"][0] for case in CASES if case["args"]}
    skipped = {"serve", "demo", "doctor"}  # serve and demo run until stopped or build a demo; doctor only reads
    assert set(COMMAND_MODULES) - skipped <= covered, set(COMMAND_MODULES) - skipped - covered

#!/usr/bin/env python3
"""Benchmark: glimmers against jrnl on journals of growing size.

Run from the repository root:

    .venv/bin/python bench/jrnl_compare.py            # 1k / 10k / 50k entries, 7 repeats
    .venv/bin/python bench/jrnl_compare.py --quick    # 200 / 1k entries, 3 repeats (smoke test)

Then ``.venv/bin/python bench/write_performance_doc.py`` writes the figures
into docs/PERFORMANCE.md (a test fails while they differ from the results).

Both tools are driven as subprocesses, the way a person runs them, each in its
own throw-away data folder under bench/work/. jrnl is installed from PyPI into
bench/.venv; glimmers is the project's own command (.venv/bin/glimmers, or
--glimmers PATH).

For every journal size N the script

1. writes a jrnl journal of N entries directly in jrnl's plain-text format and a
   glimmers JSON export of the same N notes, which it imports with
   ``glimmers import``; both are then checked by reading them back;
2. times "search" (``jrnl -contains WORD`` against ``glimmers search WORD``),
   "export" (``jrnl --export json`` against ``glimmers export``, both to
   standard output) and "add" (``jrnl "Short entry text."`` against
   ``glimmers checkin --numbness 5 --note "Short entry text."``): one warm-up
   run, then R timed runs of each, the two tools alternating;
3. reports the median and the minimum wall time of each, and the ratio
   jrnl / glimmers of the medians, and whether each aim (``AIMS``) is met.

``--version`` of each tool is timed the same way, once, as the cost of merely
starting the program, and so is the risk-language check that a check-in's
words go through, in a fresh process: the first time after installing
(nothing prepared yet) and later (prepared forms read from the cache). The
script itself uses the standard library only. It asserts nothing about time:
it is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV = BENCH / ".venv"
WORK = BENCH / "work"
RESULTS = BENCH / "results"

ADD_TEXT = "Short entry text."
RARE_WORD = "kingfisher"  # in about 1% of entries: what the search looks for
COMMON_WORD = "today"  # in about 90% of entries, so the notes read like a real journal
RARE_EVERY = 100  # entry i carries the rare word when i % RARE_EVERY == RARE_OFFSET
RARE_OFFSET = 37

# Every note opens with one of these (all but a few mention "today")...
OPENERS = [
    "Flat again today.",
    "Woke up tired today and stayed that way.",
    "Today went by like it was happening to someone else.",
    "Felt a bit more present today than yesterday.",
    "Numb for most of today, nothing really landed.",
    "Today was ordinary and I noticed very little of it.",
    "Got through work today on autopilot.",
    "A slow grey morning today.",
    "Today I did the laundry and answered two emails.",
    "Head full of fog today.",
    "Quiet day today, mostly at home.",
    "Bit restless today, could not settle.",
]
OPENERS_WITHOUT_COMMON_WORD = [
    "Not much to report.",
    "Hard to say how I feel.",
]
# ...and continues with one or two of these.
MIDDLES = [
    "Walked to the shop and back without my phone.",
    "The meeting ran long and I stopped following halfway through.",
    "Called my sister for ten minutes, which helped a little.",
    "Made soup and actually tasted it.",
    "Could not concentrate on the book, read the same page three times.",
    "Sat in the park for a while and watched the dogs.",
    "Slept badly, woke at four and lay there.",
    "Had a coffee with Sam after lunch.",
    "Music in the car did nothing for me.",
    "The cold air on the bike ride woke me up a bit.",
    "Skipped the gym again.",
    "Cleaned the kitchen, felt briefly satisfied.",
    "A song on the radio made my throat tight for a second.",
    "Scrolled for an hour before bed and felt worse.",
    "Laughed at something on the train and surprised myself.",
    "Went to bed early.",
    "Too many screens, not enough daylight.",
    "Cooked with Alex, it was nice to be busy with my hands.",
    "The review at work was fine but I felt nothing about it.",
    "Rain all afternoon, stayed in.",
    "Took the long way home past the river.",
    "Forgot to eat lunch until three.",
    "Watered the plants and noticed the new leaves.",
    "Shoulders were up by my ears all day.",
    "Messaged an old friend, no reply yet.",
    "Played guitar for twenty minutes.",
    "Noticed I was holding my breath in the queue.",
    "The neighbours were loud again.",
    "Finished the puzzle, small sense of done.",
    "Had a hot shower and felt my body for a moment.",
]
RARE_SENTENCES = [
    "Saw a kingfisher by the canal, bright blue, and for a second I felt something.",
    "Thought about the kingfisher from last week.",
    "Looked up kingfisher calls online and played a few.",
]

# What the product owners asked for, as data: jrnl's median / glimmers' median
# must be at least ``ratio`` (``above``: more than) for that operation and size.
AIMS = [
    *({"operation": op, "entries": n, "ratio": 1.0, "above": True, "words": "faster than jrnl"}
      for op in ("add", "search") for n in (1000, 10000, 50000)),
    {"operation": "export", "entries": 50000, "ratio": 1.0, "above": True, "words": "faster than jrnl"},
    *({"operation": op, "entries": 1000, "ratio": 3.0, "above": False, "words": "at least 3× faster than jrnl"}
      for op in ("add", "search")),
    *({"operation": op, "entries": 50000, "ratio": 10.0, "above": False, "words": "at least 10× faster than jrnl"}
      for op in ("add", "search")),
]
OPERATIONS = ("add", "search", "export")

COUNT_GLIMMERS = re.compile(r"^\s*(\d[\d,]*) match(?:es)?\s*$", re.MULTILINE)
COUNT_GLIMMERS_NONE = re.compile(r"No entries mention")
COUNT_JRNL = re.compile(r"(\d[\d,]*) entr(?:y|ies) found")
COUNT_JRNL_NONE = re.compile(r"[Nn]o entries found")


# --- the two tools --------------------------------------------------------------


def ensure_jrnl() -> Path:
    """jrnl from PyPI in bench/.venv, created on the first run and reused after."""
    jrnl = VENV / "bin" / "jrnl"
    if not jrnl.exists():
        print(f"Creating {VENV} and installing jrnl from PyPI ...", flush=True)
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "jrnl"], check=True)
    return jrnl


def tool_version(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command + ["--version"], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return lines[0].strip() if lines else "unknown"


def base_env() -> dict[str, str]:
    """A small, fixed environment: nothing from the caller's shell leaks in
    (no DATABASE_URL, no JRNL or GLIMMERS settings), UTC for both tools."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
    }


def jrnl_env(folder: Path) -> dict[str, str]:
    env = base_env()
    env.update(
        HOME=str(folder / "home"),
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_DATA_HOME=str(folder / "data"),
    )
    return env


def glimmers_env(folder: Path) -> dict[str, str]:
    env = base_env()
    env.update(HOME=str(folder / "home"), GLIMMERS_HOME=str(folder / "data"), GLIMMERS_TIMEZONE="UTC")
    return env


def jrnl_config(journal_file: Path, version: str) -> str:
    """jrnl 4's config in YAML: plain text, no editor, no colours, so it never prompts."""
    return "\n".join(
        [
            "colors:",
            "  body: none",
            "  date: none",
            "  tags: none",
            "  title: none",
            "default_hour: 9",
            "default_minute: 0",
            "editor: ''",
            "encrypt: false",
            "highlight: false",
            "indent_character: '|'",
            "journals:",
            "  default:",
            f"    journal: {journal_file}",
            "linewrap: 79",
            "tagsymbols: '#@'",
            "template: false",
            "timeformat: '%Y-%m-%d %H:%M'",
            # The version jrnl writes itself; an older one makes it rewrite the file and say so.
            f"version: '{version}'",
            "",
        ]
    )


# --- the journals -----------------------------------------------------------------


def make_notes(n: int, now: datetime) -> list[tuple[datetime, str, str]]:
    """N (moment, first sentence, rest) triples, oldest first, every moment before now.

    The moments spread over the past N/3 days (about three a day), whole minutes
    because jrnl keeps no seconds. The same notes go into both journals.
    """
    rng = random.Random(20261122 + n)
    span = timedelta(days=max(1, n // 3))
    start = (now - span).replace(second=0, microsecond=0)
    step = span / n
    notes = []
    moment_prev = None
    for i in range(n):
        moment = start + step * i + timedelta(minutes=rng.randint(0, max(0, int(step.total_seconds() // 60) - 1)))
        moment = moment.replace(second=0, microsecond=0)
        if moment_prev is not None and moment <= moment_prev:
            moment = moment_prev + timedelta(minutes=1)
        moment = min(moment, now - timedelta(hours=1))
        moment_prev = moment
        first = rng.choice(OPENERS_WITHOUT_COMMON_WORD if i % 10 == 3 else OPENERS)
        rest = rng.sample(MIDDLES, rng.choice((1, 1, 2)))
        if i % RARE_EVERY == RARE_OFFSET:
            rest.insert(rng.randrange(len(rest) + 1), rng.choice(RARE_SENTENCES))
        notes.append((moment, first, " ".join(rest)))
    return notes


def expected_matches(n: int) -> int:
    return sum(1 for i in range(n) if i % RARE_EVERY == RARE_OFFSET)


def write_jrnl_journal(path: Path, notes) -> None:
    """jrnl's own format, as jrnl 4 writes it: "[YYYY-MM-DD HH:MM] Title" then the
    body on the next line, entries separated by one blank line."""
    entries = [f"[{moment:%Y-%m-%d %H:%M}] {title}\n{body}\n" for moment, title, body in notes]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(entries), encoding="utf-8")


def instant(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def write_glimmers_export(path: Path, notes) -> None:
    """A glimmers JSON export (src/glimmers/core/transfer/formats/glimmers_json.py, version 1)."""
    rng = random.Random(len(notes))
    checkins = []
    for moment, title, body in notes:
        stamp = instant(moment)
        checkins.append(
            {
                "uid": uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                "occurred_at": stamp,
                "timezone": "UTC",
                "numbness": rng.randint(2, 9),
                "mood": None,
                "energy": None,
                "stress": None,
                "forms": [],
                "warning_signs": [],
                "tags": [],
                "self_talk": "",
                "note": f"{title} {body}",
                "source": "glimmers",
                "created_at": stamp,
                "updated_at": stamp,
                "deleted_at": None,
            }
        )
    document = {"format": "glimmers", "version": 1, "checkins": checkins, "glimmers": [], "days": []}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(
            f"Command failed with exit code {done.returncode}: {' '.join(command)}\n{done.stdout}\n{done.stderr}"
        )
    return done


def glimmers_rows(folder: Path) -> int:
    """Check-ins in the glimmers database, read directly (read-only) to prove the import."""
    db = folder / "data" / "glimmers.sqlite3"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return connection.execute("SELECT COUNT(*) FROM journal_checkin").fetchone()[0]


def jrnl_entries(folder: Path) -> int:
    text = (folder / "data" / "journal.txt").read_text(encoding="utf-8")
    return len(re.findall(r"(?:^|\n)\[\d{4}-\d\d-\d\d \d\d:\d\d\] ", text))


def build(n: int, jrnl: list[str], glimmers: list[str], jrnl_version: str) -> tuple[Path, Path]:
    """Fresh journals of N entries for both tools; returns their folders."""
    folder = WORK / str(n)
    if folder.exists():
        shutil.rmtree(folder)
    jfolder, gfolder = folder / "jrnl", folder / "glimmers"
    for sub in ("home", "config/jrnl", "data"):
        (jfolder / sub).mkdir(parents=True, exist_ok=True)
    (gfolder / "home").mkdir(parents=True, exist_ok=True)

    now = datetime.now(timezone.utc)
    notes = make_notes(n, now)
    journal_file = jfolder / "data" / "journal.txt"
    write_jrnl_journal(journal_file, notes)
    (jfolder / "config" / "jrnl" / "jrnl.yaml").write_text(jrnl_config(journal_file, jrnl_version), encoding="utf-8")

    export = folder / "glimmers-export.json"
    write_glimmers_export(export, notes)
    started = time.perf_counter()
    done = run(glimmers + ["import", str(export)], glimmers_env(gfolder))
    print(f"  glimmers import of {n} check-ins took {time.perf_counter() - started:.1f} s: {done.stdout.strip()}")

    # Both journals read back: jrnl shows our newest entry, glimmers holds N check-ins.
    last = run(jrnl + ["-n", "1"], jrnl_env(jfolder))
    newest_title = notes[-1][1]
    if newest_title not in last.stdout or f"{notes[-1][0]:%Y-%m-%d %H:%M}" not in last.stdout:
        raise SystemExit(f"jrnl did not read the generated journal back:\n{last.stdout}\n{last.stderr}")
    rows = glimmers_rows(gfolder)
    if rows != n:
        raise SystemExit(f"glimmers holds {rows} check-ins after the import, not {n}")
    newest = run(glimmers + ["list", "--limit", "1", "--json"], glimmers_env(gfolder))
    if newest_title not in newest.stdout:
        raise SystemExit(f"glimmers list does not show the newest entry:\n{newest.stdout}")
    print(f"  checked: jrnl -n 1 and glimmers list show the newest entry; glimmers holds {rows} check-ins")
    return jfolder, gfolder


# --- timing -----------------------------------------------------------------------


def timed(command: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"Command failed with exit code {done.returncode}: {' '.join(command)}\n{done.stderr}")
    return elapsed, done


def summary(samples: list[float]) -> dict:
    return {
        "median_s": statistics.median(samples),
        "min_s": min(samples),
        "max_s": max(samples),
        "runs": len(samples),
        "samples_s": [round(s, 5) for s in samples],
    }


def compare(jrnl_cmd, jrnl_env_, glimmers_cmd, glimmers_env_, repeats: int, jrnl_repeats: int):
    """One warm-up run of each, then timed runs alternating between the tools."""
    outputs = {"jrnl": timed(jrnl_cmd, jrnl_env_)[1], "glimmers": timed(glimmers_cmd, glimmers_env_)[1]}
    samples = {"jrnl": [], "glimmers": []}
    for i in range(max(repeats, jrnl_repeats)):
        if i < jrnl_repeats:
            elapsed, outputs["jrnl"] = timed(jrnl_cmd, jrnl_env_)
            samples["jrnl"].append(elapsed)
        if i < repeats:
            elapsed, outputs["glimmers"] = timed(glimmers_cmd, glimmers_env_)
            samples["glimmers"].append(elapsed)
    result = {tool: summary(values) for tool, values in samples.items()}
    result["ratio_jrnl_over_glimmers"] = result["jrnl"]["median_s"] / result["glimmers"]["median_s"]
    return result, outputs


def parse_count(pattern: re.Pattern, none: re.Pattern, text: str) -> int | None:
    found = pattern.search(text)
    if found:
        return int(found.group(1).replace(",", ""))
    return 0 if none.search(text) else None


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "nproc": os.cpu_count(),
        "cpu_model": cpu,
        "memory": memory,
    }


# The risk-language check alone, in a fresh process, as a check-in runs it.
RISK_CHECK = (
    "import sys, time\n"
    "started = time.perf_counter()\n"
    "from glimmers import prepared_store\n"
    "from glimmers.core.safety.risk_language import scan\n"
    "prepared_store.install()\n"
    "scan(sys.argv[1])\n"
    "print(time.perf_counter() - started)\n"
)


def risk_check(glimmers_python: str, folder: Path, repeats: int) -> dict:
    """Seconds for the check of ADD_TEXT in a fresh process: the first (nothing
    prepared yet: the lexicon compiled and the model read from JSON, then kept)
    and, with the prepared forms kept, the median of ``repeats`` later ones."""
    shutil.rmtree(folder, ignore_errors=True)
    env = glimmers_env(folder)

    def once() -> float:
        done = run([glimmers_python, "-c", RISK_CHECK, ADD_TEXT], env)
        return float(done.stdout.strip())

    first = once()
    later = [once() for _ in range(repeats)]
    return {"first_s": first, **summary(later)}


def aims_met(results: dict) -> list[dict]:
    """Each aim with the ratio measured and whether it is met."""
    found = []
    for aim in AIMS:
        entry = results["sizes"].get(str(aim["entries"]))
        if entry is None:
            continue
        ratio = entry[aim["operation"]]["ratio_jrnl_over_glimmers"]
        met = ratio > aim["ratio"] if aim["above"] else ratio >= aim["ratio"]
        found.append({**aim, "measured": ratio, "met": met})
    return found


def git_commit() -> str | None:
    """The project's commit, with "+changes" when the work tree differs from it."""
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no", "--", "src"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return head.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


def load_average() -> list[float] | None:
    """1, 5 and 15 minute load averages: a busy machine shows up here."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def cpu_busy(seconds: float = 1.0) -> float | None:
    """Share of all CPU time spent busy over the next second, from /proc/stat."""

    def sample():
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]  # total, idle + iowait

    try:
        total0, idle0 = sample()
        time.sleep(seconds)
        total1, idle1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    return round(1 - (idle1 - idle0) / max(1, total1 - total0), 3)


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="journal sizes, comma-separated (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per command after one warm-up (default: %(default)s)")
    parser.add_argument("--jrnl-repeats", type=int, default=None, help="timed runs for jrnl only (default: --repeats)")
    parser.add_argument("--glimmers", default=str(ROOT / ".venv" / "bin" / "glimmers"), help="the glimmers command (default: %(default)s)")
    parser.add_argument("--quick", action="store_true", help="smoke test: sizes 200,1000 and 3 repeats")
    parser.add_argument("--out", type=Path, default=None, help="where to write the JSON results (default: bench/results/jrnl_compare.json, or jrnl_compare_quick.json with --quick)")
    args = parser.parse_args()

    sizes = [200, 1000] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    repeats = 3 if args.quick else args.repeats
    jrnl_repeats = repeats if args.jrnl_repeats is None or args.quick else args.jrnl_repeats
    out = args.out or RESULTS / ("jrnl_compare_quick.json" if args.quick else "jrnl_compare.json")

    glimmers_path = Path(args.glimmers).expanduser().resolve()
    if not glimmers_path.exists():
        raise SystemExit(f"No glimmers command at {glimmers_path}; create the project venv first (python3 dev.py test) or pass --glimmers.")
    jrnl_path = ensure_jrnl()
    jrnl, glimmers = [str(jrnl_path)], [str(glimmers_path)]

    WORK.mkdir(parents=True, exist_ok=True)
    probe = WORK / "probe"
    shutil.rmtree(probe, ignore_errors=True)
    versions = {
        "jrnl": tool_version(jrnl, jrnl_env(probe / "jrnl")),
        "glimmers": tool_version(glimmers, glimmers_env(probe / "glimmers")),
    }
    jrnl_version = re.sub(r"^jrnl\s+v?", "", versions["jrnl"])
    info = machine()
    print(f"jrnl used: {versions['jrnl']} ({jrnl_path})")
    print(f"glimmers used: {versions['glimmers']} ({glimmers_path})")
    print(f"machine: {info['cpu_model']}, {info['nproc']} cores, Python {info['python']}")
    print(f"sizes {sizes}, {repeats} timed runs each after one warm-up" + (f" ({jrnl_repeats} for jrnl)" if jrnl_repeats != repeats else ""))

    commands = {
        "startup": (jrnl + ["--version"], glimmers + ["--version"]),
        "search": (jrnl + ["-contains", RARE_WORD], glimmers + ["search", RARE_WORD]),
        "export": (jrnl + ["--export", "json"], glimmers + ["export"]),
        "add": (jrnl + [ADD_TEXT], glimmers + ["checkin", "--numbness", "5", "--note", ADD_TEXT]),
    }
    results: dict = {
        "benchmark": "jrnl_compare",
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "versions": versions,
        "glimmers_commit": git_commit(),
        "machine": info,
        "repeats": repeats,
        "jrnl_repeats": jrnl_repeats,
        "warmup_runs": 1,
        "search_word": RARE_WORD,
        "commands": {
            op: {"jrnl": shlex.join(["jrnl"] + j[1:]), "glimmers": shlex.join(["glimmers"] + g[1:])}
            for op, (j, g) in commands.items()
        },
        "sizes": {},
    }
    for op, pair in results["commands"].items():
        print(f"{op:>8}: {pair['jrnl']}  |  {pair['glimmers']}")
    started_all = time.perf_counter()
    results["load_average_at_start"] = load_average()
    results["cpu_busy_before"] = cpu_busy()
    if results["cpu_busy_before"] is not None and results["cpu_busy_before"] > 0.2:
        print(f"Warning: other work keeps the CPUs {results['cpu_busy_before']:.0%} busy; "
              "the timings will be noisy. Best run on an otherwise idle machine.")

    # Start-up: the cost of launching each program, independent of the journal.
    print("\nstart-up (--version) ...", flush=True)
    startup, _ = compare(commands["startup"][0], jrnl_env(probe / "jrnl"), commands["startup"][1], glimmers_env(probe / "glimmers"), repeats, repeats)
    results["startup"] = startup
    print("risk-language check in a fresh process ...", flush=True)
    results["risk_check"] = risk_check(str(glimmers_path.parent / "python"), probe / "risk", repeats)

    for n in sizes:
        print(f"\n{n} entries: building journals ...", flush=True)
        jfolder, gfolder = build(n, jrnl, glimmers, jrnl_version)
        je, ge = jrnl_env(jfolder), glimmers_env(gfolder)
        entry: dict = {"entries": n, "expected_matches": expected_matches(n)}

        print(f"  timing search for {RARE_WORD!r} ...", flush=True)
        search, outputs = compare(*_pair(commands["search"], je, ge), repeats, jrnl_repeats)
        search["matches"] = {
            "expected": expected_matches(n),
            "jrnl": parse_count(COUNT_JRNL, COUNT_JRNL_NONE, outputs["jrnl"].stderr + outputs["jrnl"].stdout),
            "glimmers": parse_count(COUNT_GLIMMERS, COUNT_GLIMMERS_NONE, outputs["glimmers"].stdout),
        }
        print(f"  matches: expected {search['matches']['expected']}, jrnl found {search['matches']['jrnl']}, glimmers found {search['matches']['glimmers']}")
        entry["search"] = search

        print("  timing export ...", flush=True)
        export, outputs = compare(*_pair(commands["export"], je, ge), repeats, jrnl_repeats)
        export["entries_exported"] = {
            "jrnl": len(json.loads(outputs["jrnl"].stdout)["entries"]),
            "glimmers": len(json.loads(outputs["glimmers"].stdout)["checkins"]),
        }
        export["bytes"] = {tool: len(outputs[tool].stdout.encode("utf-8")) for tool in ("jrnl", "glimmers")}
        print(f"  exported: jrnl {export['entries_exported']['jrnl']} entries, glimmers {export['entries_exported']['glimmers']} check-ins")
        entry["export"] = export

        print("  timing add ...", flush=True)
        add, _ = compare(*_pair(commands["add"], je, ge), repeats, jrnl_repeats)
        add["entries_after"] = {"jrnl": jrnl_entries(jfolder), "glimmers": glimmers_rows(gfolder)}
        added = {"jrnl": 1 + jrnl_repeats, "glimmers": 1 + repeats}
        print(f"  entries after adding: jrnl {add['entries_after']['jrnl']} (expected {n + added['jrnl']}), glimmers {add['entries_after']['glimmers']} (expected {n + added['glimmers']})")
        entry["add"] = add
        results["sizes"][str(n)] = entry

    results["total_runtime_s"] = round(time.perf_counter() - started_all, 1)
    results["load_average_at_end"] = load_average()
    results["aims"] = aims_met(results)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print_table(results)
    print(f"\nTotal {results['total_runtime_s']:.0f} s. Results written to {out}")


def _pair(pair, jrnl_env_, glimmers_env_):
    jrnl_cmd, glimmers_cmd = pair
    return jrnl_cmd, jrnl_env_, glimmers_cmd, glimmers_env_


def print_table(results: dict) -> None:
    print("\nWall time per command in ms: median (min); ratio = jrnl median / glimmers median")
    header = f"{'operation':<10} {'entries':>8} {'jrnl':>18} {'glimmers':>18} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    s = results["startup"]
    print(f"{'start-up':<10} {'-':>8} {_cell(s['jrnl']):>18} {_cell(s['glimmers']):>18} {s['ratio_jrnl_over_glimmers']:>6.1f}x")
    for op in OPERATIONS:
        for n, entry in results["sizes"].items():
            r = entry[op]
            print(f"{op:<10} {int(n):>8,} {_cell(r['jrnl']):>18} {_cell(r['glimmers']):>18} {r['ratio_jrnl_over_glimmers']:>6.1f}x")
    risk = results["risk_check"]
    print(f"\nrisk-language check in a fresh process: first {fmt_ms(risk['first_s'])} ms, then {_cell(risk)} ms")
    for aim in results["aims"]:
        print(f"{'met   ' if aim['met'] else 'MISSED'} {aim['operation']} at {aim['entries']:,}: {aim['words']} (measured {aim['measured']:.1f}x)")


def _cell(stats: dict) -> str:
    return f"{fmt_ms(stats['median_s'])} ({fmt_ms(stats['min_s'])})"


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Figures behind the input limits and the backup key derivation.

Run from the repository root:

    .venv/bin/python bench/input_limits_yardstick.py          # the ten-year demo (about a minute)
    .venv/bin/python bench/input_limits_yardstick.py --days 365

It writes bench/results/input_limits_yardstick.json and prints a summary.

1. The yardstick journal: ``glimmers demo --days N --no-serve`` in a
   throw-away data folder, then ``glimmers --demo export`` (JSON and CSV)
   and ``glimmers --demo backup`` (gzip). Reported: the size of each file,
   the number of records, and what the JSON limits count in it (nesting
   depth; objects, lists and numbers) — to set beside the limits in
   ``glimmers.core.input_limits``.
2. The backup key derivation: scrypt with the parameters format 2 backups
   are written with, and with format 1's, each in a fresh process: its time,
   and the memory it adds to the process at its peak. The median of three
   runs is reported.

It is a measurement, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "input_limits_yardstick.json"

# One process per run. On Linux the memory is the peak resident size after the
# derivation (VmHWM) less the resident size just before it (VmRSS); elsewhere
# the growth of ru_maxrss, which can hide memory freed before the derivation.
KDF_PROBE = """
import json, os, resource, sys, time
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

def status(name):
    try:
        with open("/proc/self/status") as handle:
            return next(int(line.split()[1]) * 1024 for line in handle if line.startswith(name + ":"))
    except OSError:
        scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale

log2_n, r, p = (int(x) for x in sys.argv[1:4])
before = status("VmRSS")
started = time.perf_counter()
Scrypt(salt=os.urandom(16), length=32, n=2**log2_n, r=r, p=p).derive(b"a long passphrase")
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "extra_peak_bytes": status("VmHWM") - before}))
"""


def glimmers(home: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GLIMMERS_", "DATABASE_URL"))}
    env.update({"GLIMMERS_HOME": str(home), "GLIMMERS_TIMEZONE": "Europe/Berlin"})
    subprocess.run([sys.executable, "-m", "glimmers", *args], env=env, check=True, capture_output=True)


def json_shape(document) -> dict:
    depth, containers, numbers = 0, 0, 0
    pending = [(document, 1)]
    while pending:
        value, level = pending.pop()
        if isinstance(value, (dict, list)):
            containers += 1
            depth = max(depth, level)
            children = value.values() if isinstance(value, dict) else value
            pending.extend((child, level + 1) for child in children)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            numbers += 1
    return {"depth": depth, "objects_and_lists": containers, "numbers": numbers}


def record_count(document: dict) -> int:
    lists = [value for value in document.values() if isinstance(value, list)]
    lists += [value for value in (document.get("toolkit") or {}).values() if isinstance(value, list)]
    return sum(len(value) for value in lists)


def yardstick(days: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="glimmers-yardstick-") as folder:
        home = Path(folder)
        glimmers(home, "demo", "--days", str(days), "--no-serve")
        paths = {"json": home / "export.json", "csv": home / "export.csv", "backup": home / "backup.json.gz"}
        glimmers(home, "--demo", "export", "--out", str(paths["json"]))
        glimmers(home, "--demo", "export", "--format", "csv", "--out", str(paths["csv"]))
        glimmers(home, "--demo", "backup", str(paths["backup"]))
        document = json.loads(paths["json"].read_bytes())
        return {
            "days": days,
            "bytes": {name: path.stat().st_size for name, path in paths.items()},
            "records": record_count(document),
            "csv_rows": len(paths["csv"].read_bytes().splitlines()) - 1,
            **json_shape(document),
        }


def kdf(log2_n: int, r: int, p: int, repeats: int = 3) -> dict:
    command = [sys.executable, "-c", KDF_PROBE, str(log2_n), str(r), str(p)]
    runs = [json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout) for _ in range(repeats)]
    return {
        "log2_n": log2_n, "r": r, "p": p,
        "memory_needed_bytes": 128 * r * 2**log2_n,
        "median_seconds": round(statistics.median(run["seconds"] for run in runs), 3),
        "median_extra_peak_bytes": int(statistics.median(run["extra_peak_bytes"] for run in runs)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=3650)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from glimmers.core.transfer import backup_file

    result = {
        "machine": {"python": platform.python_version(), "system": platform.platform(), "cpus": os.cpu_count()},
        "yardstick": yardstick(args.days),
    }
    result["kdf"] = {
        "format_2": kdf(backup_file.SCRYPT_LOG2_N, backup_file.SCRYPT_R, backup_file.SCRYPT_P),
        "format_1": kdf(15, backup_file.V1_SCRYPT_R, backup_file.V1_SCRYPT_P),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    stick = result["yardstick"]
    print(f"{stick['days']} days: JSON {stick['bytes']['json']:,} B, CSV {stick['bytes']['csv']:,} B, "
          f"backup {stick['bytes']['backup']:,} B; {stick['records']:,} records; depth {stick['depth']}; "
          f"{stick['objects_and_lists'] + stick['numbers']:,} objects, lists and numbers")
    for name in ("format_2", "format_1"):
        figures = result["kdf"][name]
        print(f"{name}: scrypt N=2^{figures['log2_n']} r={figures['r']} p={figures['p']}: "
              f"{figures['median_seconds']} s, {figures['median_extra_peak_bytes'] / 2**20:.0f} MiB extra peak")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Write the measured figures of bench/jrnl_compare.py into docs/PERFORMANCE.md.

    .venv/bin/python bench/write_performance_doc.py            # rewrite the figures
    .venv/bin/python bench/write_performance_doc.py --check    # exit 1 when the page differs

It reads bench/results/jrnl_compare.json and replaces only the text between
``<!-- jrnl_compare:start -->`` and ``<!-- jrnl_compare:end -->`` (the
summary, the machine, the results, the aims met and missed, and the cost of
the risk-language check); everything else on the page is left as it is.
tests/test_bench_figures.py fails while the page shows other figures than
the results file. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "jrnl_compare.json"
PAGE = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- jrnl_compare:start -->", "<!-- jrnl_compare:end -->"
OPERATIONS = ("add", "search", "export")
NAMES = {"add": "add", "search": "search", "export": "export"}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def cell(stats: dict) -> str:
    return f"{ms(stats['median_s'])} ({ms(stats['min_s'])})"


def times(ratio: float) -> str:
    return f"{ratio:.1f}×"


def entries(count: int | str) -> str:
    return f"{int(count):,}"


def _aim_text(aim: dict) -> str:
    return f"{aim['operation']} at {entries(aim['entries'])} entries: {aim['words']}"


def summary(results: dict) -> str:
    sizes = results["sizes"]
    largest, smallest = max(sizes, key=int), min(sizes, key=int)
    ratio = lambda size, op: times(sizes[size][op]["ratio_jrnl_over_glimmers"])  # noqa: E731
    aims = results["aims"]
    met = [aim for aim in aims if aim["met"]]
    missed = [aim for aim in aims if not aim["met"]]
    lines = [
        f"**Summary** (one run of the script, {_when(results)}): at {entries(largest)} entries glimmers adds "
        f"**{ratio(largest, 'add')}**, searches **{ratio(largest, 'search')}** and exports "
        f"**{ratio(largest, 'export')}** as fast as jrnl; at {entries(smallest)} entries it adds "
        f"{ratio(smallest, 'add')}, searches {ratio(smallest, 'search')} and exports {ratio(smallest, 'export')} as fast "
        f"(a number above 1× means glimmers is faster). **{len(met)} of {len(aims)} aims are met**"
        + (f"; missed: {'; '.join(_aim_text(aim) for aim in missed)}." if missed else "."),
    ]
    return "\n".join(lines)


def _when(results: dict) -> str:
    return datetime.fromisoformat(results["date"]).strftime("%Y-%m-%d %H:%M UTC")


def machine(results: dict) -> str:
    info = results["machine"]
    load = results.get("load_average_at_start")
    busy = results.get("cpu_busy_before")
    rows = [
        ("CPU", f"{info['cpu_model']}, {info['nproc']} cores"),
        ("memory", info.get("memory") or "unknown"),
        ("system", info["platform"]),
        ("Python", f"{info['python_implementation']} {info['python']}, the same for both tools"),
        ("jrnl", results["versions"]["jrnl"].splitlines()[0]),
        ("glimmers", f"{results['versions']['glimmers']} at commit `{results.get('glimmers_commit') or 'unknown'}`, SQLite journal"),
        (
            "run",
            f"{_when(results)}, {results['total_runtime_s']:.0f} s in all, {results['repeats']} timed runs of each command "
            f"after one warm-up"
            + (f"; load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1, 5, 15 minutes) at the start" if load else "")
            + (f", CPUs {busy:.0%} busy in the second before" if busy is not None else ""),
        ),
    ]
    return "\n".join(["| | |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows)])


def table(results: dict) -> str:
    lines = [
        "| operation | entries | jrnl | glimmers | jrnl / glimmers |",
        "|---|---:|---:|---:|---:|",
    ]
    start = results["startup"]
    lines.append(f"| start-up (`--version`) | – | {cell(start['jrnl'])} | {cell(start['glimmers'])} | {times(start['ratio_jrnl_over_glimmers'])} |")
    for operation in OPERATIONS:
        for size, entry in sorted(results["sizes"].items(), key=lambda item: int(item[0])):
            found = entry[operation]
            lines.append(
                f"| {NAMES[operation]} | {entries(size)} | {cell(found['jrnl'])} | {cell(found['glimmers'])} | "
                f"{times(found['ratio_jrnl_over_glimmers'])} |"
            )
    return "\n".join(lines)


def aims(results: dict) -> str:
    lines = ["| aim | measured | |", "|---|---:|---|"]
    for aim in results["aims"]:
        lines.append(f"| {_aim_text(aim)} | {times(aim['measured'])} | {'met' if aim['met'] else '**missed**'} |")
    return "\n".join(lines)


def risk(results: dict) -> str:
    found = results["risk_check"]
    return (
        "The risk-language check of the added note, alone, in a fresh process (imports, reading the lexicon and "
        f"the model, and the reading itself): {ms(found['first_s'])} ms the first time after installing, when "
        f"nothing is prepared yet, then {ms(found['median_s'])} ms (median of {found['runs']}; minimum "
        f"{ms(found['min_s'])} ms) with the prepared forms read from the cache."
    )


def render(results: dict) -> str:
    return "\n\n".join(
        [
            summary(results),
            "### The machine\n\n" + machine(results),
            "### Results\n\nWall time per command in milliseconds, median of the timed runs (minimum in brackets), "
            "all from the same run of the script:\n\n" + table(results),
            "### Aims\n\n" + aims(results),
            "### The risk-language check\n\n" + risk(results),
        ]
    )


def block(results: dict) -> str:
    return f"{START}\n{render(results)}\n{END}"


def rewritten(page: str, results: dict) -> str:
    before, rest = page.split(START, 1)
    _old, after = rest.split(END, 1)
    return before + block(results) + after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether the page shows the results")
    args = parser.parse_args()
    results = json.loads(RESULTS.read_text(encoding="utf-8"))
    page = PAGE.read_text(encoding="utf-8")
    new = rewritten(page, results)
    if args.check:
        sys.exit(0 if new == page else 1)
    PAGE.write_text(new, encoding="utf-8")
    print(f"Wrote the figures of {RESULTS.relative_to(ROOT)} into {PAGE.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()

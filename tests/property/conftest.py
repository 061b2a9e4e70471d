"""Property-based tests: generated input may be refused, never crash.

The profile and the counting live in :mod:`runs`; the terminal summary here
says how many generated cases ran, per test file and in total (per test with -v).
"""

from __future__ import annotations

from collections import Counter

from .runs import CASES, SECONDS


def pytest_terminal_summary(terminalreporter):
    if not CASES:
        return
    terminalreporter.section("generated cases (Hypothesis)")
    cases, seconds = CASES, SECONDS
    if terminalreporter.config.getoption("verbose") <= 0:
        cases, seconds = Counter(), Counter()
        for name in CASES:
            cases[name.split("::", 1)[0]] += CASES[name]
            seconds[name.split("::", 1)[0]] += SECONDS[name]
    width = max(len(name) for name in [*cases, "total"])
    for name in sorted(cases):
        terminalreporter.write_line(f"{name:<{width}}  {cases[name]:>6} cases  {seconds[name]:7.1f} s")
    total = sum(CASES.values())
    terminalreporter.write_line(f"{'total':<{width}}  {total:>6} cases  {sum(SECONDS.values()):7.1f} s in test bodies")

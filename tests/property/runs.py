"""The Hypothesis profile for the property tests, and the count of cases they ran.

The profile is reproducible (``derandomize``: the same cases on
every run, so CI never flakes) and has no deadline (a shared machine is slow
at times). ``GLIMMERS_HYPOTHESIS=thorough`` runs ten times the cases with a
random seed, for hunting rather than for CI.

Every test body is wrapped in :func:`counted`, and the terminal summary says
how many generated cases ran, per test and in total.
"""

from __future__ import annotations

import functools
import os
import time
from collections import Counter

from hypothesis import HealthCheck, settings

_COMMON = dict(
    deadline=None,
    database=None,  # nothing written into the working tree
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the fixtures here are meant to be shared by all the cases of a test
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
settings.register_profile("glimmers", derandomize=True, **_COMMON)
settings.register_profile("glimmers-thorough", derandomize=False, **_COMMON)
THOROUGH = os.environ.get("GLIMMERS_HYPOTHESIS", "") == "thorough"
settings.load_profile("glimmers-thorough" if THOROUGH else "glimmers")


def cases(count: int) -> settings:
    """Settings for a test that should run ``count`` cases (ten times as many when thorough)."""
    return settings(max_examples=count * 10 if THOROUGH else count)


CASES: Counter[str] = Counter()
SECONDS: Counter[str] = Counter()


def _current_test() -> str:
    return os.environ.get("PYTEST_CURRENT_TEST", "?").rsplit(" ", 1)[0]


def counted(test):
    """Count each generated case that reaches the test body (under the test's node id)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        name = _current_test()
        CASES[name] += 1
        started = time.perf_counter()
        try:
            return test(*args, **kwargs)
        finally:
            SECONDS[name] += time.perf_counter() - started

    return run

"""The server's load benchmark, bench/server_load.py: its short run works from an empty PostgreSQL to
the results, and docs/PERFORMANCE.md shows the figures of the committed full run, as the script wrote them.

The short run needs Locust in the venv (``.venv/bin/pip install locust``); without it the test fails
and says so, since a benchmark nobody can run is a broken one. The doc test needs no server.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "server_load.py"


def benchmark():
    """bench/server_load.py as a module (its dataclasses need it registered while it loads)."""
    if "server_load" in sys.modules:
        return sys.modules["server_load"]
    spec = importlib.util.spec_from_file_location("server_load", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["server_load"] = module
    spec.loader.exec_module(module)
    return module


def test_the_doc_section_is_the_one_the_script_writes_from_the_committed_results():
    bench = benchmark()
    results = json.loads(bench.RESULTS.read_text(encoding="utf-8"))
    page = bench.DOC.read_text(encoding="utf-8")
    assert page.count(bench.START) == 1 and page.count(bench.END) == 1
    assert bench.doc_with_section(page, results) == page, "run: .venv/bin/python bench/server_load.py --doc"
    assert results["mode"] == "full", "the committed results are a full run's"
    assert results["aims"] == bench.judged(results), "the aims are judged as the script judges them"
    assert [aim["key"] for aim in results["aims"]] == [aim["key"] for aim in bench.AIMS]


def test_no_figure_around_the_section_is_typed_by_hand():
    """Between the heading and the start marker there are words only; every figure is between the markers."""
    bench = benchmark()
    page = bench.DOC.read_text(encoding="utf-8")
    around = page.split(bench.HEADING, 1)[1].split(bench.START, 1)[0]
    assert not re.findall(r"\d[\d,.]*\s*(?:ms\b|s\b|%|MiB|GiB|people|a second)", around)
    assert page.rstrip("\n").endswith(bench.END), "the section is the last part of the page"


def test_the_section_is_appended_once_then_replaced_in_place():
    bench = benchmark()
    results = json.loads(bench.RESULTS.read_text(encoding="utf-8"))
    first = bench.doc_with_section("# Some page\n\nWords.\n", results)
    assert first.startswith("# Some page\n\nWords.\n\n" + bench.HEADING)
    assert first.endswith(bench.block(results) + "\n")
    assert bench.doc_with_section(first, results) == first
    changed = json.loads(json.dumps(results))
    changed["phases"][1]["requests_per_s"] += 1000
    assert bench.doc_with_section(first, changed).count(bench.START) == 1
    assert bench.doc_with_section(first, changed) != first


def _load_databases(admin_url: str) -> set[str]:
    bench = benchmark()
    with bench._admin_connection(admin_url) as admin:
        return {row[0] for row in admin.execute("SELECT datname FROM pg_database WHERE datname LIKE 'glimmers_load_%'")}


@pytest.mark.slow
def test_the_short_run_stores_every_check_in_it_sends_without_an_error(tmp_path):
    if importlib.util.find_spec("locust") is None:
        pytest.fail(f"Locust is not installed in {sys.executable}: run '.venv/bin/pip install locust' (the load benchmark needs it)")
    admin_url = os.environ["GLIMMERS_TEST_DATABASE_URL"]
    bench = benchmark()
    doc_before = bench.DOC.read_text(encoding="utf-8")
    databases_before = _load_databases(admin_url)
    out = tmp_path / "server_load_short.json"

    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--short", "--out", str(out), "--admin-url", admin_url],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["mode"] == "short"
    checkins = results["checkins"]
    assert checkins["sent"] > 0
    assert checkins["sent"] == checkins["answered"] == checkins["stored"] == checkins["rows_added"], checkins
    assert checkins["cut_off"] == checkins["lost"] == 0 and bench.measured(results, "lost") == 0
    assert bench.total_errors(results) == 0, [phase.get("failure_reasons") for phase in results["phases"]]
    for phase in results["phases"]:
        assert phase["checkins_sent"] == phase["checkins_stored"] == phase["checkins_rows_added"], phase["name"]
    measured = [phase for phase in results["phases"] if phase["kind"] not in ("warm-up", "clinicians")]
    assert measured and all(phase["pages"]["check-in"]["requests"] > 0 for phase in measured)
    assert "Today" in measured[0]["pages"]
    _assert_the_clinicians_read_what_is_shared(bench, results)
    assert max(phase.get("peak_rss_mib", 0) for phase in results["phases"]) > 0
    assert _load_databases(admin_url) == databases_before, "the run drops the database it made"
    assert bench.DOC.read_text(encoding="utf-8") == doc_before, "a short run leaves the doc alone"


def _assert_the_clinicians_read_what_is_shared(bench, results: dict) -> None:
    """Every clinician signed in with the authenticator's code and opened the person page, report and all,
    with no failure; the clinicians sent no check-in, and the doc's part for them is written from the run."""
    seeding = results["seeding"]
    clinicians = results["plan"]["clinicians"]
    assert clinicians > 0 and seeding["clinicians"] == seeding["clinician_grants"] == clinicians, seeding
    assert seeding["screening_results"] > 0, seeding
    phase = bench._clinicians(results)
    assert phase, [phase["name"] for phase in results["phases"]]
    assert phase["failures"] == 0 and phase["failure_reasons"] == {}, phase["failure_reasons"]
    assert phase["signed_in"] == phase["users"], "every clinician got past the two-factor step"
    pages = phase["pages"]
    assert pages[bench.PERSON_PAGE]["requests"] > 0 and pages[bench.PERSON_PAGE]["failures"] == 0
    assert pages[bench.PERSON_PAGE]["server_p95_ms"] is not None, "the access log's route is read"
    assert phase["checkins_sent"] == phase["checkins_stored"] == 0
    assert "check-in" not in pages
    text = bench.section(results)
    assert bench.PERSON_PAGE in bench.clinicians_table(results) and f"With {phase['users']} clinicians" in text

"""The figures docs/DATA.md states for the check on every open are the measured ones.

They come from bench/quick_check_cost.py, which writes
bench/results/quick_check_cost.json; rerun it and update the paragraph
together.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def paragraph(starting: str) -> str:
    text = (ROOT / "docs" / "DATA.md").read_text(encoding="utf-8")
    found = next(part for part in text.split("\n\n") if part.startswith(starting))
    return " ".join(found.split())  # lines wrap anywhere


def test_the_quick_check_figures_in_the_data_document_are_the_measured_ones():
    said = paragraph("**Every open is checked.**")
    figures = json.loads((ROOT / "bench" / "results" / "quick_check_cost.json").read_text(encoding="utf-8"))
    year, ten, large = (figures["journals"][name] for name in ("demo_365", "demo_3650", "checkins_50000"))

    def ms(value: float) -> str:  # rounded to the whole millisecond
        return f"{value:.0f} ms"

    def ms10(value: float) -> str:  # rounded to 10 ms
        return f"{round(value, -1):.0f} ms"

    def mb(journal: dict) -> str:
        return f"{journal['bytes'] / 1e6:.1f} MB"

    assert "`bench/quick_check_cost.py`" in said and "`bench/results/quick_check_cost.json`" in said
    machine = figures["machine"]
    assert f"on {machine['cpus']} CPUs with Python {machine['python']} and SQLite {machine['sqlite']}" in said
    assert large["checkins"] == 50_000
    assert (
        f"the check took about {ms(year['warm_ms'])} for a year of demo entries ({mb(year)}, {year['checkins']:,} check-ins), "
        f"{ms(ten['warm_ms'])} for ten years ({mb(ten)}, {ten['checkins']:,} check-ins) and "
        f"{ms(large['warm_ms'])} for {large['checkins']:,} check-ins ({mb(large)})"
    ) in said
    assert f"dropped from the page cache, {ms(year['cold_ms'])}, {ms(ten['cold_ms'])} and {ms(large['cold_ms'])}." in said
    assert "`glimmers list --limit 1`" in said and all(
        journal["command"].endswith("list --limit 1") for journal in (year, ten, large)
    )
    assert (
        f"took about {ms10(year['command_ms'])}, {ms10(ten['command_ms'])} and {ms10(large['command_ms'])} "
        "on the same journals (rounded to 10 ms)"
    ) in said

    # no other figure in the paragraph: none typed by hand
    stated = re.findall(r"\d[\d,.]* (?:ms|MB)", said.replace("(rounded to 10 ms)", ""))
    measured = [ms(j["warm_ms"]) for j in (year, ten, large)] + [mb(j) for j in (year, ten, large)]
    measured += [ms(j["cold_ms"]) for j in (year, ten, large)] + [ms10(j["command_ms"]) for j in (year, ten, large)]
    assert sorted(stated) == sorted(measured)



def bench_module(name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_jrnl_comparison_in_the_performance_document_is_the_measured_one():
    """docs/PERFORMANCE.md's figures against jrnl come from bench/results/jrnl_compare.json,
    written by bench/write_performance_doc.py; none are typed by hand around them."""
    writer = bench_module("write_performance_doc")
    results = json.loads(writer.RESULTS.read_text(encoding="utf-8"))
    page = writer.PAGE.read_text(encoding="utf-8")
    assert writer.block(results) in page, "run bench/write_performance_doc.py"
    ours = page.split("# Performance: insights over ten years")[0]  # the second part is another benchmark's
    around = ours.replace(writer.block(results), "")
    assert not re.findall(r"\d[\d,.]*\s*(?:ms\b|s\b|×|%)", around), "a figure typed by hand beside the measured ones"
    # every aim the script keeps is judged, with the ratio measured
    judged = {(aim["operation"], aim["entries"], aim["ratio"]) for aim in results["aims"]}
    assert judged == {(aim["operation"], aim["entries"], aim["ratio"]) for aim in bench_module("jrnl_compare").AIMS}


def test_the_pages_part_of_the_performance_document_is_the_measured_one():
    """docs/PERFORMANCE.md's last part is written by bench/web_pages.py from its results, aims judged."""
    bench = bench_module("web_pages")
    results = json.loads(bench.RESULTS.read_text(encoding="utf-8"))
    page = bench.DOC.read_text(encoding="utf-8")
    assert bench.doc_with_section(page, results) == page, "run: .venv/bin/python bench/web_pages.py --doc"
    assert results["aims"] == bench.judged(results)  # judged as the script judges, every aim it keeps
    assert [(aim["journal"], aim["page"]) for aim in results["aims"]] == [(aim["journal"], aim["page"]) for aim in bench.AIMS]

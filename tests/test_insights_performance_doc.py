"""The insights part of docs/PERFORMANCE.md is the one bench/insights_first_run.py writes.

Every figure there is measured: the benchmark writes
bench/results/insights_first_run.json and writes the part from it. After
changing its words, ``.venv/bin/python bench/insights_first_run.py --doc``
writes the part again from the same figures; commit the JSON and the doc
together.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def benchmark():
    spec = importlib.util.spec_from_file_location("insights_first_run", ROOT / "bench" / "insights_first_run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_insights_part_of_the_performance_doc_is_written_from_the_measured_figures():
    bench = benchmark()
    results = json.loads(bench.RESULTS.read_text(encoding="utf-8"))
    text = bench.DOC.read_text(encoding="utf-8")
    assert bench.doc_with_section(text, results) == text, "run: .venv/bin/python bench/insights_first_run.py --doc"


def test_no_figure_in_the_part_is_typed_by_hand():
    """Every number with a decimal point in the part is a measured one, or a sum or ratio of measured ones."""
    bench = benchmark()
    results = json.loads(bench.RESULTS.read_text(encoding="utf-8"))
    year, ten, stages, page = (results["journals"]["demo_365"], results["journals"]["demo_3650"],
                               results["stages"], results["dashboard"])
    measured = {f"{journal[key]:.2f}" for journal in (year, ten) for key in ("first_s", "later_s")}
    measured |= {f"{seconds:.2f}" for seconds in stages.values()}
    measured |= {f"{page[key]:.1f}" for key in ("later_median_ms", "later_p95_ms")}
    measured |= {f"{sum(stages.values()):.2f}", f"{stages['open'] + stages['libraries']:.2f}",
                 f"{ten['first_s'] / year['first_s']:.1f}", f"{abs(ten['first_s'] - bench.GOAL_SECONDS):.2f}",
                 results["machine"]["python"]}
    stated = re.findall(r"\d+(?:\.\d+)+", bench.section(results))
    assert stated and set(stated) <= measured, sorted(set(stated) - measured)

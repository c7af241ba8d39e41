"""00_data_tour rerun in a fresh kernel on the fictional 示例区 report: it runs through on that report's figures
(which state no 低保 total or head count, and whose city and province have no outside figures), says in one line
what it lacks, and its findings cover what it analysed.

Expected values are computed here from the data and helpers, not pasted from the notebook. A parameter naming
something the data cannot have is tested on the helper that stops (tests/test_findings_tour.py), not by a run.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from helpers import has_metric, load_metrics, load_report_info, outside_row
from helpers.findings.tour import ALLOWANCE_METRICS, missing_allowance_line
from helpers.paths import NOTEBOOKS_DIR

from .conftest import run_fresh, stream_text, tagged_output

NOTEBOOK = NOTEBOOKS_DIR / "00_data_tour.ipynb"
INDICATOR = "地区生产总值"  # the notebook's default OUTSIDE_INDICATOR


def _markdown(notebook: nbformat.NotebookNode) -> str:
    """Every Markdown output of the executed notebook, joined."""
    return "\n".join(
        str(output["data"]["text/markdown"])
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if "text/markdown" in output.get("data", {})
    )


def test_data_tour_runs_on_the_fictional_report(fictional_data: Path):
    info = load_report_info("shiliqu_2024", fictional_data)
    notebook = run_fresh(NOTEBOOK, {"REPORT": info.id, "DATA_DIR": str(fictional_data)})
    findings = tagged_output(notebook, "findings")
    metrics = load_metrics(info.id, fictional_data)
    assert info.district in findings and info.district != load_report_info().district
    assert f"{info.label} makes {len(metrics)} numeric claims in {metrics['section'].nunique()} sections" in findings
    assert "Looked up" not in findings  # the lookups are demonstrations, shown in their sections, not findings
    if all(outside_row(e, INDICATOR, info.year, "", fictional_data) is None for e in (info.city, info.province)):
        assert f"has no {INDICATOR} {info.year} for {info.city} or {info.province}." in _markdown(notebook)
    # no 低保 figures: the check says so once, in its section, and the findings make no claim about it
    assert not all(has_metric(metric_id, info.id, fictional_data) for metric_id in ALLOWANCE_METRICS)
    assert missing_allowance_line(info.label) not in findings and "低保" not in findings
    assert _markdown(notebook).count(missing_allowance_line(info.label)) == 1
    assert "SECTION_OF_INTEREST" not in _markdown(notebook) and "Traceback" not in _markdown(notebook)
    assert stream_text(notebook, "stderr") == ""

"""00_data_tour rerun in a fresh kernel: on the fictional report it runs through on that report's figures, and a
metric the report lacks stops it with one clear error.

Expected values are computed here from the data and helpers, not pasted from the notebook.
"""

from __future__ import annotations

from pathlib import Path

from helpers import fmt, get_metric, load_metrics, load_report_info, outside_row
from helpers.paths import NOTEBOOKS_DIR
from helpers.publish.notebook_run import stream_text, tagged_output

from .conftest import clear_stop, run_fresh

NOTEBOOK = NOTEBOOKS_DIR / "00_data_tour.ipynb"
INDICATOR = "地区生产总值"  # the notebook's default OUTSIDE_INDICATOR


def _lookup_sentence(entities: list[str], year: int, data_dir: Path) -> str:
    """The findings' outside-lookup sentence, computed from outside_row."""
    parts = []
    for entity in entities:
        row = outside_row(entity, INDICATOR, year, "", data_dir)
        parts.append(f"{entity} {fmt(None) if row is None else fmt(float(row['value']), 2) + ' ' + row['unit']}")
    return f"Outside lookup of {INDICATOR} ({year}): " + "; ".join(parts) + "."


def test_data_tour_runs_on_the_fictional_report(fictional_data: Path):
    info = load_report_info("shiliqu_2024", fictional_data)
    notebook = run_fresh(NOTEBOOK, {"REPORT": info.id, "DATA_DIR": str(fictional_data)})
    findings = tagged_output(notebook, "findings")
    metrics = load_metrics(info.id, fictional_data)
    gdp = get_metric("gdp", info.id, fictional_data)
    assert info.district in findings and info.district != load_report_info().district
    assert f"{info.label} records {len(metrics)} figures across {metrics['section'].nunique()} sections" in findings
    assert f"{gdp.label()} ({gdp.year}), from the quote “{gdp.quote}”" in findings
    assert _lookup_sentence([info.city, info.province], info.year, fictional_data) in findings
    assert "SECTION_OF_INTEREST" not in stream_text(notebook) and info.label in stream_text(notebook)
    assert stream_text(notebook, "stderr") == ""


def test_a_metric_the_report_lacks_stops_with_the_clear_error():
    message = clear_stop(NOTEBOOK, {"METRIC_ID": "no_such_metric"})
    assert "'zhongyuan_2024' has no metric 'no_such_metric'" in message

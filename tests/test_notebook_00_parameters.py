"""00_data_tour rerun in a fresh kernel: on the fictional report it runs through on that report's figures (which
state no 低保 total or head count, so the plausibility check says so in one line), and a metric the report lacks
stops it with one clear error.

Expected values are computed here from the data and helpers, not pasted from the notebook.
"""

from __future__ import annotations

from pathlib import Path

from helpers import fmt, get_metric, has_metric, load_metrics, load_report_info, outside_row
from helpers.findings.tour import ALLOWANCE_METRICS, missing_allowance_line
from helpers.paths import NOTEBOOKS_DIR
from helpers.publish.notebook_run import stream_text, tagged_output

from .conftest import clear_stop, run_fresh

NOTEBOOK = NOTEBOOKS_DIR / "00_data_tour.ipynb"
INDICATOR = "地区生产总值"  # the notebook's default OUTSIDE_INDICATOR


def _outside(entity: str, year: int, data_dir: Path) -> str:
    """One entity's part of the findings' outside lookup, computed from outside_row."""
    row = outside_row(entity, INDICATOR, year, "", data_dir)
    return f"{entity} {fmt(None) if row is None else fmt(float(row['value']), 2) + ' ' + row['unit']}"


def test_data_tour_runs_on_the_fictional_report(fictional_data: Path):
    info = load_report_info("shiliqu_2024", fictional_data)
    notebook = run_fresh(NOTEBOOK, {"REPORT": info.id, "DATA_DIR": str(fictional_data)})
    findings = tagged_output(notebook, "findings")
    metrics = load_metrics(info.id, fictional_data)
    gdp = get_metric("gdp", info.id, fictional_data)
    assert info.district in findings and info.district != load_report_info().district
    assert f"{info.label} makes {len(metrics)} numeric claims in {metrics['section'].nunique()} sections" in findings
    assert f"{gdp.label()} ({gdp.year}), from “{gdp.quote}”" in findings
    assert (
        f"{INDICATOR} {info.year}: "
        + "; ".join(_outside(entity, info.year, fictional_data) for entity in (info.city, info.province))
        in findings
    )
    assert not all(has_metric(metric_id, info.id, fictional_data) for metric_id in ALLOWANCE_METRICS)
    assert findings.count(missing_allowance_line(info.label)) == 1
    assert "SECTION_OF_INTEREST" not in stream_text(notebook) and info.label in stream_text(notebook)
    assert stream_text(notebook, "stderr") == ""


def test_a_metric_the_report_lacks_stops_with_the_clear_error():
    message = clear_stop(NOTEBOOK, {"METRIC_ID": "no_such_metric"})
    assert "'zhongyuan_2024' has no metric 'no_such_metric'" in message
